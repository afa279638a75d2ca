import { fileURLToPath } from 'node:url'
import type { NatsConnection } from '@nats-io/transport-node'
import { type Catalogue, cataloguesByRegion } from '@onewindow/catalogue'
import { createPool, migrate, prismaAdapter } from '@onewindow/db'
import { createMessaging, type SqlTx, type Topology, type TransactionRunner } from '@onewindow/messaging'
import type { Clock, PeriodicWorker, ServiceApp, ServiceOptions } from '@onewindow/service-kit'
import { defaultCalendar } from '@onewindow/workdays'
import { type AcceptanceDeps, buildApp } from './app.js'
import { onProjectRegistered } from './consumers/on-project-registered.js'
import { onStepDecided } from './consumers/on-step-decided.js'
import { PrismaClient } from './generated/client.js'
import { caseScanner } from './jobs/scan-cases.js'

export type { AcceptanceDeps } from './app.js'
export { AcceptanceConfig } from './config.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface AcceptanceOptions {
  /** postgres URL with `?schema=<acceptance or a test schema>`. */
  databaseUrl: string
  /** The caller owns it: the service never closes it. */
  nc: NatsConnection
  /** `defaultTopology` in production, a test topology in tests. */
  topology: Topology
  clock: Clock
  logger?: ServiceOptions['logger']
  logLevel?: string
  /** How often overdue 告知承诺 verifications and case clock alerts are looked for (default 60 000 ms). */
  scanEveryMs?: number
  /** Share of the case clock's limit used that turns it yellow (default 0.8). */
  yellowAt?: number
  /** The catalogue of a region (default `loadCatalogue`); loaded once per region. */
  catalogue?: (region: string) => Catalogue
}

export type AcceptanceApp = ServiceApp<AcceptanceDeps> & { scanner: PeriodicWorker }

/**
 * The acceptance service, migrated and wired, not listening: the project and approved-step consumers and the
 * outbox relay start with the app and stop with it; closing flushes the relay, disconnects Prisma and ends the pool.
 */
export async function createAcceptance(options: AcceptanceOptions): Promise<AcceptanceApp> {
  await migrate(options.databaseUrl, migrationsDir)
  const { pool, schema } = createPool(options.databaseUrl, 10)
  const prisma = new PrismaClient({ adapter: prismaAdapter(pool, schema) })
  const transaction: TransactionRunner<SqlTx> = (fn) => prisma.$transaction(fn, { maxWait: 10_000, timeout: 30_000 })
  const messaging = await createMessaging({
    nc: options.nc,
    pool,
    schema,
    topology: options.topology,
    source: 'acceptance',
    transaction,
    now: () => options.clock.now(),
  })
  const deps: AcceptanceDeps = {
    clock: options.clock,
    commands: {
      transaction,
      outbox: messaging.outbox,
      clock: options.clock,
      catalogue: cataloguesByRegion(options.catalogue),
    },
    readiness: {
      database: async () => (await pool.query('SELECT 1')).rowCount === 1,
      nats: async () => !options.nc.isClosed(),
    },
  }
  let app: ServiceApp<AcceptanceDeps> | undefined
  const scanner = caseScanner(
    deps.commands,
    { everyMs: options.scanEveryMs ?? 60_000, calendar: defaultCalendar(), yellowAt: options.yellowAt ?? 0.8 },
    { error: (obj, msg) => app?.log.error(obj, msg) },
  )
  app = await buildApp(deps, {
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    deadLetters: messaging.deadLetters,
    workers: [messaging.relay, messaging.consumer(onProjectRegistered), messaging.consumer(onStepDecided), scanner],
    closers: [
      async () => {
        await messaging.relay.flush()
      },
      () => prisma.$disconnect(),
      () => pool.end(),
    ],
  })
  return Object.assign(app, { scanner })
}
