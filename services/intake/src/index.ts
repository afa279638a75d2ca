import { fileURLToPath } from 'node:url'
import type { NatsConnection } from '@nats-io/transport-node'
import { type Catalogue, cataloguesByRegion } from '@onewindow/catalogue'
import { createPool, migrate } from '@onewindow/db'
import { createMessaging, type Topology } from '@onewindow/messaging'
import type { Clock, ServiceApp, ServiceOptions } from '@onewindow/service-kit'
import { defaultCalendar } from '@onewindow/workdays'
import { buildApp } from './app.js'
import { onStepDecided } from './consumers/on-step-decided.js'
import { createPrisma } from './db/client.js'
import type { IntakeDeps } from './deps.js'
import { createDeficiencyScanner, type DeficiencyScanner } from './jobs/scan-overdue-deficiencies.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface IntakeOptions {
  /** PostgreSQL URL with `?schema=<schema>`. */
  databaseUrl: string
  /** The caller owns it: `createIntake` never closes it. */
  nc: NatsConnection
  topology: Topology
  clock: Clock
  logger?: ServiceOptions['logger']
  logLevel?: string
  /** How often the 容缺 scanner runs (default 1000 ms). */
  scanEveryMs?: number
  /** The catalogue of a region; default: the bundled catalogue, loaded once per region. */
  catalogue?: (region: string) => Catalogue
}

export type IntakeApp = ServiceApp<IntakeDeps> & { scanner: DeficiencyScanner }

/** Intake (一窗受理), migrated and wired, not listening. Closing it flushes the relay and releases the database. */
export async function createIntake(options: IntakeOptions): Promise<IntakeApp> {
  await migrate(options.databaseUrl, migrationsDir)
  const { pool, schema } = createPool(options.databaseUrl)
  const prisma = createPrisma(pool, schema)
  const now = () => options.clock.now()
  const messaging = await createMessaging({
    nc: options.nc,
    pool,
    schema,
    topology: options.topology,
    source: 'intake',
    transaction: (fn) => prisma.$transaction(fn),
    now,
  })
  // An unknown region is the caller's mistake (answered 422); a broken bundled catalogue is ours, and is thrown.
  const catalogueFor = cataloguesByRegion(options.catalogue)
  const deps: IntakeDeps = {
    clock: options.clock,
    prisma,
    outbox: messaging.outbox,
    calendar: defaultCalendar(),
    catalogueFor,
    readiness: {
      database: () => pool.query('SELECT 1').then(() => true),
      nats: async () => !options.nc.isClosed(),
    },
  }
  const scanner = createDeficiencyScanner({
    prisma,
    outbox: messaging.outbox,
    clock: options.clock,
    everyMs: options.scanEveryMs ?? 1000,
  })
  const app = await buildApp(deps, {
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
    deadLetters: messaging.deadLetters,
    workers: [messaging.relay, messaging.consumer(onStepDecided), scanner],
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

export type { IntakeDeps } from './deps.js'
export { creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode } from './domain/credit-code.js'
export type { DeficiencyScanner } from './jobs/scan-overdue-deficiencies.js'
