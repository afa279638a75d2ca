import { type Static, type TObject, Type } from 'typebox'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'

/**
 * The variables every service reads. A service extends it with its own:
 * `Type.Object({ ...BaseConfig.properties, APPROVAL_SCAN_MS: Type.Integer({ default: 1000 }) })`.
 * A variable has a default only where one is safe; `DATABASE_URL` has none, so a forgotten one stops the start.
 */
export const BaseConfig = Type.Object({
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://[^\\s]+$', description: 'must be a postgres:// URL' }),
  NATS_URL: Type.String({ default: 'nats://127.0.0.1:4222', pattern: '^(nats|tls|ws|wss)://' }),
  HOST: Type.String({ default: '127.0.0.1' }),
  PORT: Type.Integer({
    default: 0,
    minimum: 0,
    maximum: 65535,
    description: '0 takes a free port; services set theirs',
  }),
  LOG_LEVEL: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    { default: 'info', description: 'must be one of fatal, error, warn, info, debug, trace, silent' },
  ),
  SHUTDOWN_GRACE_MS: Type.Integer({ default: 10_000, minimum: 0 }),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** How often the audit chain's head is anchored: the longest a cut tail goes unnoticed (docs/security.md#audit-log). */
  AUDIT_ANCHOR_EVERY_MS: Type.Integer({ default: 5_000, minimum: 100, maximum: 3_600_000 }),
})

export type BaseConfig = Static<typeof BaseConfig>

export type ConfigResult<T> = { ok: true; value: T } | { ok: false; message: string }

/**
 * Validates `env` against `schema`: fills defaults, converts strings to numbers and booleans, keeps only the
 * schema's variables. On failure the message is one line naming the first bad or missing variable, e.g.
 * `config: DATABASE_URL must be a postgres:// URL (got "mysql://x")`.
 */
export function parseConfig<T extends TObject>(
  schema: T,
  env: Record<string, string | undefined>,
): ConfigResult<Static<T>> {
  const picked: Record<string, unknown> = {}
  for (const key of Object.keys(schema.properties)) {
    const raw = env[key]
    // An empty variable (`FOO=`) means "not set", as shells and compose files write it.
    if (raw !== undefined && raw !== '') picked[key] = raw
  }
  // Default and Convert work in place; `picked` keeps the raw strings for the message.
  const value = Value.Convert(schema, Value.Default(schema, { ...picked }))
  const validator = Compile(schema)
  if (validator.Check(value)) return { ok: true, value: value as Static<T> }

  const first = [...validator.Errors(value)][0]
  const name = first ? variableOf(first) : undefined
  if (name === undefined) return { ok: false, message: `config: invalid (${first?.message ?? 'unknown reason'})` }
  const given = picked[name]
  if (given === undefined) return { ok: false, message: `config: ${name} is required but not set` }
  const property = schema.properties[name] as { description?: string } | undefined
  const rule = property?.description?.startsWith('must ') ? property.description : (first?.message ?? 'is invalid')
  return { ok: false, message: `config: ${name} ${rule} (got ${JSON.stringify(given)})` }
}

/**
 * `parseConfig` over `process.env` for `main.ts`: on failure it writes the one line to stderr and exits with
 * code 1, before anything connects or listens.
 */
export function loadConfig<T extends TObject>(
  schema: T,
  env: Record<string, string | undefined> = process.env,
): Static<T> {
  const result = parseConfig(schema, env)
  if (result.ok) return result.value
  process.stderr.write(`${result.message}\n`)
  process.exit(1)
}

function variableOf(error: { instancePath: string; keyword: string; params: unknown }): string | undefined {
  const fromPath = error.instancePath.split('/')[1]
  if (fromPath) return fromPath
  const params = error.params as { requiredProperties?: string[] }
  return params.requiredProperties?.[0]
}
