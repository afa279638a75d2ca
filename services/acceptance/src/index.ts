import { fileURLToPath } from 'node:url'
import { type Catalogue, type CatalogueData, cataloguesByRegion, pinnedCatalogues } from '@onewindow/catalogue'
import { prismaAdapter } from '@onewindow/db'
import { calendarConsumer, type ServiceBaseOptions, serviceRuntime, storedCatalogueData } from '@onewindow/messaging'
import type { CallerKeys, PeriodicWorker, ServiceApp } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { type AcceptanceDeps, buildApp } from './app.js'
import { reprojectCases } from './commands.js'
import { onCatalogueActivated } from './consumers/on-catalogue-activated.js'
import { onCommitmentBreached } from './consumers/on-commitment-breached.js'
import { onDishonestOwnerDelisted, onDishonestOwnerListed } from './consumers/on-dishonest-owner.js'
import { onPlotLinked } from './consumers/on-plot-linked.js'
import { onProjectRegistered } from './consumers/on-project-registered.js'
import { onStepDecided } from './consumers/on-step-decided.js'
import type { Tx } from './db/cases.js'
import { PrismaClient } from './generated/client.js'
import { caseScanner } from './jobs/scan-cases.js'

export type { AcceptanceDeps } from './app.js'
export { AcceptanceConfig } from './config.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface AcceptanceOptions extends ServiceBaseOptions {
  /** The gateway's public keys: every route answers only its signed assertion addressed to acceptance (docs/security.md). */
  callers: CallerKeys
  clock: TimeSource
  /** How often overdue 告知承诺 verifications and case clock alerts are looked for (default 60 000 ms). */
  scanEveryMs?: number
  /** Share of the case clock's limit used that turns it yellow (default 0.8). */
  yellowAt?: number
  /** The catalogue of a region (default `loadCatalogue`); loaded once per region. */
  catalogue?: (region: string) => Catalogue
  /** The seed of each 双随机 round (default: a random one); tests give a fixed one to repeat a draw. */
  qualityRoundSeed?: () => number
}

export type AcceptanceApp = ServiceApp<AcceptanceDeps> & { scanner: PeriodicWorker }

/**
 * The acceptance service, migrated and wired, not listening: the project and approved-step consumers, the case
 * scanner and the outbox relay start with the app and stop with it; closing flushes the relay, disconnects Prisma
 * and ends the pool.
 */
export async function createAcceptance(options: AcceptanceOptions): Promise<AcceptanceApp> {
  const rt = await serviceRuntime({
    ...options,
    migrationsDir,
    source: 'acceptance',
    countsLegalTime: true,
    prisma: (pool, schema) => new PrismaClient({ adapter: prismaAdapter(pool, schema) }),
  })
  // The runtime's calendar: the calendar consumer swaps it and re-projects the open clocks.
  const calendar = rt.calendar
  const deps: AcceptanceDeps = {
    clock: options.clock,
    commands: {
      transaction: rt.transaction,
      audited: rt.audited,
      outbox: rt.messaging.outbox,
      clock: options.clock,
      // Versions intake activated come from this service's own table (stored by the consumer below, kept over
      // restarts); a pin not stored is the region's bundled catalogue.
      catalogue: pinnedCatalogues({
        stored: async (tx: Tx, pin) => (await storedCatalogueData(tx, pin)) as CatalogueData | undefined,
        fallback: cataloguesByRegion(options.catalogue),
      }),
      calendar,
      ...(options.qualityRoundSeed ? { seed: options.qualityRoundSeed } : {}),
    },
    readiness: rt.readiness,
  }
  let app: ServiceApp<AcceptanceDeps> | undefined
  const scanner = caseScanner(
    deps.commands,
    { everyMs: options.scanEveryMs ?? 60_000, yellowAt: options.yellowAt ?? 0.8 },
    { error: (obj, msg) => app?.log.error(obj, msg) },
  )
  app = await buildApp(deps, {
    ...rt.serviceOptions([
      rt.messaging.consumer(onProjectRegistered),
      rt.messaging.consumer(onStepDecided),
      rt.messaging.consumer(onCatalogueActivated),
      rt.messaging.consumer(onPlotLinked),
      rt.messaging.consumer(onDishonestOwnerListed),
      rt.messaging.consumer(onDishonestOwnerDelisted),
      rt.messaging.consumer(onCommitmentBreached),
      rt.messaging.consumer(
        calendarConsumer<Tx>({ durable: 'acceptance-calendar', source: calendar, reproject: reprojectCases }),
      ),
      scanner,
    ]),
    callers: options.callers,
  })
  return Object.assign(app, { scanner })
}
