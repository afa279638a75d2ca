import type { NatsConnection } from '@nats-io/transport-node'
import { createPool, migrate } from '@onewindow/db'
import type pg from 'pg'
import { connectNats, type NatsAuth } from './connect.js'
import { createMessaging, type Messaging } from './runtime.js'
import type { SqlTx, TransactionRunner } from './sql.js'
import { defaultTopology, type Topology } from './streams.js'
import { unavailableDependency } from './unavailable.js'
import type { MessagingWorker } from './worker.js'

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
  clock: { now(): Date }
  /** `false` silences logging (tests); an object is merged into the pino options. */
  logger?: boolean | object
  logLevel?: string
}

export type ServiceRuntimeOptions<
  P extends { $disconnect(): Promise<void> },
  TTx extends SqlTx,
> = ServiceBaseOptions & {
  migrationsDir: string
  /** Connections of the service's pool (default 10); the gateway keeps fewer here, its routes read on a pool of their own. */
  poolSize?: number
  /** The service's name: `ce-source` of what it publishes. */
  source: string
  /** The service's generated Prisma client over the pool (`new PrismaClient({ adapter: prismaAdapter(pool, schema) })`). */
  prisma(pool: pg.Pool, schema: string): P
  /**
   * One database transaction through that client, with the service's own limits; its transaction client is what
   * repositories, consumers and timers get, so they read through the service's typed models.
   */
  transaction(prisma: P): TransactionRunner<TTx>
}

/**
 * What every service starts from, wired one way: its schema migrated, a pool on it, its Prisma client, one
 * transaction runner, messaging (stream, outbox, relay, consumers, dead letters), the readiness checks, and the
 * options that put the relay first among the workers and close relay → Prisma → pool in that order.
 */
export async function serviceRuntime<P extends { $disconnect(): Promise<void> }, TTx extends SqlTx = SqlTx>(
  o: ServiceRuntimeOptions<P, TTx>,
) {
  if ((o.nc === undefined) === (o.natsUrl === undefined))
    throw new Error(`${o.source}: give either nc or natsUrl (got ${o.nc ? 'both' : 'neither'})`)
  await migrate(o.databaseUrl, o.migrationsDir)
  const nc = o.nc ?? (await connectNats(o.natsUrl as string, o.source, o.natsAuth))
  const topology = o.topology ?? defaultTopology
  const { pool, schema } = createPool(o.databaseUrl, o.poolSize)
  const prisma = o.prisma(pool, schema)
  const transaction = o.transaction(prisma)
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
  return {
    pool,
    prisma,
    transaction,
    messaging,
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
        workers: [messaging.relay, ...workers],
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
