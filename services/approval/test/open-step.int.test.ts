import { recordTransactions } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accept, anAcceptance, approvalWorld, type World } from './helpers.js'

const TODAY = '2026-12-01'

let transactions: ReturnType<typeof recordTransactions>

/** A statement by its first words; BEGIN's round trip also takes the calendar's lock and reads its stamp (calendarGuard). */
const firstWords = (s: string) =>
  s.startsWith('BEGIN; SELECT pg_advisory_xact_lock_shared(') && s.includes('FROM calendar_entry')
    ? 'BEGIN, calendar guard'
    : s.split(' ').slice(0, 3).join(' ')

/** The statements, by their first words, of the consumer's transaction that opened a step (the one test's acceptance). */
const opening = () =>
  transactions.committed
    .filter(
      (t) => t.some((s) => s.startsWith('INSERT INTO inbox_message')) && t.some((s) => /INSERT INTO step/.test(s)),
    )
    .map((t) => t.map(firstWords))

describe('an accepted application opened in one statement', () => {
  let w: World
  beforeAll(async () => {
    transactions = recordTransactions()
    w = await approvalWorld(`${TODAY}T01:00:00Z`)
  })
  afterAll(async () => {
    transactions?.restore()
    await w?.[Symbol.asyncDispose]()
  })

  it('writes the step, its tasks and their events in five round trips: BEGIN, inbox, step, outbox, COMMIT', async () => {
    transactions.committed.length = 0
    const body = anAcceptance(TODAY, ['housing-construction', 'fire', 'civil-defence', 'water', 'power', 'gas'])
    const tasks = await accept(w, body)
    await expect.poll(() => opening().length).toBe(1)
    const step = await w.db.pool.query(
      `SELECT due_on::text, look_on::text, outcome, decided_at, clocks FROM step WHERE application_id = $1`,
      [body.applicationId],
    )
    // Without a step limit the step has no clock: no due day, never looked at by the scan.
    expect(step.rows).toEqual([{ due_on: null, look_on: '9999-12-31', outcome: null, decided_at: null, clocks: {} }])
    // One event for the step's assignments, carrying every task as assigned, and no event of a task's own.
    const outbox = await w.db.pool.query<{ aggregate_id: string; subject: string; payload: unknown }>(
      'SELECT aggregate_id, subject, payload FROM outbox_message ORDER BY position',
    )
    const ids = (
      await w.db.pool.query<{ id: string }>('SELECT id::text FROM task WHERE application_id = $1', [body.applicationId])
    ).rows.map((r) => r.id)
    expect(ids).toHaveLength(tasks.length)
    expect(outbox.rows.filter((r) => ids.includes(r.aggregate_id))).toEqual([])
    const assigned = outbox.rows.filter((r) => r.aggregate_id === body.applicationId)
    expect(assigned.map((r) => r.subject)).toEqual(['permit.approval.step.tasks-assigned.v1'])
    const event = assigned[0]?.payload as {
      applicationId: string
      projectId: string
      tasks: Array<{ taskId: string; item: string; department: string; status: string; version: number }>
    }
    expect([event.applicationId, event.projectId]).toEqual([body.applicationId, body.projectId])
    // In the order of the application's items, each task as it stands after its assignment.
    expect(event.tasks.map((t) => [t.item, t.department, t.status, t.version])).toEqual(
      body.items.map((i) => [i.item, i.department, 'assigned', 1]),
    )
    expect([...event.tasks.map((t) => t.taskId)].sort()).toEqual([...ids].sort())
    expect(opening()).toEqual([
      ['BEGIN, calendar guard', 'INSERT INTO inbox_message', 'WITH s AS', 'WITH added AS', 'COMMIT'],
    ])
  })

  it('with a 用地清单, a flow cap and every item on commitment: one more, the flow clock saved', async () => {
    transactions.committed.length = 0
    const { rows } = await w.db.pool.query<{ last: string }>(
      'SELECT coalesce(max(position), 0)::text AS last FROM outbox_message',
    )
    const base = anAcceptance(TODAY, ['housing-construction', 'fire'], {
      stepLimit: { value: 20, unit: 'W' },
      projectCap: { value: 20, unit: 'W' },
      landList: {
        plotId: '0192f5a0-0000-7000-8000-000000000001',
        plotCode: 'P-1',
        name: 'plot one',
        publishedOn: '2026-11-02',
        materials: ['m-1'],
      },
    })
    const body = {
      ...base,
      items: base.items.map((i) => ({ ...i, onCommitment: true })),
      commitments: base.items.map((i) => ({ item: i.item, verifyBy: '2026-12-30' })),
    }
    await accept(w, body)
    await expect.poll(() => opening().length).toBe(1)
    const step = await w.db.pool.query(
      `SELECT due_on::text, look_on::text, outcome, decided_at IS NOT NULL AS decided FROM step
        WHERE application_id = $1`,
      [body.applicationId],
    )
    expect(step.rows).toEqual([{ due_on: '2026-12-29', look_on: '1970-01-01', outcome: 'approved', decided: true }])
    const list = await w.db.pool.query('SELECT list FROM application_land_list WHERE application_id = $1', [
      body.applicationId,
    ])
    expect(list.rows).toEqual([{ list: body.landList }])
    const flow = await w.db.pool.query<{ state: { steps: unknown[] } }>(
      'SELECT state FROM flow_clock WHERE project_id = $1',
      [body.projectId],
    )
    // Opened on its first step and, the step decided with its tasks, that step's span ended the same day.
    expect(flow.rows[0]?.state.steps).toEqual([
      { kind: 'application', id: body.applicationId, step: 'S2', from: TODAY, to: TODAY },
    ])
    const outbox = await w.db.pool.query<{ subject: string }>(
      'SELECT subject FROM outbox_message WHERE position > $1 ORDER BY position',
      [rows[0]?.last],
    )
    // The tasks assigned (one event), decided on commitment, the step decided, its clocks, and the flow clock last.
    expect(outbox.rows.map((r) => r.subject)).toEqual([
      'permit.approval.step.tasks-assigned.v1',
      'permit.approval.task.decided.v1',
      'permit.approval.task.decided.v1',
      'permit.approval.step.decided.v1',
      'permit.approval.step.clocks-changed.v1',
      'permit.approval.flow.clock-changed.v1',
    ])
    expect(opening()).toEqual([
      [
        'BEGIN, calendar guard',
        'INSERT INTO inbox_message',
        'WITH s AS',
        'INSERT INTO flow_clock',
        'WITH added AS',
        'COMMIT',
      ],
    ])
  })
})
