import { type CalendarSource, skipOnce } from '@onewindow/messaging'
import { periodicWorker } from '@onewindow/service-kit'
import { type CommandDeps, scanRequestsOnce } from '../commands.js'

/**
 * The durable timer of the outside-line permits (DESIGN §6), every `everyMs`: a request still waiting on its
 * permits raises its permits clock's yellow and overdue alerts once each (UtilityPermitsClockWarnedV1,
 * UtilityPermitsClockOverdueV1). What was raised lives in the request row, not in memory.
 */
export const requestScanner = (
  deps: CommandDeps,
  options: { everyMs: number; calendar: CalendarSource; yellowAt: number },
  log?: { error(obj: object, msg: string): void },
) => {
  // A request that cannot be evaluated (a bad stored date) is logged once and skipped; the others are still scanned.
  const skipped = skipOnce('utility-scan-requests', log)
  return periodicWorker({
    name: 'utility-scan-requests',
    everyMs: options.everyMs,
    run: () => scanRequestsOnce(deps, { calendar: options.calendar, yellowAt: options.yellowAt }, skipped),
    ...(log ? { log } : {}),
  })
}
