import {
  CertificateIssuedV1,
  ProjectRegisteredV1,
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
} from '@onewindow/contracts'
import { type ReadModelDefinition, ReadModelRefusal } from '@onewindow/messaging'
import {
  rowsOfCertificateIssued,
  rowsOfProjectRegistered,
  rowsOfTaskEvent,
  SPGL_TABLES,
  type SpglProjectContext,
  type SpglRow,
  type SpglTable,
  type SpglValue,
} from '../domain/spgl.js'
import type { Tx } from './client.js'

/** The spgl reader's cursor row in read_model_cursor and the consumer its dead letters are filed under. */
export const SPGL_READER = 'gateway-spgl-export'

/** Writes the rows one event makes, in its order; a row already there (a re-delivered event) is left as it was. */
async function writeRows(tx: Tx, seq: number, rows: readonly SpglRow[]): Promise<void> {
  if (rows.length === 0) return
  await tx.$executeRaw`
    INSERT INTO spgl_row (table_name, row_key, seq, position, project_id, fields)
    SELECT u.t, u.k, ${seq}::bigint, u.p, u.pid, u.f FROM unnest(
      ${rows.map((r) => r.table)}::text[], ${rows.map((r) => r.key)}::text[], ${rows.map((_, i) => i)}::int[],
      ${rows.map((r) => r.projectId ?? null)}::uuid[], ${rows.map((r) => JSON.stringify(r.fields))}::jsonb[]
    ) AS u(t, k, p, pid, f)
    ON CONFLICT (table_name, row_key) DO NOTHING`
}

/** The project's region, code and flow as its SPGL_XMJBXXB row holds them; refused when the project is unknown. */
async function projectContext(tx: Tx, projectId: string): Promise<SpglProjectContext> {
  const found = await tx.$queryRaw<SpglProjectContext[]>`
    SELECT fields->>'XZQHDM' AS region, fields->>'GCDM' AS "projectCode", fields->>'SPLCBM' AS "flowCode",
           fields->>'SPLCBBH' AS "flowVersion"
    FROM spgl_row WHERE table_name = 'SPGL_XMJBXXB' AND project_id = ${projectId}::uuid`
  const project = found[0]
  if (!project) throw new ReadModelRefusal(`project ${projectId} has no registration in the spgl tables`)
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

type Ctx = { tx: Tx; event: unknown; eventId: string; seq: number }

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
      apply: ({ tx, event, seq }: Ctx) => writeRows(tx, seq, rowsOfProjectRegistered(event as ProjectRegisteredV1)),
    },
    ...taskEvents.map((definition) => ({
      event: definition,
      apply: async ({ tx, event, eventId, seq }: Ctx) => {
        const body = event as TaskEventBody
        const project = await projectContext(tx, body.task.projectId)
        await writeRows(tx, seq, rowsOfTaskEvent(definition.subject, eventId, body, project))
      },
    })),
    {
      event: CertificateIssuedV1,
      apply: async ({ tx, event, seq }: Ctx) => {
        const body = event as CertificateIssuedV1
        const c = body.certificate.body
        const project = await projectContext(tx, c.projectId)
        // A permit's task: the newest task of the project for its item (a re-application makes a later one).
        const task = c.item
          ? await tx.$queryRaw<Array<{ key: string }>>`
              SELECT row_key AS key FROM spgl_row
              WHERE table_name = 'SPGL_XMSPSXBLXXB' AND project_id = ${c.projectId}::uuid AND fields->>'SPSXBM' = ${c.item}
              ORDER BY seq DESC LIMIT 1`
          : []
        await writeRows(tx, seq, rowsOfCertificateIssued(body, project, task[0]?.key))
      },
    },
  ],
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
  createdAt: r.created_at.toISOString(),
  createdBy: r.created_by,
  sinceSeq: Number(r.since_seq),
  throughSeq: Number(r.through_seq),
  format: r.format === 'csv' ? 'csv' : 'json',
  rowCount: r.row_count,
  counts: r.counts,
  status: r.status === 'failed' ? 'failed' : 'sent',
})

/**
 * One export, in the caller's transaction: every row past the watermark (`since`, else where the last batch stopped)
 * that no batch has carried yet, and every row whose upload failed wherever it lies, in stream order; recorded as a batch with what it contained
 * and marked sent. Nothing to carry: no batch (a re-run adds nothing).
 */
export async function createExport(
  tx: Tx,
  a: { id: string; at: Date; by: string; since: number | undefined; format: 'csv' | 'json' },
): Promise<{ batch: SpglBatch; rows: ExportedRow[] } | undefined> {
  // One export at a time: two at once would both take the same rows.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('spgl_export'))`
  const last = await tx.$queryRaw<Array<{ through: string | null }>>`
    SELECT max(through_seq)::text AS through FROM spgl_export_batch`
  const since = a.since ?? Number(last[0]?.through ?? 0)
  const found = await tx.$queryRaw<
    Array<{ table_name: string; row_key: string; seq: string; fields: ExportedRow['fields'] }>
  >`
    SELECT r.table_name, r.row_key, r.seq::text AS seq, r.fields FROM spgl_row r
    WHERE (r.seq > ${since}::bigint AND r.batch_id IS NULL) OR r.upload_status = 'failed'
    ORDER BY r.seq, r.position LIMIT ${EXPORT_MAX_ROWS + 1}`
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
  if (rows.length === 0) return undefined
  const counts = Object.fromEntries(SPGL_TABLES.map((t) => [t, rows.filter((r) => r.table === t).length]))
  // A failed row carried again lies behind the watermark: the watermark never moves back.
  const through = Math.max(since, ...rows.map((r) => r.seq))
  const inserted = await tx.$queryRaw<BatchRecord[]>`
    INSERT INTO spgl_export_batch (id, created_at, created_by, since_seq, through_seq, format, row_count, counts, status)
    VALUES (${a.id}::uuid, ${a.at}, ${a.by}, ${since}::bigint, ${through}::bigint, ${a.format}, ${rows.length},
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
  return { batch: batchOf(batch), rows }
}

/** The export batches, newest first, with how many are pending (written, in no batch yet). */
export async function listExports(tx: Tx, limit: number): Promise<{ batches: SpglBatch[]; pending: number }> {
  const rows = await tx.$queryRaw<BatchRecord[]>`
    SELECT id::text, created_at, created_by, since_seq::text, through_seq::text, format, row_count, counts, status
    FROM spgl_export_batch ORDER BY created_at DESC, id DESC LIMIT ${limit}`
  const pending = await tx.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM spgl_row WHERE batch_id IS NULL OR upload_status = 'failed'`
  return { batches: rows.map(batchOf), pending: pending[0]?.n ?? 0 }
}
