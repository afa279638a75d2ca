import { instantText } from '@onewindow/db'
import type { Calendar } from '@onewindow/workdays'
import { SIGNAL_SUBJECTS, type SignalEvidence, type SignalKind, type SignalRow, signalsOf } from '../domain/signals.js'
import { Prisma } from '../generated/client.js'
import type { Tx } from './client.js'
import type { PlainSql } from './queries.js'
import { type Caller, queryAs } from './scope.js'

/**
 * Raises the signals of a batch's events, in the batch's transaction, after their projections: one statement for the
 * whole batch. The occurrence key (kind, subject, ordinal) makes a redelivered or replayed event raise nothing twice.
 */
export async function raiseSignals(
  tx: Tx,
  events: ReadonlyArray<{ subject: string; event: unknown; eventId: string }>,
  calendar: Calendar,
): Promise<void> {
  const insert = signalsInsert(events, calendar)
  if (insert) await tx.$executeRaw`${insert}`
}

/**
 * `raiseSignals`' statement, for a batch to send with others as a data-modifying CTE (it reads no row of the read
 * model: each signal is of its event alone); undefined when the events raise none.
 */
export function signalsInsert(
  events: ReadonlyArray<{ subject: string; event: unknown; eventId: string }>,
  calendar: Calendar,
): Prisma.Sql | undefined {
  const rows = events
    .filter((e) => SIGNAL_SUBJECTS.has(e.subject))
    .flatMap((e) => signalsOf(e.subject, e.event, e.eventId, calendar))
  if (rows.length === 0) return undefined
  return Prisma.sql`
    INSERT INTO signal (kind, subject_id, ordinal, event_id, project_id, application_id, task_id, department, item,
                        raised_on, raised_at, evidence)
    VALUES ${Prisma.join(
      rows.map(
        (r) => Prisma.sql`(${r.kind}, ${r.subjectId}::uuid, ${r.ordinal}::int, ${r.eventId}::uuid,
          ${r.projectId}::uuid, ${r.applicationId}::uuid, ${r.taskId ?? null}::uuid, ${r.department ?? null},
          ${r.item ?? null}, ${r.raisedOn}::date, ${r.raisedAt}::timestamptz, ${JSON.stringify(r.evidence)}::jsonb)`,
      ),
    )}
    ON CONFLICT (kind, subject_id, ordinal) DO NOTHING`
}

/** What the signal list is filtered by; a filter absent lets every row through. */
export type SignalQuery = {
  kind?: SignalKind
  department?: string
  /** A division code prefix (`regionPrefix`): the projects of that region and of those under it. */
  regionPrefix?: string
  /** First and last day raised (legal days, both included). */
  from?: string
  to?: string
  /** The id of the last row of the previous page: the page starts below it (newest first). */
  before?: bigint
  limit: number
}

/** A stored signal with its project's code and name, as the list answers it. */
export type StoredSignal = Omit<SignalRow, 'subjectId' | 'eventId' | 'taskId' | 'department' | 'item'> & {
  id: string
  taskId: string | null
  department: string | null
  item: string | null
  projectCode: string | null
  projectName: string | null
  region: string | null
}

// One constant text under the caller's row-level security (db/scope.ts): filters are parameters, NULL lets all through.
const LIST = `
  SELECT r.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (
    SELECT s.id::text AS id, s.kind, s.ordinal, s.project_id AS "projectId", s.application_id AS "applicationId",
           s.task_id AS "taskId", s.department, s.item, to_char(s.raised_on, 'YYYY-MM-DD') AS "raisedOn",
           s.raised_at AS "raisedAt", s.evidence, p.project_code AS "projectCode", p.name AS "projectName", p.region
      FROM signal s LEFT JOIN project p ON p.id = s.project_id
     WHERE caller.scoped
       AND ($5::text IS NULL OR s.kind = $5::text)
       AND ($6::text IS NULL OR s.department = $6::text)
       AND ($7::text IS NULL OR starts_with(p.region, $7::text))
       AND ($8::date IS NULL OR s.raised_on >= $8::date)
       AND ($9::date IS NULL OR s.raised_on <= $9::date)
       AND ($10::bigint IS NULL OR s.id < $10::bigint)
     ORDER BY s.id DESC
     LIMIT $11::int) r`

type ListedRow = Omit<StoredSignal, 'raisedAt' | 'evidence'> & { raisedAt: Date | number; evidence: unknown }

/** A page of stored signals, newest first, with one row more than `limit` read to tell whether more follow. */
export async function listSignals(sql: PlainSql, caller: Caller, q: SignalQuery): Promise<StoredSignal[]> {
  const params = [
    q.kind ?? null,
    q.department ?? null,
    q.regionPrefix ?? null,
    q.from ?? null,
    q.to ?? null,
    q.before === undefined ? null : q.before.toString(),
    q.limit + 1,
  ]
  const { rows } = await queryAs<ListedRow>(sql, caller, LIST, params)
  return rows.map((r) => ({
    ...r,
    // An instant that is no date ('infinity') is shown as read: the view refuses that row alone (`signalView`).
    raisedAt: instantText(r.raisedAt),
    // Stored by raiseSignals from a typed value; a row someone wrote by hand shows with no evidence rather than failing the list.
    evidence: (r.evidence !== null && typeof r.evidence === 'object' ? r.evidence : {}) as SignalEvidence,
  }))
}

/** A department whose median over the period is above its committed limit, for one item (limits are per item). */
export type DepartmentOverLimit = {
  department: string
  item: string
  itemName: string | null
  decided: number
  medianNet: number
  committedLimit: number
}

// The same rows and the same figure as the supervision stats (db/stats.ts: tasks approved or rejected in the range, a
// grant revoked since too; median net working days, percentile_cont), grouped by department and item, against the
// committed limit the tasks carried (in working days: the net figure is counted in working days, so a limit in natural
// days is not compared).
const OVER_LIMIT = `
  SELECT r.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (
    SELECT g.department, g.item, g."itemName", g.decided, g."medianNet", g."committedLimit" FROM (
      SELECT t.department, t.item, max(t.snapshot ->> 'itemName') AS "itemName", count(*)::int AS decided,
             round(percentile_cont(0.5) WITHIN GROUP (ORDER BY t.workdays_used_net)::numeric, 4)::float8 AS "medianNet",
             max((t.snapshot -> 'clocks' -> 'committed' -> 'limit' ->> 'value')::numeric)::float8 AS "committedLimit"
        FROM task t
       WHERE caller.scoped
         AND t.decided_on BETWEEN $5::date AND $6::date
         AND t.outcome IN ('approved', 'rejected', 'revoked')
         AND t.workdays_used_net IS NOT NULL
         AND t.snapshot -> 'clocks' -> 'committed' -> 'limit' ->> 'unit' = 'W'
         AND ($7::text IS NULL OR t.project_id IN (SELECT p.id FROM project p WHERE starts_with(p.region, $7::text)))
         AND ($8::text IS NULL OR t.department = $8::text)
       GROUP BY t.department, t.item) g
     WHERE g."medianNet" > g."committedLimit"
     ORDER BY g."medianNet" - g."committedLimit" DESC, g.department, g.item
     LIMIT $9::int) r`

/**
 * The departments (per item) whose median net working days over [from, to] is above the committed limit: a figure of
 * the period, computed by PostgreSQL at query time from the decided tasks' stored figures, never stored.
 */
export async function departmentsOverLimit(
  sql: PlainSql,
  caller: Caller,
  q: { from: string; to: string; regionPrefix?: string; department?: string; limit: number },
): Promise<DepartmentOverLimit[]> {
  const params = [q.from, q.to, q.regionPrefix ?? null, q.department ?? null, q.limit]
  return (await queryAs<DepartmentOverLimit>(sql, caller, OVER_LIMIT, params)).rows
}
