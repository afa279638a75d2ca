import { skipOnce } from '@onewindow/messaging'
import { type PeriodicWorker, periodicWorker } from '@onewindow/service-kit'
import { type CommandDeps, scanDeemedAcceptancesOnce } from '../commands.js'

/** `runOnce` accepts by law every receipt left undecided past its fifth working day; it resolves to how many. */
export type ReceiptScanner = PeriodicWorker

/**
 * The durable timer of 行政许可法第三十二条, every `everyMs`: a received application neither accepted, refused nor
 * withdrawn within five working days is accepted as of its receipt day, once. What was accepted lives in the row.
 */
export function receiptScanner(
  deps: CommandDeps,
  options: { everyMs: number },
  log?: { error(obj: object, msg: string): void },
): ReceiptScanner {
  const skipped = skipOnce('intake-receipt-scanner', log)
  return periodicWorker({
    name: 'intake-receipt-scanner',
    everyMs: options.everyMs,
    run: () => scanDeemedAcceptancesOnce(deps, skipped),
    runAtStart: false,
  })
}
