import {
  AcceptanceFailedV1,
  AcceptanceFilingIssuedV1,
  AcceptanceInspectionScheduledV1,
  AcceptancePassedV1,
  AcceptancePassRevokedV1,
  AcceptanceResultRecordedV1,
  AcceptanceStartedV1,
  CertificateIssuedV1,
  ProjectRegisteredV1,
  StepTasksAssignedV1,
  TaskAssignedV1,
  TaskClaimedV1,
  TaskDecidedV1,
  type TaskEventBody,
  TaskRevokedV1,
  TaskSpecialProcedureEndedV1,
  TaskSpecialProcedureStartedV1,
  TaskSupplementProvidedV1,
  TaskSupplementRequestedV1,
  TaskWithdrawnV1,
  type UtilityRequestAdvancedBody,
  UtilityRequestAdvancedV1,
} from '@onewindow/contracts'
import { instantKey, instantOfKey, instantText } from '@onewindow/db'
import { type ReadModelDefinition, type ReadModelEvent, ReadModelRefusal } from '@onewindow/messaging'
import { isRealInstant } from '@onewindow/vocabulary'
import {
  type AcceptanceEventBody,
  acceptanceReadsStored,
  acceptanceRows,
  decisionsWithoutRound,
  permitsAdvancedRows,
  rowsOfAcceptanceEvent,
  rowsOfCertificateIssued,
  rowsOfPermitsAdvanced,
  rowsOfProjectRegistered,
  rowsOfTaskEvent,
  rowsOfTasksAssigned,
  SPGL_TABLES,
  type SpglProjectContext,
  type SpglRow,
  type SpglTable,
  type SpglValue,
} from '../domain/spgl.js'
import { Prisma } from '../generated/client.js'
import type { Tx } from './client.js'

/** The spgl reader's cursor row in read_model_cursor and the consumer its dead letters are filed under. */
export const SPGL_READER = 'gateway-spgl-export'

/** The rows of one event, with the event's stream sequence and, when its message carried one, its time (`ce-time`). */
type SequencedRows = { seq: number; time?: string | undefined; rows: readonly SpglRow[] }

/**
 * The event's time as stored with its rows (`event_at`, for the sharing-on-time figures): the message's `ce-time` when
 * it is a real instant of the outbox's shape (`YYYY-MM-DDTHH:MM:SS.fffZ`), else none — such a row is left out of the
 * figures rather than given a made-up time, and the event is still written.
 */
export const eventAtOf = (time: string | undefined): Date | null =>
  time !== undefined && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(time) && isRealInstant(time)
    ? new Date(time)
    : null

/**
 * Writes the rows of one or more events in one statement, in their order (`position` numbers a row within its event);
 * a row already there (a re-delivered event, or an earlier row of the same statement with its key) is left as it was.
 */
async function writeRows(tx: Tx, events: readonly SequencedRows[]): Promise<void> {
  const rows = events.flatMap((e) => {
    const at = eventAtOf(e.time)
    return e.rows.map((row, position) => ({ row, position, seq: e.seq, at }))
  })
  if (rows.length === 0) return
  await tx.$executeRaw`
    INSERT INTO spgl_row (table_name, row_key, seq, position, project_id, fields, event_at)
    SELECT u.t, u.k, u.s, u.p, u.pid, u.f, u.at FROM unnest(
      ${rows.map((r) => r.row.table)}::text[], ${rows.map((r) => r.row.key)}::text[],
      ${rows.map((r) => r.seq)}::bigint[], ${rows.map((r) => r.position)}::int[],
      ${rows.map((r) => r.row.projectId ?? null)}::uuid[], ${rows.map((r) => JSON.stringify(r.row.fields))}::jsonb[],
      ${rows.map((r) => r.at)}::timestamptz[]
    ) WITH ORDINALITY AS u(t, k, s, p, pid, f, at, n)
    ORDER BY u.n
    ON CONFLICT (table_name, row_key) DO NOTHING`
}

/** The stored SPGL_XMJBXXB rows of these projects, as each project's context; a project with none is not in the map. */
async function projectContexts(tx: Tx, projectIds: readonly string[]): Promise<Map<string, SpglProjectContext>> {
  const found = await tx.$queryRaw<Array<SpglProjectContext & { projectId: string }>>`
    SELECT DISTINCT ON (project_id) project_id::text AS "projectId", fields->>'XZQHDM' AS region,
           fields->>'GCDM' AS "projectCode", fields->>'SPLCBM' AS "flowCode", fields->>'SPLCBBH' AS "flowVersion"
    FROM spgl_row WHERE table_name = 'SPGL_XMJBXXB' AND project_id = ANY(${projectIds}::uuid[])
    ORDER BY project_id, seq, position`
  return new Map(found.map(({ projectId, ...context }) => [projectId, context]))
}

const unregistered = (projectId: string) =>
  new ReadModelRefusal(`project ${projectId} has no registration in the spgl tables`)

/** The project's region, code and flow as its SPGL_XMJBXXB row holds them; refused when the project is unknown. */
async function projectContext(tx: Tx, projectId: string): Promise<SpglProjectContext> {
  const project = (await projectContexts(tx, [projectId])).get(projectId)
  if (!project) throw unregistered(projectId)
  return project
}

const taskEvents = [
  TaskAssignedV1,
  TaskClaimedV1,
  TaskSupplementRequestedV1,
  TaskSupplementProvidedV1,
  TaskSpecialProcedureStartedV1,
  TaskSpecialProcedureEndedV1,
  TaskDecidedV1,
  TaskWithdrawnV1,
  TaskRevokedV1,
]

type Ctx = { tx: Tx; event: unknown; eventId: string; seq: number; time?: string }

const taskSubjects = new Set<string>(taskEvents.map((d) => d.subject))

/**
 * 竣工联合验收: the joint acceptance events that change the case's 办理状态 or issue a document of it
 * (`ACCEPTANCE_STATES`, `ACCEPTANCE_DOCUMENT_EVENTS` in domain/spgl.ts).
 */
const acceptanceEvents = [
  AcceptanceStartedV1,
  AcceptanceInspectionScheduledV1,
  AcceptancePassedV1,
  AcceptanceFailedV1,
  AcceptancePassRevokedV1,
  AcceptanceResultRecordedV1,
  AcceptanceFilingIssuedV1,
]
const acceptanceSubjects = new Set<string>(acceptanceEvents.map((d) => d.subject))

/**
 * A permit's rows: its task is the newest task of the project for its item (a re-application makes a later one) —
 * of its phase first (分阶段办理: the next phase's tasks may be assigned before this phase's permit is issued); a row
 * written before the phase columns, which has none, is taken when no task of the phase is found.
 */
async function certificateRows(tx: Tx, event: unknown, project: SpglProjectContext): Promise<SpglRow[]> {
  const body = event as CertificateIssuedV1
  const c = body.certificate.body
  const task = c.item
    ? await tx.$queryRaw<Array<{ key: string }>>`
        SELECT row_key AS key FROM spgl_row
        WHERE table_name = 'SPGL_XMSPSXBLXXB' AND project_id = ${c.projectId}::uuid AND fields->>'SPSXBM' = ${c.item}
        ORDER BY (fields->>'X_PHASE_CODE' IS NOT DISTINCT FROM ${c.phase?.code ?? null}::text) DESC, seq DESC LIMIT 1`
    : []
  return rowsOfCertificateIssued(body, project, task[0]?.key)
}

/**
 * An outside-line permits' `advanced` (外线工程行政审批): its rows. A decision's instance is the round its snapshot
 * gives the permit (`appliedAtVersion`): no statement. A permit applied for before the snapshot carried its round is
 * looked up in the stored rows — the newest instance of its kind applied at an earlier version of the request — and
 * the decision is written only while that instance is not concluded (no 11 or 13 of its own): a round whose application
 * this reader has not read (dead-lettered, replayed later) would otherwise take the decision of the next.
 */
async function permitsAdvancedRowsOf(tx: Tx, event: unknown, project: SpglProjectContext): Promise<SpglRow[]> {
  const body = event as UtilityRequestAdvancedBody
  const r = body.request
  const unrounded = decisionsWithoutRound(body)
  const found =
    unrounded.length === 0
      ? []
      : await tx.$queryRaw<Array<{ kind: string; version: number }>>`
          SELECT n.kind, n.version FROM (
            SELECT k.kind, max(k.version)::int AS version FROM (
              SELECT split_part(row_key, '/', 2) AS kind, spgl_permit_round(row_key) AS version
              FROM spgl_row
              WHERE table_name = 'SPGL_XMSPSXBLXXB' AND project_id = ${r.projectId}::uuid
                AND starts_with(row_key, ${`${r.requestId}/`})
            ) k
            WHERE k.kind = ANY(${unrounded}::text[]) AND k.version < ${r.version}
            GROUP BY k.kind
          ) n
          WHERE NOT EXISTS (
            SELECT 1 FROM spgl_row d
            WHERE d.table_name = 'SPGL_XMSPSXBLXXXXB'
              AND d.row_key IN (${`${r.requestId}/`} || n.kind || '/' || n.version || '/11',
                                ${`${r.requestId}/`} || n.kind || '/' || n.version || '/13'))`
  return rowsOfPermitsAdvanced(body, project, Object.fromEntries(found.map((f) => [f.kind, f.version])))
}

/**
 * A joint acceptance event's rows. A pass revoked first reads whether the case's 办结（通过）11 is stored — a pass read
 * before this mapping was deployed was never written, and its revocation is then written neither (docs/spgl.md); no
 * other acceptance event reads a stored row.
 */
async function acceptanceRowsOf(
  tx: Tx,
  subject: string,
  body: AcceptanceEventBody,
  project: SpglProjectContext,
): Promise<SpglRow[]> {
  const passed =
    acceptanceReadsStored(subject) &&
    (
      await tx.$queryRaw<Array<{ found: number }>>`
        SELECT 1 AS found FROM spgl_row
        WHERE table_name = 'SPGL_XMSPSXBLXXXXB' AND row_key = ${`${body.case.caseId}/11`}`
    ).length > 0
  return rowsOfAcceptanceEvent(subject, body, project, { passed })
}

/** The project an event of the batch needs the registration of, if any. */
function projectNeeded(e: ReadModelEvent): string | undefined {
  if (e.subject === UtilityRequestAdvancedV1.subject) {
    const body = e.event as UtilityRequestAdvancedBody
    return permitsAdvancedRows(body) ? body.request.projectId : undefined
  }
  if (taskSubjects.has(e.subject)) return (e.event as TaskEventBody).task.projectId
  if (acceptanceSubjects.has(e.subject)) {
    const body = e.event as AcceptanceEventBody
    return acceptanceRows(e.subject, body) ? body.case.projectId : undefined
  }
  if (e.subject === StepTasksAssignedV1.subject) return (e.event as StepTasksAssignedV1).projectId
  if (e.subject === CertificateIssuedV1.subject) return (e.event as CertificateIssuedV1).certificate.body.projectId
  return undefined
}

/**
 * The spgl reader: its own ordered reader over the whole stream with its own cursor, so the export shares the read
 * model's ordering and idempotence (a batch and its cursor commit together) without touching the read model's
 * projectors; an export never slows or breaks the console's reads, and a fault here dead-letters under its own name.
 */
export const spglDefinition: ReadModelDefinition<Tx> = {
  name: SPGL_READER,
  handlers: [
    {
      event: ProjectRegisteredV1,
      apply: ({ tx, event, seq, time }: Ctx) =>
        writeRows(tx, [{ seq, time, rows: rowsOfProjectRegistered(event as ProjectRegisteredV1) }]),
    },
    ...taskEvents.map((definition) => ({
      event: definition,
      apply: async ({ tx, event, eventId, seq, time }: Ctx) => {
        const body = event as TaskEventBody
        const project = await projectContext(tx, body.task.projectId)
        await writeRows(tx, [{ seq, time, rows: rowsOfTaskEvent(definition.subject, eventId, body, project) }])
      },
    })),
    {
      event: StepTasksAssignedV1,
      apply: async ({ tx, event, seq, time }: Ctx) => {
        const body = event as StepTasksAssignedV1
        const project = await projectContext(tx, body.projectId)
        await writeRows(tx, [{ seq, time, rows: rowsOfTasksAssigned(body, project) }])
      },
    },
    {
      event: CertificateIssuedV1,
      apply: async ({ tx, event, seq, time }: Ctx) => {
        const project = await projectContext(tx, (event as CertificateIssuedV1).certificate.body.projectId)
        await writeRows(tx, [{ seq, time, rows: await certificateRows(tx, event, project) }])
      },
    },
    ...acceptanceEvents.map((definition) => ({
      event: definition,
      apply: async ({ tx, event, seq, time }: Ctx) => {
        const body = event as AcceptanceEventBody
        // A re-inspection's scheduling changes no 办理状态: no statement.
        if (!acceptanceRows(definition.subject, body)) return
        const project = await projectContext(tx, body.case.projectId)
        await writeRows(tx, [{ seq, time, rows: await acceptanceRowsOf(tx, definition.subject, body, project) }])
      },
    })),
    {
      event: UtilityRequestAdvancedV1,
      apply: async ({ tx, event, seq, time }: Ctx) => {
        const body = event as UtilityRequestAdvancedBody
        if (!permitsAdvancedRows(body)) return
        const project = await projectContext(tx, body.request.projectId)
        await writeRows(tx, [{ seq, time, rows: await permitsAdvancedRowsOf(tx, event, project) }])
      },
    },
  ],
  // A batch in two statements besides the cursor's, where the handlers take two per event (an application's 16
  // task.assigned were 32, the gateway's largest share of CPU — docs/performance.md): the registrations of every
  // project the batch names read at once, the rows of every event written at once. Exactly the handlers' effect in
  // turn: a project first registered inside the batch is read again after the rows before it are written, and a
  // certificate (which reads the task rows before it) and a joint acceptance's pass revoked (which reads whether its
  // pass is stored) are written after them.
  applyTogether: async (tx, events) => {
    const needed = [...new Set(events.map(projectNeeded).filter((id) => id !== undefined))]
    let contexts = needed.length > 0 ? await projectContexts(tx, needed) : new Map<string, SpglProjectContext>()
    let pending: SequencedRows[] = []
    let registeredSinceRead = false
    const flush = async () => {
      await writeRows(tx, pending)
      pending = []
    }
    const contextOf = async (projectId: string) => {
      if (!contexts.has(projectId) && registeredSinceRead) {
        await flush()
        contexts = await projectContexts(tx, needed)
        registeredSinceRead = false
      }
      const context = contexts.get(projectId)
      if (!context) throw unregistered(projectId)
      return context
    }
    for (const e of events) {
      if (e.subject === ProjectRegisteredV1.subject) {
        pending.push({ seq: e.seq, time: e.time, rows: rowsOfProjectRegistered(e.event as ProjectRegisteredV1) })
        registeredSinceRead = true
      } else if (taskSubjects.has(e.subject)) {
        const body = e.event as TaskEventBody
        const project = await contextOf(body.task.projectId)
        pending.push({ seq: e.seq, time: e.time, rows: rowsOfTaskEvent(e.subject, e.eventId, body, project) })
      } else if (e.subject === StepTasksAssignedV1.subject) {
        const body = e.event as StepTasksAssignedV1
        const project = await contextOf(body.projectId)
        pending.push({ seq: e.seq, time: e.time, rows: rowsOfTasksAssigned(body, project) })
      } else if (acceptanceSubjects.has(e.subject)) {
        const body = e.event as AcceptanceEventBody
        if (!acceptanceRows(e.subject, body)) continue
        const project = await contextOf(body.case.projectId)
        // A pass revoked reads whether the pass is stored, as a certificate reads the task rows: the rows before it
        // written first (a pass in this batch is then found). Every other case event reads nothing: no flush.
        if (acceptanceReadsStored(e.subject)) await flush()
        pending.push({ seq: e.seq, time: e.time, rows: await acceptanceRowsOf(tx, e.subject, body, project) })
      } else if (e.subject === CertificateIssuedV1.subject) {
        const project = await contextOf((e.event as CertificateIssuedV1).certificate.body.projectId)
        await flush()
        pending.push({ seq: e.seq, time: e.time, rows: await certificateRows(tx, e.event, project) })
      } else if (e.subject === UtilityRequestAdvancedV1.subject) {
        // Most of a request's moves name no permit applied for or decided on the platform: no statement.
        const body = e.event as UtilityRequestAdvancedBody
        if (!permitsAdvancedRows(body)) continue
        const project = await contextOf(body.request.projectId)
        // A decision on a permit whose snapshot carries no round reads the instance rows before it, as a certificate
        // reads the task rows: written first. One that carries it reads nothing.
        if (decisionsWithoutRound(body).length > 0) await flush()
        pending.push({ seq: e.seq, time: e.time, rows: await permitsAdvancedRowsOf(tx, e.event, project) })
      } else throw new Error(`spgl: no handler for ${e.subject}`)
    }
    await flush()
  },
}

/** The most rows one export carries; the rest wait for the next (its watermark is where this one stopped). */
export const EXPORT_MAX_ROWS = 10_000

export type ExportedRow = { table: SpglTable; key: string; seq: number; fields: Record<string, SpglValue> }
export type SpglBatch = {
  id: string
  createdAt: string
  createdBy: string
  sinceSeq: number
  throughSeq: number
  format: 'csv' | 'json'
  rowCount: number
  counts: Record<string, number>
  status: 'sent' | 'failed'
}

type BatchRecord = {
  id: string
  created_at: Date
  created_by: string
  since_seq: string
  through_seq: string
  format: string
  row_count: number
  counts: Record<string, number>
  status: string
}
const batchOf = (r: BatchRecord): SpglBatch => ({
  id: r.id,
  createdAt: instantText(r.created_at),
  createdBy: r.created_by,
  sinceSeq: Number(r.since_seq),
  throughSeq: Number(r.through_seq),
  format: r.format === 'csv' ? 'csv' : 'json',
  rowCount: r.row_count,
  // A count that is not a whole number (a row written by hand) is left out rather than failing the list.
  counts: Object.fromEntries(
    Object.entries(r.counts !== null && typeof r.counts === 'object' ? r.counts : {}).filter(
      ([, n]) => typeof n === 'number' && Number.isInteger(n) && n >= 0,
    ),
  ),
  status: r.status === 'failed' ? 'failed' : 'sent',
})

/**
 * Why the standard cannot carry row `r` (SQL, NULL when it can): a table not in `SPGL_TABLES` (one since retired, a
 * row written by hand) or a field that is not a string, a number or null. The one statement of the rule.
 */
const refusalOf = Prisma.sql`CASE
  WHEN NOT (r.table_name = ANY(${[...SPGL_TABLES]}::text[]))
    THEN 'table ' || r.table_name || ' is not a table of the standard'
  WHEN jsonb_typeof(r.fields) <> 'object' THEN 'its fields are a JSON ' || jsonb_typeof(r.fields) || ', not an object'
  ELSE (SELECT 'field ' || f.key || ' is a JSON ' || jsonb_typeof(f.value) || ', not a string, number or null'
        FROM jsonb_each(r.fields) f WHERE jsonb_typeof(f.value) NOT IN ('string', 'number', 'null')
        ORDER BY f.key LIMIT 1)
END`

/** A row an export refused, with why. */
export type RefusedRow = { table: string; key: string; seq: number; reason: string }

/**
 * The longest table name, key and reason the exports list's schema allows, and what {@link listExports} clips them to:
 * a refusal is stored clipped to 500, but a table name or key written by hand (or a refusal set by hand) can be any
 * length, and one such row must not push the list beyond its schema.
 */
export const REFUSED_ROW_MAX = { table: 100, key: 500, reason: 500 } as const

/**
 * One export, in the caller's transaction: every row past the watermark (`since`, else where the last batch stopped)
 * that no batch has carried yet, and every row whose upload failed wherever it lies, in stream order; recorded as a
 * batch with what it contained and marked sent, at the time `now` gives under the lock. Nothing to carry: no batch (a
 * re-run adds nothing).
 *
 * A row the standard cannot carry ({@link refusalOf}) — pending in no batch wherever it lies, below the watermark too,
 * or failed — is refused first, for good: `refused` with its reason, counted in the answer and listed by
 * {@link listExports}, never taken again — rather than be marked sent and delivered nowhere, fail the answer after the
 * batch is committed, or stay pending for ever.
 */
export async function createExport(
  tx: Tx,
  a: { id: string; now: () => Date; by: string; since: number | undefined; format: 'csv' | 'json' },
): Promise<{ made: { batch: SpglBatch; rows: ExportedRow[] } | undefined; refused: number }> {
  // One export at a time: two at once would both take the same rows.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('spgl_export'))`
  // The batch's time is read once the lock is held, never before: a row committed while this export waited for the
  // lock is carried by it, and a time read earlier would count that row shared before its event happened.
  const at = a.now()
  const last = await tx.$queryRaw<Array<{ through: string | null }>>`
    SELECT max(through_seq)::text AS through FROM spgl_export_batch`
  const since = a.since ?? Number(last[0]?.through ?? 0)
  const due = Prisma.sql`((r.seq > ${since}::bigint AND r.batch_id IS NULL AND r.upload_status = 'pending')
    OR r.upload_status = 'failed')`
  // Refusal ignores the watermark: a row stuck below it (written before refusal existed, or by hand) is refused too,
  // not left pending for ever.
  const refused = await tx.$executeRaw`
    UPDATE spgl_row r SET upload_status = 'refused', refusal = left(${refusalOf}, ${REFUSED_ROW_MAX.reason})
    WHERE ((r.batch_id IS NULL AND r.upload_status = 'pending') OR r.upload_status = 'failed')
      AND ${refusalOf} IS NOT NULL`
  const found = await tx.$queryRaw<
    Array<{ table_name: string; row_key: string; seq: string; fields: ExportedRow['fields'] }>
  >`
    SELECT r.table_name, r.row_key, r.seq::text AS seq, r.fields FROM spgl_row r
    WHERE ${due} ORDER BY r.seq, r.position LIMIT ${EXPORT_MAX_ROWS + 1}`
  let rows = found.map((r) => ({
    table: r.table_name as SpglTable,
    key: r.row_key,
    seq: Number(r.seq),
    fields: r.fields,
  }))
  // Whole events only: an event cut at the limit goes with the next batch.
  if (rows.length > EXPORT_MAX_ROWS) {
    const cut = rows[EXPORT_MAX_ROWS]?.seq
    rows = rows.filter((r) => r.seq !== cut).slice(0, EXPORT_MAX_ROWS)
  }
  if (rows.length === 0) return { made: undefined, refused }
  const counts = Object.fromEntries(SPGL_TABLES.map((t) => [t, rows.filter((r) => r.table === t).length]))
  // A failed row carried again lies behind the watermark: the watermark never moves back.
  const through = Math.max(since, ...rows.map((r) => r.seq))
  const inserted = await tx.$queryRaw<BatchRecord[]>`
    INSERT INTO spgl_export_batch (id, created_at, created_by, since_seq, through_seq, format, row_count, counts, status)
    VALUES (${a.id}::uuid, ${at}, ${a.by}, ${since}::bigint, ${through}::bigint, ${a.format}, ${rows.length},
            ${JSON.stringify(counts)}::jsonb, 'sent')
    RETURNING id::text, created_at, created_by, since_seq::text, through_seq::text, format, row_count, counts, status`
  await tx.$executeRaw`
    INSERT INTO spgl_batch_row (batch_id, table_name, row_key, seq, position)
    SELECT ${a.id}::uuid, r.table_name, r.row_key, r.seq, r.position FROM spgl_row r
    JOIN unnest(${rows.map((r) => r.table)}::text[], ${rows.map((r) => r.key)}::text[]) AS u(t, k)
      ON r.table_name = u.t AND r.row_key = u.k`
  await tx.$executeRaw`
    UPDATE spgl_row r SET batch_id = ${a.id}::uuid, upload_status = 'sent'
    FROM unnest(${rows.map((r) => r.table)}::text[], ${rows.map((r) => r.key)}::text[]) AS u(t, k)
    WHERE r.table_name = u.t AND r.row_key = u.k`
  const batch = inserted[0]
  if (!batch) throw new Error('the export batch was not recorded')
  return { made: { batch: batchOf(batch), rows }, refused }
}

/**
 * One batch made earlier, with the rows it carried in stream order, the fields as they stand: what `onewindow export
 * spgl --batch` writes, for a batch the job made (its answer went nowhere) or one to write again. None: undefined.
 */
export async function exportedBatch(
  tx: Tx,
  id: string,
): Promise<{ batch: SpglBatch; rows: ExportedRow[] } | undefined> {
  const found = await tx.$queryRaw<BatchRecord[]>`
    SELECT id::text, created_at, created_by, since_seq::text, through_seq::text, format, row_count, counts, status
    FROM spgl_export_batch WHERE id = ${id}::uuid`
  const batch = found[0]
  if (!batch) return undefined
  const rows = await tx.$queryRaw<
    Array<{ table_name: string; row_key: string; seq: string; fields: ExportedRow['fields'] }>
  >`
    SELECT r.table_name, r.row_key, r.seq::text AS seq, r.fields
    FROM spgl_batch_row b JOIN spgl_row r ON r.table_name = b.table_name AND r.row_key = b.row_key
    WHERE b.batch_id = ${id}::uuid ORDER BY b.seq, b.position`
  return {
    batch: batchOf(batch),
    rows: rows.map((r) => ({ table: r.table_name as SpglTable, key: r.row_key, seq: Number(r.seq), fields: r.fields })),
  }
}

/** Where a page of export batches ends: its last batch's (createdAt, id), `createdAt` as key text (`instantKey`, @onewindow/db). */
export type ExportKey = { createdAt: string; id: string }

/**
 * One page of the export batches, newest first — keyset-paged on (created_at, id), the order of the index
 * `spgl_export_batch_created`, so a page costs the same however deep it is; `next` (the page's last batch) when more
 * follow — with how many rows are pending (written and in no batch yet, or failed) and how many were refused, the
 * newest `limit` of those with their reasons.
 */
export async function listExports(
  tx: Tx,
  q: { limit: number; after?: ExportKey | undefined },
): Promise<{
  batches: SpglBatch[]
  next?: ExportKey
  pending: number
  refused: number
  refusedRows: RefusedRow[]
}> {
  const { limit, after } = q
  const rows = await tx.$queryRaw<Array<BatchRecord & { key: string }>>`
    SELECT id::text, created_at, created_by, since_seq::text, through_seq::text, format, row_count, counts, status,
           ${instantKey(Prisma.sql`created_at`)} AS key
    FROM spgl_export_batch
    WHERE ${after ? Prisma.sql`(created_at, id) < (${instantOfKey(after.createdAt)}, ${after.id}::uuid)` : Prisma.sql`true`}
    ORDER BY created_at DESC, id DESC LIMIT ${limit + 1}::int`
  const counted = await tx.$queryRaw<Array<{ pending: number; refused: number }>>`
    SELECT count(*) FILTER (WHERE upload_status IN ('pending', 'failed'))::int AS pending,
           count(*) FILTER (WHERE upload_status = 'refused')::int AS refused
    FROM spgl_row`
  const refusedRows = await tx.$queryRaw<Array<{ table: string; key: string; seq: string; reason: string }>>`
    SELECT left(table_name, ${REFUSED_ROW_MAX.table}) AS table, left(row_key, ${REFUSED_ROW_MAX.key}) AS key,
           r.seq::text AS seq, left(refusal, ${REFUSED_ROW_MAX.reason}) AS reason FROM spgl_row r
    WHERE upload_status = 'refused' ORDER BY r.seq DESC, r.position DESC LIMIT ${limit}`
  // `r.seq`, qualified: a bare `seq` in ORDER BY is the output column, the text, and would sort 999999 above 2000000.
  const shown = rows.slice(0, limit)
  const last = shown.at(-1)
  return {
    batches: shown.map(batchOf),
    ...(rows.length > limit && last ? { next: { createdAt: last.key, id: last.id } } : {}),
    pending: counted[0]?.pending ?? 0,
    refused: counted[0]?.refused ?? 0,
    refusedRows: refusedRows.map((r) => ({ ...r, seq: Number(r.seq) })),
  }
}
