import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, isLegalDate, isoWeekday, legalDateOf } from '../src/index.js'

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
