import { fileURLToPath } from 'node:url'
import type { NatsConnection } from '@nats-io/transport-node'
import { createPool, migrate } from '@onewindow/db'
import { createMessaging, type Topology } from '@onewindow/messaging'
import type { Clock, ServiceApp, ServiceOptions } from '@onewindow/service-kit'
import { defaultCalendar } from '@onewindow/workdays'
import { buildApp } from './app.js'
import { type AuthOptions, createVerifier } from './auth.js'
import { projectionConsumers } from './consumers/projections.js'
import { createPrisma } from './db/client.js'
import { readModel } from './db/queries.js'
import type { GatewayDeps } from './deps.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface GatewayOptions {
  /** PostgreSQL URL with `?schema=<schema>`. */
  databaseUrl: string
  /** The caller owns it: `createGateway` never closes it. */
  nc: NatsConnection
  topology: Topology
  clock: Clock
  logger?: ServiceOptions['logger']
  logLevel?: string
  /** Unused: the gateway has no scanner; accepted so every service takes the same common options. */
  scanEveryMs?: number
  /** Where intake and approval listen (their internal routes). */
  intakeUrl: string
  approvalUrl: string
  /** Where acceptance, utility and registration listen (their internal routes). */
  acceptanceUrl: string
  utilityUrl: string
  registrationUrl: string
  auth: AuthOptions
  /** Share of a limit at which a clock shows yellow (default 0.8). */
  yellowAt?: number
}

export type GatewayApp = ServiceApp<GatewayDeps>

// A projection waiting for an event of another durable (ProjectionNotReady) is retried soon and often: the event
// it waits for is usually milliseconds behind, so the wait is capped at one second (a longer cap left the status
// seconds behind under load). 150 deliveries reach about two and a half minutes before a dead letter.
const projectionTuning = {
  concurrency: 8,
  maxDeliver: 150,
  backoffMs: (attempt: number) => Math.min(25 * 2 ** (attempt - 1), 1_000),
}

/** The gateway, migrated and wired, not listening. Closing it stops the projections and releases the database. */
export async function createGateway(options: GatewayOptions): Promise<GatewayApp> {
  const verify = createVerifier(options.auth)
  await migrate(options.databaseUrl, migrationsDir)
  const { pool, schema } = createPool(options.databaseUrl)
  const prisma = createPrisma(pool, schema)
  const messaging = await createMessaging({
    nc: options.nc,
    pool,
    schema,
    topology: options.topology,
    source: 'gateway',
    transaction: (fn) => prisma.$transaction(fn),
    now: () => options.clock.now(),
  })
  const deps: GatewayDeps = {
    clock: options.clock,
    read: readModel(prisma),
    pool,
    deadLetters: messaging.deadLetters,
    verify,
    intake: { name: 'intake', baseUrl: options.intakeUrl },
    approval: { name: 'approval', baseUrl: options.approvalUrl },
    acceptance: { name: 'acceptance', baseUrl: options.acceptanceUrl },
    utility: { name: 'utility', baseUrl: options.utilityUrl },
    registration: { name: 'registration', baseUrl: options.registrationUrl },
    calendar: defaultCalendar(),
    yellowAt: options.yellowAt ?? 0.8,
    readiness: {
      database: () => pool.query('SELECT 1').then(() => true),
      nats: async () => !options.nc.isClosed(),
    },
  }
  return buildApp(deps, {
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
    // The gateway publishes nothing of the domain's; the relay runs only because the platform's outbox is wired
    // one way for every service and stays empty here.
    workers: [messaging.relay, ...projectionConsumers.map((c) => messaging.consumer(c, projectionTuning))],
    closers: [
      async () => {
        await messaging.relay.flush()
      },
      () => prisma.$disconnect(),
      () => pool.end(),
    ],
  })
}

export {
  type AuthOptions,
  actorFromClaims,
  createVerifier,
  mintToken,
  type TokenClaims,
  Unauthenticated,
} from './auth.js'
export type { GatewayDeps } from './deps.js'
export { authorise, type Decision, type Request as AuthorisationRequest } from './domain/authorise.js'
export { projectors, supersedes } from './domain/projectors.js'
export { wholeFlowOf, workingDaysBetween } from './domain/whole-flow.js'
export type { InboxTask, ProjectStatus, StatusTask, WholeFlow } from './http/schemas.js'
