import { StepDecidedV1, TaskClockOverdueV1, TaskClockWarnedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accept,
  act,
  anAcceptance,
  approvalWorld,
  outboxBodies,
  publishAccepted,
  scansPass,
  startAt,
  type World,
} from './helpers.js'

// Monday 2 March 2026, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'
const RACES = 100
const PAIR = ['dept-a', 'dept-b']

let w: World
beforeAll(async () => {
  w = await approvalWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const tasksOf = async (applicationId: string) =>
  (
    await w.db.pool.query<{ id: string; department: string }>(
      'SELECT id::text, department FROM task WHERE application_id = $1 ORDER BY department',
      [applicationId],
    )
  ).rows

describe('exactly once', () => {
  it(`decides the step once when two reviewers decide the last two tasks at the same instant (${RACES} races)`, async () => {
    await startAt(w, START)
    const bodies = Array.from({ length: RACES }, () => anAcceptance('2026-03-02', PAIR))
    await Promise.all(bodies.map((b) => publishAccepted(w, b)))
    await expect
      .poll(async () => (await w.db.pool.query('SELECT count(*)::int AS n FROM task')).rows[0].n, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(RACES * 2)
    const pairs = await Promise.all(
      bodies.map(async (b) => ({ applicationId: b.applicationId, tasks: await tasksOf(b.applicationId) })),
    )
    for (const p of pairs) {
      for (const t of p.tasks) expect((await act(w, t, { action: 'claim' })).status).toBe(200)
    }
    for (let i = 0; i < RACES; i += 10) {
      await Promise.all(
        pairs.slice(i, i + 10).map(async ({ tasks: [a, b] }, j) => {
          if (!a || !b) throw new Error('pair incomplete')
          // Every fifth race has one rejection, so both fan-in outcomes race.
          const second = (i + j) % 5 === 0 ? { action: 'reject', reason: '不符合' } : { action: 'approve' }
          const [ra, rb] = await Promise.all([act(w, a, { action: 'approve' }), act(w, b, second)])
          // With a rejection, the approval lands first (200) or finds its task closed by the rejection (409).
          expect(rb.status).toBe(200)
          expect((i + j) % 5 === 0 ? [200, 409] : [200]).toContain(ra.status)
        }),
      )
    }
    const decisions = await outboxBodies(w, StepDecidedV1)
    for (const [i, { applicationId }] of pairs.entries()) {
      const mine = decisions.filter((d) => d.applicationId === applicationId)
      expect(mine).toHaveLength(1)
      expect(mine[0]?.outcome).toBe(i % 5 === 0 ? 'rejected' : 'approved')
    }
    const steps = await w.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM step WHERE decided_at IS NOT NULL AND application_id = ANY($1::uuid[])',
      [pairs.map((p) => p.applicationId)],
    )
    expect(steps.rows[0]?.n).toBe(RACES)
  })

  it('emits one warning at 80% and one overdue at 100% of a task clock, no more, across restarts', async () => {
    await startAt(w, START)
    const body = anAcceptance('2026-03-02', ['dept-clock'], {
      items: [{ item: 'only', department: 'dept-clock', committedLimit: { value: 5, unit: 'W' } }],
    })
    const [task] = await accept(w, body)
    if (!task) throw new Error('no task')
    const mine = async (event: typeof TaskClockWarnedV1 | typeof TaskClockOverdueV1) =>
      (await outboxBodies(w, event)).filter((a) => a.task.taskId === task.id && a.clock === 'committed')

    // 5 W from Monday 2 March: due Monday 9 March. Thursday is 3/5 = 60%; Friday 4/5 = 80%.
    w.clock.set('2026-03-05T02:00:00Z')
    await scansPass(w, 2)
    expect(await mine(TaskClockWarnedV1)).toHaveLength(0)
    w.clock.set('2026-03-06T02:00:00Z')
    await expect.poll(async () => (await mine(TaskClockWarnedV1)).length).toBe(1)
    expect(await mine(TaskClockOverdueV1)).toHaveLength(0)

    await w.restart()
    await scansPass(w, 3)
    expect(await mine(TaskClockWarnedV1)).toHaveLength(1)

    // Tuesday 10 March: past the due date.
    w.clock.set('2026-03-10T02:00:00Z')
    await expect.poll(async () => (await mine(TaskClockOverdueV1)).length).toBe(1)
    const [overdue] = await mine(TaskClockOverdueV1)
    expect(overdue).toMatchObject({ dueOn: '2026-03-09', detectedOn: '2026-03-10', limit: 5 })

    await w.restart()
    await scansPass(w, 3)
    expect(await mine(TaskClockWarnedV1)).toHaveLength(1)
    expect(await mine(TaskClockOverdueV1)).toHaveLength(1)
    // And a direct scan, as a second replica would run it, finds nothing left to emit for this task.
    await w.app.scanner.runOnce()
    expect(await mine(TaskClockWarnedV1)).toHaveLength(1)
    expect(await mine(TaskClockOverdueV1)).toHaveLength(1)
  })

  it('skips a task whose stored clock cannot be evaluated, and still alerts every other task', async () => {
    await startAt(w, START)
    const limit = { value: 5, unit: 'W' as const }
    const [bad] = await accept(
      w,
      anAcceptance('2026-03-02', ['dept-bad'], {
        items: [{ item: 'only', department: 'dept-bad', committedLimit: limit }],
      }),
    )
    const [good] = await accept(
      w,
      anAcceptance('2026-03-02', ['dept-good'], {
        items: [{ item: 'only', department: 'dept-good', committedLimit: limit }],
      }),
    )
    if (!bad || !good) throw new Error('no task')
    // A row stored before dates were checked: its committed clock starts on a day that does not exist.
    await w.db.pool.query(
      `UPDATE task SET state = jsonb_set(state, '{clocks,committed,start}', '"2026-02-30"') WHERE id = $1`,
      [bad.id],
    )
    const alerted = async (taskId: string) =>
      (await outboxBodies(w, TaskClockOverdueV1)).filter((a) => a.task.taskId === taskId && a.clock === 'committed')
    w.clock.set('2026-03-10T02:00:00Z')
    await expect(w.app.scanner.runOnce()).resolves.toBeGreaterThanOrEqual(0)
    await expect.poll(async () => (await alerted(good.id)).length).toBe(1)
    expect(await alerted(bad.id)).toEqual([])
  })

  it('evaluates a task again on the same day once its version moves, after a pass found nothing due on it', async () => {
    // The test before left the clock on 10 March; no pass of that day may see this task.
    await startAt(w, START)
    const [task] = await accept(
      w,
      anAcceptance('2026-03-02', ['dept-moved'], {
        items: [{ item: 'only', department: 'dept-moved', committedLimit: { value: 5, unit: 'W' } }],
      }),
    )
    if (!task) throw new Error('no task')
    const overdue = async () =>
      (await outboxBodies(w, TaskClockOverdueV1)).filter((a) => a.task.taskId === task.id && a.clock === 'committed')
    await w.app.scanner.runOnce()
    expect(await overdue()).toEqual([])
    // Still Monday 2 March: the task changes (its committed clock now started in January, so it is overdue), and its
    // version moves and its day to be looked at goes back to the next pass with it, as every change of a task writes
    // them (db/tasks.ts `saveTasks`).
    await w.db.pool.query(
      `UPDATE task SET version = version + 1, look_on = DEFAULT,
              state = jsonb_set(jsonb_set(state, '{clocks,committed,start}', '"2026-01-05"'), '{version}', to_jsonb(version + 1))
        WHERE id = $1`,
      [task.id],
    )
    await w.app.scanner.runOnce()
    await expect.poll(async () => (await overdue()).length).toBe(1)
  })
})
