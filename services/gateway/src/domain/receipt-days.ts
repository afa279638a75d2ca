import { lastDayToDecide } from '@onewindow/catalogue'
import { addDays, type Calendar, type LegalDate } from '@onewindow/workdays'

/**
 * The last day to decide a receipt, and the working days left after `today` up to it (0 on the last day itself and
 * after it: the law accepts it the working day after).
 */
export function receiptDays(
  calendar: Calendar,
  receivedOn: LegalDate,
  today: LegalDate,
  region?: string,
): { lastDay: LegalDate; workingDaysLeft: number } {
  // 行政许可法第三十二条, by the rule intake's receipt timer acts on: the list shows what the timer will do.
  const lastDay = lastDayToDecide(calendar, receivedOn, region)
  let workingDaysLeft = 0
  // At most the five working days and the rest days between them: the walk is short.
  for (let day = addDays(today, 1); day <= lastDay; day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day, region)) workingDaysLeft += 1
  }
  return { lastDay, workingDaysLeft }
}
