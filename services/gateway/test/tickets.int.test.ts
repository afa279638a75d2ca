import {
  ProjectRegisteredV1,
  TicketClosedV1,
  TicketDispatchedV1,
  type TicketEventBody,
  TicketExtendedV1,
  TicketRatedV1,
  TicketRectificationLetterAnsweredV1,
  TicketRectificationLetterIssuedV1,
  TicketReferredV1,
  TicketRegisteredV1,
  TicketRepliedV1,
  TicketReturnDecidedV1,
  TicketReturnedV1,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrisma } from '../src/db/client.js'
import { applyTicket } from '../src/db/tickets.js'
import { ticketProjectors } from '../src/domain/tickets.js'
import { ticketDispatched as dispatched, owners, projectRegistered, ticketRegistered as registered } from './events.js'
import { type GatewayWorld, gatewayWorld, START, upstream } from './world.js'

type Ticket = TicketEventBody['ticket']

// The read side of 12345 tickets: hotline events published through a producer's outbox and relay, as services/hotline
// publishes them, applied by the gateway's ordered reader, read through the gateway's routes as each role. Every due
// date below is written out by hand from the calendar (March 2026 has no holiday: Mondays 2, 9, 16, 23 March), not
// computed by the code under test — the read model copies the service's dates and judges lateness against its clock.

let w: GatewayWorld
/** The hotline's stand-in: what the gateway forwards a registration as (the real service is the e2e suite's). */
let hotline: Awaited<ReturnType<typeof upstream>>
beforeAll(async () => {
  hotline = await upstream('hotline', { now: () => (w ? w.clock.now() : new Date(START)) })
  w = await gatewayWorld({ hotlineUrl: hotline.url })
  w.defer(hotline.close)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const PLANNING = 'natural-resources'
const HOUSING = 'housing-construction'

const next = (t: Ticket, over: Partial<Ticket>, at: string): Ticket => ({
  ...t,
  ...over,
  version: t.version + 1,
  updatedAt: at,
})

const agent = () => w.token({ role: 'agent' })
const supervisor = () => w.token({ role: 'supervisor' })
const reviewer = (department: string) => w.token({ role: 'reviewer', department })
const owner = (creditCode: string) => w.token({ role: 'owner', creditCode })

/** Waits until the read model holds `ticketId` at `version` (every event before it is applied too). */
const applied = (ticketId: string, version: number) =>
  expect
    .poll(async () => {
      const res = await w.api('GET', `/api/v1/hotline/tickets/${ticketId}`, agent())
      return res.status === 200 ? res.body.ticket.version : 0
    })
    .toBe(version)

describe('12345 tickets in the read model', () => {
  it('a complaint about a late approval: registered, dispatched, returned and re-dispatched, extended, replied, closed — as each role reads it', async () => {
    const project = projectRegistered()
    await w.publish(ProjectRegisteredV1, project)
    const t1 = registered({ projectId: project.projectId })
    // Dispatched Monday 2 March: check due Wednesday 4 March, handling (from Tuesday 3 March) due Monday 16 March.
    const t2 = dispatched(t1, PLANNING, '2026-03-02', '2026-03-04', '2026-03-16')
    const t3 = next(
      t2,
      {
        status: 'return-requested',
        returns: [{ department: PLANNING, kind: 'competence', grounds: '不属于本单位职责', requestedOn: '2026-03-03' }],
      },
      '2026-03-03T02:00:00Z',
    )
    const t4 = next(
      t3,
      {
        status: 'registered',
        returns: [{ ...(t3.returns[0] as Ticket['returns'][number]), decision: 'approved', decidedOn: '2026-03-04' }],
      },
      '2026-03-04T02:00:00Z',
    )
    // Re-dispatched Wednesday 4 March: the clock restarts — check due Friday 6 March, handling due Wednesday 18 March.
    const t5 = dispatched(t4, HOUSING, '2026-03-04', '2026-03-06', '2026-03-18')
    // One extension of 5 WD from the first deadline: Wednesday 18 March → Wednesday 25 March.
    const t6 = next(
      t5,
      {
        status: 'handling',
        check: { ...(t5.check as NonNullable<Ticket['check']>), doneOn: '2026-03-05' },
        handling: { ...(t5.handling as NonNullable<Ticket['handling']>), due: '2026-03-25' },
        extensions: [
          { days: 5, reason: '需现场核查', requestedOn: '2026-03-16', dueBefore: '2026-03-18', dueAfter: '2026-03-25' },
        ],
      },
      '2026-03-16T02:00:00Z',
    )
    await w.publish(TicketRegisteredV1, { ticket: t1, actor: 'owner-1' })
    await w.publish(TicketDispatchedV1, { ticket: t2, actor: 'agent-1' })
    await w.publish(TicketReturnedV1, { ticket: t3 })
    await w.publish(TicketReturnDecidedV1, { ticket: t4 })
    await w.publish(TicketDispatchedV1, { ticket: t5 })
    await w.publish(TicketExtendedV1, { ticket: t6 })
    await applied(t1.ticketId, t6.version)

    // The detail: the clock as the service published it, and the history in order.
    const detail = await w.api('GET', `/api/v1/hotline/tickets/${t1.ticketId}`, agent())
    expect(detail.status).toBe(200)
    expect(detail.body.dueOn).toBe('2026-03-25')
    expect(detail.body.ticket.handling.due).toBe('2026-03-25')
    expect(detail.body.ticket.extensions).toHaveLength(1)
    expect(detail.body.ticket.returns[0].decision).toBe('approved')
    expect(detail.body.history.map((h: { type: string }) => h.type)).toEqual([
      'ticket.registered',
      'ticket.dispatched',
      'ticket.returned',
      'ticket.return-decided',
      'ticket.dispatched',
      'ticket.extended',
    ])
    expect(detail.body.history[5].summary).toContain('2026-03-18 → 2026-03-25')

    // The handling unit now is housing; planning, which returned it, no longer reads it.
    const inbox = await w.api('GET', '/api/v1/hotline/tickets/inbox', reviewer(HOUSING))
    expect(inbox.status).toBe(200)
    expect(inbox.body.tickets.map((x: { ticket: Ticket }) => x.ticket.ticketId)).toContain(t1.ticketId)
    expect((await w.api('GET', `/api/v1/hotline/tickets/${t1.ticketId}`, reviewer(PLANNING))).status).toBe(404)
    const planningInbox = await w.api('GET', '/api/v1/hotline/tickets/inbox', reviewer(PLANNING))
    expect(planningInbox.body.tickets.map((x: { ticket: Ticket }) => x.ticket.ticketId)).not.toContain(t1.ticketId)

    // The owner that filed it reads it; another owner does not, not even that it exists.
    const own = await w.api('GET', '/api/v1/hotline/tickets/own', owner(owners.shanwei.creditCode))
    expect(own.body.tickets.map((x: { ticket: Ticket }) => x.ticket.ticketId)).toContain(t1.ticketId)
    expect((await w.api('GET', `/api/v1/hotline/tickets/${t1.ticketId}`, owner(owners.foshan.creditCode))).status).toBe(
      404,
    )
    const foreign = await w.api('GET', '/api/v1/hotline/tickets/own', owner(owners.foshan.creditCode))
    expect(foreign.body.tickets.map((x: { ticket: Ticket }) => x.ticket.ticketId)).not.toContain(t1.ticketId)

    // On the project's timeline next to its tasks, for its owner.
    const status = await w.api('GET', `/api/v1/projects/${project.projectId}/status`, owner(owners.shanwei.creditCode))
    expect(status.status).toBe(200)
    const ticketLines = status.body.timeline.filter((e: { type: string }) => e.type.startsWith('ticket.'))
    expect(ticketLines).toHaveLength(6)
    expect(ticketLines[0].summary).toContain('12345 投诉')

    // Replied and closed: out of the department's open inbox, still in the agent's list.
    const t7 = next(
      t6,
      {
        status: 'replied',
        report: {
          mode: 'handled',
          process: '已督促审批',
          result: '已办结',
          reply: { method: 'phone', on: '2026-03-20' },
          submittedOn: '2026-03-20',
          submittedAt: '2026-03-20T02:00:00Z',
          late: false,
        },
      },
      '2026-03-20T02:00:00Z',
    )
    const t8 = next(
      t7,
      { status: 'closed', closure: 'rated', closedAt: '2026-03-23T02:00:00Z' },
      '2026-03-23T02:00:00Z',
    )
    await w.publish(TicketRepliedV1, { ticket: t7 })
    await w.publish(TicketClosedV1, { ticket: t8 })
    await applied(t1.ticketId, t8.version)
    const after = await w.api('GET', '/api/v1/hotline/tickets/inbox', reviewer(HOUSING))
    expect(after.body.tickets.map((x: { ticket: Ticket }) => x.ticket.ticketId)).not.toContain(t1.ticketId)
    const listed = await w.api('GET', `/api/v1/hotline/tickets?project_id=${project.projectId}`, agent())
    expect(listed.body.tickets).toHaveLength(1)
    expect(listed.body.tickets[0].ticket.status).toBe('closed')
    expect(listed.body.tickets[0].overdue).toBe(false)
  })

  it('keeps the newest version: an older snapshot published late changes nothing, and the history keeps each event once', async () => {
    const t1 = registered()
    const t2 = dispatched(t1, PLANNING, '2026-03-02', '2026-03-04', '2026-03-16')
    await w.publish(TicketRegisteredV1, { ticket: t1 })
    await w.publish(TicketDispatchedV1, { ticket: t2 })
    await applied(t1.ticketId, 2)
    await w.publish(TicketRegisteredV1, { ticket: t1 })
    // A later event of another ticket: once it is in, the late one before it is applied too.
    const marker = registered()
    await w.publish(TicketRegisteredV1, { ticket: marker })
    await applied(marker.ticketId, 1)
    const detail = await w.api('GET', `/api/v1/hotline/tickets/${t1.ticketId}`, agent())
    expect(detail.body.ticket.version).toBe(2)
    expect(detail.body.ticket.status).toBe('dispatched')
    // The late copy came under a new event id: it is a line of the history, but the ticket stays as it was.
    expect(detail.body.history).toHaveLength(3)
    // That line is something a client fetches (`GET /tickets/:id`): the live stream is told, once — with the scope of
    // the ticket as it stands (dispatched to the planning unit), not the older copy's (registered, no unit yet).
    const changes = await w.db.pool.query<{ kind: string; department: string | null }>(
      `SELECT kind, department FROM change WHERE ticket_id = $1 ORDER BY id`,
      [t1.ticketId],
    )
    expect(changes.rows.map((r) => [r.kind, r.department])).toEqual([
      ['ticket.registered', null],
      ['ticket.dispatched', PLANNING],
      ['ticket.registered', PLANNING],
    ])

    // A plain replay under the same event id (a replayed dead letter, a redelivery) adds neither the snapshot nor a
    // line: `applyTicket` answers no change, so the reader records none (commands.ts). The stream's sequence cursor
    // and its duplicate window keep such a copy out of the reader's batches, so it is applied here directly.
    const [first] = (
      await w.db.pool.query<{ event_id: string }>(
        `SELECT event_id::text FROM ticket_entry WHERE ticket_id = $1 ORDER BY occurred_at, event_id LIMIT 1`,
        [t1.ticketId],
      )
    ).rows
    if (!first) throw new Error('no history line')
    const projector = ticketProjectors.find((p) => p.event.subject === TicketRegisteredV1.subject)
    if (!projector) throw new Error('no projector')
    const db = createPrisma(w.db.pool, w.db.schema)
    try {
      const replay = projector.project({ ticket: t1 }, first.event_id)
      expect(await db.$transaction((tx) => applyTicket(tx, replay))).toBeUndefined()
      // The same copy under an id never seen is a new line: a change.
      const fresh = projector.project({ ticket: t1 }, uuidv7())
      expect(await db.$transaction((tx) => applyTicket(tx, fresh))).toEqual({
        department: PLANNING,
        coHandlers: [],
        ownerCreditCode: owners.shanwei.creditCode,
      })
    } finally {
      await db.$disconnect()
    }
    const after = await w.api('GET', `/api/v1/hotline/tickets/${t1.ticketId}`, agent())
    expect([after.body.ticket.version, after.body.history.length]).toEqual([2, 4])
  })

  it('a 举报 linked to a project stays off the project timeline its owner reads', async () => {
    const project = projectRegistered()
    await w.publish(ProjectRegisteredV1, project)
    const report = registered({ type: 'report', projectId: project.projectId, ownerCreditCode: undefined })
    delete (report as Partial<Ticket>).ownerCreditCode
    await w.publish(TicketRegisteredV1, { ticket: report })
    await applied(report.ticketId, 1)
    const status = await w.api('GET', `/api/v1/projects/${project.projectId}/status`, supervisor())
    expect(status.body.timeline.some((e: { type: string }) => e.type.startsWith('ticket.'))).toBe(false)
  })

  it('supervision: the figures of one region count only its tickets and those of the regions under it, by channel too; an unknown region is 422 naming the field', async () => {
    const dept = `dept-${Math.floor(Math.random() * 1e9)}`
    const other = `dept-${Math.floor(Math.random() * 1e9)}`
    const byChannel = (t: Ticket): Ticket => {
      if (t.channel === 'online') return t
      // A call's and a window's requester has no owner account; a window ticket names its clerk.
      const { ownerCreditCode: _, ...rest } = t
      return t.channel === 'window' ? { ...rest, windowClerk: 'clerk-figures' } : rest
    }
    // Checked by Wednesday 4 March: overdue from Thursday 5 March.
    const unitOf = (channel: Ticket['channel'], region?: string, unit = dept) =>
      dispatched(
        byChannel(registered({ channel, ...(region ? { region } : {}) })),
        unit,
        '2026-03-02',
        '2026-03-04',
        '2026-03-16',
      )
    const qinzhou = unitOf('phone', '450700')
    const qinnan = unitOf('window', '450702')
    // Dispatched Wednesday 4 March, checked by Friday 6 March: open, not overdue on Thursday 5 March.
    const qinnanInTime = dispatched(
      byChannel(registered({ channel: 'window', region: '450702' })),
      dept,
      '2026-03-04',
      '2026-03-06',
      '2026-03-18',
    )
    const shanwei = unitOf('online', '441500')
    const none = unitOf('window')
    // Closed: in no count, its window's neither.
    const closedWindow = next(
      unitOf('window', '450702'),
      { status: 'closed', closure: 'rated', closedAt: '2026-03-04T02:00:00Z' },
      '2026-03-04T02:00:00Z',
    )
    // Another unit's window ticket about the same district: not this unit's.
    const otherWindow = unitOf('window', '450702', other)
    const tickets = [qinzhou, qinnan, qinnanInTime, shanwei, none, otherWindow]
    await w.publish(TicketDispatchedV1, ...tickets.map((ticket) => ({ ticket })))
    await w.publish(TicketClosedV1, { ticket: closedWindow })
    for (const t of [...tickets, closedWindow]) await applied(t.ticketId, t.version)
    w.clock.set('2026-03-05T02:00:00Z')
    type Figure = {
      department: string
      open: number
      overdue: number
      overdueTickets: string[]
      byChannel: Record<Ticket['channel'], { open: number; overdue: number }>
    }
    const figures = async (query: string, unit = dept) => {
      const res = await w.api('GET', `/api/v1/supervision/tickets?department=${unit}${query}`, supervisor())
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return (res.body.departments as Figure[]).map((f) => ({ ...f, overdueTickets: [...f.overdueTickets].sort() }))
    }
    type Pair = [open: number, overdue: number]
    /** The unit's line: its open tickets, the overdue among them, and [open, overdue] by channel (none: [0, 0]). */
    const line = (open: Ticket[], overdue: Ticket[], by: Partial<Record<Ticket['channel'], Pair>>, unit = dept) => {
      const pair = ([o, late]: Pair = [0, 0]) => ({ open: o, overdue: late })
      return [
        {
          department: unit,
          open: open.length,
          overdue: overdue.length,
          overdueTickets: overdue.map((t) => t.ticketId).sort(),
          byChannel: { phone: pair(by.phone), online: pair(by.online), window: pair(by.window) },
        },
      ]
    }
    // Without a region every ticket counts, the one with no region among them.
    const all = [qinzhou, qinnan, qinnanInTime, shanwei, none]
    expect(await figures('')).toEqual(
      line(all, [qinzhou, qinnan, shanwei, none], { phone: [1, 1], online: [1, 1], window: [3, 2] }),
    )
    const guangxi = line([qinzhou, qinnan, qinnanInTime], [qinzhou, qinnan], { phone: [1, 1], window: [2, 1] })
    expect(await figures('&region=450700')).toEqual(guangxi)
    expect(await figures('&region=450702')).toEqual(line([qinnan, qinnanInTime], [qinnan], { window: [2, 1] }))
    expect(await figures('&region=450000')).toEqual(guangxi)
    const guangdong = line([shanwei], [shanwei], { online: [1, 1] })
    expect(await figures('&region=441500')).toEqual(guangdong)
    expect(await figures('&region=440000')).toEqual(guangdong)
    // A known region with none of the unit's tickets: no line for the unit.
    expect(await figures('&region=440600')).toEqual([])
    // The other unit's window ticket is its own, under the same region filter.
    expect(await figures('&region=450000', other)).toEqual(
      line([otherWindow], [otherWindow], { window: [1, 1] }, other),
    )
    expect(await figures('&region=441500', other)).toEqual([])
    const unknown = await w.api('GET', '/api/v1/supervision/tickets?region=990000', supervisor())
    expect(unknown.status, JSON.stringify(unknown.body)).toBe(422)
    expect(unknown.body).toMatchObject({
      code: 'GATEWAY_TICKET_REGION_UNKNOWN',
      field: '/querystring/region',
      region: '990000',
    })
    for (const bad of ['4507', '4507000', '45070a']) {
      const refused = await w.api('GET', `/api/v1/supervision/tickets?region=${bad}`, supervisor())
      expect(refused.status, bad).toBe(400)
      expect(JSON.stringify(refused.body)).toContain('region')
    }
    w.clock.set('2026-03-02T01:00:00Z')
  })

  it('supervision: open and overdue tickets per handling unit, judged against the injected clock', async () => {
    const dept = `dept-${Math.floor(Math.random() * 1e9)}`
    // Handling due Monday 16 March.
    const t = dispatched(registered(), dept, '2026-03-02', '2026-03-04', '2026-03-16')
    const accepted = next(
      t,
      { status: 'handling', check: { ...(t.check as NonNullable<Ticket['check']>), doneOn: '2026-03-03' } },
      '2026-03-03T02:00:00Z',
    )
    await w.publish(TicketRegisteredV1, { ticket: registered() })
    await w.publish(TicketDispatchedV1, { ticket: accepted })
    await applied(accepted.ticketId, accepted.version)
    const figure = async () => {
      const res = await w.api('GET', `/api/v1/supervision/tickets?department=${dept}`, supervisor())
      expect(res.status).toBe(200)
      return res.body
    }
    // On the due day (Monday 16 March, 10:00 Shanghai) it is not late yet.
    w.clock.set('2026-03-16T02:00:00Z')
    expect(await figure()).toEqual({
      today: '2026-03-16',
      departments: [
        {
          department: dept,
          open: 1,
          overdue: 0,
          overdueTickets: [],
          byChannel: {
            phone: { open: 0, overdue: 0 },
            online: { open: 1, overdue: 0 },
            window: { open: 0, overdue: 0 },
          },
        },
      ],
    })
    // The next day it is.
    w.clock.set('2026-03-17T02:00:00Z')
    expect((await figure()).departments).toEqual([
      {
        department: dept,
        open: 1,
        overdue: 1,
        overdueTickets: [accepted.ticketId],
        byChannel: { phone: { open: 0, overdue: 0 }, online: { open: 1, overdue: 1 }, window: { open: 0, overdue: 0 } },
      },
    ])
    const detail = await w.api('GET', `/api/v1/hotline/tickets/${accepted.ticketId}`, reviewer(dept))
    expect(detail.body.overdue).toBe(true)
    w.clock.set('2026-03-02T01:00:00Z')
  })

  it('pages the inbox soonest due first with a cursor, and refuses what it did not give', async () => {
    const dept = `dept-${Math.floor(Math.random() * 1e9)}`
    const dues = ['2026-03-20', '2026-03-16', '2026-03-18']
    const tickets = dues.map((due) => dispatched(registered(), dept, '2026-03-02', '2026-03-04', due))
    for (const t of tickets) {
      await w.publish(TicketDispatchedV1, { ticket: { ...t, status: 'handling' } })
    }
    for (const t of tickets) await applied(t.ticketId, t.version)
    const first = await w.api('GET', '/api/v1/hotline/tickets/inbox?limit=2', reviewer(dept))
    expect(first.status).toBe(200)
    expect(first.body.tickets.map((x: { dueOn: string }) => x.dueOn)).toEqual(['2026-03-16', '2026-03-18'])
    const second = await w.api(
      'GET',
      `/api/v1/hotline/tickets/inbox?limit=2&cursor=${first.body.nextCursor}`,
      reviewer(dept),
    )
    expect(second.body.tickets.map((x: { dueOn: string }) => x.dueOn)).toEqual(['2026-03-20'])
    expect(second.body.nextCursor).toBeUndefined()
    const bad = await w.api('GET', '/api/v1/hotline/tickets/inbox?cursor=abc', reviewer(dept))
    expect(bad.status).toBe(400)
    expect(bad.headers['content-type']).toContain('application/problem+json')
    expect((await w.api('GET', '/api/v1/hotline/tickets?status=lost', agent())).status).toBe(400)
  })

  it("pages the desk's list from the dated tickets into the undated tail, in (due day, id) order at every page size", async () => {
    const dept = `dept-${Math.floor(Math.random() * 1e9)}`
    // Two due on the same day (their order is their ids'), one later; two closed, with nothing due: last, by id.
    const dated = ['2026-03-18', '2026-03-16', '2026-03-16'].map((due) =>
      dispatched(registered(), dept, '2026-03-02', '2026-03-04', due),
    )
    const closed = [0, 1].map(() =>
      next(
        dispatched(registered(), dept, '2026-03-02', '2026-03-04', '2026-03-16'),
        { status: 'closed', closure: 'rated', closedAt: '2026-03-23T02:00:00Z' },
        '2026-03-23T02:00:00Z',
      ),
    )
    for (const t of dated) await w.publish(TicketDispatchedV1, { ticket: { ...t, status: 'handling' } })
    for (const t of closed) await w.publish(TicketClosedV1, { ticket: t })
    for (const t of [...dated, ...closed]) await applied(t.ticketId, t.version)
    const byId = (a: Ticket, b: Ticket) => (a.ticketId < b.ticketId ? -1 : 1)
    const sameDay = dated.slice(1).toSorted(byId)
    const expected = [...sameDay, dated[0], ...closed.toSorted(byId)].map((t) => t?.ticketId)

    for (const limit of [1, 2, 3, 5]) {
      const seen: string[] = []
      let cursor: string | undefined
      for (let pages = 0; pages < 6; pages++) {
        const res = await w.api(
          'GET',
          `/api/v1/hotline/tickets?department=${dept}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          agent(),
        )
        expect(res.status).toBe(200)
        expect(res.body.tickets.length).toBeLessThanOrEqual(limit)
        seen.push(...res.body.tickets.map((x: { ticket: Ticket }) => x.ticket.ticketId))
        cursor = res.body.nextCursor
        if (cursor === undefined) break
      }
      expect({ limit, seen }).toEqual({ limit, seen: expected })
    }
    // `due_before` leaves the undated tail out, whichever page it starts from.
    const before = await w.api('GET', `/api/v1/hotline/tickets?department=${dept}&due_before=2026-03-17`, agent())
    expect(before.body.tickets.map((x: { ticket: Ticket }) => x.ticket.ticketId)).toEqual(
      sameDay.map((t) => t.ticketId),
    )
    expect(before.body.nextCursor).toBeUndefined()
  })

  it("lists a unit's tickets as handling unit and as co-handler, at each one's due day, and follows a re-dispatch", async () => {
    const lead = `dept-${Math.floor(Math.random() * 1e9)}`
    const helper = `dept-${Math.floor(Math.random() * 1e9)}`
    // 联合办理: the lead unit handles, the helper co-handles; each unit also has a ticket of its own.
    const joint = { ...dispatched(registered(), lead, '2026-03-02', '2026-03-04', '2026-03-16'), coHandlers: [helper] }
    const leadOwn = dispatched(registered(), lead, '2026-03-02', '2026-03-04', '2026-03-17')
    const helperOwn = dispatched(registered(), helper, '2026-03-02', '2026-03-04', '2026-03-18')
    for (const t of [joint, leadOwn, helperOwn]) {
      await w.publish(TicketDispatchedV1, { ticket: { ...t, status: 'handling' } })
    }
    for (const t of [joint, leadOwn, helperOwn]) await applied(t.ticketId, t.version)
    const inbox = async (unit: string) => {
      const res = await w.api('GET', '/api/v1/hotline/tickets/inbox?limit=10', reviewer(unit))
      expect(res.status).toBe(200)
      return res.body.tickets.map((x: { ticket: Ticket; dueOn: string }) => [x.ticket.ticketId, x.dueOn])
    }
    // The desk filtered by unit, as an agent reads it, a ticket a page.
    const desk = async (unit: string) => {
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const res = await w.api(
          'GET',
          `/api/v1/hotline/tickets?department=${unit}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
          agent(),
        )
        expect(res.status).toBe(200)
        seen.push(...res.body.tickets.map((x: { ticket: Ticket }) => x.ticket.ticketId))
        cursor = res.body.nextCursor
      } while (cursor !== undefined && seen.length < 10)
      return seen
    }
    expect(await inbox(lead)).toEqual([
      [joint.ticketId, '2026-03-16'],
      [leadOwn.ticketId, '2026-03-17'],
    ])
    expect(await inbox(helper)).toEqual([
      [joint.ticketId, '2026-03-16'],
      [helperOwn.ticketId, '2026-03-18'],
    ])
    expect(await desk(helper)).toEqual([joint.ticketId, helperOwn.ticketId])
    // Another unit reads none of them.
    expect(await inbox(`dept-${Math.floor(Math.random() * 1e9)}`)).toEqual([])

    // Extended to Friday 20 March and the helper released: the lead lists it last, the helper no more.
    const extended = next(
      joint,
      {
        status: 'handling',
        coHandlers: [],
        handling: { spec: joint.handling?.spec ?? joint.dispatch.spec, due: '2026-03-20' },
      },
      '2026-03-05T02:00:00Z',
    )
    await w.publish(TicketExtendedV1, { ticket: extended })
    await applied(joint.ticketId, extended.version)
    expect(await inbox(lead)).toEqual([
      [leadOwn.ticketId, '2026-03-17'],
      [joint.ticketId, '2026-03-20'],
    ])
    expect(await inbox(helper)).toEqual([[helperOwn.ticketId, '2026-03-18']])
    expect(await desk(helper)).toEqual([helperOwn.ticketId])

    // The older copy published late (a new event id) names the helper again: it is a line of history, not a unit.
    await w.publish(TicketDispatchedV1, { ticket: { ...joint, status: 'handling' } })
    const marker = registered()
    await w.publish(TicketRegisteredV1, { ticket: marker })
    await applied(marker.ticketId, 1)
    expect(await inbox(helper)).toEqual([[helperOwn.ticketId, '2026-03-18']])
    expect(await desk(helper)).toEqual([helperOwn.ticketId])
    expect(await desk(lead)).toEqual([leadOwn.ticketId, joint.ticketId])
  })

  it("leaves a ticket whose stored due day is '-infinity' out of the unit's pages and names it; the pages go on", async () => {
    const unit = `dept-${Math.floor(Math.random() * 1e9)}`
    const tickets = ['2026-03-16', '2026-03-17', '2026-03-18'].map((due) =>
      dispatched(registered(), unit, '2026-03-02', '2026-03-04', due),
    )
    for (const t of tickets) await w.publish(TicketDispatchedV1, { ticket: { ...t, status: 'handling' } })
    for (const t of tickets) await applied(t.ticketId, t.version)
    const [bad, ...good] = tickets.toReversed()
    // PostgreSQL takes '-infinity' for a date and sorts it before every day; it reads back as no day at all.
    await w.db.pool.query(`UPDATE ticket SET due_on = '-infinity' WHERE id = $1`, [bad?.ticketId])
    await w.db.pool.query(`UPDATE ticket_unit SET due_on = '-infinity' WHERE ticket_id = $1`, [bad?.ticketId])
    for (const [url, token] of [
      [`/api/v1/hotline/tickets?department=${unit}`, agent()],
      ['/api/v1/hotline/tickets/inbox', reviewer(unit)],
    ] as const) {
      const seen: string[] = []
      const named: unknown[] = []
      let cursor: string | undefined
      for (let pages = 0; pages < 4; pages++) {
        const res = await w.api(
          'GET',
          `${url}${url.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          token,
        )
        expect(res.status, JSON.stringify(res.body)).toBe(200)
        seen.push(...res.body.tickets.map((x: { ticket: Ticket }) => x.ticket.ticketId))
        named.push(...res.body.unreadable)
        cursor = res.body.nextCursor
        if (cursor === undefined) break
      }
      expect({ url, seen }).toEqual({ url, seen: good.toReversed().map((t) => t.ticketId) })
      expect(named).toEqual([
        {
          kind: 'ticket',
          id: bad?.ticketId,
          reason: expect.stringMatching(/^\/dueOn .* is no legal day$/),
          department: unit,
        },
      ])
    }
  })

  it("pages a unit's tickets past pages whose every due day is none ('-infinity', 'infinity'): each once, in order, at every page size", async () => {
    const unit = `dept-${Math.floor(Math.random() * 1e9)}`
    const dues = ['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20', '2026-03-23']
    const open = dues.map((due) => dispatched(registered(), unit, '2026-03-02', '2026-03-04', due))
    const closed = next(
      dispatched(registered(), unit, '2026-03-02', '2026-03-04', '2026-03-16'),
      { status: 'closed', closure: 'rated', closedAt: '2026-03-23T02:00:00Z' },
      '2026-03-23T02:00:00Z',
    )
    for (const t of open) await w.publish(TicketDispatchedV1, { ticket: { ...t, status: 'handling' } })
    await w.publish(TicketClosedV1, { ticket: closed })
    for (const t of [...open, closed]) await applied(t.ticketId, t.version)
    // Two due on no day before every day, two after every day (and before the undated); two in between that read.
    const byId = (x: Ticket, y: Ticket) => (x.ticketId < y.ticketId ? -1 : 1)
    const before = open.slice(0, 2).toSorted(byId)
    const after = open.slice(4).toSorted(byId)
    const readable = open.slice(2, 4)
    for (const [value, tickets] of [
      ['-infinity', before],
      ['infinity', after],
    ] as const) {
      const ids = tickets.map((t) => t.ticketId)
      await w.db.pool.query(`UPDATE ticket SET due_on = $1::date WHERE id = ANY($2::uuid[])`, [value, ids])
      await w.db.pool.query(`UPDATE ticket_unit SET due_on = $1::date WHERE ticket_id = ANY($2::uuid[])`, [value, ids])
    }
    const named = [...before, ...after].map((t) => t.ticketId)
    for (const [url, token, shown] of [
      [`/api/v1/hotline/tickets?department=${unit}`, agent(), [...readable, closed]],
      ['/api/v1/hotline/tickets/inbox', reviewer(unit), readable],
    ] as const) {
      const rows = named.length + shown.length
      for (const limit of [1, 2, 3, 4]) {
        const seen: string[] = []
        const unreadable: string[] = []
        let pages = 0
        let cursor: string | undefined
        do {
          const res = await w.api(
            'GET',
            `${url}${url.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
            token,
          )
          expect(res.status, JSON.stringify(res.body)).toBe(200)
          pages++
          seen.push(...res.body.tickets.map((x: { ticket: Ticket }) => x.ticket.ticketId))
          unreadable.push(...res.body.unreadable.map((u: { id: string }) => u.id))
          cursor = res.body.nextCursor
        } while (cursor !== undefined && pages < 20)
        expect({ url, limit, seen, unreadable, pages }).toEqual({
          url,
          limit,
          seen: shown.map((t) => t.ticketId),
          unreadable: named,
          pages: Math.ceil(rows / limit),
        })
      }
    }
  })

  it('leaves a bad stored history entry out of the detail and names it; the ticket and its other entries answer', async () => {
    const t1 = registered()
    const t2 = dispatched(t1, PLANNING, '2026-03-02', '2026-03-04', '2026-03-16')
    await w.publish(TicketRegisteredV1, { ticket: t1, actor: 'owner-1' })
    await w.publish(TicketDispatchedV1, { ticket: t2, actor: 'agent-1' })
    await applied(t1.ticketId, t2.version)
    const before = await w.api('GET', `/api/v1/hotline/tickets/${t1.ticketId}`, agent())
    expect(before.status).toBe(200)
    const [good, bad] = before.body.history as Array<{ eventId: string; type: string }>
    expect([good?.type, bad?.type]).toEqual(['ticket.registered', 'ticket.dispatched'])
    // A status no contract knows, as an older or damaged row might hold.
    await w.db.pool.query(`UPDATE ticket_entry SET status = 'sleeping' WHERE event_id = $1`, [bad?.eventId])

    const detail = await w.api('GET', `/api/v1/hotline/tickets/${t1.ticketId}`, agent())
    expect(detail.status, JSON.stringify(detail.body)).toBe(200)
    expect(detail.body.ticket).toMatchObject({ ticketId: t1.ticketId, version: t2.version, status: 'dispatched' })
    expect(detail.body.history).toEqual([good])
    expect(detail.body.unreadable).toEqual([
      { kind: 'ticket-entry', id: bad?.eventId, reason: expect.stringContaining('/status'), department: PLANNING },
    ])
  })

  it("names a history entry at an 'infinity' instant, and answers a ticket whose due day is one with its 500", async () => {
    const t1 = registered()
    const t2 = dispatched(t1, PLANNING, '2026-03-02', '2026-03-04', '2026-03-16')
    await w.publish(TicketRegisteredV1, { ticket: t1, actor: 'owner-1' })
    await w.publish(TicketDispatchedV1, { ticket: t2, actor: 'agent-1' })
    await applied(t1.ticketId, t2.version)
    const url = `/api/v1/hotline/tickets/${t1.ticketId}`
    const [first, second] = (await w.api('GET', url, agent())).body.history as Array<{ eventId: string }>
    await w.db.pool.query(`UPDATE ticket_entry SET occurred_at = 'infinity' WHERE event_id = $1`, [first?.eventId])
    const detail = await w.api('GET', url, agent())
    expect(detail.status, JSON.stringify(detail.body)).toBe(200)
    expect(detail.body.history).toEqual([second])
    expect(detail.body.unreadable).toEqual([
      { kind: 'ticket-entry', id: first?.eventId, reason: expect.stringMatching(/^\/occurredAt /) },
    ])
    // The ticket's own due day: its page cannot be shown, and says so by its code rather than 'Invalid Date'.
    await w.db.pool.query(`UPDATE ticket SET due_on = 'infinity' WHERE id = $1`, [t1.ticketId])
    const broken = await w.api('GET', url, agent())
    expect(broken.status).toBe(500)
    expect(broken.body.code).toBe('GATEWAY_TICKET_UNREADABLE')
  })

  it('a window clerk lists and opens the 办不成事 tickets she registered, with where each stands; no other clerk’s, no other ticket', async () => {
    const clerkA = `clerk-window-${uuidv7()}`
    const clerkB = `clerk-window-${uuidv7()}`
    const window = (clerk: string, title: string) => {
      const t = registered({ channel: 'window', windowClerk: clerk, title })
      delete (t as Partial<Ticket>).ownerCreditCode
      return t
    }
    const hers = window(clerkA, '施工许可办不成')
    const hersDispatched = dispatched(hers, HOUSING, '2026-03-02', '2026-03-04', '2026-03-16')
    const colleagues = window(clerkB, '竣工验收办不成')
    const online = registered()
    await w.publish(TicketRegisteredV1, { ticket: hers }, { ticket: colleagues }, { ticket: online })
    await w.publish(TicketDispatchedV1, { ticket: hersDispatched })
    await applied(hers.ticketId, 2)
    await applied(colleagues.ticketId, 1)
    await applied(online.ticketId, 1)
    const asA = w.token({ role: 'clerk', sub: clerkA })
    const list = await w.api('GET', '/api/v1/hotline/tickets/window', asA)
    expect(list.status, JSON.stringify(list.body)).toBe(200)
    expect(list.body.tickets.map((r: { ticket: Ticket }) => [r.ticket.ticketId, r.ticket.status])).toEqual([
      [hers.ticketId, 'dispatched'],
    ])
    // Each listed whole: where it stands is her follow-up.
    expect(list.body.tickets[0]).toMatchObject({
      ticket: { channel: 'window', windowClerk: clerkA, department: HOUSING },
      dueOn: '2026-03-04',
    })
    const asB = w.token({ role: 'clerk', sub: clerkB })
    const theirs = await w.api('GET', '/api/v1/hotline/tickets/window', asB)
    expect(theirs.body.tickets.map((r: { ticket: Ticket }) => r.ticket.ticketId)).toEqual([colleagues.ticketId])
    // Her list is the window's: the centre's list is not hers.
    expect((await w.api('GET', '/api/v1/hotline/tickets', asA)).status).toBe(403)
    expect((await w.api('GET', '/api/v1/hotline/tickets/window', agent())).status).toBe(403)
    // She opens her own ticket's page, its history with it (row-level security's scope, the route's too)…
    const page = await w.api('GET', `/api/v1/hotline/tickets/${hers.ticketId}`, asA)
    expect(page.status, JSON.stringify(page.body)).toBe(200)
    expect(page.body).toMatchObject({
      ticket: { ticketId: hers.ticketId, status: 'dispatched', windowClerk: clerkA },
      dueOn: '2026-03-04',
    })
    expect(page.body.history.map((e: { type: string }) => e.type)).toEqual(['ticket.registered', 'ticket.dispatched'])
    // …and no other: her colleague's and an online ticket read as unknown, word for word; the requester is not hers.
    const unknown = uuidv7()
    const missing = await w.api('GET', `/api/v1/hotline/tickets/${unknown}`, asA)
    expect(missing.status).toBe(404)
    for (const other of [colleagues.ticketId, online.ticketId]) {
      const refused = await w.api('GET', `/api/v1/hotline/tickets/${other}`, asA)
      expect(refused.status).toBe(404)
      expect(JSON.stringify(refused.body).replaceAll(other, '<id>')).toBe(
        JSON.stringify(missing.body).replaceAll(unknown, '<id>'),
      )
    }
    expect((await w.api('GET', `/api/v1/hotline/tickets/${colleagues.ticketId}`, asB)).status).toBe(200)
    expect((await w.api('GET', `/api/v1/hotline/tickets/${hers.ticketId}/requester`, asA)).status).toBe(403)
  })

  it('a clerk registers on the 办不成事 window only: a call or an online request named is 403 naming the field', async () => {
    const body = (channel: string) => ({
      type: 'complaint',
      title: '施工许可办不成',
      content: '材料齐全但窗口称需另一部门意见，无法办理。',
      requester: { name: '李四', phone: '13800138000' },
      channel,
    })
    for (const channel of ['phone', 'online']) {
      const refused = await w.api('POST', '/api/v1/hotline/tickets', w.token({ role: 'clerk' }), body(channel))
      expect(refused.status, JSON.stringify(refused.body)).toBe(403)
      expect(refused.body).toMatchObject({ code: 'GATEWAY_TICKET_CHANNEL_FORBIDDEN', field: '/body/channel', channel })
    }
    const agentAtWindow = await w.api('POST', '/api/v1/hotline/tickets', agent(), body('window'))
    expect(agentAtWindow.body).toMatchObject({ code: 'GATEWAY_TICKET_CHANNEL_FORBIDDEN', allowed: 'phone' })
    const unknown = await w.api('POST', '/api/v1/hotline/tickets', w.token({ role: 'clerk' }), body('fax'))
    expect(unknown.status).toBe(400)
  })

  it('a Qinzhou ticket with its 整改函: the region and the letter in the read model, for the unit and the supervisor', async () => {
    // A 钦州 enterprise's 求助 (002:340): 3 working days, dispatched Monday 2 March, due Thursday 5 March.
    const help = registered({ type: 'help', region: '450700', originalLimit: 3 })
    const sent = dispatched(help, HOUSING, '2026-03-02', '2026-03-04', '2026-03-05')
    const letter = {
      id: uuidv7(),
      department: HOUSING,
      ground: 'perfunctory' as const,
      reason: '答复内容与诉求无关，未实际核查。',
      issuedOn: '2026-03-03',
      issuedAt: '2026-03-03T02:00:00Z',
    }
    const rectified = next(sent, { rectificationLetters: [letter] }, '2026-03-03T02:00:00Z')
    await w.publish(TicketRegisteredV1, { ticket: help })
    await w.publish(TicketDispatchedV1, { ticket: sent })
    await w.publish(TicketRectificationLetterIssuedV1, { ticket: rectified, actor: 'agent-1' })
    await applied(help.ticketId, 3)
    for (const token of [reviewer(HOUSING), supervisor()]) {
      const res = await w.api('GET', `/api/v1/hotline/tickets/${help.ticketId}`, token)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body.ticket).toMatchObject({ region: '450700', status: 'dispatched', rectificationLetters: [letter] })
      expect(res.body.history.at(-1).summary).toBe(`12345 求助: 整改函 sent to ${HOUSING} (perfunctory)`)
    }
  })

  it('a letter answered and a case handed on: the answer read by all the ticket’s readers, the referral by the centre and the supervisor only', async () => {
    // A 钦州 enterprise's 求助 about its project (the owner filed it online), dispatched, with a letter and a referral.
    const project = projectRegistered({ region: '450700', owner: owners.shanwei })
    await w.publish(ProjectRegisteredV1, project)
    const help = registered({ type: 'help', region: '450700', originalLimit: 3, projectId: project.projectId })
    const sent = dispatched(help, HOUSING, '2026-03-02', '2026-03-04', '2026-03-05')
    const reply = {
      rectification: '已重新核查并协助企业上传材料。',
      repliedOn: '2026-03-04',
      repliedAt: '2026-03-04T02:00:00Z',
    }
    const letter = {
      id: uuidv7(),
      department: HOUSING,
      ground: 'perfunctory' as const,
      reason: '答复内容与诉求无关，未实际核查。',
      issuedOn: '2026-03-03',
      issuedAt: '2026-03-03T02:00:00Z',
    }
    const issued = next(sent, { rectificationLetters: [letter] }, '2026-03-03T02:00:00Z')
    const answered = next(issued, { rectificationLetters: [{ ...letter, reply }] }, '2026-03-04T02:00:00Z')
    const referral = {
      id: uuidv7(),
      to: 'discipline' as const,
      note: '多次敷衍塞责，造成不良影响',
      referredOn: '2026-03-05',
      referredAt: '2026-03-05T02:00:00Z',
    }
    const referred = next(answered, { referrals: [referral] }, '2026-03-05T02:00:00Z')
    await w.publish(TicketRegisteredV1, { ticket: help })
    await w.publish(TicketDispatchedV1, { ticket: sent })
    await w.publish(TicketRectificationLetterIssuedV1, { ticket: issued, actor: 'agent-1' })
    await w.publish(TicketRectificationLetterAnsweredV1, { ticket: answered, actor: 'reviewer-1' })
    await w.publish(TicketReferredV1, { ticket: referred, actor: 'agent-1' })
    await applied(help.ticketId, 5)
    const url = `/api/v1/hotline/tickets/${help.ticketId}`
    for (const token of [agent(), supervisor()]) {
      const res = await w.api('GET', url, token)
      expect(res.body.ticket.rectificationLetters).toEqual([{ ...letter, reply }])
      expect(res.body.ticket.referrals).toEqual([referral])
      expect(res.body.history.map((e: { summary: string }) => e.summary).slice(-2)).toEqual([
        `12345 求助: 整改函 answered by ${HOUSING} (整改情况)`,
        '12345 求助: case handed on to discipline (线索移交)',
      ])
      const listed = await w.api('GET', `/api/v1/hotline/tickets?project_id=${project.projectId}`, token)
      expect(listed.body.tickets[0].ticket.referrals).toEqual([referral])
    }
    // The unit and the requester read the answer, never the referral: not on the ticket, its history, a list, the timeline.
    for (const token of [reviewer(HOUSING), owner(owners.shanwei.creditCode)]) {
      const res = await w.api('GET', url, token)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body.ticket.rectificationLetters).toEqual([{ ...letter, reply }])
      expect(res.body.ticket.referrals).toBeUndefined()
      expect(res.body.history.map((e: { type: string }) => e.type)).not.toContain('ticket.referred')
      expect(JSON.stringify(res.body)).not.toContain(referral.note)
    }
    const inbox = await w.api('GET', '/api/v1/hotline/tickets/inbox', reviewer(HOUSING))
    const mine = inbox.body.tickets.find((r: { ticket: Ticket }) => r.ticket.ticketId === help.ticketId)
    expect(mine.ticket.referrals).toBeUndefined()
    const own = await w.api('GET', '/api/v1/hotline/tickets/own', owner(owners.shanwei.creditCode))
    expect(JSON.stringify(own.body)).not.toContain(referral.note)
    const status = await w.api('GET', `/api/v1/projects/${project.projectId}/status`, owner(owners.shanwei.creditCode))
    const lines = status.body.timeline.filter((e: { type: string }) => e.type.startsWith('ticket.'))
    expect(lines.map((e: { type: string }) => e.type)).toContain('ticket.rectification-letter-answered')
    expect(lines.map((e: { type: string }) => e.type)).not.toContain('ticket.referred')
  })

  it('待回访: the centre’s list of business-line tickets owed their call-back, oldest first, for the agent and the supervisor', async () => {
    const rating = { round: 1 as const, notifiedOn: '2026-03-02', windowEnds: '2026-03-07', ratedOn: '2026-03-03' }
    const owedTicket = (title: string, callBack: object) =>
      registered({
        type: 'help',
        region: '450700',
        title,
        status: 'return-visit',
        ratings: [{ ...rating, value: 'dissatisfied' }],
        callBack: callBack as Ticket['callBack'],
      })
    const older = owedTicket('钦州求助：不满意待回访', { reason: 'dissatisfied', owedSince: '2026-03-03' })
    const newer = owedTicket('钦州求助：未解决待回访', { reason: 'unresolved', owedSince: '2026-03-04' })
    const visited = owedTicket('钦州求助：已回访', {
      reason: 'dissatisfied',
      owedSince: '2026-03-03',
      visitedOn: '2026-03-04',
    })
    // A Guangzhou-rule ticket waiting for its return visit is no business-line call-back.
    const guangzhou = registered({ status: 'return-visit', ratings: [{ ...rating, value: 'dissatisfied' }] })
    for (const t of [older, newer, visited, guangzhou]) await w.publish(TicketRatedV1, { ticket: t })
    for (const t of [older, newer, visited, guangzhou]) await applied(t.ticketId, 1)
    const mine = new Set([older, newer, visited, guangzhou].map((t) => t.ticketId))
    for (const token of [agent(), supervisor()]) {
      const res = await w.api('GET', '/api/v1/hotline/tickets?call_back=owed&limit=200', token)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      // Every row listed is owed, whoever else's; ours in the order they were registered.
      for (const r of res.body.tickets as { ticket: Ticket }[]) {
        expect(r.ticket.callBack?.owedSince).toBeDefined()
        expect(r.ticket.callBack?.visitedOn).toBeUndefined()
      }
      const ours = res.body.tickets
        .map((r: { ticket: Ticket }) => r.ticket.ticketId)
        .filter((id: string) => mine.has(id))
      expect(ours).toEqual([older.ticketId, newer.ticketId])
      // Paged as the other lists: one a page, the cursor leads on.
      const first = await w.api('GET', '/api/v1/hotline/tickets?call_back=owed&limit=1', token)
      expect(first.body.tickets).toHaveLength(1)
      expect(first.body.nextCursor).toBeDefined()
    }
    expect((await w.api('GET', '/api/v1/hotline/tickets?call_back=owed', reviewer(HOUSING))).status).toBe(403)
    const bad = await w.api('GET', '/api/v1/hotline/tickets?call_back=yes', agent())
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('call_back')
  })

  it('the 整改函’s answer is the unit’s and the referral the centre’s: each role checked before the hotline, each id a uuid', async () => {
    hotline.answer(200, {})
    const ticketId = uuidv7()
    const letterId = uuidv7()
    const replyPath = `/api/v1/hotline/tickets/${ticketId}/rectification-letters/${letterId}/reply`
    const answer = { rectification: '已整改' }
    const forwardedAs = async (token: string, path: string, body: object) => {
      const before = hotline.calls.length
      const res = await w.api('POST', path, token, body)
      return { status: res.status, forwarded: hotline.calls.length - before, call: hotline.calls.at(-1) }
    }
    for (const token of [agent(), supervisor(), owner(owners.shanwei.creditCode)])
      expect(await forwardedAs(token, replyPath, answer)).toMatchObject({ status: 403, forwarded: 0 })
    const byUnit = await forwardedAs(w.token({ role: 'lead', department: HOUSING }), replyPath, answer)
    expect(byUnit).toMatchObject({
      forwarded: 1,
      call: { url: `/tickets/${ticketId}/rectification-letters/${letterId}/reply` },
    })
    const badLetter = await w.api(
      'POST',
      `/api/v1/hotline/tickets/${ticketId}/rectification-letters/x/reply`,
      reviewer(HOUSING),
      answer,
    )
    expect(badLetter.status).toBe(400)
    expect(JSON.stringify(badLetter.body)).toContain('letterId')
    expect((await forwardedAs(reviewer(HOUSING), replyPath, {})).status).toBe(400)
    const referralPath = `/api/v1/hotline/tickets/${ticketId}/referrals`
    const referral = { to: 'inspection', note: '情况恶劣' }
    for (const token of [reviewer(HOUSING), supervisor(), owner(owners.shanwei.creditCode)])
      expect(await forwardedAs(token, referralPath, referral)).toMatchObject({ status: 403, forwarded: 0 })
    expect(await forwardedAs(agent(), referralPath, referral)).toMatchObject({
      forwarded: 1,
      call: { url: `/tickets/${ticketId}/referrals` },
    })
    expect((await forwardedAs(agent(), referralPath, { to: 'police', note: '情况恶劣' })).status).toBe(400)
    expect((await forwardedAs(agent(), referralPath, { to: 'inspection', note: 'x'.repeat(2001) })).status).toBe(400)
  })

  it('filters the centre’s list by region: the region and the ones under it, for the agent and the supervisor; an unknown region is 422 naming the field', async () => {
    // 钦州市, 钦南区 under it, 汕尾市, and a ticket from before regions (Guangzhou's limits, no region).
    const qinzhou = registered({ region: '450700', title: '钦州施工许可求助' })
    const qinnan = registered({ region: '450702', title: '钦南区施工许可求助' })
    const shanwei = registered({ region: '441500', title: '汕尾施工许可投诉' })
    const none = registered({ title: '未标地区的工单' })
    await w.publish(TicketRegisteredV1, { ticket: qinzhou }, { ticket: qinnan }, { ticket: shanwei }, { ticket: none })
    for (const t of [qinzhou, qinnan, shanwei, none]) await applied(t.ticketId, 1)
    const mine = new Set([qinzhou, qinnan, shanwei, none].map((t) => t.ticketId))
    const listed = async (token: string, region: string) => {
      const res = await w.api('GET', `/api/v1/hotline/tickets?region=${region}&limit=200`, token)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body.nextCursor).toBeUndefined()
      const tickets = res.body.tickets.map((r: { ticket: Ticket }) => r.ticket)
      // Every row listed is about the region or one under it, whoever else's tickets the list holds.
      for (const t of tickets)
        expect([t.region, `${t.region?.slice(0, 4)}00`, `${t.region?.slice(0, 2)}0000`]).toContain(region)
      return tickets
        .map((t: Ticket) => t.ticketId)
        .filter((id: string) => mine.has(id))
        .sort()
    }
    for (const token of [agent(), supervisor()]) {
      expect(await listed(token, '450700')).toEqual([qinzhou.ticketId, qinnan.ticketId].sort())
      expect(await listed(token, '450702')).toEqual([qinnan.ticketId])
      expect(await listed(token, '450000')).toEqual([qinzhou.ticketId, qinnan.ticketId].sort())
      expect(await listed(token, '441500')).toEqual([shanwei.ticketId])
    }
    // Paged two at a time (the region's own index, its keyset), the province's pages hold the same two, each once.
    const paged: string[] = []
    let cursor: string | undefined
    for (let pages = 0; pages < 100; pages++) {
      const res = await w.api(
        'GET',
        `/api/v1/hotline/tickets?region=450000&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        supervisor(),
      )
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      paged.push(...res.body.tickets.map((r: { ticket: Ticket }) => r.ticket.ticketId))
      cursor = res.body.nextCursor
      if (!cursor) break
    }
    expect(cursor).toBeUndefined()
    expect(new Set(paged).size).toBe(paged.length)
    expect(paged.filter((id) => mine.has(id)).sort()).toEqual([qinzhou.ticketId, qinnan.ticketId].sort())
    // With no region the list holds all four, the one with no region among them.
    const all = await w.api('GET', '/api/v1/hotline/tickets?limit=200', agent())
    expect(all.body.tickets.filter((r: { ticket: Ticket }) => mine.has(r.ticket.ticketId))).toHaveLength(4)
    // A region no catalogue covers: the registration's problem, naming the query's field; a malformed one is 400.
    const unknown = await w.api('GET', '/api/v1/hotline/tickets?region=990000', agent())
    expect(unknown.status, JSON.stringify(unknown.body)).toBe(422)
    expect(unknown.body).toMatchObject({
      code: 'GATEWAY_TICKET_REGION_UNKNOWN',
      field: '/querystring/region',
      region: '990000',
    })
    for (const bad of ['4507', '4507000', '45070a']) {
      const refused = await w.api('GET', `/api/v1/hotline/tickets?region=${bad}`, agent())
      expect(refused.status, bad).toBe(400)
      expect(JSON.stringify(refused.body)).toContain('region')
    }
  })

  it('a ticket naming a project is about the project’s region unless it names one, whoever registers it; a district is known', async () => {
    const project = projectRegistered({ region: '450700', owner: owners.shanwei })
    await w.publish(ProjectRegisteredV1, project)
    await expect
      .poll(async () => (await w.api('GET', `/api/v1/projects/${project.projectId}/status`, supervisor())).status)
      .toBe(200)
    const body = (over: object) => ({
      type: 'help',
      title: '施工许可办理求助',
      content: '申请施工许可时系统无法上传材料，请求协助。',
      requester: {},
      projectId: project.projectId,
      ...over,
    })
    hotline.answer(201, { tickets: [] })
    const forwarded = async (token: string, over: object) => {
      const before = hotline.calls.length
      const res = await w.api('POST', '/api/v1/hotline/tickets', token, body(over))
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      expect(hotline.calls.length).toBe(before + 1)
      return hotline.calls.at(-1)?.body as { region?: string }
    }
    const mine = owner(owners.shanwei.creditCode)
    expect((await forwarded(mine, {})).region).toBe('450700')
    expect((await forwarded(mine, { region: '450000' })).region).toBe('450000')
    // 钦南区 (450702) is under 钦州's catalogue: a region named stays.
    expect((await forwarded(agent(), { region: '450702' })).region).toBe('450702')
    // The agent's call and the window clerk's ticket naming the project take its region too, by the same rule: the
    // agent reads no project, yet the unit of the project's region must see the ticket.
    expect((await forwarded(agent(), {})).region).toBe('450700')
    expect((await forwarded(w.token({ role: 'clerk', sub: 'clerk-region' }), {})).region).toBe('450700')
    // A project the read model does not know gives none; a ticket naming no project none either.
    expect((await forwarded(agent(), { projectId: uuidv7() })).region).toBeUndefined()
    // (An undefined field is left out of the JSON body.)
    const unlinked = await forwarded(agent(), { projectId: undefined })
    expect(unlinked).not.toHaveProperty('projectId')
    expect(unlinked.region).toBeUndefined()
  })

  it('a region the platform knows, checked before the hotline; the 整改函 is the centre’s', async () => {
    const body = (region: string) => ({
      type: 'help',
      title: '施工许可办理求助',
      content: '申请施工许可时系统无法上传材料，请求协助。',
      requester: { name: '李四', phone: '13800138000' },
      region,
    })
    const unknown = await w.api('POST', '/api/v1/hotline/tickets', agent(), body('990000'))
    expect(unknown.status, JSON.stringify(unknown.body)).toBe(422)
    expect(unknown.body).toMatchObject({ code: 'GATEWAY_TICKET_REGION_UNKNOWN', field: '/body/region' })
    expect((await w.api('POST', '/api/v1/hotline/tickets', agent(), body('4507'))).status).toBe(400)
    const letter = { ground: 'duty-not-performed', reason: '未依法核查' }
    const path = `/api/v1/hotline/tickets/${uuidv7()}/rectification-letters`
    expect((await w.api('POST', path, reviewer(HOUSING), letter)).status).toBe(403)
    expect((await w.api('POST', path, supervisor(), letter)).status).toBe(403)
    expect((await w.api('POST', path, agent(), { ground: 'late', reason: '超期' })).status).toBe(400)
  })

  it('a caller’s enterprise (市场主体): forwarded with its requester, its credit code’s shape checked first, read back beside the personal data', async () => {
    const firm = { name: '钦州市港城建材有限公司', creditCode: '91450700MA5KQY01AW' }
    const body = (enterprise: object) => ({
      type: 'help',
      title: '施工许可办理求助',
      content: '申请施工许可时系统无法上传材料，请求协助。',
      requester: { name: '李四', phone: '13800138000', enterprise },
      region: '450700',
    })
    hotline.answer(201, { tickets: [] })
    const before = hotline.calls.length
    const taken = await w.api('POST', '/api/v1/hotline/tickets', agent(), body(firm))
    expect(taken.status, JSON.stringify(taken.body)).toBe(201)
    expect(hotline.calls.length).toBe(before + 1)
    expect(hotline.calls.at(-1)?.body).toMatchObject({
      requester: { name: '李四', enterprise: firm },
      region: '450700',
    })
    // The shape is the gateway's to check (the check character is the hotline's): Z is no character of the code.
    for (const enterprise of [
      { ...firm, creditCode: '91450700MA5KQZ01AW' },
      { ...firm, creditCode: '91450700MA5KQY01A' },
      { ...firm, name: 'x'.repeat(201) },
      { creditCode: firm.creditCode },
      { ...firm, legalPerson: '王五' },
    ]) {
      const refused = await w.api('POST', '/api/v1/hotline/tickets', agent(), body(enterprise))
      expect(refused.status, JSON.stringify(refused.body)).toBe(400)
      expect(JSON.stringify(refused.body)).toContain('/body/requester/enterprise')
    }
    expect(hotline.calls.length).toBe(before + 1)
    // The requester read passes the enterprise on to whom the hotline shows the requester to.
    const ticket = registered({
      type: 'help',
      channel: 'phone',
      region: '450700',
      originalLimit: 3,
      marketEntity: true,
    })
    hotline.answer(200, { ticket, requester: { name: '李四', enterprise: firm }, clocks: [] })
    const read = await w.api('GET', `/api/v1/hotline/tickets/${ticket.ticketId}/requester`, agent())
    expect(read.status, JSON.stringify(read.body)).toBe(200)
    expect(read.body).toEqual({ requester: { name: '李四', enterprise: firm }, hidden: [], realName: true })
  })

  it('keeps a regional unit to the tickets about its region: 佛山’s neither lists nor opens 汕尾’s, 汕尾’s and 广东’s do; a ticket of no region is no region’s', async () => {
    const dept = `dept-${Math.floor(Math.random() * 1e9)}`
    const unitOf = (region?: string) =>
      dispatched(registered(region ? { region } : {}), dept, '2026-03-02', '2026-03-04', '2026-03-16')
    const shanwei = unitOf('441500')
    const none = unitOf()
    await w.publish(TicketDispatchedV1, { ticket: shanwei }, { ticket: none })
    for (const t of [shanwei, none]) await applied(t.ticketId, t.version)
    const unitToken = (region?: string, role: 'reviewer' | 'lead' = 'reviewer') =>
      w.token({ role, department: dept, sub: `${role}-${dept}-${region ?? 'all'}`, ...(region ? { region } : {}) })
    const inbox = async (token: string) => {
      const res = await w.api('GET', '/api/v1/hotline/tickets/inbox?limit=200', token)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body.tickets.map((r: { ticket: Ticket }) => r.ticket.ticketId).sort()
    }
    const open = (token: string, id: string) => w.api('GET', `/api/v1/hotline/tickets/${id}`, token)
    // 佛山 (and its county 禅城): neither ticket listed; each opened answers exactly as an unknown id.
    for (const token of [unitToken('440600'), unitToken('440604'), unitToken('440600', 'lead')]) {
      expect(await inbox(token)).toEqual([])
      for (const t of [shanwei, none]) {
        const unknownId = uuidv7()
        const unknown = await open(token, unknownId)
        expect(unknown.status).toBe(404)
        const hidden = await open(token, t.ticketId)
        expect(hidden.status).toBe(404)
        expect(JSON.stringify(hidden.body)).toBe(JSON.stringify(unknown.body).replaceAll(unknownId, t.ticketId))
      }
    }
    // 汕尾 and 广东: 汕尾's ticket, listed and opened with its history; not the one that names no region.
    for (const token of [unitToken('441500'), unitToken('440000'), unitToken('441500', 'lead')]) {
      expect(await inbox(token)).toEqual([shanwei.ticketId])
      const opened = await open(token, shanwei.ticketId)
      expect(opened.status).toBe(200)
      expect(opened.body.history.map((h: { type: string }) => h.type)).toEqual(['ticket.dispatched'])
      expect((await open(token, none.ticketId)).status).toBe(404)
    }
    // A unit with no region: both, as before regions.
    expect(await inbox(unitToken())).toEqual([shanwei.ticketId, none.ticketId].sort())
    for (const t of [shanwei, none]) expect((await open(unitToken(), t.ticketId)).status).toBe(200)
  })

  it('authorises each route by role', async () => {
    expect((await w.api('GET', '/api/v1/hotline/tickets', reviewer(PLANNING))).status).toBe(403)
    expect((await w.api('GET', '/api/v1/hotline/tickets', owner(owners.shanwei.creditCode))).status).toBe(403)
    expect((await w.api('GET', '/api/v1/hotline/tickets/inbox', agent())).status).toBe(403)
    expect((await w.api('GET', '/api/v1/hotline/tickets/own', agent())).status).toBe(403)
    expect((await w.api('GET', '/api/v1/supervision/tickets', agent())).status).toBe(403)
    expect((await w.api('GET', '/api/v1/hotline/tickets')).status).toBe(401)
    expect((await w.api('GET', `/api/v1/hotline/tickets/${uuidv7()}`, agent())).status).toBe(404)
  })
})
