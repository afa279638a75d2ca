import {
  TaskCommitmentBreachedV1,
  TaskRectificationOverdueV1,
  TaskRectificationReportedV1,
  TaskRectificationReviewedV1,
  TaskRevokedV1,
} from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { overdueRectificationQuery } from '../src/db/tasks.js'
import {
  accept,
  anAcceptance,
  approvalWorld,
  call,
  outboxBodies,
  published,
  reviewerOf,
  scansPass,
  type World,
} from './helpers.js'

// 整改 followed through (docs/legal-time.md#整改-followed-through) on real PostgreSQL and NATS: the owner reports, the
// finding's department reviews, approval's timer marks 逾期未整改 once past `rectifyBy`, and the further measure
// revokes and bars through the breach's one path. Monday 2 March 2026: 整改 ordered by Friday 03-06.

const TODAY = '2026-03-02'
const OWNER = '91441500MA51XY302A'
const owner = { sub: 'owner-1', role: 'owner', creditCode: OWNER }

let w: World
beforeAll(async () => {
  w = await approvalWorld(`${TODAY}T01:00:00Z`)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

async function breachedTask() {
  const base = anAcceptance(TODAY, ['housing-construction'])
  const [task] = await accept(w, {
    ...base,
    items: base.items.map((i) => ({ ...i, onCommitment: true })),
    commitments: [{ item: 'item-1', verifyBy: '2026-03-30' }],
    ownerCreditCode: OWNER,
  })
  if (!task) throw new Error('no task')
  const res = await call(w, 'POST', `/tasks/${task.id}/commitment`, reviewerOf(task.department), {
    result: 'breached',
    findings: ['施工现场与承诺不符'],
    measures: ['rectify'],
    rectifyBy: '2026-03-06',
  })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return task
}

const report = (taskId: string, body: object, actor: object = owner) =>
  call(w, 'POST', `/tasks/${taskId}/rectification-report`, actor, body)
const review = (task: { id: string; department: string }, body: object, actor?: object) =>
  call(w, 'POST', `/tasks/${task.id}/rectification-review`, actor ?? reviewerOf(task.department), body)

const rowsOf = async (taskId: string) =>
  (
    await w.db.pool.query<{ subject: string; created_at: Date; payload: Record<string, unknown> }>(
      'SELECT subject, created_at, payload FROM outbox_message WHERE aggregate_id = $1 ORDER BY position',
      [taskId],
    )
  ).rows

describe('整改 reported and reviewed', () => {
  it('the owner reports, the department finds it not done, then confirms a second report (整改完成)', async () => {
    const task = await breachedTask()
    const first = await report(task.id, {
      statement: '已拆除超出退线部分',
      materials: [{ code: 'site-photo', documentRef: 'doc://photos/1' }],
    })
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(first.body.task.commitment.rectification.reports).toEqual([
      expect.objectContaining({ statement: '已拆除超出退线部分', reportedOn: TODAY, reportedBy: 'owner-1' }),
    ])
    const waiting = await report(task.id, { statement: '再次报告' })
    expect([waiting.status, waiting.body.code]).toEqual([409, 'APPROVAL_RECTIFICATION_AWAITING_REVIEW'])

    const noNote = await review(task, { result: 'not-done' })
    expect([noNote.status, noNote.body.code]).toEqual([422, 'APPROVAL_RECTIFICATION_INVALID'])
    expect(noNote.body.errors).toEqual([expect.objectContaining({ field: '/body/note' })])
    const notDone = await review(task, { result: 'not-done', note: '北侧仍超出退线' })
    expect(notDone.status, JSON.stringify(notDone.body)).toBe(200)

    expect((await report(task.id, { statement: '北侧已拆除' })).status).toBe(200)
    const done = await review(task, { result: 'done' })
    expect(done.status).toBe(200)
    expect(done.body.task.commitment.rectification).toMatchObject({ doneOn: TODAY })

    const subjects = (await rowsOf(task.id)).map((r) => r.subject)
    expect(subjects.filter((s) => s.includes('rectification'))).toEqual([
      TaskRectificationReportedV1.subject,
      TaskRectificationReviewedV1.subject,
      TaskRectificationReportedV1.subject,
      TaskRectificationReviewedV1.subject,
    ])
    await expect
      .poll(async () =>
        (await published(w.nc, w.topology, TaskRectificationReviewedV1)).filter((e) => e.task.taskId === task.id),
      )
      .toHaveLength(2)
    const again = await report(task.id, { statement: '又一次' })
    expect([again.status, again.body.code]).toEqual([409, 'APPROVAL_RECTIFICATION_DONE'])
  })

  it('refuses another owner (403), another department (403), and bad bodies (400) naming the field, writing nothing', async () => {
    const task = await breachedTask()
    const before = (await rowsOf(task.id)).length
    const stranger = await report(task.id, { statement: '代报' }, { ...owner, creditCode: '91440300MA5FUBQH3C' })
    expect([stranger.status, stranger.body.code]).toEqual([403, 'APPROVAL_NOT_THE_OWNER'])
    const other = await review(task, { result: 'done' }, reviewerOf('natural-resources'))
    expect([other.status, other.body.code]).toEqual([403, 'APPROVAL_NOT_YOUR_DEPARTMENT'])
    const hostile: Array<[object, RegExp]> = [
      [{ statement: 'x'.repeat(2001) }, /statement/],
      [{ statement: '' }, /statement/],
      [{ statement: '好', colour: 'red' }, /colour|additional/i],
      [
        { statement: '好', materials: Array.from({ length: 21 }, (_, i) => ({ code: `m-${i}`, documentRef: 'd' })) },
        /materials/,
      ],
      [{ statement: '好', materials: [{ code: 'site-photo', documentRef: 'x'.repeat(501) }] }, /documentRef/],
      [{ statement: '好', material: 'm'.repeat(101) }, /material/],
    ]
    for (const [body, field] of hostile) {
      const res = await report(task.id, body)
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400)
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
      expect(JSON.stringify(res.body.errors)).toMatch(field)
    }
    const badResult = await review(task, { result: 'maybe' })
    expect(badResult.status).toBe(400)
    // A material code that fits but names no finding of the task is refused by the domain, naming the field.
    const unknown = await report(task.id, { statement: '好', material: '../../etc' })
    expect([unknown.status, unknown.body.code]).toEqual([409, 'APPROVAL_RECTIFICATION_NOT_ORDERED'])
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: '/body/material' })])
    expect(await rowsOf(task.id)).toHaveLength(before)
  })
})

describe('逾期未整改', () => {
  it('is reported once after rectifyBy; the further measure revokes and bars in one transaction', async () => {
    await scansPass(w)
    const late = await breachedTask()
    const confirmed = await breachedTask()
    expect((await report(confirmed.id, { statement: '已整改' })).status).toBe(200)
    expect((await review(confirmed, { result: 'done' })).status).toBe(200)

    const early = await call(w, 'POST', `/tasks/${late.id}/rectification-escalation`, reviewerOf(late.department), {
      measures: ['revoke'],
    })
    expect([early.status, early.body.code]).toEqual([409, 'APPROVAL_RECTIFICATION_NOT_OVERDUE'])
    // Reported in time; its review is still owed when the day has passed (below).
    expect((await report(late.id, { statement: '已按要求整改' })).status).toBe(200)

    // Friday 03-06, its last day: not overdue yet.
    w.clock.set('2026-03-06T09:00:00Z')
    await scansPass(w, 2)
    const ofLate = async () =>
      (await outboxBodies(w, TaskRectificationOverdueV1)).filter((e) => e.task.taskId === late.id)
    expect(await ofLate()).toEqual([])
    // Saturday 03-07: the day has passed, but the report made by it awaits review — the department's time to review
    // is not the owner's delay: not overdue, and the further measure waits for the review.
    w.clock.set('2026-03-07T02:00:00Z')
    await scansPass(w, 3)
    expect(await ofLate()).toEqual([])
    const pending = await call(w, 'POST', `/tasks/${late.id}/rectification-escalation`, reviewerOf(late.department), {
      measures: ['revoke'],
    })
    expect([pending.status, pending.body.code]).toEqual([409, 'APPROVAL_RECTIFICATION_REVIEW_PENDING'])

    // Monday 03-09, found not done: overdue from then, once across passes; the confirmed one never.
    w.clock.set('2026-03-09T02:00:00Z')
    expect((await review(late, { result: 'not-done', note: '退线仍不符' })).status).toBe(200)
    await expect.poll(async () => (await ofLate()).length).toBe(1)
    await scansPass(w, 3)
    expect(await ofLate()).toHaveLength(1)
    expect((await ofLate())[0]?.task.commitment?.rectification?.overdueOn).toBe('2026-03-09')
    const overdue = await outboxBodies(w, TaskRectificationOverdueV1)
    expect(overdue.filter((e) => e.task.taskId === confirmed.id)).toEqual([])

    // Found not done, the measure may follow.
    const before = (await rowsOf(late.id)).length
    const further = await call(w, 'POST', `/tasks/${late.id}/rectification-escalation`, reviewerOf(late.department), {
      measures: ['revoke', 'bar-commitment'],
      barredUntil: '2027-03-06',
    })
    expect(further.status, JSON.stringify(further.body)).toBe(200)
    expect(further.body.task).toMatchObject({
      status: 'revoked',
      commitment: {
        rectification: { escalation: { measures: ['revoke', 'bar-commitment'], barredUntil: '2027-03-06' } },
      },
    })
    const written = (await rowsOf(late.id)).slice(before)
    expect(written.map((r) => r.subject)).toEqual([TaskCommitmentBreachedV1.subject, TaskRevokedV1.subject])
    expect(written[1]?.created_at.getTime(), 'one transaction').toBe(written[0]?.created_at.getTime())
    expect(written[0]?.payload).toMatchObject({ ownerCreditCode: OWNER, rectification: { escalated: true } })
    const twice = await call(w, 'POST', `/tasks/${late.id}/rectification-escalation`, reviewerOf(late.department), {
      measures: ['bar-commitment'],
      barredUntil: '2027-03-06',
    })
    expect([twice.status, twice.body.code]).toEqual([409, 'APPROVAL_RECTIFICATION_ESCALATED'])
  })

  it('finds its candidates through the partial index, whose predicate the query states', async () => {
    const client = await w.db.pool.connect()
    try {
      await client.query('BEGIN')
      await client.query('SET LOCAL enable_seqscan = off')
      const q = overdueRectificationQuery('2026-03-09', undefined, 100)
      const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.text}`, q.values)
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('task_owed_rectification_idx')
    } finally {
      await client.query('ROLLBACK')
      client.release()
    }
  })
})
