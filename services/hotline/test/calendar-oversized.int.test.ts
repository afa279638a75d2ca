import { NATS_MAX_PAYLOAD, TicketDueMovedV1 } from '@onewindow/contracts'
import { logLines, publish2027 } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aComplaint, act, agent, call, hotlineWorld, unit, type World } from './helpers.js'

// A publication tells every open ticket whose due date moved with one `ticket.due-moved` carrying the whole ticket, all
// in the calendar consumer's transaction (commands.ts `reprojectTickets`). A ticket whose event NATS would refuse (a
// ticket within a few KB of the limit grows past it with the moved dates; here a stored row padded with a field its
// schema does not declare and lets through) made the outbox throw for the whole transaction: the calendar was never
// stored, the message retried, dead-lettered, and a replay failed the same way. It is left out and named instead, as
// a ticket that does not read is. The days are calendar-damaged.int's: accepted Monday 2026-12-28, 10 WD to
// 2027-01-11, then to 01-12 once 元旦 2027 is published.
const START = '2026-12-28T02:00:00Z'
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

async function accepted(): Promise<string> {
  const res = await call(w, agent, 'POST', '/tickets', aComplaint())
  expect(res.statusCode, res.body).toBe(201)
  const id = res.json().tickets[0].ticket.ticketId as string
  await act(w, agent, id, { action: 'dispatch', department: 'housing' })
  const view = await act(w, unit('housing'), id, { action: 'accept' })
  expect(view.ticket.handling?.due).toBe(BEFORE)
  return id
}

describe('a published calendar beside a ticket whose due-moved event NATS would refuse', () => {
  it('is stored and moves every other ticket; that one is left as it was and named in the log', async () => {
    const first = await accepted()
    const huge = await accepted()
    const last = await accepted()
    // Readable, but its whole-ticket event would be a message past NATS's limit.
    await w.db.pool.query(`UPDATE ticket SET state = jsonb_set(state, '{padding}', to_jsonb($2::text)) WHERE id = $1`, [
      huge,
      'x'.repeat(NATS_MAX_PAYLOAD),
    ])
    const kept = (await w.db.pool.query('SELECT state::text AS s FROM ticket WHERE id = $1', [huge])).rows[0]?.s

    await publish2027(w, { publishedAt: START })

    for (const id of [first, last])
      expect((await call(w, agent, 'GET', `/tickets/${id}`)).json().ticket.handling.due).toBe(AFTER)
    const told = await w.db.pool.query<{ id: string }>(
      `SELECT payload->'ticket'->>'ticketId' AS id FROM outbox_message WHERE subject = $1 ORDER BY position`,
      [TicketDueMovedV1.subject],
    )
    expect(told.rows.map((r) => r.id).sort()).toEqual([first, last].sort())
    expect((await w.db.pool.query('SELECT state::text AS s FROM ticket WHERE id = $1', [huge])).rows[0]?.s).toBe(kept)
    // The calendar is stored and applied once: no dead letter.
    expect((await w.db.pool.query('SELECT count(*)::int AS n FROM dead_letter')).rows[0]?.n).toBe(0)
    const named = lines.filter((l) => l.unreadable)
    expect(named.map((l) => [l.unreadable?.kind, l.unreadable?.id])).toEqual([['hotline ticket', huge]])
    expect(named[0]?.unreadable?.reason).toContain(TicketDueMovedV1.subject)
  })
})
