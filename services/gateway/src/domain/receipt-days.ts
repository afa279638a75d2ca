import { DEEMED_ACCEPTANCE_AFTER } from '@onewindow/catalogue'
import { type Calendar, evaluateClock, type LegalDate } from '@onewindow/workdays'

/**
 * The last day to decide a receipt, and the working days left after `today` up to it (0 on the last day itself and
 * after it: the law accepts it the working day after). 行政许可法第三十二条's limit, the one intake's receipt timer
 * acts on (`lastDayToDecide`), read as any legal clock is: the list shows what the timer will do.
 */
export function receiptDays(
  calendar: Calendar,
  receivedOn: LegalDate,
  today: LegalDate,
  region?: string,
): { lastDay: LegalDate; workingDaysLeft: number } {
  const clock = { start: receivedOn, limit: DEEMED_ACCEPTANCE_AFTER, ...(region ? { region } : {}) }
  const { due, remaining } = evaluateClock(calendar, clock, today)
  return { lastDay: due, workingDaysLeft: remaining }
}
