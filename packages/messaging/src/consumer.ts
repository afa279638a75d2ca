import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream'
import { type EventBody, type EventDefinition, validationErrors } from '@onewindow/contracts'
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import type pg from 'pg'
import { deadLetter, headersOf } from './dead-letter.js'
import type { Outbox } from './outbox.js'
import type { SqlTx, TransactionRunner } from './sql.js'
import { canonicalSubject, ensureConsumer, type Topology, wireSubject } from './streams.js'
import { contextFromHeaders, tracer } from './trace-headers.js'
import type { MessagingWorker } from './worker.js'

export type HandlerContext<E extends EventDefinition, TTx extends SqlTx> = {
  event: EventBody<E>
  eventId: string
  headers: Record<string, string>
  tx: TTx
  /** When this delivery is handled, from the service's clock. */
  now: Date
  outbox: Outbox
}

export type ConsumerDefinition<E extends EventDefinition = EventDefinition, TTx extends SqlTx = SqlTx> = {
  /** `<service>-<purpose>`, shared by every replica (DESIGN §4). */
  durable: string
  event: E
  /** Runs inside the transaction that also records the event in the inbox. A domain rejection is not an error. */
  handle(ctx: HandlerContext<E, TTx>): Promise<void>
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
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void }
}

export type ConsumerTuning = {
  /** Deliveries handled at once; events of one aggregate are still handled one after another. */
  concurrency?: number
  maxDeliver?: number
  ackWaitMs?: number
  /** Delay before redelivery after a failed attempt n (1-based). */
  backoffMs?: (attempt: number) => number
  inactiveThresholdMs?: number
}

export type ConsumerWorker = MessagingWorker

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const defaultBackoff = (attempt: number) => Math.min(250 * 2 ** (attempt - 1), 30_000)

/**
 * A durable pull consumer running a definition:
 * 1. a body that fails its schema (or has no event id) is dead-lettered at once and terminated;
 * 2. the event id goes into the inbox first, in the handler's transaction; a duplicate is acked and ignored;
 * 3. the handler runs, the transaction commits, then the message is acked;
 * 4. a thrown error naks with backoff until `maxDeliver`, then the message is dead-lettered and terminated.
 */
export function createConsumer<E extends EventDefinition, TTx extends SqlTx>(
  def: ConsumerDefinition<E, TTx>,
  deps: ConsumerDeps<TTx>,
  tuning: ConsumerTuning = {},
): ConsumerWorker {
  const concurrency = tuning.concurrency ?? 16
  const maxDeliver = tuning.maxDeliver ?? 10
  const backoff = tuning.backoffMs ?? defaultBackoff
  let messages: ConsumerMessages | undefined
  let loop: Promise<void> | undefined
  let running = false
  let failed: unknown
  const inFlight = new Set<Promise<void>>()
  const tails = new Map<string, Promise<void>>()

  const settle = async (m: JsMsg) => {
    const subject = canonicalSubject(deps.topology, m.subject)
    const headers = headersOf(m)
    const eventId = headers['ce-id'] ?? headers['Nats-Msg-Id'] ?? null
    let body: unknown
    try {
      body = JSON.parse(m.string())
    } catch (err) {
      return poison(m, subject, eventId, `body is not JSON: ${(err as Error).message}`)
    }
    if (!eventId || !uuidPattern.test(eventId)) return poison(m, subject, eventId, 'no event id (ce-id) header')
    if (!def.event.validator.Check(body)) {
      return poison(m, subject, eventId, `schema: ${validationErrors(def.event, body).join('; ')}`)
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
          const inserted = await tx.$executeRawUnsafe(
            'INSERT INTO inbox_message (consumer, event_id, subject) VALUES ($1, $2::uuid, $3) ON CONFLICT DO NOTHING',
            def.durable,
            eventId,
            subject,
          )
          if (inserted === 0) return
          await def.handle({ event: body as EventBody<E>, eventId, headers, tx, now: deps.now(), outbox: deps.outbox })
        }),
      )
      m.ack()
    } catch (err) {
      span.recordException(err as Error)
      span.setStatus({ code: SpanStatusCode.ERROR })
      const attempt = m.info.deliveryCount
      if (attempt >= maxDeliver) {
        await poison(m, subject, eventId, `after ${attempt} deliveries: ${(err as Error).stack ?? String(err)}`)
      } else {
        deps.log?.warn({ err, consumer: def.durable, eventId, attempt }, 'handler failed; will retry')
        m.nak(backoff(attempt))
      }
    } finally {
      span.end()
    }
  }

  const poison = async (m: JsMsg, subject: string, eventId: string | null, error: string) => {
    try {
      await deadLetter(deps, m, { consumer: def.durable, subject, eventId, error })
      deps.log?.error({ consumer: def.durable, eventId, subject, error }, 'message dead-lettered')
      m.term()
    } catch (err) {
      // Could not record it: leave it to be redelivered rather than lose it.
      deps.log?.error({ err, consumer: def.durable, eventId }, 'dead-lettering failed; message will be redelivered')
      m.nak(backoff(m.info.deliveryCount))
    }
  }

  // Deliveries of one aggregate run one after another, in arrival order; different aggregates run side by side.
  const schedule = (m: JsMsg) => {
    const key = m.headers?.get('ow-aggregate') || `seq:${m.seq}`
    const prev = tails.get(key) ?? Promise.resolve()
    const next = prev.then(() => settle(m)).catch((err) => deps.log?.error({ err }, 'unexpected consumer failure'))
    tails.set(key, next)
    const tracked = next.finally(() => {
      inFlight.delete(tracked)
      if (tails.get(key) === next) tails.delete(key)
    })
    inFlight.add(tracked)
    return tracked
  }

  const run = async (msgs: ConsumerMessages) => {
    for await (const m of msgs) {
      schedule(m)
      while (inFlight.size >= concurrency) await Promise.race(inFlight)
    }
  }

  return {
    name: `consumer:${def.durable}`,
    async start() {
      await ensureConsumer(deps.jsm, deps.topology.stream, {
        durable: def.durable,
        filterSubject: wireSubject(deps.topology, def.event.subject),
        maxDeliver,
        ackWaitMs: tuning.ackWaitMs ?? 30_000,
        maxAckPending: concurrency * 4,
        ...(tuning.inactiveThresholdMs ? { inactiveThresholdMs: tuning.inactiveThresholdMs } : {}),
      })
      const consumer = await deps.js.consumers.get(deps.topology.stream, def.durable)
      messages = await consumer.consume({ max_messages: concurrency * 2 })
      running = true
      loop = run(messages).catch((err) => {
        failed = err
      })
    },
    async stop() {
      running = false
      await messages?.close()
      await loop
      await Promise.allSettled([...inFlight])
    },
    healthy: () => running && failed === undefined,
  }
}
