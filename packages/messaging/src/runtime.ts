import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import type { DeadLetterFilter, DeadLetterView, EventDefinition } from '@onewindow/contracts'
import { instantText } from '@onewindow/db'
import type pg from 'pg'
import { type ConsumerDefinition, type ConsumerDeps, type ConsumerTuning, createConsumer } from './consumer.js'
import { DeadLetterNotFoundError, listDeadLetters, replayDeadLetter } from './dead-letter.js'
import { createOutbox, type Outbox } from './outbox.js'
import { createOrderedReader, type OrderedReader, type OrderedReaderOptions } from './read-model.js'
import { createRelay, type Relay } from './relay.js'
import type { SqlTx, TransactionRunner } from './sql.js'
import { ensureStream, expectStream, type Topology } from './streams.js'
import type { MessagingWorker } from './worker.js'

export type MessagingOptions<TTx extends SqlTx> = {
  nc: NatsConnection
  pool: pg.Pool
  /** The service's PostgreSQL schema, where its outbox and inbox live. */
  schema: string
  topology: Topology
  /** The service's name: `ce-source` of what it publishes. */
  source: string
  /** The service's Prisma `$transaction`, so handlers write through its client. */
  transaction: TransactionRunner<TTx>
  /** The service's clock (an injected one in tests). */
  now: () => Date
  log?: ConsumerDeps<TTx>['log']
  relayPollIntervalMs?: number
  /**
   * Create or update the stream (the default), or only check that it is there: a service connecting with its own
   * credentials may not manage streams, so the admin's setup step (`ensureStream`) made it beforehand.
   */
  provisionStream?: boolean
}

export type Messaging<TTx extends SqlTx> = {
  outbox: Outbox
  relay: Relay
  /** A durable consumer running `def` with this service's pool, transaction, outbox and clock (not started). */
  consumer<E extends EventDefinition>(def: ConsumerDefinition<E, TTx>, tuning?: ConsumerTuning): MessagingWorker
  /** A read model's ordered reader over this service's stream (not started); see `createOrderedReader`. */
  orderedReader(opts: Omit<OrderedReaderOptions, 'js' | 'topology'>): OrderedReader
  /** This service's dead letters, for its admin routes (service-kit's `deadLetters` option). */
  deadLetters: {
    list(filter: DeadLetterFilter): Promise<DeadLetterView[]>
    /** Undefined when there is no such dead letter. */
    replay(id: string): Promise<{ streamSeq: number } | undefined>
  }
}

/**
 * Everything a service needs to publish and consume, wired one way: the stream ensured, one outbox, one relay
 * over the service's schema, and consumers sharing the service's transaction runner and clock.
 */
export async function createMessaging<TTx extends SqlTx>(opts: MessagingOptions<TTx>): Promise<Messaging<TTx>> {
  const js = jetstream(opts.nc)
  const jsm = await jetstreamManager(opts.nc)
  if (opts.provisionStream ?? true) await ensureStream(jsm, opts.topology)
  else await expectStream(jsm, opts.topology)
  const outbox = createOutbox({ source: opts.source, now: opts.now })
  const relay = createRelay({
    pool: opts.pool,
    schema: opts.schema,
    js,
    nc: opts.nc,
    topology: opts.topology,
    ...(opts.relayPollIntervalMs === undefined ? {} : { pollIntervalMs: opts.relayPollIntervalMs }),
  })
  const deps: ConsumerDeps<TTx> = {
    js,
    jsm,
    pool: opts.pool,
    transaction: opts.transaction,
    topology: opts.topology,
    outbox,
    now: opts.now,
    ...(opts.log ? { log: opts.log } : {}),
  }
  const deadLetters: Messaging<TTx>['deadLetters'] = {
    list: async (filter) =>
      (await listDeadLetters(opts.pool, filter)).map((d) => ({
        id: d.id,
        consumer: d.consumer,
        subject: d.subject,
        eventId: d.eventId,
        streamSeq: d.streamSeq,
        error: d.error,
        deliveries: d.deliveries,
        // A stored 'infinity' shows as it reads rather than failing the list (`instantText`).
        createdAt: instantText(d.createdAt),
        replayedAt: d.replayedAt ? instantText(d.replayedAt) : null,
      })),
    replay: async (id) => {
      try {
        return await replayDeadLetter({ pool: opts.pool, js, topology: opts.topology }, id)
      } catch (err) {
        if (err instanceof DeadLetterNotFoundError) return undefined
        throw err
      }
    },
  }
  return {
    outbox,
    relay,
    consumer: (def, tuning) => createConsumer(def, deps, tuning),
    orderedReader: (o) =>
      createOrderedReader({ ...o, js, topology: opts.topology, ...(opts.log && !o.log ? { log: opts.log } : {}) }),
    deadLetters,
  }
}
