import { ACTOR_HEADER, type Actor } from '@onewindow/contracts'
import { PROBLEM_CONTENT_TYPE, ProblemError } from '@onewindow/service-kit'
import type { FastifyReply } from 'fastify'

export type Upstream = { name: string; baseUrl: string }

/**
 * Sends one command to the owning service with the caller as `x-onewindow-actor`, and answers with exactly what
 * the service answered: status, content type and body bytes (its problem+json passes through unchanged).
 */
export async function forward(
  reply: FastifyReply,
  upstream: Upstream,
  /** Without an actor the call is anonymous (certificate verification is open to anyone). */
  call: { method: 'GET' | 'POST'; path: string; actor?: Actor; body?: unknown },
): Promise<FastifyReply> {
  let res: Response
  try {
    res = await fetch(new URL(call.path, upstream.baseUrl), {
      method: call.method,
      headers: {
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(call.actor ? { [ACTOR_HEADER]: JSON.stringify(call.actor) } : {}),
      },
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      signal: AbortSignal.timeout(30_000),
    })
  } catch (err) {
    reply.log.error({ err, upstream: upstream.name }, 'upstream unreachable')
    throw new ProblemError(502, 'GATEWAY_UPSTREAM_UNAVAILABLE', `The ${upstream.name} service did not answer.`)
  }
  const bytes = Buffer.from(await res.arrayBuffer())
  return reply
    .code(res.status)
    .type(res.headers.get('content-type') ?? (res.ok ? 'application/json' : PROBLEM_CONTENT_TYPE))
    .send(bytes)
}
