import type { ResultDelivery } from '@onewindow/contracts'
import { Prisma } from '../generated/client.js'
import type { PlainSql } from './queries.js'
import { type Caller, queryAs } from './scope.js'

/** A page's position: when the last delivery it showed fell due (its key text, `instantKey` of @onewindow/db) and its application. */
export type DeliveryKey = { dueAt: string; applicationId: string }

/** A stored delivery: its snapshot, checked by the route against the contract (a damaged one is named, not shown). */
export type DeliveryRow = { applicationId: string; snapshot: unknown; dueKey: string }

/**
 * The delivery as intake published it, replacing the stored one only when newer (a replay changes nothing). `done`
 * is not written: the table generates it from `state` (migration 20261228041500_result_delivery_done_derived).
 */
export const deliveryUpsert = (d: ResultDelivery): Prisma.Sql => Prisma.sql`
  INSERT INTO result_delivery AS r (application_id, project_id, state, due_at, version, snapshot, updated_at)
  VALUES (${d.applicationId}::uuid, ${d.projectId}::uuid, ${d.state}, ${d.dueAt}::timestamptz, ${d.version}::int,
          ${JSON.stringify(d)}::jsonb, ${d.updatedAt}::timestamptz)
  ON CONFLICT (application_id) DO UPDATE SET
    state = EXCLUDED.state, due_at = EXCLUDED.due_at, version = EXCLUDED.version,
    snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at
  WHERE r.version < EXCLUDED.version`

// The key as text PostgreSQL writes and reads back exactly (microseconds, in UTC whatever the session's zone): the
// constant-text forms of `instantKey` and `instantOfKey` (@onewindow/db), so a page never skips a tie.
const PAGE = `
  SELECT r.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (
    SELECT d.application_id AS "applicationId", d.snapshot, (d.due_at AT TIME ZONE 'UTC')::text AS "dueKey"
      FROM result_delivery d
     WHERE caller.scoped AND d.done = $5::boolean
       AND ($6::timestamp IS NULL
            OR (d.due_at, d.application_id) > (($6::timestamp AT TIME ZONE 'UTC'), $7::uuid))
     ORDER BY d.due_at, d.application_id
     LIMIT $8::int) r`

/** The first `limit` of `rows` (asked for one more), and the key after the last when there were more. */
function pageOf(rows: DeliveryRow[], limit: number): { rows: DeliveryRow[]; next?: DeliveryKey } {
  const shown = rows.slice(0, limit)
  const last = shown.at(-1)
  return rows.length > limit && last
    ? { rows: shown, next: { dueAt: last.dueKey, applicationId: last.applicationId } }
    : { rows: shown }
}

/** One page of the deliveries `caller` may read, awaiting or done, oldest due first; `next` when more may follow. */
export async function deliveryPage(
  sql: PlainSql,
  caller: Caller,
  q: { done: boolean; after?: DeliveryKey; limit: number },
): Promise<{ rows: DeliveryRow[]; next?: DeliveryKey }> {
  const params = [q.done, q.after?.dueAt ?? null, q.after?.applicationId ?? null, q.limit + 1]
  return pageOf((await queryAs<DeliveryRow>(sql, caller, PAGE, params)).rows, q.limit)
}

const OF_PROJECT = `
  SELECT r.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (
    SELECT d.application_id AS "applicationId", d.snapshot, (d.due_at AT TIME ZONE 'UTC')::text AS "dueKey"
      FROM result_delivery d
     WHERE caller.scoped AND d.project_id = $5::uuid
       AND ($6::timestamp IS NULL
            OR (d.due_at, d.application_id) > (($6::timestamp AT TIME ZONE 'UTC'), $7::uuid))
     ORDER BY d.due_at, d.application_id
     LIMIT $8::int) r`

/**
 * One page of a project's deliveries as `caller` may read them (one per decided application), oldest due first;
 * `next` when more may follow.
 */
export async function projectDeliveryPage(
  sql: PlainSql,
  caller: Caller,
  projectId: string,
  q: { after?: DeliveryKey; limit: number },
): Promise<{ rows: DeliveryRow[]; next?: DeliveryKey }> {
  const params = [projectId, q.after?.dueAt ?? null, q.after?.applicationId ?? null, q.limit + 1]
  return pageOf((await queryAs<DeliveryRow>(sql, caller, OF_PROJECT, params)).rows, q.limit)
}
