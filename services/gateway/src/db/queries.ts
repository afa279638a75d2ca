import type {
  ProjectTitle,
  PublicRevocation as PublicRevocationSchema,
  RatingSnapshot,
  StepPhase,
} from '@onewindow/contracts'
import { instantKey, instantOfKey, instantText, likeLiteral, prepared } from '@onewindow/db'
import type pg from 'pg'
import type { Static } from 'typebox'
import { type DurationHistory, durationHistory } from '../domain/forecast.js'
import type { Promised } from '../domain/pending.js'
import type { ItemApproval } from '../domain/permit-copy.js'
import type {
  AcceptanceCase,
  AlertRow,
  ApplicationPatch,
  DeficiencyPatch,
  NoticeBody,
  ProjectRow,
  RegistrationCase,
  SignedCertificate,
  StepDecision,
  TaskSnapshot,
  TimelineRow,
  UtilityRequest,
} from '../domain/projectors.js'
import type { SharedStatusRow } from '../domain/shared-results.js'
import { DECIDED_TASK_STATUSES, type StatusRows } from '../domain/status.js'
import { Prisma } from '../generated/client.js'
import type * as Models from '../generated/models.js'
import { type GatewayDb, legalDate, type Tx } from './client.js'
import { promisedFromJson, type RawPromised } from './pending.js'
import { asCaller, type Caller, queryAs, type ReaderDb } from './scope.js'

// Read-model rows back into the projectors' plain shapes: the views are built from those, never from columns.

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v)
const iso = (d: Date | null) => (d === null ? undefined : instantText(d))
const day = (d: Date | null) => (d === null ? undefined : legalDate(d))
const clean = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

const projectRow = (p: Models.ProjectModel): ProjectRow =>
  clean({
    projectId: p.id,
    projectCode: p.projectCode,
    name: p.name,
    projectType: p.projectType,
    region: p.region,
    ownerName: p.ownerName,
    ownerCreditCode: p.ownerCreditCode,
    investmentFen: Number(p.investmentFen),
    location: opt(p.location),
    catalogueVersion: opt(p.catalogueVersion),
    flow: opt(p.flow) as ProjectRow['flow'],
    cap: opt(p.cap) as ProjectRow['cap'],
    registeredAt: instantText(p.registeredAt),
    flowClock: opt(p.flowClock) as ProjectRow['flowClock'],
  })

const applicationRow = (a: Models.ApplicationModel): ApplicationPatch =>
  clean({
    applicationId: a.id,
    projectId: a.projectId,
    step: opt(a.step),
    stepName: opt(a.stepName),
    stage: opt(a.stage),
    receiptNumber: opt(a.receiptNumber),
    withDeficiencies: opt(a.withDeficiencies),
    ownerCreditCode: opt(a.ownerCreditCode),
    items: opt(a.items) as ApplicationPatch['items'],
    acceptedAt: iso(a.acceptedAt),
    acceptedOn: day(a.acceptedOn),
    decision: opt(a.decision) as StepDecision | undefined,
    certificateReleasedAt: iso(a.certificateReleasedAt),
    receipt: opt(a.receipt) as ApplicationPatch['receipt'],
    stepClocks: opt(a.stepClocks) as ApplicationPatch['stepClocks'],
    receivedMaterials: opt(a.receivedMaterials) as ApplicationPatch['receivedMaterials'],
    owedMaterials: opt(a.owedMaterials) as ApplicationPatch['owedMaterials'],
    phase: opt(a.phase) as ApplicationPatch['phase'],
    part: opt(a.part),
    followOns: opt(a.followOns) as ApplicationPatch['followOns'],
  })

const snapshot = (t: { snapshot: unknown }) => t.snapshot as TaskSnapshot

/**
 * A task with a 督办 unanswered: the predicate of the partial index `task_owing_supervision_idx` (migration
 * 20261231400000_task_owing_supervision), word for word — the planner uses the index only for a query stating it so.
 */
export const OWING_SUPERVISION = Prisma.sql`jsonb_path_exists(snapshot, '$.supervisions[*] ? (!exists(@.response))')`

/** The status's rows as the one statement of {@link readModel}'s `status` builds them; absent fields come as null. */
type RawStatus = {
  project: Record<string, unknown>
  departments: string[]
  applications: Array<Record<string, unknown>>
  deficiencies: Array<Record<string, unknown>>
  tasks: unknown[]
  notices: Array<Record<string, unknown>>
  alerts: Array<Record<string, unknown>>
  timeline: Array<Record<string, unknown>>
  acceptance: unknown[]
  utilities: unknown[]
  registrations: unknown[]
  certificates: unknown[]
  /** Absent from a row read before migration 20261207200100_shared_result's function. */
  shared?: SharedStatusRow[]
}

/** A row without its null columns, as `clean` leaves a row read by field: an absent field is undefined, not null. */
const present = (row: Record<string, unknown>) => {
  for (const key of Object.keys(row)) if (row[key] === null) delete row[key]
  return row
}

/** A joint acceptance case's parties: its lead department, its owner, its items' departments. */
export type AcceptanceParties = {
  lead: string
  ownerCreditCode: string
  items: Array<{ item: string; department: string }>
  /** Its project's region (行政区划代码), null while the project is not projected (20270102000000_caller_region). */
  region?: string | null
}

/**
 * Where an inbox page ends: its last row's stored due date as PostgreSQL writes it (`dayKey` in @onewindow/db: any day
 * the column holds, 'infinity' too; null for the undated tail) and its id.
 */
export type InboxKey = { dueOn: string | null; taskId: string }
/** One inbox page and, when more follow, the key the next page starts after. */
export type InboxPage = { tasks: TaskSnapshot[]; next?: InboxKey }
/** Where a page of the project list ends: the last project's registration instant as key text (`instantKey`) and id. */
export type ProjectKey = { registeredAt: string; projectId: string }
/**
 * Where a department's 外线工程 list stands (`permitInbox`): `due`, a request with a permits clock, by its due day;
 * `applied`, one without, by the earliest day a permit awaiting the department was applied for; then the id. On the
 * list of permits granted 容缺通过 still owing materials (`owing`), `granted`, by the earliest day the department granted
 * such a permit of the request; then the id.
 */
export type PermitInboxKey = { by: 'due' | 'applied' | 'granted'; day: string; id: string }
export const PERMIT_INBOX_RANKS = ['due', 'applied'] as const
/**
 * A legal date's text and nothing else (2000-01-01 to 2099-12-31, every month its own length, 29 February in leap years
 * only): the same set as `@onewindow/workdays`' `isLegalDate`, written for PostgreSQL, so a key day read from a stored
 * row is never one a cursor would refuse and never one the statement's text comparison would misplace.
 */
export const PERMIT_INBOX_DAY =
  '^(20[0-9]{2}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))|20([02468][048]|[13579][26])-02-29)$'

export type ProjectPage = { projects: ProjectRow[]; next?: ProjectKey }
const acceptanceOf = (t: { snapshot: unknown }) => t.snapshot as AcceptanceCase
const utilityOf = (t: { snapshot: unknown }) => t.snapshot as UtilityRequest
const registrationOf = (t: { snapshot: unknown }) => t.snapshot as RegistrationCase
const certificateOf = (t: { signed: unknown }) => t.signed as SignedCertificate
type PublicRevocation = Static<typeof PublicRevocationSchema>
/** A stored revocation, as the revocation list reads it. */
export type RevocationRow = { certificateId: string; number: string; revokedOn: Date; reason: string; revokedAt: Date }
export const revocationOf = (r: RevocationRow): PublicRevocation => ({
  certificateId: r.certificateId,
  number: r.number,
  revokedOn: legalDate(r.revokedOn),
  reason: r.reason,
  revokedAt: instantText(r.revokedAt),
})

/** What the two hottest reads need of the gateway's reader pool (the one its reading Prisma client is built over). */
export type PlainSql = Pick<pg.Pool, 'query'>

// The status and the inbox page are read through the pool itself, not `$queryRaw`: a CPU profile of the gateway
// under load (bench:status, 2026-11-30) put Prisma's raw path — its query interpreter, its row mapping into
// Prisma's value types, its JSON decoding and the promise layers around them — at about a sixth of the gateway's
// main-thread CPU per status and a fifth per inbox page (the main thread is what saturates: one core of two), for
// a statement whose text never changes and whose columns are JSON, a date as text and text, which pg's own parsers
// decode the same way. The text is constant and every value a `$n`
// parameter, so nothing is built from strings; no Prisma client is involved, so no Prisma invariant (its
// transactions, its middleware) is bypassed. Every other read stays typed Prisma.

/** The order a list of ratings is read in: open loops overdue first, then by due day, day rated and id (alias `g`). */
export const RATINGS_IN_LIST_ORDER = `(g.fix_status = 'overdue') DESC NULLS LAST, g.fix_due_on NULLS LAST, g.rated_on, g.id`

/**
 * The project's answer version (migration 20261130060000_answer_version), `project_status` (migration
 * 20261130040000_read_path) unless the version is still `$2`, the one the caller's kept answer was built at, and
 * the project's promises: one statement, one snapshot, so the version is exactly that of the rows beside it. A kept
 * answer is only ever confirmed by a statement that reads the project's row itself, so a policy of the database on
 * who may read it (row-level security) decides for a kept answer as for a built one. The caller is named with the
 * project (`set_caller`'s fifth argument, migration 20261201600000_rls_checked_project): whether it may read the
 * project is asked once, not once per row of `project_status`.
 */
const STATUS_SQL = `
  WITH answer AS (
         SELECT coalesce((SELECT version FROM answer_version WHERE scope = 'project:' || $5::uuid), 0) AS version,
                EXISTS (SELECT 1 FROM project WHERE id = $5::uuid) AS readable
           FROM (SELECT set_caller($1, $2, $3, $4, $5::uuid) OFFSET 0) AS caller),
       kept AS (SELECT answer.version = $6::bigint AND answer.readable AS unchanged FROM answer),
       stored AS (
         SELECT s.body, s.instant_at, s.owner_credit_code, s.departments, s.application_ids::text[] AS application_ids,
                s.shown_rows
           FROM status_answer s, answer, kept
          WHERE $7::date IS NOT NULL AND NOT kept.unchanged AND answer.readable AND s.project_id = $5::uuid
            AND s.version = answer.version AND s.day = $7::date AND s.built_with = $8::text)
  SELECT answer.version::text AS version, kept.unchanged,
         stored.body, stored.instant_at, stored.owner_credit_code, stored.departments, stored.application_ids,
         stored.shown_rows,
         CASE WHEN kept.unchanged OR stored.body IS NOT NULL THEN NULL ELSE project_status($5::uuid) END AS rows,
         (SELECT coalesce(json_agg(json_build_object(
            'id', w.id, 'kind', w.kind, 'projectId', w.project_id, 'ownerCreditCode', w.owner_credit_code,
            'region', w.region, 'project', w.project, 'since', instant_text(w.since)) ORDER BY w.since, w.id), '[]')
            FROM pending_write w WHERE w.project_id = $5::uuid) AS promised,
         (SELECT coalesce(json_agg(g.snapshot ORDER BY g.n), '[]') FROM (
            SELECT g.snapshot, row_number() OVER (ORDER BY ${RATINGS_IN_LIST_ORDER}) AS n
              FROM rating g WHERE g.project_id = $5::uuid
             ORDER BY n LIMIT $9::int) g) AS ratings
    FROM answer CROSS JOIN kept LEFT JOIN stored ON true`

/** A project's status rows with the departments that have a task on it (whose reviewers may read it). */
export type StatusRowsRead = StatusRows & { departments: string[] }

/**
 * One read of a project's status. `version` is the project's answer version in the snapshot read; `unchanged` says
 * it is still the one the caller passed, and then no rows were built or sent; `rows` is undefined for a project
 * the read model does not have. What the gateway promised after a 201 (db/pending.ts) is always read beside them:
 * promises are not part of the version, so writing one never waits for the reader's batch on the same project.
 */
export type StatusRead = { version: string; promised: Promised[]; ratings: RatingSnapshot[] } & (
  | { unchanged: true }
  | { unchanged: false; stored: StoredStatus }
  | { unchanged: false; stored?: undefined; rows: StatusRowsRead | undefined }
)

/**
 * A status kept in the read model (`status_answer`, migration 20261202130000_status_answer): the whole view's bytes
 * at the version read, for the legal day and `builtWith` asked, with who may read it at that version.
 */
export type StoredStatus = {
  bytes: { body: string; instantAt: number }
  readableBy: { ownerCreditCode: string; departments: string[] }
  applicationIds: string[]
  rows: number
}

/** Which kept whole-view answer a read may use: the legal day and the `builtWith` it must have been built for. */
export type StoredWanted = { day: string; builtWith: string }

/** No kept answer: a version no scope ever has, so the rows are always built. */
const NO_VERSION = '-1'

/**
 * How many of the project's 好差评 ratings the status statement reads beside it, newest loops to fix first (none when
 * left out). They ride in the status's one statement rather than a list of their own: that list, planned anew on
 * every call, cost PostgreSQL more than the status itself (docs/performance.md).
 */
export type StatusWanted = { stored?: StoredWanted; ratings?: number }

async function statusSince(
  sql: PlainSql,
  caller: Caller,
  projectId: string,
  known: string = NO_VERSION,
  { stored, ratings = 0 }: StatusWanted = {},
): Promise<StatusRead> {
  type Row = {
    version: string
    unchanged: boolean
    body: string | null
    instant_at: number | null
    owner_credit_code: string | null
    departments: string[] | null
    application_ids: string[] | null
    shown_rows: number | null
    rows: RawStatus | null
    promised: RawPromised[]
    ratings: RatingSnapshot[]
  }
  const [row] = await hotRead<Row>(sql, caller, 'status', [
    projectId,
    known,
    stored?.day ?? null,
    stored?.builtWith ?? null,
    ratings,
  ])
  if (!row) throw new Error('the status statement answered no row')
  const promised = row.promised.map(promisedFromJson)
  const read = { version: row.version, promised, ratings: row.ratings }
  if (row.unchanged) return { ...read, unchanged: true }
  if (row.body !== null) {
    return {
      ...read,
      unchanged: false,
      stored: {
        bytes: { body: row.body, instantAt: row.instant_at ?? 0 },
        readableBy: { ownerCreditCode: row.owner_credit_code ?? '', departments: row.departments ?? [] },
        applicationIds: row.application_ids ?? [],
        rows: row.shown_rows ?? 1,
      },
    }
  }
  const r = row.rows
  if (!r) return { ...read, unchanged: false, rows: undefined }
  return {
    ...read,
    unchanged: false,
    rows: {
      project: present(r.project) as ProjectRow,
      departments: r.departments,
      acceptance: r.acceptance as AcceptanceCase[],
      utilities: r.utilities as UtilityRequest[],
      registrations: r.registrations as RegistrationCase[],
      certificates: r.certificates as SignedCertificate[],
      applications: r.applications.map(present) as ApplicationPatch[],
      deficiencies: r.deficiencies.map(present) as DeficiencyPatch[],
      tasks: r.tasks as TaskSnapshot[],
      notices: r.notices.map(present) as NoticeBody[],
      alerts: r.alerts.map(present) as AlertRow[],
      timeline: r.timeline.map(present) as TimelineRow[],
      shared: r.shared ?? [],
    },
  }
}

/** A department's inbox version: every task row of the department moves it (the same migration's trigger). */
const INBOX_VERSION_SQL = `
  SELECT coalesce((SELECT version FROM answer_version WHERE scope = 'inbox:' || $1::text), 0)::text AS version`

// An inbox page's dated part. A filter left out is a NULL parameter: PostgreSQL plans an unnamed statement with its
// parameters' values, so `$6::text IS NULL OR …` folds away and the page still walks the
// `(department, [status,] due_on, id)` index from its key (EXPLAIN on the bench's 600,000 tasks). The caller comes
// first, in $1–$4, for `set_caller` (db/scope.ts `queryAs`): the lateral scan runs after it, under RLS.
const INBOX_DATED_SQL = `
  SELECT page.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (
  SELECT id::text AS task_id, due_on::text AS due, snapshot FROM task
   WHERE caller.scoped AND department = $5 AND ($6::text IS NULL OR status = $6) AND due_on IS NOT NULL
     AND ($7::date IS NULL OR due_on < $7::date)
     AND ($8::date IS NULL OR (due_on, id) > ($8::date, $9::uuid))
   ORDER BY due_on, id LIMIT $10) AS page`
// The undated tail, read only once the dated tasks are exhausted.
const INBOX_UNDATED_SQL = `
  SELECT page.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (
  SELECT id::text AS task_id, NULL AS due, snapshot FROM task
   WHERE caller.scoped AND department = $5 AND ($6::text IS NULL OR status = $6) AND due_on IS NULL
     AND ($7::uuid IS NULL OR id > $7::uuid)
   ORDER BY id LIMIT $8) AS page`

/**
 * What anyone may read without a token: the revocation list (注销), public by design — its policy lets every caller
 * read every row (migration 20261130080000_certificate_revocation_rls), so no caller is named.
 */
export function publicReadModel(db: GatewayDb) {
  return {
    async revocation(certificateId: string): Promise<PublicRevocation | undefined> {
      const row = await db.certificateRevocation.findUnique({ where: { certificateId } })
      return row ? revocationOf(row) : undefined
    },

    /**
     * One page of the revocation list in the order applied: up to `limit` stored rows after `after`, and whether more
     * follow. Rows as stored: the route builds each on its own (one bad row is set aside, not the page).
     */
    async revocations(after: number, limit: number): Promise<{ rows: RevocationRow[]; next?: number }> {
      const rows = await db.certificateRevocation.findMany({
        where: { seq: { gt: after } },
        orderBy: { seq: 'asc' },
        take: limit + 1,
      })
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      return { rows: page, ...(rows.length > limit && last ? { next: last.seq } : {}) }
    },
  }
}

/**
 * The hot reads, sent as every statement is (`prepared`, @onewindow/db). The status is prepared: each connection
 * parses and plans it once and then only binds and executes it (pgbench on the bench's read model, one client: 0.48
 * ms per call unnamed, 0.31 named); its parameters are the caller and an id, so the plan PostgreSQL keeps for every id
 * is the plan for each. The inbox pages are left unnamed by `prepared`'s rule for an optional filter: PostgreSQL
 * switches a named statement to a generic plan after five calls, and a generic plan cannot fold
 * `$8::date IS NULL OR (due_on, id) > …` away, so it filters every task of the department instead of starting the
 * index scan at the cursor (EXPLAIN with `plan_cache_mode = force_generic_plan`: 329 ms for a page, against 0.2).
 */
const HOT_READS = {
  status: STATUS_SQL,
  inboxVersion: INBOX_VERSION_SQL,
  inboxDated: INBOX_DATED_SQL,
  inboxUndated: INBOX_UNDATED_SQL,
} as const

/**
 * The one way a status or an inbox page reaches PostgreSQL: every hot read of the read model goes through here, so
 * what every such read needs (a caller's scope set for row-level security in the same round trip) is added once.
 */
async function hotRead<R extends pg.QueryResultRow>(
  sql: PlainSql,
  caller: Caller | undefined,
  read: keyof typeof HOT_READS,
  values: unknown[],
): Promise<R[]> {
  // The versions are counters, not rows of anyone's (their policy lets every caller read them): the one read unscoped.
  if (!caller) return (await sql.query<R>(prepared(sql, HOT_READS[read], values))).rows
  return (await queryAs<R>(sql, caller, HOT_READS[read], values)).rows
}

type Titled<T> = T & { projects: ProjectTitle[] }

/**
 * Whether the calling lead's department uses the project's permits: a task of its own on it, or it leads its joint
 * acceptance (`caller_uses_permits`, migration 20270102100000_lead_uses_permits). False for any other role.
 */
async function callerUsesPermits(tx: Tx, projectId: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<Array<{ uses: boolean }>>`SELECT caller_uses_permits(${projectId}::uuid) AS uses`
  return row?.uses === true
}

/**
 * The titles of the projects `rows` are on (migration 20261216000000_project_titles: a registrar's cases' projects, a
 * provider's requests' projects, and what the caller could read anyway; 20261219000000_acceptance_project_titles: a
 * department's joint acceptance cases' projects), in the caller's transaction. The rows' own
 * `project_id` column, not their snapshot, so a damaged snapshot still leaves its project named.
 */
async function projectTitles(tx: Tx, rows: ReadonlyArray<{ projectId: string }>): Promise<ProjectTitle[]> {
  const ids = [...new Set(rows.map((r) => r.projectId))]
  if (ids.length === 0) return []
  return tx.$queryRaw<ProjectTitle[]>`
    SELECT id::text AS "projectId", name, project_code AS "projectCode", location
      FROM project_titles(${ids}::uuid[]) ORDER BY id`
}

/**
 * The read model as one caller may read it: `db` is the reader role's (it owns nothing and row-level
 * security applies), and every read below names `caller` in its own transaction first (db/scope.ts), so PostgreSQL
 * returns only that caller's rows whatever a query's own filters say.
 */
export function readModel(db: ReaderDb, caller: Caller) {
  const sql: PlainSql = db.pool
  return {
    async project(id: string): Promise<ProjectRow | undefined> {
      const p = await asCaller(db, caller, (tx) => tx.project.findUnique({ where: { id } }))
      return p ? projectRow(p) : undefined
    },

    /**
     * The region of the project a 12345 ticket names, for the one who registers it (`ticket_project_region`,
     * migration 20270112000000_ticket_project_region): the agent's and the clerk's of any project, an owner's of its
     * own — projected, or promised and not yet applied; undefined for a project unknown, another owner's, or
     * without a region, and for any other role. A fact whatever else the caller may read of the project.
     */
    async ticketProjectRegion(projectId: string): Promise<string | undefined> {
      const [row] = await asCaller(
        db,
        caller,
        (tx) =>
          tx.$queryRaw<Array<{ region: string | null }>>`SELECT ticket_project_region(${projectId}::uuid) AS region`,
      )
      return row?.region ?? undefined
    },

    /**
     * The projects the caller may read, newest first: an owner's own (its 统一社会信用代码; row-level security says
     * the same), or every project for a role that sees all. The owner's index (`owner_credit_code`) serves the first.
     * Keyset-paged on (registered_at descending, id): `after` is the last key of the page before, and one row more than
     * `limit` is read to tell whether more follow. Offsets would skip or repeat a project when one is registered
     * between two pages; a key does not, and ties on the instant are broken by the id, so every project comes once.
     */
    async projects(
      filter: { ownerCreditCode?: string; search?: string },
      page: { limit: number; after?: ProjectKey },
    ): Promise<ProjectPage> {
      // `%` and `_` of the search match themselves (likeLiteral escapes them with PostgreSQL's default `\`).
      const text = filter.search === undefined ? null : likeLiteral(filter.search)
      const owner = filter.ownerCreditCode ?? null
      const after = page.after
      // The page's ids and keys first, the key as PostgreSQL writes it (`instantKey`): a stored 'infinity' is no Date,
      // and a page ending on one must still lead on past it. Then the rows themselves, as every project read maps them.
      type Key = { id: string; key: string }
      const { keys, rows } = await asCaller(db, caller, async (tx) => {
        const keys = await tx.$queryRaw<Key[]>`
          SELECT id::text AS id, ${instantKey(Prisma.sql`registered_at`)} AS key FROM project
           WHERE (${owner}::text IS NULL OR owner_credit_code = ${owner}::text)
             AND (${text}::text IS NULL
                  OR name ILIKE '%' || ${text}::text || '%' OR project_code ILIKE '%' || ${text}::text || '%')
             AND (${after?.registeredAt ?? null}::text IS NULL
                  OR registered_at < ${after ? instantOfKey(after.registeredAt) : Prisma.sql`NULL`}
                  OR (registered_at = ${after ? instantOfKey(after.registeredAt) : Prisma.sql`NULL`}
                      AND id > ${after?.projectId ?? null}::uuid))
           ORDER BY registered_at DESC, project.id
           LIMIT ${page.limit + 1}::int`
        const ids = keys.slice(0, page.limit).map((k) => k.id)
        return { keys, rows: ids.length === 0 ? [] : await tx.project.findMany({ where: { id: { in: ids } } }) }
      })
      const byId = new Map(rows.map((r) => [r.id, r]))
      const shown = keys.slice(0, page.limit)
      // The next page starts after this page's last row, whether or not it reads as a project (the route names it).
      const last = shown.at(-1)
      return {
        projects: shown.flatMap((k) => {
          const row = byId.get(k.id)
          return row ? [projectRow(row)] : []
        }),
        ...(keys.length > page.limit && last ? { next: { registeredAt: last.key, projectId: last.id } } : {}),
      }
    },

    /**
     * The approvals of `item` on the project as the read model holds them: each application whose step approval
     * decided approved with a task of the item approved (`step.decided`, its phase and its building from the
     * application's acceptance),
     * none of whose tasks of the item was revoked since (撤销), oldest decision first. What the gateway sends of the
     * construction permit with a joint-acceptance application (`AcceptancePermitCopy`).
     */
    async approvalsOf(projectId: string, item: string): Promise<ItemApproval[]> {
      const rows = await asCaller(
        db,
        caller,
        (tx) =>
          tx.$queryRaw<
            Array<{ applicationId: string; decidedAt: string; phase: StepPhase | null; part: string | null }>
          >`
          SELECT a.id::text AS "applicationId", a.decision ->> 'decidedAt' AS "decidedAt", a.phase, a.part
            FROM application a
           WHERE a.project_id = ${projectId}::uuid AND a.decision ->> 'outcome' = 'approved'
             AND a.decision -> 'tasks' @> jsonb_build_array(jsonb_build_object('item', ${item}::text, 'outcome', 'approved'))
             AND NOT EXISTS (SELECT 1 FROM task t
                              WHERE t.application_id = a.id AND t.item = ${item}::text AND t.status = 'revoked')
           ORDER BY a.decision ->> 'decidedAt', a.id`,
      )
      return rows.map(({ phase, part, ...r }) => ({
        ...r,
        ...(phase === null ? {} : { phase }),
        ...(part === null ? {} : { part }),
      }))
    },

    /** A project with its applications: what the project page and its flow need. */
    async projectWithApplications(id: string) {
      // One snapshot, as for the status.
      const [p, applications] = await asCaller(
        db,
        caller,
        async (tx) => [
          await tx.project.findUnique({ where: { id } }),
          await tx.application.findMany({ where: { projectId: id } }),
        ],
        { isolationLevel: 'RepeatableRead' },
      )
      return p ? { project: projectRow(p), applications: applications.map(applicationRow) } : undefined
    },

    /** The departments with a task on the project: whose reviewers may see it. */
    /**
     * Whether the calling reviewer's or lead's department has a task on the project (`caller_department_has_task`,
     * migration 20261210400200: a lead's read of the tasks shows only the steps it leads). False for any other role.
     */
    async departmentHasTask(projectId: string): Promise<boolean> {
      const [row] = await asCaller(
        db,
        caller,
        (tx) => tx.$queryRaw<Array<{ has: boolean }>>`SELECT caller_department_has_task(${projectId}::uuid) AS has`,
      )
      return row?.has === true
    },

    async departmentsOf(projectId: string): Promise<string[]> {
      const rows = await asCaller(db, caller, (tx) =>
        tx.task.findMany({ where: { projectId }, select: { department: true }, distinct: ['department'] }),
      )
      return rows.map((r) => r.department)
    },

    /** The owner of an application, through its project (or the acceptance event when the project is not yet in). */
    async applicationOwner(id: string): Promise<string | undefined> {
      return asCaller(db, caller, async (tx) => {
        const a = await tx.application.findUnique({ where: { id } })
        if (!a) return undefined
        const p = await tx.project.findUnique({ where: { id: a.projectId }, select: { ownerCreditCode: true } })
        return p?.ownerCreditCode ?? opt(a.ownerCreditCode)
      })
    },

    /**
     * 帮办代办: the open 补正 notices of these applications of a project, oldest first — read as the owner the helper
     * acts for (row-level security keeps it to that owner's project), once intake has said the case allows it. Each
     * notice as stored: the route checks it against its view, and names one that does not match.
     */
    async openNotices(projectId: string, applicationIds: readonly string[]) {
      if (applicationIds.length === 0) return []
      const rows = await asCaller(db, caller, (tx) =>
        tx.supplementNotice.findMany({
          where: { projectId, status: 'open', applicationId: { in: [...applicationIds] } },
          orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }],
          take: 200,
        }),
      )
      return rows.map((n) => ({
        noticeId: n.id,
        applicationId: n.applicationId,
        version: n.version,
        status: 'open' as const,
        requests: n.requests as Array<{
          taskId: string
          department: string
          item: string
          materials: string[]
          reason: string
          requestedOn: string
        }>,
        issuedAt: instantText(n.issuedAt),
      }))
    },

    async task(id: string): Promise<TaskSnapshot | undefined> {
      const t = await asCaller(db, caller, (tx) => tx.task.findUnique({ where: { id }, select: { snapshot: true } }))
      return t ? snapshot(t) : undefined
    },

    /**
     * One page of a department's tasks, soonest due first, then by task id; tasks without a due date last. Keyset
     * paging: the page starts strictly after `after` (the last key of the page before), so a task added or decided
     * between two reads neither shifts nor repeats the others. Row comparison `(due_on, id) > (…)` walks the
     * `(department, [status,] due_on, id)` index from the key, whatever the page's depth.
     */
    async inbox(
      department: string,
      filter: { status?: string; dueBefore?: string },
      page: { limit: number; after?: InboxKey },
    ): Promise<InboxPage> {
      // `task_id`, not `id`: ORDER BY would take an output column `id` (text) and sort outside the index.
      type Row = { task_id: string; due: string | null; snapshot: unknown }
      const take = page.limit + 1
      const status = filter.status ?? null
      const rows: Row[] = []
      if (page.after?.dueOn !== null) {
        const after = page.after
        const dated = await hotRead<Row>(sql, caller, 'inboxDated', [
          department,
          status,
          filter.dueBefore ?? null,
          after?.dueOn ?? null,
          after?.taskId ?? null,
          take,
        ])
        rows.push(...dated)
      }
      // `due_before` leaves the undated tail out.
      if (rows.length < take && !filter.dueBefore) {
        const after = page.after?.dueOn === null ? page.after.taskId : null
        rows.push(...(await hotRead<Row>(sql, caller, 'inboxUndated', [department, status, after, take - rows.length])))
      }
      const shown = rows.slice(0, page.limit)
      const last = shown.at(-1)
      return {
        tasks: shown.map(snapshot),
        ...(rows.length > page.limit && last ? { next: { dueOn: last.due, taskId: last.task_id } } : {}),
      }
    },

    /**
     * Everything the status shows, and the departments with a task on the project (whose reviewers may read it), in
     * one statement: `project_status` (migration 20261130040000_read_path). One statement reads one snapshot, so a
     * step decision's timeline entry committed meanwhile is either in every part or in none — what a REPEATABLE READ
     * transaction of eleven reads gave, at one round trip. The rows come back in the plain shapes the projectors
     * write, built by PostgreSQL, so nothing is hydrated twice.
     */
    async status(projectId: string): Promise<StatusRowsRead | undefined> {
      const read = await statusSince(sql, caller, projectId)
      return read.unchanged || read.stored ? undefined : read.rows
    },

    /**
     * The forecast's history (domain/forecast.ts): for each department deciding one of `items`, the net working days
     * of its last `lastN` decided tasks of it, newest first — every project's, through `forecast_history` (migration
     * 20261204030000_forecast_history), which shows only day counts.
     */
    async forecastHistory(items: readonly string[], lastN: number): Promise<DurationHistory> {
      if (items.length === 0) return durationHistory([])
      const rows = await asCaller(
        db,
        caller,
        (tx) => tx.$queryRaw<Array<{ department: string; item: string; days: number[] }>>`
        SELECT department, item, days FROM forecast_history(${[...items]}::text[], ${lastN}::int)`,
      )
      return durationHistory(rows)
    },

    /**
     * The status's rows unless the project's answer version is still `known`, or, when `stored` names a day and a
     * `builtWith`, the whole view kept in the read model for exactly those at the version read; its promises always.
     */
    statusSince: (projectId: string, known?: string, wanted?: StatusWanted) =>
      statusSince(sql, caller, projectId, known, wanted),

    /**
     * The department's inbox version. Read before a page's rows, in its own statement: a change committed between
     * the two may be in the rows, but it has moved the version past the one read, so the next read finds the
     * version moved and builds the page again; a page kept at a version never misses a change made after it.
     */
    async inboxVersion(department: string): Promise<string> {
      const [row] = await hotRead<{ version: string }>(sql, undefined, 'inboxVersion', [department])
      return row?.version ?? NO_VERSION
    },

    /**
     * Who takes part in a case, whether or not the caller may read it (`acceptance_case_parties`, migration
     * 20261130050000_row_level_security): what a command's authorisation weighs, never shown. Undefined: not projected.
     */
    async acceptanceCaseParties(id: string): Promise<AcceptanceParties | undefined> {
      const [row] = await asCaller(
        db,
        caller,
        (tx) => tx.$queryRaw<Array<{ parties: AcceptanceParties | null }>>`
        SELECT acceptance_case_parties(${id}::uuid) AS parties`,
      )
      return row?.parties ?? undefined
    },

    /** Every task of the steps `lead` leads (牵头部门), soonest due first; row-level security keeps a lead to its own. */
    async leadTasks(lead: string, filter: { applicationId?: string }, limit: number): Promise<TaskSnapshot[]> {
      const rows = await asCaller(db, caller, (tx) =>
        tx.task.findMany({
          where: { lead, ...(filter.applicationId ? { applicationId: filter.applicationId } : {}) },
          orderBy: [{ dueOn: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
          take: limit,
          select: { snapshot: true },
        }),
      )
      return rows.map(snapshot)
    },

    /** The alerts `lead` received, newest first. */
    async leadAlerts(lead: string, limit: number) {
      return asCaller(db, caller, (tx) =>
        tx.leadAlert.findMany({ where: { lead }, orderBy: [{ detectedAt: 'desc' }, { eventId: 'asc' }], take: limit }),
      )
    },

    /** Tasks approved on commitment (告知承诺) the caller may read, optionally one department's or project's. */
    async committedTasks(filter: { department?: string; projectId?: string }): Promise<TaskSnapshot[]> {
      const projectId = filter.projectId ?? null
      const department = filter.department ?? null
      const rows = await asCaller(
        db,
        caller,
        (tx) => tx.$queryRaw<Array<{ snapshot: unknown }>>`
        SELECT snapshot FROM task
         WHERE status IN ('approved', 'revoked') AND snapshot -> 'commitment' IS NOT NULL
           AND (${department}::text IS NULL OR department = ${department}::text)
           AND (${projectId}::uuid IS NULL OR project_id = ${projectId}::uuid)
         ORDER BY id`,
      )
      return rows.map(snapshot)
    },

    /** Tasks with an overdue 容缺 material (容缺后补, of `department`, when given), whatever their status. */
    async tasksWithDeficiencies(filter: { department?: string; projectId?: string }): Promise<TaskSnapshot[]> {
      const projectId = filter.projectId ?? null
      const department = filter.department ?? null
      const rows = await asCaller(
        db,
        caller,
        (tx) => tx.$queryRaw<Array<{ snapshot: unknown }>>`
        SELECT snapshot FROM task
         WHERE snapshot -> 'deficiencies' IS NOT NULL
           AND (${department}::text IS NULL OR department = ${department}::text)
           AND (${projectId}::uuid IS NULL OR project_id = ${projectId}::uuid)
         ORDER BY id`,
      )
      return rows.map(snapshot)
    },

    /** Joint acceptance cases with an item passed on commitment (of `department`, when given). */
    async casesWithCommitments(filter: { department?: string; projectId?: string }): Promise<AcceptanceCase[]> {
      const item = { status: 'committed', ...(filter.department ? { department: filter.department } : {}) }
      const contains = JSON.stringify({ items: [item] })
      const projectId = filter.projectId ?? null
      const rows = await asCaller(
        db,
        caller,
        (tx) => tx.$queryRaw<Array<{ snapshot: unknown }>>`
        SELECT snapshot FROM acceptance_case
         WHERE snapshot @> ${contains}::jsonb AND (${projectId}::uuid IS NULL OR project_id = ${projectId}::uuid)
         ORDER BY id`,
      )
      return rows.map(acceptanceOf)
    },

    /**
     * The joint acceptance cases `department` leads (牵头部门) or has an item in, newest change first, with the titles
     * of their projects; row-level security keeps it to those (the caller's part of each is cut by contracts'
     * `acceptanceCasePart`).
     */
    async acceptanceCases(
      department: string,
      filter: { projectId?: string; status?: string },
    ): Promise<Titled<{ cases: AcceptanceCase[] }>> {
      const item = JSON.stringify([{ department }])
      const projectId = filter.projectId ?? null
      const status = filter.status ?? null
      return asCaller(db, caller, async (tx) => {
        const rows = await tx.$queryRaw<Array<{ projectId: string; snapshot: unknown }>>`
        SELECT project_id::text AS "projectId", snapshot FROM acceptance_case
         WHERE (lead = ${department} OR snapshot -> 'items' @> ${item}::jsonb)
           AND (${projectId}::uuid IS NULL OR project_id = ${projectId}::uuid)
           AND (${status}::text IS NULL OR status = ${status}::text)
         ORDER BY updated_at DESC, id`
        return { cases: rows.map(acceptanceOf), projects: await projectTitles(tx, rows) }
      })
    },

    async utilityRequest(id: string): Promise<UtilityRequest | undefined> {
      const row = await asCaller(db, caller, (tx) =>
        tx.utilityRequest.findUnique({ where: { id }, select: { snapshot: true } }),
      )
      return row ? utilityOf(row) : undefined
    },

    /** A provider's requests, newest change first, with the titles of their projects. */
    async utilityRequests(
      provider: string,
      filter: { projectId?: string; stage?: string },
    ): Promise<Titled<{ requests: UtilityRequest[] }>> {
      return asCaller(db, caller, async (tx) => {
        const rows = await tx.utilityRequest.findMany({
          where: {
            provider,
            ...(filter.projectId ? { projectId: filter.projectId } : {}),
            ...(filter.stage ? { stage: filter.stage } : {}),
          },
          orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
          select: { projectId: true, snapshot: true },
        })
        return { requests: rows.map(utilityOf), projects: await projectTitles(tx, rows) }
      })
    },

    /**
     * The requests whose works plans were pushed to `department` (告知承诺免审批), newest change first, with the titles
     * of their projects; `restoration` keeps those whose restoration is in that state (`none`: not yet declared).
     */
    async pushedWorks(
      department: string,
      filter: { restoration?: string },
    ): Promise<Titled<{ requests: UtilityRequest[] }>> {
      const restoration = filter.restoration ?? null
      return asCaller(db, caller, async (tx) => {
        const rows = await tx.$queryRaw<Array<{ projectId: string; snapshot: unknown }>>`
        SELECT project_id::text AS "projectId", snapshot FROM utility_request
         WHERE snapshot -> 'worksPlanPush' -> 'departments' @> jsonb_build_array(jsonb_build_object('code', ${department}::text))
           AND (${restoration}::text IS NULL
                OR coalesce(snapshot -> 'restoration' ->> 'status', 'none') = ${restoration}::text)
         ORDER BY updated_at DESC, id
         LIMIT 500`
        return { requests: rows.map(utilityOf), projects: await projectTitles(tx, rows) }
      })
    },

    /**
     * 并联审批: the requests with an outside-line permit applied to `department` on the platform and awaiting its
     * decision, soonest due first — by the permits clock's due day as utility computed it when the clock last changed
     * (`permitsDueOn`; a request written before it was carried, its clock's start), then those with no clock (a region
     * that sets none) by the earliest day a permit was applied to the department, then by id — from after `after`, at
     * most `limit`, with their projects' titles and each one's key. A key's day is only ever a legal date
     * (`PERMIT_INBOX_DAY`, the rule of `isLegalDate`): a stored day that is not one is passed over for the next rule's,
     * and a request with neither is ordered last (2099-12-31), so every key makes a cursor the route accepts back.
     * Row-level security keeps a regional reviewer to its region (20270113010000_permit_inbox_scope).
     */
    async permitInbox(
      department: string,
      page: { limit: number; after?: PermitInboxKey },
    ): Promise<Titled<{ requests: Array<{ snapshot: UtilityRequest; key: PermitInboxKey }> }>> {
      if (page.after?.by === 'granted') throw new Error('permitInbox: a key of the owing list')
      const afterRank = page.after ? PERMIT_INBOX_RANKS.indexOf(page.after.by) : null
      const afterDay = page.after?.day ?? null
      const afterId = page.after?.id ?? null
      return asCaller(db, caller, async (tx) => {
        const rows = await tx.$queryRaw<
          Array<{ projectId: string; snapshot: unknown; id: string; rank: number; day: string }>
        >`
        SELECT project_id::text AS "projectId", snapshot, id::text AS id, rank, day FROM (
          SELECT project_id, snapshot, id,
                 CASE WHEN due IS NULL THEN 1 ELSE 0 END AS rank,
                 coalesce(due, applied, '2099-12-31') AS day
            FROM (
              SELECT project_id, snapshot, id,
                     CASE WHEN snapshot -> 'permitsClock' IS NOT NULL THEN
                       CASE WHEN snapshot ->> 'permitsDueOn' ~ ${PERMIT_INBOX_DAY} THEN snapshot ->> 'permitsDueOn'
                            WHEN snapshot -> 'permitsClock' ->> 'start' ~ ${PERMIT_INBOX_DAY}
                              THEN snapshot -> 'permitsClock' ->> 'start'
                       END
                     END AS due,
                     (SELECT min(p ->> 'appliedOn') FROM jsonb_array_elements(snapshot -> 'permits') p
                       WHERE p ->> 'department' = ${department}::text AND p ->> 'status' = 'requested'
                         AND p ->> 'appliedOn' ~ ${PERMIT_INBOX_DAY}) AS applied
                FROM utility_request
               WHERE stage = 'outside-line-permits'
                 AND jsonb_path_exists(snapshot,
                       '$.permits[*] ? (@.department == $d && @.status == "requested" && exists(@.appliedOn))',
                       jsonb_build_object('d', ${department}::text))) k) r
         WHERE ${afterRank}::int IS NULL OR (rank, day, id) > (${afterRank}::int, ${afterDay}::text, ${afterId}::uuid)
         ORDER BY rank, day, id
         LIMIT ${page.limit}`
        return {
          requests: rows.map((r) => ({
            snapshot: utilityOf(r),
            key: { by: PERMIT_INBOX_RANKS[r.rank] ?? 'applied', day: r.day, id: r.id },
          })),
          projects: await projectTitles(tx, rows),
        }
      })
    },

    /**
     * 容缺后补 (004:1860: 在规定时间内对申请人履行承诺情况进行检查): the requests, at any stage, with an outside-line
     * permit `department` granted 容缺通过 (`grantedWithDeficiencies`) and a material of it not yet supplied — the
     * earliest granted first (the least day such a permit still owing was decided; one with no legal day last, 2099-12-31), then by
     * id — from after `after`, at most `limit`, with their projects' titles and each one's key. A permit whose every
     * material is supplied is not on it. Row-level security keeps the reviewer to the requests with a permit applied to
     * its department, in its region (20270113010000_permit_inbox_scope), as the inbox.
     */
    async permitsOwing(
      department: string,
      page: { limit: number; after?: PermitInboxKey },
    ): Promise<Titled<{ requests: Array<{ snapshot: UtilityRequest; key: PermitInboxKey }> }>> {
      if (page.after && page.after.by !== 'granted') throw new Error('permitsOwing: a key of the inbox')
      const afterDay = page.after?.day ?? null
      const afterId = page.after?.id ?? null
      return asCaller(db, caller, async (tx) => {
        const rows = await tx.$queryRaw<Array<{ projectId: string; snapshot: unknown; id: string; day: string }>>`
        SELECT project_id::text AS "projectId", snapshot, id::text AS id, day FROM (
          SELECT project_id, snapshot, id,
                 coalesce((SELECT min(p ->> 'decidedOn') FROM jsonb_array_elements(snapshot -> 'permits') p
                            WHERE p ->> 'department' = ${department}::text AND p ->> 'status' = 'granted'
                              AND p -> 'grantedWithDeficiencies' = 'true'::jsonb
                              AND jsonb_path_exists(p, '$.deficiencies[*] ? (!(exists(@.suppliedOn)))')
                              AND p ->> 'decidedOn' ~ ${PERMIT_INBOX_DAY}), '2099-12-31') AS day
            FROM utility_request
           WHERE jsonb_path_exists(snapshot,
                   '$.permits[*] ? (@.department == $d && @.status == "granted" && @.grantedWithDeficiencies == true
                                    && exists(@.deficiencies[*] ? (!(exists(@.suppliedOn)))))',
                   jsonb_build_object('d', ${department}::text))) k
         WHERE ${afterDay}::text IS NULL OR (day, id) > (${afterDay}::text, ${afterId}::uuid)
         ORDER BY day, id
         LIMIT ${page.limit}`
        return {
          requests: rows.map((r) => ({ snapshot: utilityOf(r), key: { by: 'granted', day: r.day, id: r.id } })),
          projects: await projectTitles(tx, rows),
        }
      })
    },

    /** The registration cases, newest change first, with the titles of their projects. */
    async registrations(filter: {
      projectId?: string
      status?: string
    }): Promise<Titled<{ registrations: RegistrationCase[] }>> {
      return asCaller(db, caller, async (tx) => {
        const rows = await tx.registrationCase.findMany({
          where: {
            ...(filter.projectId ? { projectId: filter.projectId } : {}),
            ...(filter.status ? { status: filter.status } : {}),
          },
          orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
          select: { projectId: true, snapshot: true },
        })
        return { registrations: rows.map(registrationOf), projects: await projectTitles(tx, rows) }
      })
    },

    /**
     * The certificates of a project, oldest issued first, and how many of its registration cases the caller reads
     * (a registrar every one: row-level security), in one transaction: the route lists them only beside a case.
     */
    async projectCertificates(projectId: string): Promise<{
      registrationCases: number
      usesPermits: boolean
      certificates: SignedCertificate[]
      ownItems: string[]
    }> {
      return asCaller(db, caller, async (tx) => {
        const registrationCases = await tx.registrationCase.count({ where: { projectId } })
        const usesPermits = await callerUsesPermits(tx, projectId)
        if (registrationCases === 0 && !usesPermits)
          return { registrationCases, usesPermits, certificates: [], ownItems: [] }
        const rows = await tx.certificate.findMany({
          where: { projectId },
          orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }],
          select: { signed: true },
        })
        // The items of the caller's own department's tasks (migration 20270103400100_caller_own_permit_items).
        const [own] = await tx.$queryRaw<Array<{ items: string[] }>>`
          SELECT caller_own_items(${projectId}::uuid) AS items`
        return { registrationCases, usesPermits, certificates: rows.map(certificateOf), ownItems: own?.items ?? [] }
      })
    },

    /**
     * 证照异议: a certificate as the caller reads it (row-level security) and what decides whether it may dispute it —
     * the registration cases on its project the caller reads (a registrar every one), in one transaction.
     */
    async objectionTarget(
      id: string,
    ): Promise<{ certificate: SignedCertificate; registrationCases: number } | undefined> {
      return asCaller(db, caller, async (tx) => {
        const row = await tx.certificate.findUnique({ where: { id }, select: { signed: true, projectId: true } })
        if (!row) return undefined
        const registrationCases = await tx.registrationCase.count({ where: { projectId: row.projectId } })
        return { certificate: certificateOf(row), registrationCases }
      })
    },

    async certificate(id: string): Promise<SignedCertificate | undefined> {
      const row = await asCaller(db, caller, (tx) =>
        tx.certificate.findUnique({ where: { id }, select: { signed: true } }),
      )
      return row ? certificateOf(row) : undefined
    },

    /**
     * Acceptance cases not decided, utility requests waiting on permits, registration cases open; their projects. The
     * projects are looked up by the rows' `project_id` columns (uuid, never null), not by their snapshots: a snapshot
     * without its projectId, or with one that is no uuid, is the route's to name as unreadable, never a failed read.
     */
    async runningCases() {
      return asCaller(db, caller, async (tx) => {
        const acceptance = await tx.acceptanceCase.findMany({
          where: { status: { notIn: ['passed', 'failed'] } },
          select: { snapshot: true, projectId: true },
        })
        const utilities = await tx.utilityRequest.findMany({
          where: { stage: 'outside-line-permits' },
          select: { snapshot: true, projectId: true },
        })
        const registration = await tx.registrationCase.findMany({
          where: { status: 'open' },
          select: { snapshot: true, projectId: true },
        })
        const rows = {
          acceptance: acceptance.map(acceptanceOf),
          utilities: utilities.map(utilityOf),
          registration: registration.map(registrationOf),
        }
        const ids = [...new Set([...acceptance, ...utilities, ...registration].map((r) => r.projectId))]
        const projects = await tx.project.findMany({
          where: { id: { in: ids } },
          select: { id: true, projectCode: true, name: true },
        })
        return { rows, projects: new Map(projects.map((p) => [p.id, { projectCode: p.projectCode, name: p.name }])) }
      })
    },

    /**
     * Every task still open, and every decided one with a 督办 still unanswered (`owing`: its reply is owed after the
     * decision, docs/legal-time.md#督办-of-an-approval-task), with the names of their projects.
     */
    async openTasks(): Promise<{
      tasks: TaskSnapshot[]
      owing: TaskSnapshot[]
      projects: Map<string, { projectCode: string; name: string }>
    }> {
      return asCaller(db, caller, async (tx) => {
        const rows = await tx.task.findMany({
          where: { status: { notIn: DECIDED_TASK_STATUSES } },
          select: { snapshot: true, projectId: true },
        })
        // Through the partial index `task_owing_supervision_idx`, whose predicate is this query's first condition.
        const owing = await tx.$queryRaw<Array<{ snapshot: unknown; projectId: string }>>`
          SELECT snapshot, project_id::text AS "projectId" FROM task
           WHERE ${OWING_SUPERVISION} AND status = ANY(${DECIDED_TASK_STATUSES}::text[])`
        const ids = [...new Set([...rows, ...owing].map((r) => r.projectId))]
        const projects = await tx.project.findMany({
          where: { id: { in: ids } },
          select: { id: true, projectCode: true, name: true },
        })
        return {
          tasks: rows.map(snapshot),
          owing: owing.map(snapshot),
          projects: new Map(projects.map((p) => [p.id, { projectCode: p.projectCode, name: p.name }])),
        }
      })
    },
  }
}
export type ReadModel = ReturnType<typeof readModel>
export type PublicReadModel = ReturnType<typeof publicReadModel>
