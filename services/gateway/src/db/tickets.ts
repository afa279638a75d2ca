import { dayKey, instantText } from '@onewindow/db'
import type { TicketScope } from '../domain/changes.js'
import type { TicketEntryRow, TicketProjection, TicketSnapshot } from '../domain/tickets.js'
import { Prisma } from '../generated/client.js'
import { legalDate, type Tx } from './client.js'
import type { InboxKey } from './queries.js'
import { asCaller, type Caller, type ReaderDb } from './scope.js'

/**
 * Writes one hotline event's projection in the batch's transaction, in one statement: the ticket's snapshot (kept only
 * when newer: a replayed dead letter or a late older snapshot changes nothing), its history line and, for a ticket
 * linked to a project, the project's timeline entry (both once: the event id is the key). Whether anything a client
 * can fetch changed — the snapshot kept, or a history line added (a late older copy with a new event id still adds
 * its line, which `GET /tickets/:id` returns) — answered with who reads the ticket as it now stands (the live
 * stream's scope: never a unit an older copy named that reads it no more); nothing for a plain replay.
 */
export async function applyTicket(tx: Tx, p: TicketProjection): Promise<TicketScope | undefined> {
  const t = p.row.ticket
  const upsert = Prisma.sql`
    INSERT INTO ticket AS s (id, type, status, channel, title, department, co_handlers, owner_credit_code, project_id,
                             application_id, task_id, due_on, handling_due_on, registered_at, version, snapshot,
                             updated_at)
    VALUES (${t.ticketId}::uuid, ${t.type}, ${t.status}, ${t.channel}, ${t.title}, ${t.department ?? null},
            ${t.coHandlers}::text[], ${t.ownerCreditCode ?? null}, ${t.projectId ?? null}::uuid,
            ${t.applicationId ?? null}::uuid, ${t.taskId ?? null}::uuid, ${p.row.dueOn ?? null}::date,
            ${p.row.handlingDueOn ?? null}::date, ${t.registeredAt}::timestamptz, ${t.version}::int,
            ${JSON.stringify(t)}::jsonb, ${t.updatedAt}::timestamptz)
    ON CONFLICT (id) DO UPDATE SET
      type = EXCLUDED.type, status = EXCLUDED.status, channel = EXCLUDED.channel, title = EXCLUDED.title,
      department = EXCLUDED.department, co_handlers = EXCLUDED.co_handlers,
      owner_credit_code = EXCLUDED.owner_credit_code, project_id = EXCLUDED.project_id,
      application_id = EXCLUDED.application_id, task_id = EXCLUDED.task_id, due_on = EXCLUDED.due_on,
      handling_due_on = EXCLUDED.handling_due_on, registered_at = EXCLUDED.registered_at, version = EXCLUDED.version,
      snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at
    WHERE s.version < EXCLUDED.version`
  const e = p.entry
  const entry = Prisma.sql`
    INSERT INTO ticket_entry (event_id, ticket_id, occurred_at, type, status, summary, actor, department)
    VALUES (${e.eventId}::uuid, ${e.ticketId}::uuid, ${e.occurredAt}::timestamptz, ${e.type}, ${e.status},
            ${e.summary}, ${e.actor ?? null}, ${e.department ?? null})
    ON CONFLICT DO NOTHING
    RETURNING 1`
  const l = p.timeline
  const timeline = l
    ? Prisma.sql`, c AS (
    INSERT INTO timeline_entry (event_id, project_id, occurred_at, type, subject, summary, actor, department)
    VALUES (${l.eventId}::uuid, ${l.projectId}::uuid, ${l.occurredAt}::timestamptz, ${l.type}, ${l.subject},
            ${l.summary}, ${l.actor ?? null}, ${l.department ?? null})
    ON CONFLICT DO NOTHING)`
    : Prisma.empty
  // The ticket's units as rows of their own, rewritten only when the snapshot is kept: a unit no longer named is
  // deleted, the others take the ticket's due day. Disjoint rows, so the two writes never meet in one statement.
  const units = [...new Set([...(t.department === undefined ? [] : [t.department]), ...t.coHandlers])]
  const dueOn = p.row.dueOn ?? null
  const unitRows = Prisma.sql`, u AS (
    DELETE FROM ticket_unit
     WHERE ticket_id = ${t.ticketId}::uuid AND unit <> ALL (${units}::text[]) AND EXISTS (SELECT 1 FROM a)),
    v AS (
    INSERT INTO ticket_unit (ticket_id, unit, due_on)
    SELECT ${t.ticketId}::uuid, unit, ${dueOn}::date FROM unnest(${units}::text[]) AS unit
     WHERE EXISTS (SELECT 1 FROM a)
    ON CONFLICT (ticket_id, unit) DO UPDATE SET due_on = EXCLUDED.due_on)`
  // The statement's reads see the rows as before it: when the snapshot was not kept, `ticket` is the stored one.
  // `window_clerk` is generated from the snapshot (20261225000000_window_clerk_scope): a window ticket's only.
  // `region` too (20261227000000_ticket_region), which a regional unit's must cover (20270103200000_ticket_region_scope).
  type Scope = {
    department: string | null
    coHandlers: string[]
    owner: string | null
    clerk: string | null
    region: string | null
  }
  const scope = await tx.$queryRaw<Scope[]>`
    WITH a AS (${upsert} RETURNING department, co_handlers, owner_credit_code, window_clerk, region),
         b AS (${entry})${timeline}${unitRows}
    SELECT department, co_handlers AS "coHandlers", owner_credit_code AS owner, window_clerk AS clerk, region FROM a
    UNION ALL
    SELECT department, co_handlers, owner_credit_code, window_clerk, region FROM ticket
     WHERE id = ${t.ticketId}::uuid AND NOT EXISTS (SELECT 1 FROM a) AND EXISTS (SELECT 1 FROM b)`
  const r = scope[0]
  if (!r) return undefined
  return {
    ...(r.department === null ? {} : { department: r.department }),
    coHandlers: r.coHandlers,
    ...(r.owner === null ? {} : { ownerCreditCode: r.owner }),
    ...(r.clerk === null ? {} : { windowClerk: r.clerk }),
    ...(r.region === null ? {} : { region: r.region }),
  }
}

/** What the ticket lists filter by; an absent filter lets every row through. */
export type TicketFilter = {
  status?: TicketSnapshot['status']
  type?: TicketSnapshot['type']
  department?: string
  projectId?: string
  /** Only the tickets this owner organisation filed (统一社会信用代码). */
  ownerCreditCode?: string
  /** Only the 办不成事 window tickets this clerk (her `sub`) registered. */
  windowClerk?: string
  /** Only the tickets about this region (行政区划代码) or a region under it (a city's districts, a province's cities). */
  region?: string
  /** Only open tickets (not closed). */
  open?: boolean
  /**
   * Only tickets owed the 优化营商环境专线's call-back (002:340): the hotline's `callBack` made and not visited yet. Such a
   * ticket waits for the centre's visit, nothing due (no due day), so the undated tail lists them by id: uuidv7, the
   * oldest registered first.
   */
  callBackOwed?: boolean
  /** Only tickets due before this legal day. */
  dueBefore?: string
}

/** A page of tickets, with the due day each is listed by (the stored column the order and the cursor use). */
export type TicketPage = { tickets: TicketSnapshot[]; dues: Map<string, string | undefined>; next?: InboxKey }

/** Open tickets and the overdue among them. */
export type TicketCounts = { open: number; overdue: number }

/** Open and overdue tickets of one handling unit, for supervision; the same counted again by the channel each came by. */
export type DepartmentTicketFigures = TicketCounts & {
  department: string | null
  overdueTickets: string[]
  byChannel: Record<TicketSnapshot['channel'], TicketCounts>
}

const snapshotOf = (r: { snapshot: unknown }) => r.snapshot as TicketSnapshot

/**
 * Tickets about `region` or a region under it, by the one generated column of the region's level
 * (20261227000000_ticket_region): a province (`450000`) compared with the ticket's province, a city (`450700`) with its
 * city, a county or district with its own region. A plain comparison, which PostgreSQL may use as the index condition
 * ahead of row-level security; written in only when asked, so a generic plan has no `$1 IS NULL OR …` to weigh.
 */
function aboutRegion(region: string | undefined): Prisma.Sql {
  if (region === undefined) return Prisma.sql`TRUE`
  if (region.endsWith('0000')) return Prisma.sql`ticket.region_province = ${region}::text`
  if (region.endsWith('00')) return Prisma.sql`ticket.region_city = ${region}::text`
  return Prisma.sql`ticket.region = ${region}::text`
}

/**
 * The tickets as `caller` may read them, under row-level security (migrations 20261205020000_hotline_tickets,
 * 20261225000000_window_clerk_scope, 20270103200000_ticket_region_scope): an agent and a supervisor every ticket, a
 * reviewer or lead its department's (a regional one's only those about a region within its own), an owner its own, a
 * window clerk the 办不成事 tickets she registered (by her `sub`).
 */
export function ticketReads(db: ReaderDb, caller: Caller) {
  return {
    /**
     * A page of tickets, soonest due first (tickets with nothing due last), keyset-paged on (due day, id) like the task
     * inbox: `after` is the last key of the page before; one row more than `limit` is read to tell whether more follow.
     * Two statements, as the inbox reads: the dated tickets from the key by a row comparison, which the index starts
     * at, then the undated tail once the dated are exhausted. One statement with "later day, or the same day and a
     * later id, or undated" in an `OR` could not start there: a deep page read every ticket before it. A unit's page
     * (`department`: handled or co-handled) is read in `ticket_unit`'s (unit, due day, id) order and joined to its
     * tickets; the rest in `ticket`'s (due day, id). Ordered by qualified columns: a bare `id` names the selected
     * `id::text`, which no index is in the order of.
     */
    async page(filter: TicketFilter, page: { limit: number; after?: InboxKey }): Promise<TicketPage> {
      // `due_key`: the due day as PostgreSQL writes it, the next page's key whatever the day holds (`dayKey`, @onewindow/db).
      type Row = { id: string; due_on: Date | null; due_key: string | null; snapshot: unknown }
      const after = page.after
      const take = page.limit + 1
      const unit = filter.department
      // The order's columns: the unit row's for a unit's page (its due day is the ticket's, written with it).
      const from =
        unit === undefined
          ? Prisma.sql`ticket`
          : Prisma.sql`ticket_unit k JOIN ticket ON ticket.id = k.ticket_id AND k.unit = ${unit}::text`
      const due = unit === undefined ? Prisma.sql`ticket.due_on` : Prisma.sql`k.due_on`
      const key = unit === undefined ? Prisma.sql`ticket.id` : Prisma.sql`k.ticket_id`
      const matches = Prisma.sql`
             (${filter.status ?? null}::text IS NULL OR status = ${filter.status ?? null}::text)
             AND (${filter.type ?? null}::text IS NULL OR type = ${filter.type ?? null}::text)
             AND (${filter.projectId ?? null}::uuid IS NULL OR project_id = ${filter.projectId ?? null}::uuid)
             AND (${filter.ownerCreditCode ?? null}::text IS NULL
                  OR owner_credit_code = ${filter.ownerCreditCode ?? null}::text)
             AND (${filter.windowClerk ?? null}::text IS NULL OR window_clerk = ${filter.windowClerk ?? null}::text)
             AND ${aboutRegion(filter.region)}
             AND (NOT ${filter.open ?? false}::boolean OR status <> 'closed')
             AND (NOT ${filter.callBackOwed ?? false}::boolean
                  OR (snapshot #>> '{callBack,owedSince}' IS NOT NULL AND snapshot #>> '{callBack,visitedOn}' IS NULL))`
      const rows = await asCaller(db, caller, async (tx) => {
        const found: Row[] = []
        if (after?.dueOn !== null) {
          found.push(
            ...(await tx.$queryRaw<Row[]>`
          SELECT ticket.id::text AS id, ${due} AS due_on, ${dayKey(due)} AS due_key, ticket.snapshot FROM ${from}
           WHERE ${matches} AND ${due} IS NOT NULL
             AND (${filter.dueBefore ?? null}::date IS NULL OR ${due} < ${filter.dueBefore ?? null}::date)
             AND (${after?.dueOn ?? null}::date IS NULL
                  OR (${due}, ${key}) > (${after?.dueOn ?? null}::date, ${after?.taskId ?? null}::uuid))
           ORDER BY ${due}, ${key}
           LIMIT ${take}::int`),
          )
        }
        // `due_before` leaves the undated tail out.
        if (found.length < take && !filter.dueBefore) {
          const afterUndated = after?.dueOn === null ? after.taskId : null
          found.push(
            ...(await tx.$queryRaw<Row[]>`
          SELECT ticket.id::text AS id, ${due} AS due_on, NULL AS due_key, ticket.snapshot FROM ${from}
           WHERE ${matches} AND ${due} IS NULL
             AND (${afterUndated}::uuid IS NULL OR ${key} > ${afterUndated}::uuid)
           ORDER BY ${key}
           LIMIT ${take - found.length}::int`),
          )
        }
        return found
      })
      const shown = rows.slice(0, page.limit)
      // The next page starts after this page's last row, whether or not its due day reads as one (a stored 'infinity'
      // is named by the route): a page of rows that are all named still leads on to the rows after them.
      const last = shown.at(-1)
      return {
        tickets: shown.map(snapshotOf),
        dues: new Map(shown.map((r) => [r.id, r.due_on === null ? undefined : legalDate(r.due_on)])),
        ...(rows.length > page.limit && last ? { next: { dueOn: last.due_key, taskId: last.id } } : {}),
      }
    },

    /** One ticket with its history, oldest first; undefined when unknown or not the caller's to see. */
    async ticket(
      id: string,
    ): Promise<{ ticket: TicketSnapshot; dueOn?: string; history: TicketEntryRow[] } | undefined> {
      return asCaller(db, caller, async (tx) => {
        const row = await tx.ticket.findUnique({ where: { id } })
        if (!row) return undefined
        const entries = await tx.ticketEntry.findMany({
          where: { ticketId: id },
          orderBy: [{ occurredAt: 'asc' }, { eventId: 'asc' }],
          take: 500,
        })
        return {
          ticket: snapshotOf(row),
          ...(row.dueOn === null ? {} : { dueOn: legalDate(row.dueOn) }),
          history: entries.map((e) => ({
            eventId: e.eventId,
            ticketId: e.ticketId,
            occurredAt: instantText(e.occurredAt),
            type: e.type,
            status: e.status as TicketSnapshot['status'],
            summary: e.summary,
            ...(e.actor === null ? {} : { actor: e.actor }),
            ...(e.department === null ? {} : { department: e.department }),
          })),
        }
      })
    },

    /**
     * Open tickets per handling unit and those of them overdue on `today`: due before it with the act not done (an
     * open ticket's `due_on` is the due day of what it waits for, so one past it is late). With `region`, only the
     * tickets about it or a region under it, as the list's filter. Each count again by the ticket's `channel` (phone,
     * online, the 办不成事 window): aggregates of the rows already read, so no other index than the read's own.
     */
    async figures(today: string, department?: string, region?: string): Promise<DepartmentTicketFigures[]> {
      type Row = {
        department: string | null
        open: number
        overdue: number
        overdue_tickets: string[]
        open_phone: number
        overdue_phone: number
        open_online: number
        overdue_online: number
        open_window: number
        overdue_window: number
      }
      const late = Prisma.sql`due_on < ${today}::date`
      const rows = await asCaller(
        db,
        caller,
        (tx) =>
          tx.$queryRaw<Row[]>`
          SELECT department, count(*)::int AS open,
                 (count(*) FILTER (WHERE ${late}))::int AS overdue,
                 coalesce(array_agg(id::text ORDER BY due_on, id) FILTER (WHERE ${late}), ARRAY[]::text[])
                   AS overdue_tickets,
                 (count(*) FILTER (WHERE channel = 'phone'))::int AS open_phone,
                 (count(*) FILTER (WHERE channel = 'phone' AND ${late}))::int AS overdue_phone,
                 (count(*) FILTER (WHERE channel = 'online'))::int AS open_online,
                 (count(*) FILTER (WHERE channel = 'online' AND ${late}))::int AS overdue_online,
                 (count(*) FILTER (WHERE channel = 'window'))::int AS open_window,
                 (count(*) FILTER (WHERE channel = 'window' AND ${late}))::int AS overdue_window
            FROM ticket
           WHERE status <> 'closed'
             AND (${department ?? null}::text IS NULL OR department = ${department ?? null}::text)
             AND ${aboutRegion(region)}
           GROUP BY department
           ORDER BY 3 DESC, 2 DESC, 1 NULLS FIRST`,
      )
      return rows.map((r) => ({
        department: r.department,
        open: r.open,
        overdue: r.overdue,
        overdueTickets: r.overdue_tickets,
        byChannel: {
          phone: { open: r.open_phone, overdue: r.overdue_phone },
          online: { open: r.open_online, overdue: r.overdue_online },
          window: { open: r.open_window, overdue: r.overdue_window },
        },
      }))
    },
  }
}
export type TicketReads = ReturnType<typeof ticketReads>
