import {
  type AcceptanceCaseSnapshot,
  AcceptanceCommitmentRectificationEscalatedV1,
  AcceptanceCommitmentRectificationOverdueV1,
  AcceptanceCommitmentRectificationReportedV1,
  AcceptanceCommitmentRectificationReviewedV1,
  AcceptancePassRevokedV1,
} from '@onewindow/contracts'
import type { Static } from 'typebox'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  ARCHIVE,
  acceptanceWorld,
  call,
  committedCase,
  outboxBodies,
  owner,
  published,
  reviewer,
  shanweiProject,
  type World,
} from './helpers.js'

// 整改 of a 告知承诺 breach followed through in joint acceptance, with real PostgreSQL and NATS: the owner reports, the
// item's department reviews, the timer marks 逾期未整改 once when the test clock passes rectifyBy (a timely report
// awaiting review holds it off), and the further measure revokes the pass or bars the owner in one transaction.

type Case = Static<typeof AcceptanceCaseSnapshot>

// Monday 2 March 2026, 10:00 in Shanghai. The breach is found on Tuesday 10 March, 整改 by Friday 20 March.
const START = '2026-03-02T02:00:00Z'
const on = (day: string) => `${day}T02:00:00Z`
const RECTIFY_BY = '2026-03-20'
const archivist = reviewer('urban-construction-archive')

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
beforeEach(() => {
  w.clock.set(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const archiveOf = (c: Case) => c.items.find((i) => i.item === ARCHIVE)
const ofCase = <B extends { case: Case }>(c: Case, bodies: B[]) => bodies.filter((b) => b.case.caseId === c.caseId)

/** A Shanwei case, the archive on commitment (every other item still pending), breached on 10 March with 整改. */
async function breachedCase(): Promise<Case> {
  const c = await committedCase(w)
  w.clock.set(on('2026-03-10'))
  const res = await call(w, 'POST', `/acceptance/${c.caseId}/commitments`, archivist, {
    item: ARCHIVE,
    result: 'breached',
    findings: ['竣工档案缺少竣工图'],
    measures: ['rectify'],
    rectifyBy: RECTIFY_BY,
  })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.case
}

const report = (c: Case, actor: object = owner, body: object = { statement: '已补齐竣工图' }) =>
  call(w, 'POST', `/acceptance/${c.caseId}/commitment-rectification-report`, actor, { item: ARCHIVE, ...body })
const review = (c: Case, body: object, actor: object = archivist) =>
  call(w, 'POST', `/acceptance/${c.caseId}/commitment-rectification-review`, actor, { item: ARCHIVE, ...body })
const escalate = (c: Case, body: object) =>
  call(w, 'POST', `/acceptance/${c.caseId}/commitment-rectification-escalation`, archivist, { item: ARCHIVE, ...body })
const read = async (c: Case): Promise<Case> => (await call(w, 'GET', `/acceptance/${c.caseId}`, owner)).body.case

describe('整改 through the service', () => {
  it('the owner reports, the department finds it not done, then confirms it: each act one event on the stream', async () => {
    const c = await breachedCase()
    w.clock.set(on('2026-03-16'))
    const stranger = { sub: 'owner-9', role: 'owner', creditCode: '91441500MA51XY201H' }
    expect((await report(c, stranger)).body).toMatchObject({ status: 403, code: 'ACCEPTANCE_NOT_THE_OWNER' })
    const first = await report(c)
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(archiveOf(first.body.case)?.rectification?.reports).toEqual([
      expect.objectContaining({ statement: '已补齐竣工图', reportedOn: '2026-03-16', reportedBy: owner.sub }),
    ])
    expect((await report(c)).body).toMatchObject({ status: 409, code: 'ACCEPTANCE_RECTIFICATION_AWAITING_REVIEW' })

    w.clock.set(on('2026-03-17'))
    expect((await review(c, { result: 'done' }, reviewer('fire-protection'))).status).toBe(403)
    expect((await review(c, { result: 'not-done' })).body).toMatchObject({
      status: 422,
      code: 'ACCEPTANCE_RECTIFICATION_INVALID',
      errors: [expect.objectContaining({ field: '/body/note' })],
    })
    expect((await review(c, { result: 'not-done', note: '竣工图未盖章' })).status).toBe(200)
    expect((await report(c, owner, { statement: '已盖章' })).status).toBe(200)
    w.clock.set(on('2026-03-18'))
    const done = await review(c, { result: 'done' })
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    const after = await read(c)
    expect(archiveOf(after)?.rectification).toMatchObject({ doneOn: '2026-03-18' })
    expect(after.version).toBe(c.version + 4)

    expect(ofCase(c, await outboxBodies(w, AcceptanceCommitmentRectificationReportedV1))).toHaveLength(2)
    const reviewed = ofCase(c, await outboxBodies(w, AcceptanceCommitmentRectificationReviewedV1))
    expect(reviewed.map((b) => [b.item, b.actor])).toEqual([
      [ARCHIVE, archivist.sub],
      [ARCHIVE, archivist.sub],
    ])
    expect(reviewed.at(-1)?.case).toEqual(after)
    await expect
      .poll(
        async () => ofCase(c, await published(w.nc, w.topology, AcceptanceCommitmentRectificationReviewedV1)).length,
      )
      .toBe(2)

    // Confirmed done: the timer marks nothing past the day.
    w.clock.set(on('2026-03-24'))
    await w.app.scanner.runOnce()
    expect(ofCase(c, await outboxBodies(w, AcceptanceCommitmentRectificationOverdueV1))).toEqual([])
  })

  it('refuses hostile bodies naming the field, writing nothing', async () => {
    const c = await breachedCase()
    w.clock.set(on('2026-03-16'))
    for (const [body, field] of [
      [{ statement: '' }, '/body/statement'],
      [{ statement: 'x'.repeat(2001) }, '/body/statement'],
      [{ statement: 'ok', extra: 1 }, '/body'],
    ] as const) {
      const res = await report(c, owner, body)
      expect(res.status, JSON.stringify(res.body)).toBe(400)
      expect(JSON.stringify(res.body)).toContain(field)
    }
    const res = await escalate(c, { measures: ['rectify'] })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toContain('/body/measures')
    expect((await read(c)).version).toBe(c.version)
  })

  it('逾期未整改: marked once when the clock passes rectifyBy, held off by a timely report until it is found not done', async () => {
    const held = await breachedCase()
    const unanswered = await breachedCase()
    w.clock.set(on(RECTIFY_BY))
    expect((await report(held)).status).toBe(200)
    await w.app.scanner.runOnce()
    const overdueOf = async (c: Case) => ofCase(c, await outboxBodies(w, AcceptanceCommitmentRectificationOverdueV1))
    expect(await overdueOf(unanswered)).toEqual([])

    w.clock.set(on('2026-03-23'))
    await Promise.all([w.app.scanner.runOnce(), w.app.scanner.runOnce(), w.app.scanner.runOnce()])
    await w.app.scanner.runOnce()
    const marked = await overdueOf(unanswered)
    expect(marked).toHaveLength(1)
    expect(marked[0]).toMatchObject({ item: ARCHIVE })
    expect(marked[0]).not.toHaveProperty('actor')
    expect(archiveOf(marked[0]?.case as Case)?.rectification).toEqual({ reports: [], overdueOn: '2026-03-23' })
    // The timely report awaits review: not overdue, and no further measure until it is reviewed.
    expect(await overdueOf(held)).toEqual([])
    expect((await escalate(held, { measures: ['revoke'] })).body).toMatchObject({
      status: 409,
      code: 'ACCEPTANCE_RECTIFICATION_REVIEW_PENDING',
    })
    expect((await review(held, { result: 'not-done', note: '竣工图仍缺' })).status).toBe(200)
    await w.app.scanner.runOnce()
    expect(archiveOf((await overdueOf(held))[0]?.case as Case)?.rectification?.overdueOn).toBe('2026-03-23')

    // The further measure: 依法撤销 before the pass fails the case; its events follow the escalation.
    const revoked = await escalate(unanswered, { measures: ['revoke'] })
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200)
    const after = await read(unanswered)
    expect(after.status).toBe('failed')
    expect(ofCase(unanswered, await outboxBodies(w, AcceptanceCommitmentRectificationEscalatedV1))).toEqual([
      {
        case: expect.objectContaining({ status: 'open' }),
        item: ARCHIVE,
        actor: archivist.sub,
        note: expect.any(String),
      },
    ])
    expect(ofCase(unanswered, await outboxBodies(w, AcceptancePassRevokedV1))).toEqual([])
    expect((await escalate(unanswered, { measures: ['revoke'] })).body).toMatchObject({
      status: 409,
      code: 'ACCEPTANCE_RECTIFICATION_ESCALATED',
    })
  })

  it('禁止选择告知承诺: the bar is written with the case, and the owner names no commitments until its day', async () => {
    const c = await breachedCase()
    w.clock.set(on('2026-03-23'))
    const res = await escalate(c, { measures: ['bar-commitment'], barredUntil: '2026-09-30' })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const { rows } = await w.db.pool.query(
      'SELECT item, barred_on::text, until::text FROM commitment_bar WHERE case_id = $1',
      [c.caseId],
    )
    expect(rows).toEqual([{ item: ARCHIVE, barred_on: '2026-03-23', until: '2026-09-30' }])
    const projectId = await shanweiProject(w)
    const barred = await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, { commitments: [ARCHIVE] })
    expect(barred.body).toMatchObject({ status: 422, code: 'ACCEPTANCE_COMMITMENT_BARRED', until: '2026-09-30' })
    expect((await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, {})).status).toBe(201)
  })
})
