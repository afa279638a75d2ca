import { type Calendar, evaluateClock } from '@onewindow/workdays'
import type { ClockName, SuspensionKind, Task } from './task.js'

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

/**
 * What the clocks of an open task call for on `today`, decided by workdays: yellow (the warning share of the
 * limit used) → warned, past the due date → overdue, and an open 特别程序 past its own sub-limit → warned on
 * the 'special-procedure' clock. Pure; the scanner keeps "once" with its alert table.
 */
export function alertsDue(task: Task, today: string, yellowAt: number, calendar: Calendar): AlertDue[] {
  const out: AlertDue[] = []
  const overruns = new Map<string, AlertDue>()
  for (const name of ['statutory', 'committed'] as const) {
    const clock = task.clocks[name]
    if (!clock) continue
    const state = evaluateClock(calendar, clock, today, { yellowAt })
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
export function leadAlertDue(task: Task, due: readonly AlertDue[], alerted: ReadonlySet<string>): AlertDue | undefined {
  if (!task.lead || alerted.has(LEAD_ALERT_KEY)) return undefined
  return due.find((a) => a.kind === 'warned' && a.clock !== 'special-procedure')
}
