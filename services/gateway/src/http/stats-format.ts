import { GROUP_KEYS, type GroupKey, type StatsRow } from '../db/stats.js'

/** The longest span the figures are computed over: three years of decisions (one leap day included). */
export const MAX_STATS_DAYS = 3 * 365 + 1

const dayNumber = (day: string) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 86_400_000

/**
 * What is wrong with the range [from, to] (both real legal dates, as the schema checked them), or undefined: `to`
 * before `from`, or more than {@link MAX_STATS_DAYS} days from `from` to `to`, both included.
 */
export function rangeProblem(from: string, to: string): string | undefined {
  if (to < from) return `is before from (${from})`
  const days = dayNumber(to) - dayNumber(from) + 1
  if (days > MAX_STATS_DAYS) return `is ${days} days from from (${from}), both included; at most ${MAX_STATS_DAYS}`
  return undefined
}

/** `groupBy` as the schema let it through (`none`, or keys joined by commas), as distinct keys in their fixed order. */
export const groupKeysOf = (groupBy: string): GroupKey[] =>
  groupBy === 'none' ? [] : GROUP_KEYS.filter((k) => groupBy.split(',').includes(k))

/**
 * A six-digit division code as the prefix of the codes under it: a province (`440000`) is `44`, a city (`441500`)
 * `4415`, a county or district itself. A project's region matches the filter when it starts with the prefix.
 */
export const regionPrefix = (region: string): string => region.replace(/(00)+$/, '') || region

/**
 * Whether the caller asked for CSV: `text/csv` ranked above `application/json` (and `*∕*`) by its q-value, the first
 * listed winning a tie. JSON otherwise, the default.
 */
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false
  let best: { csv: boolean; q: number } | undefined
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase())
    const qParam = params.find((p) => p.startsWith('q='))
    const q = qParam === undefined ? 1 : Number(qParam.slice(2))
    if (!Number.isFinite(q) || q <= 0) continue
    const csv = type === 'text/csv'
    if (!csv && type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue
    if (!best || q > best.q) best = { csv, q }
  }
  return best?.csv ?? false
}

const FIGURES = [
  'decided',
  'measured',
  'medianNet',
  'p90Net',
  'medianGross',
  'p90Gross',
  'overdueRate',
  'supplementRoundsPerTask',
  'specialProcedureShare',
  'approvedShare',
  'rejectedShare',
  'commitmentShare',
] as const satisfies ReadonlyArray<keyof StatsRow>

/**
 * One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF, its quotes doubled. A text cell that a
 * spreadsheet would take for a formula (starting `=`, `+`, `-`, `@`, tab or CR) is prefixed with `'` so opening the
 * file runs nothing (OWASP "CSV injection"); numbers are written as they are.
 */
function field(value: string | number | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * The groups as CSV: a UTF-8 byte order mark (so Excel reads the Chinese of codes and names as UTF-8, not as the
 * system's GBK), a header row of the JSON answer's field names, one row per group, CRLF after every row (RFC 4180).
 * The key columns are those grouped by (and `period` for a series), in the JSON's order.
 */
export function statsCsv(rows: readonly StatsRow[], keys: readonly GroupKey[], series: boolean): string {
  const columns = [...(series ? (['period'] as const) : []), ...keys, ...FIGURES]
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => field(r[c])).join(','))]
  return `\uFEFF${lines.map((l) => `${l}\r\n`).join('')}`
}

/** A group as the JSON answer shows it: only the keys grouped by (null for tasks without one), and `period` for a series. */
export function statsGroup(row: StatsRow, keys: readonly GroupKey[], series: boolean) {
  const { period, step, department, item, ...figures } = row
  const all = { step, department, item }
  return {
    ...(series ? { period: period ?? '' } : {}),
    ...Object.fromEntries(keys.map((k) => [k, all[k]])),
    ...figures,
  }
}
