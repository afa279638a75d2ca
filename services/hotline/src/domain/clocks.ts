import { runningDeadlines } from '@onewindow/contracts'
import {
  type AlertKind,
  addDays,
  alertsDue,
  type Calendar,
  dueDate,
  evaluateClock,
  explanationText,
  isLegalDate,
  type LegalDate,
  LegalDateError,
  legalDateRange,
} from '@onewindow/workdays'
import {
  type ClockName,
  type Context,
  type Deadline,
  type Decision,
  lapseDutyStatement,
  lapseRating,
  lapseSupplement,
  type Ticket,
} from './ticket.js'

// The ticket's timer, pure: what is due on a ticket today (alerts, a lapsed rating window, a lapsed statement), and
// the day it next needs a look. The service's sweep (jobs/scan-tickets.ts) runs it and records each once.

/**
 * A due day counted anew, as a ticket or a 知识点反馈 and their events can carry it: workdays counts past 2099, the
 * contracts do not. A day beyond (a start or raise day edited to the last days of 2099) is a `LegalDateError`, as
 * workdays throws for a count it cannot make, so a re-projection leaves the row as it was and names it
 * (`countedOrLeftOut`). `counted` says what was counted, for that name.
 */
export function carried(due: LegalDate, counted: string): LegalDate {
  if (isLegalDate(due)) return due
  throw new LegalDateError(
    'WORKDAYS_DATE_OUT_OF_RANGE',
    due,
    `${counted} falls due ${due}, after the last legal date ${legalDateRange.to}`,
  )
}

export type Alert = { kind: AlertKind; clock: ClockName; ticket: Ticket }

/** A deadline with the alert recorded on `today`. */
const marked = (d: Deadline, kind: AlertKind, today: LegalDate): Deadline => ({
  ...d,
  alerts: { ...d.alerts, ...(kind === 'warned' ? { warnedOn: today } : { overdueOn: today }) },
})

/** Applies `f` to the deadline at `path` (as `runningDeadlines` names it). */
function update(ticket: Ticket, path: string, f: (d: Deadline) => Deadline): Ticket {
  const [head, second, third] = path.split('.')
  switch (head) {
    case 'dispatch':
      return { ...ticket, dispatch: f(ticket.dispatch) }
    case 'check':
      return ticket.check ? { ...ticket, check: f(ticket.check) } : ticket
    case 'coordination':
      return ticket.coordination ? { ...ticket, coordination: f(ticket.coordination) } : ticket
    case 'handling':
      return ticket.handling ? { ...ticket, handling: f(ticket.handling) } : ticket
    case 'hard':
      return ticket.hard ? { ...ticket, hard: { ...ticket.hard, opinion: f(ticket.hard.opinion) } } : ticket
    case 'dutyStatement':
      return ticket.dutyStatement
        ? { ...ticket, dutyStatement: { ...ticket.dutyStatement, deadline: f(ticket.dutyStatement.deadline) } }
        : ticket
    case 'longTerm': {
      const lt = ticket.longTerm
      if (!lt) return ticket
      if (second === 'final')
        return lt.final
          ? { ...ticket, longTerm: { ...lt, final: { ...lt.final, deadline: f(lt.final.deadline) } } }
          : ticket
      return { ...ticket, longTerm: { ...lt, plan: f(lt.plan) } }
    }
    case 'supervisions': {
      const i = Number(second)
      if (third !== 'deadline') return ticket
      return {
        ...ticket,
        supervisions: ticket.supervisions.map((s, j) =>
          j === i && s.deadline ? { ...s, deadline: f(s.deadline) } : s,
        ),
      }
    }
    default:
      return ticket
  }
}

/**
 * The yellow (预警) and overdue (超时) alerts due on the ticket's running clocks, each once (recorded in the deadline),
 * as approval's task alerts: yellow at `yellowAt` of the limit used, overdue the day after the due date. Each alert
 * carries the ticket as it stands after it.
 */
export function alertsOf(ticket: Ticket, ctx: Context, yellowAt: number): Alert[] {
  const out: Alert[] = []
  let current = ticket
  for (const { name, deadline, path } of runningDeadlines(ticket)) {
    const state = evaluateClock(ctx.calendar, deadline.spec, ctx.today, { yellowAt })
    for (const kind of alertsDue(state, deadline.alerts ?? {})) {
      current = update(current, path, (d) => marked(d, kind, ctx.today))
      current = { ...current, version: current.version + 1, updatedAt: ctx.at }
      out.push({ kind, clock: name, ticket: current })
    }
  }
  // 第二十六条: progress at most a month apart — overdue once per missed update.
  const lt = current.longTerm
  if (
    current.status !== 'closed' &&
    lt?.nextUpdateDue &&
    ctx.today > lt.nextUpdateDue &&
    lt.updateOverdueOn === undefined
  ) {
    current = {
      ...current,
      longTerm: { ...lt, updateOverdueOn: ctx.today },
      version: current.version + 1,
      updatedAt: ctx.at,
    }
    out.push({ kind: 'overdue', clock: 'long-term-update', ticket: current })
  }
  return out
}

/** What the timer does to a ticket today: its alerts, then a lapsed rating or statement; nothing when none is due. */
export function timerDecisions(ticket: Ticket, ctx: Context, yellowAt: number): { alerts: Alert[]; lapse?: Decision } {
  const alerts = alertsOf(ticket, ctx, yellowAt)
  const after = alerts.at(-1)?.ticket ?? ticket
  const lapse = lapseRating(after, ctx) ?? lapseDutyStatement(after, ctx) ?? lapseSupplement(after, ctx)
  return { alerts, ...(lapse ? { lapse } : {}) }
}

/**
 * The first day the timer may have something to do on the ticket; null when nothing runs (closed, or waiting on a
 * person with no clock). Early is safe (the timer finds nothing and looks again), late never: a running deadline is
 * looked at from the day after its start until its overdue alert, a rating window and a long-term update the day
 * after they end.
 */
export function lookOn(ticket: Ticket): LegalDate | null {
  if (ticket.status === 'closed') return null
  const days: LegalDate[] = []
  for (const { deadline } of runningDeadlines(ticket)) {
    if (deadline.alerts?.overdueOn) continue
    days.push(deadline.alerts?.warnedOn ? addDays(deadline.due, 1) : addDays(deadline.spec.start, 1))
  }
  const pending = ticket.ratings.at(-1)
  if (ticket.status === 'rating' && pending && pending.value === undefined) days.push(addDays(pending.windowEnds, 1))
  const lt = ticket.longTerm
  if (lt?.nextUpdateDue && lt.updateOverdueOn === undefined) days.push(addDays(lt.nextUpdateDue, 1))
  const s = ticket.supplement
  if (ticket.status === 'registered' && s && s.suppliedOn === undefined) days.push(addDays(s.windowEnds, 1))
  // ISO dates sort as strings: the earliest first.
  return days.sort()[0] ?? null
}

/**
 * Every stored due date counted again with `calendar` (a newly published one); the same ticket when none moved. An
 * alert recorded on a clock whose day moved is kept only while the new calendar still calls for it on the day it was
 * recorded: an overdue record only when that day is past the new due day, a warning only when the clock was still
 * yellow or red that day (or overdue stands). A due day moved later so drops what came too early and the timer fires
 * for the new day, as a moved feedback's overdue record is dropped (domain/feedback.ts); the message already sent
 * stands, and `ticket.due-moved` tells the new day. A clock that counts past the legal dates (a start edited to the
 * last days of 2099) falls due on no day a ticket or its event can carry: `LegalDateError`, as workdays throws for a
 * count it cannot make, so the re-projection leaves the ticket as it was and names it (`countedOrLeftOut`).
 */
export function recount(ticket: Ticket, calendar: Calendar, yellowAt: number): Ticket {
  let current = ticket
  for (const { path, deadline } of runningDeadlines(ticket)) {
    const due = dueDate(calendar, { start: deadline.spec.start, limit: deadline.spec.limit })
    if (due === deadline.due) continue
    carried(due, `${path}: ${deadline.spec.limit.value} ${deadline.spec.limit.unit} from ${deadline.spec.start}`)
    current = update(current, path, ({ alerts: _recorded, ...d }) => ({
      ...d,
      due,
      ...keptAlerts(deadline, due, calendar, yellowAt),
    }))
  }
  return current
}

/** What of `d`'s recorded alerts the new due day `due` (and the calendar's count of the days) still calls for. */
function keptAlerts(d: Deadline, due: LegalDate, calendar: Calendar, yellowAt: number): Pick<Deadline, 'alerts'> {
  const { warnedOn, overdueOn } = d.alerts ?? {}
  const overdue = overdueOn !== undefined && overdueOn > due
  const warned =
    warnedOn !== undefined && (overdue || evaluateClock(calendar, d.spec, warnedOn, { yellowAt }).level !== 'green')
  const alerts = { ...(warned ? { warnedOn } : {}), ...(overdue ? { overdueOn } : {}) }
  return Object.keys(alerts).length > 0 ? { alerts } : {}
}

export type ClockView = {
  clock: ClockName
  limit: number
  start: LegalDate
  due: LegalDate
  used: number
  remaining: number
  level: 'green' | 'yellow' | 'red'
  overdue: boolean
  provisional: boolean
  explanation: string
}

/** The ticket's running clocks as of `today`, each with its state and its due date explained, as approval's are. */
export function clockViews(ticket: Ticket, calendar: Calendar, today: LegalDate, yellowAt: number): ClockView[] {
  return runningDeadlines(ticket).map(({ name, deadline }) => {
    const s = evaluateClock(calendar, deadline.spec, today, { yellowAt })
    return {
      clock: name,
      limit: deadline.spec.limit.value,
      start: deadline.spec.start,
      due: s.due,
      used: s.used,
      remaining: s.remaining,
      level: s.level,
      overdue: s.overdue,
      provisional: s.provisional,
      explanation: explanationText(s.explanation),
    }
  })
}
