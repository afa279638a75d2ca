import { type Actor, ASSERTION_HEADER } from '@onewindow/contracts'
import type { TimeSource } from '@onewindow/vocabulary'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ASSERTION_REFUSALS, type CallerKeys, createAssertionVerifier, type VerifiedCaller } from './assertion.js'
import { ProblemError } from './errors.js'
import { isProbePath } from './health.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller a verified gateway assertion names (internal services only; set before any route runs). */
    caller: VerifiedCaller | undefined
  }
}

/** What an internal service trusts: the gateway's public keys, and its own 401 code for a caller refused. */
export type Callers = { keys: CallerKeys; code: string }

const refused = (code: string, message: string) =>
  new ProblemError(
    401,
    code,
    `Header ${ASSERTION_HEADER} must carry the gateway's signed assertion for this service.`,
    {
      errors: [{ field: `/headers/${ASSERTION_HEADER}`, message }],
    },
  )

/**
 * Every route of an internal service but the probes (`PROBE_PATHS`) (unknown paths included) answers only a call carrying a valid
 * assertion addressed to this service: the first thing after shutdown's 503, before the body is read, so a refused
 * call costs one signature check at most. The verified caller is kept on the request for `callerOf`.
 */
export function guardCallers(app: FastifyInstance, audience: string, clock: TimeSource, callers: Callers): void {
  const verify = createAssertionVerifier({ keys: callers.keys, audience, clock })
  app.decorateRequest('caller', undefined)
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url !== undefined && isProbePath(request.routeOptions.url)) return
    const verdict = await verify(request.headers[ASSERTION_HEADER])
    if (!verdict.ok) {
      // At warn: behind the gateway nothing should ever be refused, so each one is someone at an internal port.
      request.log.warn({ refusal: verdict.refusal, url: request.url }, 'caller assertion refused')
      throw refused(callers.code, ASSERTION_REFUSALS[verdict.refusal])
    }
    request.caller = verdict.caller
  })
}

/**
 * Who calls an internal route: the actor of the gateway's verified assertion (`guardCallers`, which every command
 * service runs). This is the one place a route learns its caller — every service's routes read it through the function
 * made here.
 *
 * `code` is the service's own 401 code (`ACCEPTANCE_ACTOR_REQUIRED`, …), registered in its `app.ts` and listed in
 * docs/errors.md; the same code refuses a bad assertion, and here an assertion that names no actor (the gateway
 * forwards anonymous calls only to routes open to anyone), naming the header as the bad field.
 */
export function callerOf(code: string): (request: FastifyRequest) => Actor {
  return (request) => {
    const actor = request.caller?.actor
    if (!actor) throw refused(code, 'carries no actor')
    return actor
  }
}
