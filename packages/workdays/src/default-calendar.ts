import y2024 from '../data/2024.json' with { type: 'json' }
import y2025 from '../data/2025.json' with { type: 'json' }
import y2026 from '../data/2026.json' with { type: 'json' }
import { type Calendar, createCalendar, type RegionalOverlay, type YearSchedule } from './calendar.js'

/** The State Council schedules shipped with the package (data/<year>.json, each naming its notice). */
export const bundledSchedules: readonly YearSchedule[] = Object.freeze([y2024, y2025, y2026])

/**
 * The national calendar from the bundled schedules, plus any years and overlays given (a given year
 * replaces the bundled one, which is how a correction is applied).
 */
export function defaultCalendar(
  extra: { schedules?: readonly YearSchedule[]; overlays?: readonly RegionalOverlay[] } = {},
): Calendar {
  const years = new Map<number, YearSchedule>()
  for (const s of [...bundledSchedules, ...(extra.schedules ?? [])]) years.set(s.year, s)
  return createCalendar([...years.values()], extra.overlays ?? [])
}
