import { fileURLToPath } from 'node:url'
import { type Catalogue, cataloguesByRegion, pinnedCatalogues } from '@onewindow/catalogue'
import { type ServiceBaseOptions, serviceRuntime, skipOnce } from '@onewindow/messaging'
import type { CallerKeys, PeriodicWorker, ServiceApp } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { buildApp, type IntakeDeps } from './app.js'
import { type CommandDeps, pruneAnswerGrantsOnce } from './commands.js'
import { onApplicationWithdrawn } from './consumers/on-application-withdrawn.js'
import { onCommitmentBreached } from './consumers/on-commitment-breached.js'
import { onStepDecided } from './consumers/on-step-decided.js'
import { onSupplementAnswered } from './consumers/on-supplement-answered.js'
import { storedData } from './db/catalogue.js'
import { createPrisma } from './db/client.js'
import { ANSWER_GRANT_KEEP_DEFAULT_MS, answerGrantKeepRefusal } from './domain/assisted-case.js'
import { assistedScanner } from './jobs/scan-assisted.js'
import { type BookingScanner, bookingScanner } from './jobs/scan-missed-bookings.js'
import { type DeficiencyScanner, deficiencyScanner } from './jobs/scan-overdue-deficiencies.js'
import { type ReceiptScanner, receiptScanner } from './jobs/scan-receipts.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface IntakeOptions extends ServiceBaseOptions {
  /** The gateway's public keys: every route answers only its signed assertion addressed to intake (docs/security.md). */
  callers: CallerKeys
  clock: TimeSource
  /**
   * How often the 容缺 scanner, the deemed-acceptance scanner (行政许可法第三十二条), the 帮办代办 scanner and the
   * booking scan (未到) run (default 1000 ms).
   */
  scanEveryMs?: number
  /**
   * How long a 帮办代办 answer grant is kept after it lapsed before `intake-retention` deletes it (default one day, at
   * least `ANSWER_GRANT_KEEP_MIN_MS`); main.ts reads `ANSWER_GRANT_KEEP_MS`.
   */
  answerGrantKeepMs?: number
  /** 网上预约: bookings one slot of one region's centre takes (default 20); main.ts reads `BOOKING_SLOT_CAPACITY`. */
  bookingSlotCapacity?: number
  /** The catalogue of a region; default: the bundled catalogue, loaded once per region. */
  catalogue?: (region: string) => Catalogue
}

export type IntakeApp = ServiceApp<IntakeDeps> & {
  scanner: DeficiencyScanner
  receiptScanner: ReceiptScanner
  /** 帮办代办 follow-up visits falling due and 中介服务 clocks going overdue (docs/assisted-service.md). */
  assistedScanner: DeficiencyScanner
  /** 网上预约: bookings whose slot ended unattended marked 未到 (`intake-booking-scan`). */
  bookingScanner: BookingScanner
  /** `intake-retention`: the messaging tables, then the lapsed answer grants; tests call `runOnce()`. */
  retention: PeriodicWorker
}

/** Intake (一窗受理), migrated and wired, not listening. Closing it flushes the relay and releases the database. */
export async function createIntake(options: IntakeOptions): Promise<IntakeApp> {
  const grantKeepMs = options.answerGrantKeepMs ?? ANSWER_GRANT_KEEP_DEFAULT_MS
  // Refused before anything connects, as a short retention margin is (checkRetention).
  const keepRefused = answerGrantKeepRefusal(grantKeepMs)
  if (keepRefused) throw new Error(keepRefused)
  let app: ServiceApp<IntakeDeps> | undefined
  const skippedGrant = skipOnce('intake-grant-retention', { error: (obj, msg) => app?.log.error(obj, msg) })
  const rt = await serviceRuntime({
    ...options,
    migrationsDir,
    source: 'intake',
    countsLegalTime: true,
    prisma: createPrisma,
    // 帮办代办 answer grants are intake's own table that only grows: pruned by the same job as the messaging tables.
    prune: (transaction, now) => pruneAnswerGrantsOnce({ transaction }, now, grantKeepMs, skippedGrant),
  })
  const catalogueFor = cataloguesByRegion(options.catalogue)
  const commands: CommandDeps = {
    transaction: rt.transaction,
    audited: rt.audited,
    outbox: rt.messaging.outbox,
    clock: options.clock,
    // The bundled years plus what was published; intake publishes, so it swaps its own after each commit.
    calendar: rt.calendar,
    // An unknown region is the caller's mistake (answered 422); a broken bundled catalogue is ours, and is thrown.
    catalogueFor,
    // Uploaded versions come from intake's table (they outlive a restart); a pin not stored is the bundled baseline.
    pinned: pinnedCatalogues({ stored: storedData, fallback: catalogueFor }),
    ...(options.bookingSlotCapacity === undefined ? {} : { bookingSlotCapacity: options.bookingSlotCapacity }),
  }
  const deps: IntakeDeps = { clock: options.clock, commands, readiness: rt.readiness }
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
  const assisted = assistedScanner(
    commands,
    { everyMs: options.scanEveryMs ?? 1000 },
    { error: (obj, msg) => app?.log.error(obj, msg) },
  )
  const bookings = bookingScanner(
    commands,
    { everyMs: options.scanEveryMs ?? 1000 },
    { error: (obj, msg) => app?.log.error(obj, msg) },
  )
  app = await buildApp(deps, {
    ...rt.serviceOptions([
      rt.messaging.consumer(onStepDecided(commands)),
      rt.messaging.consumer(onApplicationWithdrawn),
      rt.messaging.consumer(onCommitmentBreached),
      rt.messaging.consumer(onSupplementAnswered(commands)),
      scanner,
      receipts,
      assisted,
      bookings,
    ]),
    callers: options.callers,
  })
  return Object.assign(app, {
    scanner,
    receiptScanner: receipts,
    assistedScanner: assisted,
    bookingScanner: bookings,
    retention: rt.retention,
  })
}

export type { IntakeDeps } from './app.js'
export { creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode } from './domain/credit-code.js'
export type { BookingScanner } from './jobs/scan-missed-bookings.js'
export type { DeficiencyScanner } from './jobs/scan-overdue-deficiencies.js'
export type { ReceiptScanner } from './jobs/scan-receipts.js'
