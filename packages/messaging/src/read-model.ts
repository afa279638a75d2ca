import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream'
import { type EventDefinition, validationErrors } from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { PULL_EXPIRES_MS } from './consumer.js'
import { headersOf, publishDeadLetter } from './dead-letter.js'
import { canonicalSubject, type Topology, wireSubject } from './streams.js'
import { abortedForConflict, unavailableDependency } from './unavailable.js'
import { failureKey, type MessagingWorker, type WorkerLog } from './worker.js'

/**
 * What applying a batch needs from the caller's transaction: tagged statements, as Prisma's interactive
 * transaction client has them. Savepoints and the cursor are set-based statements, so they are tagged SQL.
 */
export interface TaggedSqlTx {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>
}

/** One message of the stream as the reader hands it on: its sequence, its subject without the test prefix. */
export type StreamEvent = {
  seq: number
  subject: string
  data: Uint8Array
  headers: Record<string, string>
}

export type ReadModelHandler<TTx> = {
  event: EventDefinition
  /**
   * Writes the event's rows in the batch's transaction. Throwing refuses the event: its
   * writes are rolled back and it is dead-lettered with the error, and the batch goes on — unless the error says the
   * database is unavailable, which aborts the whole batch to be tried again.
   */
  apply(ctx: { tx: TTx; event: unknown; eventId: string; seq: number; time?: string }): Promise<void>
}

/** An event of a batch as `applyTogether` gets it: past the cursor, with a handler and a body that passed its schema. */
export type ReadModelEvent = {
  subject: string
  event: unknown
  eventId: string
  seq: number
  /**
   * When the state change committed: the outbox's `ce-time` header (an ISO instant), absent on a message without it.
   * Not checked here: a reader that stores it checks it.
   */
  time?: string
}

export type ReadModelDefinition<TTx> = {
  /** The cursor's row in `read_model_cursor` and the consumer its dead letters are filed under. */
  name: string
  handlers: readonly ReadModelHandler<TTx>[]
  /**
   * Optional: writes all the events of a batch, in stream order, in fewer statements than a handler call each (one
   * multi-row insert of many events' rows). It must have exactly the effect of calling each event's handler in turn.
   * It runs only in the batch's optimistic transaction; if it throws, that transaction rolls back and the batch is
   * applied again event by event with the handlers, so a refusal still undoes only the refused event's writes.
   */
  applyTogether?(tx: TTx, events: readonly ReadModelEvent[]): Promise<void>
}

/** A dead letter recorded in the batch's transaction, to be copied to its subject once that transaction commits. */
export type PendingDeadLetter = {
  id: string
  seq: number
  subject: string
  data: Uint8Array
  headers: Record<string, string>
  error: string
}

export type AppliedBatch = {
  /** The cursor after the batch: the last stream sequence this read model has applied or passed over. */
  lastSequence: number
  applied: number
  /** At or below the cursor already (a redelivery, or another replica got there first). */
  skipped: number
  deadLetters: PendingDeadLetter[]
}

/** A refusal a handler may throw to say the event cannot be applied; any non-transient error is treated the same. */
export class ReadModelRefusal extends Error {
  override readonly name = 'ReadModelRefusal'
  readonly code = 'MESSAGING_READ_MODEL_REFUSED'
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const decoder = new TextDecoder()

/**
 * One database transaction of the service (its `commands.ts` opens it): what `applyInOrder` applies a batch in. Its
 * `outside`, when it has one (the runner's, `pgTransaction`), runs a statement on its own, in no transaction.
 */
export type BatchTransaction<TTx> = ((apply: (tx: TTx) => Promise<AppliedBatch>) => Promise<AppliedBatch>) & {
  readonly outside?: TaggedSqlTx
}

/** Thrown inside the optimistic transaction when an event is refused, so that the transaction rolls back whole. */
class RefusedInBatch extends Error {
  override readonly name = 'RefusedInBatch'
}

/**
 * Applies one batch in a transaction of the caller's: locks the cursor row (so two replicas reading the same stream
 * take turns and the second skips what the first applied), applies the events past the cursor, records refused ones
 * as dead letters, and moves the cursor to the last sequence of the batch. Subjects without a handler only move the
 * cursor.
 *
 * Optimistic first: the whole batch in one transaction with no savepoint, written together by the definition's
 * `applyTogether` when it has one. If an event is refused, that transaction rolls back whole and the batch is applied
 * again in a second one with a savepoint per event and its handler, so exactly the refused events' writes are undone
 * and each is dead-lettered, as if every event had had its own savepoint. A refusal is rare (an inconsistent stream
 * or a bug); the savepoints it needs would cost every batch two round trips.
 *
 * With the transaction's `outside`, a batch with no event this read model handles only moves the cursor, and the one
 * statement that does it runs there — PostgreSQL gives it a transaction of its own and the same row lock, so it is
 * what the transaction would have been, less BEGIN and COMMIT.
 */
export async function applyInOrder<TTx extends TaggedSqlTx>(
  transaction: BatchTransaction<TTx>,
  def: ReadModelDefinition<TTx>,
  batch: readonly StreamEvent[],
): Promise<AppliedBatch> {
  const handled = new Set<string>(def.handlers.map((h) => h.event.subject))
  const outside = transaction.outside
  if (outside && !batch.some((m) => handled.has(m.subject))) {
    const cursor = await moveCursor(outside, def.name, batch)
    const skipped = batch.filter((m) => m.seq <= cursor).length
    return { lastSequence: Math.max(cursor, lastOf(batch)), applied: 0, skipped, deadLetters: [] }
  }
  try {
    return await transaction((tx) => applyBatch(tx, def, batch, true))
  } catch (err) {
    if (!(err instanceof RefusedInBatch)) throw err
    return transaction((tx) => applyBatch(tx, def, batch, false))
  }
}

/** The batch's last sequence (0 for none). */
const lastOf = (batch: readonly StreamEvent[]) => batch.reduce((m, e) => Math.max(m, e.seq), 0)

/**
 * One round trip: creates the cursor's row on first use, locks it (an ON CONFLICT DO UPDATE locks the row it conflicts
 * with, at its latest committed version, so a replica that waited reads what the other committed) and moves it past
 * the batch. Answers where it stood before, which comes back in `previous_sequence` (the SET's right-hand sides read
 * the row as it was).
 */
async function moveCursor(sql: TaggedSqlTx, name: string, batch: readonly StreamEvent[]): Promise<number> {
  const batchLast = lastOf(batch)
  const rows = await sql.$queryRaw<Array<{ previous: string }>>`
    INSERT INTO read_model_cursor AS c (name, last_sequence, previous_sequence) VALUES (${name}, ${batchLast}::bigint, 0)
    ON CONFLICT (name) DO UPDATE
      SET last_sequence = greatest(c.last_sequence, EXCLUDED.last_sequence), previous_sequence = c.last_sequence
    RETURNING c.previous_sequence::text AS previous`
  return Number(rows[0]?.previous ?? 0)
}

/** What a handler is given for one event of the batch: `time` only when the message carried one. */
const handlerCtx = <TTx>(
  tx: TTx,
  s: { m: StreamEvent; body: unknown; eventId: string; time?: string },
): { tx: TTx; event: unknown; eventId: string; seq: number; time?: string } => ({
  tx,
  event: s.body,
  eventId: s.eventId,
  seq: s.m.seq,
  ...(s.time === undefined ? {} : { time: s.time }),
})

async function applyBatch<TTx extends TaggedSqlTx>(
  tx: TTx,
  def: ReadModelDefinition<TTx>,
  batch: readonly StreamEvent[],
  optimistic: boolean,
): Promise<AppliedBatch> {
  const handlers = new Map<string, ReadModelHandler<TTx>>(def.handlers.map((h) => [h.event.subject, h]))
  // Where this transaction leaves the cursor whatever the batch holds: every event past it is applied, refused into
  // the dead letters or passed over, or the transaction rolls back.
  const cursor = await moveCursor(tx, def.name, batch)
  const result: AppliedBatch = { lastSequence: cursor, applied: 0, skipped: 0, deadLetters: [] }
  const refuse = async (m: StreamEvent, eventId: string | null, error: string) => {
    const id = uuidv7()
    await tx.$executeRaw`
      INSERT INTO dead_letter (id, consumer, subject, event_id, stream_seq, payload, headers, error, deliveries)
      VALUES (${id}::uuid, ${def.name}, ${m.subject}, ${eventId}, ${m.seq}::bigint, ${decoder.decode(m.data)},
              ${JSON.stringify(m.headers)}::jsonb, ${error}, 1)`
    result.deadLetters.push({ id, seq: m.seq, subject: m.subject, data: m.data, headers: m.headers, error })
  }
  // What each message past the cursor is: an event to apply, or refused before any write (not JSON, no id, schema).
  type Step =
    | { m: StreamEvent; handler: ReadModelHandler<TTx>; body: unknown; eventId: string; time?: string }
    | { m: StreamEvent; refused: string; eventId: string | null }
  const steps: Step[] = []
  for (const m of batch) {
    if (m.seq <= result.lastSequence) {
      result.skipped += 1
      continue
    }
    result.lastSequence = m.seq
    const handler = handlers.get(m.subject)
    if (!handler) continue
    const eventId = m.headers['ce-id'] ?? m.headers['Nats-Msg-Id'] ?? null
    let body: unknown
    try {
      body = JSON.parse(decoder.decode(m.data))
    } catch (err) {
      steps.push({ m, eventId, refused: `body is not JSON: ${(err as Error).message}` })
      continue
    }
    if (!eventId || !uuidPattern.test(eventId)) {
      steps.push({ m, eventId, refused: 'no event id (ce-id) header' })
      continue
    }
    if (!handler.event.validator.Check(body)) {
      steps.push({ m, eventId, refused: `schema: ${validationErrors(handler.event, body).join('; ')}` })
      continue
    }
    const time = m.headers['ce-time']
    steps.push({ m, handler, body, eventId, ...(time === undefined ? {} : { time }) })
  }
  const events = steps.filter((s) => 'handler' in s)
  if (optimistic && events.length > 0) {
    try {
      if (def.applyTogether) {
        await def.applyTogether(
          tx,
          events.map((s) => ({
            subject: s.m.subject,
            event: s.body,
            eventId: s.eventId,
            seq: s.m.seq,
            ...(s.time === undefined ? {} : { time: s.time }),
          })),
        )
      } else {
        for (const s of events) await s.handler.apply(handlerCtx(tx, s))
      }
      result.applied = events.length
    } catch (err) {
      if (unavailableDependency(err) || abortedForConflict(err)) throw err
      throw new RefusedInBatch((err as Error)?.message ?? String(err), { cause: err })
    }
  }
  for (const s of steps) {
    if ('refused' in s) {
      await refuse(s.m, s.eventId, s.refused)
      continue
    }
    if (optimistic) continue
    await tx.$executeRaw`SAVEPOINT read_model_event`
    try {
      await s.handler.apply(handlerCtx(tx, s))
      await tx.$executeRaw`RELEASE SAVEPOINT read_model_event`
      result.applied += 1
    } catch (err) {
      // A conflict with another transaction is not the event's fault: the whole batch runs again (pgTransaction).
      if (unavailableDependency(err) || abortedForConflict(err)) throw err
      await tx.$executeRaw`ROLLBACK TO SAVEPOINT read_model_event`
      await refuse(s.m, s.eventId, (err as Error).message ?? String(err))
    }
  }
  return result
}

export type OrderedReaderOptions = {
  js: JetStreamClient
  topology: Pick<Topology, 'stream' | 'prefix'>
  /** The read model's name: its dead letters' subject is `dead-letter.<name>`. */
  name: string
  /**
   * What to read, without the prefix (`permit.>`). One filter, as NATS 2.9 has no multi-filter consumers; dead
   * letters travel on `dead-letter.>`, outside it, so a refused event never comes back through the read model.
   */
  subjects: string
  /** The cursor: where reading starts (the sequence after it), read at every start. */
  lastApplied(): Promise<number>
  /** Applies a batch: the service's command calling `applyInOrder` (one transaction; two when an event is refused). */
  applyBatch(batch: StreamEvent[]): Promise<AppliedBatch>
  /** Most messages applied in one transaction (default 256). */
  maxBatch?: number
  /** After a failed batch: wait `retryMs` (default 100), doubling up to `maxRetryMs` (2000), then try it again. */
  retryMs?: number
  maxRetryMs?: number
  log?: WorkerLog
}

export type OrderedReader = MessagingWorker & {
  /** The last stream sequence applied by this reader (0 before its first batch). */
  appliedThrough(): number
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * The one way a read model consumes: an ordered consumer over the stream from the cursor + 1, batches of what has
 * arrived handed to `applyBatch`, a failed batch tried again after a backoff (never by redelivery: the messages are
 * still here, and the cursor in the transaction makes a second attempt safe), dead letters copied to their subject
 * after the batch commits.
 */
export function createOrderedReader(opts: OrderedReaderOptions): OrderedReader {
  const maxBatch = opts.maxBatch ?? 256
  const retryMs = opts.retryMs ?? 100
  const maxRetryMs = Math.max(retryMs, opts.maxRetryMs ?? 2_000)
  let log = opts.log
  let running = false
  let failed: unknown
  // Set while a batch keeps failing (the database down, say): /readyz says so, as it does for the relay's passes.
  let failing = false
  let messages: ConsumerMessages | undefined
  let pump: Promise<void> | undefined
  let loop: Promise<void> | undefined
  let applied = 0
  const buffer: StreamEvent[] = []
  let wake: (() => void) | undefined
  let drained: (() => void) | undefined
  const signal = () => {
    const w = wake
    wake = undefined
    w?.()
  }

  const toEvent = (m: JsMsg): StreamEvent => ({
    seq: m.seq,
    subject: canonicalSubject(opts.topology, m.subject),
    data: m.data,
    headers: headersOf(m),
  })

  const read = async (msgs: ConsumerMessages) => {
    for await (const m of msgs) {
      buffer.push(toEvent(m))
      signal()
      // Back-pressure: while the applier is behind, stop taking from the iterator, so the ordered consumer stops pulling.
      if (buffer.length >= maxBatch * 4) await new Promise<void>((resolve) => (drained = resolve))
    }
  }

  const copyDeadLetters = async (letters: PendingDeadLetter[]) => {
    for (const d of letters) {
      log?.error({ readModel: opts.name, seq: d.seq, subject: d.subject, error: d.error }, 'event dead-lettered')
      try {
        await publishDeadLetter(opts, { ...d, consumer: opts.name })
      } catch (err) {
        // The committed row is the dead letter (listed and replayed from it); the copy on the stream is a courtesy.
        log?.warn?.(
          { err, readModel: opts.name, deadLetter: d.id },
          'dead letter recorded but not copied to its subject',
        )
      }
    }
  }

  const applyLoop = async () => {
    while (running) {
      if (buffer.length === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve
        })
        // The first message of a burst wakes the loop on a microtask, before the iterator hands on the rest of the
        // same socket read: waiting for the next turn of the event loop (setImmediate, no timer) lets one batch
        // take them all instead of a batch of one and another of the rest.
        await new Promise<void>((resolve) => setImmediate(resolve))
        continue
      }
      // What has arrived, up to maxBatch: under load batches grow by themselves while the previous one commits.
      const batch = buffer.slice(0, maxBatch)
      let downSince: number | undefined
      const told = new Set<string>()
      for (let pause = retryMs; ; pause = Math.min(pause * 2, maxRetryMs)) {
        try {
          const result = await opts.applyBatch(batch)
          failing = false
          applied = Math.max(applied, result.lastSequence)
          if (downSince !== undefined) {
            log?.info?.({ readModel: opts.name, downMs: Date.now() - downSince }, 'read model applies again')
          }
          await copyDeadLetters(result.deadLetters)
          break
        } catch (err) {
          const key = failureKey(err)
          if (!told.has(key)) {
            told.add(key)
            log?.error(
              { err, readModel: opts.name, dependency: unavailableDependency(err), from: batch[0]?.seq },
              'read model batch failed; trying again from the cursor',
            )
          }
          downSince ??= Date.now()
          failing = true
          if (!running) return
          await sleep(pause)
          if (!running) return
        }
      }
      buffer.splice(0, batch.length)
      if (buffer.length < maxBatch * 4) {
        const d = drained
        drained = undefined
        d?.()
      }
    }
  }

  return {
    name: `read-model:${opts.name}`,
    async start(ctx) {
      log ??= ctx?.log
      const last = await opts.lastApplied()
      applied = last
      const consumer = await opts.js.consumers.get(opts.topology.stream, {
        filter_subjects: wireSubject(opts.topology, opts.subjects),
        opt_start_seq: last + 1,
      })
      messages = await consumer.consume({ max_messages: maxBatch * 2, expires: PULL_EXPIRES_MS })
      running = true
      pump = read(messages).then(
        () => {
          // The client recreates an ordered consumer after a gap or a reconnect; ending on its own means it gave up.
          if (running) {
            failed = new Error('the ordered consumer ended')
            log?.error({ readModel: opts.name }, 'read model stopped receiving')
          }
        },
        (err) => {
          failed = err
          log?.error({ err, readModel: opts.name }, 'read model stopped receiving')
        },
      )
      loop = applyLoop().catch((err) => {
        failed = err
        log?.error({ err, readModel: opts.name }, 'read model stopped applying')
      })
    },
    async stop() {
      running = false
      await messages?.close()
      signal()
      drained?.()
      // The batch being applied commits; what is buffered is read again from the cursor at the next start.
      await loop
      await pump
    },
    healthy: () => running && failed === undefined && !failing,
    appliedThrough: () => applied,
  }
}
