import { ApprovalDueMovedV1, CalendarPublishedV1, type TaskSnapshot } from '@onewindow/contracts'
import { logLines, publishAsRelay, published2027, serviceWorld } from '@onewindow/testing'
import type { Static } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApproval, migrationsDir } from '../src/index.js'
import { accept, anAcceptance } from './helpers.js'

type Task = Static<typeof TaskSnapshot>

// A publication re-projects every open clock the service holds in one transaction. One damaged stored row (a hand
// edit, a restore from another release) must not hold it back: the calendar is stored, every other clock moves, and
// the damaged row is left as it was and named in the log. The days are calendar.int's: accepted on commitment Monday
// 14 December 2026, 20 W runs to Mon 2027-01-11 on weekdays alone and to Tue 01-12 with 元旦 published.
const START = '2026-12-14T02:00:00Z'
const TODAY = '2026-12-14'
const BEFORE = '2027-01-11'
const AFTER = '2027-01-12'

type LogLine = { msg?: string; unreadable?: { kind?: string; id?: string; reason?: string } }
const { stream, lines } = logLines<LogLine>()
const world = () =>
  serviceWorld({
    name: 'approval',
    migrationsDir,
    start: START,
    create: (wiring) =>
      createApproval({
        ...wiring,
        scanEveryMs: 3_600_000,
        logger: { stream },
        logLevel: 'warn',
      }),
  })
let w: Awaited<ReturnType<typeof world>>
beforeAll(async () => {
  w = await world()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const stateOf = async (taskId: string): Promise<Task> =>
  (await w.db.pool.query<{ state: Task }>('SELECT state FROM task WHERE id = $1', [taskId])).rows[0]?.state as Task

async function onCommitment(): Promise<Task> {
  const body = anAcceptance(TODAY, ['housing-construction'])
  const rows = await accept(w, {
    ...body,
    items: body.items.map((i) => ({ ...i, onCommitment: true })),
    commitments: [{ item: 'item-1', verifyBy: BEFORE, limit: { value: 20, unit: 'W' as const } }],
  })
  await expect.poll(async () => (await stateOf(rows[0]?.id ?? '')).status).toBe('approved')
  return stateOf(rows[0]?.id ?? '')
}

describe('a published calendar beside a damaged stored row', () => {
  it('is stored and moves every other clock; the damaged task is left as it was and named in the log', async () => {
    const good = await onCommitment()
    const damaged = await onCommitment()
    const clockless = await onCommitment()
    // One task's state off its schema; another's kept clock one no calendar can count (a start before 2000).
    await w.db.pool.query(`UPDATE task SET state = jsonb_set(state, '{department}', '""') WHERE id = $1`, [
      damaged.taskId,
    ])
    await w.db.pool.query(
      `UPDATE task SET state = jsonb_set(state, '{commitment,verifyClock,start}', '"1999-12-31"') WHERE id = $1`,
      [clockless.taskId],
    )
    // A step whose statutory clock moves, and whose committed clock cannot be counted: a limit of a billion working
    // days has no due date within the supported dates. The step's clocks are read back checked, so it is named there.
    const late = anAcceptance(TODAY, ['housing-construction'], { stepLimit: { value: 20, unit: 'W' } })
    await accept(w, late)
    await w.db.pool.query(
      `UPDATE step SET clocks = jsonb_set(clocks, '{committed}',
         '{"limit": {"value": 1000000000, "unit": "W"}, "start": "2026-12-14", "suspensions": []}')
        WHERE application_id = $1`,
      [late.applicationId],
    )

    await publishAsRelay(w.nc, w.topology, CalendarPublishedV1, published2027({ publishedAt: START }), {
      aggregate: 'calendar:year-2027',
      source: 'intake',
    })
    await expect
      .poll(async () => (await w.db.pool.query('SELECT version FROM calendar_entry')).rows[0]?.version)
      .toBe(1)
    expect((await stateOf(good.taskId)).commitment?.verifyBy).toBe(AFTER)
    const moves = await w.db.pool.query<{ payload: Static<typeof ApprovalDueMovedV1.schema> }>(
      'SELECT payload FROM outbox_message WHERE subject = $1',
      [ApprovalDueMovedV1.subject],
    )
    const verifyBy = moves.rows.filter((r) => r.payload.clock === 'verify-by')
    expect(verifyBy.map((r) => [r.payload.subject, r.payload.to])).toEqual([[`task:${good.taskId}`, AFTER]])
    expect((await stateOf(damaged.taskId)).commitment?.verifyBy).toBe(BEFORE)
    expect((await stateOf(clockless.taskId)).commitment?.verifyBy).toBe(BEFORE)
    // Named once each, with why; no dead letter, no redelivery (the publication is applied, once).
    const named = lines.filter((l) => l.unreadable).map((l) => [l.unreadable?.kind, l.unreadable?.id])
    // The task's stored state is checked against its schema, which bounds a clock's start: both are unreadable tasks.
    expect(named).toEqual([
      ['step clocks', late.applicationId],
      ['task', damaged.taskId],
      ['task', clockless.taskId],
    ])
    // That step keeps what it stored, and none of its moves is told.
    expect(moves.rows.map((r) => r.payload.subject)).not.toContain(`step:${late.applicationId}`)
    expect(lines.find((l) => l.unreadable?.id === clockless.taskId)?.unreadable?.reason).toContain(
      '/commitment/verifyClock/start',
    )
  })
})
