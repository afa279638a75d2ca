import { Type } from 'typebox'
import { describe, expect, it } from 'vitest'
import { BaseConfig, parseConfig } from '../src/index.js'

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
        AUDIT_ANCHOR_EVERY_MS: 5_000,
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
