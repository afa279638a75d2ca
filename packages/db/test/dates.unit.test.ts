import { describe, expect, it } from 'vitest'
import { dayText, instantText, isInstant } from '../src/index.js'

describe('a date column read back as text', () => {
  it('is the ISO instant or day of a real Date', () => {
    expect(instantText(new Date('2026-03-02T01:00:00.123Z'))).toBe('2026-03-02T01:00:00.123Z')
    expect(dayText(new Date('2026-03-02T00:00:00Z'))).toBe('2026-03-02')
  })

  it("is what 'infinity' reads as, never thrown: pg's ±Infinity, an Invalid Date", () => {
    expect(instantText(Number.POSITIVE_INFINITY)).toBe('Infinity')
    expect(instantText(Number.NEGATIVE_INFINITY)).toBe('-Infinity')
    expect(instantText(new Date('infinityT00:00:00Z'))).toBe('Invalid Date')
    expect(dayText(Number.NEGATIVE_INFINITY)).toBe('-Infinity')
    expect(dayText(new Date(Number.NaN))).toBe('Invalid Date')
    expect([Number.POSITIVE_INFINITY, new Date(Number.NaN), '2026-03-02'].map(isInstant)).toEqual([false, false, false])
    expect(isInstant(new Date('2026-03-02T01:00:00Z'))).toBe(true)
  })
})
