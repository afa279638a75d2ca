import { BaseConfig } from '@onewindow/service-kit'
import { Type } from 'typebox'

export const GatewayConfig = Type.Object({
  ...BaseConfig.properties,
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  INTAKE_URL: Type.String({ default: 'http://127.0.0.1:3001', pattern: '^https?://' }),
  APPROVAL_URL: Type.String({ default: 'http://127.0.0.1:3002', pattern: '^https?://' }),
  ACCEPTANCE_URL: Type.String({ default: 'http://127.0.0.1:3003', pattern: '^https?://' }),
  UTILITY_URL: Type.String({ default: 'http://127.0.0.1:3004', pattern: '^https?://' }),
  REGISTRATION_URL: Type.String({ default: 'http://127.0.0.1:3005', pattern: '^https?://' }),
  /** HS256 secret for tokens (development); give this or JWKS_URL. */
  JWT_SECRET: Type.Optional(Type.String({ minLength: 16, description: 'at least 16 characters' })),
  JWKS_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  JWT_ISSUER: Type.Optional(Type.String()),
  JWT_AUDIENCE: Type.Optional(Type.String()),
  /** Share of a limit at which a clock shows yellow. */
  YELLOW_AT: Type.Number({ default: 0.8, exclusiveMinimum: 0, maximum: 1 }),
  /**
   * Processes serving the gateway's port (docs/operations.md): each is a whole gateway with its own read-model reader,
   * and one batch applies at a time behind the reader's cursor row lock.
   */
  GATEWAY_WORKERS: Type.Integer({ default: 1, minimum: 1, maximum: 16 }),
})
