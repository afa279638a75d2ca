import type { Limit } from '@onewindow/vocabulary'
import type { Calendar } from './calendar.js'
import type { Clock } from './clock-spec.js'
import { type DayRange, walk } from './due-date.js'
import { type ExplanationEntry, explain, explanationText } from './explain.js'
import { addDays, isLegalDate, type LegalDate, legalDateRange, toDayNumber } from './legal-date.js'
import { type Suspension, suspensionKinds } from './suspension.js'

export type Level = 'green' | 'yellow' | 'red'

export interface ClockOptions {
  /** Share of the limit used at which the clock turns yellow; default 0.8. */
  yellowAt?: number
}

export interface SuspensionState {
  suspension: Suspension
  open: boolean
  /** Last day treated as suspended: `to`, or `today` while open. */
  until: LegalDate
  /** Natural days suspended, `from`..`until` inclusive. */
  days: number
  /** Own limit: its due date (counted from `from`), the units used, and whether it was overrun. */
  due?: LegalDate
  used?: number
  overrun: boolean
}

export interface ClockState {
  clock: Clock
  today: LegalDate
  due: LegalDate
  /** True when the due date rests on a year whose schedule is not loaded. */
  provisional: boolean
  provisionalReasons: string[]
  /** Units (of the clock's unit) counted from the day after the start to today: the net days, pauses not counted. */
  used: number
  /**
   * The gross days: units from the day after the start to today as the calendar has them, pauses counted too
   * (working days for `W`, natural days for `N`). `gross − used` is what the pauses took.
   */
  gross: number
  /** Units left before the due date (0 once it is reached). */
  remaining: number
  /** Units past the due date (0 unless overdue). */
  overdueBy: number
  level: Level
  overdue: boolean
  /** True when today lies inside a suspension. */
  suspended: boolean
  suspensions: SuspensionState[]
  /** Sub-limit overruns and provisional notes, one sentence each. */
  warnings: string[]
  explanation: ExplanationEntry[]
  text: string
}

/** A clock that cannot be evaluated as given; `problems` lists every problem, one sentence each. */
export class ClockInvalidError extends RangeError {
  readonly code = 'WORKDAYS_CLOCK_INVALID'
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '))
    this.name = 'ClockInvalidError'
  }
}

const dateRule = `a real date YYYY-MM-DD from ${legalDateRange.from} to ${legalDateRange.to}`

/** Checks a clock and returns every problem at once (dates must be legal dates, in range; periods in order). */
export function validateClock(clock: Clock): string[] {
  const problems: string[] = []
  checkLimit(clock.limit, 'limit', problems)
  if (!isLegalDate(clock.start)) problems.push(`start "${String(clock.start)}" is not ${dateRule}`)
  if (clock.region !== undefined && !/^\d{6}$/.test(clock.region)) {
    problems.push(`region "${clock.region}" is not a six-digit administrative division code`)
  }
  ;(clock.suspensions ?? []).forEach((s, i) => {
    const at = `suspension ${i + 1}`
    if (!(s.kind in suspensionKinds)) problems.push(`${at}: kind "${String(s.kind)}" is not a known suspension kind`)
    if (!isLegalDate(s.from)) problems.push(`${at}: from "${String(s.from)}" is not ${dateRule}`)
    if (s.to !== undefined && !isLegalDate(s.to)) problems.push(`${at}: to "${String(s.to)}" is not ${dateRule}`)
    if (isLegalDate(s.from) && isLegalDate(s.to) && s.to < s.from) {
      problems.push(`${at}: ends (${s.to}) before it starts (${s.from})`)
    }
    if (s.limit !== undefined) checkLimit(s.limit, `${at}: limit`, problems)
  })
  return problems
}

function checkLimit(limit: Limit, at: string, problems: string[]): void {
  if (!Number.isInteger(limit?.value) || limit.value < 0) problems.push(`${at} value must be a whole number ≥ 0`)
  if (limit?.unit !== 'W' && limit?.unit !== 'N') problems.push(`${at} unit must be W or N`)
}

/** The suspended ranges of a ledger as of `today` (an open suspension runs through today). */
export function suspendedRanges(clock: Clock, today: LegalDate): DayRange[] {
  return (clock.suspensions ?? []).map((s) => ({ from: s.from, to: s.to ?? (today > s.from ? today : s.from) }))
}

/**
 * Evaluates a clock on `today` (a legal date; the caller reads the clock, this function never does).
 * Throws a {@link ClockInvalidError} (code `WORKDAYS_CLOCK_INVALID`) listing every problem when the clock or `today`
 * is invalid — an impossible or out-of-range date, a period that ends before it starts — and nothing deeper.
 */
export function evaluateClock(
  calendar: Calendar,
  clock: Clock,
  today: LegalDate,
  options: ClockOptions = {},
): ClockState {
  const problems = validateClock(clock)
  if (!isLegalDate(today)) problems.push(`today "${String(today)}" is not ${dateRule}`)
  if (problems.length > 0) throw new ClockInvalidError(problems)
  const yellowAt = options.yellowAt ?? 0.8
  const ranges = suspendedRanges(clock, today)
  const region = clock.region
  const w = walk(calendar, {
    start: clock.start,
    limit: clock.limit,
    suspensions: ranges,
    ...(region === undefined ? {} : { region }),
  })
  const isSuspended = (date: LegalDate) => ranges.some((r) => date >= r.from && date <= r.to)
  const counts = (date: LegalDate) =>
    !isSuspended(date) && (clock.limit.unit === 'N' || calendar.isWorkingDay(date, region))
  const used = countUnits(clock.start, today, counts)
  const gross = countUnits(
    clock.start,
    today,
    (date) => clock.limit.unit === 'N' || calendar.isWorkingDay(date, region),
  )
  const overdue = today > w.due
  const remaining = overdue ? 0 : countUnits(today > clock.start ? today : clock.start, w.due, counts)
  const overdueBy = overdue ? countUnits(w.due, today, counts) : 0
  const level: Level = overdue
    ? 'red'
    : clock.limit.value > 0 && used >= yellowAt * clock.limit.value
      ? 'yellow'
      : 'green'

  const suspensions = (clock.suspensions ?? []).map((s, i): SuspensionState => {
    const until = (ranges[i] as DayRange).to
    const base = { suspension: s, open: s.to === undefined, until, days: toDayNumber(until) - toDayNumber(s.from) + 1 }
    if (!s.limit) return { ...base, overrun: false }
    const own = walk(calendar, { start: s.from, limit: s.limit, ...(region === undefined ? {} : { region }) })
    const ownCounts = (date: LegalDate) => s.limit?.unit === 'N' || calendar.isWorkingDay(date, region)
    return { ...base, due: own.due, used: countUnits(s.from, until, ownCounts), overrun: until > own.due }
  })

  const explanation = explain(w, clock, today)
  const provisionalEntry = explanation.find((e) => e.kind === 'provisional')
  const warnings = [
    ...suspensions
      .filter((s) => s.overrun)
      .map(
        (s) =>
          `${suspensionKinds[s.suspension.kind].zh} from ${s.suspension.from} overran its own limit of ` +
          `${s.suspension.limit?.value} ${s.suspension.limit?.unit} (due ${s.due})`,
      ),
    ...(provisionalEntry ? [provisionalEntry.text] : []),
  ]
  return {
    clock,
    today,
    due: w.due,
    provisional: provisionalEntry !== undefined,
    provisionalReasons: provisionalEntry ? [provisionalEntry.text] : [],
    used,
    gross,
    remaining,
    overdueBy,
    level,
    overdue,
    suspended: isSuspended(today),
    suspensions,
    warnings,
    explanation,
    text: explanationText(explanation),
  }
}

/** Evaluates several clocks of one subject on the same day. */
export function evaluateClocks(
  calendar: Calendar,
  clocks: readonly Clock[],
  today: LegalDate,
  options: ClockOptions = {},
): ClockState[] {
  return clocks.map((c) => evaluateClock(calendar, c, today, options))
}

/** Units in (after, through]: days after `after` up to and including `through` that `counts` accepts. */
function countUnits(after: LegalDate, through: LegalDate, counts: (date: LegalDate) => boolean): number {
  let n = 0
  for (let d = addDays(after, 1); d <= through; d = addDays(d, 1)) if (counts(d)) n += 1
  return n
}

export type AlertKind = 'warned' | 'overdue'

/**
 * What a clock's state calls for that has not been raised yet: `warned` once it leaves green (预警), `overdue` once
 * past its due date (超时), warned first when both are new. "Once" is the caller's to keep: `raised` is what it
 * recorded.
 */
export function alertsDue(state: ClockState, raised: { warnedOn?: string; overdueOn?: string } = {}): AlertKind[] {
  const due: AlertKind[] = []
  if (state.level !== 'green' && raised.warnedOn === undefined) due.push('warned')
  if (state.overdue && raised.overdueOn === undefined) due.push('overdue')
  return due
}
