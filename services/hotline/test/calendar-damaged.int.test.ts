import {
  type EventBody,
  KnowledgeFeedbackDueMovedV1,
  type KnowledgeFeedbackSnapshot,
  TicketDueMovedV1,
} from '@onewindow/contracts'
import { logLines, publish2027 } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aComplaint, act, agent, call, hotlineWorld, unit, type World } from './helpers.js'

// A publication re-counts every open ticket's running due dates, and every open knowledge feedback's due day, in one
// transaction (commands.ts `reprojectTickets`, `reprojectFeedback`). One damaged stored row (a hand edit, a restore
// from another release) must not hold it back: the calendar is stored, every other row moves, and the damaged one is
// left as it was and named in the log. The days are calendar.int's and calendar-alerts.int's: 2027 is not bundled,
// so its days count on weekdays alone until the fixture publishes 元旦 01-01..01-03. A complaint dispatched and
// accepted Monday 2026-12-28 runs 10 WD to Mon 2027-01-11, then to Tue 01-12; a feedback raised Wednesday 12-30 runs
// 2 WD to Fri 2027-01-01, then to Mon 01-04.
const START = '2026-12-28T02:00:00Z'
const RAISED_AT = '2026-12-30T02:00:00Z'
const BEFORE = '2027-01-11'
const AFTER = '2027-01-12'

type LogLine = { msg?: string; unreadable?: { kind?: string; id?: string; reason?: string } }
const { stream, lines } = logLines<LogLine>()
let w: World
beforeAll(async () => {
  w = await hotlineWorld(START, { logger: { stream }, logLevel: 'warn' })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** A complaint dispatched to housing and accepted today: its handling clock runs 10 WD from today. */
async function accepted(): Promise<string> {
  const res = await call(w, agent, 'POST', '/tickets', aComplaint())
  expect(res.statusCode, res.body).toBe(201)
  const id = res.json().tickets[0].ticket.ticketId as string
  await act(w, agent, id, { action: 'dispatch', department: 'housing' })
  const view = await act(w, unit('housing'), id, { action: 'accept' })
  expect(view.ticket.handling?.due).toBe(BEFORE)
  return id
}

/** 知识点反馈 to housing, raised today: 2 WD. */
async function raised(): Promise<string> {
  const res = await call(w, agent, 'POST', '/knowledge/feedback', {
    department: 'housing',
    kind: 'new-point',
    urgent: false,
    note: '缺少竣工验收备案的知识点',
  })
  expect(res.statusCode, res.body).toBe(201)
  const feedback = res.json().feedback as KnowledgeFeedbackSnapshot
  expect(feedback.dueOn).toBe('2027-01-01')
  return feedback.id
}

/** The stored row whole, as text: what a re-projection that left it alone has not touched. */
const stored = async (table: 'ticket' | 'knowledge_feedback', id: string) =>
  (await w.db.pool.query(`SELECT row_to_json(t)::text AS row FROM ${table} t WHERE id = $1`, [id])).rows[0]?.row

const damage = (table: 'ticket' | 'knowledge_feedback', id: string, path: string, value: string) =>
  w.db.pool.query(`UPDATE ${table} SET state = jsonb_set(state, $2::text[], $3::jsonb) WHERE id = $1`, [
    id,
    path,
    value,
  ])

const outbox = async <E extends typeof TicketDueMovedV1 | typeof KnowledgeFeedbackDueMovedV1>(event: E) =>
  (
    await w.db.pool.query<{ payload: EventBody<E> }>(
      'SELECT payload FROM outbox_message WHERE subject = $1 ORDER BY position',
      [event.subject],
    )
  ).rows.map((r) => r.payload)

describe('a published calendar beside damaged stored tickets and feedback', () => {
  it('is stored and moves every other row; each damaged one is left as it was and named once in the log', async () => {
    // The damaged rows first: re-projected in id order, they come before the intact ones.
    const offSchema = await accepted()
    const early = await accepted()
    const huge = await accepted()
    const late = await accepted()
    const good = await accepted()
    // A required field holding the wrong type; a clock start before 2000 (no legal day a calendar counts); a limit of
    // a billion working days (no due date within the supported dates) — the snapshot's schema refuses all three. And
    // one it accepts whose count cannot be placed: 10 WD from Monday 2099-12-28 fall due in 2100, after the last
    // legal date, which no ticket or event can carry (its stored due day is still 2027-01-11).
    await damage('ticket', offSchema, '{handling,spec,limit,value}', '"ten"')
    await damage('ticket', early, '{handling,spec,start}', '"1999-12-31"')
    await damage('ticket', huge, '{handling,spec,limit,value}', '1000000000')
    await damage('ticket', late, '{handling,spec,start}', '"2099-12-28"')

    w.clock.set(RAISED_AT)
    const lateFeedback = await raised()
    const goodFeedback = await raised()
    // Raised on the last day of 2099 (as its schema allows): its 2 WD fall due in 2100.
    await damage('knowledge_feedback', lateFeedback, '{raisedOn}', '"2099-12-31"')

    const damaged = [
      ['ticket', offSchema],
      ['ticket', early],
      ['ticket', huge],
      ['ticket', late],
      ['knowledge_feedback', lateFeedback],
    ] as const
    const kept = await Promise.all(damaged.map(([table, id]) => stored(table, id)))

    await publish2027(w, { publishedAt: RAISED_AT })

    // The intact ticket and feedback moved, saved and told once each.
    expect((await call(w, agent, 'GET', `/tickets/${good}`)).json().ticket.handling.due).toBe(AFTER)
    expect((await outbox(TicketDueMovedV1)).map((b) => [b.ticket.ticketId, b.ticket.handling?.due])).toEqual([
      [good, AFTER],
    ])
    expect((await outbox(KnowledgeFeedbackDueMovedV1)).map((b) => [b.feedback.id, b.feedback.dueOn])).toEqual([
      [goodFeedback, '2027-01-04'],
    ])
    // The damaged rows keep what they had, every column alike; none is told.
    expect(await Promise.all(damaged.map(([table, id]) => stored(table, id)))).toEqual(kept)
    // Applied once: no dead letter.
    expect((await w.db.pool.query('SELECT count(*)::int AS n FROM dead_letter')).rows[0]?.n).toBe(0)

    // Each named once, with why: the field its schema refuses, or the day its count falls on.
    const named = lines.filter((l) => l.unreadable)
    expect(named.map((l) => [l.unreadable?.kind, l.unreadable?.id])).toEqual([
      ['hotline ticket', offSchema],
      ['hotline ticket', early],
      ['hotline ticket', huge],
      ['hotline ticket', late],
      ['knowledge feedback', lateFeedback],
    ])
    const why = named.map((l) => l.unreadable?.reason ?? '')
    expect(why[0]).toContain('/handling/spec/limit/value')
    expect(why[1]).toContain('/handling/spec/start')
    expect(why[2]).toContain('/handling/spec/limit/value')
    expect(why[3]).toContain('handling: 10 W from 2099-12-28 falls due 2100-01-11')
    expect(why[4]).toContain('raised 2099-12-31, falls due 2100-01-04')
  })
})
