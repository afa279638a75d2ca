import { serviceMain } from '@onewindow/service-kit'
import { GatewayConfig } from './config.js'

await serviceMain(
  'gateway',
  GatewayConfig,
  async (config, wiring) => {
    // Imported only now, after telemetry started, so its pg and NATS are instrumented (docs/service-kit.md).
    const { createGateway } = await import('./index.js')
    return createGateway({
      ...wiring,
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
  },
  { processes: (config) => config.GATEWAY_WORKERS },
)
