import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  type Calendar,
  type CalendarEntry,
  calendarEntryKey,
  calendarOf,
  describeProblems,
  validateCalendarEntry,
} from '@onewindow/workdays'
import type { Io } from './usage-error.js'

/** Where imported calendar years and overlays live: `$ONEWINDOW_DATA_DIR/calendar` (default `.data/calendar`). */
export function calendarDir(io: Io): string {
  return join(resolve(io.cwd, io.env['ONEWINDOW_DATA_DIR'] ?? '.data'), 'calendar')
}

export type { CalendarEntry }

/** Checks parsed JSON as a year schedule or an overlay (`validateCalendarEntry`); throws listing every problem. */
export function checkEntry(value: unknown, name: string): CalendarEntry {
  const result = validateCalendarEntry(value)
  if (!result.ok) {
    const isOverlay = typeof value === 'object' && value !== null && 'region' in value
    throw new Error(
      `${name} is not a valid calendar ${isOverlay ? 'overlay' : 'year'}: ${describeProblems(result.problems)}`,
    )
  }
  return result.value
}

export function entryFileName(entry: CalendarEntry): string {
  return `${calendarEntryKey(entry)}.json`
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
  return calendarOf(entries)
}

export function saveEntry(io: Io, entry: CalendarEntry): string {
  const dir = calendarDir(io)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, entryFileName(entry))
  writeFileSync(path, `${JSON.stringify(entry.value, null, 2)}\n`)
  return path
}
