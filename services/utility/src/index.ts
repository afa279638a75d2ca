import { fileURLToPath } from 'node:url'
import { type Catalogue, type CatalogueData, cataloguesByRegion, pinnedCatalogues } from '@onewindow/catalogue'
import { prismaAdapter } from '@onewindow/db'
import { calendarConsumer, type ServiceBaseOptions, serviceRuntime, storedCatalogueData } from '@onewindow/messaging'
import type { CallerKeys, PeriodicWorker, ServiceApp } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { buildApp, type UtilityDeps } from './app.js'
import type { CatalogueFor } from './catalogue.js'
import { reprojectRequests } from './commands.js'
import { onAcceptancePassed } from './consumers/on-acceptance-passed.js'
import { onApplicationAccepted } from './consumers/on-application-accepted.js'
import { onCatalogueActivated } from './consumers/on-catalogue-activated.js'
import { onProjectRegistered } from './consumers/on-project-registered.js'
import type { Tx } from './db/requests.js'
import { PrismaClient } from './generated/client.js'
import { requestScanner } from './jobs/scan-requests.js'

export type { UtilityDeps } from './app.js'
export { UtilityConfig } from './config.js'
export { isLowRisk, LOW_RISK_TYPE } from './domain/low-risk.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface UtilityOptions extends ServiceBaseOptions {
  /** The gateway's public keys: every route answers only its signed assertion addressed to utility (docs/security.md). */
  callers: CallerKeys
  clock: TimeSource
  /** How often outside-line permits clocks are looked at for their alerts (default 60 000 ms: the unit is a day). */
  scanEveryMs?: number
  /** Share of the permits clock's limit used that turns it yellow (default 0.8). */
  yellowAt?: number
  /** The catalogue of a region; default: the bundled catalogue, loaded once per region. */
  catalogue?: (region: string) => Catalogue
}

export type UtilityApp = ServiceApp<UtilityDeps> & { scanner: PeriodicWorker }

/**
 * The utility service (水电气网报装), migrated and wired, not listening: the three consumers, the request scanner and
 * the outbox relay start with the app and stop with it; closing flushes the relay, disconnects Prisma and ends the
 * pool.
 */
export async function createUtility(options: UtilityOptions): Promise<UtilityApp> {
  const rt = await serviceRuntime({
    ...options,
    migrationsDir,
    source: 'utility',
    countsLegalTime: true,
    prisma: (pool, schema) => new PrismaClient({ adapter: prismaAdapter(pool, schema) }),
  })
  // A region no catalogue covers opens no requests; a broken bundled catalogue is ours to fix, and is thrown.
  // Versions intake activated come from this service's own table (stored by onCatalogueActivated, kept over
  // restarts); a pin not stored is the region's bundled catalogue.
  const catalogueFor: CatalogueFor = pinnedCatalogues({
    stored: async (tx: Tx, pin) => (await storedCatalogueData(tx, pin)) as CatalogueData | undefined,
    fallback: cataloguesByRegion(options.catalogue),
  })
  // The runtime's calendar: the calendar consumer swaps it and re-projects the open clocks.
  const calendar = rt.calendar
  const consumers = [
    rt.messaging.consumer(onProjectRegistered),
    rt.messaging.consumer(onApplicationAccepted(catalogueFor)),
    rt.messaging.consumer(onCatalogueActivated),
    rt.messaging.consumer(onAcceptancePassed(calendar)),
    rt.messaging.consumer(
      calendarConsumer<Tx>({ durable: 'utility-calendar', source: calendar, reproject: reprojectRequests }),
    ),
  ]
  const deps: UtilityDeps = {
    clock: options.clock,
    commands: {
      transaction: rt.transaction,
      audited: rt.audited,
      outbox: rt.messaging.outbox,
      clock: options.clock,
      catalogueFor,
      calendar,
    },
    readiness: rt.readiness,
  }
  let app: ServiceApp<UtilityDeps> | undefined
  const scanner = requestScanner(
    deps.commands,
    { everyMs: options.scanEveryMs ?? 60_000, calendar, yellowAt: options.yellowAt ?? 0.8 },
    { error: (obj, msg) => app?.log.error(obj, msg) },
  )
  app = await buildApp(deps, { ...rt.serviceOptions([...consumers, scanner]), callers: options.callers })
  return Object.assign(app, { scanner })
}
