import { TaskSupervisionOverdueV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { overdueSupervisionQuery } from '../src/db/tasks.js'
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

// 督办逾期未回复 (docs/legal-time.md#督办): approval's timer reports a 督办 unanswered past its reply-by day once, the
// task open or decided (a decision answers no 督办), on real PostgreSQL and NATS. Tuesday 3 March 2026, 1 W to reply:
// due Wednesday 03-04.

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
  it('is reported once the day after, a decided task’s too; an answered one and one not yet due are not', async () => {
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
    const decided = await supervise(planning.id, 1)
    expect((await act(w, planning, { action: 'claim' })).status).toBe(200)
    expect((await act(w, planning, { action: 'approve' })).status).toBe(200)

    // On its reply-by day it is not overdue yet.
    w.clock.set('2026-03-04T09:00:00Z')
    await scansPass(w, 2)
    expect(await reported()).toEqual([])

    // Thursday 03-05: overdue, reported once across passes — the approved task's as the open one's.
    w.clock.set('2026-03-05T02:00:00Z')
    await expect.poll(async () => (await reported()).length).toBe(2)
    await scansPass(w, 3)
    const all = await reported()
    expect(all).toHaveLength(2)
    const ofHousing = all.find((e) => e.task.taskId === housing.id)
    expect(ofHousing).toMatchObject({ supervisionId: late.id, dueOn: '2026-03-04' })
    expect(ofHousing?.task.supervisions?.map((s) => [s.id, s.overdueOn ?? null])).toEqual([
      [late.id, '2026-03-05'],
      [answered.id, null],
      [later.id, null],
    ])
    expect(all.find((e) => e.task.taskId === planning.id)).toMatchObject({
      supervisionId: decided.id,
      dueOn: '2026-03-04',
      task: { status: 'approved', supervisions: [{ id: decided.id, overdueOn: '2026-03-05' }] },
    })
    const stored = await w.db.pool.query(
      'SELECT id::text, status FROM task WHERE id = ANY($1::uuid[]) ORDER BY status',
      [[housing.id, planning.id]],
    )
    expect(stored.rows).toEqual([
      { id: planning.id, status: 'approved' },
      { id: housing.id, status: 'assigned' },
    ])
    // Its reply is still taken after the decision and the report.
    const reply = await call(
      w,
      'POST',
      `/tasks/${planning.id}/supervisions/${decided.id}/response`,
      reviewerOf(planning.department),
      { response: '已办结，超期原因已说明' },
    )
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  })

  it('finds its candidates through the partial index, whose predicate the query states', async () => {
    // Many tasks never urged, one urged: the planner must be able to use the index for the query as the timer runs it.
    const client = await w.db.pool.connect()
    try {
      await client.query('BEGIN')
      await client.query('SET LOCAL enable_seqscan = off')
      const q = overdueSupervisionQuery('2026-03-05', undefined, 100)
      const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.text}`, q.values)
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('task_owed_supervision_idx')
    } finally {
      await client.query('ROLLBACK')
      client.release()
    }
  })
})
