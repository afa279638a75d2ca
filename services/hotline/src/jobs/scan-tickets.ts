import { skipOnce } from '@onewindow/messaging'
import { periodicWorker } from '@onewindow/service-kit'
import { type CommandDeps, scanTicketsOnce } from '../commands.js'

/**
 * The durable timer of the tickets (DESIGN §6), every `everyMs`: alerts once per clock, lapsed rating windows and
 * duty statements. What was done lives in the ticket row, not in memory.
 */
export const ticketScanner = (
  deps: CommandDeps,
  options: { everyMs: number; yellowAt: number },
  log?: { error(obj: object, msg: string): void },
) => {
  // A ticket that cannot be evaluated (a bad stored date) is logged once and skipped; the others are still scanned.
  const skipped = skipOnce('hotline-scan-tickets', log)
  return periodicWorker({
    name: 'hotline-scan-tickets',
    everyMs: options.everyMs,
    run: () => scanTicketsOnce(deps, { yellowAt: options.yellowAt }, skipped),
    ...(log ? { log } : {}),
  })
}
