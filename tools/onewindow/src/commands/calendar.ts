import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { checkEntry, loadCalendar, saveEntry } from '../calendar-store.js'
import { type Command, UsageError } from '../usage-error.js'

const usage = 'usage: onewindow calendar import <file.json> | onewindow calendar list'

/**
 * `calendar import <file>`: validates a year schedule (or a regional overlay) and stores it in the data
 * directory, where every later run loads it; a year already there, or bundled, is replaced (corrected).
 * `calendar list`: the loaded years with their sources, and the overlays.
 */
export const calendar: Command = (args, io) => {
  const [sub, ...rest] = args
  const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true, strict: true })
  if (sub === 'list') {
    const cal = loadCalendar(io)
    for (const year of cal.years) {
      const s = cal.schedule(year)
      io.out(`${year}  ${s?.source.title ?? ''}${s?.source.number ? ` ${s.source.number}` : ''}`)
    }
    for (const region of cal.regions) io.out(`${region}  ${cal.overlay(region)?.name ?? ''} (regional overlay)`)
    return 0
  }
  if (sub !== 'import') throw new UsageError(`unknown calendar command "${sub ?? ''}"; ${usage}`)
  const [file] = positionals
  if (!file || positionals.length > 1) throw new UsageError(`calendar import takes one file; ${usage}`)
  const path = resolve(io.cwd, file)
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new UsageError(`<file> "${file}" cannot be read as JSON: ${(e as Error).message}`)
  }
  const entry = checkEntry(parsed, file)
  const before = loadCalendar(io)
  const replaced =
    entry.kind === 'year' ? before.hasYear(entry.value.year) : before.overlay(entry.value.region) !== undefined
  // Loading it into a calendar is the last check (e.g. overlapping periods) before it is stored.
  if (entry.kind === 'year') before.withYear(entry.value)
  else before.withOverlay(entry.value)
  const stored = saveEntry(io, entry)
  const what = entry.kind === 'year' ? `year ${entry.value.year}` : `overlay for region ${entry.value.region}`
  io.out(JSON.stringify({ imported: what, replaced, stored }))
  return 0
}
