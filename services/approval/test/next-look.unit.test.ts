import { addDays, defaultCalendar, evaluateClock } from '@onewindow/workdays'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { alertKey, alertsDue, LEAD_ALERT_KEY, leadAlertDue, taskLookOn } from '../src/domain/alerts.js'
import { LOOK_NEVER, lookOn } from '../src/domain/next-look.js'
import { stepLookOn } from '../src/domain/step-clock.js'
import type { ClockSpec, Task } from '../src/domain/task.js'

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

describe("the day the task scan looks at a task again (alerts.ts's taskLookOn)", () => {
  const KINDS = ['supplement', 'expert-review', 'hearing'] as const
  const day = (offset: number) => addDays('2026-09-01', offset)
  const limit = fc.record({ value: fc.integer({ min: 0, max: 25 }), unit: fc.constantFrom('W' as const, 'N' as const) })
  /** A clock started within the autumn (the National Day week), with a 补正 or a 特别程序 pause open or closed. */
  const clock = fc
    .record({
      limit,
      start: fc.integer({ min: 0, max: 60 }),
      pause: fc.option(
        fc.record({
          kind: fc.constantFrom(...KINDS),
          after: fc.integer({ min: 0, max: 20 }),
          length: fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
          own: fc.option(fc.record({ value: fc.integer({ min: 1, max: 10 }), unit: fc.constantFrom('W' as const) }), {
            nil: undefined,
          }),
        }),
        { nil: undefined },
      ),
    })
    .map(({ limit, start, pause }): ClockSpec => {
      const from = day(start + (pause?.after ?? 0))
      return {
        limit,
        start: day(start),
        suspensions: pause
          ? [
              {
                id: 's1',
                kind: pause.kind,
                from,
                ...(pause.length === undefined ? {} : { to: addDays(from, pause.length) }),
                ...(pause.own && pause.kind !== 'supplement' ? { limit: pause.own } : {}),
                legalBasis: '依法',
              },
            ]
          : [],
      }
    })
  const KEYS = [
    'statutory/warned/',
    'statutory/overdue/',
    'committed/warned/',
    'committed/overdue/',
    'special-procedure/warned/s1',
    LEAD_ALERT_KEY,
  ]
  const task = fc.record({
    statutory: fc.option(clock, { nil: undefined }),
    committed: fc.option(clock, { nil: undefined }),
    lead: fc.option(fc.constant('natural-resources'), { nil: undefined }),
    alerted: fc.subarray(KEYS),
    /** Days after the later clock's start: the scan meets a task from the day it is opened. */
    after: fc.integer({ min: 0, max: 40 }),
  })
  /** What the scan would emit on `d` (its own rule, commands.ts `scanClocksOnce`): the alerts not yet out, and the lead's. */
  const pendingOn = (t: Pick<Task, 'clocks' | 'lead'>, alerted: ReadonlySet<string>, d: string) => {
    const all = alertsDue(t, d, YELLOW, calendar)
    return all.filter((a) => !alerted.has(alertKey(a))).length > 0 || leadAlertDue(t, all, alerted) !== undefined
  }

  it('is never later than the first day an alert falls due, and today only when one is due today', () => {
    fc.assert(
      fc.property(task, ({ statutory, committed, lead, alerted, after }) => {
        const clocks = { ...(statutory ? { statutory } : {}), ...(committed ? { committed } : {}) }
        const t = { clocks, ...(lead ? { lead } : {}) }
        const keys = new Set(alerted)
        const from = addDays(
          Object.values(clocks)
            .map((c) => c.start)
            .sort()
            .at(-1) ?? day(0),
          after,
        )
        const look = taskLookOn(t, keys, from, YELLOW, calendar)
        let first: string | undefined
        for (let d = from, i = 0; i <= 400 && first === undefined; d = addDays(d, 1), i++)
          if (pendingOn(t, keys, d)) first = d
        if (first === from) expect(look).toBe(from)
        else expect(look > from).toBe(true)
        if (first !== undefined) expect(look <= first).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })

  it("is the day after an open 特别程序's own due date while its clock is stopped", () => {
    // 专家评审 of 3 W from Monday 03-02 (due Thursday 03-05), still open: the task's clocks stand still meanwhile.
    const committed: ClockSpec = {
      limit: { value: 5, unit: 'W' },
      start: '2026-03-02',
      suspensions: [
        { id: 's1', kind: 'expert-review', from: '2026-03-02', limit: { value: 3, unit: 'W' }, legalBasis: '依法' },
      ],
    }
    const t = { clocks: { committed } }
    expect(taskLookOn(t, new Set(), '2026-03-03', YELLOW, calendar)).toBe('2026-03-06')
    expect(pendingOn(t, new Set(), '2026-03-05')).toBe(false)
    expect(pendingOn(t, new Set(), '2026-03-06')).toBe(true)
    // Its overrun raised: the next day is the committed clock's own, however long it stays stopped.
    const raised = new Set(['special-procedure/warned/s1'])
    expect(taskLookOn(t, raised, '2026-03-06', YELLOW, calendar)).toBe(
      lookOn(committed, { warned: true, overdue: true }, '2026-03-06', YELLOW, calendar),
    )
  })

  it('is never once every alert the task can raise is out', () => {
    const statutory: ClockSpec = { limit: { value: 5, unit: 'W' }, start: '2026-03-02', suspensions: [] }
    const t = { clocks: { statutory }, lead: 'natural-resources' }
    expect(taskLookOn(t, new Set(KEYS), '2026-03-03', YELLOW, calendar)).toBe(LOOK_NEVER)
    // The lead's warning still to come keeps the day at yellow's, though the task's own warning is out.
    const ownOut = new Set(['statutory/warned/', 'statutory/overdue/'])
    expect(taskLookOn(t, ownOut, '2026-03-03', YELLOW, calendar)).toBe(
      lookOn(statutory, { warned: true, overdue: false }, '2026-03-03', YELLOW, calendar),
    )
  })
})
