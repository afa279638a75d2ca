import { addDays, type Calendar, type ClockState, evaluateClock } from '@onewindow/workdays'
import { LOOK_NEVER, lookOn } from './next-look.js'
import type { ClockName, ClockSpec, SuspensionKind, Task } from './task.js'

/** An alert a task clock calls for today; emitted at most once per key (task, clock, kind, suspension). */
export type AlertDue = {
  clock: ClockName | 'special-procedure'
  kind: 'warned' | 'overdue'
  /** '' for the task clocks. */
  suspensionId: string
  suspensionKind?: SuspensionKind
  dueOn: string
  used: number
  limit: number
}

export const alertKey = (a: { clock: string; kind: string; suspensionId: string }) =>
  `${a.clock}/${a.kind}/${a.suspensionId}`

/** A task's clocks evaluated on one day: once, for both what they call for and when to look at them again. */
export type TaskClockStates = ReadonlyArray<{ name: ClockName; clock: ClockSpec; state: ClockState }>

export function taskClockStates(
  task: Pick<Task, 'clocks'>,
  today: string,
  yellowAt: number,
  calendar: Calendar,
): TaskClockStates {
  return (['statutory', 'committed'] as const).flatMap((name) => {
    const clock = task.clocks[name]
    return clock ? [{ name, clock, state: evaluateClock(calendar, clock, today, { yellowAt }) }] : []
  })
}

/**
 * What the clocks of an open task call for on `today`, decided by workdays: yellow (the warning share of the
 * limit used) → warned, past the due date → overdue, and an open 特别程序 past its own sub-limit → warned on
 * the 'special-procedure' clock. Pure; the scanner keeps "once" with its alert table.
 */
export function alertsDue(
  task: Pick<Task, 'clocks'>,
  today: string,
  yellowAt: number,
  calendar: Calendar,
  states: TaskClockStates = taskClockStates(task, today, yellowAt, calendar),
): AlertDue[] {
  const out: AlertDue[] = []
  const overruns = new Map<string, AlertDue>()
  for (const { name, clock, state } of states) {
    const base = { clock: name, suspensionId: '', dueOn: state.due, used: state.used, limit: clock.limit.value }
    if (state.level !== 'green') out.push({ ...base, kind: 'warned' })
    if (state.overdue) out.push({ ...base, kind: 'overdue' })
    for (const s of state.suspensions) {
      const id = s.suspension.id
      if (!s.open || !s.overrun || !id || s.suspension.kind === 'supplement' || !s.due) continue
      overruns.set(id, {
        clock: 'special-procedure',
        kind: 'warned',
        suspensionId: id,
        suspensionKind: s.suspension.kind,
        dueOn: s.due,
        used: s.used ?? 0,
        limit: s.suspension.limit?.value ?? 0,
      })
    }
  }
  return [...out, ...overruns.values()]
}

/** The key of the one alert a step's lead department gets per task (kept in the same alert table). */
export const LEAD_ALERT_KEY = 'lead/warned/'

/**
 * 牵头部门预警: the first of a task's clocks to turn yellow (statutory or committed) alerts the step's lead department,
 * once per task whichever clock it was; a 特别程序's own sub-limit is the department's matter. Pure.
 */
export function leadAlertDue(
  task: Pick<Task, 'clocks' | 'lead'>,
  due: readonly AlertDue[],
  alerted: ReadonlySet<string>,
): AlertDue | undefined {
  if (!task.lead || alerted.has(LEAD_ALERT_KEY)) return undefined
  return due.find((a) => a.kind === 'warned' && a.clock !== 'special-procedure')
}

/**
 * The first day on or after `today` on which the task's clocks may call for an alert not in `alerted` (keys
 * {@link alertKey}, {@link LEAD_ALERT_KEY}): the task scan looks at the task again then, not before, as the step and
 * whole-flow scans do (domain/next-look.ts; the stored day goes back to "now" with every change of the task and every
 * published calendar). Its own clock's warning is pending while the lead department's is, so a lead task is looked
 * at when it turns yellow even after its own warning went out. A 特别程序 open now is overrun the day after its own due
 * date, which the days passing do not move. `today` when an alert is due already. Pure.
 */
export function taskLookOn(
  task: Pick<Task, 'clocks' | 'lead'>,
  alerted: ReadonlySet<string>,
  today: string,
  yellowAt: number,
  calendar: Calendar,
  states: TaskClockStates = taskClockStates(task, today, yellowAt, calendar),
): string {
  const leadPending = task.lead !== undefined && !alerted.has(LEAD_ALERT_KEY)
  let day = LOOK_NEVER
  for (const { name, clock, state } of states) {
    const pending = {
      warned: leadPending || !alerted.has(alertKey({ clock: name, kind: 'warned', suspensionId: '' })),
      overdue: !alerted.has(alertKey({ clock: name, kind: 'overdue', suspensionId: '' })),
    }
    const on = lookOn(clock, pending, today, yellowAt, calendar, state)
    if (on < day) day = on
    for (const s of state.suspensions) {
      const id = s.suspension.id
      if (!s.open || !id || s.suspension.kind === 'supplement' || !s.due) continue
      if (alerted.has(alertKey({ clock: 'special-procedure', kind: 'warned', suspensionId: id }))) continue
      const overrunOn = s.overrun ? today : addDays(s.due, 1)
      if (overrunOn < day) day = overrunOn
    }
  }
  return day
}
