import { fileURLToPath } from 'node:url'
import type { NatsConnection } from '@nats-io/transport-node'
import { createPool, migrate, prismaAdapter } from '@onewindow/db'
import { createMessaging, type SqlTx, type Topology, type TransactionRunner } from '@onewindow/messaging'
import type { Clock, ServiceApp, ServiceOptions } from '@onewindow/service-kit'
import { type ApprovalDeps, buildApp } from './app.js'
import { onApplicationAccepted } from './consumers/on-application-accepted.js'
import { PrismaClient } from './generated/client.js'
import { type ClockScanner, createClockScanner } from './jobs/scan-clocks.js'

export type { ApprovalDeps } from './app.js'
export { ApprovalConfig } from './config.js'
export type { ClockScanner } from './jobs/scan-clocks.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface ApprovalOptions {
  /** postgres URL with `?schema=<approval or a test schema>`. */
  databaseUrl: string
  /** The caller owns it: the service never closes it. */
  nc: NatsConnection
  /** `defaultTopology` in production, a test topology in tests. */
  topology: Topology
  clock: Clock
  logger?: ServiceOptions['logger']
  logLevel?: string
  /** How often the clock scanner runs (default 1000 ms). */
  scanEveryMs?: number
  /** 补正 rounds each department may ask per task (default 1). */
  supplementRounds?: number
  /** Share of a limit at which a clock warns (default 0.8). */
  yellowAt?: number
}

export type ApprovalApp = ServiceApp<ApprovalDeps> & { scanner: ClockScanner }

/**
 * The approval service, migrated and wired, not listening: the open-tasks consumer, the outbox relay and the
 * clock scanner start with the app and stop with it; closing flushes the relay, disconnects Prisma and ends the pool.
 */
export async function createApproval(options: ApprovalOptions): Promise<ApprovalApp> {
  await migrate(options.databaseUrl, migrationsDir)
  const { pool, schema } = createPool(options.databaseUrl, 10)
  const prisma = new PrismaClient({ adapter: prismaAdapter(pool, schema) })
  // Fan-in under load queues commands on one step row; give them time rather than Prisma's 5 s default.
  const transaction: TransactionRunner<SqlTx> = (fn) => prisma.$transaction(fn, { maxWait: 10_000, timeout: 30_000 })
  const now = () => options.clock.now()
  const messaging = await createMessaging({
    nc: options.nc,
    pool,
    schema,
    topology: options.topology,
    source: 'approval',
    transaction,
    now,
  })
  const consumer = messaging.consumer(onApplicationAccepted)
  const commands = {
    transaction,
    outbox: messaging.outbox,
    clock: options.clock,
    supplementRounds: options.supplementRounds ?? 1,
  }
  let app: ApprovalApp | undefined
  const scanner = createClockScanner({
    pool,
    transaction,
    outbox: messaging.outbox,
    clock: options.clock,
    yellowAt: options.yellowAt ?? 0.8,
    everyMs: options.scanEveryMs ?? 1000,
    log: { error: (obj, msg) => app?.log.error(obj, msg) },
  })
  const deps: ApprovalDeps = {
    clock: options.clock,
    commands,
    readiness: {
      database: async () => (await pool.query('SELECT 1')).rowCount === 1,
      nats: async () => !options.nc.isClosed(),
    },
  }
  const built = await buildApp(deps, {
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    deadLetters: messaging.deadLetters,
    workers: [messaging.relay, consumer, scanner],
    closers: [
      async () => {
        await messaging.relay.flush()
      },
      () => prisma.$disconnect(),
      () => pool.end(),
    ],
  })
  built.decorate('scanner', scanner)
  app = built as ApprovalApp
  return app
}
