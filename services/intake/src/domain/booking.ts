import { BOOKING_SLOT_HOURS, type BookedRefusalReason, type BookingSlot, type BookingView } from '@onewindow/contracts'
import { ok, type Result, refuse } from '@onewindow/vocabulary'
import { addDays, type Calendar, isLegalDate, type LegalDate, legalDateOf, shanghaiTimeOf } from '@onewindow/workdays'
import { type NoticeLine, refusal } from './problems.js'

/**
 * 网上预约 — booking the window online (004:1044, docs/intake.md#booking-the-window-网上预约): the owner books a visit
 * to the service centre's window for a step of its project, on a working day and in a half-day slot. A booking that
 * succeeded binds the centre: the booked application may not be refused at the window except when the applicant gives
 * it up, cannot provide the required materials, or the matter is outside the centre's scope (`BOOKED_REFUSAL_REASONS`).
 */

/** How far ahead a day may be booked: today up to today + 30 calendar days (a month's window, as centres publish). */
export const BOOKING_HORIZON_DAYS = 30

/** Bookings one slot of one region's centre takes when intake is not told otherwise (`bookingSlotCapacity`). */
export const BOOKING_SLOT_CAPACITY_DEFAULT = 20
export const BOOKING_SLOT_CAPACITY_MAX = 1000

/** What deciding a booking needs besides the request: the moment, the region's calendar and the slot's load. */
export type BookingContext = {
  now: Date
  calendar: Calendar
  region: string
  /** Bookings already holding the slot (booked or attended) in the region. */
  taken: number
  capacity: number
  /** The project's step already has a live booking (state booked). */
  existing?: { bookingId: string; day: LegalDate; slot: BookingSlot }
}

/** Whether the slot of `day` has ended at `now`: a day before today has, today's once its end time passed. */
export function slotEnded(day: LegalDate, slot: BookingSlot, now: Date): boolean {
  const today = legalDateOf(now)
  if (day !== today) return day < today
  return shanghaiTimeOf(now) >= BOOKING_SLOT_HOURS[slot].to
}

const line = (field: string, code: string, message: string): NoticeLine => ({ field, code, message })
const byField = (field: string, code: string, message: string, extra: Record<string, unknown> = {}) =>
  refuse(refusal(code, message, [line(field, code, message)], extra))

/**
 * A booking of `day` and `slot`: a real date from today to the horizon, a working day of the region's published
 * calendar (a day of a year with no schedule loaded is refused: its holidays are not known yet), a slot not yet
 * ended and not full, and no other live booking of the same step. Pure.
 */
export function decideBooking(request: { day: string; slot: BookingSlot }, ctx: BookingContext): Result<undefined> {
  const { day, slot } = request
  const today = legalDateOf(ctx.now)
  if (!isLegalDate(day)) return byField('/day', 'INTAKE_BOOKING_DAY_INVALID', `"${day}" is not a calendar date.`)
  const last = addDays(today, BOOKING_HORIZON_DAYS)
  if (day < today || day > last) {
    return byField(
      '/day',
      'INTAKE_BOOKING_DAY_OUT_OF_RANGE',
      `A booking is for a day from today (${today}) to ${last}, ${BOOKING_HORIZON_DAYS} days ahead; ${day} is not.`,
      { from: today, to: last },
    )
  }
  const info = ctx.calendar.dayInfo(day, ctx.region)
  if (!info.working || info.provisional) {
    const why = info.provisional ? 'its year’s calendar is not published yet' : `it is a ${info.kind}`
    return byField('/day', 'INTAKE_BOOKING_DAY_NOT_WORKING', `The window is not open on ${day}: ${why}.`, {
      kind: info.kind,
    })
  }
  if (slotEnded(day, slot, ctx.now)) {
    return byField('/slot', 'INTAKE_BOOKING_SLOT_PASSED', `The ${slot} slot of ${day} has ended.`)
  }
  if (ctx.existing) {
    return byField(
      '/step',
      'INTAKE_BOOKING_EXISTS',
      `This step is already booked for ${ctx.existing.day} (${ctx.existing.slot}); cancel that booking first.`,
      { bookingId: ctx.existing.bookingId },
    )
  }
  if (ctx.taken >= ctx.capacity) {
    return byField(
      '/slot',
      'INTAKE_BOOKING_SLOT_FULL',
      `The ${slot} slot of ${day} is full (${ctx.capacity} bookings); choose another slot or day.`,
      { capacity: ctx.capacity },
    )
  }
  return ok(undefined)
}

const closed = (b: BookingView): Result<never> =>
  refuse({
    code: 'INTAKE_BOOKING_CLOSED',
    message: `The booking is ${b.state}; only a booking still booked can be cancelled or marked missed.`,
    details: { state: b.state },
  })

/** 主动放弃: the owner cancels its booking while it is still booked (attended or missed ones are done). */
export function decideCancellation(booking: BookingView, at: Date, by: string, reason?: string): Result<BookingView> {
  if (booking.state !== 'booked') return closed(booking)
  return ok({
    ...booking,
    state: 'cancelled',
    closedAt: at.toISOString(),
    closedBy: by,
    ...(reason === undefined ? {} : { reason }),
  })
}

/**
 * 未到: a booking is marked missed once its slot ended with no application received for it — by the booking scan
 * (`missedByScan`) or, before the scan's next pass, by the window.
 */
export function decideMissed(booking: BookingView, at: Date, by: string): Result<BookingView> {
  if (booking.state !== 'booked') return closed(booking)
  if (!slotEnded(booking.day, booking.slot, at)) {
    return refuse({
      code: 'INTAKE_BOOKING_NOT_DUE',
      message: `The ${booking.slot} slot of ${booking.day} has not ended; the owner may still come.`,
    })
  }
  return ok({ ...booking, state: 'missed', closedAt: at.toISOString(), closedBy: by })
}

/** Who the booking scan records as closing a booking it marked 未到 (`closedBy`). */
export const BOOKING_SCAN = 'intake-booking-scan'

/**
 * What the booking scan does to a booking at `at`: marks it missed by {@link BOOKING_SCAN} when it is still booked
 * and its slot has ended — the same rule as the window's `decideMissed` — else nothing (undefined). Pure.
 */
export function missedByScan(booking: BookingView, at: Date): BookingView | undefined {
  const decision = decideMissed(booking, at, BOOKING_SCAN)
  return decision.ok ? decision.value : undefined
}

/**
 * 到场: the window receives the booked step's application on the booked day — the booking is attended and names the
 * application, which it then binds (`decideBookedRefusal`). A booking of another day is left as it is.
 */
export function attendedBy(booking: BookingView, applicationId: string, at: Date): BookingView | undefined {
  if (booking.state !== 'booked' || booking.day !== legalDateOf(at)) return undefined
  return { ...booking, state: 'attended', applicationId, closedAt: at.toISOString() }
}

/** 预约成功的服务，政务服务机构不得拒绝办理 — save these three (004:1044). */
export const BOOKED_REFUSAL_REASONS: readonly BookedRefusalReason[] = [
  'applicant-gave-up',
  'materials-missing',
  'outside-scope',
]

/**
 * A refusal at the window (Art. 32) of an application a booking binds must say which of the seed's three exceptions
 * it rests on (`bookedReason`); one no booking binds may not name one (it would claim a booking there is not). Pure.
 */
export function decideBookedRefusal(
  binding: BookingView | undefined,
  bookedReason: BookedRefusalReason | undefined,
): Result<undefined> {
  if (binding && bookedReason === undefined) {
    return byField(
      '/bookedReason',
      'INTAKE_BOOKED_REFUSAL_REASON_REQUIRED',
      `The application was booked online for ${binding.day} (${binding.slot}): the window may refuse it only when the applicant gives it up, cannot provide the required materials, or the matter is outside its scope (bookedReason).`,
      { bookingId: binding.bookingId, allowed: BOOKED_REFUSAL_REASONS },
    )
  }
  if (!binding && bookedReason !== undefined) {
    return byField(
      '/bookedReason',
      'INTAKE_REFUSAL_INVALID',
      'bookedReason is given only for an application a booking binds; this one was not booked.',
    )
  }
  return ok(undefined)
}

/**
 * The booking that binds an application's refusal: the one its receipt attended. Undefined when none does. (A booking
 * of its step still booked for today does not: the application received on a booked day attends it at once, so one
 * still booked was made for an application not yet received — an unbooked one received earlier is not bound by it.)
 */
export function bindingBooking(bookings: readonly BookingView[], applicationId: string): BookingView | undefined {
  return bookings.find((b) => b.state === 'attended' && b.applicationId === applicationId)
}
