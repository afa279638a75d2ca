import type { ChartOption } from '../../components/echart'
import { departmentName } from '../../departments'
import type { paths } from '../../generated/api'
import { stepName } from '../../steps'

/** The JSON answer (the route also answers CSV, for `Accept: text/csv`). */
export type StatsAnswer = paths['/api/v1/supervision/stats']['get']['responses'][200]['content']['application/json']
export type StatsGroup = StatsAnswer['groups'][number]
export type Dimension = 'step' | 'department'

/** A group's name on an axis and in the table: its step's or department's Chinese name, 未分环节 for tasks of no step. */
export const groupName = (g: StatsGroup, by: Dimension) => {
  const code = g[by]
  if (code === undefined || code === null) return by === 'step' ? '未分环节' : '未知部门'
  return by === 'step' ? stepName(code) : departmentName(code)
}

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
