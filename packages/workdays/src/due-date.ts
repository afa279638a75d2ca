import type { Limit } from '@onewindow/vocabulary'
import type { Calendar, DayInfo } from './calendar.js'
import { fromDayNumber, type LegalDate, LegalDateError, parseLegalDate, toDayNumber } from './legal-date.js'

/** How one day between the start and the due date was treated. */
export type DayTreatment = 'counted' | 'weekend' | 'holiday' | 'regional-rest' | 'suspended' | 'rolled'

export interface WalkedDay {
  info: DayInfo
  treatment: DayTreatment
  /** Index into the suspension ranges for a `suspended` day. */
  suspension?: number
}

/** An inclusive range of days removed from the count. */
export interface DayRange {
  from: LegalDate
  to: LegalDate
}

export interface Walk {
  start: LegalDate
  limit: Limit
  due: LegalDate
  /** Every day after the start up to and including the due date, in order. */
  days: WalkedDay[]
  /** Under `N`, the last natural day counted before any roll forward. */
  lastCounted: LegalDate
}

// A guard against data that would never reach the count (it cannot happen with real calendars).
const maxSpanDays = 366 * 30

/**
 * Walks the calendar from the day after `start` until the limit is reached, applying the counting rules:
 * the start day is not counted; suspended days are never counted; under `W` only working days count;
 * under `N` every day counts and a last day that is not a working day moves to the next working day.
 * Throws a `LegalDateError` when `start` is not a legal date (a real day, in range) or a day cannot be counted.
 */
export function walk(
  calendar: Calendar,
  input: { start: LegalDate; limit: Limit; region?: string; suspensions?: readonly DayRange[] },
): Walk {
  const { start, limit, region } = input
  const parsed = parseLegalDate(start)
  if (!parsed.ok) throw parsed.error
  const ranges = (input.suspensions ?? []).map((r) => [toDayNumber(r.from), toDayNumber(r.to)] as const)
  const suspendedBy = (day: number): number | undefined => {
    const i = ranges.findIndex(([a, b]) => day >= a && day <= b)
    return i < 0 ? undefined : i
  }
  const first = toDayNumber(start)
  const days: WalkedDay[] = []
  let day = first
  let counted = 0
  const step = (): { info: DayInfo; suspension: number | undefined } => {
    day += 1
    if (day - first > maxSpanDays) {
      throw new LegalDateError(
        'WORKDAYS_DATE_OUT_OF_RANGE',
        start,
        `no due date within ${maxSpanDays} days of ${start}`,
      )
    }
    const date = fromDayNumber(day)
    return { info: calendar.dayInfo(date, region), suspension: suspendedBy(day) }
  }
  while (counted < limit.value) {
    const { info, suspension } = step()
    if (suspension !== undefined) days.push({ info, treatment: 'suspended', suspension })
    else if (limit.unit === 'N' || info.working) {
      days.push({ info, treatment: 'counted' })
      counted += 1
    } else days.push({ info, treatment: restTreatment(info) })
  }
  const lastCounted = fromDayNumber(day)
  if (limit.unit === 'N' && limit.value > 0) {
    let last = days.at(-1)
    while (last && !(last.info.working && last.treatment !== 'suspended')) {
      const { info, suspension } = step()
      last =
        suspension !== undefined ? { info, treatment: 'suspended', suspension } : { info, treatment: 'rolled' as const }
      days.push(last)
    }
  }
  return { start, limit, due: fromDayNumber(day), days, lastCounted }
}

function restTreatment(info: DayInfo): DayTreatment {
  if (info.kind === 'weekend') return 'weekend'
  if (info.kind === 'regional-rest') return 'regional-rest'
  return 'holiday'
}

/** The due date alone: `start` + `limit` under the counting rules, skipping the suspended ranges. */
export function dueDate(
  calendar: Calendar,
  input: { start: LegalDate; limit: Limit; region?: string; suspensions?: readonly DayRange[] },
): LegalDate {
  return walk(calendar, input).due
}
