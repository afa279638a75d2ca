import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createVerifier } from '../src/index.js'

const cli = fileURLToPath(new URL('../../../tools/onewindow/src/main.ts', import.meta.url))
const SECRET = 'cli-gateway-secret-0123456789'

/** `pnpm onewindow token …` as a separate process, as an operator runs it. */
const token = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'token', ...args], {
    env: { ...process.env, JWT_SECRET: SECRET },
    encoding: 'utf8',
  })
  expect(r.status, r.stderr).toBe(0)
  return r.stdout.trim()
}

describe('onewindow token → the gateway verifier', () => {
  it('signs tokens the gateway accepts as the actor it names', async () => {
    const verify = createVerifier({ secret: SECRET })
    expect(await verify(token('--role', 'reviewer', '--department', 'housing-construction'))).toEqual({
      sub: 'reviewer-housing-construction',
      role: 'reviewer',
      department: 'housing-construction',
    })
    expect(
      await verify(token('--role', 'reviewer', '--department', 'housing-construction', '--region', '440600')),
    ).toEqual({
      sub: 'reviewer-housing-construction',
      role: 'reviewer',
      department: 'housing-construction',
      region: '440600',
    })
    expect(await verify(token('--role', 'owner', '--credit-code', '91441500MA51XY201H', '--sub', 'u-1'))).toEqual({
      sub: 'u-1',
      role: 'owner',
      creditCode: '91441500MA51XY201H',
    })
  })

  it('is refused by a gateway with another secret', async () => {
    await expect(createVerifier({ secret: 'another-secret-0123456789' })(token('--role', 'admin'))).rejects.toThrow(
      /signature/,
    )
  })
})
