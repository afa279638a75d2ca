import { TaskSupervisionOverdueV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accept,
  act,
  anAcceptance,
  approvalWorld,
  call,
  outboxBodies,
  reviewerOf,
  scansPass,
  type World,
} from './helpers.js'

// 督办逾期未回复 (docs/legal-time.md#督办): approval's timer reports a 督办 of an open task unanswered past its reply-by
// day once, on real PostgreSQL and NATS. Tuesday 3 March 2026, 1 W to reply: due Wednesday 03-04.

const START = '2026-03-03T02:00:00Z'
const DEPTS = ['housing-construction', 'natural-resources']
const supervisor = { sub: 'supervisor-1', role: 'supervisor' }

let w: World
beforeAll(async () => {
  w = await approvalWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const supervise = async (taskId: string, replyWithin: number) => {
  const res = await call(w, 'POST', `/tasks/${taskId}/supervisions`, supervisor, {
    note: '请说明审查进度',
    replyWithin,
  })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.task.supervisions.at(-1) as { id: string }
}
const reported = async () => await outboxBodies(w, TaskSupervisionOverdueV1)

describe('督办 unanswered past its reply-by day', () => {
  it('is reported once the day after; an answered one, one not yet due and a decided task’s are not', async () => {
    const [housing, planning] = await accept(w, anAcceptance('2026-03-02', DEPTS))
    if (!housing || !planning) throw new Error('no task')
    const late = await supervise(housing.id, 1)
    const answered = await supervise(housing.id, 1)
    const later = await supervise(housing.id, 5)
    expect(
      (
        await call(
          w,
          'POST',
          `/tasks/${housing.id}/supervisions/${answered.id}/response`,
          reviewerOf(housing.department),
          {
            response: '已安排专人',
          },
        )
      ).status,
    ).toBe(200)
    await supervise(planning.id, 1)
    expect((await act(w, planning, { action: 'claim' })).status).toBe(200)
    expect((await act(w, planning, { action: 'approve' })).status).toBe(200)

    // On its reply-by day it is not overdue yet.
    w.clock.set('2026-03-04T09:00:00Z')
    await scansPass(w, 2)
    expect(await reported()).toEqual([])

    // Thursday 03-05: overdue, reported once across passes.
    w.clock.set('2026-03-05T02:00:00Z')
    await expect.poll(async () => (await reported()).length).toBe(1)
    await scansPass(w, 3)
    const all = await reported()
    expect(all).toHaveLength(1)
    expect(all[0]).toMatchObject({ supervisionId: late.id, dueOn: '2026-03-04', task: { taskId: housing.id } })
    expect(all[0]?.task.supervisions?.map((s) => [s.id, s.overdueOn ?? null])).toEqual([
      [late.id, '2026-03-05'],
      [answered.id, null],
      [later.id, null],
    ])
    const stored = await w.db.pool.query('SELECT status FROM task WHERE id = $1', [housing.id])
    expect(stored.rows).toEqual([{ status: 'assigned' }])
  })
})
