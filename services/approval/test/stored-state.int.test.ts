import {
  type DrawingReviewSnapshot,
  FlowClockOverdueV1,
  ProjectRegisteredV1,
  StepClockOverdueV1,
  StepClockWarnedV1,
  SupplementNoticeIssuedV1,
  TaskClockOverdueV1,
} from '@onewindow/contracts'
import { UnreadableStoredRow } from '@onewindow/db'
import { EventBodyInvalidError, skipOnce } from '@onewindow/messaging'
import { publishAsRelay } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scanAlertClocksOnce, stepAlertClock } from '../src/commands.js'
import {
  accept,
  act,
  anAcceptance,
  answer,
  approvalWorld,
  call,
  outboxBodies,
  scansPass,
  startAt,
  type World,
} from './helpers.js'

// Approval keeps tasks, whole-flow clocks and 联合审图 reviews as snapshots in `state` columns, read back checked
// (db/tasks.ts, db/flow-clocks.ts, db/drawing-reviews.ts). A row damaged after it was written (a hand edit, a restore
// from another release) fails only what needs that row: the review body's list answers with the other reviews, the
// clock scan alerts every other task and flow, and a command on the damaged row is refused with nothing written.
// A step's columns are read checked by the step clock scan too, and a step whose alert would fail its event's schema
// is skipped by that scan, which goes on to the steps after it and to the timers after it in the chain.

const START = '2026-03-02T01:00:00Z'
const REVIEW_BODY = '91441500MA51XY202F'

let w: World
beforeAll(async () => {
  w = await approvalWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

async function submitted(creditCode: string, reviewBodyCode = REVIEW_BODY): Promise<DrawingReviewSnapshot> {
  const accepted = anAcceptance('2026-03-02', ['housing-construction'], { ownerCreditCode: creditCode })
  await accept(w, accepted)
  const res = await call(w, 'POST', `/projects/${accepted.projectId}/drawing-review`, ownerOf(creditCode), {
    reviewBody: { name: '审查中心', creditCode: reviewBodyCode },
    title: '施工图',
    documentRef: 'doc://drawings-v1.zip',
  })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.review
}
const ownerOf = (creditCode: string) => ({ sub: `owner-${creditCode}`, role: 'owner', creditCode })
const reviewBody = { sub: 'review-body-1', role: 'review_body', creditCode: REVIEW_BODY }

describe('a damaged stored row in approval', () => {
  it('is left out of the review body’s list, and answering it writes nothing', async () => {
    await startAt(w, START)
    const damaged = await submitted('91441500MA51XY201H')
    const intact = await submitted('91441500MA51XY203D')
    const listed = async () => {
      const res = await call(w, 'GET', '/drawing-reviews', reviewBody)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return (res.body.reviews as DrawingReviewSnapshot[]).map((r) => r.reviewId).sort()
    }
    expect(await listed()).toEqual([damaged.reviewId, intact.reviewId].sort())

    // Valid JSON, but its versions are no list: the snapshot's schema refuses it.
    await w.db.pool.query(`UPDATE drawing_review SET state = jsonb_set(state, '{versions}', '"lost"') WHERE id = $1`, [
      damaged.reviewId,
    ])
    expect(await listed()).toEqual([intact.reviewId])

    const before = await w.writtenTo('drawing_review', damaged.reviewId)
    const answered = await call(w, 'POST', `/drawing-reviews/${damaged.reviewId}/answer`, reviewBody, {
      outcome: 'comments',
      comments: ['消防通道宽度不足'],
    })
    expect(answered.status, JSON.stringify(answered.body)).toBe(500)
    expect(answered.body).toMatchObject({
      code: 'APPROVAL_STORED_ROW_UNREADABLE',
      row: 'drawing review',
      rowId: damaged.reviewId,
    })
    expect(await w.writtenTo('drawing_review', damaged.reviewId)).toEqual(before)
    // The intact review is still answered.
    const other = await call(w, 'POST', `/drawing-reviews/${intact.reviewId}/answer`, reviewBody, {
      outcome: 'comments',
      comments: ['消防通道宽度不足'],
    })
    expect(other.status, JSON.stringify(other.body)).toBe(200)
  })

  it('is skipped by the clock scan, which still alerts every other task and flow clock; a command on it writes nothing', async () => {
    await startAt(w, START)
    const limit = { value: 5, unit: 'W' as const }
    const one = (department: string) =>
      anAcceptance('2026-03-02', [department], {
        items: [{ item: 'only', department, committedLimit: limit }],
        projectCap: { value: 5, unit: 'W' },
      })
    const [badBody, goodBody] = [one('dept-damaged'), one('dept-intact')]
    const [bad] = await accept(w, badBody)
    const [good] = await accept(w, goodBody)
    if (!bad || !good) throw new Error('no task')
    // A task whose status is none the snapshot knows, and a flow clock without its steps.
    await w.db.pool.query(`UPDATE task SET state = jsonb_set(state, '{status}', '"lost"') WHERE id = $1`, [bad.id])
    await w.db.pool.query(`UPDATE flow_clock SET state = state - 'steps' WHERE project_id = $1`, [badBody.projectId])

    // Tuesday 10 March: both tasks' 5 W and both projects' 5 W caps are past.
    w.clock.set('2026-03-10T02:00:00Z')
    const overdueTasks = async (taskId: string) =>
      (await outboxBodies(w, TaskClockOverdueV1)).filter((a) => a.task.taskId === taskId && a.clock === 'committed')
    const overdueFlows = async (projectId: string) =>
      (await outboxBodies(w, FlowClockOverdueV1)).filter((a) => a.projectId === projectId)
    await expect.poll(async () => (await overdueTasks(good.id)).length).toBe(1)
    await expect.poll(async () => (await overdueFlows(goodBody.projectId)).length).toBe(1)
    await scansPass(w, 2)
    expect(w.app.scanner.healthy()).toBe(true)
    expect(await overdueTasks(bad.id)).toEqual([])
    expect(await overdueFlows(badBody.projectId)).toEqual([])

    const before = await w.writtenTo('task', bad.id)
    const claimed = await act(w, bad, { action: 'claim' })
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(500)
    expect(await w.writtenTo('task', bad.id)).toEqual(before)
  })
  it('a 补正 notice whose requests do not read: the owner’s answer to it writes nothing', async () => {
    await startAt(w, START)
    const body = anAcceptance('2026-03-02', ['dept-notice'])
    const [task] = await accept(w, body)
    if (!task) throw new Error('no task')
    expect((await act(w, task, { action: 'claim' })).status).toBe(200)
    const asked = await act(w, task, {
      action: 'supplement',
      materials: ['construction-contract'],
      reason: '合同未盖章',
    })
    expect(asked.status, JSON.stringify(asked.body)).toBe(200)
    const [notice] = (await outboxBodies(w, SupplementNoticeIssuedV1)).filter(
      (n) => n.applicationId === body.applicationId,
    )
    if (!notice) throw new Error('no notice')
    // Its requests column no longer holds requests.
    await w.db.pool.query(`UPDATE supplement_notice SET requests = '{"lost":true}' WHERE id = $1`, [notice.noticeId])

    const before = await w.writtenTo('task', task.id)
    const answered = await answer(w, body.applicationId, {
      noticeId: notice.noticeId,
      materials: [{ code: 'construction-contract', documentRef: 'doc://contract.pdf' }],
    })
    expect(answered.status, JSON.stringify(answered.body)).toBe(500)
    expect(await w.writtenTo('task', task.id)).toEqual(before)
    const open = await w.db.pool.query(`SELECT status FROM supplement_notice WHERE id = $1`, [notice.noticeId])
    expect(open.rows[0]?.status).toBe('open')
  })
})

describe('the review body’s list of its reviews', () => {
  it('names each review’s project as ProjectRegisteredV1 carried it; the same registration again changes nothing', async () => {
    await startAt(w, START)
    // A review body of its own: its list holds this test's reviews only.
    const body = { sub: 'review-body-2', role: 'review_body', creditCode: '91441500MA51XY204T' }
    const titled = await submitted('91441500MA51XY201H', body.creditCode)
    // A project approval never copied (registered before it kept them): in the list, not named.
    const untitled = await submitted('91441500MA51XY203D', body.creditCode)
    const registration: ProjectRegisteredV1 = {
      projectId: titled.projectId,
      projectCode: '2026-441500-47-01-900001',
      name: '汕尾市示例厂房项目',
      projectType: 'industrial-land-with-scheme',
      region: '441500',
      owner: { name: '汕尾市示例实业有限公司', creditCode: '91441500MA51XY201H' },
      investmentFen: 100_000_000,
      registeredAt: '2026-01-05T01:00:00.000Z',
      location: '汕尾市城区示例路 1 号',
    }
    const register = () =>
      publishAsRelay(w.nc, w.topology, ProjectRegisteredV1, registration, {
        aggregate: registration.projectId,
        source: 'intake',
      })
    const consumed = async () =>
      (
        await w.db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM inbox_message WHERE consumer = 'approval-projects'`,
        )
      ).rows[0]?.n
    const listed = async () => {
      const res = await call(w, 'GET', '/drawing-reviews', body)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body as { reviews: DrawingReviewSnapshot[]; projects: unknown[] }
    }
    const before = await consumed()
    await register()
    await expect.poll(consumed).toBe((before ?? 0) + 1)
    const list = await listed()
    expect(list.reviews.map((r) => r.reviewId).sort()).toEqual([titled.reviewId, untitled.reviewId].sort())
    // The review body reads no project: the list names each review's project (name, 项目代码, location) beside it.
    expect(list.projects).toEqual([
      {
        projectId: titled.projectId,
        name: '汕尾市示例厂房项目',
        projectCode: '2026-441500-47-01-900001',
        location: '汕尾市城区示例路 1 号',
      },
    ])

    // The same registration again, under another event id (past the inbox): consumed, and the copy is not written.
    const row = async () =>
      (
        await w.db.pool.query('SELECT xmin::text AS xmin, name, project_code, location FROM project WHERE id = $1', [
          titled.projectId,
        ])
      ).rows
    const stored = await row()
    expect(stored).toHaveLength(1)
    await register()
    await expect.poll(consumed).toBe((before ?? 0) + 2)
    expect(await row()).toEqual(stored)
    expect((await listed()).projects).toEqual(list.projects)
  })
})
describe('a step clock whose alert cannot be published', () => {
  it('is skipped and named once by the step clock scan; the steps after it and the timers after that scan still alert', async () => {
    await startAt(w, START)
    const limit = { value: 5, unit: 'W' as const }
    const one = (department: string) =>
      anAcceptance('2026-03-02', [department], {
        items: [{ item: 'only', department, committedLimit: limit }],
        stepLimit: limit,
        projectCap: limit,
      })
    // Made in this order, so the damaged steps come first in the scan's id order.
    const [longName, badClocks, good] = [one('dept-long-step'), one('dept-bad-clocks'), one('dept-good-step')]
    for (const body of [longName, badClocks, good]) await accept(w, body)
    // A step name of 101 characters, longer than a step code (its alert event fails the schema), and clocks that do
    // not read as clocks (the committed clock's pauses are no list).
    await w.db.pool.query(`UPDATE step SET step = repeat('s', 101) WHERE application_id = $1`, [longName.applicationId])
    await w.db.pool.query(
      `UPDATE step SET clocks = jsonb_set(clocks, '{committed,suspensions}', '"lost"') WHERE application_id = $1`,
      [badClocks.applicationId],
    )

    // Tuesday 10 March: every step's 5 W and every project's 5 W cap are past.
    w.clock.set('2026-03-10T02:00:00Z')
    const stepAlerts = async (applicationId: string) => [
      ...(await outboxBodies(w, StepClockWarnedV1))
        .filter((a) => a.applicationId === applicationId)
        .map((a) => `${a.clock}/warned`),
      ...(await outboxBodies(w, StepClockOverdueV1))
        .filter((a) => a.applicationId === applicationId)
        .map((a) => `${a.clock}/overdue`),
    ]
    const overdueFlows = async (projectId: string) =>
      (await outboxBodies(w, FlowClockOverdueV1)).filter((a) => a.projectId === projectId)
    await expect.poll(() => stepAlerts(good.applicationId)).toEqual(['committed/warned', 'committed/overdue'])
    // The whole-flow clocks are scanned after the steps' in the same pass (jobs/scan-clocks.ts), the damaged steps'
    // projects' too: their flow clocks are intact.
    for (const body of [longName, badClocks, good]) {
      await expect.poll(async () => (await overdueFlows(body.projectId)).length).toBe(1)
    }
    await scansPass(w, 2)
    expect(w.app.scanner.healthy()).toBe(true)
    expect(await stepAlerts(longName.applicationId)).toEqual([])
    expect(await stepAlerts(badClocks.applicationId)).toEqual([])
    const keys = await w.db.pool.query('SELECT 1 FROM step_alert WHERE application_id = ANY($1::uuid[])', [
      [longName.applicationId, badClocks.applicationId],
    ])
    expect(keys.rowCount).toBe(0)

    // Every pass still meets them: each is named once, with why, however many passes skip it.
    const named: Array<{ id: string; err: unknown }> = []
    const skipped = skipOnce('approval-scan-step-clocks', {
      error: (obj) => named.push(obj as { id: string; err: unknown }),
    })
    for (let pass = 0; pass < 2; pass += 1) {
      await expect(scanAlertClocksOnce(w.app.deps.commands, stepAlertClock, { yellowAt: 0.8 }, skipped)).resolves.toBe(
        0,
      )
    }
    expect(named.map((n) => n.id)).toEqual([longName.applicationId, badClocks.applicationId])
    expect(named[0]?.err).toBeInstanceOf(EventBodyInvalidError)
    expect(named[1]?.err).toBeInstanceOf(UnreadableStoredRow)
    expect(await stepAlerts(longName.applicationId)).toEqual([])
  })
})
