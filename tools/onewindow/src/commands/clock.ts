import { parseArgs } from 'node:util'
import { type Clock, evaluateClock, isLegalDate, type Suspension, suspensionKinds } from '@onewindow/workdays'
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
  if (!isLegalDate(value)) throw new UsageError(`${name} "${value}" is not a real date of the form YYYY-MM-DD.`)
  return value
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
  if (!isLegalDate(from) || !isLegalDate(to)) {
    throw new UsageError(`--pause "${value}" does not hold two real dates of the form YYYY-MM-DD.`)
  }
  if (to < from) throw new UsageError(`--pause "${value}" ends before it starts.`)
  if (!(kind in suspensionKinds)) {
    throw new UsageError(
      `--pause "${value}" has kind "${kind}", not one of ${Object.keys(suspensionKinds).join(', ')}.`,
    )
  }
  return { kind: kind as Suspension['kind'], from, to }
}
