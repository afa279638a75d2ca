import { defaultCalendar } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import { receiptDays } from '../src/domain/receipt-days.js'

// docs/legal-time.md#art-32-receipt-and-acceptance: received Monday 2026-03-02, the fifth working day is 03-09.
describe('receiptDays', () => {
  const calendar = defaultCalendar()
  it('counts five working days from the day after the receipt day, over the weekend', () => {
    expect(receiptDays(calendar, '2026-03-02', '2026-03-02', '441500')).toEqual({
      lastDay: '2026-03-09',
      workingDaysLeft: 5,
    })
  })
  it('leaves out rest days from the days left', () => {
    // Friday 03-06: Monday 03-09 is the one working day left.
    expect(receiptDays(calendar, '2026-03-02', '2026-03-06').workingDaysLeft).toBe(1)
  })
  it('has none left on the last day and after it', () => {
    expect(receiptDays(calendar, '2026-03-02', '2026-03-09').workingDaysLeft).toBe(0)
    expect(receiptDays(calendar, '2026-03-02', '2026-03-12').workingDaysLeft).toBe(0)
  })
  it('skips the National Day holiday and counts its make-up Saturday', () => {
    // Received Tuesday 2026-09-29: 09-30, 10-08, 10-09, Saturday 10-10 (调休) and Monday 10-12.
    expect(receiptDays(calendar, '2026-09-29', '2026-09-29')).toEqual({ lastDay: '2026-10-12', workingDaysLeft: 5 })
  })
})
