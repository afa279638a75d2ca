import { setTimeout as sleep } from 'node:timers/promises'
import { type Actor, ASSERTION_HEADER } from '@onewindow/contracts'
import {
  type AssertionSigner,
  PROBLEM_CONTENT_TYPE,
  ProblemError,
  RETRY_AFTER_SECONDS,
  traceMixin,
} from '@onewindow/service-kit'
import type { FastifyReply } from 'fastify'
import type { Static, TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Pool } from 'undici'

/** An owning service: its name (the `aud` of what it is sent), where it listens, and the key the caller is signed with. */
export type Upstream = { name: string; baseUrl: string; signer: AssertionSigner }

const TIMEOUT_MS = 30_000

// Every command crosses this hop, so each upstream keeps its own keep-alive pool and is called with undici's
// `request`, which skips fetch's WHATWG layer (Request, Headers, Response, web streams): CPU on every command for
// nothing the gateway uses, since it passes the bytes through. Idle sockets are unref'd by undici, and a pool goes
// with its upstream (WeakMap) when a gateway is dropped.
const pools = new WeakMap<Upstream, Pool>()
const poolOf = (upstream: Upstream): Pool => {
  let pool = pools.get(upstream)
  if (!pool) {
    pool = new Pool(new URL(upstream.baseUrl).origin, {
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
      keepAliveTimeout: 30_000,
    })
    pools.set(upstream, pool)
  }
  return pool
}

/**
 * Sends one command to the owning service with the caller inside a signed assertion addressed to that service
 * (`x-onewindow-assertion`: the actor, or none for an anonymous call, and the trace id; docs/security.md), and answers
 * with exactly what the service answered: status, content type and body bytes (its problem+json passes through
 * unchanged).
 */
export async function forward(
  reply: FastifyReply,
  upstream: Upstream,
  /**
   * Without an actor the call is anonymous (certificate verification is open to anyone). `onCreated` is given the
   * parsed body of a 201 before it is answered (read-your-own-writes); if it fails the 201 still goes out, since
   * the command was carried out and a 5xx would invite sending it again.
   */
  call: UpstreamCall & { onCreated?: (answer: unknown) => Promise<void>; notYetHeard?: NotYetHeard },
): Promise<FastifyReply> {
  const answer = call.notYetHeard
    ? await sendOnceHeard(reply, upstream, call, call.notYetHeard)
    : await send(reply, upstream, call)
  if (answer.status === 201 && call.onCreated) {
    try {
      await call.onCreated(JSON.parse(answer.bytes.toString('utf8')))
    } catch (err) {
      reply.log.error({ err, upstream: upstream.name }, 'created, but the promise to read it back was not recorded')
    }
  }
  return passOn(reply, answer)
}

/**
 * How long a command waits for its service to hear of a row the gateway holds: ≈ 4.3 s in all, asked soon at first
 * (a service is usually a few milliseconds behind) and then at most once a second.
 */
const HEARING_DELAYS_MS = [10, 20, 40, 80, 160, 320, 640, 1_000, 1_000, 1_000]

/**
 * How a service says it has not heard yet of what the gateway knows: the 404 code it answers for a row it copies from
 * an event, or a test of its refusal (a problem's members) against what the gateway holds — intake's
 * `INTAKE_STEP_OUT_OF_ORDER` for a step the gateway's read model already shows approved.
 */
export type NotYetHeard = string | ((problem: { code?: unknown; [member: string]: unknown }) => Promise<boolean>)

/**
 * Read-your-own-writes past the gateway. A service keeps its own copy of what it learns from events (a project, an
 * application's step, a step's decision), so a command about what the gateway already holds (stored, or promised
 * after its 201) can reach that service before the event does, and be refused for it. Nothing was done, so the same
 * call is sent again until the service has heard, and the caller never sees a refusal the gateway's own answers
 * contradict. A service still behind when the waits run out is a 503 with retry-after.
 */
async function sendOnceHeard(reply: FastifyReply, upstream: Upstream, call: UpstreamCall, test: NotYetHeard) {
  let answer = await send(reply, upstream, call)
  for (const delay of HEARING_DELAYS_MS) {
    if (!(await notHeard(answer, test))) return answer
    await sleep(delay)
    answer = await send(reply, upstream, call)
  }
  if (!(await notHeard(answer, test))) return answer
  const code = typeof test === 'string' ? test : undefined
  reply.log.warn({ upstream: upstream.name, code }, 'upstream has not yet heard of what the gateway holds')
  reply.header('retry-after', String(RETRY_AFTER_SECONDS))
  throw new ProblemError(
    503,
    'GATEWAY_UPSTREAM_BEHIND',
    `The ${upstream.name} service has not yet received what this concerns; retry shortly.`,
    { upstream: upstream.name },
  )
}

async function notHeard(answer: Answer, test: NotYetHeard): Promise<boolean> {
  if (answer.status < 400 || answer.status >= 500) return false
  const problem = bodyOf(answer)
  if (typeof problem !== 'object' || problem === null) return false
  const members = problem as { code?: unknown; [member: string]: unknown }
  if (typeof test === 'string') return answer.status === 404 && members.code === test
  return test(members)
}

/** An answer's body parsed as JSON; undefined for bytes that are none (an empty or a non-JSON body). */
function bodyOf(answer: Answer): unknown {
  try {
    return JSON.parse(answer.bytes.toString('utf8'))
  } catch {
    return undefined
  }
}

/** The query string a read forwards upstream: the parameters the caller gave, `''` when it gave none. */
export function queryString(q: Record<string, string | number | boolean | undefined>): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(q)) if (value !== undefined) query.set(name, String(value))
  const qs = query.toString()
  return qs ? `?${qs}` : ''
}

type UpstreamCall = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; actor?: Actor; body?: unknown }
type Answer = { status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer }

/**
 * Asks the owning service something the gateway needs before it forwards a command (as `forward`, signed the same
 * way): its status and parsed body, and `send()` to answer the caller with exactly what it said (a refusal passes
 * through unchanged).
 */
export async function ask(
  reply: FastifyReply,
  upstream: Upstream,
  call: UpstreamCall,
): Promise<{ status: number; body: unknown; send: () => FastifyReply }> {
  const answer = await send(reply, upstream, call)
  return { status: answer.status, body: bodyOf(answer), send: () => passOn(reply, answer) }
}

/**
 * An owning service's 200 body the gateway reads (rather than passes on), checked against the schema it is read with:
 * a body of another shape (a service of another version, a bug) is a 502 problem naming the upstream, logged with the
 * first wrong field — never a crash further on, nor a half-read answer acted on.
 */
export function checkedAnswer<T extends TSchema>(schema: T) {
  const check = Compile(schema)
  return (reply: FastifyReply, upstream: Upstream, body: unknown): Static<T> => {
    if (check.Check(body)) return body as Static<T>
    const first = check.Errors(body)[0]
    reply.log.error(
      { upstream: upstream.name, field: first?.instancePath, problem: first?.message },
      'upstream answered a body of another shape',
    )
    throw new ProblemError(
      502,
      'GATEWAY_UPSTREAM_BAD_ANSWER',
      `The ${upstream.name} service answered in a form the gateway does not read${first ? ` (${first.instancePath || '/'} ${first.message})` : ''}.`,
    )
  }
}

async function send(reply: FastifyReply, upstream: Upstream, call: UpstreamCall): Promise<Answer> {
  const assertion = await upstream.signer.sign({
    audience: upstream.name,
    ...(call.actor ? { actor: call.actor } : {}),
    ...traceOf(),
  })
  try {
    const url = new URL(call.path, upstream.baseUrl)
    const res = await poolOf(upstream).request({
      path: `${url.pathname}${url.search}`,
      method: call.method,
      headers: {
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        [ASSERTION_HEADER]: assertion,
      },
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
    })
    return { status: res.statusCode, headers: res.headers, bytes: Buffer.from(await res.body.arrayBuffer()) }
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
}

/** The caller is answered with exactly what the service answered: status, content type and body bytes. */
function passOn(reply: FastifyReply, { status, headers, bytes }: Answer): FastifyReply {
  const header = (name: string) => {
    const v = headers[name]
    return Array.isArray(v) ? v[0] : v
  }
  // A service's own 503 (its database or NATS down) keeps its retry-after on the way out.
  const retryAfter = header('retry-after')
  if (retryAfter) reply.header('retry-after', retryAfter)
  const ok = status >= 200 && status < 300
  return reply
    .code(status)
    .type(header('content-type') ?? (ok ? 'application/json' : PROBLEM_CONTENT_TYPE))
    .send(bytes)
}

/** undici reports a refused dial as an error with code `ECONNREFUSED`, or an AggregateError of them (one per address tried); fetch wrapped it in `TypeError: fetch failed`. */
function connectionRefused(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined, i = 0; e && i < 5; i++) {
    if (e.code === 'ECONNREFUSED') return true
    if (Array.isArray(e.errors) && e.errors.some((x) => (x as { code?: unknown })?.code === 'ECONNREFUSED')) return true
    e = e.cause as typeof e
  }
  return false
}

/** The trace id of the request being forwarded, when it is traced. */
function traceOf(): { traceId?: string } {
  const traceId = traceMixin()['trace_id']
  // A span that is not recording (telemetry not started) has the all-zero id, which names no trace.
  return traceId && !/^0+$/.test(traceId) ? { traceId } : {}
}
