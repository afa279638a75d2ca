import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import { isProbePath, ProblemError, type ServiceApp } from '@onewindow/service-kit'
import type { FastifyReply, FastifyRequest, FastifySchema } from 'fastify'
import helmet from 'helmet'
import type { GatewayDeps } from './deps.js'

export { DEFAULT_BODY_LIMIT, DEFAULT_RATE_LIMITS, MAX_TOKEN_LENGTH } from './config.js'

/**
 * Requests allowed per window, each counted on its own: a request from an address with a token counts against the
 * address and against the token's subject; the public certificate verification and failed authentications have
 * their own, stricter, counts per address.
 */
export type RateLimits = {
  windowMs: number
  /** Every request from one address (before its token is looked at), /healthz and /readyz aside. */
  perAddress: number
  /** Every authenticated request of one subject (`sub`), from whatever address. */
  perToken: number
  /** The open certificate routes (verify by body or QR form, revocations, keys) from one address: no token needed. */
  verify: number
  /** Requests from one address that failed authentication (no token, or one that does not verify). */
  authFailures: number
}

/** What the gateway's edge is held to besides authentication. */
export type Edges = {
  /** `'off'` only where one client is meant to drive the gateway flat out (the benchmarks). */
  rateLimits: RateLimits | 'off'
  /** Origins a browser may call the API from (`https://host[:port]`); none by default. */
  corsOrigins: readonly string[]
  /** The largest request body accepted, in bytes (larger: 413). */
  bodyLimit: number
}

type Limit = 'address' | 'token' | 'verify' | 'auth-failures'
type Check = (request: FastifyRequest, opts?: { increment?: boolean }) => Promise<LimitState>
type LimitState = { isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }

/** The limiters the authentication hook and the verification route apply; all no-ops when limits are off. */
export type Limiters = {
  /** Before a token is verified: refuses an address past its failed-authentication allowance. */
  beforeAuthentication(request: FastifyRequest, reply: FastifyReply): Promise<void>
  /** After a token failed: counts the failure; the one that passes the allowance is already answered 429. */
  authenticationFailed(request: FastifyRequest, reply: FastifyReply): Promise<void>
  /** After a token verified: counts the request against its subject. */
  authenticated(request: FastifyRequest, reply: FastifyReply): Promise<void>
  /** The open certificate routes (verify by body or QR form, revocations, keys), per address. */
  verify(request: FastifyRequest, reply: FastifyReply): Promise<void>
}

/** The one 429 of the gateway: problem+json, `retry-after` in whole seconds, and which limit it was. */
function tooMany(reply: FastifyReply, limit: Limit, state: LimitState): never {
  const seconds = Math.max(1, state.ttlInSeconds ?? 1)
  reply.header('retry-after', String(seconds))
  throw new ProblemError(
    429,
    'GATEWAY_RATE_LIMITED',
    `Too many requests (${limit === 'auth-failures' ? 'failed authentications' : `per ${limit}`}); retry in ${seconds} s.`,
    { limit },
  )
}

// A JSON API serves no document a browser renders: nothing may load from it, nor frame it. The Swagger UI under /docs
// and the console's pages at every other path are pages, with helmet's default policy (scripts only from this origin;
// inline styles, in which Ant Design writes its theme's variables; images from this origin and data: URLs).
const API_CSP = { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }
const isApi = (url: string) => url === '/api' || url.startsWith('/api/')

/**
 * Security headers (helmet), CORS from an allow-list, the body limit on every route (stated in OpenAPI as
 * `x-body-limit`), and the rate limiters. Called by `buildApp` before any route of the gateway is registered.
 */
export async function installEdges(app: ServiceApp<GatewayDeps>, edges: Edges): Promise<Limiters> {
  // Each policy's middleware is built once: it only sets fixed headers (no nonces), so building it per request
  // (what @fastify/helmet's `reply.helmet(options)` does, ≈ 10 µs) gave the same headers at a cost on every answer.
  const apiHeaders = helmet({ contentSecurityPolicy: API_CSP })
  const pageHeaders = helmet()
  app.addHook('onRequest', (request, reply, done) => {
    const headers = isApi(request.url) ? apiHeaders : pageHeaders
    headers(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined))
  })
  // An unlisted origin gets no Access-Control-Allow-Origin, so a browser keeps the answer from its page. Bearer
  // tokens, not cookies: no credentials mode.
  await app.register(cors, {
    origin: [...edges.corsOrigins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type'],
    exposedHeaders: ['retry-after'],
    maxAge: 600,
    // A preflight without Origin is answered 204 with no CORS header rather than the plugin's text/plain 400: every
    // answer of the gateway is problem+json or empty, and such a request is no browser's.
    strictPreflight: false,
  })
  app.addHook('onRoute', (route) => {
    route.bodyLimit = edges.bodyLimit
    const methods = [route.method].flat()
    // @fastify/swagger copies `x-` members of a route's schema onto its OpenAPI operation.
    if (methods.includes('POST')) route.schema = { ...route.schema, 'x-body-limit': edges.bodyLimit } as FastifySchema
  })

  const limits = edges.rateLimits
  if (limits === 'off') {
    const none = async () => {}
    return { beforeAuthentication: none, authenticationFailed: none, authenticated: none, verify: none }
  }
  // Counters live in this process (an LRU per limiter): each gateway replica counts on its own.
  await app.register(rateLimit, { global: false, timeWindow: limits.windowMs })
  const limiter = (max: number, keyGenerator?: (request: FastifyRequest) => string): Check =>
    app.createRateLimit({
      max,
      timeWindow: limits.windowMs,
      cache: 10_000,
      ...(keyGenerator ? { keyGenerator } : {}),
    } as Parameters<typeof app.createRateLimit>[0]) as Check
  const byAddress = limiter(limits.perAddress)
  const byToken = limiter(limits.perToken, (request) => request.actor.sub)
  const verifying = limiter(limits.verify)
  const failures = limiter(limits.authFailures)

  const enforce = async (check: Check, limit: Limit, request: FastifyRequest, reply: FastifyReply) => {
    const state = await check(request)
    if (!state.isAllowed && state.isExceeded) tooMany(reply, limit, state)
  }
  // First of the gateway's own hooks, before a token is parsed: a flood costs a counter, not a signature check.
  app.addHook('onRequest', async (request, reply) => {
    if (isProbePath(request.url)) return
    await enforce(byAddress, 'address', request, reply)
  })
  return {
    async beforeAuthentication(request, reply) {
      const state = await failures(request, { increment: false })
      if (!state.isAllowed && state.isExceeded) tooMany(reply, 'auth-failures', state)
    },
    authenticationFailed: (request, reply) => enforce(failures, 'auth-failures', request, reply),
    authenticated: (request, reply) => enforce(byToken, 'token', request, reply),
    verify: (request, reply) => enforce(verifying, 'verify', request, reply),
  }
}
