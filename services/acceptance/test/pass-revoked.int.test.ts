import {
  type AcceptanceCaseSnapshot,
  AcceptanceCommitmentRectificationOverdueV1,
  AcceptancePassRevokedV1,
  AcceptanceResultRecordedV1,
} from '@onewindow/contracts'
import type { Static } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ARCHIVE,
  acceptanceWorld,
  call,
  committedCase,
  outboxBodies,
  owner,
  published,
  reviewer,
  type World,
} from './helpers.js'

// 撤销 through the service, with real PostgreSQL and NATS: a 告知承诺 found breached after the pass with the `revoke`
// measure (004:1860 依法撤销许可) revokes the pass and its letter, publishes `pass-revoked`, and frees the project
// for a new application; a breach with rectify alone leaves the pass standing.

type Case = Static<typeof AcceptanceCaseSnapshot>

// Monday 2 March 2026, 10:00 in Shanghai.
const START = '2026-03-02T02:00:00Z'
const archivist = reviewer('urban-construction-archive')

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** A Shanwei case, the archive on commitment, every other item passed on 4 March. */
async function passedOnCommitment(): Promise<Case> {
  w.clock.set(START)
  let c = await committedCase(w)
  const pending = c.items.filter((i) => i.status === 'pending')
  const lead = { sub: 'lead-1', role: 'lead', department: c.lead }
  const scheduled = await call(w, 'POST', `/acceptance/${c.caseId}/inspection`, lead, {
    date: '2026-03-04',
    place: 'site office',
    participants: [...new Set(pending.map((i) => i.department))],
  })
  expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200)
  w.clock.set('2026-03-04T06:00:00Z')
  for (const i of pending) {
    const res = await call(w, 'POST', `/acceptance/${c.caseId}/opinions`, reviewer(i.department), {
      item: i.item,
      opinion: 'pass',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
  }
  c = (await call(w, 'GET', `/acceptance/${c.caseId}`, owner)).body.case
  expect(c).toMatchObject({ status: 'passed', opinionNumber: expect.any(String) })
  return c
}

const verify = (c: Case, measures: string[], extra: object = {}) =>
  call(w, 'POST', `/acceptance/${c.caseId}/commitments`, archivist, {
    item: ARCHIVE,
    result: 'breached',
    findings: ['竣工档案与承诺不符'],
    measures,
    ...extra,
  })

describe('撤销: a commitment breached after the pass', () => {
  it('with revoke: the pass and its letter are revoked, pass-revoked is published, and the owner may apply again', async () => {
    const c = await passedOnCommitment()
    w.clock.set('2026-03-20T02:00:00Z')
    const res = await verify(c, ['revoke'])
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const after: Case = (await call(w, 'GET', `/acceptance/${c.caseId}`, owner)).body.case
    expect(after).toMatchObject({
      status: 'passed',
      opinionNumber: c.opinionNumber,
      version: c.version + 2,
      passRevoked: { item: ARCHIVE, department: 'urban-construction-archive', on: '2026-03-20', by: archivist.sub },
    })
    const ofCase = (bodies: Array<{ case: Case }>) => bodies.filter((b) => b.case.caseId === c.caseId)
    expect(ofCase(await outboxBodies(w, AcceptancePassRevokedV1))).toEqual([
      { case: after, item: ARCHIVE, actor: archivist.sub, note: expect.stringContaining(ARCHIVE) },
    ])
    await expect
      .poll(async () => ofCase(await published(w.nc, w.topology, AcceptancePassRevokedV1)).map((e) => e.case))
      .toEqual([after])

    // The revoked case no longer holds the project: a new application is taken (without 告知承诺 this time).
    const again = await call(w, 'POST', `/projects/${c.projectId}/acceptance`, owner, {})
    expect(again.status, JSON.stringify(again.body)).toBe(201)
    expect(again.body.case.caseId).not.toBe(c.caseId)
  })

  it('with revoke: the case takes no more 结果物 (409 ACCEPTANCE_PASS_REVOKED), and nothing is recorded', async () => {
    const c = await passedOnCommitment()
    w.clock.set('2026-03-20T02:00:00Z')
    expect((await verify(c, ['revoke'])).status).toBe(200)
    const revoked: Case = (await call(w, 'GET', `/acceptance/${c.caseId}`, owner)).body.case
    const res = await call(w, 'POST', `/acceptance/${c.caseId}/results`, archivist, {
      item: ARCHIVE,
      name: '城建档案验收意见书',
      number: 'CJDA-2026-001',
      issuedOn: '2026-03-20',
    })
    expect(res).toMatchObject({
      status: 409,
      body: {
        status: 409,
        code: 'ACCEPTANCE_PASS_REVOKED',
        item: ARCHIVE,
        passRevoked: { item: ARCHIVE, on: '2026-03-20' },
      },
    })
    const after: Case = (await call(w, 'GET', `/acceptance/${c.caseId}`, owner)).body.case
    expect(after).toEqual(revoked)
    expect((await outboxBodies(w, AcceptanceResultRecordedV1)).filter((b) => b.case.caseId === c.caseId)).toEqual([])
  })

  it('with rectify and revoke: the revoked pass ends its 整改 — the timer marks no 逾期未整改, the owner reports none', async () => {
    const c = await passedOnCommitment()
    w.clock.set('2026-03-10T02:00:00Z')
    const res = await verify(c, ['rectify', 'revoke'], { rectifyBy: '2026-03-20' })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.case.passRevoked).toMatchObject({ item: ARCHIVE, on: '2026-03-10' })
    // The timer's candidates skip it in SQL on the stored state's `passRevoked`, as the domain's rule does.
    const { rows } = await w.db.pool.query(
      `SELECT state ? 'passRevoked' AS revoked FROM acceptance_case WHERE id = $1`,
      [c.caseId],
    )
    expect(rows).toEqual([{ revoked: true }])
    w.clock.set('2026-03-23T02:00:00Z')
    await w.app.scanner.runOnce()
    const overdue = await outboxBodies(w, AcceptanceCommitmentRectificationOverdueV1)
    expect(overdue.filter((b) => b.case.caseId === c.caseId)).toEqual([])
    const after: Case = (await call(w, 'GET', `/acceptance/${c.caseId}`, owner)).body.case
    expect(after.items.find((i) => i.item === ARCHIVE)?.rectification).toBeUndefined()
    expect(after.version).toBe(res.body.case.version)
    const reported = await call(w, 'POST', `/acceptance/${c.caseId}/commitment-rectification-report`, owner, {
      item: ARCHIVE,
      statement: '已补齐竣工图',
    })
    expect(reported.body).toMatchObject({
      status: 409,
      code: 'ACCEPTANCE_PASS_REVOKED',
      passRevoked: { item: ARCHIVE, on: '2026-03-10' },
    })
  })

  it('with rectify alone: the pass stands, nothing is revoked and the project stays held', async () => {
    const c = await passedOnCommitment()
    w.clock.set('2026-03-20T02:00:00Z')
    expect((await verify(c, ['rectify'], { rectifyBy: '2026-04-10' })).status).toBe(200)
    const after: Case = (await call(w, 'GET', `/acceptance/${c.caseId}`, owner)).body.case
    expect(after.passRevoked).toBeUndefined()
    expect((await outboxBodies(w, AcceptancePassRevokedV1)).filter((b) => b.case.caseId === c.caseId)).toHaveLength(0)
    const again = await call(w, 'POST', `/projects/${c.projectId}/acceptance`, owner, {})
    expect(again.body).toMatchObject({ status: 409, code: 'ACCEPTANCE_CASE_ALREADY_OPEN' })
  })
})
