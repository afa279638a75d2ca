import { ACTOR_HEADER, Actor } from '@onewindow/contracts'
import { ProblemError } from '@onewindow/service-kit'
import type { FastifyRequest } from 'fastify'
import { Compile } from 'typebox/compile'

const checkActor = Compile(Actor)

/** The caller as the gateway authenticated it; internal routes refuse a request without one. */
export function actorOf(request: FastifyRequest): Actor {
  const raw = request.headers[ACTOR_HEADER]
  let parsed: unknown
  try {
    parsed = typeof raw === 'string' ? JSON.parse(raw) : undefined
  } catch {
    parsed = undefined
  }
  if (!checkActor.Check(parsed)) {
    throw new ProblemError(401, 'APPROVAL_ACTOR_REQUIRED', `Header ${ACTOR_HEADER} must carry the caller as JSON.`, {
      errors: [{ field: `/headers/${ACTOR_HEADER}`, message: 'is missing or not an actor' }],
    })
  }
  return parsed
}
