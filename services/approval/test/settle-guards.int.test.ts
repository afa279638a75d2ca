import { prismaAdapter } from '@onewindow/db'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { flowRepository } from '../src/db/flow-clocks.js'
import { type Tx, taskRepository } from '../src/db/tasks.js'
import type { FlowClock } from '../src/domain/flow-clock.js'
import type { StepClocks } from '../src/domain/step-clock.js'
import { PrismaClient } from '../src/generated/client.js'
import { accept, act, anAcceptance, approvalWorld, type World } from './helpers.js'

// A day the scan stores for a clock it counted is written only while the row is as it was read and free: a change in
// between keeps the day the change set back (the next pass counts it again), and a row another transaction holds is
// skipped, not waited for (commands.ts: the scans' `settle`).
const TODAY = '2026-12-14'
const LATER = '2027-01-15'

let w: World
let prisma: PrismaClient
beforeAll(async () => {
  // The scanner an hour apart: nothing but these tests writes a day.
  w = await approvalWorld(`${TODAY}T01:00:00Z`, { scanEveryMs: 3_600_000 })
  // The pass the scanner runs as it starts, finished before any test writes: on a slow host it was still walking
  // the tasks when the first test's task was accepted, and stored that task's day itself. Not woken: the next pass
  // is an hour away.
  await vi.waitUntil(() => w.app.scanner.runs >= 1, { timeout: 15_000 })
  prisma = new PrismaClient({ adapter: prismaAdapter(w.db.pool, w.db.schema) })
  w.defer(() => prisma.$disconnect())
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const inTx = <T>(fn: (tx: Tx) => Promise<T>) => prisma.$transaction((tx: Tx) => fn(tx))
const one = async <T>(sql: string, id: string) => (await w.db.pool.query(sql, [id])).rows[0] as T
/** Runs `fn` while another connection holds `sql`'s row lock. */
const whileHeld = async <T>(sql: string, id: string, fn: () => Promise<T>): Promise<T> => {
  const other = await w.db.pool.connect()
  try {
    await other.query('BEGIN')
    await other.query(sql, [id])
    return await fn()
  } finally {
    await other.query('ROLLBACK')
    other.release()
  }
}

describe('the days the clock scans store', () => {
  it("a task's: only at the version counted, and not while another transaction holds it", async () => {
    const body = anAcceptance(TODAY, ['housing-construction'])
    const [task] = await accept(w, body)
    if (!task) throw new Error('no task')
    const { version } = await one<{ version: number }>('SELECT version FROM task WHERE id = $1', task.id)
    const look = { taskId: task.id, version, lookOn: LATER }
    const dayOf = async () => (await one<{ d: string }>('SELECT look_on::text AS d FROM task WHERE id = $1', task.id)).d

    expect(
      await whileHeld('SELECT 1 FROM task WHERE id = $1 FOR UPDATE', task.id, () =>
        inTx((tx) => taskRepository(tx).saveTaskLooks([look])),
      ),
    ).toEqual([])
    expect(await dayOf()).toBe('1970-01-01')

    // Claimed since it was counted: a new version, its day set back; the stale day is not written over it.
    expect((await act(w, task, { action: 'claim' })).status).toBe(200)
    expect(await inTx((tx) => taskRepository(tx).saveTaskLooks([look]))).toEqual([])
    expect(await dayOf()).toBe('1970-01-01')
    expect(await inTx((tx) => taskRepository(tx).saveTaskLooks([{ ...look, version: version + 1 }]))).toEqual([task.id])
    expect(await dayOf()).toBe(LATER)
  })

  it("a step's: only with the clocks counted, while undecided and free", async () => {
    const body = anAcceptance(TODAY, ['housing-construction'], { stepLimit: { value: 20, unit: 'W' } })
    const [task] = await accept(w, body)
    if (!task) throw new Error('no task')
    const { clocks } = await one<{ clocks: StepClocks }>(
      'SELECT clocks FROM step WHERE application_id = $1',
      body.applicationId,
    )
    const dayOf = async () =>
      (await one<{ d: string }>('SELECT look_on::text AS d FROM step WHERE application_id = $1', body.applicationId)).d
    const look = (c: StepClocks) =>
      inTx((tx) => taskRepository(tx).saveStepLooks([{ applicationId: body.applicationId, clocks: c, lookOn: LATER }]))
    const before = await dayOf()

    // Clocks other than the row's (a pause or an extension since): not written.
    const committed = clocks.committed
    if (!committed) throw new Error('no committed clock')
    expect(await look({ ...clocks, committed: { ...committed, limit: { value: 30, unit: 'W' } } })).toEqual([])
    expect(
      await whileHeld('SELECT 1 FROM step WHERE application_id = $1 FOR UPDATE', body.applicationId, () =>
        look(clocks),
      ),
    ).toEqual([])
    expect(await dayOf()).toBe(before)
    // The row's own clocks, read back as stored: written.
    expect(await look(clocks)).toEqual([body.applicationId])
    expect(await dayOf()).toBe(LATER)

    // Decided: no longer a step the scan keeps a day for.
    await w.db.pool.query("UPDATE step SET look_on = '1970-01-01' WHERE application_id = $1", [body.applicationId])
    expect((await act(w, task, { action: 'claim' })).status).toBe(200)
    expect((await act(w, task, { action: 'approve' })).status).toBe(200)
    expect(await look(clocks)).toEqual([])
    expect(await dayOf()).toBe('1970-01-01')
  })

  it("a whole-flow clock's: only with the state counted, while it runs and is free", async () => {
    const body = anAcceptance(TODAY, ['housing-construction'], { projectCap: { value: 20, unit: 'W' } })
    await accept(w, body)
    const { state } = await one<{ state: FlowClock }>(
      'SELECT state FROM flow_clock WHERE project_id = $1',
      body.projectId,
    )
    const dayOf = async () =>
      (await one<{ d: string }>('SELECT look_on::text AS d FROM flow_clock WHERE project_id = $1', body.projectId)).d
    const look = (flow: FlowClock) => inTx((tx) => flowRepository(tx).saveFlowLooks([{ flow, lookOn: LATER }]))
    const before = await dayOf()

    expect(await look({ ...state, cap: { value: 30, unit: 'W' } })).toEqual([])
    expect(
      await whileHeld('SELECT 1 FROM flow_clock WHERE project_id = $1 FOR UPDATE', body.projectId, () => look(state)),
    ).toEqual([])
    expect(await dayOf()).toBe(before)
    expect(await look(state)).toEqual([body.projectId])
    expect(await dayOf()).toBe(LATER)

    await w.db.pool.query("UPDATE flow_clock SET running = false, look_on = '1970-01-01' WHERE project_id = $1", [
      body.projectId,
    ])
    expect(await look(state)).toEqual([])
    expect(await dayOf()).toBe('1970-01-01')
  })
})
