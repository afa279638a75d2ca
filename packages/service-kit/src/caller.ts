import { ACTOR_HEADER, type Actor, parseActorHeader } from '@onewindow/contracts'
import type { FastifyRequest } from 'fastify'
import { ProblemError } from './errors.js'

/**
 * Who calls an internal route, as the gateway authenticated it and sent it in `x-onewindow-actor`. This is the one
 * place a service learns its caller: every service's routes read the actor through the function made here, so the
 * signed service-to-service assertion that replaces the bare header (a later issue) is verified here and nowhere
 * else.
 *
 * `code` is the service's own 401 code (`ACCEPTANCE_ACTOR_REQUIRED`, …), registered in its `app.ts` and listed in
 * docs/errors.md; a request without a valid actor is refused with it and names the header as the bad field.
 */
export function callerOf(code: string): (request: FastifyRequest) => Actor {
  return (request) => {
    const actor = parseActorHeader(request.headers[ACTOR_HEADER])
    if (!actor) {
      throw new ProblemError(401, code, `Header ${ACTOR_HEADER} must carry the caller as JSON.`, {
        errors: [{ field: `/headers/${ACTOR_HEADER}`, message: 'is missing or not an actor' }],
      })
    }
    return actor
  }
}
