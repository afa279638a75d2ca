import { fileURLToPath } from 'node:url'
import { type ServiceBaseOptions, serviceRuntime } from '@onewindow/messaging'
import type { ServiceApp } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { defaultCalendar } from '@onewindow/workdays'
import { buildApp } from './app.js'
import { type AuthOptions, createVerifier } from './auth.js'
import { gatewayCommands } from './commands.js'
import { readModelReader } from './consumers/read-model.js'
import { createPrisma } from './db/client.js'
import { pendingWrites } from './db/pending.js'
import { readModel } from './db/queries.js'
import type { GatewayDeps } from './deps.js'
import { type KeptAnswerLimits, keptAnswers } from './http/kept-answers.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface GatewayOptions extends ServiceBaseOptions {
  clock: TimeSource
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
  /** How many built answers to keep (default: http/kept-answers.ts `KEPT_ANSWER_LIMITS`). */
  keptAnswers?: KeptAnswerLimits
}

export type GatewayApp = ServiceApp<GatewayDeps>

/** The gateway, migrated and wired, not listening. Closing it stops the read model's reader and releases the database. */
export async function createGateway(options: GatewayOptions): Promise<GatewayApp> {
  const verify = createVerifier(options.auth)
  const rt = await serviceRuntime({
    ...options,
    migrationsDir,
    source: 'gateway',
    prisma: createPrisma,
    transaction: (prisma) => (fn) => prisma.$transaction(fn),
  })
  const commands = gatewayCommands(rt.prisma)
  const deps: GatewayDeps = {
    clock: options.clock,
    read: readModel(rt.prisma, rt.pool),
    answers: keptAnswers(options.keptAnswers),
    pending: pendingWrites(rt.prisma),
    commands,
    deadLetters: rt.messaging.deadLetters,
    verify,
    intake: { name: 'intake', baseUrl: options.intakeUrl },
    approval: { name: 'approval', baseUrl: options.approvalUrl },
    acceptance: { name: 'acceptance', baseUrl: options.acceptanceUrl },
    utility: { name: 'utility', baseUrl: options.utilityUrl },
    registration: { name: 'registration', baseUrl: options.registrationUrl },
    calendar: defaultCalendar(),
    yellowAt: options.yellowAt ?? 0.8,
    readiness: rt.readiness,
  }
  // The gateway publishes nothing of the domain's; the relay runs only because the platform's outbox is wired one
  // way for every service and stays empty here.
  return buildApp(deps, rt.serviceOptions([readModelReader(rt.messaging, commands)]))
}

export {
  type AuthOptions,
  actorFromClaims,
  createVerifier,
  mintToken,
  type TokenClaims,
  Unauthenticated,
} from './auth.js'
export { READ_MODEL } from './commands.js'
export type { GatewayDeps } from './deps.js'
export { type Authorisation, authorise, type Request as AuthorisationRequest } from './domain/authorise.js'
export { projectors, supersedes } from './domain/projectors.js'
export { wholeFlowOf, workingDaysBetween } from './domain/whole-flow.js'
export type { InboxTask, Pending, ProjectStatus, ProjectStatusAnswer, StatusTask, WholeFlow } from './http/schemas.js'
export { ClockPreviewBody } from './http/schemas.js'
