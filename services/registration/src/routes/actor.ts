import { ACTOR_HEADER, type Actor, parseActorHeader } from '@onewindow/contracts'
import { ProblemError } from '@onewindow/service-kit'
import type { FastifyRequest } from 'fastify'

/** The caller as the gateway authenticated it; the registrar's routes refuse a request without one. */
export function actorOf(request: FastifyRequest): Actor {
  const parsed = parseActorHeader(request.headers[ACTOR_HEADER])
  if (!parsed) {
    throw new ProblemError(
      401,
      'REGISTRATION_ACTOR_REQUIRED',
      `Header ${ACTOR_HEADER} must carry the caller as JSON.`,
      {
        errors: [{ field: `/headers/${ACTOR_HEADER}`, message: 'is missing or not an actor' }],
      },
    )
  }
  return parsed
}
