import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'

export interface RunOptions {
  host: string
  port: number
  /** How long a graceful close may take before the process exits with code 1 anyway (`SHUTDOWN_GRACE_MS`). */
  graceMs: number
}

/**
 * Listens and ties the app's close to the process's end; `main.ts` calls it last. It resolves once the
 * server listens. The shutdown sequence, owned here and in `createService`:
 *
 * 1. SIGTERM/SIGINT, an uncaught exception or an unhandled rejection is caught by `close-with-grace`;
 * 2. `app.close()`: Fastify marks itself closing; new requests get 503 `SHUTTING_DOWN` and `/readyz` 503, so
 *    the load balancer stops sending traffic;
 * 3. `preClose`: workers (consumers, relay, scanners) stop in reverse start order, each waiting for its
 *    in-flight work to commit and ack;
 * 4. the HTTP server stops accepting connections and in-flight requests finish;
 * 5. `onClose`: the service's closers run in order (flush the relay once, drain NATS, disconnect Prisma,
 *    shut telemetry down);
 * 6. the process exits: 0 after a signal, 1 after an error or a failed close, or 1 when `graceMs` passes first.
 */
export async function runService(app: FastifyInstance, { host, port, graceMs }: RunOptions): Promise<void> {
  const listeners = closeWithGrace({ delay: graceMs, logger: app.log }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down')
    await app.close()
  })
  try {
    await app.listen({ host, port })
  } catch (err) {
    listeners.uninstall()
    throw err
  }
}
