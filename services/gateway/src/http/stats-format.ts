import {
  bundledDocuments,
  type CatalogueData,
  coveringRegions,
  nationalRegion,
  resolveCatalogue,
} from '@onewindow/catalogue'
import { UTILITY_PROVIDER_NAMES } from '@onewindow/contracts'
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

/**
 * The CSV's header of each figure, in the dashboard's words (apps/console/src/pages/supervisor/dashboard.tsx, its
 * table): 用时 is working days from acceptance to decision without 补正 and 特别程序, as the dashboard says under its
 * charts. The decided shares name licences and filings both (figures.ts MIXED_WORDS): a file's header does not change
 * with the groups in it, so that files of different periods line up. Shares are fractions (0–1), as in the JSON.
 */
const FIGURES = {
  decided: '办结件数',
  measured: '可计时件数',
  medianNet: '用时中位数（工作日）',
  p90Net: '用时 90% 分位（工作日）',
  medianGross: '含中止用时中位数（工作日）',
  p90Gross: '含中止用时 90% 分位（工作日）',
  overdueRate: '超期率',
  supplementRoundsPerTask: '每件补正轮次',
  specialProcedureShare: '特别程序用时占比',
  approvedShare: '准予许可或予以备案占比',
  rejectedShare: '不予许可或不予备案占比',
  revokedShare: '撤销占比',
  commitmentShare: '告知承诺占比',
} as const satisfies Partial<Record<keyof StatsRow, string>>

/** A key's two columns: its code, kept so a file can be joined to other data, and its Chinese name. */
const KEY_HEADERS: Record<GroupKey, readonly [string, string]> = {
  step: ['环节代码', '环节名称'],
  department: ['部门代码', '部门名称'],
  item: ['事项代码', '事项名称'],
}

/** The Chinese names of steps, departments and items, by code. */
export type KeyNames = Readonly<Record<GroupKey, ReadonlyMap<string, string>>>

/** The names of `catalogues`, the first one's where two name a code differently. */
function namesOf(catalogues: readonly CatalogueData[]): KeyNames {
  const names = {
    step: new Map<string, string>(),
    department: new Map<string, string>(),
    item: new Map<string, string>(),
  }
  const add = (map: Map<string, string>, code: string, zh: string) => {
    if (!map.has(code)) map.set(code, zh)
  }
  for (const c of catalogues) {
    for (const d of c.departments) add(names.department, d.code, d.name.zh)
    for (const i of c.items) add(names.item, i.code, i.name.zh)
    for (const t of c.projectTypes) for (const s of t.steps) add(names.step, s.code, s.name.zh)
  }
  return names
}

/**
 * `names` with the utility providers named as departments (供水单位 …), for the `utility-connection` stage's groups,
 * which are by provider: the catalogues' `water` is the water bureau, a department, not the provider.
 */
export const withProviderNames = (names: KeyNames): KeyNames => ({
  ...names,
  department: new Map([
    ...names.department,
    ...Object.entries(UTILITY_PROVIDER_NAMES).map(([code, name]) => [code, `${name}单位`] as const),
  ]),
})

let bundled: { catalogues: Map<string, CatalogueData>; names: Map<string, KeyNames> } | undefined

/**
 * The names the bundled catalogues (packages/catalogue/data) give the codes, for a file of `region` (a division code,
 * or all regions): that region's catalogue's own first (汕尾市住房城乡建设局 for 441500), then the national one's (the
 * general names, which the dashboard shows: 住房城乡建设部门), then the other regions' for codes only they have. Read
 * from disk once: the catalogue package parses its YAML on every call.
 */
export function catalogueNames(region?: string): KeyNames {
  if (!bundled) {
    const documents = bundledDocuments()
    const catalogues = new Map(documents.map((d) => [d.region.code, resolveCatalogue(documents, d.region.code)]))
    bundled = { catalogues, names: new Map() }
  }
  const { catalogues, names } = bundled
  const own =
    region === undefined ? nationalRegion : (coveringRegions(region).find((r) => catalogues.has(r)) ?? nationalRegion)
  let found = names.get(own)
  if (!found) {
    const order = [own, nationalRegion, ...[...catalogues.keys()].sort()]
    found = namesOf([...new Set(order)].flatMap((r) => catalogues.get(r) ?? []))
    names.set(own, found)
  }
  return found
}

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
 * A key's name: the catalogues', else the code itself; tasks of no step are 未分环节. The CSV's name columns and the
 * JSON's `stepName`, `departmentName` and `itemName` both come from here, so the dashboard and its file name a row alike.
 */
const nameOf = (key: GroupKey, code: string | null, names: KeyNames): string =>
  code === null ? (key === 'step' ? '未分环节' : '') : (names[key].get(code) ?? code)

/** The JSON field that carries a key's name. */
const NAME_FIELDS = { step: 'stepName', department: 'departmentName', item: 'itemName' } as const satisfies Record<
  GroupKey,
  string
>

/**
 * The groups as CSV for a person with a spreadsheet: a UTF-8 byte order mark (so Excel reads the Chinese as UTF-8, not
 * as the system's GBK), a header row in Chinese, one row per group, CRLF after every row (RFC 4180). The columns are
 * the period's first day for a series, then each key grouped by as two (its code, its name in `names`), in the JSON's
 * order, then the figures.
 */
export function statsCsv(
  rows: readonly StatsRow[],
  keys: readonly GroupKey[],
  series: boolean,
  names: KeyNames,
): string {
  const figures = Object.keys(FIGURES) as Array<keyof typeof FIGURES>
  const header = [
    ...(series ? ['统计周期起始日'] : []),
    ...keys.flatMap((k) => KEY_HEADERS[k]),
    ...figures.map((f) => FIGURES[f]),
  ]
  const line = (r: StatsRow) => [
    ...(series ? [r.period] : []),
    ...keys.flatMap((k) => [r[k], nameOf(k, r[k], names)]),
    ...figures.map((f) => r[f]),
  ]
  const lines = [header, ...rows.map(line)].map((cells) => cells.map(field).join(','))
  return `\uFEFF${lines.map((l) => `${l}\r\n`).join('')}`
}

/**
 * A group as the JSON answer shows it: only the keys grouped by (null for tasks without one), each with its name in
 * `names` as the CSV writes it, and `period` for a series.
 */
export function statsGroup(row: StatsRow, keys: readonly GroupKey[], series: boolean, names: KeyNames): StatsGroup {
  const { period, step, department, item, ...figures } = row
  const all = { step, department, item }
  return {
    ...(series ? { period: period ?? '' } : {}),
    ...Object.fromEntries(keys.flatMap((k) => [[k, all[k]] as const, [NAME_FIELDS[k], nameOf(k, all[k], names)]])),
    ...figures,
  }
}

/** A group of the JSON answer: its figures, each key grouped by (null for none) with its name, a series' `period`. */
export type StatsGroup = Omit<StatsRow, 'period' | GroupKey> & { period?: string } & Partial<
    Record<GroupKey, string | null> & Record<(typeof NAME_FIELDS)[GroupKey], string>
  >
