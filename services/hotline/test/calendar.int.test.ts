import {
  CalendarPublishedV1,
  type EventBody,
  KnowledgeFeedbackDueMovedV1,
  type KnowledgeFeedbackSnapshot,
  TicketDueMovedV1,
} from '@onewindow/contracts'
import { publishAsRelay, published2027 } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aComplaint, act, agent, call, hotlineWorld, unit, type World } from './helpers.js'

// Monday 14 December 2026, 10:00 in Shanghai. A complaint dispatched today and extended once by 10 WD runs 20 WD: 13
// working days to 12-31, then 2027, whose schedule is not bundled. On weekdays alone the 20th is Mon 2027-01-11; with
// 元旦 01-01..01-03 published, Tue 01-12 (the same count as services/acceptance/test/calendar.int.test.ts).
const START = '2026-12-14T02:00:00Z'
const publication = published2027({ publishedAt: START })

let w: World
beforeAll(async () => {
  w = await hotlineWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('a published calendar', () => {
  it('re-counts an open ticket’s handling due date and an open feedback’s due day, keeps each and tells each once', async () => {
    const res = await call(w, agent, 'POST', '/tickets', aComplaint())
    const id = res.json().tickets[0].ticket.ticketId
    await act(w, agent, id, { action: 'dispatch', department: 'housing' })
    await act(w, unit('housing'), id, { action: 'accept' })
    const before = await act(w, unit('housing'), id, { action: 'extend', days: 10, reason: '需现场核查' })
    expect(before.ticket.handling?.due).toBe('2027-01-11')

    // 知识点反馈 raised Wed 12-30 (004:1682): 2 WD → Fri 2027-01-01 on weekdays alone, Mon 01-04 with 元旦; the urgent
    // one's single working day, Thu 12-31, is not touched by the new year.
    w.clock.set('2026-12-30T02:00:00Z')
    const raise = async (urgent: boolean) => {
      const r = await call(w, agent, 'POST', '/knowledge/feedback', {
        department: 'housing',
        kind: 'new-point',
        urgent,
        note: '缺少竣工验收备案的知识点',
      })
      expect(r.statusCode, r.body).toBe(201)
      return r.json().feedback as KnowledgeFeedbackSnapshot
    }
    const plain = await raise(false)
    const urgent = await raise(true)
    expect([plain.dueOn, urgent.dueOn]).toEqual(['2027-01-01', '2026-12-31'])

    await publishAsRelay(w.nc, w.topology, CalendarPublishedV1, publication, { aggregate: 'year-2027' })
    await expect
      .poll(async () => (await call(w, agent, 'GET', `/tickets/${id}`)).json().ticket.handling.due, { timeout: 15_000 })
      .toBe('2027-01-12')
    const { rows } = await w.db.pool.query<{ payload: EventBody<typeof TicketDueMovedV1> }>(
      'SELECT payload FROM outbox_message WHERE subject = $1',
      [TicketDueMovedV1.subject],
    )
    expect(rows.map((r) => [r.payload.ticket.ticketId, r.payload.ticket.handling?.due])).toEqual([[id, '2027-01-12']])

    // The feedback: moved in the same transaction, told once, the department reading the day and why.
    const movedFeedback = async () =>
      (
        await w.db.pool.query<{ payload: EventBody<typeof KnowledgeFeedbackDueMovedV1> }>(
          'SELECT payload FROM outbox_message WHERE subject = $1',
          [KnowledgeFeedbackDueMovedV1.subject],
        )
      ).rows.map((r) => r.payload.feedback)
    expect((await movedFeedback()).map((f) => [f.id, f.dueOn, f.dueMoved?.from, f.version])).toEqual([
      [plain.id, '2027-01-04', '2027-01-01', 2],
    ])
    const listed = await call(w, unit('housing'), 'GET', '/knowledge/feedback?status=open')
    expect(
      listed.json().feedback.map((f: KnowledgeFeedbackSnapshot) => [f.id, f.dueOn, f.dueMoved?.from ?? null]),
    ).toEqual([
      [urgent.id, '2026-12-31', null],
      [plain.id, '2027-01-04', '2027-01-01'],
    ])
    expect(listed.json().feedback[1].dueMoved.notice).toBe(publication.notice)

    // A correction that changes nothing (version 2, the same days) moves nothing and tells nothing again.
    await publishAsRelay(
      w.nc,
      w.topology,
      CalendarPublishedV1,
      { ...publication, version: 2 },
      { aggregate: 'year-2027' },
    )
    await expect
      .poll(
        async () =>
          (await w.db.pool.query<{ version: number }>('SELECT max(version)::int AS version FROM calendar_entry'))
            .rows[0]?.version,
        { timeout: 15_000 },
      )
      .toBe(2)
    expect(await movedFeedback()).toHaveLength(1)
  })
})
