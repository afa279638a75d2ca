import { Type } from 'typebox'
import { describe, expect, it } from 'vitest'
import { BaseConfig, natsCredentialsOf, parseConfig } from '../src/index.js'

const db = 'postgresql://postgres@127.0.0.1:5432/onewindow'

describe('parseConfig', () => {
  it('fills defaults and converts numbers', () => {
    const result = parseConfig(BaseConfig, { DATABASE_URL: db, PORT: '3001', UNRELATED: 'x' })
    expect(result).toEqual({
      ok: true,
      value: {
        DATABASE_URL: db,
        NATS_URL: 'nats://127.0.0.1:4222',
        HOST: '127.0.0.1',
        PORT: 3001,
        LOG_LEVEL: 'info',
        SHUTDOWN_GRACE_MS: 10_000,
        STREAM_REPLICAS: 1,
        AUDIT_ANCHOR_EVERY_MS: 5_000,
        RETENTION_MARGIN_MS: 86_400_000,
        RETENTION_EVERY_MS: 600_000,
        DEAD_LETTER_KEEP_DAYS: 30,
      },
    })
  })

  it.each([
    [{}, 'config: DATABASE_URL is required but not set'],
    [{ DATABASE_URL: '' }, 'config: DATABASE_URL is required but not set'],
    [{ DATABASE_URL: 'mysql://x' }, 'config: DATABASE_URL must be a postgres:// URL (got "mysql://x")'],
    [{ DATABASE_URL: 'not-a-url' }, 'config: DATABASE_URL must be a postgres:// URL (got "not-a-url")'],
    [{ DATABASE_URL: db, PORT: 'eighty' }, 'config: PORT must be integer (got "eighty")'],
    [{ DATABASE_URL: db, PORT: '70000' }, 'config: PORT must be <= 65535 (got "70000")'],
    [{ DATABASE_URL: db, AUDIT_ANCHOR_EVERY_MS: '10' }, 'config: AUDIT_ANCHOR_EVERY_MS must be >= 100 (got "10")'],
    [{ DATABASE_URL: db, STREAM_REPLICAS: '6' }, 'config: STREAM_REPLICAS must be an integer from 1 to 5 (got "6")'],
    [
      { DATABASE_URL: db, RETENTION_MARGIN_MS: '60000' },
      'config: RETENTION_MARGIN_MS must be from 600000 (the outbox reconciliation window) to 90 days in ms (got "60000")',
    ],
    [
      { DATABASE_URL: db, LOG_LEVEL: 'loud' },
      'config: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ],
  ])('names the bad variable in one line: %j', (env, message) => {
    const result = parseConfig(BaseConfig, env)
    expect(result).toEqual({ ok: false, message })
    if (!result.ok) expect(result.message).not.toContain('\n')
  })

  it('lets a service extend the base with its own variables', () => {
    const ApprovalConfig = Type.Object({ ...BaseConfig.properties, SCAN_EVERY_MS: Type.Integer({ default: 1000 }) })
    const ok = parseConfig(ApprovalConfig, { DATABASE_URL: db, SCAN_EVERY_MS: '250' })
    expect(ok.ok && ok.value.SCAN_EVERY_MS).toBe(250)
    expect(parseConfig(ApprovalConfig, { DATABASE_URL: db, SCAN_EVERY_MS: 'often' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^config: SCAN_EVERY_MS /),
    })
  })
})

// Shaped like a user seed: the config checks the shape only; connectNats decodes it (its checksum) at connect.
const seed = `SU${'A'.repeat(56)}`

describe('NATS credentials', () => {
  it.each([
    [{ NATS_USER: 'intake' }, 'config: NATS_PASSWORD is required when NATS_USER is set'],
    [{ NATS_PASSWORD: 'pw' }, 'config: NATS_USER is required when NATS_PASSWORD is set'],
    [
      { NATS_USER: 'in take', NATS_PASSWORD: 'pw' },
      'config: NATS_USER must be a user name without spaces (got "in take")',
    ],
    [
      { NATS_NKEY_SEED: 'SUSHORT' },
      'config: NATS_NKEY_SEED must be a user nkey seed (SU…, 58 characters) (value hidden)',
    ],
    [
      { NATS_NKEY_SEED: seed, NATS_NKEY_SEED_FILE: '/run/secrets/seed' },
      'config: NATS_NKEY_SEED_FILE must not be set with NATS_NKEY_SEED (give the seed one way)',
    ],
    [
      { NATS_USER: 'intake', NATS_PASSWORD: 'pw', NATS_NKEY_SEED: seed },
      'config: NATS_NKEY_SEED must not be set with NATS_USER (authenticate one way)',
    ],
  ])('names the variable at fault, never echoing a secret: %j', (env, message) => {
    const result = parseConfig(BaseConfig, { DATABASE_URL: db, ...env })
    expect(result).toEqual({ ok: false, message })
    expect(JSON.stringify(result)).not.toContain(seed)
  })

  const parsed = (env: Record<string, string>) => {
    const r = parseConfig(BaseConfig, { DATABASE_URL: db, ...env })
    if (!r.ok) throw new Error(r.message)
    return r.value
  }
  const noFile = (path: string): string => {
    throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' })
  }

  it('gives none, a user and password, an inline seed, or a seed read from its file', () => {
    expect(natsCredentialsOf(parsed({}), noFile)).toEqual({ ok: true, value: undefined })
    expect(natsCredentialsOf(parsed({ NATS_USER: 'intake', NATS_PASSWORD: 'pw' }), noFile)).toEqual({
      ok: true,
      value: { user: 'intake', password: 'pw' },
    })
    expect(natsCredentialsOf(parsed({ NATS_NKEY_SEED: seed }), noFile)).toEqual({ ok: true, value: { nkeySeed: seed } })
    const files: Record<string, string> = { '/run/secrets/seed': `${seed}\n` }
    const read = (p: string) => files[p] ?? noFile(p)
    expect(natsCredentialsOf(parsed({ NATS_NKEY_SEED_FILE: '/run/secrets/seed' }), read)).toEqual({
      ok: true,
      value: { nkeySeed: seed },
    })
  })

  it('names NATS_NKEY_SEED_FILE when it cannot be read or holds no seed', () => {
    expect(natsCredentialsOf(parsed({ NATS_NKEY_SEED_FILE: '/nowhere' }), noFile)).toEqual({
      ok: false,
      message: 'config: NATS_NKEY_SEED_FILE cannot be read (ENOENT: /nowhere)',
    })
    expect(natsCredentialsOf(parsed({ NATS_NKEY_SEED_FILE: '/x' }), () => 'not a seed')).toEqual({
      ok: false,
      message: 'config: NATS_NKEY_SEED_FILE must hold a user nkey seed (SU…, 58 characters) (/x)',
    })
  })
})
