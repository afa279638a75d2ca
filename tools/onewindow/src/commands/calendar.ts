import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { checkEntry, loadCalendar, saveEntry } from '../calendar-store.js'
import { adminGateway } from '../gateway.js'
import { type Command, UsageError } from '../usage-error.js'

const usage =
  'usage: onewindow calendar import <file.json> | onewindow calendar list | onewindow calendar publish <file.json> [--gateway URL] [--token TOKEN]'

/**
 * `calendar import <file>`: validates a year schedule (or a regional overlay) and stores it in the data
 * directory, where every later run loads it; a year already there, or bundled, is replaced (corrected).
 * `calendar list`: the loaded years with their sources, and the overlays.
 */
export const calendar: Command = (args, io) => {
  const [sub, ...rest] = args
  if (sub === 'publish') return publish(rest, io)
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
  const entry = checkEntry(readJson(io, file), file)
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

function readJson(io: Parameters<Command>[1], file: string): unknown {
  try {
    return JSON.parse(readFileSync(resolve(io.cwd, file), 'utf8'))
  } catch (e) {
    throw new UsageError(`<file> "${file}" cannot be read as JSON: ${(e as Error).message}`)
  }
}

/**
 * `calendar publish <file>`: checks the file as `import` does, then publishes it to every service through the gateway
 * (`POST /api/v1/admin/calendars`, as an admin: `--token` or ONEWINDOW_TOKEN, e.g. from `onewindow token --role
 * admin`); prints the publication (key, version, notice). Exit 1 with the gateway's problem when it is refused.
 */
async function publish(args: string[], io: Parameters<Command>[1]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    options: { gateway: { type: 'string' }, token: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  })
  const [file] = positionals
  if (!file || positionals.length > 1) throw new UsageError(`calendar publish takes one file; ${usage}`)
  const { base: gateway, token } = adminGateway(values, io.env)
  const entry = checkEntry(readJson(io, file), file)
  const res = await fetch(`${gateway}/api/v1/admin/calendars`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(entry.value),
  })
  const text = await res.text()
  if (res.status !== 201) {
    io.err(`calendar publish refused (${res.status}): ${text}`)
    return 1
  }
  io.out(text)
  return 0
}
