import { ApprovalDueMovedV1, CalendarPublishedV1, type TaskSnapshot } from '@onewindow/contracts'
import { publishAsRelay, published2027 } from '@onewindow/testing'
import type { Static } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accept, anAcceptance, approvalWorld, type World } from './helpers.js'

type Task = Static<typeof TaskSnapshot>

// Monday 14 December 2026, 10:00 in Shanghai. An item accepted today on commitment (告知承诺) is verified within 20 W:
// 13 working days to 12-31, then 2027, not bundled. On weekdays alone: Fri 01-01 is the 14th, 01-04..01-08 the 15th to
// 19th, Mon 01-11 the 20th (provisional). With 元旦 01-01..01-03 published: 01-04..01-08 are the 14th to 18th, 01-11
// the 19th, Tue 01-12 the 20th.
const START = '2026-12-14T02:00:00Z'
const TODAY = '2026-12-14'
const BEFORE = '2027-01-11'
const AFTER = '2027-01-12'

const publication = (version: number) => published2027({ version, publishedAt: START })

let w: World
beforeAll(async () => {
  w = await approvalWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** An application of one item approved at once on commitment; `limit` absent as intake sent it before it was kept. */
async function onCommitment(withLimit: boolean): Promise<Task> {
  const body = anAcceptance(TODAY, ['housing-construction'])
  const rows = await accept(w, {
    ...body,
    items: body.items.map((i) => ({ ...i, onCommitment: true })),
    commitments: [
      { item: 'item-1', verifyBy: BEFORE, ...(withLimit ? { limit: { value: 20, unit: 'W' as const } } : {}) },
    ],
  })
  await expect.poll(async () => (await stateOf(rows[0]?.id ?? '')).status).toBe('approved')
  return stateOf(rows[0]?.id ?? '')
}
const stateOf = async (taskId: string): Promise<Task> =>
  (await w.db.pool.query<{ state: Task }>('SELECT state FROM task WHERE id = $1', [taskId])).rows[0]?.state as Task
const verifyByMoves = async () => {
  const { rows } = await w.db.pool.query<{ payload: Static<typeof ApprovalDueMovedV1.schema> }>(
    'SELECT payload FROM outbox_message WHERE subject = $1 ORDER BY position',
    [ApprovalDueMovedV1.subject],
  )
  return rows.map((r) => r.payload).filter((b) => b.clock === 'verify-by')
}

describe('告知承诺 in the approval stage on a published calendar', () => {
  it("re-projects an open commitment's verify-by day from its kept clock, once; one made without it keeps its day", async () => {
    const task = await onCommitment(true)
    expect(task.commitment).toEqual({
      verifyBy: BEFORE,
      verifyClock: { limit: { value: 20, unit: 'W' }, start: TODAY, region: '441500', suspensions: [] },
    })
    const unkept = await onCommitment(false)
    expect(unkept.commitment).toEqual({ verifyBy: BEFORE })

    await publishAsRelay(w.nc, w.topology, CalendarPublishedV1, publication(1), {
      aggregate: 'calendar:year-2027',
      source: 'intake',
    })
    await expect.poll(async () => (await verifyByMoves()).length).toBe(1)
    expect((await verifyByMoves())[0]).toMatchObject({
      projectId: task.projectId,
      subject: `task:${task.taskId}`,
      clock: 'verify-by',
      department: 'housing-construction',
      from: BEFORE,
      to: AFTER,
      // The task's version the move was computed on: the gateway sets the day on no newer snapshot.
      subjectVersion: task.version,
      provisionalBefore: true,
      provisionalAfter: false,
      calendar: { key: 'year-2027', version: 1 },
    })
    expect((await verifyByMoves())[0]).not.toHaveProperty('subjectDueOn')
    // Kept in the task's state, with no new version; the task's own due date is not this one.
    const after = await stateOf(task.taskId)
    expect(after.commitment?.verifyBy).toBe(AFTER)
    expect({ version: after.version, dueOn: after.dueOn }).toEqual({ version: task.version, dueOn: task.dueOn })
    expect((await stateOf(unkept.taskId)).commitment?.verifyBy).toBe(BEFORE)

    // The same schedule again (version 2) moves nothing more.
    await publishAsRelay(w.nc, w.topology, CalendarPublishedV1, publication(2), {
      aggregate: 'calendar:year-2027',
      source: 'intake',
    })
    await expect
      .poll(async () => (await w.db.pool.query('SELECT version FROM calendar_entry')).rows[0]?.version)
      .toBe(2)
    expect(await verifyByMoves()).toHaveLength(1)
  })

  it("sets every running task's, step's and flow's day to be looked at back, so the scan counts them with the new calendar", async () => {
    const body = anAcceptance(TODAY, ['housing-construction'], {
      stepLimit: { value: 20, unit: 'W' },
      projectCap: { value: 20, unit: 'W' },
    })
    await accept(w, body)
    const days = async () => ({
      step: (await w.db.pool.query('SELECT look_on::text FROM step WHERE application_id = $1', [body.applicationId]))
        .rows[0]?.look_on,
      flow: (await w.db.pool.query('SELECT look_on::text FROM flow_clock WHERE project_id = $1', [body.projectId]))
        .rows[0]?.look_on,
      task: (await w.db.pool.query('SELECT look_on::text FROM task WHERE application_id = $1', [body.applicationId]))
        .rows[0]?.look_on,
    })
    // Nothing used on the acceptance day: yellow (16 of 20) is at least 16 days away; the task's committed 5 W turns
    // yellow at 4 used, on Friday 12-18.
    const looked = { step: '2026-12-30', flow: '2026-12-30', task: '2026-12-18' }
    await expect.poll(days).toEqual(looked)
    // A day far off stored by hand: only a publication setting it back makes the scan look before it.
    await w.db.pool.query("UPDATE step SET look_on = '2027-06-01' WHERE application_id = $1", [body.applicationId])
    await w.db.pool.query("UPDATE flow_clock SET look_on = '2027-06-01' WHERE project_id = $1", [body.projectId])
    await w.db.pool.query("UPDATE task SET look_on = '2027-06-01' WHERE application_id = $1", [body.applicationId])
    await publishAsRelay(w.nc, w.topology, CalendarPublishedV1, publication(3), {
      aggregate: 'calendar:year-2027',
      source: 'intake',
    })
    await expect.poll(days).toEqual(looked)
  })
})
