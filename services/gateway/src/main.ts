import { assertionKeyFrom, serviceMain } from '@onewindow/service-kit'
import type { JwksAlgorithm } from './auth.js'
import { GatewayConfig } from './config.js'
import { KEPT_ANSWER_LIMITS } from './http/kept-answers.js'

/** A variable the configuration needs only with another (JWT_ISSUER and JWT_AUDIENCE with JWKS_URL). */
function required(value: string | undefined, name: string): string {
  if (value) return value
  process.stderr.write(`config: ${name} is required with JWKS_URL but not set\n`)
  process.exit(1)
}

await serviceMain(
  'gateway',
  GatewayConfig,
  async (config, wiring) => {
    // Imported only now, after telemetry started, so its pg and NATS are instrumented (docs/service-kit.md).
    const { createGateway } = await import('./index.js')
    return createGateway({
      ...wiring,
      readerDatabaseUrl: config.READER_DATABASE_URL,
      assertionKey: assertionKeyFrom(config),
      intakeUrl: config.INTAKE_URL,
      approvalUrl: config.APPROVAL_URL,
      acceptanceUrl: config.ACCEPTANCE_URL,
      utilityUrl: config.UTILITY_URL,
      notificationUrl: config.NOTIFICATION_URL,
      hotlineUrl: config.HOTLINE_URL,
      registrationUrl: config.REGISTRATION_URL,
      auth: {
        ...(config.JWT_SECRET ? { secret: config.JWT_SECRET } : {}),
        ...(config.JWKS_URL
          ? {
              jwks: {
                url: config.JWKS_URL,
                issuer: required(config.JWT_ISSUER, 'JWT_ISSUER'),
                audience: required(config.JWT_AUDIENCE, 'JWT_AUDIENCE'),
                algorithms: config.JWKS_ALGORITHMS.split(',') as JwksAlgorithm[],
              },
            }
          : {}),
      },
      edges: {
        rateLimits:
          config.RATE_LIMITS === 'off'
            ? 'off'
            : {
                windowMs: config.RATE_LIMIT_WINDOW_MS,
                perAddress: config.RATE_LIMIT_PER_ADDRESS,
                perToken: config.RATE_LIMIT_PER_TOKEN,
                verify: config.RATE_LIMIT_VERIFY,
                authFailures: config.RATE_LIMIT_AUTH_FAILURES,
              },
        corsOrigins: config.CORS_ORIGINS?.split(',') ?? [],
        bodyLimit: config.BODY_LIMIT_BYTES,
      },
      live: {
        heartbeatMs: config.STREAM_HEARTBEAT_MS,
        retryMs: config.STREAM_RETRY_MS,
        perSubject: config.STREAM_MAX_PER_SUBJECT,
        windowRows: config.STREAM_WINDOW_ROWS,
      },
      keptAnswers: { ...KEPT_ANSWER_LIMITS, statuses: config.KEPT_STATUSES, statusRows: config.KEPT_STATUSES * 40 },
      yellowAt: config.YELLOW_AT,
      spglExportEveryMs: config.SPGL_EXPORT_EVERY_MS,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      devLogin: config.DEV_LOGIN === 'on',
      ...(config.CONSOLE_DIR ? { consoleDir: config.CONSOLE_DIR } : {}),
    })
  },
  { processes: (config) => config.GATEWAY_WORKERS },
)
