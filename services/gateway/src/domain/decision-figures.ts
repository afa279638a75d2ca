import { type Calendar, ClockInvalidError, evaluateClock, legalDateOf } from '@onewindow/workdays'
import type { TaskSnapshot } from './projectors.js'

/**
 * How a decided task counts: its decision's outcome, or `revoked` once the permit it granted was revoked (撤销, 15 — a
 * reviewer's own, a 告知承诺 breach's or a 容缺 finding's 依法撤销许可, 004:1860): the permit no longer stands, so the
 * task is no grant in the figures (`approvedShare`) nor a refusal (`rejectedShare`), yet still decided and measured
 * on its decision day, as a joint acceptance whose pass was revoked (stage-figures.ts; docs/api.md).
 */
export type Outcome = NonNullable<TaskSnapshot['decision']>['outcome'] | 'revoked'

/** What a task's clock counted from its start to its decision day, in working days whatever the clock's unit. */
export type DecisionMeasure = {
  /** Working days counted: pauses (补正 and 特别程序) left out. */
  net: number
  /** Working days on the calendar from the start to the decision day, pauses included. */
  gross: number
  /** Of the paused working days, those in a 特别程序 (not overlapping a 补正). */
  specialProcedureDays: number
  /** Decided after the clock's due date (its last day). */
  overdue: boolean
}

/**
 * A decided task's figures as the supervision stats aggregate them (migration 20261203010000_supervision_stats):
 * counted once, when the projection applies the snapshot carrying the decision, because working days need the
 * calendar and the statistics are computed in SQL. `measure` is absent when the task has no clock or its clock cannot
 * be counted (`unmeasured` says why): the task still counts as decided.
 */
export type DecisionFigures = {
  decidedOn: string
  outcome: Outcome
  onCommitment: boolean
  supplementRounds: number
  measure?: DecisionMeasure
  unmeasured?: string
}

/**
 * The figures of `task` if it carries a decision, else undefined. The clock measured is the one the task is held to
 * (the committed limit, else the statutory one), read on the decision day (Asia/Shanghai) as the status reads a
 * decided task's clock. A clock whose limit is in natural days (N) is counted in working days for the figures, and
 * in its own unit for `overdue`.
 */
export function decisionFigures(task: TaskSnapshot, calendar: Calendar): DecisionFigures | undefined {
  const decision = task.decision
  if (!decision) return undefined
  const decidedOn = legalDateOf(decision.decidedAt)
  const base = {
    decidedOn,
    outcome: task.status === 'revoked' ? ('revoked' as const) : decision.outcome,
    onCommitment: task.commitment !== undefined,
    supplementRounds: task.supplementRoundsUsed,
  }
  const clock = task.clocks.committed ?? task.clocks.statutory
  if (!clock) return { ...base, unmeasured: 'the task has no clock' }
  return { ...base, ...clockMeasure(clock, decidedOn, calendar) }
}

type ClockSpec = NonNullable<TaskSnapshot['clocks']['committed']>

/**
 * What `clock` counted from its start to `decidedOn`, in working days whatever its unit (`overdue` in its own unit),
 * or why it cannot be counted: the one measure of a decided task and of a decided later-stage case (stage-figures.ts).
 */
export function clockMeasure(
  clock: ClockSpec,
  decidedOn: string,
  calendar: Calendar,
): { measure: DecisionMeasure } | { unmeasured: string } {
  try {
    const own = evaluateClock(calendar, clock, decidedOn)
    const inWorkdays = { ...clock, limit: { value: clock.limit.value, unit: 'W' as const } }
    const all = evaluateClock(calendar, inWorkdays, decidedOn)
    // The same clock with only its 补正 pauses: what it would have counted had no 特别程序 run.
    const supplementsOnly = evaluateClock(
      calendar,
      { ...inWorkdays, suspensions: clock.suspensions.filter((s) => s.kind === 'supplement') },
      decidedOn,
    )
    return {
      measure: {
        net: all.used,
        gross: all.gross,
        specialProcedureDays: supplementsOnly.used - all.used,
        overdue: own.overdue,
      },
    }
  } catch (err) {
    // A figure is never worth refusing the decision for: the row is applied and reported unmeasured, with the reason.
    if (err instanceof ClockInvalidError) return { unmeasured: `${err.code}: ${err.message}` }
    return { unmeasured: `GATEWAY_FIGURES_UNCOUNTABLE: ${err instanceof Error ? err.message : String(err)}` }
  }
}
