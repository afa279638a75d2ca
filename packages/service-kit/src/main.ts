import { readFileSync } from 'node:fs'
import type { TimeSource } from '@onewindow/vocabulary'
import type { FastifyInstance } from 'fastify'
import type { Static, TObject } from 'typebox'
import { systemClock } from './clock.js'
import { type BaseConfig, ConfigError, loadConfig, type NatsCredentials, natsCredentialsOf } from './config.js'
import { runService } from './lifecycle.js'
import { isSupervisedProcess, superviseProcesses } from './processes.js'
import { startTelemetry } from './telemetry.js'

/** What every service's `create<Service>` takes from the environment in production. */
export type MainWiring = {
  databaseUrl: string
  /** The service connects (reconnecting forever) and drains the connection when it closes. */
  natsUrl: string
  /** The service's own credentials (`NATS_USER`/`NATS_PASSWORD` or an nkey seed); none on an open server. */
  natsAuth?: NatsCredentials
  clock: TimeSource
  logLevel: BaseConfig['LOG_LEVEL']
  /** `AUDIT_ANCHOR_EVERY_MS`, for `serviceRuntime`. */
  auditAnchorEveryMs: number
  /** `STREAM_REPLICAS`: the stream's replica count when this service creates or updates it. */
  streamReplicas: number
  /** `RETENTION_MARGIN_MS`, `RETENTION_EVERY_MS`, `DEAD_LETTER_KEEP_DAYS`, for `serviceRuntime`. */
  retention: { marginMs: number; everyMs: number; deadLetterKeepDays: number }
}

/**
 * The whole of a service's `main.ts`, the only place that reads `process.env` or listens: its config (a bad one stops
 * the start with every problem named), telemetry started before `start` runs — `start` imports the service, and with
 * it pg and NATS, only then, so the instrumentations see them load — then the app listens until a signal, and
 * telemetry is flushed last when it closes. With `processes` above one, this process only starts and supervises that
 * many copies of itself, which each do all of this on the same port.
 */
export async function serviceMain<S extends TObject>(
  name: string,
  schema: S,
  start: (config: Static<S> & BaseConfig, wiring: MainWiring) => Promise<FastifyInstance>,
  options: {
    /** How many processes serve the one port (default 1); more than one are supervised by this one (processes.ts). */
    processes?: (config: Static<S> & BaseConfig) => number
  } = {},
): Promise<void> {
  const config = loadConfig(schema) as Static<S> & BaseConfig
  const nats = natsCredentialsOf(config, (path) => readFileSync(path, 'utf8'))
  if (!nats.ok) {
    process.stderr.write(`${nats.message}\n`)
    process.exit(1)
  }
  const count = options.processes?.(config) ?? 1
  if (count > 1 && !isSupervisedProcess()) {
    process.exitCode = await superviseProcesses({
      name,
      count,
      graceMs: config.SHUTDOWN_GRACE_MS,
      logLevel: config.LOG_LEVEL,
    })
    return
  }
  const telemetry = startTelemetry({
    serviceName: name,
    ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
  })
  let app: FastifyInstance
  try {
    app = await start(config, {
      databaseUrl: config.DATABASE_URL,
      natsUrl: config.NATS_URL,
      ...(nats.value ? { natsAuth: nats.value } : {}),
      clock: systemClock,
      logLevel: config.LOG_LEVEL,
      auditAnchorEveryMs: config.AUDIT_ANCHOR_EVERY_MS,
      streamReplicas: config.STREAM_REPLICAS,
      retention: {
        marginMs: config.RETENTION_MARGIN_MS,
        everyMs: config.RETENTION_EVERY_MS,
        deadLetterKeepDays: config.DEAD_LETTER_KEEP_DAYS,
      },
    })
  } catch (err) {
    // A key named in the config that cannot be used (callerKeysFrom, assertionKeyFrom): one line, as loadConfig does.
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`${err.message}\n`)
    await telemetry.shutdown()
    process.exit(1)
  }
  app.addHook('onClose', () => telemetry.shutdown())
  await runService(app, { host: config.HOST, port: config.PORT, graceMs: config.SHUTDOWN_GRACE_MS })
}
