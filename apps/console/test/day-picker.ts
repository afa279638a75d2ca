// The day pickers of the supervisor's and the administrator's filters (src/components/day-picker.tsx), and a form's
// DatePicker, as a person uses them in a browser test.
import type { Locator, Page } from 'playwright-core'

/** The ends of the page's period picker (antd's RangePicker, in Chinese). */
export const periodEnds = (page: Page): { start: Locator; end: Locator } => ({
  start: page.getByPlaceholder('开始日期', { exact: true }),
  end: page.getByPlaceholder('结束日期', { exact: true }),
})

/**
 * A period chosen by clicking its days in the picker's calendar, which opens at the period shown (both days within
 * the two months it shows).
 */
export async function pickPeriod(page: Page, from: string, to: string): Promise<void> {
  await periodEnds(page).start.click()
  for (const day of [from, to]) await page.locator(`td.ant-picker-cell-in-view[title="${day}"]`).first().click()
}

/** A day of the calendar open on the page (one picker's dropdown at a time). */
export const openCalendarDay = (page: Page, day: string): Locator =>
  page.locator(`.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) td.ant-picker-cell-in-view[title="${day}"]`)

/** Whether a person may choose `day` in the calendar open on the page (antd greys out the days it refuses). */
export const choosable = async (page: Page, day: string): Promise<boolean> =>
  !((await openCalendarDay(page, day).getAttribute('class')) ?? '').includes('ant-picker-cell-disabled')
