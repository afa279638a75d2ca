import { FlowClockOverdueV1, NATS_MAX_PAYLOAD, TaskClockOverdueV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accept, anAcceptance, approvalWorld, outboxBodies, scansPass, startAt, type World } from './helpers.js'

// A task clock's alert carries the whole task. One task whose alert NATS would refuse (a task within a few KB of the
// limit; here a stored row padded with a field its snapshot does not declare and lets through) made the outbox throw
// in the scan's batch transaction on every pass: no task of that batch was alerted, and since scan-clocks runs its
// eight timers in one run, neither the step, flow, commitment, supervision, rectification, rating nor drawing-review
// timers after it — and /readyz answered 503. `sweep` now skips that task, names it, and the pass goes on.

const START = '2026-03-02T01:00:00Z'

let w: World
beforeAll(async () => {
  w = await approvalWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('a task whose clock alert NATS would refuse', () => {
  it('is skipped by the clock scan, which alerts every other task and runs the timers after it', async () => {
    await startAt(w, START)
    const limit = { value: 5, unit: 'W' as const }
    const one = (department: string) =>
      anAcceptance('2026-03-02', [department], {
        items: [{ item: 'only', department, committedLimit: limit }],
        projectCap: { value: 5, unit: 'W' },
      })
    const [hugeBody, goodBody] = [one('dept-huge'), one('dept-intact')]
    const [huge] = await accept(w, hugeBody)
    const [good] = await accept(w, goodBody)
    if (!huge || !good) throw new Error('no task')
    await w.db.pool.query(`UPDATE task SET state = jsonb_set(state, '{padding}', to_jsonb($2::text)) WHERE id = $1`, [
      huge.id,
      'x'.repeat(NATS_MAX_PAYLOAD),
    ])
    const before = (await w.writtenTo('task', huge.id)).state

    // Tuesday 10 March: both tasks' 5 W and both projects' 5 W caps are past.
    w.clock.set('2026-03-10T02:00:00Z')
    const overdueTasks = async (taskId: string) =>
      (await outboxBodies(w, TaskClockOverdueV1)).filter((a) => a.task.taskId === taskId && a.clock === 'committed')
    const overdueFlows = async (projectId: string) =>
      (await outboxBodies(w, FlowClockOverdueV1)).filter((a) => a.projectId === projectId)
    await expect.poll(async () => (await overdueTasks(good.id)).length).toBe(1)
    // The flow clock timer runs after the task clocks' in the same run: both projects' caps are told.
    await expect.poll(async () => (await overdueFlows(goodBody.projectId)).length).toBe(1)
    await expect.poll(async () => (await overdueFlows(hugeBody.projectId)).length).toBe(1)
    await scansPass(w, 2)
    expect(w.app.scanner.healthy()).toBe(true)
    expect(await overdueTasks(huge.id)).toEqual([])
    // Left as it was: still due, to be told once it is mended.
    expect((await w.writtenTo('task', huge.id)).state).toEqual(before)
  })
})
