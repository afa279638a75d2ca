import { addDays, type Calendar, type ClockState, evaluateClock } from '@onewindow/workdays'
import type { ClockSpec } from './task.js'

// The day a clock scan need not look at a clock before, so that an idle pass reads only what may be due (the step and
// whole-flow scans evaluated every running clock on every pass: docs/performance.md, "Fifth pass"). Stored beside the
// clock (`look_on`), set back to LOOK_NOW by every change of the clock or of the calendar, and moved on by the scan
// that evaluated it.

/** Before every legal day: the next pass looks (the column's default, what a change of the clock stores). */
export const LOOK_NOW = '1970-01-01'
/** After every legal day: nothing is left to alert until the clock changes. */
export const LOOK_NEVER = '9999-12-31'

/**
 * The first day on or after `today` on which `clock` may call for an alert still `pending` (warned: yellow or red;
 * overdue: past its due date), counted with `calendar`; never later than the real day, so the scan that looks then
 * alerts on time (or looks again later). `today` when one is due already. Pure.
 *
 * Why the bounds hold, for the clock as it stands (a change sets the day back to {@link LOOK_NOW}): the units used
 * grow by at most one a calendar day (an open pause counts none), so yellow is at least the units missing away; and
 * the due date only moves later as the days pass (an open pause runs to today), so overdue is after today's due date.
 */
export function lookOn(
  clock: ClockSpec,
  pending: { warned: boolean; overdue: boolean },
  today: string,
  yellowAt: number,
  calendar: Calendar,
  /** The clock evaluated on `today` with `yellowAt`, when the caller has it already. */
  state: ClockState = evaluateClock(calendar, clock, today, { yellowAt }),
): string {
  if (!pending.warned && !pending.overdue) return LOOK_NEVER
  if ((pending.warned && state.level !== 'green') || (pending.overdue && state.overdue)) return today
  // Not overdue, so the due date is today or later: the day after it is in the future.
  const overdueFrom = addDays(state.due, 1)
  const limit = clock.limit.value
  // Warned is due on yellow, and on red (an overdue clock is not green).
  const yellowFrom = limit > 0 ? addDays(today, Math.max(1, Math.ceil(yellowAt * limit - state.used))) : LOOK_NEVER
  const days = pending.warned ? [yellowFrom, overdueFrom] : [overdueFrom]
  return days.sort()[0] ?? LOOK_NEVER
}
