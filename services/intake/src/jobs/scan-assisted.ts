import { skipOnce } from '@onewindow/messaging'
import { type PeriodicWorker, periodicWorker } from '@onewindow/service-kit'
import { type CommandDeps, scanIntermediariesOnce, scanVisitsDueOnce } from '../commands.js'

/**
 * The durable timers of 帮办代办 and 中介服务 (DESIGN §6), every `everyMs`: a follow-up visit falls due once
 * (AssistedVisitDueV1); a chosen intermediary past its published limit with nothing delivered is raised once
 * (IntermediaryOverdueV1). What was raised lives in the rows, not in memory. `runOnce` resolves to how many.
 */
export function assistedScanner(
  deps: CommandDeps,
  options: { everyMs: number },
  log?: { error(obj: object, msg: string): void },
): PeriodicWorker {
  const skippedVisit = skipOnce('intake-visit-scanner', log)
  const skippedEngagement = skipOnce('intake-intermediary-scanner', log)
  return periodicWorker({
    name: 'intake-assisted-scanner',
    everyMs: options.everyMs,
    run: async () =>
      (await scanVisitsDueOnce(deps, skippedVisit)) + (await scanIntermediariesOnce(deps, skippedEngagement)),
    runAtStart: false,
  })
}
