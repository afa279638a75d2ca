import { ACTOR_HEADER, type Actor, parseActorHeader, type Role } from '@onewindow/contracts'
import { ProblemError } from '@onewindow/service-kit'
import type { FastifyRequest } from 'fastify'

/**
 * The caller as the gateway authenticated it. Intake trusts the header only from inside the cluster; it still
 * refuses a role that may not give the command, so a misrouted call cannot act as someone else.
 */
export function actorOf(request: FastifyRequest, roles: readonly Role[]): Actor {
  const actor = parseActorHeader(request.headers[ACTOR_HEADER])
  if (!actor) {
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
