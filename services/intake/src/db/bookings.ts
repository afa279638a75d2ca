import type { BookingSlot, BookingView } from '@onewindow/contracts'
import { instantKey, instantOfKey } from '@onewindow/db'
import { Prisma } from '../generated/client.js'
import type { Tx } from './client.js'

/** A booking row as the views read it: dates and instants as text, the project's name and code beside it. */
export const bookingColumns = Prisma.sql`
  b.id::text AS "bookingId", b.project_id::text AS "projectId", p.name AS "projectName",
  p.project_code AS "projectCode", b.owner_credit_code AS "ownerCreditCode", b.region, b.step,
  (SELECT f->>'name' FROM jsonb_array_elements(p.flow) f WHERE f->>'step' = b.step LIMIT 1) AS "stepName",
  to_char(b.day, 'YYYY-MM-DD') AS day, b.slot, b.state,
  to_char(b.booked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "bookedAt", b.booked_by AS "bookedBy",
  b.application_id::text AS "applicationId",
  to_char(b.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "closedAt", b.closed_by AS "closedBy",
  b.reason`

export type BookingRaw = { [K in keyof BookingView]-?: BookingView[K] | null }

/** Nulls left out, as the contract's optional members are. */
export const bookingView = (r: BookingRaw): BookingView =>
  Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && v !== undefined)) as BookingView

export async function insertBooking(tx: Tx, b: BookingView): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO booking (id, project_id, step, region, owner_credit_code, day, slot, state, booked_at, booked_by)
    VALUES (${b.bookingId}::uuid, ${b.projectId}::uuid, ${b.step}, ${b.region}, ${b.ownerCreditCode}, ${b.day}::date,
            ${b.slot}, 'booked', ${b.bookedAt}::timestamptz, ${b.bookedBy})`
}

/**
 * The slot's load in the region: bookings booked or attended. Bookings of one slot take turns on a transaction lock
 * of their own, so two owners cannot both take its last place.
 */
export async function lockSlotLoad(tx: Tx, region: string, day: string, slot: BookingSlot): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`booking:${region}:${day}:${slot}`}))`
  const [row] = await tx.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM booking
     WHERE region = ${region} AND day = ${day}::date AND slot = ${slot} AND state IN ('booked', 'attended')`
  return row?.n ?? 0
}

/** The project's bookings, newest first (at most `limit`). */
export async function projectBookings(tx: Tx, projectId: string, limit = 200): Promise<BookingView[]> {
  const rows = await tx.$queryRaw<BookingRaw[]>`
    SELECT ${bookingColumns} FROM booking b JOIN project p ON p.id = b.project_id
     WHERE b.project_id = ${projectId}::uuid ORDER BY b.booked_at DESC, b.id DESC LIMIT ${limit}`
  return rows.map(bookingView)
}

/** A step's bookings of the project, newest first. */
export async function stepBookings(tx: Tx, projectId: string, step: string): Promise<BookingView[]> {
  const rows = await tx.$queryRaw<BookingRaw[]>`
    SELECT ${bookingColumns} FROM booking b JOIN project p ON p.id = b.project_id
     WHERE b.project_id = ${projectId}::uuid AND b.step = ${step} ORDER BY b.booked_at DESC, b.id DESC LIMIT 50`
  return rows.map(bookingView)
}

/**
 * Where a page of a day's bookings ends: the last booking's slot, `booked_at` as PostgreSQL's key text (`instantKey`,
 * @onewindow/db) and id — the list's order — so the next page starts right after it, ties on `booked_at` included.
 */
export type BookingKey = { slot: string; bookedAt: string; id: string }

/**
 * One page of a day's bookings (of one region, or every region), by slot and then as they were booked, after `after`:
 * `more` when rows follow it, `last` the page's last key.
 */
export async function dayBookings(
  tx: Tx,
  day: string,
  region: string | undefined,
  after: BookingKey | undefined,
  limit: number,
): Promise<{ bookings: BookingView[]; more: boolean; last: BookingKey | undefined }> {
  const rows = await tx.$queryRaw<Array<BookingRaw & { key: string }>>`
    SELECT ${bookingColumns}, ${instantKey(Prisma.sql`b.booked_at`)} AS key FROM booking b JOIN project p ON p.id = b.project_id
     WHERE b.day = ${day}::date ${region === undefined ? Prisma.empty : Prisma.sql`AND b.region = ${region}`}
       ${
         after === undefined
           ? Prisma.empty
           : Prisma.sql`AND (b.slot, b.booked_at, b.id) > (${after.slot}, ${instantOfKey(after.bookedAt)}, ${after.id}::uuid)`
       }
     ORDER BY b.slot, b.booked_at, b.id LIMIT ${limit + 1}`
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    bookings: page.map(({ key: _, ...r }) => bookingView(r)),
    more: rows.length > limit,
    last: last && { slot: last.slot as string, bookedAt: last.key, id: last.bookingId as string },
  }
}

/** The booking, its row locked for this transaction. */
export async function lockBooking(tx: Tx, id: string): Promise<BookingView | undefined> {
  const locked = await tx.$queryRaw<
    Array<{ id: string }>
  >`SELECT id::text AS id FROM booking WHERE id = ${id}::uuid FOR UPDATE`
  if (locked.length === 0) return undefined
  const [row] = await tx.$queryRaw<BookingRaw[]>`
    SELECT ${bookingColumns} FROM booking b JOIN project p ON p.id = b.project_id WHERE b.id = ${id}::uuid`
  return row ? bookingView(row) : undefined
}

/**
 * The booking scan's candidates: bookings still booked whose day is `today` or before (their slot may have ended), in
 * id order after `after`, at most `limit`; found through the partial index `booking_booked_day_idx`. No locks taken.
 */
export async function missedCandidates(
  tx: Tx,
  today: string,
  after: string | undefined,
  limit: number,
): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM booking
     WHERE state = 'booked' AND day <= ${today}::date
       ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
     ORDER BY id LIMIT ${limit}`
  return rows.map((r) => r.id)
}

/**
 * The booking as it stands, or taken `FOR UPDATE SKIP LOCKED` (undefined while the window's command or another
 * replica's pass holds it, so the scan never waits on it).
 */
export async function bookingIfFree(tx: Tx, id: string, lock: boolean): Promise<BookingView | undefined> {
  if (lock) {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM booking WHERE id = ${id}::uuid FOR UPDATE SKIP LOCKED`
    if (locked.length === 0) return undefined
  }
  const [row] = await tx.$queryRaw<BookingRaw[]>`
    SELECT ${bookingColumns} FROM booking b JOIN project p ON p.id = b.project_id WHERE b.id = ${id}::uuid`
  return row ? bookingView(row) : undefined
}

/** The booking's state after a decision: closed (cancelled, missed) or attended by an application. */
export async function storeBookingState(tx: Tx, b: BookingView): Promise<void> {
  await tx.$executeRaw`
    UPDATE booking SET state = ${b.state}, application_id = ${b.applicationId ?? null}::uuid,
           closed_at = ${b.closedAt ?? null}::timestamptz, closed_by = ${b.closedBy ?? null}, reason = ${b.reason ?? null}
     WHERE id = ${b.bookingId}::uuid`
}
