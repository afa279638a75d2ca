import { fileURLToPath } from 'node:url'
import { type Catalogue, cataloguesByRegion } from '@onewindow/catalogue'
import { type ServiceBaseOptions, serviceRuntime } from '@onewindow/messaging'
import type { ServiceApp } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { defaultCalendar } from '@onewindow/workdays'
import { buildApp } from './app.js'
import { onStepDecided } from './consumers/on-step-decided.js'
import { createPrisma } from './db/client.js'
import type { IntakeDeps } from './deps.js'
import { createDeficiencyScanner, type DeficiencyScanner } from './jobs/scan-overdue-deficiencies.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface IntakeOptions extends ServiceBaseOptions {
  clock: TimeSource
  /** How often the 容缺 scanner runs (default 1000 ms). */
  scanEveryMs?: number
  /** The catalogue of a region; default: the bundled catalogue, loaded once per region. */
  catalogue?: (region: string) => Catalogue
}

export type IntakeApp = ServiceApp<IntakeDeps> & { scanner: DeficiencyScanner }

/** Intake (一窗受理), migrated and wired, not listening. Closing it flushes the relay and releases the database. */
export async function createIntake(options: IntakeOptions): Promise<IntakeApp> {
  const rt = await serviceRuntime({
    ...options,
    migrationsDir,
    source: 'intake',
    prisma: createPrisma,
    transaction: (prisma) => (fn) => prisma.$transaction(fn),
  })
  // An unknown region is the caller's mistake (answered 422); a broken bundled catalogue is ours, and is thrown.
  const catalogueFor = cataloguesByRegion(options.catalogue)
  const deps: IntakeDeps = {
    clock: options.clock,
    prisma: rt.prisma,
    outbox: rt.messaging.outbox,
    calendar: defaultCalendar(),
    catalogueFor,
    readiness: rt.readiness,
  }
  const scanner = createDeficiencyScanner({
    prisma: rt.prisma,
    outbox: rt.messaging.outbox,
    clock: options.clock,
    everyMs: options.scanEveryMs ?? 1000,
  })
  const app = await buildApp(deps, rt.serviceOptions([rt.messaging.consumer(onStepDecided), scanner]))
  return Object.assign(app, { scanner })
}

export type { IntakeDeps } from './deps.js'
export { creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode } from './domain/credit-code.js'
export type { DeficiencyScanner } from './jobs/scan-overdue-deficiencies.js'
