import type { Limit } from '@onewindow/vocabulary'
import type { Clock } from './clock-spec.js'
import type { Walk, WalkedDay } from './due-date.js'
import { type LegalDate, yearOf } from './legal-date.js'
import { type SuspensionKind, suspensionKinds } from './suspension.js'

/**
 * One reason a due date is what it is. Every entry has `text`, a short human sentence; the structured
 * fields let a screen render it differently. The `due` entry carries the arithmetic: counted + weekend +
 * holiday + regional rest + suspended + rolled days = the natural days from the start to the due date.
 */
export type ExplanationEntry =
  | { kind: 'start'; date: LegalDate; limit: Limit; text: string }
  | { kind: 'immediate'; date: LegalDate; text: string }
  | { kind: 'holiday'; from: LegalDate; to: LegalDate; name: string; days: number; text: string }
  | {
      kind: 'regional-rest'
      from: LegalDate
      to: LegalDate
      name: string
      region: string
      days: number
      text: string
    }
  | { kind: 'makeup-workday'; date: LegalDate; name: string; text: string }
  | { kind: 'regional-workday'; date: LegalDate; name: string; region: string; text: string }
  | {
      kind: 'suspension'
      suspensionKind: SuspensionKind
      from: LegalDate
      to: LegalDate
      open: boolean
      /** Days this suspension removed between the start and the due date. */
      days: number
      text: string
    }
  | { kind: 'roll-forward'; lastDay: LegalDate; due: LegalDate; reason: string; text: string }
  | { kind: 'provisional'; years: number[]; text: string }
  | {
      kind: 'due'
      date: LegalDate
      counted: number
      weekendDays: number
      holidayDays: number
      regionalRestDays: number
      suspendedDays: number
      rolledDays: number
      spanDays: number
      text: string
    }

/** Builds the explanation of a walked clock, in the order a reader follows the calendar. */
export function explain(w: Walk, clock: Clock, today: LegalDate): ExplanationEntry[] {
  const short = (date: LegalDate) => (yearOf(date) === yearOf(w.start) ? date.slice(5) : date)
  const span = (from: LegalDate, to: LegalDate) => (from === to ? short(from) : `${short(from)}..${short(to)}`)
  const entries: ExplanationEntry[] = [
    {
      kind: 'start',
      date: w.start,
      limit: w.limit,
      text: `${w.limit.value} ${w.limit.unit} from ${w.start}`,
    },
  ]
  if (w.limit.value === 0) {
    entries.push({ kind: 'immediate', date: w.start, text: 'a limit of 0 is due on the start day (即办件)' })
  }

  // Consecutive rest days of one holiday become one entry; make-up workdays are named one by one (W only).
  const groups = groupRuns(w.days, (d) =>
    d.treatment === 'holiday' || d.treatment === 'regional-rest'
      ? `${d.treatment}|${d.info.name ?? ''}|${d.info.region ?? ''}`
      : undefined,
  )
  const body: Array<{ at: LegalDate; entry: ExplanationEntry }> = []
  for (const g of groups) {
    const first = g[0] as WalkedDay
    const last = g.at(-1) as WalkedDay
    const name = first.info.name ?? ''
    if (first.treatment === 'holiday') {
      body.push({
        at: first.info.date,
        entry: {
          kind: 'holiday',
          from: first.info.date,
          to: last.info.date,
          name,
          days: g.length,
          text: `${span(first.info.date, last.info.date)} national holiday (${name})`,
        },
      })
    } else {
      const region = first.info.region ?? ''
      body.push({
        at: first.info.date,
        entry: {
          kind: 'regional-rest',
          from: first.info.date,
          to: last.info.date,
          name,
          region,
          days: g.length,
          text: `${span(first.info.date, last.info.date)} regional rest day in ${region} (${name})`,
        },
      })
    }
  }
  if (w.limit.unit === 'W') {
    for (const d of w.days) {
      if (d.treatment !== 'counted') continue
      if (d.info.kind === 'makeup-workday') {
        const name = d.info.name ?? ''
        body.push({
          at: d.info.date,
          entry: {
            kind: 'makeup-workday',
            date: d.info.date,
            name,
            text: `${short(d.info.date)} is a make-up workday (${name})`,
          },
        })
      } else if (d.info.kind === 'regional-workday') {
        const name = d.info.name ?? ''
        const region = d.info.region ?? ''
        body.push({
          at: d.info.date,
          entry: {
            kind: 'regional-workday',
            date: d.info.date,
            name,
            region,
            text: `${short(d.info.date)} is a regional workday in ${region} (${name})`,
          },
        })
      }
    }
  }
  ;(clock.suspensions ?? []).forEach((s, i) => {
    const removed = w.days.filter((d) => d.treatment === 'suspended' && d.suspension === i)
    const first = removed[0]
    const last = removed.at(-1)
    if (!first || !last) return
    const open = s.to === undefined
    const text = open
      ? `${suspensionKinds[s.kind].zh} from ${short(s.from)} still open: ${span(first.info.date, last.info.date)} not counted ` +
        `(the due date assumes it ends ${short(today)})`
      : `${suspensionKinds[s.kind].zh} ${span(first.info.date, last.info.date)} not counted`
    body.push({
      at: first.info.date,
      entry: {
        kind: 'suspension',
        suspensionKind: s.kind,
        from: first.info.date,
        to: last.info.date,
        open,
        days: removed.length,
        text,
      },
    })
  })
  body.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  entries.push(...body.map((b) => b.entry))

  if (w.limit.unit === 'N' && w.due !== w.lastCounted) {
    const lastInfo = w.days.find((d) => d.info.date === w.lastCounted)?.info
    const reason =
      lastInfo?.kind === 'holiday' || lastInfo?.kind === 'regional-rest'
        ? `a rest day (${lastInfo.name ?? ''})`
        : lastInfo?.kind === 'weekend'
          ? 'a weekend day'
          : 'not a working day'
    entries.push({
      kind: 'roll-forward',
      lastDay: w.lastCounted,
      due: w.due,
      reason,
      text: `the last natural day ${short(w.lastCounted)} is ${reason}: moved to the next working day ${short(w.due)}`,
    })
  }

  const provisionalYears = [...new Set(w.days.filter((d) => d.info.provisional).map((d) => yearOf(d.info.date)))]
  if (provisionalYears.length > 0) {
    entries.push({
      kind: 'provisional',
      years: provisionalYears,
      text: `provisional: no State Council schedule is loaded for ${provisionalYears.join(', ')}, so those days were counted on weekdays alone`,
    })
  }

  const tally = (t: WalkedDay['treatment']) => w.days.filter((d) => d.treatment === t).length
  entries.push({
    kind: 'due',
    date: w.due,
    counted: tally('counted'),
    weekendDays: tally('weekend'),
    holidayDays: tally('holiday'),
    regionalRestDays: tally('regional-rest'),
    suspendedDays: tally('suspended'),
    rolledDays: tally('rolled'),
    spanDays: w.days.length,
    text: `due ${w.due}`,
  })
  return entries
}

/** The explanation as one line: the entries' texts joined by "; ". */
export function explanationText(entries: readonly ExplanationEntry[]): string {
  return entries.map((e) => e.text).join('; ')
}

function groupRuns(days: readonly WalkedDay[], keyOf: (d: WalkedDay) => string | undefined): WalkedDay[][] {
  const runs: WalkedDay[][] = []
  let current: WalkedDay[] = []
  let currentKey: string | undefined
  for (const d of days) {
    const key = keyOf(d)
    if (key !== undefined && key === currentKey) current.push(d)
    else {
      if (current.length > 0 && currentKey !== undefined) runs.push(current)
      current = key === undefined ? [] : [d]
      currentKey = key
    }
  }
  if (current.length > 0 && currentKey !== undefined) runs.push(current)
  return runs
}
