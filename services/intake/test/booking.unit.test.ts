import type { BookingView } from '@onewindow/contracts'
import { addDays, defaultCalendar, legalDateOf } from '@onewindow/workdays'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  attendedBy,
  BOOKING_HORIZON_DAYS,
  type BookingContext,
  bindingBooking,
  decideBookedRefusal,
  decideBooking,
  decideCancellation,
  decideMissed,
  missedByScan,
  slotEnded,
} from '../src/domain/booking.js'

const calendar = defaultCalendar()
// Monday 2026-03-02, 09:00 in Shanghai.
const NOW = new Date('2026-03-02T01:00:00Z')
const ctx = (over: Partial<BookingContext> = {}): BookingContext => ({
  now: NOW,
  calendar,
  region: '441500',
  taken: 0,
  capacity: 2,
  ...over,
})
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code)
const fieldOf = (r: { ok: boolean; error?: { details?: unknown } }) =>
  r.ok ? undefined : (r.error?.details as { errors?: Array<{ field: string }> })?.errors?.[0]?.field

const booked: BookingView = {
  bookingId: '019a0000-0000-7000-8000-000000000001',
  projectId: '019a0000-0000-7000-8000-000000000002',
  ownerCreditCode: '91441500MA51XY201H',
  region: '441500',
  step: 'land-planning-and-filing',
  day: '2026-03-03',
  slot: 'am',
  state: 'booked',
  bookedAt: NOW.toISOString(),
  bookedBy: 'owner:o-1',
}

describe('网上预约: the day and the slot (004:1044)', () => {
  it('books a working day within the horizon, today included while its slot lasts', () => {
    expect(codeOf(decideBooking({ day: '2026-03-03', slot: 'pm' }, ctx()))).toBe('ok')
    expect(codeOf(decideBooking({ day: '2026-03-02', slot: 'am' }, ctx()))).toBe('ok')
    // 12:30 in Shanghai: the morning has ended, the afternoon is still to come.
    const noon = ctx({ now: new Date('2026-03-02T04:30:00Z') })
    const passed = decideBooking({ day: '2026-03-02', slot: 'am' }, noon)
    expect([codeOf(passed), fieldOf(passed)]).toEqual(['INTAKE_BOOKING_SLOT_PASSED', '/slot'])
    expect(codeOf(decideBooking({ day: '2026-03-02', slot: 'pm' }, noon))).toBe('ok')
  })

  it('refuses a day past, beyond the horizon, not working or of an unpublished year, naming /day', () => {
    for (const [day, code] of [
      ['2026-03-01', 'INTAKE_BOOKING_DAY_OUT_OF_RANGE'],
      [addDays('2026-03-02', BOOKING_HORIZON_DAYS + 1), 'INTAKE_BOOKING_DAY_OUT_OF_RANGE'],
      ['2026-03-07', 'INTAKE_BOOKING_DAY_NOT_WORKING'],
      ['2026-02-30', 'INTAKE_BOOKING_DAY_INVALID'],
    ] as const) {
      const r = decideBooking({ day, slot: 'am' }, ctx())
      expect([day, codeOf(r), fieldOf(r)]).toEqual([day, code, '/day'])
    }
    // A year whose schedule is not loaded: its holidays are unknown, so none of its days is booked yet.
    const december = ctx({ now: new Date('2026-12-28T01:00:00Z') })
    expect(codeOf(decideBooking({ day: '2027-01-04', slot: 'am' }, december))).toBe('INTAKE_BOOKING_DAY_NOT_WORKING')
  })

  it('refuses a full slot (409-coded, naming /slot) and a step already booked', () => {
    const full = decideBooking({ day: '2026-03-03', slot: 'am' }, ctx({ taken: 2 }))
    expect([codeOf(full), fieldOf(full)]).toEqual(['INTAKE_BOOKING_SLOT_FULL', '/slot'])
    expect(codeOf(decideBooking({ day: '2026-03-03', slot: 'am' }, ctx({ taken: 1 })))).toBe('ok')
    const existing = { bookingId: booked.bookingId, day: '2026-03-04', slot: 'pm' as const }
    expect(codeOf(decideBooking({ day: '2026-03-03', slot: 'am' }, ctx({ existing })))).toBe('INTAKE_BOOKING_EXISTS')
  })

  it('takes exactly the working days from today to the horizon, and a slot while it has room (property)', () => {
    const start = new Date('2026-01-01T00:00:00Z').getTime()
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 330 * 24 * 60 }),
        fc.integer({ min: -10, max: BOOKING_HORIZON_DAYS + 10 }),
        fc.constantFrom('am' as const, 'pm' as const),
        fc.integer({ min: 0, max: 5 }),
        (minutes, offset, slot, taken) => {
          const now = new Date(start + minutes * 60_000)
          const today = legalDateOf(now)
          const day = addDays(today, offset)
          const r = decideBooking({ day, slot }, ctx({ now, taken, capacity: 3 }))
          const info = calendar.dayInfo(day, '441500')
          const expected =
            offset >= 0 &&
            offset <= BOOKING_HORIZON_DAYS &&
            info.working &&
            !info.provisional &&
            !slotEnded(day, slot, now) &&
            taken < 3
          expect(r.ok).toBe(expected)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('网上预约: booked → attended | cancelled | missed', () => {
  const at = new Date('2026-03-03T02:00:00Z')
  it('cancels a booking still booked (主动放弃), and nothing else', () => {
    const cancelled = decideCancellation(booked, at, 'owner:o-1', '改期')
    expect(cancelled.ok && cancelled.value).toMatchObject({ state: 'cancelled', closedBy: 'owner:o-1', reason: '改期' })
    if (!cancelled.ok) throw new Error('not cancelled')
    expect(codeOf(decideCancellation(cancelled.value, at, 'owner:o-1'))).toBe('INTAKE_BOOKING_CLOSED')
  })

  it('marks a booking missed only once its slot ended', () => {
    expect(codeOf(decideMissed(booked, at, 'clerk:c'))).toBe('INTAKE_BOOKING_NOT_DUE')
    const afternoon = new Date('2026-03-03T04:00:00Z')
    expect(decideMissed(booked, afternoon, 'clerk:c')).toMatchObject({ ok: true, value: { state: 'missed' } })
  })

  it('is marked missed by the booking scan once its slot ended, as the window would, and only while booked', () => {
    // 11:59 in Shanghai on the booked day: the morning slot runs to 12:00.
    expect(missedByScan(booked, new Date('2026-03-03T03:59:00Z'))).toBeUndefined()
    const noon = new Date('2026-03-03T04:00:00Z')
    expect(missedByScan(booked, noon)).toEqual({
      ...booked,
      state: 'missed',
      closedAt: '2026-03-03T04:00:00.000Z',
      closedBy: 'intake-booking-scan',
    })
    // A day later still: a booking left booked over a night or a weekend is marked on the scan's next pass.
    expect(missedByScan(booked, new Date('2026-03-09T01:00:00Z'))).toMatchObject({ state: 'missed' })
    for (const state of ['attended', 'cancelled', 'missed'] as const) {
      expect(missedByScan({ ...booked, state }, noon)).toBeUndefined()
    }
    // The afternoon slot of the same day has not ended at noon.
    expect(missedByScan({ ...booked, slot: 'pm' }, noon)).toBeUndefined()
  })

  it('is attended by an application received on its day, and then binds that application alone', () => {
    expect(attendedBy(booked, 'app-1', new Date('2026-03-02T02:00:00Z'))).toBeUndefined()
    const attended = attendedBy(booked, 'app-1', at)
    expect(attended).toMatchObject({ state: 'attended', applicationId: 'app-1' })
    if (!attended) throw new Error('not attended')
    expect(bindingBooking([attended], 'app-1')).toBe(attended)
    expect(bindingBooking([attended], 'app-2')).toBeUndefined()
    // Booked for a day, and an application received unbooked the day before: the booking does not bind it.
    expect(bindingBooking([booked], 'app-2')).toBeUndefined()
  })
})

describe('预约成功的服务不得拒绝办理: the refusal of a booked application', () => {
  it('demands one of the three exceptions when booked, naming /bookedReason', () => {
    const r = decideBookedRefusal(booked, undefined)
    expect([codeOf(r), fieldOf(r)]).toEqual(['INTAKE_BOOKED_REFUSAL_REASON_REQUIRED', '/bookedReason'])
    for (const reason of ['applicant-gave-up', 'materials-missing', 'outside-scope'] as const) {
      expect(codeOf(decideBookedRefusal(booked, reason))).toBe('ok')
    }
  })

  it('leaves an unbooked refusal as it was, and refuses an exception claimed without a booking', () => {
    expect(codeOf(decideBookedRefusal(undefined, undefined))).toBe('ok')
    const r = decideBookedRefusal(undefined, 'materials-missing')
    expect([codeOf(r), fieldOf(r)]).toEqual(['INTAKE_REFUSAL_INVALID', '/bookedReason'])
  })
})
