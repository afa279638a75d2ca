import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  ClockInvalidError,
  createCalendar,
  daysBetween,
  dueDate,
  evaluateClock,
  isLegalDate,
  isoWeekday,
  LegalDateError,
  legalDateOf,
  parseLegalDate,
  yearOf,
} from '../src/index.js'

describe('legal dates', () => {
  it.each([
    ['2025-02-28', true],
    ['2025-02-29', false],
    ['2024-02-29', true],
    ['2025-13-01', false],
    ['2025-9-30', false],
    ['20250930', false],
  ])('isLegalDate(%s) is %s', (value, expected) => {
    expect(isLegalDate(value)).toBe(expected)
  })

  it('answers a day the same after it was counted (days are kept once checked), and refuses a bad one every time', () => {
    // Counted first (1900–2199 can be counted), then asked as a legal date (2000–2099 only).
    expect(addDays('2150-01-01', 1)).toBe('2150-01-02')
    expect(isLegalDate('2150-01-02')).toBe(false)
    expect(parseLegalDate('2150-01-02')).toMatchObject({ ok: false, error: { code: 'WORKDAYS_DATE_OUT_OF_RANGE' } })
    for (let i = 0; i < 2; i++) {
      expect(() => addDays('2025-02-29', 1)).toThrow(LegalDateError)
      expect(() => yearOf('2199-12-32')).toThrow(LegalDateError)
    }
    expect(() => addDays('2199-12-31', 1)).toThrow(LegalDateError)
    const calendar = createCalendar()
    const first = calendar.dayInfo('2026-03-07')
    expect(calendar.dayInfo('2026-03-07')).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    expect(first).toMatchObject({ working: false, kind: 'weekend' })
    expect(() => calendar.dayInfo('2026-02-30')).toThrow(LegalDateError)
    expect(() => calendar.dayInfo('2026-02-30')).toThrow(LegalDateError)
  })

  it('agrees with the platform calendar on weekdays and day arithmetic', () => {
    // Date.UTC is used here only as an independent oracle.
    fc.assert(
      fc.property(fc.integer({ min: -20_000, max: 40_000 }), fc.integer({ min: -800, max: 800 }), (day, delta) => {
        const utc = new Date(day * 86_400_000)
        const date = utc.toISOString().slice(0, 10)
        expect(isoWeekday(date)).toBe(utc.getUTCDay() === 0 ? 7 : utc.getUTCDay())
        const later = new Date((day + delta) * 86_400_000).toISOString().slice(0, 10)
        expect(addDays(date, delta)).toBe(later)
        expect(daysBetween(date, later)).toBe(delta)
      }),
    )
  })

  it.each([
    ['2025-09-30T15:59:59Z', '2025-09-30'],
    ['2025-09-30T16:00:00Z', '2025-10-01'],
    ['2025-10-01T00:30:00+08:00', '2025-10-01'],
    ['2025-12-31T23:00:00-05:00', '2026-01-01'],
  ])('the Asia/Shanghai legal date of %s is %s', (instant, expected) => {
    expect(legalDateOf(instant)).toBe(expected)
  })

  it('refuses an instant without a UTC offset, and a date that does not exist', () => {
    expect(() => legalDateOf('2025-09-30T10:00:00')).toThrow(/offset/)
    expect(() => addDays('2025-02-30', 1)).toThrow(/2025-02-30/)
  })
})

/** The reference rule both `isLegalDate` and contracts' `LegalDate` are held to: a real day, 2000-01-01..2099-12-31. */
const refIsLegal = (y: number, m: number, d: number) => {
  const utc = new Date(Date.UTC(y, m - 1, d))
  return y >= 2000 && y <= 2099 && utc.getUTCFullYear() === y && utc.getUTCMonth() === m - 1 && utc.getUTCDate() === d
}
const ymd = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

describe('the supported range and impossible days', () => {
  it('accepts every real day from 2000-01-01 to 2099-12-31', () => {
    const first = Date.UTC(2000, 0, 1) / 86_400_000
    const last = Date.UTC(2099, 11, 31) / 86_400_000
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (day) => {
        const date = new Date(day * 86_400_000).toISOString().slice(0, 10)
        expect(isLegalDate(date)).toBe(true)
        expect(parseLegalDate(date)).toEqual({ ok: true, value: date })
      }),
    )
  })

  it('agrees with the reference rule on any YYYY-MM-DD, impossible ones included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (y, m, d) => {
          expect(isLegalDate(ymd(y, m, d))).toBe(refIsLegal(y, m, d))
        },
      ),
    )
  })

  it.each([
    ['2026-02-30', 'WORKDAYS_DATE_INVALID'],
    ['2026-04-31', 'WORKDAYS_DATE_INVALID'],
    ['2026-13-01', 'WORKDAYS_DATE_INVALID'],
    ['2025-02-29', 'WORKDAYS_DATE_INVALID'],
    ['0000-00-00', 'WORKDAYS_DATE_INVALID'],
    ['2026-1-01', 'WORKDAYS_DATE_INVALID'],
    [20260101, 'WORKDAYS_DATE_INVALID'],
    [undefined, 'WORKDAYS_DATE_INVALID'],
    ['0001-01-01', 'WORKDAYS_DATE_OUT_OF_RANGE'],
    ['1999-12-31', 'WORKDAYS_DATE_OUT_OF_RANGE'],
    ['2100-01-01', 'WORKDAYS_DATE_OUT_OF_RANGE'],
    ['9999-12-31', 'WORKDAYS_DATE_OUT_OF_RANGE'],
  ])('parseLegalDate(%s) refuses with %s, as a value', (value, code) => {
    const parsed = parseLegalDate(value)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.error).toBeInstanceOf(LegalDateError)
      expect(parsed.error.code).toBe(code)
      expect(parsed.error.message).toContain(String(value))
    }
    expect(isLegalDate(value)).toBe(false)
  })

  it('refuses with a typed error, never a TypeError or a garbage date, in every date-taking function', () => {
    const calendar = createCalendar()
    const W = { value: 5, unit: 'W' as const }
    const typed = (f: () => unknown, code: string) => {
      try {
        f()
      } catch (e) {
        expect(e).toBeInstanceOf(RangeError)
        expect((e as { code?: string }).code).toBe(code)
        return
      }
      expect.unreachable(`no error for ${f}`)
    }
    for (const bad of ['2026-02-30', '9999-12-31', '0000-00-00', 42, null]) {
      typed(
        () => dueDate(calendar, { start: bad as string, limit: W }),
        (parseLegalDate(bad) as { error: LegalDateError }).error.code,
      )
      typed(() => evaluateClock(calendar, { start: bad as string, limit: W }, '2026-03-02'), 'WORKDAYS_CLOCK_INVALID')
      typed(() => evaluateClock(calendar, { start: '2026-03-02', limit: W }, bad as string), 'WORKDAYS_CLOCK_INVALID')
    }
    typed(() => addDays('2026-02-30', 1), 'WORKDAYS_DATE_INVALID')
    typed(() => addDays('2199-12-31', 1), 'WORKDAYS_DATE_OUT_OF_RANGE')
    typed(() => yearOf('year'), 'WORKDAYS_DATE_INVALID')
    typed(() => calendar.dayInfo('2026-04-31'), 'WORKDAYS_DATE_INVALID')
    typed(() => legalDateOf('9999-12-31T00:00:00Z'), 'WORKDAYS_DATE_OUT_OF_RANGE')
    typed(() => legalDateOf('not an instant Z'), 'WORKDAYS_DATE_INVALID')
    // A limit no calendar reaches (10,000 W is some 38 years) is refused the same way, not with a bare RangeError.
    typed(
      () => dueDate(calendar, { start: '2026-03-02', limit: { value: 10_000, unit: 'W' } }),
      'WORKDAYS_DATE_OUT_OF_RANGE',
    )
  })

  it('counts a clock started at the end of the range past the range', () => {
    const state = evaluateClock(
      createCalendar(),
      { start: '2099-12-31', limit: { value: 20, unit: 'W' } },
      '2099-12-31',
    )
    expect(state.due > '2100-01-01').toBe(true)
  })

  it('refuses a suspension that ends before it starts', () => {
    expect(() =>
      evaluateClock(
        createCalendar(),
        {
          start: '2026-03-02',
          limit: { value: 5, unit: 'W' },
          suspensions: [{ kind: 'public-notice', from: '2026-03-10', to: '2026-03-05' }],
        },
        '2026-03-12',
      ),
    ).toThrow(ClockInvalidError)
  })
})
