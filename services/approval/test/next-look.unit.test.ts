import { addDays, defaultCalendar, evaluateClock } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import { LOOK_NEVER, lookOn } from '../src/domain/next-look.js'
import { stepLookOn } from '../src/domain/step-clock.js'
import type { ClockSpec } from '../src/domain/task.js'

// The bundled calendar: 2026 has the National Day week (10-01 to 10-07) and the spring festival, so the walk crosses
// holidays and make-up working days as well as weekends.
const calendar = defaultCalendar()
const YELLOW = 0.8

/** Whether `clock` calls on `day` for an alert still pending: the scan's own rule (step-clock.ts `stepAlertsDue`). */
const dueOn = (clock: ClockSpec, pending: { warned: boolean; overdue: boolean }, day: string): boolean => {
  const state = evaluateClock(calendar, clock, day, { yellowAt: YELLOW })
  return (pending.warned && state.level !== 'green') || (pending.overdue && state.overdue)
}

/** The first day on or after `from` (within `days`) on which an alert is due, counted day by day: the independent check. */
const firstDue = (clock: ClockSpec, pending: { warned: boolean; overdue: boolean }, from: string, days: number) => {
  for (let d = from, i = 0; i <= days; d = addDays(d, 1), i++) if (dueOn(clock, pending, d)) return d
  return undefined
}

const clocks: Array<[string, ClockSpec]> = [
  ['5 W', { limit: { value: 5, unit: 'W' }, start: '2026-09-24', suspensions: [] }],
  ['20 W across the National Day week', { limit: { value: 20, unit: 'W' }, start: '2026-09-14', suspensions: [] }],
  ['12 N', { limit: { value: 12, unit: 'N' }, start: '2026-03-02', suspensions: [] }],
  ['1 W', { limit: { value: 1, unit: 'W' }, start: '2026-03-06', suspensions: [] }],
  [
    '10 W with a closed pause',
    {
      limit: { value: 10, unit: 'W' },
      start: '2026-03-02',
      suspensions: [{ id: 'n1', kind: 'supplement', from: '2026-03-04', to: '2026-03-11', legalBasis: '补正告知' }],
    },
  ],
  [
    '10 W with an open pause',
    {
      limit: { value: 10, unit: 'W' },
      start: '2026-03-02',
      suspensions: [{ id: 'n1', kind: 'supplement', from: '2026-03-06', legalBasis: '补正告知' }],
    },
  ],
]

describe('the day a scan looks at a clock again', () => {
  for (const [name, clock] of clocks) {
    it(`is never later than the first day an alert falls due: ${name}`, () => {
      for (const pending of [
        { warned: true, overdue: true },
        { warned: false, overdue: true },
      ]) {
        for (let i = 0; i < 40; i++) {
          const today = addDays(clock.start, i)
          const look = lookOn(clock, pending, today, YELLOW, calendar)
          const first = firstDue(clock, pending, today, 120)
          // Due today: looked at today. Otherwise a later day, and not after the first day one falls due.
          if (first === today) expect(look).toBe(today)
          else expect(look > today).toBe(true)
          if (first !== undefined) expect(look <= first).toBe(true)
        }
      }
    })
  }

  it('is a day that comes while the clock runs, and nothing once both alerts are out', () => {
    const [, clock] = clocks[1] as [string, ClockSpec]
    const look = lookOn(clock, { warned: true, overdue: true }, clock.start, YELLOW, calendar)
    expect(look).not.toBe(LOOK_NEVER)
    expect(lookOn(clock, { warned: false, overdue: false }, clock.start, YELLOW, calendar)).toBe(LOOK_NEVER)
  })

  it("for a step, is the earliest of its clocks' days, skipping the alerts it raised", () => {
    const committed: ClockSpec = { limit: { value: 5, unit: 'W' }, start: '2026-03-02', suspensions: [] }
    const statutory: ClockSpec = { limit: { value: 45, unit: 'W' }, start: '2026-03-02', suspensions: [] }
    const today = '2026-03-03'
    const step = { committed, statutory }
    expect(stepLookOn(step, new Set(), today, YELLOW, calendar)).toBe(
      lookOn(committed, { warned: true, overdue: true }, today, YELLOW, calendar),
    )
    // The committed clock's both alerts raised: only the statutory one is left to look for.
    expect(stepLookOn(step, new Set(['committed/warned', 'committed/overdue']), today, YELLOW, calendar)).toBe(
      lookOn(statutory, { warned: true, overdue: true }, today, YELLOW, calendar),
    )
    expect(
      stepLookOn(
        step,
        new Set(['committed/warned', 'committed/overdue', 'statutory/warned', 'statutory/overdue']),
        today,
        YELLOW,
        calendar,
      ),
    ).toBe(LOOK_NEVER)
  })
})
