import { ApprovalDueMovedV1, CalendarPublishedV1, TaskClaimedV1, type TaskSupervision } from '@onewindow/contracts'
import { publishAsRelay } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accept, act, anAcceptance, approvalWorld, call, outboxBodies, reviewerOf, type World } from './helpers.js'

// A 督办's reply-by day on a published calendar (docs/legal-time.md#re-projection), through approval's calendar
// consumer on real PostgreSQL and NATS. Tuesday 3 March 2026: 5 W to reply end on Tue 03-10, 1 W on Wed 03-04. Shanwei
// (441500) then publishes a local rest day on Thu 03-05: inside the first window (due Wed 03-11 now), after the second.

const START = '2026-03-03T02:00:00Z'
const DEPTS = ['housing-construction', 'natural-resources']
const supervisor = { sub: 'supervisor-1', role: 'supervisor' }
const overlay = {
  key: 'region-441500',
  kind: 'overlay' as const,
  version: 1,
  notice: '示例：汕尾市地方休息日',
  publishedAt: START,
  publishedBy: 'admin-1',
  entry: {
    region: '441500',
    name: '汕尾市',
    source: { title: '示例：汕尾市地方休息日通知' },
    restDays: [{ name: '示例地方休息日', from: '2026-03-05', to: '2026-03-05' }],
  },
}

let w: World
beforeAll(async () => {
  w = await approvalWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const supervise = async (taskId: string, replyWithin: number): Promise<TaskSupervision> => {
  const res = await call(w, 'POST', `/tasks/${taskId}/supervisions`, supervisor, {
    note: '请说明审查进度',
    replyWithin,
  })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.task.supervisions.at(-1)
}
const stateOf = async (taskId: string) =>
  (
    await w.db.pool.query<{ state: { version: number; dueOn?: string; supervisions: TaskSupervision[] } }>(
      'SELECT state FROM task WHERE id = $1',
      [taskId],
    )
  ).rows[0]?.state
const replyByMoves = async () => (await outboxBodies(w, ApprovalDueMovedV1)).filter((b) => b.clock === 'reply-by')

describe('督办 reply-by days on a published calendar', () => {
  it('moves an unanswered 督办 of an open or a decided task; one due before the rest day and an answered one keep theirs', async () => {
    const [housing, planning] = await accept(w, anAcceptance('2026-03-02', DEPTS))
    if (!housing || !planning) throw new Error('no task')
    const open = await supervise(housing.id, 5)
    const early = await supervise(housing.id, 1)
    const answered = await supervise(housing.id, 5)
    const reply = await call(
      w,
      'POST',
      `/tasks/${housing.id}/supervisions/${answered.id}/response`,
      reviewerOf(housing.department),
      { response: '已安排专人' },
    )
    expect(reply.status).toBe(200)
    const decided = await supervise(planning.id, 5)
    expect((await act(w, planning, { action: 'claim' })).status).toBe(200)
    expect((await act(w, planning, { action: 'approve' })).status).toBe(200)
    expect([open, early, answered, decided].map((s) => s.deadline.due)).toEqual([
      '2026-03-10',
      '2026-03-04',
      '2026-03-10',
      '2026-03-10',
    ])
    const before = await stateOf(housing.id)
    const planningVersion = (await stateOf(planning.id))?.version

    await publishAsRelay(w.nc, w.topology, CalendarPublishedV1, overlay, { aggregate: overlay.key, source: 'intake' })
    // The approved task's reply is still owed (docs/legal-time.md#督办-of-an-approval-task): its day moves too.
    await expect.poll(async () => (await replyByMoves()).length).toBe(2)
    expect((await replyByMoves()).find((m) => m.subject === `task:${planning.id}/${decided.id}`)).toMatchObject({
      from: '2026-03-10',
      to: '2026-03-11',
      // The decided task's version the move was computed on: the gateway sets the day on no newer snapshot.
      subjectVersion: planningVersion,
    })
    expect((await replyByMoves()).find((m) => m.subject.startsWith(`task:${housing.id}/`))).toMatchObject({
      subject: `task:${housing.id}/${open.id}`,
      clock: 'reply-by',
      department: 'housing-construction',
      from: '2026-03-10',
      to: '2026-03-11',
      subjectVersion: before?.version,
      calendar: { key: 'region-441500', version: 1 },
    })
    for (const m of await replyByMoves()) expect(m).not.toHaveProperty('subjectDueOn')
    // Kept in the task's state with no new version; the task's own clocks moved by their own re-projection.
    const after = await stateOf(housing.id)
    expect(after?.version).toBe(before?.version)
    expect(after?.supervisions.map((s) => s.deadline.due)).toEqual(['2026-03-11', '2026-03-04', '2026-03-10'])
    const approved = await stateOf(planning.id)
    expect(approved?.supervisions.map((s) => s.deadline.due)).toEqual(['2026-03-11'])
    expect(approved?.version).toBe(planningVersion)
    // The task's next event carries the moved day.
    expect((await act(w, housing, { action: 'claim' })).status).toBe(200)
    const claimed = (await outboxBodies(w, TaskClaimedV1)).find((e) => e.task.taskId === housing.id)
    expect(claimed?.task.supervisions?.map((s) => s.deadline.due)).toEqual(['2026-03-11', '2026-03-04', '2026-03-10'])
  })
})
