import { loadConfig, runService, startTelemetry, systemClock } from '@onewindow/service-kit'
import { IntakeConfig } from './config.js'

const config = loadConfig(IntakeConfig)
const telemetry = startTelemetry({
  serviceName: 'intake',
  ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
})

// Only now load what loads `pg` and NATS, so the instrumentations see them (docs/service-kit.md).
const { createIntake } = await import('./index.js')
const { connectNats, defaultTopology } = await import('@onewindow/messaging')

const nc = await connectNats(config.NATS_URL, 'intake')
const app = await createIntake({
  databaseUrl: config.DATABASE_URL,
  nc,
  topology: defaultTopology,
  clock: systemClock,
  logLevel: config.LOG_LEVEL,
  scanEveryMs: config.SCAN_EVERY_MS,
})
app.addHook('onClose', async () => {
  await nc.drain()
  await telemetry.shutdown()
})
await runService(app, { host: config.HOST, port: config.PORT, graceMs: config.SHUTDOWN_GRACE_MS })
