import { type Actor, type Role, roleRefusal } from '@onewindow/contracts'
import { callerOf, ProblemError } from '@onewindow/service-kit'
import type { FastifyRequest } from 'fastify'

const callerOfIntake = callerOf('INTAKE_ACTOR_MISSING')

/**
 * The caller as the gateway authenticated it. Intake trusts the header only from inside the cluster; it still
 * refuses a role that may not give the command, so a misrouted call cannot act as someone else. The refusal names the
 * caller's `role` and the roles the command takes (`allowedRoles`), for a client to say who may.
 */
export function actorOf(request: FastifyRequest, roles: readonly Role[]): Actor {
  const actor = callerOfIntake(request)
  if (!roles.includes(actor.role)) {
    throw new ProblemError(403, 'INTAKE_ROLE_FORBIDDEN', roleRefusal(actor.role, roles), {
      role: actor.role,
      allowedRoles: [...roles],
    })
  }
  return actor
}
