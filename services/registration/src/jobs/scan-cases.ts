import { type CalendarSource, skipOnce } from '@onewindow/messaging'
import { periodicWorker } from '@onewindow/service-kit'
import { type CommandDeps, scanCasesOnce, scanIssueClocksOnce } from '../commands.js'

/**
 * The durable timer of first registration (DESIGN §6), every `everyMs`: an open case's clock raises its yellow and
 * overdue alerts once each (RegistrationClockWarnedV1, RegistrationClockOverdueV1), and so does each running issuing
 * clock (IssueClockWarnedV1, IssueClockOverdueV1). What was raised lives in the rows, not in memory.
 */
export const caseScanner = (
  deps: CommandDeps,
  options: { everyMs: number; calendar: CalendarSource; yellowAt: number },
  log?: { error(obj: object, msg: string): void },
) => {
  // A case that cannot be evaluated (a bad stored date) is logged once and skipped; the others are still scanned.
  const skipped = skipOnce('registration-scan-cases', log)
  const skippedClock = skipOnce('registration-scan-issue-clocks', log)
  return periodicWorker({
    name: 'registration-scan-cases',
    everyMs: options.everyMs,
    // The cases' clocks, then the issuing clocks (行政许可法第四十四条), whose alerts are raised the same way.
    run: async () => {
      const clocks = { calendar: options.calendar, yellowAt: options.yellowAt }
      return (await scanCasesOnce(deps, clocks, skipped)) + (await scanIssueClocksOnce(deps, clocks, skippedClock))
    },
    ...(log ? { log } : {}),
  })
}
