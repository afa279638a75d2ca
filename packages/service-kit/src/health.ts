import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { problem, sendProblem } from './problem.js'

/**
 * The probes every service answers for its orchestrator: no assertion, no span, no log line, no rate limit — they
 * are called every few seconds and carry nothing to check.
 */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz'])

/** Whether a request's URL (its query string, if any, aside) is one of the probes. */
export const isProbePath = (url: string): boolean => PROBE_PATHS.has(url.split('?', 1)[0] ?? url)

/**
 * Something that runs beside the HTTP server for the life of the service: a durable consumer, the outbox
 * relay, a due-clock scanner. `start` resolves once it is running; `stop` resolves once in-flight work has
 * finished (committed and acked), so a stopped worker leaves nothing half done. `healthy` is cheap and
 * synchronous: it is read on every `/readyz`.
 */
export interface Worker {
  name: string
  /** `ctx.log` is the service's logger bound to this worker, for a worker made without a logger of its own. */
  start(ctx?: WorkerContext): Promise<void>
  stop(): Promise<void>
  healthy(): boolean
  /** A timer's next pass now instead of at its period's end (`ServiceApp.wakeTimers`); workers without one ignore it. */
  wake?(): void
}

/** The logger a worker reports through: each failure once, with its cause; the recovery at info. */
export type WorkerLog = {
  error(obj: object, msg: string): void
  warn?(obj: object, msg: string): void
  info?(obj: object, msg: string): void
}

/** What the service gives each worker when it starts it. */
export type WorkerContext = { log: WorkerLog }

export type ReadinessCheck = () => Promise<boolean>

export type HealthState = { shuttingDown: boolean; workers: readonly Worker[] }

/** A check that neither answers nor fails within this time counts as failing, so `/readyz` itself answers. */
export const READINESS_CHECK_TIMEOUT_MS = 2_000

/**
 * `/healthz`: 200 while the process runs (liveness; never touches a dependency).
 * `/readyz`: 200 when every readiness check passes, every worker is healthy and the service is not shutting
 * down; otherwise 503 `NOT_READY` with `checks` giving each check's outcome and `detail` naming the failures.
 */
export function healthRoutes(app: FastifyInstance, checks: Record<string, ReadinessCheck>, state: HealthState): void {
  const routeConfig = { otel: false }
  app.get('/healthz', { config: routeConfig, logLevel: 'warn' }, async () => ({ status: 'ok' }))

  app.get('/readyz', { config: routeConfig, logLevel: 'warn' }, async (request, reply) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => [name, await passes(check, name, request.log)] as const),
    )
    const entries: Array<readonly [string, boolean]> = [
      ...(state.shuttingDown ? [['shutdown', false] as const] : []),
      ...results,
      ...state.workers.map((worker) => [`worker:${worker.name}`, safeHealthy(worker)] as const),
    ]
    const outcomes = Object.fromEntries(entries.map(([name, ok]) => [name, ok ? 'ok' : 'failing']))

    const failing = entries.filter(([, ok]) => !ok).map(([name]) => name)
    if (failing.length === 0) return { status: 'ready', checks: outcomes }
    request.log.warn({ failing }, 'not ready')
    return sendProblem(reply, problem(503, 'NOT_READY', `Not ready: ${failing.join(', ')}`, { checks: outcomes }))
  })
}

async function passes(check: ReadinessCheck, name: string, log: FastifyBaseLogger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_CHECK_TIMEOUT_MS)
    timer.unref()
  })
  try {
    return await Promise.race([check().then((ok) => ok === true), timeout])
  } catch (err) {
    log.warn({ err, check: name }, 'readiness check failed')
    return false
  } finally {
    clearTimeout(timer)
  }
}

function safeHealthy(worker: Worker): boolean {
  try {
    return worker.healthy()
  } catch {
    return false
  }
}
