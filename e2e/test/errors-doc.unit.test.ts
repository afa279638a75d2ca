import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { errorsDoc } from '../src/errors-doc.js'

it('docs/errors.md lists every registered error code (run `pnpm errors-doc` after adding one)', () => {
  const doc = errorsDoc()
  for (const code of ['INTAKE_APPLICATION_INCOMPLETE', 'APPROVAL_TASK_STATE_CONFLICT', 'GATEWAY_FORBIDDEN']) {
    expect(doc).toContain(`\`${code}\``)
  }
  expect(readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')).toBe(doc)
})
