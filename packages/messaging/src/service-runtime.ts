import type { NatsConnection } from '@nats-io/transport-node'
import { auditAnchoredEventOf } from '@onewindow/contracts'
import { createPool, migrate } from '@onewindow/db'
import { periodicWorker } from '@onewindow/service-kit'
import type pg from 'pg'
import { anchorAuditOnce, auditedRunner, createAuditLog } from './audit.js'
import { calendarGuard, calendarSource, storedCalendar } from './calendar.js'
import { connectNats, type NatsAuth } from './connect.js'
import { checkRetention, defaultRetention, pruneMessagingTables, type RetentionSettings } from './retention.js'
import { createMessaging, type Messaging } from './runtime.js'
import { pgTransaction, type SqlTx, type TransactionRunner } from './sql.js'
import { defaultTopology, type Topology } from './streams.js'
import { unavailableDependency } from './unavailable.js'
import type { MessagingWorker } from './worker.js'

/** The client a service's `prisma.$transaction(fn)` would give `fn`: what `pgTransaction` gives its callback. */
export type TransactionClientOf<P> = P extends { $transaction: (...args: never[]) => unknown }
  ? Parameters<Parameters<P['$transaction']>[0]>[0] & SqlTx
  : SqlTx

/** What every `create<Service>(options)` takes; each service adds its own. */
export type ServiceBaseOptions = {
  /** postgres URL with `?schema=<the service's schema, or a test schema>`. */
  databaseUrl: string
  /** A connection the caller owns (tests): the service never closes it. Give this or `natsUrl`, not both. */
  nc?: NatsConnection
  /** The broker the service connects to itself (main.ts), reconnecting forever; it drains the connection last on close. */
  natsUrl?: string
  /** The service's own NATS credentials, with `natsUrl` (main.ts from the environment); none on an open server. */
  natsAuth?: NatsAuth
  /**
   * Whether the service creates or updates the stream itself. Default: yes, unless it connects with credentials of
   * its own (`natsAuth`), which do not allow it: the admin's setup step made the stream (docs/operations.md).
   */
  provisionStream?: boolean
  /** A test topology in tests; `defaultTopology` when not given. */
  topology?: Topology
  /** The stream's replica count (`STREAM_REPLICAS`) over `defaultTopology`'s, when no `topology` is given. */
  streamReplicas?: number
  clock: { now(): Date }
  /** `false` silences logging (tests); an object is merged into the pino options. */
  logger?: boolean | object
  logLevel?: string
  /** How often the audit chain's head is anchored (published); default 5 s. The window in which a cut tail goes unseen. */
  auditAnchorEveryMs?: number
  /**
   * How long the outbox, inbox and dead letters keep settled rows, and how often they are pruned
   * (docs/messaging.md#retention); `defaultRetention` when not given. main.ts reads `RETENTION_*`.
   */
  retention?: RetentionSettings
  /**
   * Connections of the service's pool (default 10). A test world of six services sets fewer: the services' roles are
   * not superusers, so a world's pools and another file's share what `max_connections` leaves them.
   */
  poolSize?: number
}

export type ServiceRuntimeOptions<
  P extends { $disconnect(): Promise<void> },
  TTx extends SqlTx = TransactionClientOf<P>,
> = ServiceBaseOptions & {
  migrationsDir: string
  /** The service's name: `ce-source` of what it publishes. */
  source: string
  /** The service's generated Prisma client over the pool (`new PrismaClient({ adapter: prismaAdapter(pool, schema) })`). */
  prisma(pool: pg.Pool, schema: string): P
  /**
   * The service's own retention, for a table of its own that only grows (intake's answer grants): one more pass of the
   * job `<service>-retention`, after the messaging tables and as of the same `now`, in transactions of its own making
   * (a `sweep`, a batch per transaction); resolves to how many rows it deleted. One job, one schedule, one health.
   */
  prune?(transaction: TransactionRunner<TTx>, now: Date): Promise<number>
  /**
   * The service stores days counted in working days (due dates, verify-by days, alerts raised on them): every one of
   * its transactions then counts with the calendar its schema stored, never one a replica held in memory across a
   * publication another replica's consumer stored (`calendarGuard`). Not the gateway: its read model counts in the
   * stream's order, every process swapping its calendar after the batch that applies a publication.
   */
  countsLegalTime?: boolean
}

/**
 * What every service starts from, wired one way: its schema migrated, a pool on it, its Prisma client, one
 * transaction runner, messaging (stream, outbox, relay, consumers, dead letters), the readiness checks, and the
 * options that put the relay first among the workers and close relay → Prisma → pool in that order.
 */
export async function serviceRuntime<
  P extends { $disconnect(): Promise<void> },
  TTx extends SqlTx = TransactionClientOf<P>,
>(o: ServiceRuntimeOptions<P, TTx>) {
  if ((o.nc === undefined) === (o.natsUrl === undefined))
    throw new Error(`${o.source}: give either nc or natsUrl (got ${o.nc ? 'both' : 'neither'})`)
  // A margin too short to be safe stops the start, before anything connects.
  const retention = checkRetention(o.retention ?? defaultRetention)
  await migrate(o.databaseUrl, o.migrationsDir)
  const nc = o.nc ?? (await connectNats(o.natsUrl as string, o.source, o.natsAuth))
  const topology = o.topology ?? { ...defaultTopology, replicas: o.streamReplicas ?? defaultTopology.replicas }
  const { pool, schema } = createPool(o.databaseUrl, o.poolSize)
  const prisma = o.prisma(pool, schema)
  // The one transaction runner (docs/architecture.md "Persistence"): its client is what repositories, consumers and
  // timers get — the tagged pair straight on the connection, the service's typed models through its Prisma client.
  // The bundled years plus what intake published: the calendar consumer replaces it, and so does each transaction
  // that finds the stored one newer (calendar.ts).
  const calendar = calendarSource(await pgTransaction<SqlTx>(pool)((tx) => storedCalendar(tx)))
  const transaction: TransactionRunner<TTx> = pgTransaction<TTx>(
    pool,
    prisma,
    o.countsLegalTime ? { begin: calendarGuard(calendar) } : {},
  )
  const messaging: Messaging<TTx> = await createMessaging({
    nc,
    pool,
    schema,
    topology,
    source: o.source,
    transaction,
    now: () => o.clock.now(),
    provisionStream: o.provisionStream ?? o.natsAuth === undefined,
  })
  const audit = createAuditLog({ now: () => o.clock.now() })
  const anchorEvent = auditAnchoredEventOf(o.source)
  // The one timer every service has: the chain's head published, so a truncated tail is caught (docs/security.md).
  // Only a platform service has a subject to anchor on; a runtime under another name (a test's) keeps its chain only.
  const auditAnchor = anchorEvent
    ? periodicWorker({
        name: `${o.source}-audit-anchor`,
        everyMs: o.auditAnchorEveryMs ?? 5_000,
        runAtStart: false,
        run: () =>
          anchorAuditOnce({
            transaction: transaction as TransactionRunner<SqlTx>,
            outbox: messaging.outbox,
            event: anchorEvent,
            chain: o.source,
            now: () => o.clock.now(),
          }),
      })
    : undefined
  // The one retention job (docs/messaging.md#retention), on every replica: a DELETE of rows another replica already
  // deleted deletes nothing. Not at start: a restarted consumer's redeliveries come first.
  const retentionJob = periodicWorker({
    name: `${o.source}-retention`,
    everyMs: retention.everyMs,
    runAtStart: false,
    run: async () => {
      const now = o.clock.now()
      const pruned = await pruneMessagingTables(pool, topology, retention, now)
      const own = o.prune ? await o.prune(transaction, now) : 0
      return pruned.outbox + pruned.inbox + pruned.deadLetters + own
    },
  })
  return {
    pool,
    prisma,
    transaction,
    messaging,
    /** The working-day calendar the service counts with: `current()` at each command and scan, never kept. */
    calendar,
    /** The service's audit chain: `append(tx, records)` in a transaction of its own making (the gateway's reads). */
    audit,
    /**
     * Where a command opens its transaction: `audited({ actor, action, object }, async (tx) => result)` runs it and
     * appends its entry (done, or refused with the code) last in the same transaction.
     */
    audited: auditedRunner(transaction, audit),
    /** The anchoring timer (none for a source without an anchor event), also run by `serviceOptions`; tests call `runOnce()`. */
    auditAnchor,
    /** The retention job, also run by `serviceOptions`; tests call `runOnce()`. */
    retention: retentionJob,
    readiness: {
      database: async () => (await pool.query('SELECT 1')).rowCount === 1,
      // Connected and answering a ping: a client reconnecting to a stopped broker is not closed, but not ready.
      nats: async () => (await nc.rtt()) >= 0,
    },
    /** service-kit options: the logging asked for, the relay then `workers`, the dead letters, the closers. */
    serviceOptions(workers: readonly MessagingWorker[]) {
      return {
        ...(o.logLevel === undefined ? {} : { logLevel: o.logLevel }),
        ...(o.logger === undefined ? {} : { logger: o.logger }),
        deadLetters: messaging.deadLetters,
        // The database or NATS being down answers 503 with retry-after, not 500.
        unavailable: unavailableDependency,
        workers: [messaging.relay, ...workers, ...(auditAnchor ? [auditAnchor] : []), retentionJob],
        closers: [
          async () => {
            await messaging.relay.flush()
          },
          () => prisma.$disconnect(),
          () => pool.end(),
          ...(o.nc ? [] : [() => nc.drain()]),
        ],
      }
    },
  }
}
