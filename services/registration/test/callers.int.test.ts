import { parseConfig } from '@onewindow/service-kit'
import { callerMatrix } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RegistrationConfig } from '../src/config.js'
import { registrationWorld } from './helpers.js'

// Issue 12: registration answers only the gateway's signed assertion addressed to it. The matrix is registration's own route table
// (`app.routeTable`), so a route added later is in it without a line here; only the probes are open, by name.
const OPEN = ['/healthz', '/readyz']

let w: Awaited<ReturnType<typeof registrationWorld>>
beforeAll(async () => {
  w = await registrationWorld('2026-03-02T01:00:00Z')
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('registration trusts only the gateway’s assertion', () => {
  it('refuses a missing, forged, tampered, expired, not yet valid or misaddressed one on every route with 401 REGISTRATION_ACTOR_REQUIRED', async () => {
    const { called, wrong } = await callerMatrix(w.app, {
      audience: 'registration',
      code: 'REGISTRATION_ACTOR_REQUIRED',
      actor: { sub: 'registrar-1', role: 'registrar' },
      clock: w.clock,
      open: OPEN,
    })
    expect(wrong).toEqual([])
    // Every registered route was called but the open ones, and each open one exists.
    const table = w.app.routeTable.map(({ method, url }) => `${method} ${url}`)
    expect(called).toEqual(table.filter((r) => !OPEN.includes(r.split(' ')[1] ?? '')))
    expect(called).toEqual(
      expect.arrayContaining([
        'POST /registrations/:id/actions',
        'POST /certificates/verify',
        'GET /admin/dead-letters',
      ]),
    )
    for (const url of OPEN) expect(table).toContain(`GET ${url}`)
  })

  it('leaves only the probes open', async () => {
    for (const url of OPEN) expect((await w.app.inject({ method: 'GET', url })).statusCode).not.toBe(401)
  })

  it('listens on 127.0.0.1 unless HOST says otherwise', () => {
    const env = { DATABASE_URL: 'postgres://127.0.0.1/onewindow', ONEWINDOW_ASSERTION_PUBLIC_KEYS_FILE: 'keys.json' }
    expect(parseConfig(RegistrationConfig, env)).toMatchObject({ ok: true, value: { HOST: '127.0.0.1' } })
    expect(parseConfig(RegistrationConfig, { ...env, HOST: '10.0.0.5' })).toMatchObject({
      ok: true,
      value: { HOST: '10.0.0.5' },
    })
  })
})
