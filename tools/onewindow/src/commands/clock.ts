import { parseArgs } from 'node:util'
import { type Clock, evaluateClock, parseLegalDate, type Suspension, suspensionKinds } from '@onewindow/workdays'
import { loadCalendar } from '../calendar-store.js'
import { type Command, UsageError } from '../usage-error.js'

const usage =
  'usage: onewindow clock due --from YYYY-MM-DD --limit <n>W|<n>N [--pause FROM:TO[:kind]]... [--region CODE]'

/** `clock due`: the due date of a limit from a start day, with pauses, and its explanation, as one JSON object. */
export const clock: Command = (args, io) => {
  const [sub, ...rest] = args
  if (sub !== 'due') throw new UsageError(`unknown clock command "${sub ?? ''}"; ${usage}`)
  const { values } = parseArgs({
    args: rest,
    options: {
      from: { type: 'string' },
      limit: { type: 'string' },
      pause: { type: 'string', multiple: true },
      region: { type: 'string' },
    },
    strict: true,
  })
  const start = date('--from', values.from)
  const limit = parseLimit(values.limit)
  const suspensions = (values.pause ?? []).map(parsePause)
  if (values.region !== undefined && !/^\d{6}$/.test(values.region)) {
    throw new UsageError(`--region "${values.region}" is not a six-digit administrative division code such as 450700.`)
  }
  const spec: Clock = { start, limit, suspensions, ...(values.region ? { region: values.region } : {}) }
  const state = evaluateClock(loadCalendar(io), spec, start)
  io.out(JSON.stringify({ due: state.due, provisional: state.provisional, explanation: state.explanation }))
  return 0
}

function date(name: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`${name} is required (a date YYYY-MM-DD); ${usage}`)
  const parsed = parseLegalDate(value)
  // e.g. `--from "2026-02-30" is not a real date…`, `--from "9999-12-31" is outside the supported dates…`
  if (!parsed.ok) throw new UsageError(`${name} ${parsed.error.message}.`)
  return parsed.value
}

function parseLimit(value: string | undefined): Clock['limit'] {
  if (value === undefined) throw new UsageError(`--limit is required (e.g. 20W or 10N); ${usage}`)
  const match = /^(\d{1,4})([WN])$/.exec(value)
  if (!match) throw new UsageError(`--limit "${value}" is not a limit like 20W (working days) or 10N (natural days).`)
  return { value: Number(match[1]), unit: match[2] as 'W' | 'N' }
}

function parsePause(value: string): Suspension {
  const [from, to, kind = 'supplement', ...extra] = value.split(':')
  if (!from || !to || extra.length > 0) throw new UsageError(`--pause "${value}" is not FROM:TO or FROM:TO:kind.`)
  for (const day of [from, to]) {
    const parsed = parseLegalDate(day)
    if (!parsed.ok) throw new UsageError(`--pause "${value}": ${parsed.error.message}.`)
  }
  if (to < from) throw new UsageError(`--pause "${value}" ends before it starts.`)
  if (!(kind in suspensionKinds)) {
    throw new UsageError(
      `--pause "${value}" has kind "${kind}", not one of ${Object.keys(suspensionKinds).join(', ')}.`,
    )
  }
  return { kind: kind as Suspension['kind'], from, to }
}
