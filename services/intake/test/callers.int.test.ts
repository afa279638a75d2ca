import { parseConfig } from '@onewindow/service-kit'
import { callerMatrix } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IntakeConfig } from '../src/config.js'
import { intakeWorld } from './world.js'

// Issue 12: intake answers only the gateway's signed assertion addressed to it. The matrix is intake's own route table
// (`app.routeTable`), so a route added later is in it without a line here; only the probes are open, by name.
const OPEN = ['/healthz', '/readyz']

let w: Awaited<ReturnType<typeof intakeWorld>>
beforeAll(async () => {
  w = await intakeWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('intake trusts only the gateway’s assertion', () => {
  it('refuses a missing, forged, tampered, expired, not yet valid or misaddressed one on every route with 401 INTAKE_ACTOR_MISSING', async () => {
    const { called, wrong } = await callerMatrix(w.app, {
      audience: 'intake',
      code: 'INTAKE_ACTOR_MISSING',
      actor: { sub: 'clerk-1', role: 'clerk' },
      clock: w.clock,
      open: OPEN,
    })
    expect(wrong).toEqual([])
    // Every registered route was called but the open ones, and each open one exists.
    const table = w.app.routeTable.map(({ method, url }) => `${method} ${url}`)
    expect(called).toEqual(table.filter((r) => !OPEN.includes(r.split(' ')[1] ?? '')))
    expect(called).toEqual(expect.arrayContaining(['POST /projects', 'GET /admin/dead-letters']))
    for (const url of OPEN) expect(table).toContain(`GET ${url}`)
  })

  it('leaves only the probes open', async () => {
    for (const url of OPEN) expect((await w.app.inject({ method: 'GET', url })).statusCode).not.toBe(401)
  })

  it('listens on 127.0.0.1 unless HOST says otherwise', () => {
    const env = { DATABASE_URL: 'postgres://127.0.0.1/onewindow', ONEWINDOW_ASSERTION_PUBLIC_KEYS_FILE: 'keys.json' }
    expect(parseConfig(IntakeConfig, env)).toMatchObject({ ok: true, value: { HOST: '127.0.0.1' } })
    expect(parseConfig(IntakeConfig, { ...env, HOST: '10.0.0.5' })).toMatchObject({
      ok: true,
      value: { HOST: '10.0.0.5' },
    })
  })
})
