import { ApprovalAuditAnchoredV1, IntakeAuditAnchoredV1, ProjectRegisteredV1 } from '@onewindow/contracts'
import { GENESIS_HASH, linkEntries, readAuditEntries, verifyChain } from '@onewindow/messaging'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRegistered } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

let w: GatewayWorld
const chainOf = (actors: string[], at: string, action: string, object: (i: number) => string) =>
  linkEntries(
    { position: 0, hash: GENESIS_HASH },
    actors.map((actor, i) => ({ actor, role: 'reviewer', action, object: object(i), outcome: 'done' as const })),
    at,
  )
// Intake's two entries on 2026-03-02 (Shanghai), approval's three on 2026-03-03; one refused.
const intake = chainOf(
  ['clerk-1', 'clerk-2'],
  '2026-03-02T02:00:00.000Z',
  'intake.project.register',
  (i) => `project:${i}`,
)
const approval = linkEntries(
  { position: 0, hash: GENESIS_HASH },
  [
    { actor: 'rev-1', role: 'reviewer', action: 'approval.task.claim', object: 'task:a', outcome: 'done' },
    {
      actor: 'rev-2',
      role: 'reviewer',
      action: 'approval.task.approve',
      object: 'task:a',
      outcome: 'refused',
      code: 'APPROVAL_TASK_NOT_CLAIMED',
    },
    { actor: 'rev-1', role: 'reviewer', action: 'approval.task.approve', object: 'task:a', outcome: 'done' },
  ],
  '2026-03-03T03:00:00.000Z',
)
const anchorOf = <C extends string>(chain: C, entries: typeof intake) => ({
  chain,
  position: entries.length,
  hash: entries.at(-1)?.hash as string,
  anchoredAt: '2026-03-03T04:00:00.000Z',
  entries,
})

beforeAll(async () => {
  w = await gatewayWorld()
  await w.publish(IntakeAuditAnchoredV1, anchorOf('intake', intake))
  await w.publish(ApprovalAuditAnchoredV1, anchorOf('approval', approval))
  // Replayed: the copy keeps each entry once.
  await w.publish(IntakeAuditAnchoredV1, anchorOf('intake', intake))
})
afterAll(() => w?.[Symbol.asyncDispose]())

describe('GET /api/v1/admin/audit', () => {
  it('answers a supervisor every service’s entries, newest first, as their anchors carried them', async () => {
    const supervisor = w.token({ role: 'supervisor' })
    await expect.poll(async () => (await w.api('GET', '/api/v1/admin/audit', supervisor)).body.entries?.length).toBe(5)
    const { status, body } = await w.api('GET', '/api/v1/admin/audit', supervisor)
    expect(status).toBe(200)
    expect(body.entries.map((e: { chain: string; position: number }) => `${e.chain}#${e.position}`)).toEqual([
      'approval#3',
      'approval#2',
      'approval#1',
      'intake#2',
      'intake#1',
    ])
    expect(body.entries[1]).toEqual({
      chain: 'approval',
      position: 2,
      at: '2026-03-03T03:00:00.000Z',
      actor: 'rev-2',
      role: 'reviewer',
      action: 'approval.task.approve',
      object: 'task:a',
      outcome: 'refused',
      code: 'APPROVAL_TASK_NOT_CLAIMED',
      traceId: null,
      hash: approval[1]?.hash,
    })
    expect(body.nextCursor).toBeUndefined()
  })

  it('filters by object, actor and days, and pages with the cursor it gave', async () => {
    const admin = w.token({ role: 'admin' })
    const get = async (q: string) => (await w.api('GET', `/api/v1/admin/audit?${q}`, admin)).body
    const ids = (b: { entries: Array<{ chain: string; position: number }> }) =>
      b.entries.map((e) => `${e.chain}#${e.position}`)
    expect(ids(await get('object=task:a&actor=rev-1'))).toEqual(['approval#3', 'approval#1'])
    expect(ids(await get('from=2026-03-02&to=2026-03-02'))).toEqual(['intake#2', 'intake#1'])
    expect(ids(await get('from=2026-03-03'))).toEqual(['approval#3', 'approval#2', 'approval#1'])
    const first = await get('limit=2')
    expect(ids(first)).toEqual(['approval#3', 'approval#2'])
    const second = await get(`limit=2&cursor=${first.nextCursor}`)
    expect(ids(second)).toEqual(['approval#1', 'intake#2'])
    const third = await get(`limit=2&cursor=${second.nextCursor}`)
    expect(ids(third)).toEqual(['intake#1'])
    expect(third.nextCursor).toBeUndefined()
  })

  it('refuses a reviewer, an owner and a clerk (403), and no token (401)', async () => {
    for (const claims of [
      { role: 'reviewer' as const, department: 'housing-construction' },
      { role: 'owner' as const, creditCode: '91441500MA51XY201H' },
      { role: 'clerk' as const },
    ]) {
      const r = await w.api('GET', '/api/v1/admin/audit', w.token(claims))
      expect(r.status, claims.role).toBe(403)
      expect(r.body.code).toBe('GATEWAY_FORBIDDEN')
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/)
    }
    expect((await w.api('GET', '/api/v1/admin/audit')).status).toBe(401)
  })

  it.each([
    ['to=2026-03-01&from=2026-03-02', 'GATEWAY_AUDIT_RANGE_INVALID', '/querystring/to'],
    ['from=2026-02-30', 'VALIDATION_FAILED', '/querystring/from'],
    ['to=1999-12-31', 'VALIDATION_FAILED', '/querystring/to'],
    ['limit=0', 'VALIDATION_FAILED', '/querystring/limit'],
    ['limit=201', 'VALIDATION_FAILED', '/querystring/limit'],
    [`object=${'x'.repeat(301)}`, 'VALIDATION_FAILED', '/querystring/object'],
    ['actor=', 'VALIDATION_FAILED', '/querystring/actor'],
    ['cursor=bm90LWEtY3Vyc29y', 'VALIDATION_FAILED', '/querystring/cursor'],
    ['cursor=eyJ9%2B%2F%3D', 'VALIDATION_FAILED', '/querystring/cursor'],
    ['service=intake', 'VALIDATION_FAILED', '/querystring/service'],
  ])('refuses %s with 400 problem+json naming the field', async (q, code, field) => {
    const r = await w.api('GET', `/api/v1/admin/audit?${q}`, w.token({ role: 'supervisor' }))
    expect(r.status).toBe(400)
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(r.body.code).toBe(code)
    expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field)
  })

  it('records reads of an owner’s data by others in the gateway’s own chain, batched, and serves them once anchored', async () => {
    const project = projectRegistered()
    await w.publish(ProjectRegisteredV1, project)
    const supervisor = w.token({ role: 'supervisor', sub: 'sup-7' })
    const owner = w.token({ role: 'owner', creditCode: project.owner.creditCode })
    await expect
      .poll(async () => (await w.api('GET', `/api/v1/projects/${project.projectId}`, supervisor)).status)
      .toBe(200)
    expect((await w.api('GET', `/api/v1/projects/${project.projectId}/status`, supervisor)).status).toBe(200)
    // The owner reading its own project is not a disclosure: nothing recorded.
    expect((await w.api('GET', `/api/v1/projects/${project.projectId}/status`, owner)).status).toBe(200)
    const reads = async () =>
      (await readAuditEntries(w.db.pool, { after: 0, limit: 100 })).map((e) => [e.actor, e.action, e.object, e.outcome])
    await expect.poll(reads).toEqual([
      ['sup-7', 'gateway.project.read', `project:${project.projectId}`, 'read'],
      ['sup-7', 'gateway.project.status.read', `project:${project.projectId}`, 'read'],
    ])
    expect(verifyChain(await readAuditEntries(w.db.pool, { after: 0, limit: 100 }))).toMatchObject({
      ok: true,
      length: 2,
    })
    // Anchored by the gateway's own timer, projected from its own anchor, served with the rest.
    await expect
      .poll(async () => (await w.api('GET', '/api/v1/admin/audit?actor=sup-7', supervisor)).body.entries?.length, {
        timeout: 20_000,
      })
      .toBe(2)
  })
})
