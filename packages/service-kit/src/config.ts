import { readFileSync, statSync } from 'node:fs'
import { type Static, type TObject, Type } from 'typebox'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'
import { AssertionKeyError, type CallerKeys, importCallerKeys, PrivateJwk } from './assertion.js'

/**
 * The variables every service reads. A service extends it with its own:
 * `Type.Object({ ...BaseConfig.properties, APPROVAL_SCAN_MS: Type.Integer({ default: 1000 }) })`.
 * A variable has a default only where one is safe; `DATABASE_URL` has none, so a forgotten one stops the start.
 */
export const BaseConfig = Type.Object({
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://[^\\s]+$', description: 'must be a postgres:// URL' }),
  NATS_URL: Type.String({ default: 'nats://127.0.0.1:4222', pattern: '^(nats|tls|ws|wss)://' }),
  // The service's own broker identity (docs/security.md#nats-least-privilege): a user and password, or an nkey seed
  // (inline or in a file). None of them set: no credentials, for the open development server.
  NATS_USER: Type.Optional(
    Type.String({ maxLength: 256, pattern: '^[^\\s]+$', description: 'must be a user name without spaces' }),
  ),
  NATS_PASSWORD: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  NATS_NKEY_SEED: Type.Optional(
    Type.String({ pattern: '^SU[A-Z2-7]{56}$', description: 'must be a user nkey seed (SU…, 58 characters)' }),
  ),
  NATS_NKEY_SEED_FILE: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
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
  /**
   * Copies the broker keeps of the stream (JetStream `num_replicas`): 1 on one nats-server, 3 on a three-node cluster
   * (docs/operations.md#deployment). Applied by whoever creates or updates the stream: `pnpm onewindow nats setup`, or a
   * service without credentials of its own.
   */
  STREAM_REPLICAS: Type.Integer({ default: 1, minimum: 1, maximum: 5, description: 'must be an integer from 1 to 5' }),
  /** How often the audit chain's head is anchored: the longest a cut tail goes unnoticed (docs/security.md#audit-log). */
  AUDIT_ANCHOR_EVERY_MS: Type.Integer({ default: 5_000, minimum: 100, maximum: 3_600_000 }),
  // Retention of the outbox, inbox and dead letters (docs/messaging.md#retention). The margin is kept beyond the
  // stream's duplicate window; the messaging runtime refuses one shorter than the longest redelivery.
  RETENTION_MARGIN_MS: Type.Integer({
    default: 86_400_000,
    minimum: 600_000,
    maximum: 90 * 86_400_000,
    description: 'must be from 600000 (the outbox reconciliation window) to 90 days in ms',
  }),
  RETENTION_EVERY_MS: Type.Integer({ default: 600_000, minimum: 1_000, maximum: 86_400_000 }),
  DEAD_LETTER_KEEP_DAYS: Type.Integer({ default: 30, minimum: 1, maximum: 3650 }),
})

export type BaseConfig = Static<typeof BaseConfig>

/** A key given inline is JSON of a few hundred bytes; a file is read only when this small. */
const MAX_KEY_BYTES = 16_384
const KeyText = Type.Optional(Type.String({ maxLength: MAX_KEY_BYTES }))
const KeyFile = Type.Optional(Type.String({ minLength: 1, maxLength: 4096 }))

/**
 * What an internal service (intake, approval, acceptance, utility, registration) trusts: the gateway's Ed25519 public
 * keys as a JWKS, inline or in a file — one of the two. Two keys at once during a rotation (docs/operations.md).
 */
export const CallerConfig = Type.Object({
  ONEWINDOW_ASSERTION_PUBLIC_KEYS: KeyText,
  ONEWINDOW_ASSERTION_PUBLIC_KEYS_FILE: KeyFile,
})
export type CallerConfig = Static<typeof CallerConfig>

/** The gateway's key for the assertions it forwards: an Ed25519 private JWK with its `kid`, inline or in a file. */
export const AssertionSignerConfig = Type.Object({
  ONEWINDOW_ASSERTION_PRIVATE_KEY: KeyText,
  ONEWINDOW_ASSERTION_PRIVATE_KEY_FILE: KeyFile,
})
export type AssertionSignerConfig = Static<typeof AssertionSignerConfig>

/** A configuration that cannot be used, as one line naming the variable; `serviceMain` prints it and exits 1. */
export class ConfigError extends Error {}

/** The JSON of `NAME` or of the file `NAME_FILE`: exactly one must be set. */
function keyJson(name: string, inline: string | undefined, file: string | undefined): { from: string; json: unknown } {
  if (inline !== undefined && file !== undefined) throw new ConfigError(`config: set ${name} or ${name}_FILE, not both`)
  if (inline === undefined && file === undefined)
    throw new ConfigError(`config: ${name} or ${name}_FILE is required but not set`)
  let text = inline ?? ''
  let from = name
  if (file !== undefined) {
    from = `${name}_FILE`
    try {
      if (statSync(file).size > MAX_KEY_BYTES)
        throw new ConfigError(`config: ${from} is over ${MAX_KEY_BYTES} bytes (${file})`)
      text = readFileSync(file, 'utf8')
    } catch (err) {
      if (err instanceof ConfigError) throw err
      throw new ConfigError(`config: ${from} cannot be read (${file}: ${(err as Error).message})`)
    }
  }
  try {
    return { from, json: JSON.parse(text) }
  } catch {
    throw new ConfigError(`config: ${from} is not JSON`)
  }
}

/** An internal service's trusted keys from its config, imported once; a bad one is a `ConfigError` naming the variable. */
export async function callerKeysFrom(config: CallerConfig): Promise<CallerKeys> {
  const { from, json } = keyJson(
    'ONEWINDOW_ASSERTION_PUBLIC_KEYS',
    config.ONEWINDOW_ASSERTION_PUBLIC_KEYS,
    config.ONEWINDOW_ASSERTION_PUBLIC_KEYS_FILE,
  )
  try {
    return await importCallerKeys(json)
  } catch (err) {
    if (err instanceof AssertionKeyError) throw new ConfigError(`config: ${from} ${err.message}`)
    throw err
  }
}

/** The gateway's signing key from its config (checked when the signer imports it: `createAssertionSigner`). */
export function assertionKeyFrom(config: AssertionSignerConfig): PrivateJwk {
  const { from, json } = keyJson(
    'ONEWINDOW_ASSERTION_PRIVATE_KEY',
    config.ONEWINDOW_ASSERTION_PRIVATE_KEY,
    config.ONEWINDOW_ASSERTION_PRIVATE_KEY_FILE,
  )
  if (!Value.Check(PrivateJwk, json)) {
    throw new ConfigError(`config: ${from} must be an Ed25519 private key as a JWK (kty OKP, crv Ed25519, x, d, kid)`)
  }
  return json
}

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
  if (validator.Check(value)) {
    const clash = natsCredentialsClash(value as Record<string, unknown>)
    return clash ? { ok: false, message: `config: ${clash}` } : { ok: true, value: value as Static<T> }
  }

  const first = [...validator.Errors(value)][0]
  const name = first ? variableOf(first) : undefined
  if (name === undefined) return { ok: false, message: `config: invalid (${first?.message ?? 'unknown reason'})` }
  const given = picked[name]
  if (given === undefined) return { ok: false, message: `config: ${name} is required but not set` }
  const property = schema.properties[name] as { description?: string } | undefined
  const rule = property?.description?.startsWith('must ') ? property.description : (first?.message ?? 'is invalid')
  // A credential's value is never echoed: the line goes to logs.
  const shown = SECRET_VARIABLE.test(name) ? 'value hidden' : `got ${JSON.stringify(given)}`
  return { ok: false, message: `config: ${name} ${rule} (${shown})` }
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

const SECRET_VARIABLE = /PASSWORD|SEED|SECRET|TOKEN|_KEY$/

/** The credentials `connectNats` takes (`NatsAuth` of @onewindow/messaging), from the config. */
export type NatsCredentials = { user: string; password: string } | { nkeySeed: string }

/**
 * The service's NATS credentials from a parsed config: a user and password, an nkey seed given inline or read from
 * `NATS_NKEY_SEED_FILE` (trimmed), or none. A file that cannot be read or holds no user seed is a config error.
 */
export function natsCredentialsOf(
  config: Pick<BaseConfig, 'NATS_USER' | 'NATS_PASSWORD' | 'NATS_NKEY_SEED' | 'NATS_NKEY_SEED_FILE'>,
  readFile: (path: string) => string,
): ConfigResult<NatsCredentials | undefined> {
  if (config.NATS_USER && config.NATS_PASSWORD)
    return { ok: true, value: { user: config.NATS_USER, password: config.NATS_PASSWORD } }
  if (config.NATS_NKEY_SEED) return { ok: true, value: { nkeySeed: config.NATS_NKEY_SEED } }
  if (!config.NATS_NKEY_SEED_FILE) return { ok: true, value: undefined }
  let seed: string
  try {
    seed = readFile(config.NATS_NKEY_SEED_FILE).trim()
  } catch (err) {
    const reason = (err as { code?: string }).code ?? String(err)
    return {
      ok: false,
      message: `config: NATS_NKEY_SEED_FILE cannot be read (${reason}: ${config.NATS_NKEY_SEED_FILE})`,
    }
  }
  if (!/^SU[A-Z2-7]{56}$/.test(seed))
    return {
      ok: false,
      message: `config: NATS_NKEY_SEED_FILE must hold a user nkey seed (SU…, 58 characters) (${config.NATS_NKEY_SEED_FILE})`,
    }
  return { ok: true, value: { nkeySeed: seed } }
}

/** The NATS credentials are one way or none: a user with its password, or one nkey seed. */
function natsCredentialsClash(v: Record<string, unknown>): string | undefined {
  const set = (k: string) => v[k] !== undefined
  if (set('NATS_USER') && !set('NATS_PASSWORD')) return 'NATS_PASSWORD is required when NATS_USER is set'
  if (set('NATS_PASSWORD') && !set('NATS_USER')) return 'NATS_USER is required when NATS_PASSWORD is set'
  if (set('NATS_NKEY_SEED') && set('NATS_NKEY_SEED_FILE'))
    return 'NATS_NKEY_SEED_FILE must not be set with NATS_NKEY_SEED (give the seed one way)'
  const seed = set('NATS_NKEY_SEED') ? 'NATS_NKEY_SEED' : set('NATS_NKEY_SEED_FILE') ? 'NATS_NKEY_SEED_FILE' : undefined
  if (seed && set('NATS_USER')) return `${seed} must not be set with NATS_USER (authenticate one way)`
  return undefined
}

function variableOf(error: { instancePath: string; keyword: string; params: unknown }): string | undefined {
  const fromPath = error.instancePath.split('/')[1]
  if (fromPath) return fromPath
  const params = error.params as { requiredProperties?: string[] }
  return params.requiredProperties?.[0]
}
