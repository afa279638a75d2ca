import {
  type RegionalOverlay,
  type Validation,
  validateRegionalOverlay,
  validateYearSchedule,
  type YearSchedule,
} from './calendar.js'
import { defaultCalendar } from './default-calendar.js'

/** What an administrator publishes: a year's State Council schedule, or a regional overlay. */
export type CalendarEntry = { kind: 'year'; value: YearSchedule } | { kind: 'overlay'; value: RegionalOverlay }

/**
 * Checks parsed JSON as a year schedule (has `year`) or an overlay (has `region`), listing every problem: the one
 * validation the CLI's `calendar import` and the owning service's publish route both use.
 */
export function validateCalendarEntry(value: unknown): Validation<CalendarEntry> {
  const isOverlay = typeof value === 'object' && value !== null && 'region' in value
  if (isOverlay) {
    const result = validateRegionalOverlay(value)
    return result.ok ? { ok: true, value: { kind: 'overlay', value: result.value } } : result
  }
  const result = validateYearSchedule(value)
  return result.ok ? { ok: true, value: { kind: 'year', value: result.value } } : result
}

/** `year-2027` or `region-450000`: one stored entry per key, a later publication replacing an earlier one. */
export const calendarEntryKey = (entry: CalendarEntry): string =>
  entry.kind === 'year' ? `year-${entry.value.year}` : `region-${entry.value.region}`

/** The bundled calendar with the entries given (a year given replaces the bundled one: a correction). */
export const calendarOf = (entries: readonly CalendarEntry[]) =>
  defaultCalendar({
    schedules: entries.flatMap((e) => (e.kind === 'year' ? [e.value] : [])),
    overlays: entries.flatMap((e) => (e.kind === 'overlay' ? [e.value] : [])),
  })
