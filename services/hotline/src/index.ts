import { fileURLToPath } from 'node:url'
import { prismaAdapter } from '@onewindow/db'
import { calendarConsumer, type ServiceBaseOptions, serviceRuntime } from '@onewindow/messaging'
import type { CallerKeys, PeriodicWorker, ServiceApp } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { buildApp, type HotlineDeps } from './app.js'
import { reprojectFeedback, reprojectTickets } from './commands.js'
import type { Tx } from './db/tickets.js'
import { PrismaClient } from './generated/client.js'
import { knowledgeScanner } from './jobs/scan-knowledge.js'
import { ticketScanner } from './jobs/scan-tickets.js'

export type { HotlineDeps } from './app.js'
export { HotlineConfig } from './config.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface HotlineOptions extends ServiceBaseOptions {
  /** The gateway's public keys: every route answers only its signed assertion addressed to hotline (docs/security.md). */
  callers: CallerKeys
  clock: TimeSource
  /** How often the tickets' clocks are looked at (default 60 000 ms: they fall due by the day). */
  scanEveryMs?: number
  /** Share of a clock's limit used that turns it yellow (default 0.8, as approval's). */
  yellowAt?: number
}

export type HotlineApp = ServiceApp<HotlineDeps> & { scanner: PeriodicWorker; knowledgeScanner: PeriodicWorker }

/**
 * The hotline service (12345 热线工单), migrated and wired, not listening: the calendar consumer, the ticket scanner and
 * the outbox relay start with the app and stop with it.
 */
export async function createHotline(options: HotlineOptions): Promise<HotlineApp> {
  const rt = await serviceRuntime({
    ...options,
    migrationsDir,
    source: 'hotline',
    countsLegalTime: true,
    prisma: (pool, schema) => new PrismaClient({ adapter: prismaAdapter(pool, schema) }),
  })
  // The runtime's calendar: the calendar consumer swaps it and re-projects the open tickets.
  const calendar = rt.calendar
  const consumers = [
    rt.messaging.consumer(
      calendarConsumer<Tx>({
        durable: 'hotline-calendar',
        source: calendar,
        reproject: async (tx, change, outbox) => {
          await reprojectTickets(tx, change, outbox, options.yellowAt ?? 0.8)
          await reprojectFeedback(tx, change, outbox)
        },
      }),
    ),
  ]
  const deps: HotlineDeps = {
    clock: options.clock,
    commands: {
      transaction: rt.transaction,
      audited: rt.audited,
      outbox: rt.messaging.outbox,
      clock: options.clock,
      calendar,
      yellowAt: options.yellowAt ?? 0.8,
    },
    readiness: rt.readiness,
  }
  let app: ServiceApp<HotlineDeps> | undefined
  const scanner = ticketScanner(
    deps.commands,
    { everyMs: options.scanEveryMs ?? 60_000, yellowAt: deps.commands.yellowAt },
    { error: (obj, msg) => app?.log.error(obj, msg) },
  )
  // 知识库: the knowledge points' expiry reminders, on the tickets' scan interval.
  const knowledge = knowledgeScanner(
    deps.commands,
    { everyMs: options.scanEveryMs ?? 60_000 },
    { error: (obj, msg) => app?.log.error(obj, msg) },
  )
  app = await buildApp(deps, { ...rt.serviceOptions([...consumers, scanner, knowledge]), callers: options.callers })
  return Object.assign(app, { scanner, knowledgeScanner: knowledge })
}
