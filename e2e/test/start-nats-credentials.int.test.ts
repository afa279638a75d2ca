import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * How `pnpm start` hands each service its NATS user (scripts/lib/services.sh `run_service_as`, as start.sh calls it),
 * with stub services that report what they were given: docs/operations.md#nats-credentials.
 */
describe('start.sh: NATS credentials', () => {
  it('gives a service its user and password through its environment when NATS_<SERVICE>_PASSWORD is set, and none otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onewindow-start-nats-'))
    try {
      // Each stub writes what its environment gave it.
      writeFileSync(
        join(dir, 'stub.cjs'),
        `const fs = require('node:fs')
const [dir, name] = process.argv.slice(2)
fs.writeFileSync(dir + '/' + name + '.json', JSON.stringify({
  user: process.env.NATS_USER ?? null, password: process.env.NATS_PASSWORD ?? null }))
process.on('SIGTERM', () => process.exit(0))
setInterval(() => {}, 1000)
`,
      )
      writeFileSync(
        join(dir, 'driver.sh'),
        `set -euo pipefail
source "${root}/scripts/lib/services.sh"
supervise_signals
for name in intake approval; do
  run_service_as "$name" "${dir}/$name.log" env DATABASE_URL=postgres://x/y sh -c "node ${dir}/stub.cjs ${dir} $name"
done
wait
`,
      )
      const password = 'p0123456789abcdef'
      const driver = spawn('bash', [join(dir, 'driver.sh')], {
        stdio: 'ignore',
        // approval has no password of its own: it connects without credentials, as on the open development server.
        env: {
          ...process.env,
          NATS_INTAKE_PASSWORD: password,
          NATS_APPROVAL_PASSWORD: '',
          NATS_USER: '',
          NATS_PASSWORD: '',
        },
      })
      const exited = new Promise((resolve) => driver.once('exit', resolve))
      const got = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'))
      await expect
        .poll(() => ['intake', 'approval'].every((n) => existsSync(join(dir, `${n}.json`))), { timeout: 30_000 })
        .toBe(true)
      expect(got('intake')).toEqual({ user: 'intake', password })
      expect(got('approval')).toEqual({ user: '', password: '' })
      driver.kill('SIGTERM')
      await exited
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
