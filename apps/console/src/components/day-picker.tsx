import { DatePicker } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { DAY, type Days, dayText, LEGAL_DAYS, pickerDay } from '../days'

// The pickers of the supervisor's and the administrator's day filters. In Chinese by the app's ConfigProvider
// (antd's zh_CN, app.tsx) and dayjs's zh-cn (format.ts); each day handed on as the routes take it, YYYY-MM-DD
// (src/days.ts). The owner's pages import none of this: antd's picker stays out of their budget (test/weight.ts).

/** The box shows a day as the console writes one (2026年3月2日); a person may type that or 2026-03-02. */
const FORMAT = ['YYYY年M月D日', DAY]
const MIN = dayjs(LEGAL_DAYS.from)
const MAX = dayjs(LEGAL_DAYS.to)

/** The days from `from` to `to` (either way round), both counted: 1 for the same day. */
const daysSpanned = (from: Dayjs, to: Dayjs) => Math.abs(to.startOf('day').diff(from.startOf('day'), 'day')) + 1

/**
 * A period of days: `from` and `to` as the address holds them, `onChange` with the days chosen. antd keeps the two in
 * order (a to-day before the from-day is taken as the start). `open`: either end may be left empty, and the period
 * cleared; otherwise both are always set. `maxDays`: the longest period the page's route takes, if it has a limit.
 */
export function DayRange({
  labelledBy,
  from,
  to,
  onChange,
  open = false,
  maxDays,
}: {
  /** The id of the text that names the period. */
  labelledBy: string
  from?: string | undefined
  to?: string | undefined
  onChange: (days: Days) => void
  open?: boolean
  /**
   * The most days a period may span, both ends counted; no limit when left out. Once a day is chosen the calendar
   * disables the days further from it, and antd does not take a typed end that far from the start either (it checks
   * the end against the start as it does a clicked day), so the route is never asked for a period it would refuse; the
   * calendar's footer names the limit, so a disabled day is not a riddle.
   */
  maxDays?: number | undefined
}) {
  const limit =
    maxDays === undefined
      ? {}
      : {
          disabledDate: (day: Dayjs, { from: first }: { from?: Dayjs }) =>
            first !== undefined && daysSpanned(first, day) > maxDays,
          renderExtraFooter: () => `所选期间最长 ${maxDays} 天（含起止两日）`,
        }
  return (
    <DatePicker.RangePicker
      aria-labelledby={labelledBy}
      format={FORMAT}
      minDate={MIN}
      maxDate={MAX}
      allowClear={open}
      {...(open ? { allowEmpty: [true, true] as [boolean, boolean] } : {})}
      {...limit}
      value={[pickerDay(from), pickerDay(to)]}
      onChange={(range) => {
        const days = { from: dayText(range?.[0]), to: dayText(range?.[1]) }
        // antd has checked the days against `disabledDate` already; this holds should a way round that be found.
        if (maxDays !== undefined && range?.[0] && range[1] && daysSpanned(range[0], range[1]) > maxDays) return
        if (open || (days.from && days.to)) onChange(days)
      }}
    />
  )
}

/**
 * One day, in the same words: `value` and `onChange` as the routes take a day. Inside an antd `Form.Item` the item
 * hands both (and its `id`, which its label points at) down itself.
 */
export function DayPick({
  label,
  id,
  value,
  onChange,
}: {
  label: string
  id?: string
  value?: string | undefined
  onChange?: (day: string | undefined) => void
}) {
  return (
    <DatePicker
      {...(id === undefined ? {} : { id })}
      aria-label={label}
      format={FORMAT}
      minDate={MIN}
      maxDate={MAX}
      value={pickerDay(value)}
      onChange={(day) => onChange?.(dayText(day))}
    />
  )
}
