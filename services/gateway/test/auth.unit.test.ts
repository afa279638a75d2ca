import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { actorFromClaims, createVerifier, mintToken, regionlessOnce, ttlSeconds, Unauthenticated } from '../src/auth.js'

const SECRET = 'unit-secret-0123456789abcdef'

describe('tokens', () => {
  it('mints an HS256 token the verifier turns into the actor', async () => {
    const verify = createVerifier({ secret: SECRET })
    const token = mintToken(SECRET, { sub: 'r-1', role: 'reviewer', department: 'housing' })
    expect(await verify(token)).toEqual({ sub: 'r-1', role: 'reviewer', department: 'housing' })
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()))
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(payload.exp - payload.iat).toBe(8 * 3600)
  })

  it.each([
    ['another secret', () => mintToken('another-secret-0123456789', { sub: 's', role: 'clerk' })],
    ['an expired token', () => mintToken(SECRET, { sub: 's', role: 'clerk' }, '-1m')],
    [
      'a tampered payload',
      () => {
        const [h, , s] = mintToken(SECRET, { sub: 's', role: 'clerk' }).split('.')
        const forged = Buffer.from(JSON.stringify({ sub: 's', role: 'admin', exp: 9e9 })).toString('base64url')
        return `${h}.${forged}.${s}`
      },
    ],
    [
      'an unsigned token',
      () => {
        const [, p] = mintToken(SECRET, { sub: 's', role: 'clerk' }).split('.')
        return `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`
      },
    ],
  ])('refuses %s', async (_name, make) => {
    await expect(createVerifier({ secret: SECRET })(make())).rejects.toBeInstanceOf(Unauthenticated)
  })

  describe('a token verified once', () => {
    afterEach(() => {
      vi.useRealTimers()
    })

    it('is refused once it expires, though the verifier answered it before', async () => {
      vi.useFakeTimers({ now: new Date('2026-03-02T01:00:00Z'), toFake: ['Date'] })
      const verify = createVerifier({ secret: SECRET })
      const token = mintToken(SECRET, { sub: 's', role: 'clerk' }, '30s')
      expect(await verify(token)).toEqual({ sub: 's', role: 'clerk' })
      vi.setSystemTime(new Date('2026-03-02T01:00:29Z'))
      expect(await verify(token)).toEqual({ sub: 's', role: 'clerk' })
      vi.setSystemTime(new Date('2026-03-02T01:00:30Z'))
      await expect(verify(token)).rejects.toBeInstanceOf(Unauthenticated)
    })

    it('lends nothing to a token with its claims and another signature', async () => {
      const verify = createVerifier({ secret: SECRET })
      const token = mintToken(SECRET, { sub: 's', role: 'clerk' })
      await verify(token)
      const [h, p] = token.split('.')
      await expect(verify(`${h}.${p}.${'A'.repeat(43)}`)).rejects.toBeInstanceOf(Unauthenticated)
    })
  })

  it('carries the provider of a utility token and the department of a lead', async () => {
    const verify = createVerifier({ secret: SECRET })
    const utility = mintToken(SECRET, { sub: 'u-1', role: 'utility', provider: 'power' })
    expect(await verify(utility)).toEqual({ sub: 'u-1', role: 'utility', provider: 'power' })
    const lead = mintToken(SECRET, { sub: 'l-1', role: 'lead', department: 'housing' })
    expect(await verify(lead)).toEqual({ sub: 'l-1', role: 'lead', department: 'housing' })
  })

  it('needs the issuer and audience of a JWKS source (the corpus in jwt-corpus.int.test.ts checks them)', () => {
    const jwks = { url: 'http://127.0.0.1:9/jwks.json', issuer: 'https://idp.example', audience: 'onewindow-gateway' }
    expect(() => createVerifier({ jwks: { ...jwks, issuer: '' } })).toThrow(/issuer and audience/)
    expect(() => createVerifier({ jwks: { ...jwks, audience: '' } })).toThrow(/issuer and audience/)
    expect(() => createVerifier({ jwks })).not.toThrow()
  })

  it('refuses a token without an expiry', async () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 's', role: 'clerk' })}`
    const signed = `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`
    await expect(createVerifier({ secret: SECRET })(signed)).rejects.toThrow(/exp/)
  })

  it.each([
    [{ sub: 'a', role: 'wizard' }, /known role/],
    [{ role: 'clerk' }, /subject/],
    [{ sub: 'r', role: 'reviewer' }, /department/],
    [{ sub: 'l', role: 'lead' }, /department/],
    [{ sub: 'u', role: 'utility' }, /provider/],
    [{ sub: 'o', role: 'owner' }, /creditCode/],
    [{ sub: 'x'.repeat(256), role: 'clerk' }, /1–255 characters/],
    [{ sub: 'r', role: 'reviewer', department: 'd'.repeat(101) }, /over 100/],
    [{ sub: 'o', role: 'owner', creditCode: '9'.repeat(19) }, /over 18/],
    [{ sub: 'r', role: 'reviewer', department: 'housing', region: '44060' }, /six-digit/],
    [{ sub: 'r', role: 'reviewer', department: 'housing', region: '4406000' }, /six-digit/],
    [{ sub: 'r', role: 'reviewer', department: 'housing', region: '44060a' }, /six-digit/],
    [{ sub: 'r', role: 'reviewer', department: 'housing', region: 440600 }, /six-digit/],
    [{ sub: 'r', role: 'reviewer', department: 'housing', region: null }, /six-digit/],
    [{ sub: 'c', role: 'clerk', region: '440600' }, /only a reviewer's or lead's/],
    [{ sub: 's', role: 'supervisor', region: '440600' }, /only a reviewer's or lead's/],
    [{ sub: 'u', role: 'utility', provider: 'power', region: '440600' }, /only a reviewer's or lead's/],
    [{ sub: 'g', role: 'registrar', region: '440600' }, /only a reviewer's or lead's/],
    [{ sub: 'r', role: 'reviewer', department: 'housing@440600' }, /no "@"/],
  ])('refuses the claims %j', (claims, message) => {
    expect(() => actorFromClaims(claims)).toThrow(message)
  })

  it('carries the region of a reviewer or a lead, and warns once per subject of one without', () => {
    expect(actorFromClaims({ sub: 'r', role: 'reviewer', department: 'housing', region: '440600' })).toEqual({
      sub: 'r',
      role: 'reviewer',
      department: 'housing',
      region: '440600',
    })
    expect(actorFromClaims({ sub: 'l', role: 'lead', department: 'housing', region: '440000' }).region).toBe('440000')
    const regionless = regionlessOnce()
    const r = { sub: 'r', role: 'reviewer', department: 'housing' } as const
    expect([regionless(r), regionless(r), regionless({ ...r, sub: 'r2' })]).toEqual([true, false, true])
    expect(regionless({ ...r, sub: 'r3', region: '440600' })).toBe(false)
    expect(regionless({ sub: 'c', role: 'clerk' })).toBe(false)
  })

  it('takes a subject of exactly 255 characters', () => {
    expect(actorFromClaims({ sub: 's'.repeat(255), role: 'clerk' }).sub).toHaveLength(255)
  })

  it.each([
    ['8h', 28_800],
    ['30m', 1800],
    ['90s', 90],
    ['7d', 604_800],
    [120, 120],
    ['-1h', -3600],
  ] as const)('reads the lifetime %j', (ttl, seconds) => {
    expect(ttlSeconds(ttl)).toBe(seconds)
  })

  it('refuses a lifetime it cannot read', () => {
    expect(() => ttlSeconds('soon')).toThrow(/90s, 30m, 8h or 7d/)
  })

  it('needs a secret or a JWKS URL', () => {
    expect(() => createVerifier({})).toThrow(/secret or a JWKS/)
  })
})
