import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { INSTANT_KEY_PATTERN, Instant, LegalDate, MAX_REFERENCE, StepCode, UUID_PATTERN, Uuid } from '../primitives.js'

/**
 * The window's two half-day slots, Shanghai time: the one place their hours are said. A slot of today may be booked
 * until it ends; a booking not attended by its end may be marked missed (intake); the notifier tells them.
 */
export const BOOKING_SLOT_HOURS = {
  am: { from: '09:00', to: '12:00' },
  pm: { from: '14:00', to: '17:30' },
} as const satisfies Record<string, { from: string; to: string }>

/**
 * 网上预约 — booking the window online (004:1044): the owner books a visit to the service centre's window for a step
 * of its project, on a working day and in a half-day slot (`BOOKING_SLOT_HOURS`).
 */
export const BookingSlot = Type.Union([Type.Literal('am'), Type.Literal('pm')], {
  description: `am: ${BOOKING_SLOT_HOURS.am.from}–${BOOKING_SLOT_HOURS.am.to}; pm: ${BOOKING_SLOT_HOURS.pm.from}–${BOOKING_SLOT_HOURS.pm.to} (Shanghai time)`,
})
export type BookingSlot = Static<typeof BookingSlot>

/** booked → attended (the window received the application for it) | cancelled (主动放弃, by the owner) | missed (未到). */
export const BookingState = Type.Union([
  Type.Literal('booked'),
  Type.Literal('attended'),
  Type.Literal('cancelled'),
  Type.Literal('missed'),
])
export type BookingState = Static<typeof BookingState>

/**
 * 预约成功的服务，政务服务机构不得拒绝办理 — the three exceptions (004:1044) on which alone the window may refuse a
 * booked application: the applicant gives it up (主动放弃), cannot provide the required materials (无法提供必备资料),
 * or the matter is outside the centre's scope (非所属受理范围).
 */
export const BookedRefusalReason = Type.Union(
  [Type.Literal('applicant-gave-up'), Type.Literal('materials-missing'), Type.Literal('outside-scope')],
  {
    description:
      'a booked application only: applicant-gave-up (主动放弃), materials-missing (无法提供必备资料), outside-scope (非所属受理范围)',
  },
)
export type BookedRefusalReason = Static<typeof BookedRefusalReason>

export const BookingView = Type.Object({
  bookingId: Uuid,
  projectId: Uuid,
  projectName: Type.Optional(Type.String({ maxLength: 300 })),
  projectCode: Type.Optional(Type.String({ maxLength: 64 })),
  ownerCreditCode: Type.String({ maxLength: 18 }),
  region: Type.String({ maxLength: 12 }),
  step: StepCode,
  /** The step's name in the project's flow. */
  stepName: Type.Optional(Type.String({ maxLength: 200 })),
  day: LegalDate,
  slot: BookingSlot,
  state: BookingState,
  bookedAt: Instant,
  bookedBy: Type.String({ maxLength: MAX_REFERENCE }),
  /** attended: the application received for it, which the booking binds. */
  applicationId: Type.Optional(Uuid),
  closedAt: Type.Optional(Instant),
  closedBy: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
})
export type BookingView = Static<typeof BookingView>

/**
 * A booking as its events carry it: what the project's timeline (办理进度) and the notifier need — which step of which
 * project, the day and slot, the region's centre, the state it is now in, when and by whom — and nothing of the owner
 * (its credit code is the project's, the notifier knows the project) nor the owner's own words (a cancellation's
 * `reason` stays with intake: the timeline is read by the supervisor and the window too).
 */
export const BookingFact = Type.Object({
  bookingId: Uuid,
  projectId: Uuid,
  region: Type.String({ maxLength: 12 }),
  step: StepCode,
  stepName: Type.Optional(Type.String({ maxLength: 200 })),
  day: LegalDate,
  slot: BookingSlot,
  state: BookingState,
  /** When the booking came into this state: booked, attended, cancelled or marked missed. */
  at: Instant,
  /** Who moved it: the owner who booked or cancelled, the clerk who received or marked it, or `intake-booking-scan`. */
  by: Type.String({ minLength: 1, maxLength: MAX_REFERENCE }),
  /** attended: the application received for it. */
  applicationId: Type.Optional(Uuid),
})
export type BookingFact = Static<typeof BookingFact>

const bookingEvent = <const S extends `permit.intake.booking.${string}.v1`>(subject: S, description: string) =>
  defineEvent({ subject, description, schema: Type.Object({ booking: BookingFact }) })

export const BookingBookedV1 = bookingEvent(
  'permit.intake.booking.booked.v1',
  '网上预约 — the owner booked the window for a step of its project, on a working day and a half-day slot.',
)
export const BookingCancelledV1 = bookingEvent(
  'permit.intake.booking.cancelled.v1',
  '网上预约 主动放弃 — the owner cancelled its booking while it was still booked; the slot is free again.',
)
export const BookingAttendedV1 = bookingEvent(
  'permit.intake.booking.attended.v1',
  '网上预约 到场 — the window received the booked step’s application on the booked day; the booking names it.',
)
export const BookingMissedV1 = bookingEvent(
  'permit.intake.booking.missed.v1',
  '网上预约 未到 — the booked slot ended with no application received: marked by the window or by intake’s booking scan.',
)
export type BookingEventBody = EventBody<typeof BookingBookedV1>

/** The booking's events, one per state it can come into (the four share one body). */
export const bookingEvents = [BookingBookedV1, BookingCancelledV1, BookingAttendedV1, BookingMissedV1] as const

const strict = { additionalProperties: false } as const

/** POST /projects/:id/bookings — the owner books the window for a step of its project. */
export const BookWindowBody = Type.Object(
  {
    step: StepCode,
    day: { ...LegalDate, description: 'a working day from today to 30 days ahead' },
    slot: BookingSlot,
  },
  strict,
)
export type BookWindowBody = Static<typeof BookWindowBody>

/** POST /bookings/:id/cancel — 主动放弃: the owner gives its booking up. */
export const CancelBookingBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  strict,
)
export type CancelBookingBody = Static<typeof CancelBookingBody>

/** POST /bookings/:id/missed — 未到: the window marks a booking whose slot ended unattended. */
export const MissedBookingBody = Type.Object({}, { ...strict, description: 'no fields' })
export type MissedBookingBody = Static<typeof MissedBookingBody>

/**
 * Where the next page of a day's bookings starts: the last booking's slot, its `booked_at` as key text
 * (`INSTANT_KEY_PATTERN`) and its id — the list's own order — as `<slot>~<key>~<bookingId>`. Opaque to a caller, which
 * passes `next` back with the same day and region.
 */
export const BookingCursor = Type.String({
  pattern: `^(am|pm)~${INSTANT_KEY_PATTERN}~${UUID_PATTERN}$`,
  maxLength: 80,
})

/**
 * GET /bookings — the window's bookings of one day (today by default), by slot, a page at a time: a slot may take
 * up to 1000 bookings in each region, so a day of every region is more than one answer holds.
 */
export const BookingsQuery = Type.Object(
  {
    day: Type.Optional(LegalDate),
    region: Type.Optional(Type.String({ pattern: '^\\d{6}$', maxLength: 6 })),
    cursor: Type.Optional(BookingCursor),
  },
  strict,
)
export type BookingsQuery = Static<typeof BookingsQuery>

/** The most bookings one page of a day's list answers. */
export const BOOKINGS_LIST_MAX = 500

export const BookingAnswer = Type.Object({ booking: BookingView })
export const BookingList = Type.Object({
  bookings: Type.Array(BookingView, { maxItems: BOOKINGS_LIST_MAX }),
  /** GET /bookings: present when more of the day's bookings follow — pass it back as `cursor`. */
  next: Type.Optional(BookingCursor),
})
