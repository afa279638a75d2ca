import type { Stage } from '../domain/stage-figures.js'
import { rollupSpans, type StatsBucket } from '../domain/stats-spans.js'
import type { PlainSql } from './queries.js'
import { type Caller, queryAs } from './scope.js'

export type { StatsBucket }

export type GroupKey = 'step' | 'department' | 'item'
export const GROUP_KEYS: readonly GroupKey[] = ['step', 'department', 'item']

/** What the supervision figures are computed over: decisions of [from, to] (legal days, both included). */
export type StatsQuery = {
  from: string
  to: string
  /** A six-digit division code prefix (`regionPrefix`): the projects of that region and of those under it. */
  regionPrefix?: string
  /**
   * Whose figures: the approval tasks (the default), or the cases of a later stage (domain/stage-figures.ts), which
   * have no step and no item. Only the roll-up (`supervisionStats`) has the later stages.
   */
  stage?: Stage
  step?: string
  department?: string
  item?: string
  groupBy: readonly GroupKey[]
  /** Figures per calendar quarter, month or ISO week (Monday) as well, for the dashboard's series. */
  bucket?: StatsBucket
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
  /** Null for a later stage, which has no 补正 rounds. */
  supplementRoundsPerTask: number | null
  specialProcedureShare: number | null
  approvedShare: number
  rejectedShare: number
  /** Decided, then revoked since (撤销): neither approved nor rejected (docs/api.md, supervision figures). */
  revokedShare: number
  commitmentShare: number
}

const round = (expr: string) => `round((${expr})::numeric, 4)::float8`
/**
 * One constant text, as the gateway's other pg reads (docs/architecture.md, Persistence): what varies — the keys
 * grouped by, the bucket, the filters — are parameters. A key not grouped by is NULL in every row, so GROUP BY on it
 * changes nothing; an absent filter is NULL and lets every row through.
 */
const PER_TASK = `
  SELECT r.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (
    SELECT CASE $12::text
             -- date_trunc on a date gives midnight of the bucket's first day; 'week' is the ISO week, from Monday.
             WHEN 'week' THEN to_char(date_trunc('week', t.decided_on), 'YYYY-MM-DD')
             WHEN 'month' THEN to_char(date_trunc('month', t.decided_on), 'YYYY-MM-DD')
             WHEN 'quarter' THEN to_char(date_trunc('quarter', t.decided_on), 'YYYY-MM-DD')
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
           ${round("count(*) FILTER (WHERE t.outcome = 'revoked')::float8 / count(*)")} AS "revokedShare",
           ${round('count(*) FILTER (WHERE t.on_commitment)::float8 / count(*)')} AS "commitmentShare"
      FROM task t
     WHERE caller.scoped
       AND t.decided_on BETWEEN $5::date AND $6::date
       AND t.outcome IN ('approved', 'rejected', 'revoked')
       -- IN, which PostgreSQL runs as one hashed scan of the region's projects; an EXISTS was planned as a lookup per task.
       AND ($7::text IS NULL OR t.project_id IN (SELECT p.id FROM project p WHERE starts_with(p.region, $7::text)))
       AND ($8::text IS NULL OR t.step = $8::text)
       AND ($9::text IS NULL OR t.department = $9::text)
       AND ($10::text IS NULL OR t.item = $10::text)
     GROUP BY 1, 2, 3, 4
     ORDER BY 1 NULLS FIRST, 2 NULLS FIRST, 3 NULLS FIRST, 4 NULLS FIRST
     LIMIT $11::int) r`

/** A percentile of a merged histogram's rows (`ranked`), as percentile_cont computes it: see ROLLUP. */
const histogramPercentile = (p: string) => {
  // The same position per row (each row carries its group's total) for the filters, and per group for the fraction.
  const atRow = `${p}::float8 * (h.total - 1)::float8`
  const position = `${p}::float8 * (max(h.total) - 1)::float8`
  const lo = `min(h.days) FILTER (WHERE h.upto > floor(${atRow}))::float8`
  const hi = `min(h.days) FILTER (WHERE h.upto > ceil(${atRow}))::float8`
  return `${lo} + (${position} - floor(${position})) * (${hi} - ${lo})`
}
/** The figures of a grouped histogram measure (`net` or `gross`), joined to their group. */
const percentiles = (measure: 'net' | 'gross') => `
  LEFT JOIN (
    SELECT h.period, h.step, h.department, h.item, max(h.total)::int AS total,
           ${round(histogramPercentile('0.5'))} AS median, ${round(histogramPercentile('0.9'))} AS p90
      FROM ranked h WHERE h.measure = '${measure}'
     GROUP BY 1, 2, 3, 4) AS ${measure}
    ON ${measure}.period = g.period AND ${measure}.step = g.step AND ${measure}.department = g.department
   AND ${measure}.item = g.item`

/**
 * The same figures from the roll-up (migration 20261204010000_decided_figures_rollup): the month rows of the months the
 * range covers whole ($16…$17) and the day rows of the days either side ($5…$6 and $18…$19, `rollupSpans`), summed per
 * group. The percentiles come from the groups' merged histograms {working days: tasks}: percentile_cont(p) over n
 * sorted values takes the values at 0-based ranks floor(p·(n−1)) and ceil(p·(n−1)) and interpolates
 * lo + (p·(n−1) − floor(p·(n−1)))·(hi − lo) in float8, as PostgreSQL's float8_lerp; the value at rank k is the least
 * number of days whose running count exceeds k. Working days are whole, so this is exact, not an approximation
 * (test/supervision-rollup.int.test.ts compares every figure with PER_TASK). The averages are sum ÷ count in numeric,
 * as avg's own final step, over the values that were not NULL.
 */
const ROLLUP = `
  SELECT r.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (
    WITH picked AS MATERIALIZED (
      -- Keys are never NULL inside (a key not grouped by is ''), so the groups and their percentiles join on plain
      -- equality (a hash join); '' is NULL again in the answer, as the task rows have a task of no step.
      SELECT CASE $12::text
               WHEN 'week' THEN to_char(date_trunc('week', f.period), 'YYYY-MM-DD')
               WHEN 'month' THEN to_char(date_trunc('month', f.period), 'YYYY-MM-DD')
               WHEN 'quarter' THEN to_char(date_trunc('quarter', f.period), 'YYYY-MM-DD')
               ELSE ''
             END AS period,
             CASE WHEN $13::boolean THEN f.step ELSE '' END AS step,
             CASE WHEN $14::boolean THEN f.department ELSE '' END AS department,
             CASE WHEN $15::boolean THEN f.item ELSE '' END AS item,
             f.decided, f.approved, f.rejected, f.on_commitment, f.rounds_known, f.supplement_rounds, f.overdue_known,
             f.overdue, f.special_procedure_known, f.special_procedure_days, f.gross_days, f.net_histogram,
             f.gross_histogram
        FROM decided_figures_rollup f
       WHERE caller.scoped
         AND ((f.span = 'month' AND f.period BETWEEN $16::date AND $17::date)
              OR (f.span = 'day' AND (f.period BETWEEN $5::date AND $6::date OR f.period BETWEEN $18::date AND $19::date)))
         -- Every region together is the '*' rows; a prefix (digits) reads the regions' own rows.
         AND CASE WHEN $7::text IS NULL THEN f.region = '*' ELSE starts_with(f.region, $7::text) END
         AND ($8::text IS NULL OR f.step = $8::text)
         AND ($9::text IS NULL OR f.department = $9::text)
         AND ($10::text IS NULL OR f.item = $10::text)
         AND f.stage = $20::text
    ),
    g AS (
      SELECT period, step, department, item, sum(decided)::int AS decided, sum(approved) AS approved,
             sum(rejected) AS rejected, sum(on_commitment) AS on_commitment, sum(rounds_known) AS rounds_known,
             sum(supplement_rounds) AS supplement_rounds, sum(overdue_known) AS overdue_known,
             sum(overdue) AS overdue, sum(special_procedure_known) AS special_procedure_known,
             sum(special_procedure_days) AS special_procedure_days, sum(gross_days) AS gross_days
        FROM picked
       GROUP BY 1, 2, 3, 4
       ORDER BY nullif(period, '') NULLS FIRST, nullif(step, '') NULLS FIRST, nullif(department, '') NULLS FIRST,
                nullif(item, '') NULLS FIRST
       LIMIT $11::int
    ),
    merged AS (
      SELECT p.period, p.step, p.department, p.item, 'net' AS measure, e.key::int AS days, sum(e.value::bigint) AS n
        FROM picked p, jsonb_each_text(p.net_histogram) AS e GROUP BY 1, 2, 3, 4, 5, 6
      UNION ALL
      SELECT p.period, p.step, p.department, p.item, 'gross', e.key::int, sum(e.value::bigint)
        FROM picked p, jsonb_each_text(p.gross_histogram) AS e GROUP BY 1, 2, 3, 4, 5, 6
    ),
    ranked AS (
      SELECT m.*, sum(m.n) OVER (PARTITION BY m.period, m.step, m.department, m.item, m.measure ORDER BY m.days) AS upto,
             sum(m.n) OVER (PARTITION BY m.period, m.step, m.department, m.item, m.measure) AS total
        FROM merged m
    )
    SELECT nullif(g.period, '') AS period, nullif(g.step, '') AS step, nullif(g.department, '') AS department,
           nullif(g.item, '') AS item, g.decided, coalesce(net.total, 0) AS measured,
           net.median AS "medianNet", net.p90 AS "p90Net", gross.median AS "medianGross", gross.p90 AS "p90Gross",
           ${round('g.overdue::numeric / nullif(g.overdue_known, 0)::numeric')} AS "overdueRate",
           ${round('g.supplement_rounds::numeric / nullif(g.rounds_known, 0)::numeric')} AS "supplementRoundsPerTask",
           ${round('(CASE WHEN g.special_procedure_known > 0 THEN g.special_procedure_days END)::float8 / nullif(g.gross_days, 0)::float8')}
             AS "specialProcedureShare",
           ${round('g.approved::float8 / g.decided::float8')} AS "approvedShare",
           ${round('g.rejected::float8 / g.decided::float8')} AS "rejectedShare",
           -- The roll-up takes these three outcomes only (figures_apply), so what is neither approved nor rejected
           -- was revoked since.
           ${round('(g.decided - g.approved - g.rejected)::float8 / g.decided::float8')} AS "revokedShare",
           ${round('g.on_commitment::float8 / g.decided::float8')} AS "commitmentShare"
      FROM g ${percentiles('net')} ${percentiles('gross')}
     ORDER BY 1 NULLS FIRST, 2 NULLS FIRST, 3 NULLS FIRST, 4 NULLS FIRST) r`

const paramsOf = (q: StatsQuery) => [
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

/**
 * The figures, in one statement under the caller's row-level security (a supervisor sees every row), computed by
 * PostgreSQL from the roll-up the read model keeps per day and month (ROLLUP): a year reads a few hundred rows per
 * group, not every task. Node only reads the groups. A task counts when its department approved or rejected it (a grant
 * revoked since too, as `revoked`); one closed unneeded or withdrawn is not a decision of the department's. Shares are
 * of the decided tasks, except the overdue rate and the share of time in 特别程序, which are of the measured ones (a
 * task whose working days could not be counted is decided, not measured).
 */
export async function supervisionStats(sql: PlainSql, caller: Caller, q: StatsQuery): Promise<StatsRow[]> {
  const spans = rollupSpans(q.from, q.to, q.bucket)
  const [first, second] = spans.days
  const params = [
    // $5…$6 are the first day range here (PER_TASK's whole range), so the parameters keep PER_TASK's numbering.
    first?.from ?? null,
    first?.to ?? null,
    ...paramsOf(q).slice(2),
    spans.months?.from ?? null,
    spans.months?.to ?? null,
    second?.from ?? null,
    second?.to ?? null,
    q.stage ?? 'approval',
  ]
  return (await queryAs<StatsRow>(sql, caller, ROLLUP, params)).rows
}

/**
 * The figures computed over the decided task rows themselves (PER_TASK: percentile_cont, FILTER and GROUP BY, as
 * before the roll-up, migration 20261203010000_supervision_stats): what the roll-up must equal, figure for figure
 * (test/supervision-rollup.int.test.ts). Not on any route: it sorts every task of the range. Tasks only: `q.stage`
 * other than `approval` is not read here.
 */
export async function supervisionStatsPerTask(sql: PlainSql, caller: Caller, q: StatsQuery): Promise<StatsRow[]> {
  return (await queryAs<StatsRow>(sql, caller, PER_TASK, paramsOf(q))).rows
}
