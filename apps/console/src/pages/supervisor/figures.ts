import type { ChartOption } from '../../components/echart'
import type { Period } from '../../days'
import type { paths } from '../../generated/api'

/** The JSON answer (the route also answers CSV, for `Accept: text/csv`). */
export type StatsAnswer = paths['/api/v1/supervision/stats']['get']['responses'][200]['content']['application/json']
export type StatsGroup = StatsAnswer['groups'][number]
export type Dimension = 'step' | 'department'

/**
 * A group's name on an axis and in the table: the one the gateway answers with it (`stepName`, `departmentName`: the
 * bundled catalogues', the code where none names it, 未分环节 for tasks of no step), which is the one its CSV writes, so
 * the page and the file it exports name a row alike. Not src/departments.ts on this page, though the rest of the
 * console names departments from it: that table has the national names only and its own fallbacks, and a department
 * only a city has (administrative-approval) would read 行政审批局 here and 钦州市行政审批局 in the file. The code, should
 * a group come without its name.
 */
export const groupName = (g: StatsGroup, by: Dimension): string =>
  (by === 'step' ? g.stepName : g.departmentName) ?? g[by] ?? '—'

/**
 * The longest period the figures are computed over, both ends counted: three years with one leap day, the gateway's
 * MAX_STATS_DAYS (services/gateway/src/http/stats-format.ts). A longer one it refuses (GATEWAY_STATS_RANGE_INVALID),
 * so the page does not ask; test/supervisor-dashboard.e2e.test.ts asks the running gateway on both sides of it.
 */
export const STATS_MAX_DAYS = 3 * 365 + 1

const dayNumber = (day: string) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 86_400_000

/** The days of a period (YYYY-MM-DD, in order), both ends counted: a period of one day has 1. */
export const periodDays = (period: Period): number => dayNumber(period.to) - dayNumber(period.from) + 1

/** A decision's two results in the words its matter takes. */
export type OutcomeWords = { granted: string; refused: string }

/** A licence is granted or refused (准予许可/不予许可); a filing is accepted for the record or not (予以备案/不予备案). */
export const LICENCE_WORDS: OutcomeWords = { granted: '准予许可', refused: '不予许可' }

/**
 * The words of every figure's decisions: a licence's and a filing's both. A department's tasks and a step's alike may
 * decide licences and filings (竣工联合验收 takes the 竣工验收备案 with the permits), no bundled step is of filings alone
 * (packages/catalogue/test/filing.unit.test.ts fails on one), and a group's name does not say which a task decided.
 */
export const MIXED_WORDS: OutcomeWords = { granted: '准予许可或予以备案', refused: '不予许可或不予备案' }

/** The column of the decided shares. */
export const SHARES_TITLE = `${MIXED_WORDS.granted} / ${MIXED_WORDS.refused} / 告知承诺`

/**
 * The column of the share revoked since (撤销, `revokedShare`): a permit granted on a task, or a joint acceptance's pass,
 * revoked after the decision — counted as decided, in neither the granted nor the refused share. The CSV's header
 * (services/gateway/src/http/stats-format.ts) says the same.
 */
export const REVOKED_TITLE = '撤销占比'

/** A share as a person reads it: 12.5%; an absent one (nothing measured) as —. */
export const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? '—' : `${(share * 100).toFixed(1).replace(/\.0$/, '')}%`

/** Working days with one decimal at most: 5.4; absent as —. */
export const days = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : String(Math.round(n * 10) / 10)

/** The median and 90th percentile of working days used (pauses left out), one pair of bars per group. */
export function durationChart(groups: readonly StatsGroup[], by: Dimension): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['中位数', '90% 分位'] },
    grid: { left: 48, right: 16, bottom: 72, top: 56 },
    xAxis: { type: 'category', data: groups.map((g) => groupName(g, by)), axisLabel: { rotate: 30 } },
    yAxis: { type: 'value', name: '工作日' },
    series: [
      { name: '中位数', type: 'bar', data: groups.map((g) => g.medianNet) },
      { name: '90% 分位', type: 'bar', data: groups.map((g) => g.p90Net) },
    ],
  }
}

/** The overdue rate (bars, %) and 补正 rounds per task (line, right axis), per group. */
export function overdueChart(groups: readonly StatsGroup[], by: Dimension): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['超期率（%）', '每件补正轮次'] },
    grid: { left: 48, right: 48, bottom: 72, top: 56 },
    xAxis: { type: 'category', data: groups.map((g) => groupName(g, by)), axisLabel: { rotate: 30 } },
    yAxis: [
      { type: 'value', name: '%', min: 0, max: 100 },
      { type: 'value', name: '轮次', min: 0 },
    ],
    series: [
      {
        name: '超期率（%）',
        type: 'bar',
        data: groups.map((g) => (g.overdueRate === null ? null : Math.round(g.overdueRate * 1000) / 10)),
      },
      { name: '每件补正轮次', type: 'line', yAxisIndex: 1, data: groups.map((g) => g.supplementRoundsPerTask) },
    ],
  }
}

/** The figures over the period, one point per month or week of decision. */
export function trendChart(groups: readonly StatsGroup[], label: (period: string) => string): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['用时中位数', '用时 90% 分位', '超期率（%）'] },
    grid: { left: 48, right: 48, bottom: 48, top: 56 },
    xAxis: { type: 'category', data: groups.map((g) => label(g.period ?? '')) },
    yAxis: [
      { type: 'value', name: '工作日' },
      { type: 'value', name: '%', min: 0, max: 100 },
    ],
    series: [
      { name: '用时中位数', type: 'line', data: groups.map((g) => g.medianNet) },
      { name: '用时 90% 分位', type: 'line', data: groups.map((g) => g.p90Net) },
      {
        name: '超期率（%）',
        type: 'bar',
        yAxisIndex: 1,
        data: groups.map((g) => (g.overdueRate === null ? null : Math.round(g.overdueRate * 1000) / 10)),
      },
    ],
  }
}
