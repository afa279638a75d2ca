import { loadConfig, runService, startTelemetry, systemClock } from '@onewindow/service-kit'
import { UtilityConfig } from './config.js'

const config = loadConfig(UtilityConfig)
const telemetry = startTelemetry({
  serviceName: 'utility',
  ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
})

// Only now load what loads `pg` and NATS, so the instrumentations see them (docs/service-kit.md).
const { createUtility } = await import('./index.js')
const { connectNats, defaultTopology } = await import('@onewindow/messaging')

const nc = await connectNats(config.NATS_URL, 'utility')
const app = await createUtility({
  databaseUrl: config.DATABASE_URL,
  nc,
  topology: defaultTopology,
  clock: systemClock,
  scanEveryMs: config.SCAN_EVERY_MS,
  yellowAt: config.YELLOW_AT,
  logLevel: config.LOG_LEVEL,
})
app.addHook('onClose', async () => {
  await nc.drain()
  await telemetry.shutdown()
})
await runService(app, { host: config.HOST, port: config.PORT, graceMs: config.SHUTDOWN_GRACE_MS })
