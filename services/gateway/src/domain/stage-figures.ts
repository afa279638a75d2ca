import { type Calendar, legalDateOf } from '@onewindow/workdays'
import { clockMeasure, type DecisionMeasure } from './decision-figures.js'
import type { AcceptanceCase, RegistrationCase, UtilityRequest } from './projectors.js'

/**
 * The stages after the approval steps whose time the office records through completion acceptance and utility
 * connection (全流程, seeds 004:2327, 004:1794): a decided joint acceptance case (联合验收), a completed first
 * registration (不动产首次登记), a connected utility request (报装接入). `approval` is the departments' tasks.
 */
export const STAGES = ['approval', 'joint-acceptance', 'first-registration', 'utility-connection'] as const
export type Stage = (typeof STAGES)[number]

/**
 * A later-stage case's figures, as a task's (decision-figures.ts): the day it ended (Asia/Shanghai), how (a failed
 * acceptance is `rejected`, a passed one whose pass was revoked since `revoked`; a registration completes and a line
 * connects, `approved`), and what its clock counted to that day. Undefined while it has not ended.
 */
export type StageFigures = {
  decidedOn: string
  outcome: StageOutcome
  measure?: DecisionMeasure
  unmeasured?: string
}

/**
 * `revoked` — 撤销 (004:1860 依法撤销许可): the pass no longer stands, so it is no pass in the figures (`approvedShare`),
 * nor a failed inspection (`rejectedShare`); the case still ended on its decision day, in the working days its clock
 * counted, so it stays decided and measured there (docs/api.md, the later stages).
 */
export type StageOutcome = 'approved' | 'rejected' | 'revoked'

const ended = (
  endedAt: string | undefined,
  outcome: StageOutcome,
  clock: AcceptanceCase['clock'],
  calendar: Calendar,
): StageFigures | undefined => {
  if (endedAt === undefined) return undefined
  const decidedOn = legalDateOf(endedAt)
  if (!clock) return { decidedOn, outcome, unmeasured: 'the case has no clock' }
  return { decidedOn, outcome, ...clockMeasure(clock, decidedOn, calendar) }
}

/**
 * A joint acceptance case passed or failed at `decidedAt`. A pass revoked since (`passRevoked`) is `revoked`: the
 * snapshot that carries the revocation is applied like any newer one, so the case's row leaves the passes of its day.
 */
export function acceptanceFigures(c: AcceptanceCase, calendar: Calendar): StageFigures | undefined {
  if (c.status !== 'passed' && c.status !== 'failed') return undefined
  const outcome = c.status === 'failed' ? 'rejected' : c.passRevoked ? 'revoked' : 'approved'
  return ended(c.decidedAt, outcome, c.clock, calendar)
}

/** A first registration completed at `completedAt`. */
export function registrationFigures(c: RegistrationCase, calendar: Calendar): StageFigures | undefined {
  if (c.status !== 'completed') return undefined
  return ended(c.completedAt, 'approved', c.clock, calendar)
}

/** A utility request connected at `connectedAt`. */
export function utilityFigures(r: UtilityRequest, calendar: Calendar): StageFigures | undefined {
  if (r.stage !== 'connected') return undefined
  return ended(r.connectedAt, 'approved', r.clock, calendar)
}
