import type { ChangeEvent, ChangeRow } from '../domain/changes.js'
import { Prisma } from '../generated/client.js'
import type { Tx } from './client.js'
import type { PlainSql } from './queries.js'
import { type Caller, queryAs } from './scope.js'

/**
 * The channel the read model notifies when a batch with changes commits, one per schema (several gateways' schemas
 * may share a database, as the tests' do). PostgreSQL delivers a NOTIFY at commit, to every listening gateway replica.
 */
export const changeChannel = (schema: string) => `${schema}.change`

/** Where a change of a kept answer's scope is told (migration 20261211000000_answer_changed_notify). */
export const answerChannel = (schema: string) => `${schema}.answer`

/**
 * Records the changes of applied events in the batch's transaction (commands.ts), each with its project's owner from
 * the project row (the policy of `change` and `visibleChange` read it), and notifies the channel once. A change already
 * recorded (the same stream sequence) is left as it is.
 */
export async function recordChanges(tx: Tx, changes: readonly ChangeRow[]): Promise<void> {
  if (changes.length === 0) return
  await tx.$executeRaw`${changesStatement(changes, [])}`
}

/**
 * `recordChanges`' statement with `before` (named data-modifying CTEs, `name AS (…)`) written in it too: the batch's
 * last rows ride with its changes, one round trip instead of two. The project row each change reads its owner from
 * must not be among `before` (CTEs of one statement do not see each other's rows); no projection writes it in a
 * statement of CTEs. A moved permits clock's change reads its utility request's row as it stood before the batch's
 * statement: a department named only by a permit applied in the same batch is told by that event's own change.
 */
export const changesStatement = (changes: readonly ChangeRow[], before: readonly Prisma.Sql[]) => Prisma.sql`
    WITH ${before.length === 0 ? Prisma.empty : Prisma.sql`${Prisma.join(before, ', ')},`} changed AS (
      INSERT INTO change (id, event_id, project_id, owner_credit_code, kind, event, task_id, department, lead, provider,
                          ticket_id, co_handlers, parties, providers, window_clerk, region)
      SELECT r.id, r."eventId", r."projectId",
             -- A ticket's change carries the ticket's own owner; every other the project's.
             CASE WHEN r."ticketId" IS NULL THEN p.owner_credit_code ELSE r."ownerCreditCode" END,
             r.kind, r.event, r."taskId", r.department, r.lead, coalesce(r.provider, u.provider), r."ticketId",
             coalesce(r."coHandlers", ARRAY[]::text[]),
             -- A change naming its utility request only (a moved permits clock): the departments whose reviewers read
             -- the request, from its row as stored, by the rule of domain/changes.ts utilityParties. Strict paths
             -- with type filters, silent (the last argument): lax mode would unwrap an array-valued department into
             -- several parties and wrap a lone object as a list, so a stored row of another shape names no party it
             -- does not name as a string where one belongs (fewer, never more) and never fails the batch.
             CASE WHEN u.id IS NULL THEN coalesce(r.parties, ARRAY[]::text[])
                  ELSE ARRAY(SELECT d #>> '{}' FROM jsonb_path_query(u.snapshot,
                               'strict $.permits[*] ? (@.type() == "object" && exists(@.appliedOn) && exists(@.department))'
                               ' .department ? (@.type() == "string" && @ != "")', '{}', true) d
                             UNION
                             SELECT c #>> '{}' FROM jsonb_path_query(u.snapshot,
                               'strict $.worksPlanPush.departments[*] ? (@.type() == "object" && exists(@.code))'
                               ' .code ? (@.type() == "string")', '{}', true) c) END,
             coalesce(r.providers, ARRAY[]::text[]), r."windowClerk", r.region
        FROM jsonb_to_recordset(${JSON.stringify(changes)}::jsonb)
             AS r(id bigint, "eventId" uuid, "projectId" uuid, kind text, event text, "taskId" uuid, department text,
                  lead text, provider text, "ticketId" uuid, "coHandlers" text[], "ownerCreditCode" text,
                  parties text[], providers text[], "windowClerk" text, region text, "utilityRequestId" uuid)
        LEFT JOIN project p ON p.id = r."projectId"
        LEFT JOIN utility_request u ON u.id = r."utilityRequestId"
      ON CONFLICT (id) DO NOTHING
      RETURNING id)
    SELECT pg_notify(current_schema() || '.change', max(id)::text) FROM changed HAVING count(*) > 0`

/**
 * Keeps the newest `keep` changes: deletes the older ones and records through which id it did, in one statement, so a
 * stream that reads the rows and the window in one statement never misses a pruned row unawares.
 */
export async function pruneChanges(tx: Tx, keep: number): Promise<number> {
  return tx.$executeRaw`
    WITH cut AS (SELECT id FROM change ORDER BY id DESC OFFSET ${keep}::int LIMIT 1),
         gone AS (DELETE FROM change WHERE id <= (SELECT id FROM cut) RETURNING id)
    UPDATE change_window SET pruned_through = greatest(pruned_through, (SELECT max(id) FROM gone))
     WHERE id = 1 AND EXISTS (SELECT 1 FROM gone)`
}

/**
 * A change as the stream reads it back, with what only a read can say: `onRegistrationCase` on a 证照异议 change of a
 * project with a registration case the caller reads (a registrar's rule, visibility.ts `visibleChange`).
 */
export type StoredChange = Omit<ChangeRow, 'event'> & { event: ChangeEvent; onRegistrationCase?: true }

type Row = {
  pruned: string
  id: string | null
  event_id: string
  project_id: string | null
  owner_credit_code: string | null
  kind: string
  event: ChangeEvent
  task_id: string | null
  department: string | null
  lead: string | null
  provider: string | null
  ticket_id: string | null
  co_handlers: string[] | null
  parties: string[] | null
  providers: string[] | null
  window_clerk: string | null
  region: string | null
  on_registration_case: boolean | null
}

/**
 * The changes after `after` that the row-level policy lets `caller` read, oldest first, at most `limit`, and through
 * which id the window was pruned, in one statement (one snapshot): when `after` is below it, rows the caller may have
 * been owed are gone. The caller's subject is named too: a window clerk reads her own tickets' changes by it.
 */
export async function changesAfter(sql: PlainSql, caller: Caller, after: number, limit: number) {
  const { rows } = await queryAs<Row>(
    sql,
    caller,
    `SELECT w.pruned_through::text AS pruned, c.*
               FROM (SELECT set_caller($1, $2, $3, $4, $5::text) AS scoped OFFSET 0) AS caller
               JOIN change_window w ON w.id = 1
               LEFT JOIN LATERAL (
                 SELECT id::text AS id, event_id, project_id, owner_credit_code, kind, event, task_id, department, lead,
                        provider, ticket_id, co_handlers, parties, providers, window_clerk, region,
                        -- A registrar hears an objection of a project it has a case on (the certificates route's rule);
                        -- asked of a registrar's objection rows only, the one reader it decides for.
                        CASE WHEN caller_role() = 'registrar' AND kind IN ('objection.raised', 'objection.answered')
                             THEN EXISTS (SELECT 1 FROM registration_case r WHERE r.project_id = change.project_id)
                        END AS on_registration_case
                   FROM change WHERE caller.scoped AND id > $6::bigint ORDER BY id LIMIT $7::int) c ON true`,
    [caller.sub ?? null, after, limit],
  )
  const prunedThrough = Number(rows[0]?.pruned ?? 0)
  const changes: StoredChange[] = rows.flatMap((r) =>
    r.id === null
      ? []
      : [
          {
            id: Number(r.id),
            eventId: r.event_id,
            ...(r.project_id === null ? {} : { projectId: r.project_id }),
            ...(r.ticket_id === null ? {} : { ticketId: r.ticket_id, coHandlers: r.co_handlers ?? [] }),
            kind: r.kind,
            event: r.event,
            ...(r.task_id === null ? {} : { taskId: r.task_id }),
            ...(r.department === null ? {} : { department: r.department }),
            ...(r.lead === null ? {} : { lead: r.lead }),
            ...(r.provider === null ? {} : { provider: r.provider }),
            ...(r.parties === null || r.parties.length === 0 ? {} : { parties: r.parties }),
            ...(r.providers === null || r.providers.length === 0 ? {} : { providers: r.providers }),
            ...(r.owner_credit_code === null ? {} : { ownerCreditCode: r.owner_credit_code }),
            ...(r.window_clerk === null ? {} : { windowClerk: r.window_clerk }),
            ...(r.region === null ? {} : { region: r.region }),
            ...(r.on_registration_case === true ? { onRegistrationCase: true as const } : {}),
          },
        ],
  )
  return { prunedThrough, changes }
}

/** The newest change's id and through which id the window was pruned (neither is anyone's data). */
export async function changeWindow(sql: PlainSql): Promise<{ head: number; prunedThrough: number }> {
  const { rows } = await sql.query<{ head: string; pruned: string }>(
    'SELECT change_head()::text AS head, (SELECT pruned_through FROM change_window WHERE id = 1)::text AS pruned',
  )
  return { head: Number(rows[0]?.head ?? 0), prunedThrough: Number(rows[0]?.pruned ?? 0) }
}
