import { periodicWorker } from '@onewindow/service-kit'
import { type CommandDeps, reportOverdueCommitmentsOnce } from '../commands.js'

/**
 * 告知承诺 overdue: a commitment its department has not verified by its verify-by day is reported once, the next
 * day (AcceptanceCommitmentOverdueV1). Durable: what was reported lives in the case row, not in memory.
 */
export const overdueCommitmentsReporter = (
  deps: CommandDeps,
  everyMs: number,
  log?: { error(obj: object, msg: string): void },
) =>
  periodicWorker({
    name: 'acceptance-overdue-commitments',
    everyMs,
    run: () => reportOverdueCommitmentsOnce(deps),
    ...(log ? { log } : {}),
  })
