import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  type Calendar,
  defaultCalendar,
  type RegionalOverlay,
  validateRegionalOverlay,
  validateYearSchedule,
  type YearSchedule,
} from '@onewindow/workdays'
import type { Io } from './usage-error.js'

/** Where imported calendar years and overlays live: `$ONEWINDOW_DATA_DIR/calendar` (default `.data/calendar`). */
export function calendarDir(io: Io): string {
  return join(resolve(io.cwd, io.env['ONEWINDOW_DATA_DIR'] ?? '.data'), 'calendar')
}

/** A year schedule or a regional overlay, checked. */
export type CalendarEntry = { kind: 'year'; value: YearSchedule } | { kind: 'overlay'; value: RegionalOverlay }

/** Checks parsed JSON as a year schedule (has `year`) or an overlay (has `region`); throws listing every problem. */
export function checkEntry(value: unknown, name: string): CalendarEntry {
  const isOverlay = typeof value === 'object' && value !== null && 'region' in value
  const result = isOverlay ? validateRegionalOverlay(value) : validateYearSchedule(value)
  if (!result.ok)
    throw new Error(`${name} is not a valid calendar ${isOverlay ? 'overlay' : 'year'}: ${result.problems.join('; ')}`)
  return isOverlay
    ? { kind: 'overlay', value: result.value as RegionalOverlay }
    : { kind: 'year', value: result.value as YearSchedule }
}

export function entryFileName(entry: CalendarEntry): string {
  return entry.kind === 'year' ? `year-${entry.value.year}.json` : `region-${entry.value.region}.json`
}

/** The bundled calendar plus every year and overlay imported into the data directory. */
export function loadCalendar(io: Io): Calendar {
  const dir = calendarDir(io)
  let files: string[] = []
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  } catch (err) {
    // No data directory yet: nothing has been imported. Anything else (permissions) is the operator's to see.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const entries = files.map((f) => checkEntry(JSON.parse(readFileSync(join(dir, f), 'utf8')), join(dir, f)))
  return defaultCalendar({
    schedules: entries.flatMap((e) => (e.kind === 'year' ? [e.value] : [])),
    overlays: entries.flatMap((e) => (e.kind === 'overlay' ? [e.value] : [])),
  })
}

export function saveEntry(io: Io, entry: CalendarEntry): string {
  const dir = calendarDir(io)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, entryFileName(entry))
  writeFileSync(path, `${JSON.stringify(entry.value, null, 2)}\n`)
  return path
}
