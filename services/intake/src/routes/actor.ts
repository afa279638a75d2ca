import { ACTOR_HEADER, Actor, type Role } from '@onewindow/contracts'
import { ProblemError } from '@onewindow/service-kit'
import type { FastifyRequest } from 'fastify'
import { Compile } from 'typebox/compile'

const check = Compile(Actor)

/**
 * The caller as the gateway authenticated it. Intake trusts the header only from inside the cluster; it still
 * refuses a role that may not give the command, so a misrouted call cannot act as someone else.
 */
export function actorOf(request: FastifyRequest, roles: readonly Role[]): Actor {
  const raw = request.headers[ACTOR_HEADER]
  let actor: unknown
  try {
    actor = typeof raw === 'string' ? JSON.parse(raw) : undefined
  } catch {
    actor = undefined
  }
  if (!check.Check(actor)) {
    throw new ProblemError(401, 'INTAKE_ACTOR_MISSING', `The ${ACTOR_HEADER} header is missing or not an Actor.`)
  }
  if (!roles.includes(actor.role)) {
    throw new ProblemError(
      403,
      'INTAKE_ROLE_FORBIDDEN',
      `A ${actor.role} may not do this; it takes a ${roles.join(' or ')}.`,
    )
  }
  return actor
}

/** Who acted, for audit columns and events. */
export const actorLabel = (a: Actor) => `${a.role}:${a.sub}`
