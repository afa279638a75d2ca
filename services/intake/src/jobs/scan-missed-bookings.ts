import { skipOnce } from '@onewindow/messaging'
import { type PeriodicWorker, periodicWorker } from '@onewindow/service-kit'
import { type CommandDeps, scanMissedBookingsOnce } from '../commands.js'

/** `runOnce` marks every booking whose slot ended unattended missed, once; it resolves to how many it marked. */
export type BookingScanner = PeriodicWorker

/**
 * The durable timer of 未到 (DESIGN §6), every `everyMs`: a booking still booked when its slot ended is marked missed
 * by `intake-booking-scan`, so nobody has to click for it. What was marked lives in the booking row, not in memory.
 */
export function bookingScanner(
  deps: CommandDeps,
  options: { everyMs: number },
  log?: { error(obj: object, msg: string): void },
): BookingScanner {
  // A booking that cannot be evaluated (a bad stored day) is logged once and skipped; the others are still scanned.
  const skipped = skipOnce('intake-booking-scan', log)
  return periodicWorker({
    name: 'intake-booking-scan',
    everyMs: options.everyMs,
    run: () => scanMissedBookingsOnce(deps, skipped),
    runAtStart: false,
  })
}
