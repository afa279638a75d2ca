import type { Calendar, DayInfo } from './calendar.js'
import { suspendedRanges } from './clock.js'
import type { Clock } from './clock-spec.js'
import { walk } from './due-date.js'
import { addDays, type LegalDate } from './legal-date.js'

/** One day the calendar change altered, as the clock sees it. */
export interface DayChange {
  date: LegalDate
  before: DayInfo
  after: DayInfo
  text: string
}

/** A clock whose due date (or its provisional mark) changed with the calendar. */
export interface Reprojection {
  clock: Clock
  before: { due: LegalDate; provisional: boolean }
  after: { due: LegalDate; provisional: boolean }
  /** True when the due date itself moved (false when only the provisional mark was lifted or set). */
  moved: boolean
  /** The days between the start and the later due date that the change altered. */
  changes: DayChange[]
  text: string
}

/**
 * Re-projects clocks after a calendar change (a year loaded or corrected, an overlay added): returns the
 * clocks whose due date moved or stopped (or started) being provisional, from what to what, and why.
 * `today` closes open suspensions exactly as `evaluateClock` does.
 */
export function reproject(input: {
  before: Calendar
  after: Calendar
  clocks: readonly Clock[]
  today: LegalDate
}): Reprojection[] {
  const { before, after, today } = input
  const out: Reprojection[] = []
  for (const clock of input.clocks) {
    const args = {
      start: clock.start,
      limit: clock.limit,
      suspensions: suspendedRanges(clock, today),
      ...(clock.region === undefined ? {} : { region: clock.region }),
    }
    const was = walk(before, args)
    const now = walk(after, args)
    const wasProvisional = was.days.some((d) => d.info.provisional)
    const nowProvisional = now.days.some((d) => d.info.provisional)
    if (was.due === now.due && wasProvisional === nowProvisional) continue
    const through = [was.due, now.due].sort()[1] as LegalDate
    const changes = diffDays(before, after, addDays(clock.start, 1), through, clock.region)
    const name = clock.label ?? clock.id ?? `${clock.limit.value} ${clock.limit.unit} from ${clock.start}`
    const why = changes.length > 0 ? changes.map((c) => c.text).join('; ') : 'no day changed'
    const mark = (p: boolean) => (p ? ' (provisional)' : '')
    out.push({
      clock,
      before: { due: was.due, provisional: wasProvisional },
      after: { due: now.due, provisional: nowProvisional },
      moved: was.due !== now.due,
      changes,
      text: `${name}: due ${was.due}${mark(wasProvisional)} → ${now.due}${mark(nowProvisional)}: ${why}`,
    })
  }
  return out
}

/** Days in `from`..`to` (inclusive) that two calendars treat differently for `region`. */
export function diffDays(
  before: Calendar,
  after: Calendar,
  from: LegalDate,
  to: LegalDate,
  region?: string,
): DayChange[] {
  const changes: DayChange[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const b = before.dayInfo(d, region)
    const a = after.dayInfo(d, region)
    if (b.working === a.working && b.kind === a.kind && b.name === a.name && b.provisional === a.provisional) continue
    changes.push({ date: d, before: b, after: a, text: `${d} ${describe(b)} → ${describe(a)}` })
  }
  return changes
}

function describe(info: DayInfo): string {
  const name = info.name ? ` ${info.name}` : ''
  const what: Record<DayInfo['kind'], string> = {
    workday: 'working day',
    weekend: 'weekend',
    holiday: `holiday${name}`,
    'makeup-workday': `make-up workday${name}`,
    'regional-rest': `regional rest day${name}`,
    'regional-workday': `regional workday${name}`,
  }
  return `${what[info.kind]}${info.provisional ? ' (provisional)' : ''}`
}
