import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream'
import { type EventBody, type EventDefinition, validationErrors } from '@onewindow/contracts'
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import type pg from 'pg'
import { deadLetter, headersOf } from './dead-letter.js'
import type { Outbox } from './outbox.js'
import type { SqlTx, TransactionRunner } from './sql.js'
import { canonicalSubject, ensureConsumer, type Topology, wireSubject } from './streams.js'
import { contextFromHeaders, tracer } from './trace-headers.js'
import { unavailableDependency } from './unavailable.js'
import { failureKey, type MessagingWorker, type WorkerLog } from './worker.js'

export type HandlerContext<E extends EventDefinition, TTx extends SqlTx> = {
  event: EventBody<E>
  eventId: string
  headers: Record<string, string>
  tx: TTx
  /** When this delivery is handled, from the service's clock. */
  now: Date
  outbox: Outbox
  /** The service's log, for what a handler leaves undone on purpose and an operator must hear of. */
  log?: WorkerLog
}

export type ConsumerDefinition<E extends EventDefinition = EventDefinition, TTx extends SqlTx = SqlTx> = {
  /** `<service>-<purpose>`, shared by every replica (DESIGN §4). */
  durable: string
  event: E
  /**
   * Optional: whether this consumer has anything to do with an event, from its body alone (no I/O, no clock). One it
   * has nothing to do with is acked without a transaction or an inbox row — handling it would change nothing, so
   * neither can a redelivery.
   */
  concerns?(event: EventBody<E>): boolean
  /** Runs inside the transaction that also records the event in the inbox. A domain rejection is not an error. */
  handle(ctx: HandlerContext<E, TTx>): Promise<void>
  /**
   * For a durable that tells people of a moment (an alert): created, it starts at its creation, so one deployed over a
   * running platform does not tell of every past event now. Never for a durable that builds state a service reads (it
   * would miss what came before); an existing durable is never changed by it.
   */
  startsAtCreation?: true
}

/** The one way to consume: declare what, the worker does inbox, ack, retry and dead letters. */
export const defineConsumer = <E extends EventDefinition, TTx extends SqlTx = SqlTx>(def: ConsumerDefinition<E, TTx>) =>
  def

export type ConsumerDeps<TTx extends SqlTx> = {
  js: JetStreamClient
  jsm: JetStreamManager
  pool: pg.Pool
  transaction: TransactionRunner<TTx>
  topology: Pick<Topology, 'stream' | 'prefix'>
  outbox: Outbox
  now: () => Date
  log?: WorkerLog
}

export type ConsumerTuning = {
  /** Deliveries handled at once; events of one aggregate are still handled one after another. */
  concurrency?: number
  maxDeliver?: number
  /**
   * How long the server waits for an ack before redelivering (default 5 s): what a message in flight at a killed
   * consumer waits before another replica gets it. A live consumer keeps each message it holds with
   * `working()` every `workingEveryMs`, so a slow handler or a queue behind its aggregate is not redelivered.
   */
  ackWaitMs?: number
  /** Default a quarter of `ackWaitMs`; `false` sends no heartbeat (a test of redelivery while a handler runs). */
  workingEveryMs?: number | false
  /** Delay before redelivery after a failed attempt n (1-based). */
  backoffMs?: (attempt: number) => number
  inactiveThresholdMs?: number
}

export type ConsumerWorker = MessagingWorker

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const DEFAULT_ACK_WAIT_MS = 5_000
/**
 * How long a pull request lives (`expires`; the server's idle heartbeat is half). nats.js also waits this long
 * between its checks that the consumer still exists after a reconnect when one fails (`resetPendingWithInfo`), as
 * it can while a broker restarted on its store brings JetStream back: at the client's default, 30 s, the fault
 * suite's nats-server restart took 12.5 and 43.9 s to be consistent again; at 5 s, 6.2 s (docs/operations.md#faults).
 */
export const PULL_EXPIRES_MS = 5_000
export const DEFAULT_MAX_DELIVER = 10
export const defaultBackoff = (attempt: number) => Math.min(250 * 2 ** (attempt - 1), 30_000)

/**
 * A durable pull consumer running a definition:
 * 1. a body that fails its schema (or has no event id) is dead-lettered at once and terminated; one the definition
 *    does not concern itself with (`concerns`) is acked untouched, and one whose `concerns` throws is dead-lettered;
 * 2. the event id goes into the inbox first, in the handler's transaction; a duplicate is acked and ignored;
 * 3. the handler runs, the transaction commits, then the message is acked;
 * 4. a thrown error naks with backoff until `maxDeliver`, then the message is dead-lettered and terminated.
 *
 * Every delivered message is held (and kept alive with `working()`) until settled; at most `concurrency` run at
 * once. A graceful stop lets the running ones commit and ack and naks the rest for another replica (NATS 2.9 may
 * still hand one back to this consumer's last open pull request, where it waits out `ack_wait`).
 */
export function createConsumer<E extends EventDefinition, TTx extends SqlTx>(
  def: ConsumerDefinition<E, TTx>,
  deps: ConsumerDeps<TTx>,
  tuning: ConsumerTuning = {},
): ConsumerWorker {
  const concurrency = tuning.concurrency ?? 16
  const maxDeliver = tuning.maxDeliver ?? DEFAULT_MAX_DELIVER
  const backoff = tuning.backoffMs ?? defaultBackoff
  const ackWaitMs = tuning.ackWaitMs ?? DEFAULT_ACK_WAIT_MS
  const workingEveryMs = tuning.workingEveryMs ?? Math.max(100, Math.floor(ackWaitMs / 4))
  let log: WorkerLog | undefined = deps.log
  let messages: ConsumerMessages | undefined
  let loop: Promise<void> | undefined
  let running = false
  let failed: unknown
  const inFlight = new Set<Promise<void>>()
  const tails = new Map<string, Promise<void>>()
  /** Delivered, not yet settled: kept alive with `working()`, nak'd at stop if not started. */
  const held = new Set<JsMsg>()
  const handling = new Set<JsMsg>()
  let heartbeat: NodeJS.Timeout | undefined
  let slots = concurrency
  const waiting: Array<() => void> = []
  const acquire = (): Promise<void> => {
    if (slots === 0) return new Promise<void>((resolve) => waiting.push(resolve))
    slots -= 1
    return Promise.resolve()
  }
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else slots += 1
  }
  const nakNow = (m: JsMsg) => {
    held.delete(m)
    try {
      m.nak()
    } catch {
      // The connection is gone: the server redelivers after ack_wait.
    }
  }

  // A database or broker that is down is not the message's fault: the message is kept (with its heartbeat) and
  // tried again within a second, without spending a delivery; logged when it starts and when it ends.
  let downSince: number | undefined
  const downKeys = new Set<string>()
  const dependencyDown = (err: unknown, eventId: string) => {
    const key = failureKey(err)
    if (!downKeys.has(key)) {
      downKeys.add(key)
      log?.error(
        { err, consumer: def.durable, eventId, dependency: unavailableDependency(err) },
        'handler cannot reach a dependency; retrying',
      )
    }
    downSince ??= Date.now()
  }
  const dependencyBack = () => {
    if (downSince === undefined) return
    log?.info?.({ consumer: def.durable, downMs: Date.now() - downSince }, 'handler reaches its dependencies again')
    downSince = undefined
    downKeys.clear()
  }

  /** Settles one delivery; `'unavailable'` when a dependency is down and the message is still held. */
  const settle = async (m: JsMsg): Promise<'unavailable' | undefined> => {
    const subject = canonicalSubject(deps.topology, m.subject)
    const headers = headersOf(m)
    const eventId = headers['ce-id'] ?? headers['Nats-Msg-Id'] ?? null
    let body: unknown
    try {
      body = JSON.parse(m.string())
    } catch (err) {
      await poison(m, subject, eventId, `body is not JSON: ${(err as Error).message}`)
      return undefined
    }
    if (!eventId || !uuidPattern.test(eventId)) {
      await poison(m, subject, eventId, 'no event id (ce-id) header')
      return undefined
    }
    if (!def.event.validator.Check(body)) {
      await poison(m, subject, eventId, `schema: ${validationErrors(def.event, body).join('; ')}`)
      return undefined
    }
    if (def.concerns) {
      // A test of the body alone: one that throws would throw on every delivery, so it is dead-lettered at once.
      let concerned: boolean
      try {
        concerned = def.concerns(body as EventBody<E>)
      } catch (err) {
        await poison(m, subject, eventId, `concerns: ${(err as Error)?.message ?? String(err)}`)
        return undefined
      }
      if (!concerned) {
        m.ack()
        return undefined
      }
    }
    const span = tracer().startSpan(
      `${def.durable} ${subject}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.destination.name': subject,
          'messaging.message.id': eventId,
        },
      },
      contextFromHeaders(m.headers),
    )
    try {
      await context.with(trace.setSpan(context.active(), span), () =>
        deps.transaction(async (tx) => {
          const inserted = await tx.$executeRaw`
            INSERT INTO inbox_message (consumer, event_id, subject) VALUES (${def.durable}, ${eventId}::uuid, ${subject})
            ON CONFLICT DO NOTHING`
          if (inserted === 0) return
          await def.handle({
            event: body as EventBody<E>,
            eventId,
            headers,
            tx,
            now: deps.now(),
            outbox: deps.outbox,
            ...(log ? { log } : {}),
          })
        }),
      )
      m.ack()
      dependencyBack()
    } catch (err) {
      span.recordException(err as Error)
      span.setStatus({ code: SpanStatusCode.ERROR })
      if (running && unavailableDependency(err)) {
        dependencyDown(err, eventId)
        return 'unavailable'
      }
      const attempt = m.info.deliveryCount
      if (attempt >= maxDeliver) {
        await poison(m, subject, eventId, `after ${attempt} deliveries: ${(err as Error).stack ?? String(err)}`)
      } else {
        log?.warn?.({ err, consumer: def.durable, eventId, attempt }, 'handler failed; will retry')
        m.nak(backoff(attempt))
      }
    } finally {
      span.end()
    }
    return undefined
  }

  const poison = async (m: JsMsg, subject: string, eventId: string | null, error: string) => {
    try {
      await deadLetter(deps, m, { consumer: def.durable, subject, eventId, error })
      log?.error({ consumer: def.durable, eventId, subject, error }, 'message dead-lettered')
      m.term()
    } catch (err) {
      // Could not record it, or not copy it: leave it to be redelivered rather than lose it — while deliveries are
      // left. At `maxDeliver` (the server's max_deliver) NATS delivers it no more: it stays in the stream
      // unacknowledged, and the log says so rather than promise a redelivery that will not come.
      const attempt = m.info.deliveryCount
      if (attempt >= maxDeliver)
        log?.error(
          { err, consumer: def.durable, eventId, attempt },
          'dead-lettering failed at the last delivery (max_deliver): NATS will not deliver the message again; it stays in the stream unacknowledged',
        )
      else log?.error({ err, consumer: def.durable, eventId }, 'dead-lettering failed; message will be redelivered')
      m.nak(backoff(attempt))
    }
  }

  // Deliveries of one aggregate run one after another, in arrival order; different aggregates run side by side.
  const handleOne = async (m: JsMsg) => {
    if (!held.has(m)) return // nak'd at stop
    await acquire()
    try {
      if (!held.has(m)) return
      if (!running) return nakNow(m)
      handling.add(m)
      for (let pause = 250; (await settle(m)) === 'unavailable'; pause = Math.min(pause * 2, 1000)) {
        await new Promise((r) => setTimeout(r, pause))
        if (!running) return nakNow(m)
      }
    } finally {
      handling.delete(m)
      held.delete(m)
      release()
    }
  }
  const schedule = (m: JsMsg) => {
    held.add(m)
    // Arrived while stopping: nak'd once this consumer has stopped pulling (see `stop`).
    if (!running) return
    const key = m.headers?.get('ow-aggregate') || `seq:${m.seq}`
    const prev = tails.get(key) ?? Promise.resolve()
    const next = prev.then(() => handleOne(m)).catch((err) => log?.error({ err }, 'unexpected consumer failure'))
    tails.set(key, next)
    const tracked = next.finally(() => {
      inFlight.delete(tracked)
      if (tails.get(key) === next) tails.delete(key)
    })
    inFlight.add(tracked)
    return tracked
  }

  // Never blocks: the server bounds what is delivered and unacked (max_ack_pending), and every held message gets
  // its heartbeat, which a message left in the iterator's buffer would not.
  const run = async (msgs: ConsumerMessages) => {
    for await (const m of msgs) schedule(m)
  }
  const beat = () => {
    for (const m of held) {
      try {
        m.working()
      } catch {
        // Disconnected: nothing to tell the server now; it redelivers after ack_wait if we do not come back in time.
      }
    }
  }

  return {
    name: `consumer:${def.durable}`,
    async start(ctx) {
      log ??= ctx?.log
      await ensureConsumer(deps.jsm, deps.topology.stream, {
        durable: def.durable,
        filterSubject: wireSubject(deps.topology, def.event.subject),
        maxDeliver,
        ackWaitMs,
        maxAckPending: concurrency * 4,
        ...(tuning.inactiveThresholdMs ? { inactiveThresholdMs: tuning.inactiveThresholdMs } : {}),
        ...(def.startsAtCreation ? { startsAtCreation: true } : {}),
      })
      const consumer = await deps.js.consumers.get(deps.topology.stream, def.durable)
      messages = await consumer.consume({ max_messages: concurrency * 2, expires: PULL_EXPIRES_MS })
      running = true
      if (workingEveryMs !== false) {
        heartbeat = setInterval(beat, workingEveryMs)
        heartbeat.unref()
      }
      loop = run(messages).catch((err) => {
        failed = err
        log?.error({ err, consumer: def.durable }, 'consumer stopped receiving')
      })
    },
    async stop() {
      running = false
      // Stop pulling first (a nak'd message would otherwise come straight back to this consumer's open pull), then
      // what has not started goes back now, for another replica to take at once; what runs commits and acks.
      await messages?.close()
      await loop
      for (const m of held) if (!handling.has(m)) nakNow(m)
      await Promise.allSettled([...inFlight])
      clearInterval(heartbeat)
      heartbeat = undefined
    },
    healthy: () => running && failed === undefined,
  }
}
