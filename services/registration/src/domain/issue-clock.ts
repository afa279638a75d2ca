import type { IssueClock as IssueClockSchema } from '@onewindow/contracts'
import type { Limit } from '@onewindow/vocabulary'
import { type AlertKind, alertsDue, type Calendar, evaluateClock } from '@onewindow/workdays'
import type { Static } from 'typebox'

/** 发证时限 (行政许可法第四十四条): a step's permits issued within the limit of its decision day. */
export type IssueClock = Static<typeof IssueClockSchema>
export type IssueClockAlert = AlertKind
type Ids = Pick<IssueClock, 'applicationId' | 'projectId' | 'step'>

/**
 * The clock starts on the step's decision day with the catalogue's `statutory.issue` limit. Undefined when it runs
 * already (a redelivered decision). Permits issued before the decision arrived keep their day: the clock is then
 * stopped from its start. Pure.
 */
export function startIssueClock(
  existing: IssueClock | undefined,
  decided: Ids & { decidedOn: string },
  limit: Limit,
  region: string | undefined,
): IssueClock | undefined {
  if (existing?.clock) return undefined
  const { decidedOn, ...ids } = decided
  return {
    ...(existing ?? ids),
    decidedOn,
    clock: {
      limit,
      start: decidedOn,
      suspensions: [],
      // Only a six-digit division code selects a regional overlay.
      ...(region && /^\d{6}$/.test(region) ? { region } : {}),
    },
  }
}

/** The step's permits were issued on `issuedOn`: the clock stops (undefined when it had stopped already). Pure. */
export function stopIssueClock(existing: IssueClock | undefined, ids: Ids, issuedOn: string): IssueClock | undefined {
  if (existing?.issuedOn) return undefined
  return { ...(existing ?? ids), issuedOn }
}

/**
 * The alerts a running clock calls for on `today` and has not raised: yellow once its used share reaches
 * `yellowAt` (or it is already red), red once today is past its due date. None once the permits are issued. Each
 * alert tells the clock's due day as `calendar` makes it today (`dueOn`). Pure.
 */
export function issueClockAlerts(
  c: IssueClock,
  today: string,
  calendar: Calendar,
  yellowAt: number,
): { alerts: IssueClockAlert[]; dueOn?: string } {
  if (!c.clock || c.issuedOn) return { alerts: [] }
  const state = evaluateClock(calendar, c.clock, today, { yellowAt })
  return { alerts: alertsDue(state, c), dueOn: state.due }
}

/** The clock after its alerts were raised on `today`. Pure. */
export const withAlerts = (c: IssueClock, alerts: readonly IssueClockAlert[], today: string): IssueClock => ({
  ...c,
  ...(alerts.includes('warned') ? { warnedOn: today } : {}),
  ...(alerts.includes('overdue') ? { overdueOn: today } : {}),
})
