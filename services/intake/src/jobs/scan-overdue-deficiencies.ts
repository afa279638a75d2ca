import { skipOnce } from '@onewindow/messaging'
import { type PeriodicWorker, periodicWorker } from '@onewindow/service-kit'
import { type CommandDeps, scanOverdueDeficienciesOnce } from '../commands.js'

/** `runOnce` reports every newly overdue deficiency once; it resolves to how many it reported. */
export type DeficiencyScanner = PeriodicWorker

/**
 * The durable timer of 容缺 (DESIGN §6), every `everyMs`: a material owed past its promised day is reported once
 * (DeficiencyOverdueV1). What was reported lives in the deficiency row, not in memory.
 */
export function deficiencyScanner(
  deps: CommandDeps,
  options: { everyMs: number },
  log?: { error(obj: object, msg: string): void },
): DeficiencyScanner {
  // An application that cannot be evaluated (a bad stored date) is logged once and skipped; the others are still scanned.
  const skipped = skipOnce('intake-deficiency-scanner', log)
  return periodicWorker({
    name: 'intake-deficiency-scanner',
    everyMs: options.everyMs,
    run: () => scanOverdueDeficienciesOnce(deps, skipped),
    runAtStart: false,
  })
}
