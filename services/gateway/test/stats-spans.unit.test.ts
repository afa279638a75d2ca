import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rollupSpans } from '../src/domain/stats-spans.js'

// The days each span stands for, enumerated day by day with Date (not with the module's own arithmetic).
const DAY_MS = 86_400_000
const daysOf = (from: string, to: string) => {
  const out: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    out.push(new Date(t).toISOString().slice(0, 10))
  return out
}
const monthsOf = (firstMonth: string, lastMonth: string) =>
  daysOf(firstMonth, lastMonth)
    .filter((d) => d.endsWith('-01'))
    .flatMap((first) => {
      // Day 0 of the next month is this month's last day.
      const last = new Date(Date.UTC(+first.slice(0, 4), +first.slice(5, 7), 0)).toISOString().slice(0, 10)
      return daysOf(first, last)
    })

const day = fc
  .integer({ min: Date.UTC(2024, 0, 1) / DAY_MS, max: Date.UTC(2026, 11, 31) / DAY_MS })
  .map((n) => new Date(n * DAY_MS).toISOString().slice(0, 10))
const range = fc.tuple(day, day).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }))

describe('rollupSpans: which roll-up rows stand for the decisions of [from, to]', () => {
  it('reads every day of the range exactly once, whole months from month rows', () => {
    fc.assert(
      fc.property(range, fc.constantFrom(undefined, 'month' as const), ({ from, to }, bucket) => {
        const spans = rollupSpans(from, to, bucket)
        const read = [
          ...(spans.months ? monthsOf(spans.months.from, spans.months.to) : []),
          ...spans.days.flatMap((d) => daysOf(d.from, d.to)),
        ].sort()
        expect(read).toEqual(daysOf(from, to))
        // A month row is read only for a month inside the range; the day ranges are each within one month's edge.
        if (spans.months) expect(spans.months.from.endsWith('-01') && spans.months.to.endsWith('-01')).toBe(true)
        expect(spans.days.length).toBeLessThanOrEqual(2)
      }),
      { numRuns: 500 },
    )
  })

  it('reads day rows only for a weekly series, and for a range inside one month', () => {
    expect(rollupSpans('2025-04-01', '2026-03-31', 'week')).toEqual({
      days: [{ from: '2025-04-01', to: '2026-03-31' }],
    })
    expect(rollupSpans('2026-02-02', '2026-02-27')).toEqual({ days: [{ from: '2026-02-02', to: '2026-02-27' }] })
  })

  it('reads a year of whole months from twelve month rows, and the ends of a range that cuts months from days', () => {
    expect(rollupSpans('2025-04-01', '2026-03-31')).toEqual({
      months: { from: '2025-04-01', to: '2026-03-01' },
      days: [],
    })
    // 2024 is a leap year: February ends on the 29th.
    expect(rollupSpans('2024-01-15', '2024-02-29')).toEqual({
      months: { from: '2024-02-01', to: '2024-02-01' },
      days: [{ from: '2024-01-15', to: '2024-01-31' }],
    })
    expect(rollupSpans('2025-12-31', '2026-02-01')).toEqual({
      months: { from: '2026-01-01', to: '2026-01-01' },
      days: [
        { from: '2025-12-31', to: '2025-12-31' },
        { from: '2026-02-01', to: '2026-02-01' },
      ],
    })
  })
})
