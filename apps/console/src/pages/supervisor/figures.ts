import { isFiling } from '@onewindow/vocabulary'
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

/** A decision's two results in the words its matter takes. */
export type OutcomeWords = { granted: string; refused: string }

/** A licence is granted or refused (准予许可/不予许可); a filing is accepted for the record or not. */
export const LICENCE_WORDS: OutcomeWords = { granted: '准予许可', refused: '不予许可' }
export const FILING_WORDS: OutcomeWords = { granted: '予以备案', refused: '不予备案' }
/** A figure over licences and filings together: it counts both, so it names both. */
export const MIXED_WORDS: OutcomeWords = { granted: '准予许可或予以备案', refused: '不予许可或不予备案' }

/**
 * Whether a step, by its name, is a filing alone (isFiling: its name ends in 备案) — not one that also names a licence
 * (建设用地规划许可与项目备案) or bundles a filing with other matters (备案、用地规划……一并申请), whose tasks are both.
 */
export const isFilingStep = (name: string): boolean => isFiling(name) && !/许可|审批|、/.test(name)

/**
 * The words of the decided shares of the groups shown: a filing's when every group is a step that is a filing alone,
 * else both. A department's or a step's tasks may decide licences and filings alike (竣工联合验收 takes the 竣工验收备案
 * with the permits), and the group's name does not say which they were, so only a filing step's rows may say 备案 alone.
 */
export function outcomeWords(groups: readonly StatsGroup[], by: Dimension): OutcomeWords {
  const filings = groups.length > 0 && by === 'step' && groups.every((g) => isFilingStep(groupName(g, by)))
  return filings ? FILING_WORDS : MIXED_WORDS
}

/** The column of the decided shares, in the words of the groups shown. */
export const sharesTitle = (groups: readonly StatsGroup[], by: Dimension): string => {
  const w = outcomeWords(groups, by)
  return `${w.granted} / ${w.refused} / 告知承诺`
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
