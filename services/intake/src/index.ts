import { fileURLToPath } from 'node:url'
import { type Catalogue, cataloguesByRegion, pinnedCatalogues } from '@onewindow/catalogue'
import { calendarSource, type ServiceBaseOptions, serviceRuntime, storedCalendar } from '@onewindow/messaging'
import type { CallerKeys, ServiceApp } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { buildApp, type IntakeDeps } from './app.js'
import type { CommandDeps } from './commands.js'
import { onApplicationWithdrawn } from './consumers/on-application-withdrawn.js'
import { onStepDecided } from './consumers/on-step-decided.js'
import { storedData } from './db/catalogue.js'
import { createPrisma } from './db/client.js'
import { type DeficiencyScanner, deficiencyScanner } from './jobs/scan-overdue-deficiencies.js'
import { type ReceiptScanner, receiptScanner } from './jobs/scan-receipts.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface IntakeOptions extends ServiceBaseOptions {
  /** The gateway's public keys: every route answers only its signed assertion addressed to intake (docs/security.md). */
  callers: CallerKeys
  clock: TimeSource
  /** How often the 容缺 scanner and the deemed-acceptance scanner (行政许可法第三十二条) run (default 1000 ms). */
  scanEveryMs?: number
  /** The catalogue of a region; default: the bundled catalogue, loaded once per region. */
  catalogue?: (region: string) => Catalogue
}

export type IntakeApp = ServiceApp<IntakeDeps> & { scanner: DeficiencyScanner; receiptScanner: ReceiptScanner }

/** Intake (一窗受理), migrated and wired, not listening. Closing it flushes the relay and releases the database. */
export async function createIntake(options: IntakeOptions): Promise<IntakeApp> {
  const rt = await serviceRuntime({
    ...options,
    migrationsDir,
    source: 'intake',
    prisma: createPrisma,
  })
  const catalogueFor = cataloguesByRegion(options.catalogue)
  const commands: CommandDeps = {
    transaction: rt.transaction,
    audited: rt.audited,
    outbox: rt.messaging.outbox,
    clock: options.clock,
    // The bundled years plus what was published; intake publishes, so it swaps its own after each commit.
    calendar: calendarSource(await storedCalendar(rt.prisma)),
    // An unknown region is the caller's mistake (answered 422); a broken bundled catalogue is ours, and is thrown.
    catalogueFor,
    // Uploaded versions come from intake's table (they outlive a restart); a pin not stored is the bundled baseline.
    pinned: pinnedCatalogues({ stored: storedData, fallback: catalogueFor }),
  }
  const deps: IntakeDeps = { clock: options.clock, commands, readiness: rt.readiness }
  let app: ServiceApp<IntakeDeps> | undefined
  const scanner = deficiencyScanner(
    commands,
    { everyMs: options.scanEveryMs ?? 1000 },
    { error: (obj, msg) => app?.log.error(obj, msg) },
  )
  const receipts = receiptScanner(
    commands,
    { everyMs: options.scanEveryMs ?? 1000 },
    { error: (obj, msg) => app?.log.error(obj, msg) },
  )
  app = await buildApp(deps, {
    ...rt.serviceOptions([
      rt.messaging.consumer(onStepDecided(commands)),
      rt.messaging.consumer(onApplicationWithdrawn),
      scanner,
      receipts,
    ]),
    callers: options.callers,
  })
  return Object.assign(app, { scanner, receiptScanner: receipts })
}

export type { IntakeDeps } from './app.js'
export { creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode } from './domain/credit-code.js'
export type { DeficiencyScanner } from './jobs/scan-overdue-deficiencies.js'
export type { ReceiptScanner } from './jobs/scan-receipts.js'
