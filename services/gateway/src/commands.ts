import { type AuditAnchoredV1, auditAnchoredEvents, CalendarPublishedV1 } from '@onewindow/contracts'
import {
  type AppliedBatch,
  applyInOrder,
  type CalendarSource,
  type ReadModelDefinition,
  ReadModelRefusal,
  type StreamEvent,
  storeCalendarEntry,
  storedCalendar,
  type TransactionRunner,
} from '@onewindow/messaging'
import { describeProblems, validateCalendarEntry } from '@onewindow/workdays'
import { copyAuditEntries } from './db/audit.js'
import { changesStatement, pruneChanges, recordChanges } from './db/changes.js'
import type { GatewayDb, Tx } from './db/client.js'
import { applyProjection, applyProjections } from './db/projection.js'
import { raiseSignals, signalsInsert } from './db/signals.js'
import { createExport, SPGL_READER, spglDefinition } from './db/spgl.js'
import { applyTicket } from './db/tickets.js'
import { type ChangeRow, changeOfEvent, ticketChangeOf } from './domain/changes.js'
import type { Promised, PromisedApplication } from './domain/pending.js'
import { type Projection, projectedEvents, projectionsOf } from './domain/projectors.js'
import { ticketProjectors } from './domain/tickets.js'
import { Prisma } from './generated/client.js'

/** The read model's cursor row and the consumer its dead letters are filed under. */
export const READ_MODEL = 'gateway-read-model'

const auditAnchoredSubjects = new Set<string>(auditAnchoredEvents.map((e) => e.subject))
// 12345 热线工单: each event's ticket snapshot, history line and (linked to a project) timeline entry (db/tickets.ts).
const ticketProjectorOf = new Map<string, (typeof ticketProjectors)[number]>(
  ticketProjectors.map((p) => [p.event.subject, p]),
)

/**
 * Every projector as a handler of the ordered reader: what the read model applies, in stream order. A batch is
 * written together (`applyProjections`: a step's N task events in one statement); an event refused in it is applied
 * again alone, by its handler. A decided task's working days are counted with `calendar` as it stands when the batch
 * is applied (the figures the supervision stats aggregate).
 */
export const readModelDefinition = (calendar: Pick<CalendarSource, 'current'>): ReadModelDefinition<Tx> => ({
  name: READ_MODEL,
  handlers: [
    ...projectedEvents.map((projected) => ({
      event: projected,
      apply: async ({ tx, event, eventId, seq }: { tx: Tx; event: unknown; eventId: string; seq: number }) => {
        const projections = projectionsOf(projected.subject, event, eventId) ?? []
        for (const p of projections) await applyProjection(tx, p, calendar.current())
        await raiseSignals(tx, [{ subject: projected.subject, event, eventId }], calendar.current())
        await recordChanges(tx, [changeOfEvent(projections, seq, eventId)])
      },
    })),
    // Each service's audit entries arrive with its anchors: copied for the admin audit route, no timeline entry.
    ...auditAnchoredEvents.map((event) => ({
      event,
      apply: ({ tx, event: body }: { tx: Tx; event: unknown }) => copyAuditEntries(tx, body as AuditAnchoredV1),
    })),
    // Hotline tickets: applied one by one, in their place in the order.
    ...ticketProjectors.map((p) => ({
      event: p.event,
      apply: async ({ tx, event, eventId, seq }: { tx: Tx; event: unknown; eventId: string; seq: number }) => {
        const projection = p.project(event, eventId)
        // A replay that added neither the snapshot nor a history line changed nothing: no change for the live stream.
        const scope = await applyTicket(tx, projection)
        if (scope) await recordChanges(tx, [ticketChangeOf(projection, seq, scope)])
      },
    })),
    // A published calendar: stored, no timeline entry (the services' `clock.due-moved` make those).
    { event: CalendarPublishedV1, apply: ({ tx, event }: { tx: Tx; event: unknown }) => storeCalendar(tx, event) },
  ],
  // Runs of consecutive projected events are written together; an anchor's audit entries are copied in their place in
  // the order, so the batch has exactly the effect of its handlers one by one. The live stream's changes are recorded
  // after the rows, in one statement (the handlers record each event's own).
  applyTogether: async (tx, events) => {
    let run: Projection[] = []
    const changes: ChangeRow[] = []
    const flush = async () => {
      if (run.length > 0) await applyProjections(tx, run, calendar.current())
      run = []
    }
    for (const e of events) {
      const projections = projectionsOf(e.subject, e.event, e.eventId)
      if (projections) {
        run.push(...projections)
        changes.push(changeOfEvent(projections, e.seq, e.eventId))
        continue
      }
      await flush()
      const ticket = ticketProjectorOf.get(e.subject)
      if (ticket) {
        const projection = ticket.project(e.event, e.eventId)
        const scope = await applyTicket(tx, projection)
        if (scope) changes.push(ticketChangeOf(projection, e.seq, scope))
        continue
      }
      if (e.subject === CalendarPublishedV1.subject) {
        await storeCalendar(tx, e.event)
        continue
      }
      if (!auditAnchoredSubjects.has(e.subject)) throw new Error(`read model: no handler for ${e.subject}`)
      await copyAuditEntries(tx, e.event as AuditAnchoredV1)
    }
    // 风险信号 of the batch's events (db/signals.ts): once per occurrence, whatever is replayed. They and the live
    // stream's changes end the statement of the batch's last rows when those are projections (the common batch: a
    // step's tasks, its clocks), one round trip fewer; after a ticket, a calendar or an audit copy, they go alone.
    if (run.length === 0) {
      await raiseSignals(tx, events, calendar.current())
      await recordChanges(tx, changes)
      return
    }
    const signals = signalsInsert(events, calendar.current())
    const last = (before: readonly Prisma.Sql[]) =>
      changesStatement(changes, signals ? [...before, Prisma.sql`signals AS (${signals})`] : before)
    await applyProjections(tx, run, calendar.current(), last)
  },
})

/**
 * Stores a published calendar entry in the gateway's `calendar_entry`, which the status and inbox count with once the
 * batch commits (`applyEvents`). An entry that does not validate is refused and dead-lettered, as a bad row is.
 */
async function storeCalendar(tx: Tx, event: unknown): Promise<void> {
  const body = event as CalendarPublishedV1
  const checked = validateCalendarEntry(body.entry)
  if (!checked.ok)
    throw new ReadModelRefusal(`calendar ${body.key} is not valid: ${describeProblems(checked.problems)}`)
  await storeCalendarEntry(tx, body, checked.value, new Date(body.publishedAt))
}

/**
 * The gateway's commands: the only place it opens a transaction. It has four: applying a batch of events to the read
 * model (with the live stream's changes), writing down what it promised when it answered 201, keeping a status answer
 * in the read model, and pruning the live stream's window.
 */
export function gatewayCommands(db: GatewayDb, calendar: CalendarSource, transaction: TransactionRunner<Tx>) {
  const definition = readModelDefinition(calendar)
  return {
    async lastApplied(): Promise<number> {
      const row = await db.readModelCursor.findUnique({ where: { name: READ_MODEL } })
      return Number(row?.lastSequence ?? 0)
    },

    /**
     * One transaction per batch (a second when an event is refused), on the runner `transaction` (index.ts gives it a
     * generous time limit: a batch waits for the cursor's row lock while another replica's batch commits, and up to
     * 256 events run inside); a batch with nothing the read model projects is the cursor's one statement alone, on
     * the runner's `outside`, with no transaction around it.
     */
    async applyEvents(batch: StreamEvent[]): Promise<AppliedBatch> {
      const applied = await applyInOrder(transaction, definition, batch)
      // After the commit, from the table: every answer from now on counts with the published calendar.
      if (batch.some((e) => e.subject === CalendarPublishedV1.subject)) {
        const stored = await storedCalendar(db)
        calendar.replace(stored.calendar, stored.stamp)
      }
      return applied
    },

    /** The spgl reader's cursor (db/spgl.ts): its own row of read_model_cursor. */
    async spglLastApplied(): Promise<number> {
      const row = await db.readModelCursor.findUnique({ where: { name: SPGL_READER } })
      return Number(row?.lastSequence ?? 0)
    },

    /**
     * A batch of the stream to the national data-sharing tables: rows and cursor in one transaction (db/spgl.ts), or
     * the cursor's statement alone for a batch with nothing the export maps.
     */
    async applySpglEvents(batch: StreamEvent[]): Promise<AppliedBatch> {
      return applyInOrder(transaction, spglDefinition, batch)
    },

    /** One export of the spgl rows past the watermark, recorded as a batch, the rows it refused counted (db/spgl.ts). */
    async createSpglExport(a: Parameters<typeof createExport>[1]) {
      return transaction((tx) => createExport(tx, a))
    },

    /** Keeps the newest `keep` changes of the live stream (db/changes.ts); returns how many went. */
    async pruneChanges(keep: number): Promise<number> {
      return transaction((tx) => pruneChanges(tx, keep))
    },

    /**
     * Keeps a project's whole-view status in the read model (`status_answer`, migration 20261202130000_status_answer),
     * in one statement, as built at `version`: only for a project the read model holds, and never over an answer of a
     * later version or day (two gateways building the same status at once leave the later). A read uses it only at
     * exactly its version, day and `builtWith`, so a kept answer that is no longer current is never sent, only
     * replaced by the next one built.
     */
    async keepStatusAnswer(a: KeptStatusAnswer): Promise<void> {
      await db.$executeRaw`
        INSERT INTO status_answer (project_id, version, day, built_with, owner_credit_code, departments,
                                   application_ids, shown_rows, body, instant_at, built_at)
        SELECT ${a.projectId}::uuid, ${a.version}::bigint, ${a.day}::date, ${a.builtWith}, ${a.ownerCreditCode},
               ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(a.departments)}::jsonb)),
               ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(a.applicationIds)}::jsonb)::uuid),
               ${a.rows}::int, ${a.body}, ${a.instantAt}::int, ${a.builtAt}
         WHERE EXISTS (SELECT 1 FROM project WHERE id = ${a.projectId}::uuid)
        ON CONFLICT (project_id) DO UPDATE SET
          version = EXCLUDED.version, day = EXCLUDED.day, built_with = EXCLUDED.built_with,
          owner_credit_code = EXCLUDED.owner_credit_code, departments = EXCLUDED.departments,
          application_ids = EXCLUDED.application_ids, shown_rows = EXCLUDED.shown_rows, body = EXCLUDED.body,
          instant_at = EXCLUDED.instant_at, built_at = EXCLUDED.built_at
         WHERE (status_answer.version, status_answer.day) <= (EXCLUDED.version, EXCLUDED.day)`
    },

    /**
     * One statement: a retried create (the same id) keeps the first promise, and nothing is promised for a row the
     * read model already holds (its event applied before intake's answer reached us), so no promise outlives its
     * row but for a race of a few milliseconds with the batch that applies it — reads ignore such a promise.
     */
    async promise(p: Promised): Promise<void> {
      const project = p.project === undefined ? null : JSON.stringify(p.project)
      await db.$executeRaw`
        INSERT INTO pending_write (id, kind, project_id, owner_credit_code, region, project, since)
        SELECT ${p.id}::uuid, ${p.kind}, ${p.projectId}::uuid, ${p.ownerCreditCode}, ${p.region ?? null},
               ${project}::jsonb, ${new Date(p.since)}
         WHERE NOT EXISTS (SELECT 1 FROM project WHERE id = ${p.id}::uuid AND ${p.kind} = 'project-registered')
           AND NOT EXISTS (SELECT 1 FROM application WHERE id = ${p.id}::uuid AND ${p.kind} = 'application-accepted')
        ON CONFLICT (id) DO NOTHING`
    },

    /**
     * The promise of an accepted application, in one statement: its owner and region are the project's row's, or
     * those of the project's own promise when the read model does not hold it yet; with neither (not a project the
     * gateway knows), nothing is promised. As for a project, a retried create keeps the first promise and nothing is
     * promised for an application the read model already holds.
     */
    async promiseApplication(p: PromisedApplication): Promise<void> {
      await db.$executeRaw`
        INSERT INTO pending_write (id, kind, project_id, owner_credit_code, region, project, since)
        SELECT ${p.id}::uuid, 'application-accepted', ${p.projectId}::uuid, o.owner_credit_code, o.region, NULL,
               ${new Date(p.since)}
          FROM (SELECT owner_credit_code, region, 0 AS rank FROM project WHERE id = ${p.projectId}::uuid
                UNION ALL
                SELECT owner_credit_code, region, 1 FROM pending_write
                 WHERE id = ${p.projectId}::uuid AND kind = 'project-registered'
                ORDER BY rank LIMIT 1) o
         WHERE NOT EXISTS (SELECT 1 FROM application WHERE id = ${p.id}::uuid)
        ON CONFLICT (id) DO NOTHING`
    },
  }
}
export type GatewayCommands = ReturnType<typeof gatewayCommands>

/** A whole-view status to keep in the read model: its bytes, and what reading it back needs (db/queries.ts). */
export type KeptStatusAnswer = {
  projectId: string
  version: string
  day: string
  builtWith: string
  ownerCreditCode: string
  departments: readonly string[]
  applicationIds: readonly string[]
  rows: number
  body: string
  instantAt: number
  builtAt: Date
}
