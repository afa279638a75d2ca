import type { IncomingMessage, ServerResponse } from 'node:http'
import { FastifyOtelInstrumentation } from '@fastify/otel'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { TimeSource } from '@onewindow/vocabulary'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify'
import { type Callers, guardCallers } from './caller.js'
import { sharedSerializers, sharedValidators } from './compiled-schemas.js'
import { type DeadLetterAdmin, deadLetterRoutes } from './dead-letters.js'
import { type HealthState, healthRoutes, isProbePath, type ReadinessCheck, type Worker } from './health.js'
import { guardInput, validatorCompiler } from './input.js'
import { loggerOptions } from './logger.js'
import {
  type DamageClassifier,
  installProblemHandlers,
  problem,
  sendProblem,
  serverProblemOptions,
  type UnavailableClassifier,
} from './problem.js'

/** What every service's deps carry. A service's deps type extends this with its clients and repositories. */
export interface ServiceDeps {
  clock: TimeSource
  /** Named checks behind `/readyz`, e.g. `{ database: () => db.$queryRaw\`SELECT 1\`.then(() => true), nats: … }`. */
  readiness?: Record<string, ReadinessCheck>
}

export interface ServiceOptions {
  /** pino level; default `info`. */
  logLevel?: string
  /** `false` silences logging; an object is merged into the pino options (e.g. `{ stream }` to capture lines). */
  logger?: boolean | object
  /** Started in this order when the app is ready, stopped in reverse order when it closes. */
  workers?: Worker[]
  /**
   * Run in this order after the workers have stopped and HTTP has drained: flush the relay, drain NATS,
   * disconnect Prisma, shut telemetry down. All run even when one fails; `app.close()` then rejects.
   */
  closers?: Array<() => Promise<void>>
  /**
   * Names the dependency an error shows to be down (`serviceRuntime` gives one for PostgreSQL and NATS): such an
   * error answers 503 `DEPENDENCY_UNAVAILABLE` with `retry-after` instead of 500.
   */
  unavailable?: UnavailableClassifier
  /** Names a damaged stored row an error shows (`DamageClassifier`): answered with the service's problem for it. */
  damaged?: DamageClassifier
  /** The service's dead letters, listed and replayed on `/admin/dead-letters` (an admin, through the gateway). */
  deadLetters?: DeadLetterAdmin
  /**
   * Request headers dropped before any hook or route reads them: a public edge (the gateway) drops the internal
   * `x-onewindow-assertion`, so only a verified token names the caller.
   */
  untrustedHeaders?: readonly string[]
  /**
   * An internal service: every route but `/healthz` and `/readyz` answers only a call with the gateway's signed
   * assertion addressed to this service (`aud` = its name), verified against these keys at the deps' clock; anything
   * else is 401 with `code` (`caller.ts`). `commandService` requires it.
   */
  callers?: Callers
  /** Serves OpenAPI at `/docs/json` and its UI at `/docs`. */
  swagger?: {
    title: string
    version: string
    description?: string
    /** OpenAPI security schemes; routes name the ones they need in `schema.security`. */
    securitySchemes?: Record<string, { type: 'http'; scheme: string; bearerFormat?: string; description?: string }>
  }
}

/** A service's Fastify instance: the TypeBox type provider, plus its name and deps. */
export type ServiceApp<TDeps extends ServiceDeps = ServiceDeps> = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
> & { serviceName: string; deps: TDeps }

declare module 'fastify' {
  interface FastifyInstance {
    /** The name given to `createService`. */
    serviceName: string
    /** The deps given to `createService`; `ServiceApp<TDeps>` narrows them. */
    deps: ServiceDeps
    /** Every route the service registered (method and URL, HEAD included), e.g. to check which answer anonymously. */
    routeTable: ReadonlyArray<{ method: string; url: string }>
    /**
     * Every running timer's next pass now rather than at its period's end: for a time source that moves by jumps (the
     * tests' clock), so a timer can wait long between passes and still see a jump at once.
     */
    wakeTimers(): void
  }
}

// One per process, like the serializers (compiled-schemas.ts): a route schema is compiled once for every instance.
const validators = sharedValidators(validatorCompiler)

// One per process: it holds no state of its own beyond a tracer from the global provider.
let fastifyOtel: FastifyOtelInstrumentation | undefined

/**
 * Builds the Fastify instance every service starts from: TypeBox types and validation, pino with trace ids,
 * OpenTelemetry request spans, problem+json errors, `/healthz` and `/readyz`, workers tied to the app's
 * lifecycle, optional OpenAPI. It never listens and never reads the environment (see `runService`).
 *
 * Close sequence (`app.close()`), in this order:
 * 1. new requests are answered 503 `SHUTTING_DOWN` (except `/healthz`); `/readyz` turns 503;
 * 2. `preClose`: workers stop in reverse start order, each waiting for its in-flight work;
 * 3. the HTTP server stops accepting connections and in-flight requests finish;
 * 4. `onClose`: `opts.closers` run in order.
 */
export async function createService<TDeps extends ServiceDeps>(
  name: string,
  deps: TDeps,
  opts: ServiceOptions = {},
): Promise<ServiceApp<TDeps>> {
  const level = opts.logLevel ?? 'info'
  const logger =
    opts.logger === false ? false : loggerOptions(name, level, typeof opts.logger === 'object' ? opts.logger : {})

  const app = Fastify({
    logger,
    // Our own onRequest hook answers during shutdown, with problem+json instead of Fastify's plain JSON.
    return503OnClosing: false,
    // `__proto__` and `constructor` keys are parsed as plain data and then refused by name in `guardInput`
    // (`/body/__proto__ is not allowed`), rather than failing the whole body as unparseable JSON.
    onProtoPoisoning: 'ignore' as const,
    onConstructorPoisoning: 'ignore' as const,
    // What Fastify and Node answer before a route runs (431, 414, bad URLs, unparsable requests): problem+json too.
    ...serverProblemOptions,
    schemaController: sharedSerializers,
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(validators)
  // Before any schema: depth, string and size limits, and the string rule (no NUL, no lone surrogate), iteratively.
  app.addHook('preValidation', guardInput)

  const routeTable: Array<{ method: string; url: string }> = []
  app.decorate('routeTable', routeTable)
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url })
  })
  const untrusted = opts.untrustedHeaders ?? []
  if (untrusted.length > 0) {
    // The first hook of all, so nothing (tracing, logging, routes) sees a header the edge does not trust.
    app.addHook('onRequest', async (request) => {
      for (const name of untrusted) {
        delete request.raw.headers[name.toLowerCase()]
        delete request.headers[name.toLowerCase()]
      }
    })
  }

  // One span per request (SERVER, or INTERNAL under the http instrumentation's) and one for the handler; spans
  // per lifecycle hook would mostly time the kit's own bookkeeping.
  fastifyOtel ??= new FastifyOtelInstrumentation({
    instrumentHooks: false,
    ignorePaths: ({ url }) => isProbePath(url),
  })
  await app.register(fastifyOtel.plugin())

  app.decorate('serviceName', name)
  app.decorate<ServiceDeps>('deps', deps)
  installProblemHandlers(app, opts.unavailable, opts.damaged)

  const workers = opts.workers ?? []
  const started: Worker[] = []
  const state: HealthState = { shuttingDown: false, workers }
  app.decorate('wakeTimers', () => {
    for (const worker of started) worker.wake?.()
  })

  app.addHook('onRequest', async (request, reply) => {
    if (!state.shuttingDown || request.url === '/healthz') return
    reply.header('connection', 'close')
    return sendProblem(reply, problem(503, 'SHUTTING_DOWN', `${name} is shutting down; retry on another instance.`))
  })
  if (opts.callers) guardCallers(app, name, deps.clock, opts.callers)

  app.addHook('onReady', async () => {
    for (const worker of workers) {
      await worker.start({ log: app.log.child({ worker: worker.name }) })
      started.push(worker)
      app.log.info({ worker: worker.name }, 'worker started')
    }
  })

  // Fastify ignores an error thrown by a preClose hook (and would skip the hooks after it), so failures to stop
  // are kept and thrown from onClose, after the closers ran: `app.close()` rejects with all of them.
  const failures: unknown[] = []

  app.addHook('preClose', async () => {
    state.shuttingDown = true
    for (const worker of started.toReversed()) {
      try {
        await worker.stop()
        app.log.info({ worker: worker.name }, 'worker stopped')
      } catch (err) {
        failures.push(err)
        app.log.error({ err, worker: worker.name }, 'worker failed to stop cleanly')
      }
    }
    started.length = 0
  })

  app.addHook('onClose', async () => {
    for (const close of opts.closers ?? []) {
      try {
        await close()
      } catch (err) {
        failures.push(err)
        app.log.error({ err }, 'closer failed')
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${name} did not close cleanly`)
  })

  if (opts.swagger) {
    await app.register(swagger, {
      openapi: {
        info: { title: opts.swagger.title, version: opts.swagger.version, description: opts.swagger.description },
        ...(opts.swagger.securitySchemes ? { components: { securitySchemes: opts.swagger.securitySchemes } } : {}),
      },
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })
  }

  healthRoutes(app, deps.readiness ?? {}, state)
  if (opts.deadLetters) deadLetterRoutes(app, opts.deadLetters)
  return app as ServiceApp<TDeps>
}
