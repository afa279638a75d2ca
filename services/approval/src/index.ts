import { fileURLToPath } from 'node:url'
import { prismaAdapter } from '@onewindow/db'
import { calendarConsumer, type ServiceBaseOptions, serviceRuntime } from '@onewindow/messaging'
import type { CallerKeys, ServiceApp } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { type ApprovalDeps, buildApp } from './app.js'
import { type CommandDeps, reprojectClocks } from './commands.js'
import { onApplicationAccepted } from './consumers/on-application-accepted.js'
import { onDeficiencyOverdue } from './consumers/on-deficiency-overdue.js'
import { onFlowCases } from './consumers/on-flow-cases.js'
import { onProjectRegistered } from './consumers/on-project-registered.js'
import { onStepDecided } from './consumers/on-step-decided.js'
import type { Tx } from './db/tasks.js'
import { PrismaClient } from './generated/client.js'
import { type ClockScanner, createClockScanner } from './jobs/scan-clocks.js'

export type { ApprovalDeps } from './app.js'
export { ApprovalConfig } from './config.js'
export type { ClockScanner } from './jobs/scan-clocks.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface ApprovalOptions extends ServiceBaseOptions {
  /** The gateway's public keys: every route answers only its signed assertion addressed to approval (docs/security.md). */
  callers: CallerKeys
  clock: TimeSource
  /** How often the clock scanner runs (default 1000 ms). */
  scanEveryMs?: number
  /** 补正 rounds each department may ask per task (default 1). */
  supplementRounds?: number
  /** Share of a limit at which a clock warns (default 0.8). */
  yellowAt?: number
}

export type ApprovalApp = ServiceApp<ApprovalDeps> & { scanner: ClockScanner }

/**
 * The approval service, migrated and wired, not listening: the open-tasks, follow-on and project consumers, the outbox relay and
 * the clock scanner start with the app and stop with it; closing flushes the relay, disconnects Prisma and ends the pool.
 */
export async function createApproval(options: ApprovalOptions): Promise<ApprovalApp> {
  const rt = await serviceRuntime({
    ...options,
    migrationsDir,
    source: 'approval',
    countsLegalTime: true,
    prisma: (pool, schema) => new PrismaClient({ adapter: prismaAdapter(pool, schema) }),
  })
  // The runtime's calendar: the calendar consumer swaps it and re-projects the open tasks.
  const calendar = rt.calendar
  let app: ApprovalApp | undefined
  const consumer = rt.messaging.consumer(onApplicationAccepted(calendar))
  // Joint acceptance and first registration, counted by the whole-flow cap clock.
  const flowCases = onFlowCases(calendar, (def) => rt.messaging.consumer(def))
  // The projects' titles, for the review body's list of its 联合审图 reviews.
  const projects = rt.messaging.consumer(onProjectRegistered)
  // 后续事项: an approved step opens the follow-on tasks its acceptance pinned. A follow-on it cannot open is reported to
  // the app's log; before the app exists (workers start once it is ready) the delivery fails and is retried, never
  // dropped unreported.
  const followOns = rt.messaging.consumer(
    onStepDecided(calendar, {
      error: (obj, msg) => {
        if (!app) throw new Error(`approval is not ready to report: ${msg}`)
        app.log.error(obj, msg)
      },
    }),
  )
  // 容缺逾期: the deciding departments are told of a material owed past its promised day (004:1860).
  const deficiencies = rt.messaging.consumer(onDeficiencyOverdue(calendar))
  const calendarWorker = rt.messaging.consumer(
    calendarConsumer<Tx>({ durable: 'approval-calendar', source: calendar, reproject: reprojectClocks }),
  )
  const commands: CommandDeps = {
    calendar,
    transaction: rt.transaction,
    audited: rt.audited,
    outbox: rt.messaging.outbox,
    clock: options.clock,
    supplementRounds: options.supplementRounds ?? 1,
  }
  const scanner = createClockScanner(
    commands,
    { yellowAt: options.yellowAt ?? 0.8, everyMs: options.scanEveryMs ?? 1000 },
    { error: (obj, msg) => app?.log.error(obj, msg) },
  )
  const deps: ApprovalDeps = {
    clock: options.clock,
    commands,
    readiness: rt.readiness,
  }
  const built = await buildApp(deps, {
    ...rt.serviceOptions([consumer, followOns, ...flowCases, projects, deficiencies, calendarWorker, scanner]),
    callers: options.callers,
  })
  built.decorate('scanner', scanner)
  app = built as ApprovalApp
  return app
}
