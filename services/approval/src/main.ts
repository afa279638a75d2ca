import { loadConfig, runService, startTelemetry, systemClock } from '@onewindow/service-kit'
import { ApprovalConfig } from './config.js'

const config = loadConfig(ApprovalConfig)
const telemetry = startTelemetry({
  serviceName: 'approval',
  ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
})

// Only now load what loads `pg` and NATS, so the instrumentations see them (docs/service-kit.md).
const { createApproval } = await import('./index.js')
const { connectNats, defaultTopology } = await import('@onewindow/messaging')

const nc = await connectNats(config.NATS_URL, 'approval')
const app = await createApproval({
  databaseUrl: config.DATABASE_URL,
  nc,
  topology: defaultTopology,
  clock: systemClock,
  logLevel: config.LOG_LEVEL,
  scanEveryMs: config.SCAN_EVERY_MS,
  supplementRounds: config.SUPPLEMENT_ROUNDS,
  yellowAt: config.YELLOW_AT,
})
app.addHook('onClose', async () => {
  await nc.drain()
  await telemetry.shutdown()
})
await runService(app, { host: config.HOST, port: config.PORT, graceMs: config.SHUTDOWN_GRACE_MS })
