import { TicketSnapshot } from '@onewindow/contracts'
import { storedState } from '@onewindow/db'
import { lockStateIfFree } from '@onewindow/messaging'
import { type Requester, type Ticket, TicketRequester } from '../domain/ticket.js'
import { Prisma } from '../generated/client.js'

/** The hotline service's transaction: its Prisma client inside `$transaction`. */
export type Tx = Prisma.TransactionClient

export type StoredTicket = { ticket: Ticket; requester: Requester }

const ticketState = storedState('hotline ticket', TicketSnapshot)
/** The requester's personal data and enterprise as registered (its own column, never in events); rows from before
 * enterprises could be named have none and read as they are. */
const requesterState = storedState('hotline ticket requester', TicketRequester)

/** Plain objects in and out; every statement runs in the caller's transaction. */
export const ticketRepository = (tx: Tx) => ({
  async insert(rows: readonly StoredTicket[], lookOn: (t: Ticket) => string | null): Promise<void> {
    if (rows.length === 0) return
    await tx.$executeRaw`
      INSERT INTO ticket (id, group_id, type, status, department, owner_credit_code, project_id, version, state,
                          requester, look_on, registered_at, updated_at)
      SELECT * FROM unnest(${rows.map((r) => r.ticket.ticketId)}::uuid[], ${rows.map((r) => r.ticket.groupId)}::uuid[],
                           ${rows.map((r) => r.ticket.type)}::text[], ${rows.map((r) => r.ticket.status)}::text[],
                           ${rows.map((r) => r.ticket.department ?? null)}::text[],
                           ${rows.map((r) => r.ticket.ownerCreditCode ?? null)}::text[],
                           ${rows.map((r) => r.ticket.projectId ?? null)}::uuid[],
                           ${rows.map((r) => r.ticket.version)}::int[],
                           ${rows.map((r) => JSON.stringify(r.ticket))}::jsonb[],
                           ${rows.map((r) => JSON.stringify(r.requester))}::jsonb[],
                           ${rows.map((r) => lookOn(r.ticket))}::date[],
                           ${rows.map((r) => r.ticket.registeredAt)}::timestamptz[],
                           ${rows.map((r) => r.ticket.updatedAt)}::timestamptz[])`
  },

  async find(ticketId: string, lock = false): Promise<StoredTicket | undefined> {
    const [row] = await tx.$queryRaw<Array<{ id: string; state: string; requester: string }>>`
      SELECT id::text AS id, state::text AS state, requester::text AS requester FROM ticket WHERE id = ${ticketId}::uuid
      ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
    return row
      ? { ticket: ticketState.one(row), requester: requesterState.one({ id: row.id, state: row.requester }) }
      : undefined
  },

  /** Open tickets with something that may fall due by `today`, after `after` in id order. */
  async due(today: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM ticket
       WHERE look_on <= ${today}::date ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
       ORDER BY id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /**
   * Every ticket not closed, after `after` in id order: what a new calendar re-projects. Not only those the timer will
   * look at (look_on set): a clock already recorded overdue has no look day, yet a calendar may move its day later.
   */
  async open(after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM ticket
       WHERE status <> 'closed' ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
       ORDER BY id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /** The ticket locked for this transaction, or nothing when another holds it (a replica's pass, a command). */
  lockIfFree: (ticketId: string) => lockStateIfFree(tx, Prisma.sql`ticket`, ticketId, ticketState),

  async save(ticket: Ticket, lookOn: string | null): Promise<void> {
    await tx.$executeRaw`
      UPDATE ticket SET status = ${ticket.status}, department = ${ticket.department ?? null},
                        version = ${ticket.version}, state = ${JSON.stringify(ticket)}::jsonb,
                        look_on = ${lookOn}::date, updated_at = ${ticket.updatedAt}::timestamptz
       WHERE id = ${ticket.ticketId}::uuid`
  },
})
