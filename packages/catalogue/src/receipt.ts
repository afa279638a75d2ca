import type { Limit } from '@onewindow/vocabulary'
import { type Calendar, dueDate, type LegalDate } from '@onewindow/workdays'

/**
 * 行政许可法第三十二条第一款第四项: missing materials are told on the spot or within five days, in one notice; "逾期不告知的，
 * 自收到申请材料之日起即为受理". The five days are working days (第八十二条). `law/xingzheng-xuke-fa.txt:8`.
 * Intake's receipt timer acts on it and the gateway's list of receipts shows it: one rule for both.
 */
export const DEEMED_ACCEPTANCE_AFTER: Limit = { value: 5, unit: 'W' }

/** The last day a received application may wait: the fifth working day after its receipt day. */
export const lastDayToDecide = (calendar: Calendar, receivedOn: LegalDate, region?: string): LegalDate =>
  dueDate(calendar, { start: receivedOn, limit: DEEMED_ACCEPTANCE_AFTER, ...(region ? { region } : {}) })
