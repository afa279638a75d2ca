import { type Actor, ASSERTION_HEADER } from '@onewindow/contracts'
import {
  createService,
  ProblemError,
  RETRY_AFTER_SECONDS,
  registerErrorCodes,
  type ServiceOptions,
} from '@onewindow/service-kit'
import type { FastifyRequest } from 'fastify'
import { KeysUnavailable, regionlessOnce, Unauthenticated } from './auth.js'
import type { GatewayDeps } from './deps.js'
import { type Edges, installEdges, MAX_TOKEN_LENGTH } from './edges.js'
import { applicationRoutes } from './routes/applications.js'
import { assistedRoutes } from './routes/assisted.js'
import { auditRoutes } from './routes/audit.js'
import { bookingRoutes } from './routes/bookings.js'
import { catalogueRoutes } from './routes/catalogue.js'
import { clockRoutes } from './routes/clock.js'
import { completionRoutes, verifyRoutes } from './routes/completion.js'
import { consoleRoutes } from './routes/console.js'
import { dataQualityRoutes } from './routes/data-quality.js'
import { deliveryRoutes } from './routes/deliveries.js'
import { type DevLogin, devLoginRoutes } from './routes/dev-login.js'
import { dishonestOwnerRoutes } from './routes/dishonest-owners.js'
import { hotlineRoutes } from './routes/hotline.js'
import { knowledgeRoutes } from './routes/knowledge.js'
import { landRoutes } from './routes/land.js'
import { leadRoutes } from './routes/lead.js'
import { noticeRoutes } from './routes/notices.js'
import { notificationRoutes } from './routes/notifications.js'
import { objectionRoutes } from './routes/objections.js'
import { projectRoutes } from './routes/projects.js'
import { publishedQualityRoutes, qualitySupervisionRoutes } from './routes/quality-supervision.js'
import { ratingRoutes } from './routes/ratings.js'
import { receiptRoutes } from './routes/receipts.js'
import { sharedResultsRoutes } from './routes/shared-results.js'
import { spglExportRoutes } from './routes/spgl-exports.js'
import { STREAM_PATH, streamRoutes } from './routes/stream.js'
import { supervisionRoutes } from './routes/supervision.js'
import { supervisionSignalsRoutes } from './routes/supervision-signals.js'
import { supervisionStatsRoutes } from './routes/supervision-stats.js'
import { taskRoutes } from './routes/tasks.js'
import { ticketReadRoutes } from './routes/ticket-reads.js'

registerErrorCodes({
  GATEWAY_UNAUTHENTICATED: 401,
  GATEWAY_FORBIDDEN: 403,
  GATEWAY_CLOCK_INVALID: 422,
  GATEWAY_UPSTREAM_UNAVAILABLE: 503,
  GATEWAY_UPSTREAM_BEHIND: 503,
  GATEWAY_UPSTREAM_NO_ANSWER: 502,
  GATEWAY_UPSTREAM_BAD_ANSWER: 502,
  GATEWAY_CERTIFICATE_NOT_FOUND: 404,
  GATEWAY_EXPORT_NOT_FOUND: 404,
  GATEWAY_RATE_LIMITED: 429,
  GATEWAY_KEYS_UNAVAILABLE: 503,
  GATEWAY_AUDIT_RANGE_INVALID: 400,
  GATEWAY_STATS_RANGE_INVALID: 400,
  GATEWAY_SIGNALS_RANGE_INVALID: 400,
  GATEWAY_STREAM_LIMIT: 429,
  GATEWAY_STREAM_POSITION_INVALID: 400,
  GATEWAY_RATINGS_RANGE_INVALID: 400,
})

const unauthenticated = (detail: string) => new ProblemError(401, 'GATEWAY_UNAUTHENTICATED', detail)

/** The kit's options, plus the console's files to serve and the development sign-in (both off unless given). */
export type GatewayAppOptions = ServiceOptions & { consoleDir?: string; devLogin?: DevLogin }

/**
 * The public edge. It serves no internal route: the kit's `/admin/dead-letters` (which trusts the signed assertion the
 * services get from the gateway) is left out, and the gateway's own dead letters are under `/api/v1/admin/…`
 * behind the token. An inbound `x-onewindow-assertion` is dropped before anything reads it.
 */
export async function buildApp(deps: GatewayDeps, edges: Edges, opts: GatewayAppOptions = {}) {
  const { deadLetters: _internalOnly, consoleDir, devLogin, ...kit } = opts
  const app = await createService('gateway', deps, {
    swagger: {
      title: 'onewindow gateway',
      version: '1',
      description: `The public API: commands go to the owning service, queries are answered from the read model. Bearer JWT. A request body is at most ${edges.bodyLimit} bytes (\`x-body-limit\` on each operation with a body; larger: 413); too many requests: 429 with \`retry-after\`.`,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'sub, role, and department / creditCode / provider as the role needs',
        },
      },
    },
    ...kit,
    untrustedHeaders: [ASSERTION_HEADER],
  })
  app.decorateRequest('actor', null as unknown as Actor)
  const limiters = await installEdges(app, edges)
  const regionless = regionlessOnce()
  await app.register(
    async (api) => {
      // Every public route needs a valid token; /healthz, /readyz and /docs stay outside this scope.
      api.addHook('onRoute', (route) => {
        route.schema = { ...route.schema, security: [{ bearer: [] }] }
      })
      api.addHook('onRequest', async (request, reply) => {
        await limiters.beforeAuthentication(request, reply)
        const refuse = async (detail: string) => {
          await limiters.authenticationFailed(request, reply)
          reply.header('www-authenticate', 'Bearer')
          return unauthenticated(detail)
        }
        // A browser's EventSource cannot send a header: the live stream alone also takes the token in its query
        // (docs/security.md "Live updates": the request log redacts it). Every other route ignores `access_token`.
        const header = request.headers.authorization ?? streamQueryToken(request) ?? ''
        // Bounded before the pattern or the verifier reads it (Node's own header limit does not hold for every
        // transport, and a cached token is kept in memory).
        if (header.length > 'Bearer '.length + MAX_TOKEN_LENGTH)
          throw await refuse(`A bearer token is at most ${MAX_TOKEN_LENGTH} characters.`)
        const match = /^Bearer\s+(\S+)$/i.exec(header)
        if (!match?.[1]) throw await refuse('A bearer token is required (Authorization: Bearer <jwt>).')
        try {
          request.actor = await deps.verify(match[1])
        } catch (err) {
          if (err instanceof Unauthenticated) throw await refuse(err.message)
          if (err instanceof KeysUnavailable) {
            request.log.warn({ err }, 'the JWKS endpoint cannot be reached')
            reply.header('retry-after', String(RETRY_AFTER_SECONDS))
            throw new ProblemError(503, 'GATEWAY_KEYS_UNAVAILABLE', err.message)
          }
          throw err
        }
        if (regionless(request.actor))
          request.log.warn(
            { sub: request.actor.sub, role: request.actor.role, department: request.actor.department },
            'a department token without a region: it reads every region of its department (docs/security.md "Regional authority")',
          )
        await limiters.authenticated(request, reply)
      })
      await api.register(projectRoutes, { deps })
      await api.register(applicationRoutes, { deps })
      await api.register(deliveryRoutes, { deps })
      await api.register(bookingRoutes, { deps })
      await api.register(taskRoutes, { deps })
      await api.register(leadRoutes, { deps })
      await api.register(supervisionRoutes, { deps })
      await api.register(supervisionStatsRoutes, { deps })
      await api.register(dataQualityRoutes, { deps })
      await api.register(supervisionSignalsRoutes, { deps })
      await api.register(catalogueRoutes, { deps })
      await api.register(dishonestOwnerRoutes, { deps })
      await api.register(auditRoutes, { deps })
      await api.register(spglExportRoutes, { deps })
      await api.register(clockRoutes, { deps })
      await api.register(completionRoutes, { deps })
      // 证照异议 (registration)
      await api.register(objectionRoutes, { deps })
      await api.register(streamRoutes, { deps })
      await api.register(notificationRoutes, { deps })
      await api.register(ratingRoutes, { deps })
      await api.register(receiptRoutes, { deps })
      await api.register(hotlineRoutes, { deps })
      // 知识库 (the hotline service)
      await api.register(knowledgeRoutes, { deps })
      // 变动通报 and 故障通报 (the hotline service)
      await api.register(noticeRoutes, { deps })
      await api.register(sharedResultsRoutes, { deps })
      await api.register(assistedRoutes, { deps })
      await api.register(landRoutes, { deps })
      await api.register(ticketReadRoutes, { deps })
      // 工程质量安全监督 双随机、一公开 (acceptance)
      await api.register(qualitySupervisionRoutes, { deps })
    },
    { prefix: '/api/v1' },
  )
  // Outside the token scope: certificate verification and the published inspection results are open to anyone.
  await app.register(
    async (open) => {
      open.addHook('onRequest', limiters.verify)
      await open.register(verifyRoutes, { deps })
      // 一公开: the published quality-safety inspection results, under the same per-address limit.
      await open.register(publishedQualityRoutes, { deps })
      if (devLogin) {
        app.log.warn('DEV_LOGIN is on: POST /api/v1/dev/login mints a token for any role (development only)')
        await open.register(devLoginRoutes(devLogin), { deps })
      }
    },
    { prefix: '/api/v1' },
  )
  if (consoleDir) await app.register(consoleRoutes(consoleDir), { deps })
  // Open streams would keep the server from closing: they end first, and the listener with them.
  deps.live.attach(app.log)
  deps.answerChanges.attach(app.log)
  app.addHook('preClose', () => deps.live.close())
  return app
}

/** `?access_token=` as a bearer header, on the live stream's route only. */
function streamQueryToken(request: FastifyRequest): string | undefined {
  if (request.routeOptions.url !== `/api/v1${STREAM_PATH}` || request.method !== 'GET') return undefined
  const token = (request.query as { access_token?: unknown } | undefined)?.access_token
  return typeof token === 'string' && token !== '' ? `Bearer ${token}` : undefined
}
