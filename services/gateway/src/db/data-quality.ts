import { OUTSIDE_LINE_PERMIT_ITEMS } from '@onewindow/contracts'
import type { Calendar } from '@onewindow/workdays'
import { legalDateOf } from '@onewindow/workdays'
import {
  type ParallelCount,
  type ParallelFigure,
  parallelFigures,
  SHARED_IN_MINUTES,
  type SharedDayCount,
  sharedInWorkingDays,
  shareOf,
  type Timeliness,
  type TimelinessFigure,
  timelinessFigure,
} from '../domain/data-quality.js'
import type { PlainSql } from './queries.js'
import { type Caller, queryAs } from './scope.js'

/** What the data-quality figures are computed over: [from, to], legal days (Asia/Shanghai), both included. */
export type DataQualityQuery = {
  from: string
  to: string
  /** A six-digit division code prefix (`regionPrefix`): the projects of that region and of those under it. */
  regionPrefix?: string
  /** The service's clock, read once by the route: what is still inside its time and what is already late. */
  now: Date
}

export type DataQuality = {
  parallel: { decided: number; parallel: number; rate: number | null; regions: ParallelFigure[] }
  sharedInMinutes: TimelinessFigure
  sharedInWorkingDays: TimelinessFigure
}

/** The projects' regions answered at most: China has under 3,000 county-level divisions. */
export const MAX_PARALLEL_REGIONS = 4_000

/**
 * 并联审批率 (docs/spgl.md, "Data-quality figures"): per project region, the tasks its departments approved or rejected
 * in the range, a grant revoked since too (as 办理效能's `decided`), and of them those handled in parallel — the task
 * is no 后续事项 (a follow-on is opened by another item's approval, so it waited for it) and its application has another
 * task of another department that is none either: the tasks of an application are assigned together at its acceptance
 * (`step.tasks-assigned`, 并联审批), so those two were opened at the same time, neither waiting for the other's decision.
 *
 * And the outside-line permits departments decided on the platform (外线工程行政审批, 行政审批在线并联办理 — the same
 * plan as the rate's target, 002:31 and 002:144): each decision (办结 11–13) of an instance, on the day of its event in
 * China, read from the data-sharing rows, which alone keep every round (a refused round's decision is gone from the
 * request's snapshot once it is applied for again); in parallel when another instance of the same request and round
 * (applied together, `<request>/<kind>/<version>`) went to another department. Only a permit's instance — its key has
 * a round (`spgl_permit_round`, migration 20270207000000, the reader's test too): a task of an ordinary approval flow
 * may handle the same item code (440600's `5g-base-station`, a `utility-outside-line` flow where it is not exempt) and
 * is counted once, as a task, above. A decision row without its event's time (written before `event_at`) is not
 * counted, as in the sharing figures.
 */
const PARALLEL = `
  SELECT r.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (
    SELECT x.region, count(*)::int AS decided, count(*) FILTER (WHERE x.parallel)::int AS parallel FROM (
      SELECT p.region, t.snapshot->'followOnOf' IS NULL AND EXISTS (
               SELECT 1 FROM task o
                WHERE o.project_id = t.project_id AND o.application_id = t.application_id
                  AND o.department <> t.department AND o.snapshot->'followOnOf' IS NULL) AS parallel
        FROM task t JOIN project p ON p.id = t.project_id
       WHERE caller.scoped
         AND t.decided_on BETWEEN $5::date AND $6::date
         AND t.outcome IN ('approved', 'rejected', 'revoked')
         AND ($7::text IS NULL OR starts_with(p.region, $7::text))
      UNION ALL
      SELECT p.region, EXISTS (
               SELECT 1 FROM spgl_row o
                WHERE o.project_id = h.project_id AND o.table_name = 'SPGL_XMSPSXBLXXB' AND o.row_key <> h.row_key
                  AND o.fields->>'SPSXBM' = ANY($9::text[])
                  AND split_part(o.row_key, '/', 1) = split_part(h.row_key, '/', 1)
                  AND spgl_permit_round(o.row_key) = spgl_permit_round(h.row_key)
                  AND o.fields->>'SPBMBM' IS DISTINCT FROM h.fields->>'SPBMBM') AS parallel
        FROM spgl_row d
        JOIN spgl_row h ON h.table_name = 'SPGL_XMSPSXBLXXB' AND h.row_key = d.fields->>'SPSXSLBM'
        JOIN project p ON p.id = d.project_id
       WHERE caller.scoped
         AND d.table_name = 'SPGL_XMSPSXBLXXXXB' AND d.fields->>'BLZT' IN ('11', '12', '13')
         AND h.fields->>'SPSXBM' = ANY($9::text[]) AND spgl_permit_round(h.row_key) IS NOT NULL
         AND d.event_at >= ($5::date::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND d.event_at < (($6::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND ($7::text IS NULL OR starts_with(p.region, $7::text))
    ) x
     GROUP BY x.region
     ORDER BY x.region
     LIMIT $8::int) r`

/** The national items of the outside-line permits (contracts' `OUTSIDE_LINE_PERMIT_ITEMS`): their instances' 事项编码. */
const OUTSIDE_LINE_ITEMS = Object.values(OUTSIDE_LINE_PERMIT_ITEMS).map((i) => i.code)

/** The rows of the range by their event's time: [from 00:00, to + 1 00:00) in Asia/Shanghai. */
const SHARED_ROWS = `
      FROM spgl_row s LEFT JOIN spgl_export_batch b ON b.id = s.batch_id
     WHERE caller.scoped
       AND s.event_at >= ($5::date::timestamp AT TIME ZONE 'Asia/Shanghai')
       AND s.event_at < (($6::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
       AND ($7::text IS NULL OR s.project_id IN (SELECT p.id FROM project p WHERE starts_with(p.region, $7::text)))`

/**
 * 10分钟内共享 (002:140): a row is shared when an export carried it and it stands sent (a failed upload is not shared
 * until a later export carries it again, a refused row never is), at its batch's `created_at`. In time: shared within
 * the minutes of its event; late: shared after, or not shared and the minutes past at `now` (refused rows too);
 * open: not shared and still inside them.
 */
const SHARED_IN_MINUTES_SQL = `
  SELECT r.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (
    SELECT count(*) FILTER (WHERE x.shared_at <= x.event_at + x.allowed)::int AS "inTime",
           count(*) FILTER (WHERE x.shared_at > x.event_at + x.allowed
                               OR (x.shared_at IS NULL AND (x.refused OR $8::timestamptz > x.event_at + x.allowed)))::int
             AS late,
           count(*) FILTER (WHERE x.shared_at IS NULL AND NOT x.refused
                               AND $8::timestamptz <= x.event_at + x.allowed)::int AS open
      FROM (SELECT s.event_at, CASE WHEN s.upload_status = 'sent' THEN b.created_at END AS shared_at,
                   s.upload_status = 'refused' AS refused, make_interval(mins => $9::int) AS allowed
            ${SHARED_ROWS}) x) r`

/**
 * 7个工作日内归集 (001:134) of the licence and filing data: the 批复文件 rows (each permit or certificate issued) and
 * the 办理详细信息 rows of a decision (办结, BLZT 11–13), counted by the day their event arose, the day they were
 * shared (NULL: not shared, as above) and their project's region, whose calendar counts the working days.
 */
const SHARED_DAYS_SQL = `
  SELECT r.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (
    SELECT to_char(s.event_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "eventDay",
           to_char((CASE WHEN s.upload_status = 'sent' THEN b.created_at END) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')
             AS "sharedDay",
           (SELECT p.region FROM project p WHERE p.id = s.project_id) AS region, count(*)::int AS rows
      ${SHARED_ROWS}
       AND (s.table_name = 'SPGL_XMSPSXPFWJXXB'
            OR (s.table_name = 'SPGL_XMSPSXBLXXXXB' AND s.fields->>'BLZT' IN ('11', '12', '13')))
     GROUP BY 1, 2, 3) r`

/**
 * The data-quality figures of the 监督看板 under the caller's row-level security (a supervisor sees every task and
 * every spgl row): PostgreSQL counts, the domain (domain/data-quality.ts) groups the regions under their targets and
 * counts the working days.
 */
export async function dataQuality(
  sql: PlainSql,
  caller: Caller,
  calendar: Calendar,
  q: DataQualityQuery,
): Promise<DataQuality & { truncated: boolean }> {
  const base = [q.from, q.to, q.regionPrefix ?? null]
  const [counts, minutes, days] = await Promise.all([
    queryAs<ParallelCount>(sql, caller, PARALLEL, [...base, MAX_PARALLEL_REGIONS + 1, OUTSIDE_LINE_ITEMS]),
    queryAs<Timeliness>(sql, caller, SHARED_IN_MINUTES_SQL, [...base, q.now, SHARED_IN_MINUTES.minutes]),
    queryAs<SharedDayCount>(sql, caller, SHARED_DAYS_SQL, base),
  ])
  const truncated = counts.rows.length > MAX_PARALLEL_REGIONS
  const shown = counts.rows.slice(0, MAX_PARALLEL_REGIONS)
  const decided = shown.reduce((n, c) => n + c.decided, 0)
  const parallel = shown.reduce((n, c) => n + c.parallel, 0)
  return {
    parallel: {
      decided,
      parallel,
      rate: shareOf(parallel, decided),
      regions: parallelFigures(shown),
    },
    sharedInMinutes: timelinessFigure(minutes.rows[0] ?? { inTime: 0, late: 0, open: 0 }),
    sharedInWorkingDays: timelinessFigure(sharedInWorkingDays(calendar, days.rows, legalDateOf(q.now))),
    truncated,
  }
}
