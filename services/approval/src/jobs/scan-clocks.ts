import { skipOnce } from '@onewindow/messaging'
import { type PeriodicWorker, periodicWorker } from '@onewindow/service-kit'
import { type CommandDeps, scanClocksOnce, settledClocks } from '../commands.js'

/** `runOnce` is one pass over every open task clock; it resolves to how many alerts it emitted. */
export type ClockScanner = PeriodicWorker

/**
 * Durable timers of 并联审批 (DESIGN §6), every `everyMs`: a task clock gone yellow or overdue, and a 特别程序 past its
 * own limit, is announced once (TaskClockWarnedV1, TaskClockOverdueV1). Deadlines and what was announced live in
 * PostgreSQL, not in memory.
 */
export function createClockScanner(
  deps: CommandDeps,
  options: { everyMs: number; yellowAt: number; batchSize?: number },
  log?: { error(obj: object, msg: string): void },
): ClockScanner {
  // A task whose clock cannot be evaluated (a bad stored date) is logged once and skipped; the others are scanned.
  const skipped = skipOnce('approval-scan-clocks', log)
  // Tasks found with nothing due, by version, for today: a later pass skips them while they stay so.
  const settled = settledClocks()
  return periodicWorker({
    name: 'approval-scan-clocks',
    everyMs: options.everyMs,
    // A thousand tasks a transaction: each pass walks every open task, and those settled cost only their id and version.
    run: () => scanClocksOnce(deps, { ...options, batchSize: options.batchSize ?? 1000 }, skipped, settled),
    ...(log ? { log } : {}),
  })
}
