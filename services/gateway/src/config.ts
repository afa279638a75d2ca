import { AssertionSignerConfig, BaseConfig } from '@onewindow/service-kit'
import { Type } from 'typebox'

// Here rather than in edges.ts, so main.ts reads the configuration without loading the HTTP plugins before telemetry.
/**
 * Fastify's own default, kept: an application at its schema's limits (200 materials with 500-character references, a
 * form of 100 free-form fields) can come near it, and the input limits bound what is inside.
 */
export const DEFAULT_BODY_LIMIT = 1_048_576

/** A bearer token longer than this is refused unread; real ones are well under 2 KB. */
export const MAX_TOKEN_LENGTH = 8_192

/** Per window, from one address or token (see `RateLimits` in edges.ts for what each counts). */
export const DEFAULT_RATE_LIMITS = {
  windowMs: 60_000,
  perAddress: 1_200,
  perToken: 600,
  verify: 30,
  authFailures: 20,
}

/** How often the export job runs by default (SPGL_EXPORT_EVERY_MS): well inside the ten minutes the target counts. */
export const DEFAULT_SPGL_EXPORT_EVERY_MS = 120_000

export const GatewayConfig = Type.Object({
  ...BaseConfig.properties,
  ...AssertionSignerConfig.properties,
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  /**
   * The read model's reader role (owns nothing, row-level security applies): same database and `?schema=` as
   * DATABASE_URL, whose role owns the schema. docs/operations.md.
   */
  READER_DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://[^\\s]+$', description: 'must be a postgres:// URL' }),
  INTAKE_URL: Type.String({ default: 'http://127.0.0.1:3001', pattern: '^https?://' }),
  APPROVAL_URL: Type.String({ default: 'http://127.0.0.1:3002', pattern: '^https?://' }),
  ACCEPTANCE_URL: Type.String({ default: 'http://127.0.0.1:3003', pattern: '^https?://' }),
  UTILITY_URL: Type.String({ default: 'http://127.0.0.1:3004', pattern: '^https?://' }),
  NOTIFICATION_URL: Type.String({ default: 'http://127.0.0.1:3006', pattern: '^https?://' }),
  REGISTRATION_URL: Type.String({ default: 'http://127.0.0.1:3005', pattern: '^https?://' }),
  /** The 12345 hotline service (docs/hotline.md). */
  HOTLINE_URL: Type.String({ default: 'http://127.0.0.1:3007', pattern: '^https?://' }),
  /** HS256 secret for tokens (development); give this or JWKS_URL. */
  JWT_SECRET: Type.Optional(Type.String({ minLength: 16, description: 'at least 16 characters' })),
  /** An identity provider's keys; its tokens must carry JWT_ISSUER and JWT_AUDIENCE (both required with it). */
  JWKS_URL: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 2_000 })),
  JWT_ISSUER: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  JWT_AUDIENCE: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  /** The algorithms JWKS tokens may name (pinned: HS256 is the secret's alone). */
  JWKS_ALGORITHMS: Type.String({
    default: 'RS256,ES256',
    pattern: '^(RS256|ES256)(,(RS256|ES256))?$',
    description: 'must be RS256, ES256 or RS256,ES256',
  }),
  /** `off` only for a benchmark driving the gateway from one address and one token. */
  RATE_LIMITS: Type.Union([Type.Literal('on'), Type.Literal('off')], {
    default: 'on',
    description: 'must be on or off',
  }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ default: DEFAULT_RATE_LIMITS.windowMs, minimum: 1_000, maximum: 3_600_000 }),
  RATE_LIMIT_PER_ADDRESS: Type.Integer({ default: DEFAULT_RATE_LIMITS.perAddress, minimum: 1, maximum: 10_000_000 }),
  RATE_LIMIT_PER_TOKEN: Type.Integer({ default: DEFAULT_RATE_LIMITS.perToken, minimum: 1, maximum: 10_000_000 }),
  RATE_LIMIT_VERIFY: Type.Integer({ default: DEFAULT_RATE_LIMITS.verify, minimum: 1, maximum: 10_000_000 }),
  RATE_LIMIT_AUTH_FAILURES: Type.Integer({
    default: DEFAULT_RATE_LIMITS.authFailures,
    minimum: 1,
    maximum: 10_000_000,
  }),
  /** Comma-separated origins (`https://host[:port]`) a browser may call the API from; none when unset. */
  CORS_ORIGINS: Type.Optional(
    Type.String({
      maxLength: 4_000,
      pattern: '^https?://[^/\\s,]+(,https?://[^/\\s,]+)*$',
      description: 'must be comma-separated origins such as https://a.example,https://b.example:8443',
    }),
  ),
  BODY_LIMIT_BYTES: Type.Integer({ default: DEFAULT_BODY_LIMIT, minimum: 1_024, maximum: 16_777_216 }),
  /**
   * Where the public reaches this gateway: the QR payload of every certificate is a verification URL under it.
   * Set it to the public https address in production; the default suits a local run.
   */
  PUBLIC_BASE_URL: Type.String({ default: 'http://127.0.0.1:3000', pattern: '^https?://[^?#]+$', maxLength: 200 }),
  /**
   * `on`: `POST /api/v1/dev/login` mints a token for any role (the console's development sign-in). Never in
   * production; needs JWT_SECRET. `pnpm start` turns it on and says so.
   */
  DEV_LOGIN: Type.Union([Type.Literal('on'), Type.Literal('off')], {
    default: 'off',
    description: 'must be on or off',
  }),
  /** The console's built files (`apps/console/dist`), served at `/`; none: the API only. */
  CONSOLE_DIR: Type.Optional(Type.String({ minLength: 1, maxLength: 1_000 })),
  /** Share of a limit at which a clock shows yellow. */
  YELLOW_AT: Type.Number({ default: 0.8, exclusiveMinimum: 0, maximum: 1 }),
  /** Live updates (`GET /api/v1/stream`): a heartbeat comment this often (ms). */
  STREAM_HEARTBEAT_MS: Type.Integer({ default: 15_000, minimum: 1_000, maximum: 300_000 }),
  /** The `retry:` advice sent to EventSource clients (ms). */
  STREAM_RETRY_MS: Type.Integer({ default: 3_000, minimum: 100, maximum: 300_000 }),
  /** Open live streams per signed-in user on one gateway process; one more is answered 429. */
  STREAM_MAX_PER_SUBJECT: Type.Integer({ default: 5, minimum: 1, maximum: 100 }),
  /** Changes kept for resuming with Last-Event-ID; a client resuming from before them is told `reset`. */
  STREAM_WINDOW_ROWS: Type.Integer({ default: 100_000, minimum: 100, maximum: 10_000_000 }),
  /**
   * Statuses each gateway process keeps in memory (about 20 KB each, and up to 40 rows shown each on average): a kept
   * status is sent with no statement while its project is unchanged (docs/operations.md).
   */
  KEPT_STATUSES: Type.Integer({ default: 2_000, minimum: 10, maximum: 1_000_000 }),
  /**
   * How often the pending rows of the national data-sharing tables are exported (ms; docs/spgl.md, "Sharing on time"):
   * at most five minutes — half the ten the 10分钟内共享 target allows a row, leaving the rest to the reader's lag and
   * a turn at the lock — and at least five seconds.
   */
  SPGL_EXPORT_EVERY_MS: Type.Integer({ default: DEFAULT_SPGL_EXPORT_EVERY_MS, minimum: 5_000, maximum: 300_000 }),
  /**
   * Processes serving the gateway's port (docs/operations.md): each is a whole gateway with its own read-model reader,
   * and one batch applies at a time behind the reader's cursor row lock.
   */
  GATEWAY_WORKERS: Type.Integer({ default: 1, minimum: 1, maximum: 16 }),
})
