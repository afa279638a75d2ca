// Reads what the invariant checker judges: every service's outbox and dead letters, approval's tasks, steps and alert
// rows, the gateway's read model beside a rebuild of it, the stream message by message and every durable's state.

import { JetStreamApiCodes, JetStreamApiError, jetstream } from '@nats-io/jetstream'
import type pg from 'pg'
import type {
  AcceptanceCaseRow,
  ConsumerState,
  DeadLetterRow,
  OutboxRow,
  Rows,
  Snapshot,
  StreamEvent,
} from './invariants.js'
import type { Platform } from './platform.js'
import { SERVICE_NAMES } from './platform.js'

/** The gateway's read-model tables, the ones its reader writes (not its audit, pending writes or kept answers). */
export const READ_MODEL_TABLES = [
  'project',
  'application',
  'deficiency',
  'task',
  'supplement_notice',
  'clock_alert',
  'lead_alert',
  'timeline_entry',
  'acceptance_case',
  'utility_request',
  'registration_case',
  'certificate',
  'certificate_revocation',
] as const

/**
 * Columns a rebuild cannot reproduce: when the row was written (`now()` at apply time, not the event's instant).
 * Anything else differing between the live read model and its rebuild is a broken projection.
 */
export const APPLY_TIME_COLUMNS = new Set(['applied_at', 'projected_at', 'row_updated_at'])

export async function readModelRows(pool: pg.Pool): Promise<Record<string, Rows>> {
  const out: Record<string, Rows> = {}
  for (const table of READ_MODEL_TABLES) {
    const r = await pool.query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(t) AS row FROM "${table}" t`)
    out[table] = r.rows.map(({ row }) =>
      Object.fromEntries(Object.entries(row).filter(([column]) => !APPLY_TIME_COLUMNS.has(column))),
    )
  }
  return out
}

export async function readModelCursor(pool: pg.Pool): Promise<number> {
  // The read model's own row: the gateway has more than one ordered reader (the national export's is another row, and
  // reads fewer subjects), and max() over them once let the export's cursor stand for a rebuild still replaying.
  const r = await pool.query<{ n: string }>(
    `SELECT coalesce(max(last_sequence), 0)::text AS n FROM read_model_cursor WHERE name = 'gateway-read-model'`,
  )
  return Number(r.rows[0]?.n ?? 0)
}

/** Every message of the stream, in order, with its event id and whether the suite injected it. */
export async function readStream(p: Platform): Promise<StreamEvent[]> {
  const info = await p.jsm.streams.info(p.topology.stream)
  const total = info.state.messages
  if (total === 0) return []
  const consumer = await jetstream(p.nc).consumers.get(p.topology.stream)
  const events: StreamEvent[] = []
  const prefix = `${p.topology.prefix}.`
  const messages = await consumer.fetch({ max_messages: total, expires: 10_000 })
  for await (const m of messages) {
    const subject = m.subject.startsWith(prefix) ? m.subject.slice(prefix.length) : m.subject
    let body: unknown
    try {
      body = m.json()
    } catch {
      body = undefined
    }
    events.push({
      seq: m.seq,
      subject,
      eventId: m.headers?.get('ce-id') ?? '',
      injected: m.headers?.get('ow-fault-copy') === 'yes',
      body,
    })
    if (events.length === total) break
  }
  await consumer.delete().catch(() => {})
  // A fetch that ended early would let the invariants judge part of the stream as if it were all of it.
  if (events.length < total) throw new Error(`faults: read ${events.length} of the stream's ${total} messages`)
  return events
}

export async function durables(p: Platform): Promise<ConsumerState[]> {
  const out: ConsumerState[] = []
  for await (const c of p.jsm.consumers.list(p.topology.stream)) {
    if (!c.config.durable_name) continue
    out.push({ durable: c.config.durable_name, pending: c.num_pending, ackPending: c.num_ack_pending })
  }
  return out
}

/** True once every relay has sent everything, every durable is drained and the read model has read the stream. */
export async function quiet(p: Platform): Promise<boolean> {
  // Durables before outboxes: once no durable holds a delivery, no consumer can add an outbox row behind the look at
  // the outboxes (a timer still can; the caller's second look, 500 ms on, catches that).
  for (const c of await durables(p)) if (c.pending > 0 || c.ackPending > 0) return false
  for (const name of SERVICE_NAMES) {
    const r = await p
      .schema(name)
      .pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_message WHERE sent_at IS NULL')
    if ((r.rows[0]?.n ?? 0) > 0) return false
  }
  const lastPermit = await lastPermitSeq(p)
  return (await readModelCursor(p.schema('gateway').pool)) >= lastPermit
}

/** The last sequence on `permit.>` (dead letters are outside the read model's filter and do not move its cursor). */
async function lastPermitSeq(p: Platform): Promise<number> {
  // Only "no such message" means none yet; a broker that does not answer must fail the check, not pass for quiet.
  const m = await p.jsm.streams
    .getMessage(p.topology.stream, { last_by_subj: `${p.topology.prefix}.permit.>` })
    .catch((err) => {
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.NoMessageFound) return null
      throw err
    })
  return m?.seq ?? 0
}

export type Answered = Pick<
  Snapshot,
  'answeredApplications' | 'answeredDecisions' | 'answeredAcceptances' | 'explainedDeadLetters'
>

/** A read model beside the live one: its schema's pool. */
export type Rebuilt = { schema: { pool: pg.Pool } }

/** How long an outbox row found unsent may take to be published before the checker calls it lost. */
const UNSENT_GRACE_MS = 10_000

/**
 * The live read model and its rebuild read at one cursor. The platform is quiet when the snapshot starts, but a timer
 * may still publish while it is taken: reading the rebuild up to the last sequence seen at the start and the live
 * cursor later once compared the two at different sequences (live 1980, rebuilt 1979, the rows alike). So both are
 * read until neither cursor moved between its rows and the look after them; past the deadline what was last read is
 * returned and the checker reports the difference.
 */
async function readModelsAtOneCursor(p: Platform, rebuild: Rebuilt, atLeast: number): Promise<Snapshot['readModel']> {
  const live = p.schema('gateway').pool
  const rebuilt = rebuild.schema.pool
  const deadline = Date.now() + 120_000
  for (;;) {
    const liveCursor = await readModelCursor(live)
    const target = Math.max(atLeast, liveCursor)
    while ((await readModelCursor(rebuilt)) < target) {
      if (Date.now() > deadline)
        throw new Error(`faults: the rebuilt read model did not reach sequence ${target} in 120 s`)
      await new Promise((r) => setTimeout(r, 200))
    }
    const rows = { live: await readModelRows(live), rebuilt: await readModelRows(rebuilt) }
    const after = { live: await readModelCursor(live), rebuilt: await readModelCursor(rebuilt) }
    const settled = after.live === liveCursor && after.rebuilt === liveCursor && liveCursor >= atLeast
    if (settled || Date.now() > deadline) return { ...rows, liveCursor: after.live, rebuiltCursor: after.rebuilt }
    await new Promise((r) => setTimeout(r, 200))
  }
}

/**
 * Everything the checker needs. `rebuilt` is a gateway that read the stream from sequence 1 on a schema of its own:
 * the suite's shadow (started with the platform, never faulted) after each fault, a fresh one after the last.
 */

export async function takeSnapshot(p: Platform, answered: Answered, rebuild: Rebuilt): Promise<Snapshot> {
  const outbox: OutboxRow[] = []
  const deadLetters: DeadLetterRow[] = []
  for (const name of SERVICE_NAMES) {
    const pool = p.schema(name).pool
    const o = await pool.query<{
      id: string
      position: string
      aggregate_id: string
      sent: boolean
      stream_seq: string | null
    }>(
      'SELECT id::text, position::text, aggregate_id, sent_at IS NOT NULL AS sent, stream_seq::text FROM outbox_message',
    )
    for (const r of o.rows)
      outbox.push({
        service: name,
        id: r.id,
        position: Number(r.position),
        aggregateId: r.aggregate_id,
        sent: r.sent,
        streamSeq: r.stream_seq === null ? null : Number(r.stream_seq),
      })
    const d = await pool.query<{ consumer: string; event_id: string | null; error: string }>(
      'SELECT consumer, event_id, error FROM dead_letter',
    )
    for (const r of d.rows)
      deadLetters.push({ service: name, consumer: r.consumer, eventId: r.event_id, error: r.error })
  }
  // A timer may write an outbox row after the run saw quiet, a moment before this read: unsent here is not lost
  // until its relay has had UNSENT_GRACE_MS to publish it (CI saw one such row, sent by the next fault's check). The
  // stream is read after this, so a row published meanwhile is found there.
  const graceUntil = Date.now() + UNSENT_GRACE_MS
  while (outbox.some((r) => !r.sent) && Date.now() < graceUntil) {
    await new Promise((resolve) => setTimeout(resolve, 200))
    for (const row of outbox.filter((r) => !r.sent)) {
      const now = await p
        .schema(row.service as (typeof SERVICE_NAMES)[number])
        .pool.query<{ sent: boolean; stream_seq: string | null }>(
          'SELECT sent_at IS NOT NULL AS sent, stream_seq::text FROM outbox_message WHERE id = $1',
          [row.id],
        )
      const r = now.rows[0]
      if (r?.sent) {
        row.sent = true
        row.streamSeq = r.stream_seq === null ? null : Number(r.stream_seq)
      }
    }
  }
  const approval = p.schema('approval').pool
  const tasks = await approval.query<{
    id: string
    applicationId: string
    department: string
    item: string
    status: string
    version: number
  }>('SELECT id::text, application_id::text AS "applicationId", department, item, status, version FROM task')
  const gateway = p.schema('gateway').pool
  const shownTasks = await gateway.query<{ id: string; status: string; version: number }>(
    'SELECT id::text, status, version FROM task',
  )
  const shownDecided = await gateway.query<{ id: string }>(
    'SELECT id::text FROM application WHERE decision IS NOT NULL',
  )
  const steps = await approval.query<{ applicationId: string; decided: boolean }>(
    'SELECT application_id::text AS "applicationId", decided_at IS NOT NULL AS decided FROM step',
  )
  const alerts = await approval.query<{ table: string; key: string; eventId: string }>(
    `SELECT 'task_alert' AS table, concat_ws('|', task_id, clock, kind, suspension_id) AS key, event_id::text AS "eventId" FROM task_alert
     UNION ALL SELECT 'step_alert', concat_ws('|', application_id, clock, kind), event_id::text FROM step_alert
     UNION ALL SELECT 'flow_alert', concat_ws('|', project_id, kind), event_id::text FROM flow_alert`,
  )
  // Acceptance's cases and registration's cases and certificates, beside what the read model shows of them.
  const acceptanceCases = await p.schema('acceptance').pool.query<AcceptanceCaseRow>(
    `SELECT id::text, project_id::text AS "projectId", part, status, version,
            coalesce((SELECT jsonb_agg(jsonb_build_object('item', i->>'item', 'department', i->>'department',
                                                          'status', i->>'status', 'round', (i->>'round')::int))
                      FROM jsonb_array_elements(state->'items') i), '[]'::jsonb) AS items
     FROM acceptance_case`,
  )
  const registration = p.schema('registration').pool
  const registrationCases = await registration.query<Snapshot['registrationCases'][number]>(
    `SELECT id::text, project_id::text AS "projectId", acceptance_case_id::text AS "acceptanceCaseId", status, version,
            state->>'certificateId' AS "certificateId"
     FROM registration_case`,
  )
  const certificates = await registration.query<Snapshot['certificates'][number]>(
    `SELECT id::text, kind, project_id::text AS "projectId", source_key AS "sourceKey" FROM certificate`,
  )
  const shownAcceptance = await gateway.query<{ id: string; status: string; version: number }>(
    'SELECT id::text, status, version FROM acceptance_case',
  )
  const shownRegistration = await gateway.query<{ id: string; status: string; version: number }>(
    'SELECT id::text, status, version FROM registration_case',
  )
  const shownCertificates = await gateway.query<{ id: string }>('SELECT id::text FROM certificate')
  const stream = await readStream(p)
  const lastPermit = await lastPermitSeq(p)
  {
    const readModel = await readModelsAtOneCursor(p, rebuild, lastPermit)
    return {
      ...answered,
      tasks: tasks.rows,
      steps: steps.rows,
      acceptanceCases: acceptanceCases.rows,
      registrationCases: registrationCases.rows,
      certificates: certificates.rows,
      outbox,
      stream,
      consumers: await durables(p),
      readModel,
      shown: {
        tasks: shownTasks.rows,
        decided: shownDecided.rows.map((r) => r.id),
        acceptanceCases: shownAcceptance.rows,
        registrationCases: shownRegistration.rows,
        certificates: shownCertificates.rows.map((r) => r.id),
      },
      alerts: alerts.rows,
      deadLetters,
    }
  }
}
