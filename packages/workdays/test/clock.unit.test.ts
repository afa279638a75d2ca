import type { Limit } from '@onewindow/vocabulary'
import { describe, expect, it } from 'vitest'
import {
  type Clock,
  createCalendar,
  defaultCalendar,
  dueDate,
  evaluateClock,
  evaluateClocks,
  type RegionalOverlay,
  validateClock,
  type YearSchedule,
} from '../src/index.js'

const calendar = defaultCalendar()
const W = (value: number): Limit => ({ value, unit: 'W' })
const N = (value: number): Limit => ({ value, unit: 'N' })

// Every expected date below was counted by hand from the State Council notices (data/*.json); the comment
// on each row shows the count.
describe('counting rules', () => {
  it.each([
    // start day not counted: Mon 11-03 + 1 W = Tue 11-04
    ['1 W counts from the day after the start', '2025-11-03', W(1), [], '2025-11-04'],
    // Fri 09-26; Sat 09-27 rest; Sun 09-28 is 调休上班 → 1
    ['a 调休 Sunday (2025-09-28) counts as a working day', '2025-09-26', W(1), [], '2025-09-28'],
    // 09-29 (1), 09-30 (2), 10-01..10-08 holiday, 10-09 (3), 10-10 (4), Sat 10-11 调休 (5)
    ['a holiday is skipped and a 调休 Saturday counts', '2025-09-28', W(5), [], '2025-10-11'],
    // 09-26 (1), 09-27 Sat, 09-28 调休 (2), 09-29..10-10 suspended, 10-11 调休 (3), 10-13 (4), 10-14 (5)
    [
      'a pause straddling National Day removes its days',
      '2025-09-25',
      W(5),
      [['2025-09-29', '2025-10-10']],
      '2025-10-14',
    ],
    // 09-27..09-29 (3), 09-30..10-03 suspended, 10-04..10-10 (4..10); Fri 10-10 is a working day
    ['N: a pause removes its days too', '2025-09-26', N(10), [['2025-09-30', '2025-10-03']], '2025-10-10'],
    // 02-08..02-17 is 10 natural days; 02-17 is in 春节 (02-15..02-23) → first working day 02-24
    ['N ending inside the Spring Festival moves to the first working day after', '2026-02-07', N(10), [], '2026-02-24'],
    // 2025: 01-21..01-30 (10); 01-30 in 春节 (01-28..02-04) → 02-05
    ['N ending inside the 2025 Spring Festival', '2025-01-20', N(10), [], '2025-02-05'],
    // Fri 11-07 + 1 N = Sat 11-08 → Mon 11-10
    ['N ending on a weekend moves to Monday', '2025-11-07', N(1), [], '2025-11-10'],
    // 2025-09-27 is a Saturday but 09-28 (Sun) is a working day: 09-21 + 7 N = 09-28
    ['N ending on a 调休 Sunday stays there', '2025-09-21', N(7), [], '2025-09-28'],
    ['a limit of 0 W is due on the start day', '2025-10-03', W(0), [], '2025-10-03'],
    ['a limit of 0 N is due on the start day, even a Sunday', '2025-11-09', N(0), [], '2025-11-09'],
  ])('%s', (_name, start, limit, pauses, expected) => {
    const suspensions = (pauses as string[][]).map(([from, to]) => ({ from: from as string, to: to as string }))
    expect(dueDate(calendar, { start, limit, suspensions })).toBe(expected)
  })

  it('explains the issue example: 20 W from 2025-09-30 with 补正 10-15..10-17', () => {
    const state = evaluateClock(
      calendar,
      {
        limit: W(20),
        start: '2025-09-30',
        suspensions: [{ kind: 'supplement', from: '2025-10-15', to: '2025-10-17' }],
      },
      '2025-10-20',
    )
    // 10-09 (1), 10-10 (2), 10-11 调休 (3), 10-13 (4), 10-14 (5), 10-15..17 补正, 10-20..24 (6..10),
    // 10-27..31 (11..15), 11-03..07 (16..20)
    expect(state.due).toBe('2025-11-07')
    expect(state.text).toBe(
      '20 W from 2025-09-30; 10-01..10-08 national holiday (国庆节、中秋节); 10-11 is a make-up workday ' +
        '(国庆节、中秋节); 补正 10-15..10-17 not counted; due 2025-11-07',
    )
    expect(state.explanation.map((e) => e.kind)).toEqual(['start', 'holiday', 'makeup-workday', 'suspension', 'due'])
    expect(state.provisional).toBe(false)
  })

  it('counts regional rest days out of W, and names them', () => {
    const overlay: RegionalOverlay = {
      region: '450000',
      name: '广西',
      source: { title: 'test overlay' },
      restDays: [{ name: '壮族三月三', from: '2025-03-31', to: '2025-04-01' }],
    }
    const local = createCalendar(
      calendar.years.map((y) => calendar.schedule(y) as YearSchedule),
      [overlay],
    )
    const clock: Clock = { limit: W(3), start: '2025-03-28', region: '450700' }
    // Mon 03-31 and Tue 04-01 are regional rest days: 04-02 (1), 04-03 (2), 04-04 is 清明 → 04-07 (3)
    const state = evaluateClock(local, clock, '2025-03-28')
    expect(state.due).toBe('2025-04-07')
    expect(state.text).toContain('03-31..04-01 regional rest day in 450000 (壮族三月三)')
    expect(evaluateClock(local, { ...clock, region: '440600' }, '2025-03-28').due).toBe('2025-04-02')
  })
})

describe('a year that is not loaded', () => {
  const y2027: YearSchedule = {
    year: 2027,
    source: { title: 'test schedule' },
    holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
    workdays: [],
  }

  it('is counted on weekdays alone and marked provisional with the reason', () => {
    // 12-25 (1), 12-28..12-31 (2..5), Fri 2027-01-01 as a weekday (6), 01-04..01-07 (7..10)
    const state = evaluateClock(calendar, { limit: W(10), start: '2026-12-24' }, '2026-12-24')
    expect(state.due).toBe('2027-01-07')
    expect(state.provisional).toBe(true)
    expect(state.provisionalReasons.join()).toMatch(/2027/)
    expect(state.warnings.join()).toMatch(/provisional/)
  })

  it('stops being provisional once the year is loaded, and the date moves', () => {
    const state = evaluateClock(calendar.withYear(y2027), { limit: W(10), start: '2026-12-24' }, '2026-12-24')
    expect(state.due).toBe('2027-01-08')
    expect(state.provisional).toBe(false)
  })
})

describe('clock state', () => {
  // Mon 2025-11-03 + 10 W: 11-04..07 (1..4), 11-10..14 (5..9), 11-17 (10)
  const clock: Clock = { id: 'committed', limit: W(10), start: '2025-11-03' }

  it.each([
    ['2025-11-03', 0, 10, 'green'],
    ['2025-11-12', 7, 3, 'green'],
    ['2025-11-13', 8, 2, 'yellow'],
    ['2025-11-17', 10, 0, 'yellow'],
    ['2025-11-18', 11, 0, 'red'],
  ] as const)('on %s: used %i, remaining %i, %s', (today, used, remaining, level) => {
    const state = evaluateClock(calendar, clock, today)
    expect(state.due).toBe('2025-11-17')
    expect({ used: state.used, remaining: state.remaining, level: state.level }).toEqual({ used, remaining, level })
    // No pause: gross and net are the same days.
    expect(state.gross).toBe(used)
    expect(state.overdue).toBe(level === 'red')
    expect(state.overdueBy).toBe(level === 'red' ? 1 : 0)
  })

  it('turns yellow at a configurable share', () => {
    expect(evaluateClock(calendar, clock, '2025-11-10', { yellowAt: 0.5 }).level).toBe('yellow')
    expect(evaluateClock(calendar, clock, '2025-11-07', { yellowAt: 0.5 }).level).toBe('green')
  })

  it('treats an open suspension as running through today and projects the due date from there', () => {
    const open: Clock = { ...clock, suspensions: [{ kind: 'supplement', from: '2025-11-05', startedBy: 'reviewer-7' }] }
    const state = evaluateClock(calendar, open, '2025-11-07')
    // 11-04 (1), 11-05..11-07 suspended, 11-10..14 (2..6), 11-17..20 (7..10)
    expect(state.due).toBe('2025-11-20')
    expect(state.used).toBe(1)
    // Gross: 11-04..11-07, four working days on the calendar; net (used) one, the pause took three.
    expect(state.gross).toBe(4)
    expect(state.suspended).toBe(true)
    expect(state.suspensions[0]).toMatchObject({ open: true, until: '2025-11-07', days: 3 })
    expect(state.text).toContain('补正 from 11-05 still open')
  })

  it('raises a warning when a special procedure overruns its own limit', () => {
    const expert = (to?: string): Clock => ({
      ...clock,
      suspensions: [
        {
          kind: 'expert-review',
          from: '2025-11-03',
          ...(to ? { to } : {}),
          limit: W(5),
          legalBasis: '《行政许可法》第四十五条',
          startedBy: 'dept-nr',
        },
      ],
    })
    // own limit: 11-03 + 5 W = 11-10
    expect(evaluateClock(calendar, expert('2025-11-14'), '2025-11-20').suspensions[0]).toMatchObject({
      due: '2025-11-10',
      used: 9,
      overrun: true,
    })
    expect(evaluateClock(calendar, expert('2025-11-14'), '2025-11-20').warnings[0]).toMatch(/专家评审.*overran/)
    expect(evaluateClock(calendar, expert('2025-11-07'), '2025-11-20').suspensions[0]?.overrun).toBe(false)
    expect(evaluateClock(calendar, expert(), '2025-11-10').suspensions[0]?.overrun).toBe(false)
    expect(evaluateClock(calendar, expert(), '2025-11-11').suspensions[0]?.overrun).toBe(true)
  })

  it('runs several clocks for one subject', () => {
    const [statutory, committed] = evaluateClocks(
      calendar,
      [
        { id: 'statutory', limit: W(20), start: '2025-11-03' },
        { id: 'committed', limit: W(5), start: '2025-11-03' },
      ],
      '2025-11-10',
    )
    expect(statutory?.level).toBe('green')
    expect(committed?.due).toBe('2025-11-10')
    expect(committed?.level).toBe('yellow')
  })

  it('refuses an invalid clock, naming every problem', () => {
    const problems = validateClock({
      limit: { value: 1.5, unit: 'X' as 'W' },
      start: '2025-02-30',
      suspensions: [{ kind: 'supplement', from: '2025-03-05', to: '2025-03-01' }],
    })
    expect(problems).toHaveLength(4)
    expect(() => evaluateClock(calendar, { limit: W(1), start: '2025-13-01' }, '2025-01-01')).toThrow(/2025-13-01/)
  })
})
