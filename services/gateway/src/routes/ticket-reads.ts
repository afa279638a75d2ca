import {
  Count,
  DepartmentCode,
  Instant,
  LegalDate,
  readsReferrals,
  TicketRegion,
  TicketSnapshot,
  TicketStatus,
  TicketType,
  Uuid,
  withoutReferrals,
} from '@onewindow/contracts'
import { ProblemError, registerErrorCodes, unreadableLog } from '@onewindow/service-kit'
import { isLegalDate, legalDateOf } from '@onewindow/workdays'
import type { FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import type { TicketFilter, TicketPage } from '../db/tickets.js'
import { ticketReadRow } from '../domain/authorise.js'
import { conforming, eachRow, ViewMismatch } from '../domain/rows.js'
import { centreOnly, isOpen } from '../domain/tickets.js'
import { cursorKey, encodeCursor } from '../http/inbox-cursor.js'
import { Unreadable } from '../http/schemas.js'
import { checkRegionKnown } from './hotline.js'
import { authorised, type RoutePlugin } from './plugin.js'

// 12345 热线工单 — the ticket reads, answered from the read model (docs/hotline.md, "Read model"); the commands
// (register, dispatch, check, return, extend, reply, rate…) are forwarded to services/hotline by their own routes.

/** Tickets per page unless `limit` says otherwise, and the most one page holds. */
export const TICKETS_LIMIT = 50
export const TICKETS_MAX_LIMIT = 200
/** Entries of a ticket's history answered at most. */
const HISTORY_MAX = 500

/**
 * A yes-or-no filter, spelled out: Fastify's Ajv coerces `1`, `0` or an empty string to a boolean, so a mistyped value
 * would pass as one; `true` or `false` only, anything else a 400 naming the field.
 */
const Flag = (description: string) => Type.Union([Type.Literal('true'), Type.Literal('false')], { description })

const Limit = Type.Integer({ minimum: 1, maximum: TICKETS_MAX_LIMIT, default: TICKETS_LIMIT, description: 'per page' })
const Cursor = Type.String({
  pattern: '^[A-Za-z0-9_-]+$',
  maxLength: 200,
  description: "the previous page's nextCursor, as it came; the page starts after that page's last ticket",
})

/** The region filter of the list and of the supervisor's figures; checked known by `checkRegionKnown`. */
const RegionFilter = Type.Optional({
  ...TicketRegion,
  description: 'only tickets about this region (6-digit 行政区划代码, one the catalogues cover) or a region under it',
})

/** A ticket as the lists show it: its snapshot, and whether what it waits for is late today. */
const ListedTicket = Type.Object({
  ticket: TicketSnapshot,
  /** The due day of the act the ticket waits for (dispatch, the unit's check, handling…); absent when none. */
  dueOn: Type.Optional(Type.String()),
  /** Open and past `dueOn` today (Asia/Shanghai). */
  overdue: Type.Boolean(),
})

const TicketPageResponse = Type.Object({
  tickets: Type.Array(ListedTicket),
  nextCursor: Type.Optional(
    Type.String({ description: 'pass as `cursor` (same filters) for the next page; absent on the last' }),
  ),
  unreadable: Type.Array(Unreadable, { description: "this page's rows that could not be shown" }),
})

const HistoryEntry = Type.Object({
  eventId: Type.String(),
  occurredAt: Instant,
  type: Type.String({ description: 'the event, e.g. ticket.dispatched' }),
  status: TicketStatus,
  summary: Type.String(),
  actor: Type.Optional(Type.String()),
  department: Type.Optional(Type.String()),
})

const TicketDetail = Type.Object({
  ticket: TicketSnapshot,
  dueOn: Type.Optional(Type.String()),
  overdue: Type.Boolean(),
  history: Type.Array(HistoryEntry, { maxItems: HISTORY_MAX }),
  unreadable: Type.Array(Unreadable, {
    description: 'history entries that could not be shown (`kind: ticket-entry`), left out of `history`',
  }),
})

/** Of a unit's open tickets, those that came by one channel, and how many of them are overdue today. */
const ChannelFigure = (description: string) =>
  Type.Object({ open: Count(), overdue: Count() }, { additionalProperties: false, description })

const DepartmentFigure = Type.Object({
  department: Type.Union([Type.String(), Type.Null()], {
    description: 'the handling unit; null for tickets the centre has not dispatched yet',
  }),
  open: Count(),
  overdue: Count(),
  overdueTickets: Type.Array(Type.String(), { description: 'the overdue tickets, soonest due first' }),
  byChannel: Type.Object(
    {
      phone: ChannelFigure('by phone, through the centre’s agent'),
      online: ChannelFigure('online, by the requester'),
      window: ChannelFigure('at a 办不成事 window (the window for things that could not get done), by its clerk'),
    },
    {
      additionalProperties: false,
      description:
        '`open` and `overdue` again by the channel each ticket came by (TicketChannel); the three add up to them',
    },
  ),
})

// An unknown or hidden ticket is `GATEWAY_TICKET_NOT_FOUND` (the `*_NOT_FOUND` rule of docs/errors.md).
registerErrorCodes({ GATEWAY_TICKET_UNREADABLE: 500 })

const checkedTicket = conforming(TicketSnapshot)
const checkedEntry = conforming(HistoryEntry)
/** A ticket's due day is the row's own column: one that is no day (a stored 'infinity') makes the row unreadable. */
function checkDue(due: string | undefined): void {
  if (due !== undefined && !isLegalDate(due)) throw new ViewMismatch(`/dueOn ${due} is no legal day`)
}
const ticketNotFound = (id: string) => () => new ProblemError(404, 'GATEWAY_TICKET_NOT_FOUND', `No ticket ${id}.`)

export const ticketReadRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  const today = () => legalDateOf(deps.clock.now())
  const dueOf = (t: Static<typeof TicketSnapshot>, due: string | undefined) => ({
    ...(due === undefined ? {} : { dueOn: due }),
    overdue: isOpen(t) && due !== undefined && due < today(),
  })

  /** One page, each row checked against the contract on its own: a bad stored row is named, the rest answer. */
  const answer = (request: FastifyRequest, found: TicketPage & { dues: Map<string, string | undefined> }) => {
    const rows = eachRow(
      found.tickets,
      'ticket',
      (t) => t.ticketId,
      (t) => {
        const ticket = withoutReferrals(checkedTicket(t), request.actor.role)
        const due = found.dues.get(ticket.ticketId)
        checkDue(due)
        return { ticket, ...dueOf(ticket, due) }
      },
      (t) => t.department,
    )
    logUnreadable(request.log, rows.unreadable)
    return {
      tickets: rows.views,
      ...(found.next ? { nextCursor: encodeCursor(found.next) } : {}),
      unreadable: rows.unreadable,
    }
  }
  const read = async (
    request: FastifyRequest,
    filter: TicketFilter,
    paging: { limit?: number | undefined; cursor?: string | undefined },
  ) => {
    const after = paging.cursor === undefined ? undefined : cursorKey(paging.cursor)
    const found = await deps
      .tickets(request.actor)
      .page(filter, { limit: paging.limit ?? TICKETS_LIMIT, ...(after ? { after } : {}) })
    return answer(request, found)
  }

  app.get(
    '/hotline/tickets',
    {
      schema: {
        summary: "The hotline centre's ticket list, soonest due first, filtered and paged — agent, supervisor, admin",
        tags: ['hotline'],
        querystring: Type.Object(
          {
            status: Type.Optional(TicketStatus),
            type: Type.Optional(TicketType),
            department: Type.Optional(DepartmentCode),
            project_id: Type.Optional(Uuid),
            region: RegionFilter,
            open: Type.Optional(Flag('true: only tickets not closed')),
            due_before: Type.Optional({ ...LegalDate, description: 'only tickets due before this legal date' }),
            call_back: Type.Optional(
              Type.Literal('owed', {
                description:
                  '待回访: only the 优化营商环境专线 tickets (a market entity’s, in 广西) rated 不满意 or unresolved whose call-back is not recorded yet (002:340), oldest first',
              }),
            ),
            limit: Type.Optional(Limit),
            cursor: Type.Optional(Cursor),
          },
          { additionalProperties: false },
        ),
        response: { 200: TicketPageResponse },
      },
    },
    async (request) => {
      authorised(request, { action: 'tickets.list' })
      const q = request.query
      if (q.region !== undefined) checkRegionKnown(q.region, '/querystring/region')
      return read(
        request,
        {
          ...(q.status ? { status: q.status } : {}),
          ...(q.type ? { type: q.type } : {}),
          ...(q.department ? { department: q.department } : {}),
          ...(q.project_id ? { projectId: q.project_id } : {}),
          ...(q.region ? { region: q.region } : {}),
          ...(q.open === 'true' ? { open: true } : {}),
          ...(q.due_before ? { dueBefore: q.due_before } : {}),
          ...(q.call_back === 'owed' ? { callBackOwed: true } : {}),
        },
        q,
      )
    },
  )

  app.get(
    '/hotline/tickets/inbox',
    {
      schema: {
        summary:
          "A department's ticket inbox as handling unit or co-handler, soonest due first — reviewer, lead of the department",
        tags: ['hotline'],
        querystring: Type.Object(
          {
            status: Type.Optional(TicketStatus),
            all: Type.Optional(Flag('true: closed tickets too (by default only open ones)')),
            due_before: Type.Optional({ ...LegalDate, description: 'only tickets due before this legal date' }),
            limit: Type.Optional(Limit),
            cursor: Type.Optional(Cursor),
          },
          { additionalProperties: false },
        ),
        response: { 200: TicketPageResponse },
      },
    },
    async (request) => {
      authorised(request, { action: 'tickets.inbox' })
      const q = request.query
      return read(
        request,
        {
          department: request.actor.department ?? '',
          ...(q.status ? { status: q.status } : {}),
          ...(q.all === 'true' ? {} : { open: true }),
          ...(q.due_before ? { dueBefore: q.due_before } : {}),
        },
        q,
      )
    },
  )

  app.get(
    '/hotline/tickets/own',
    {
      schema: {
        summary: "The tickets the caller's organisation filed, soonest due first — owner",
        tags: ['hotline'],
        querystring: Type.Object(
          { limit: Type.Optional(Limit), cursor: Type.Optional(Cursor) },
          { additionalProperties: false },
        ),
        response: { 200: TicketPageResponse },
      },
    },
    async (request) => {
      authorised(request, { action: 'tickets.own' })
      // Row-level security keeps an owner to its own; the route does not rely on it alone.
      return read(request, { ownerCreditCode: request.actor.creditCode ?? '' }, request.query)
    },
  )

  app.get(
    '/hotline/tickets/window',
    {
      schema: {
        summary:
          'The tickets the caller registered at the 办不成事 window (for applicants whose matter could not get done), soonest due first — clerk',
        tags: ['hotline'],
        querystring: Type.Object(
          { limit: Type.Optional(Limit), cursor: Type.Optional(Cursor) },
          { additionalProperties: false },
        ),
        response: { 200: TicketPageResponse },
      },
    },
    async (request) => {
      authorised(request, { action: 'tickets.window' })
      // Row-level security keeps a clerk to her own window tickets (20261225000000_window_clerk_scope); the route does
      // not rely on it alone.
      return read(request, { windowClerk: request.actor.sub }, request.query)
    },
  )

  app.get(
    '/hotline/tickets/:id',
    {
      schema: {
        summary:
          'One ticket with its clocks (dispatch, check, handling with extensions and restarts, returns) and its history (a stored entry that cannot be shown is left out and named in `unreadable`) — agent, supervisor, admin; the handling unit; the owner that filed it; the window clerk who registered it',
        tags: ['hotline'],
        params: Type.Object({ id: Uuid }, { additionalProperties: false }),
        response: { 200: TicketDetail },
      },
    },
    async (request) => {
      const { id } = request.params
      const found = await deps.tickets(request.actor).ticket(id)
      const t = found?.ticket
      // The window clerk a ticket names counts for a window ticket only, as row-level security's `window_clerk` column.
      authorised(
        request,
        {
          action: 'ticket.read',
          ...(t
            ? { row: ticketReadRow({ ...t, windowClerk: t.channel === 'window' ? t.windowClerk : undefined }) }
            : {}),
        },
        ticketNotFound(id),
      )
      if (!found || !t) throw ticketNotFound(id)()
      let ticket: Static<typeof TicketSnapshot>
      try {
        ticket = withoutReferrals(checkedTicket(t), request.actor.role)
        checkDue(found.dueOn)
      } catch (err) {
        request.log.error({ unreadable: { kind: 'ticket', id, reason: String(err) } }, 'a stored ticket cannot be read')
        throw new ProblemError(500, 'GATEWAY_TICKET_UNREADABLE', `Ticket ${id} cannot be read from the read model.`)
      }
      // Each history entry on its own, as a list's rows: a bad stored one (a status no contract knows) is left out and
      // named, and the ticket answers with the rest.
      // The centre's own lines (a referral) are left out for the unit and the requester, as the ticket's referrals are.
      const readable = readsReferrals(request.actor.role)
        ? found.history
        : found.history.filter((e) => !centreOnly(e.type))
      const history = eachRow(
        readable.slice(0, HISTORY_MAX),
        'ticket-entry',
        (e) => e.eventId,
        checkedEntry,
        (e) => e.department,
      )
      logUnreadable(request.log, history.unreadable)
      return { ticket, ...dueOf(ticket, found.dueOn), history: history.views, unreadable: history.unreadable }
    },
  )

  app.get(
    '/supervision/tickets',
    {
      schema: {
        summary:
          '12345 tickets per handling unit: open, and overdue today (past the due day of what they wait for), of one region if asked — supervisor, admin',
        tags: ['hotline'],
        querystring: Type.Object(
          { department: Type.Optional(DepartmentCode), region: RegionFilter },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ today: Type.String(), departments: Type.Array(DepartmentFigure) }) },
      },
    },
    async (request) => {
      authorised(request, { action: 'supervision.tickets' })
      const q = request.query
      if (q.region !== undefined) checkRegionKnown(q.region, '/querystring/region')
      const day = today()
      const departments = await deps.tickets(request.actor).figures(day, q.department, q.region)
      return { today: day, departments }
    },
  )
}
