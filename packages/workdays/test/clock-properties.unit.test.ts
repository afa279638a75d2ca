import type { Limit } from '@onewindow/vocabulary'
import chineseDays from 'chinese-days'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  type DayRange,
  daysBetween,
  defaultCalendar,
  type ExplanationEntry,
  evaluateClock,
  walk,
} from '../src/index.js'

const calendar = defaultCalendar()

// Starts inside the loaded years, far enough from the end that the due date stays inside them too.
const startArb = fc.integer({ min: 0, max: 365 * 2 + 240 }).map((n) => addDays('2024-01-01', n))
const limitArb = fc.record({
  value: fc.integer({ min: 0, max: 40 }),
  unit: fc.constantFrom('W' as const, 'N' as const),
})
const pausesArb = (start: string) =>
  fc.array(
    fc
      .record({ offset: fc.integer({ min: -5, max: 50 }), length: fc.integer({ min: 0, max: 12 }) })
      .map(({ offset, length }): DayRange => ({ from: addDays(start, offset), to: addDays(start, offset + length) })),
    { maxLength: 3 },
  )
const caseArb = startArb.chain((start) =>
  fc.record({ start: fc.constant(start), limit: limitArb, suspensions: pausesArb(start) }),
)

/** An independent oracle: the counting rules written as plainly as possible over chinese-days. */
function oracleDue(start: string, limit: Limit, pauses: DayRange[]): string {
  const paused = (d: string) => pauses.some((p) => d >= p.from && d <= p.to)
  let d = start
  let n = 0
  while (n < limit.value) {
    d = addDays(d, 1)
    if (!paused(d) && (limit.unit === 'N' || chineseDays.isWorkday(d))) n += 1
  }
  if (limit.unit === 'N' && limit.value > 0) while (!chineseDays.isWorkday(d) || paused(d)) d = addDays(d, 1)
  return d
}

describe('clock properties', () => {
  it('a due date under W or N is a working day (limit > 0)', () => {
    fc.assert(
      fc.property(caseArb, ({ start, limit, suspensions }) => {
        fc.pre(limit.value > 0)
        const { due } = walk(calendar, { start, limit, suspensions })
        expect(calendar.isWorkingDay(due)).toBe(true)
        expect(suspensions.some((p) => due >= p.from && due <= p.to)).toBe(false)
      }),
      { numRuns: 400 },
    )
  })

  it('agrees with an independent oracle built on chinese-days', () => {
    fc.assert(
      fc.property(caseArb, ({ start, limit, suspensions }) => {
        expect(walk(calendar, { start, limit, suspensions }).due).toBe(oracleDue(start, limit, suspensions))
      }),
      { numRuns: 400 },
    )
  })

  it('a longer limit never gives an earlier date', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 20 }), ({ start, limit, suspensions }, extra) => {
        const shorter = walk(calendar, { start, limit, suspensions }).due
        const longer = walk(calendar, { start, limit: { ...limit, value: limit.value + extra }, suspensions }).due
        expect(longer >= shorter).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('a suspension never gives an earlier date', () => {
    fc.assert(
      fc.property(caseArb, pausesArb('2025-06-01'), ({ start, limit, suspensions }, more) => {
        const without = walk(calendar, { start, limit, suspensions }).due
        const extra = more.map((p) => ({
          from: addDays(p.from, daysBetween('2025-06-01', start)),
          to: addDays(p.to, daysBetween('2025-06-01', start)),
        }))
        const withMore = walk(calendar, { start, limit, suspensions: [...suspensions, ...extra] }).due
        expect(withMore >= without).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it("the explanation's arithmetic adds up to the due date", () => {
    fc.assert(
      fc.property(caseArb, ({ start, limit, suspensions }) => {
        const state = evaluateClock(
          calendar,
          { limit, start, suspensions: suspensions.map((p) => ({ kind: 'supplement', ...p })) },
          start,
        )
        const due = state.explanation.at(-1) as Extract<ExplanationEntry, { kind: 'due' }>
        const parts =
          due.counted + due.weekendDays + due.holidayDays + due.regionalRestDays + due.suspendedDays + due.rolledDays
        expect(due.kind).toBe('due')
        expect(parts).toBe(due.spanDays)
        expect(addDays(start, due.spanDays)).toBe(state.due)
        expect(due.counted).toBe(limit.value)
        const sum = (kind: 'holiday' | 'suspension') =>
          state.explanation.reduce((n, e) => n + (e.kind === kind ? e.days : 0), 0)
        expect(sum('holiday')).toBe(due.holidayDays)
        expect(sum('suspension')).toBe(due.suspendedDays)
        if (limit.unit === 'W') expect(due.rolledDays).toBe(0)
        else expect(due.weekendDays + due.holidayDays).toBe(0)
      }),
      { numRuns: 300 },
    )
  })
})
