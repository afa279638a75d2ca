import { skipOnce } from '@onewindow/messaging'
import { periodicWorker } from '@onewindow/service-kit'
import { type CommandDeps, scanCasesOnce } from '../commands.js'

/**
 * Durable timers of joint acceptance (DESIGN §6), every `everyMs`: a 告知承诺 commitment not verified by its
 * verify-by day is reported once (AcceptanceCommitmentOverdueV1), and an undecided case's clock raises its yellow
 * and overdue alerts once each (AcceptanceClockWarnedV1, AcceptanceClockOverdueV1). What was raised lives in the
 * case row, not in memory.
 */
export const caseScanner = (
  deps: CommandDeps,
  options: { everyMs: number; yellowAt: number },
  log?: { error(obj: object, msg: string): void },
) => {
  // A case that cannot be evaluated (a bad stored date) is logged once and skipped; the others are still scanned.
  const skipped = skipOnce('acceptance-scan-cases', log)
  return periodicWorker({
    name: 'acceptance-scan-cases',
    everyMs: options.everyMs,
    run: () => scanCasesOnce(deps, { yellowAt: options.yellowAt }, skipped),
    ...(log ? { log } : {}),
  })
}
