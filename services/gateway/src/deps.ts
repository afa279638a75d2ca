import type { Actor } from '@onewindow/contracts'
import type { DeadLetterAdmin, ServiceDeps } from '@onewindow/service-kit'
import type { Calendar } from '@onewindow/workdays'
import type { Verifier } from './auth.js'
import type { GatewayCommands } from './commands.js'
import type { PendingWrites } from './db/pending.js'
import type { ReadModel } from './db/queries.js'
import type { Upstream } from './forward.js'
import type { KeptAnswers } from './http/kept-answers.js'

/** What the gateway's routes are given. */
export interface GatewayDeps extends ServiceDeps {
  read: ReadModel
  /** Statuses and inbox pages built before, used again while their version holds (http/kept-answers.ts). */
  answers: KeptAnswers
  /** What the gateway answered 201 for and the read model does not have yet. */
  pending: PendingWrites
  commands: GatewayCommands
  /** The gateway's own dead letters (its read model's). */
  deadLetters: DeadLetterAdmin
  verify: Verifier
  intake: Upstream
  approval: Upstream
  acceptance: Upstream
  utility: Upstream
  registration: Upstream
  calendar: Calendar
  /** Share of a limit at which a clock turns yellow. */
  yellowAt: number
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set by the `/api/v1` hook before any handler runs. */
    actor: Actor
  }
}
