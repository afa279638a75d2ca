import { ACTOR_HEADER, type Actor } from '@onewindow/contracts'
import { PROBLEM_CONTENT_TYPE, ProblemError, RETRY_AFTER_SECONDS } from '@onewindow/service-kit'
import type { FastifyReply } from 'fastify'

export type Upstream = { name: string; baseUrl: string }

/**
 * Sends one command to the owning service with the caller as `x-onewindow-actor`, and answers with exactly what
 * the service answered: status, content type and body bytes (its problem+json passes through unchanged).
 */
export async function forward(
  reply: FastifyReply,
  upstream: Upstream,
  /**
   * Without an actor the call is anonymous (certificate verification is open to anyone). `onCreated` is given the
   * parsed body of a 201 before it is answered (read-your-own-writes); if it fails the 201 still goes out, since
   * the command was carried out and a 5xx would invite sending it again.
   */
  call: {
    method: 'GET' | 'POST'
    path: string
    actor?: Actor
    body?: unknown
    onCreated?: (answer: unknown) => Promise<void>
  },
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
    // Refused: nothing reached the service (it is down or restarting), so the call may simply be sent again: 503
    // with retry-after. Dropped or timed out: the request may have been carried out; the outcome is unknown: 502.
    if (connectionRefused(err)) {
      reply.log.warn({ err, upstream: upstream.name }, 'upstream refused the connection')
      reply.header('retry-after', String(RETRY_AFTER_SECONDS))
      throw new ProblemError(
        503,
        'GATEWAY_UPSTREAM_UNAVAILABLE',
        `The ${upstream.name} service is unavailable; retry shortly.`,
      )
    }
    reply.log.error({ err, upstream: upstream.name }, 'upstream did not answer')
    throw new ProblemError(502, 'GATEWAY_UPSTREAM_NO_ANSWER', `The ${upstream.name} service did not answer.`)
  }
  const bytes = Buffer.from(await res.arrayBuffer())
  if (res.status === 201 && call.onCreated) {
    try {
      await call.onCreated(JSON.parse(bytes.toString('utf8')))
    } catch (err) {
      reply.log.error({ err, upstream: upstream.name }, 'created, but the promise to read it back was not recorded')
    }
  }
  // A service's own 503 (its database or NATS down) keeps its retry-after on the way out.
  const retryAfter = res.headers.get('retry-after')
  if (retryAfter) reply.header('retry-after', retryAfter)
  return reply
    .code(res.status)
    .type(res.headers.get('content-type') ?? (res.ok ? 'application/json' : PROBLEM_CONTENT_TYPE))
    .send(bytes)
}

/** fetch (undici) reports a refused dial as `TypeError: fetch failed` whose cause has `ECONNREFUSED` (or an AggregateError of them). */
function connectionRefused(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined, i = 0; e && i < 5; i++) {
    if (e.code === 'ECONNREFUSED') return true
    if (Array.isArray(e.errors) && e.errors.some((x) => (x as { code?: unknown })?.code === 'ECONNREFUSED')) return true
    e = e.cause as typeof e
  }
  return false
}
