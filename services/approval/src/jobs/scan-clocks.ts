import { skipOnce } from '@onewindow/messaging'
import { type PeriodicWorker, periodicWorker } from '@onewindow/service-kit'
import {
  type CommandDeps,
  flowAlertClock,
  scanAlertClocksOnce,
  scanClocksOnce,
  scanCommitmentsOnce,
  scanDrawingReviewsOnce,
  scanRatingsOnce,
  scanRectificationsOnce,
  scanSupervisionsOnce,
  stepAlertClock,
} from '../commands.js'

/** `runOnce` is one pass over every open task clock; it resolves to how many alerts it emitted. */
export type ClockScanner = PeriodicWorker

/**
 * Durable timers of 并联审批 (DESIGN §6), every `everyMs`: a task clock gone yellow or overdue, and a 特别程序 past its
 * own limit, is announced once (TaskClockWarnedV1, TaskClockOverdueV1), and to the step's lead department once per task
 * (StepLeadAlertedV1); so is a step clock (StepClockWarnedV1, StepClockOverdueV1) and the project's whole-flow cap clock (FlowClockWarnedV1,
 * FlowClockOverdueV1); a commitment (告知承诺) left
 * unverified past its day is reported once (TaskCommitmentOverdueV1), so is a 督办 unanswered past its reply-by day
 * (TaskSupervisionOverdueV1), and so is a 好差评 fix-and-reply loop past its due
 * date with no reply (RatingFixOverdueV1). Deadlines and what was announced live in
 * PostgreSQL, not in memory.
 */
export function createClockScanner(
  deps: CommandDeps,
  options: { everyMs: number; yellowAt: number; batchSize?: number },
  log?: { error(obj: object, msg: string): void },
): ClockScanner {
  // A task whose clock cannot be evaluated (a bad stored date) is logged once and skipped; the others are scanned.
  const skipped = skipOnce('approval-scan-clocks', log)
  const skippedStep = skipOnce('approval-scan-step-clocks', log)
  const skippedFlow = skipOnce('approval-scan-flow-clocks', log)
  const skippedRating = skipOnce('approval-scan-ratings', log)
  const skippedReview = skipOnce('approval-scan-drawing-reviews', log)
  return periodicWorker({
    name: 'approval-scan-clocks',
    everyMs: options.everyMs,
    // The task clocks (a thousand tasks a batch, only those whose day to be looked at has come), the step and
    // whole-flow clocks beside them, then commitments: one pass, the same durable "once".
    run: async () =>
      (await scanClocksOnce(deps, { ...options, batchSize: options.batchSize ?? 1000 }, skipped)) +
      (await scanAlertClocksOnce(deps, stepAlertClock, options, skippedStep)) +
      (await scanAlertClocksOnce(deps, flowAlertClock, options, skippedFlow)) +
      (await scanCommitmentsOnce(deps, skipped)) +
      // 督办: one unanswered past its reply-by day, reported once (TaskSupervisionOverdueV1).
      (await scanSupervisionsOnce(deps, skipped)) +
      // 整改: a finding's ordered 整改 not confirmed by its day, reported once (TaskRectificationOverdueV1).
      (await scanRectificationsOnce(deps, skipped)) +
      // 好差评: a fix-and-reply loop past its due date with no reply, recorded once (RatingFixOverdueV1).
      (await scanRatingsOnce(deps, skippedRating)) +
      // 联合审图: the review clock of the version under review (docs/shared-results.md#the-review-clock).
      (await scanDrawingReviewsOnce(deps, options, skippedReview)),
    ...(log ? { log } : {}),
  })
}
