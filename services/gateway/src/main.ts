import { loadConfig, runService, startTelemetry, systemClock } from '@onewindow/service-kit'
import { GatewayConfig } from './config.js'

const config = loadConfig(GatewayConfig)
const telemetry = startTelemetry({
  serviceName: 'gateway',
  ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
})

// Only now load what loads `pg` and NATS, so the instrumentations see them (docs/service-kit.md).
const { createGateway } = await import('./index.js')
const { connectNats, defaultTopology } = await import('@onewindow/messaging')

const nc = await connectNats(config.NATS_URL, 'gateway')
const app = await createGateway({
  databaseUrl: config.DATABASE_URL,
  nc,
  topology: defaultTopology,
  clock: systemClock,
  logLevel: config.LOG_LEVEL,
  intakeUrl: config.INTAKE_URL,
  approvalUrl: config.APPROVAL_URL,
  acceptanceUrl: config.ACCEPTANCE_URL,
  utilityUrl: config.UTILITY_URL,
  registrationUrl: config.REGISTRATION_URL,
  auth: {
    ...(config.JWT_SECRET ? { secret: config.JWT_SECRET } : {}),
    ...(config.JWKS_URL ? { jwksUrl: config.JWKS_URL } : {}),
    ...(config.JWT_ISSUER ? { issuer: config.JWT_ISSUER } : {}),
    ...(config.JWT_AUDIENCE ? { audience: config.JWT_AUDIENCE } : {}),
  },
  yellowAt: config.YELLOW_AT,
})
app.addHook('onClose', async () => {
  await nc.drain()
  await telemetry.shutdown()
})
await runService(app, { host: config.HOST, port: config.PORT, graceMs: config.SHUTDOWN_GRACE_MS })
