import { CalendarPublishedV1 } from '@onewindow/contracts'
import { publishAsRelay, published2027 } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aComplaint, act, agent, call, hotlineWorld, unit, type World } from './helpers.js'

// A published calendar that moves a ticket's due day past the day it was recorded overdue: the record is dropped and
// the sweep raises overdue again on the new day (domain/clocks.ts `recount`), as a moved feedback's is.
// Monday 28 December 2026: a complaint dispatched and accepted today runs 10 WD — Mon 2027-01-11 on weekdays alone
// (2027 is not bundled), Tue 01-12 once 元旦 01-01..01-03 is published.
const START = '2026-12-28T02:00:00Z'
const publication = published2027({ publishedAt: '2027-01-12T03:00:00Z' })

let w: World
beforeAll(async () => {
  w = await hotlineWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** The ticket's alert and due-moved events in outbox order, as `kind:clock`. */
const told = async (id: string) =>
  (
    await w.db.pool.query<{ subject: string; clock: string | null }>(
      `SELECT subject, payload->>'clock' AS clock FROM outbox_message WHERE aggregate_id = $1 ORDER BY position`,
      [id],
    )
  ).rows
    .map((r) => `${r.subject.split('.')[3]}${r.clock ? `:${r.clock}` : ''}`)
    .filter((s) => /^(warned|overdue|due-moved)/.test(s))

describe('a calendar that moves an overdue ticket’s day later', () => {
  it('drops the overdue record, so the sweep raises overdue again the day after the new due day, once', async () => {
    const res = await call(w, agent, 'POST', '/tickets', aComplaint())
    const id = res.json().tickets[0].ticket.ticketId
    await act(w, agent, id, { action: 'dispatch', department: 'housing' })
    const accepted = await act(w, unit('housing'), id, { action: 'accept' })
    expect(accepted.ticket.handling?.due).toBe('2027-01-11')

    w.clock.set('2027-01-12T02:00:00Z')
    await w.app.scanner.runOnce()
    expect(await told(id)).toEqual(['warned:handling', 'overdue:handling'])

    await publishAsRelay(w.nc, w.topology, CalendarPublishedV1, publication, { aggregate: 'year-2027' })
    await expect
      .poll(async () => (await call(w, agent, 'GET', `/tickets/${id}`)).json().ticket.handling.due, { timeout: 15_000 })
      .toBe('2027-01-12')
    const moved = (await call(w, agent, 'GET', `/tickets/${id}`)).json().ticket
    // 01-12 is the last day now (9 of 10 used: still yellow, so the warning stands); the overdue record is undone.
    expect(moved.handling.alerts).toEqual({ warnedOn: '2027-01-12' })

    await w.app.scanner.runOnce()
    expect(await told(id)).toEqual(['warned:handling', 'overdue:handling', 'due-moved'])
    w.clock.set('2027-01-13T02:00:00Z')
    await w.app.scanner.runOnce()
    await w.app.scanner.runOnce()
    expect(await told(id)).toEqual(['warned:handling', 'overdue:handling', 'due-moved', 'overdue:handling'])
    const again = (await call(w, agent, 'GET', `/tickets/${id}`)).json().ticket
    expect(again.handling.alerts).toEqual({ warnedOn: '2027-01-12', overdueOn: '2027-01-13' })
  })
})
