import { addDays } from '@onewindow/workdays'

/** A range of legal days, both included (`YYYY-MM-DD`). */
export type DayRange = { from: string; to: string }

/**
 * How the figures of the decisions of [from, to] are read from the roll-up (migration
 * 20261204010000_decided_figures_rollup): the calendar months the range covers whole from their month rows (`months`:
 * the first days of the first and last such month), the days left over at either end from their day rows. A weekly
 * series reads days only, since a week can straddle two months; a quarterly one reads months as a monthly one, a
 * quarter being three whole months. Every day of the range is read exactly once.
 */
export type RollupSpans = { months?: DayRange; days: DayRange[] }

const monthStart = (day: string) => `${day.slice(0, 7)}-01`
const nextMonthStart = (day: string) => {
  const y = +day.slice(0, 4)
  const m = +day.slice(5, 7)
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

/**
 * A series' bucket: the calendar quarter (季度, for the office's quarterly report, 定期通报: seeds 004:1752, 004:2019),
 * month, or ISO week from Monday. A quarter is three whole months, so it reads the roll-up's month rows as a month does.
 */
export type StatsBucket = 'quarter' | 'month' | 'week'

/** `from` ≤ `to`, both real dates (the route's schema and `rangeProblem` checked them). */
export function rollupSpans(from: string, to: string, bucket?: StatsBucket): RollupSpans {
  if (bucket === 'week') return { days: [{ from, to }] }
  const firstWhole = from.endsWith('-01') ? from : nextMonthStart(from)
  // The last day of the last month the range covers whole: `to` itself when it ends its month.
  const lastWholeEnd = nextMonthStart(to) === addDays(to, 1) ? to : addDays(monthStart(to), -1)
  if (firstWhole > lastWholeEnd) return { days: [{ from, to }] }
  const days: DayRange[] = []
  if (from < firstWhole) days.push({ from, to: addDays(firstWhole, -1) })
  if (lastWholeEnd < to) days.push({ from: addDays(lastWholeEnd, 1), to })
  return { months: { from: firstWhole, to: monthStart(lastWholeEnd) }, days }
}
