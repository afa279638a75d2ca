import type { PlainSql } from './queries.js'
import { type Caller, queryAs } from './scope.js'

export type GroupKey = 'step' | 'department' | 'item'
export const GROUP_KEYS: readonly GroupKey[] = ['step', 'department', 'item']

/** What the supervision figures are computed over: decisions of [from, to] (legal days, both included). */
export type StatsQuery = {
  from: string
  to: string
  /** A six-digit division code prefix (`regionPrefix`): the projects of that region and of those under it. */
  regionPrefix?: string
  step?: string
  department?: string
  item?: string
  groupBy: readonly GroupKey[]
  /** Figures per calendar month or ISO week (Monday) as well, for the dashboard's series. */
  bucket?: 'month' | 'week'
  /** Groups answered at most; one more is read to tell that the answer was cut. */
  limit: number
}

/** One group's figures; a key not grouped by is null, as is a percentile of a group with nothing measured. */
export type StatsRow = {
  period: string | null
  step: string | null
  department: string | null
  item: string | null
  decided: number
  measured: number
  medianNet: number | null
  p90Net: number | null
  medianGross: number | null
  p90Gross: number | null
  overdueRate: number | null
  supplementRoundsPerTask: number
  specialProcedureShare: number | null
  approvedShare: number
  rejectedShare: number
  commitmentShare: number
}

const round = (expr: string) => `round((${expr})::numeric, 4)::float8`
/**
 * One constant text, as the gateway's other pg reads (docs/architecture.md, Persistence): what varies — the keys
 * grouped by, the bucket, the filters — are parameters. A key not grouped by is NULL in every row, so GROUP BY on it
 * changes nothing; an absent filter is NULL and lets every row through.
 */
const STATS = `
  SELECT r.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (
    SELECT CASE $12::text
             -- date_trunc on a date gives midnight of the bucket's first day; 'week' is the ISO week, from Monday.
             WHEN 'week' THEN to_char(date_trunc('week', t.decided_on), 'YYYY-MM-DD')
             WHEN 'month' THEN to_char(date_trunc('month', t.decided_on), 'YYYY-MM-DD')
           END AS period,
           CASE WHEN $13::boolean THEN t.step END AS step,
           CASE WHEN $14::boolean THEN t.department END AS department,
           CASE WHEN $15::boolean THEN t.item END AS item,
           count(*)::int AS decided,
           count(t.workdays_used_net)::int AS measured,
           ${round('percentile_cont(0.5) WITHIN GROUP (ORDER BY t.workdays_used_net)')} AS "medianNet",
           ${round('percentile_cont(0.9) WITHIN GROUP (ORDER BY t.workdays_used_net)')} AS "p90Net",
           ${round('percentile_cont(0.5) WITHIN GROUP (ORDER BY t.workdays_used_gross)')} AS "medianGross",
           ${round('percentile_cont(0.9) WITHIN GROUP (ORDER BY t.workdays_used_gross)')} AS "p90Gross",
           ${round('avg(t.overdue::int)')} AS "overdueRate",
           ${round('avg(t.supplement_rounds)')} AS "supplementRoundsPerTask",
           ${round('sum(t.special_procedure_days)::float8 / nullif(sum(t.workdays_used_gross), 0)')}
             AS "specialProcedureShare",
           ${round("count(*) FILTER (WHERE t.outcome = 'approved')::float8 / count(*)")} AS "approvedShare",
           ${round("count(*) FILTER (WHERE t.outcome = 'rejected')::float8 / count(*)")} AS "rejectedShare",
           ${round('count(*) FILTER (WHERE t.on_commitment)::float8 / count(*)')} AS "commitmentShare"
      FROM task t
     WHERE caller.scoped
       AND t.decided_on BETWEEN $5::date AND $6::date
       AND t.outcome IN ('approved', 'rejected')
       -- IN, which PostgreSQL runs as one hashed scan of the region's projects; an EXISTS was planned as a lookup per task.
       AND ($7::text IS NULL OR t.project_id IN (SELECT p.id FROM project p WHERE starts_with(p.region, $7::text)))
       AND ($8::text IS NULL OR t.step = $8::text)
       AND ($9::text IS NULL OR t.department = $9::text)
       AND ($10::text IS NULL OR t.item = $10::text)
     GROUP BY 1, 2, 3, 4
     ORDER BY 1 NULLS FIRST, 2 NULLS FIRST, 3 NULLS FIRST, 4 NULLS FIRST
     LIMIT $11::int) r`

/**
 * The figures, in one statement under the caller's row-level security (a supervisor sees every task), computed by
 * PostgreSQL over the decided tasks' stored figures (migration 20261203010000_supervision_stats): percentile_cont
 * (interpolated, so the median of an even count is the mean of the middle two), FILTER and GROUP BY; Node only reads
 * the groups. A task counts when its department approved or rejected it; one closed unneeded or withdrawn is not a
 * decision of the department's. Shares are of the decided tasks, except the overdue rate and the share of time in
 * 特别程序, which are of the measured ones (a task whose working days could not be counted is decided, not measured).
 */
export async function supervisionStats(sql: PlainSql, caller: Caller, q: StatsQuery): Promise<StatsRow[]> {
  const params = [
    q.from,
    q.to,
    q.regionPrefix ?? null,
    q.step ?? null,
    q.department ?? null,
    q.item ?? null,
    q.limit + 1,
    q.bucket ?? null,
    ...GROUP_KEYS.map((k) => q.groupBy.includes(k)),
  ]
  return (await queryAs<StatsRow>(sql, caller, STATS, params)).rows
}
