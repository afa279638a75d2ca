import { loadConfig, runService, startTelemetry, systemClock } from '@onewindow/service-kit'
import { RegistrationConfig } from './config.js'

const config = loadConfig(RegistrationConfig)
const telemetry = startTelemetry({
  serviceName: 'registration',
  ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
})

// Only now load what loads `pg` and NATS, so the instrumentations see them (docs/service-kit.md).
const { createRegistration, loadOrCreateSigningKey } = await import('./index.js')
const { connectNats, defaultTopology } = await import('@onewindow/messaging')

const generated = config.CERT_SIGNING_KEY ? undefined : await loadOrCreateSigningKey(config.ONEWINDOW_DATA_DIR)
const nc = await connectNats(config.NATS_URL, 'registration')
const app = await createRegistration({
  databaseUrl: config.DATABASE_URL,
  nc,
  topology: defaultTopology,
  clock: systemClock,
  scanEveryMs: config.SCAN_EVERY_MS,
  yellowAt: config.YELLOW_AT,
  logLevel: config.LOG_LEVEL,
  signingKey: config.CERT_SIGNING_KEY ?? generated?.pem ?? '',
})
if (generated) {
  app.log.warn(
    { path: generated.path, created: generated.created },
    generated.created
      ? 'CERT_SIGNING_KEY is unset: generated a certificate signing key; set CERT_SIGNING_KEY in production'
      : 'CERT_SIGNING_KEY is unset: signing certificates with the key generated at an earlier start',
  )
}
app.addHook('onClose', async () => {
  await nc.drain()
  await telemetry.shutdown()
})
await runService(app, { host: config.HOST, port: config.PORT, graceMs: config.SHUTDOWN_GRACE_MS })
