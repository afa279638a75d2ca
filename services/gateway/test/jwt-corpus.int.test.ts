import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type CryptoKey,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importPKCS8,
  type JWK,
  type JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GatewayWorld, gatewayWorld, SECRET } from './world.js'

// Issue 12's JWT corpus at the gateway: the development HS256 secret and an identity provider's JWKS (RS256 and
// ES256 keys, served by a local HTTP server) side by side; every forged, stale, misaddressed or malformed token is
// 401 problem+json, and a valid token of each kind passes.

const ISSUER = 'https://idp.example.gov.cn'
const AUDIENCE = 'onewindow-gateway'
const ROUTE = '/api/v1/supervision/clocks'
const SUPERVISOR = { sub: 'sup-1', role: 'supervisor' }

let w: GatewayWorld
let jwksServer: Server
let rsa: { privateKey: CryptoKey; publicKey: CryptoKey }
let ec: { privateKey: CryptoKey; publicKey: CryptoKey }
let rsaJwk: JWK
/** While set, the JWKS endpoint answers 503, as an identity provider in trouble would. */
let keysDown = true

const now = () => Math.floor(Date.now() / 1000)

/** A token as the identity provider would sign it; `claims` and `header` change what a case needs. */
function signed(
  key: CryptoKey,
  alg: string,
  kid: string,
  claims: JWTPayload = {},
  opts: { iss?: string | null; aud?: string | null; exp?: number | null } = {},
) {
  const jwt = new SignJWT({ ...SUPERVISOR, ...claims }).setProtectedHeader({ alg, kid, typ: 'JWT' }).setIssuedAt()
  if (opts.iss !== null) jwt.setIssuer(opts.iss ?? ISSUER)
  if (opts.aud !== null) jwt.setAudience(opts.aud ?? AUDIENCE)
  if (opts.exp !== null) jwt.setExpirationTime(opts.exp ?? now() + 600)
  return jwt.sign(key)
}

/** An HS256 token over any bytes as its secret, the way an attacker would make one. */
function hmac(secret: string | Buffer, payload: object, header: object = { alg: 'HS256', typ: 'JWT' }) {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const input = `${part(header)}.${part(payload)}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

beforeAll(async () => {
  rsa = await generateKeyPair('RS256', { extractable: true })
  ec = await generateKeyPair('ES256', { extractable: true })
  rsaJwk = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' }
  const keys = [rsaJwk, { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' }]
  jwksServer = createServer((_req, res) => {
    if (keysDown) {
      res.writeHead(503).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ keys }))
  })
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`
  w = await gatewayWorld({ auth: { secret: SECRET, jwks: { url, issuer: ISSUER, audience: AUDIENCE } } })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
  await new Promise<void>((resolve) => (jwksServer ? jwksServer.close(() => resolve()) : resolve()))
})

async function answer(authorization: string | undefined) {
  const res = await w.app.inject({
    method: 'GET',
    url: ROUTE,
    headers: authorization === undefined ? {} : { authorization },
  })
  return { status: res.statusCode, type: res.headers['content-type'], body: res.body }
}

// First in the file: the gateway has not fetched the keys yet, so the first JWKS token makes it try.
describe('the JWKS endpoint down', () => {
  it('is the gateway’s trouble, 503 with retry-after, not a bad token; the keys are fetched again once it is back', async () => {
    const token = await signed(rsa.privateKey, 'RS256', 'rsa-1')
    const res = await w.app.inject({ method: 'GET', url: ROUTE, headers: { authorization: `Bearer ${token}` } })
    expect(res.statusCode, res.body).toBe(503)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(JSON.parse(res.body)).toMatchObject({ code: 'GATEWAY_KEYS_UNAVAILABLE' })
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
    // The development secret does not depend on the endpoint.
    expect((await answer(`Bearer ${w.token({ role: 'supervisor' })}`)).status).toBe(200)
    keysDown = false
    expect((await answer(`Bearer ${token}`)).status).toBe(200)
  })
})

describe('valid tokens of each kind', () => {
  it('pass: the development HS256 secret, RS256 and ES256 from the JWKS', async () => {
    for (const token of [
      w.token({ role: 'supervisor' }),
      await signed(rsa.privateKey, 'RS256', 'rsa-1'),
      await signed(ec.privateKey, 'ES256', 'ec-1'),
    ]) {
      const res = await answer(`Bearer ${token}`)
      expect(res.status, res.body).toBe(200)
    }
  })

  it('pass with a region for a reviewer or a lead (the six-digit code of a city, province or county)', async () => {
    for (const token of [
      await signed(rsa.privateKey, 'RS256', 'rsa-1', { role: 'reviewer', department: 'housing', region: '440600' }),
      hmac(SECRET, { sub: 'l', role: 'lead', department: 'housing', region: '440000', exp: now() + 600 }),
    ]) {
      const res = await w.app.inject({
        method: 'GET',
        url: '/api/v1/tasks',
        headers: { authorization: `Bearer ${token}` },
      })
      expect(res.statusCode, res.body).not.toBe(401)
    }
  })
})

describe('the corpus: every one is 401 problem+json', () => {
  const cases: Array<[string, () => Promise<string | undefined> | string | undefined]> = [
    [
      'alg none',
      () =>
        `Bearer ${new UnsecuredJWT({ ...SUPERVISOR, iss: ISSUER, aud: AUDIENCE }).setExpirationTime('10m').encode()}`,
    ],
    [
      'alg none with the issuer key id',
      () => {
        const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
        return `Bearer ${part({ alg: 'none', kid: 'rsa-1' })}.${part({ ...SUPERVISOR, exp: now() + 600, iss: ISSUER, aud: AUDIENCE })}.`
      },
    ],
    [
      'a wrong key (RS256, the provider key id, another private key)',
      async () => `Bearer ${await signed((await generateKeyPair('RS256')).privateKey, 'RS256', 'rsa-1')}`,
    ],
    [
      'a wrong key (ES256)',
      async () => `Bearer ${await signed((await generateKeyPair('ES256')).privateKey, 'ES256', 'ec-1')}`,
    ],
    [
      'a wrong key (HS256 with another secret)',
      () => `Bearer ${hmac('another-secret-0123456789abcdef', { ...SUPERVISOR, exp: now() + 600 })}`,
    ],
    [
      'HS/RS confusion: HS256 with the JWKS public key (PEM) as the HMAC secret',
      async () =>
        `Bearer ${hmac(await exportSPKI(rsa.publicKey), { ...SUPERVISOR, exp: now() + 600, iss: ISSUER, aud: AUDIENCE }, { alg: 'HS256', kid: 'rsa-1' })}`,
    ],
    [
      'HS/RS confusion: HS256 with the JWKS public key (JWK JSON) as the HMAC secret',
      () =>
        `Bearer ${hmac(JSON.stringify(rsaJwk), { ...SUPERVISOR, exp: now() + 600, iss: ISSUER, aud: AUDIENCE }, { alg: 'HS256', kid: 'rsa-1' })}`,
    ],
    [
      'an algorithm the JWKS source is not pinned to (PS256, with the right RSA key)',
      async () =>
        `Bearer ${await signed(await importPKCS8(await exportPKCS8(rsa.privateKey), 'PS256'), 'PS256', 'rsa-1')}`,
    ],
    [
      'expired (RS256)',
      async () => `Bearer ${await signed(rsa.privateKey, 'RS256', 'rsa-1', {}, { exp: now() - 60 })}`,
    ],
    ['expired (HS256)', () => `Bearer ${hmac(SECRET, { ...SUPERVISOR, exp: now() - 60 })}`],
    [
      'not yet valid (nbf in an hour)',
      async () => `Bearer ${await signed(ec.privateKey, 'ES256', 'ec-1', { nbf: now() + 3600 })}`,
    ],
    [
      'wrong aud',
      async () => `Bearer ${await signed(rsa.privateKey, 'RS256', 'rsa-1', {}, { aud: 'another-service' })}`,
    ],
    [
      'wrong iss',
      async () => `Bearer ${await signed(rsa.privateKey, 'RS256', 'rsa-1', {}, { iss: 'https://evil.example' })}`,
    ],
    [
      'a tampered payload (role changed to admin, RS256 signature kept)',
      async () => {
        const [h, p, s] = (await signed(rsa.privateKey, 'RS256', 'rsa-1')).split('.')
        const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString())
        return `Bearer ${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${s}`
      },
    ],
    [
      'a tampered payload (role changed to admin, HS256 signature kept)',
      () => {
        const [h, p, s] = w.token({ role: 'supervisor' }).split('.')
        const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString())
        return `Bearer ${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${s}`
      },
    ],
    ['missing exp', async () => `Bearer ${await signed(rsa.privateKey, 'RS256', 'rsa-1', {}, { exp: null })}`],
    ['missing iss', async () => `Bearer ${await signed(rsa.privateKey, 'RS256', 'rsa-1', {}, { iss: null })}`],
    ['missing aud', async () => `Bearer ${await signed(rsa.privateKey, 'RS256', 'rsa-1', {}, { aud: null })}`],
    ['missing sub', async () => `Bearer ${await signed(rsa.privateKey, 'RS256', 'rsa-1', { sub: undefined })}`],
    ['missing role', () => `Bearer ${hmac(SECRET, { sub: 'x', exp: now() + 600 })}`],
    [
      'a reviewer without its department',
      () => `Bearer ${hmac(SECRET, { sub: 'r', role: 'reviewer', exp: now() + 600 })}`,
    ],
    [
      'a region that is not numeric (HS256)',
      () =>
        `Bearer ${hmac(SECRET, { sub: 'r', role: 'reviewer', department: 'housing', region: '4406ab', exp: now() + 600 })}`,
    ],
    [
      'a region over six digits (RS256)',
      async () =>
        `Bearer ${await signed(rsa.privateKey, 'RS256', 'rsa-1', { role: 'reviewer', department: 'housing', region: '4406001' })}`,
    ],
    [
      'a region as a number (ES256)',
      async () =>
        `Bearer ${await signed(ec.privateKey, 'ES256', 'ec-1', { role: 'lead', department: 'housing', region: 440600 })}`,
    ],
    [
      'a region on a role whose authority is not regional (a supervisor)',
      () => `Bearer ${hmac(SECRET, { ...SUPERVISOR, region: '440600', exp: now() + 600 })}`,
    ],
    [
      'an owner without its credit code',
      async () => `Bearer ${await signed(ec.privateKey, 'ES256', 'ec-1', { role: 'owner' })}`,
    ],
    ['a 100 KB token', () => `Bearer ${'a'.repeat(100_000)}`],
    [
      'a 100 KB token that is a well-formed JWT',
      () => `Bearer ${hmac(SECRET, { ...SUPERVISOR, exp: now() + 600, pad: 'x'.repeat(100_000) })}`,
    ],
    ['garbage', () => 'Bearer garbage'],
    ['garbage in three parts', () => 'Bearer a.b.c'],
    ['a header that is not JSON', () => `Bearer ${Buffer.from('{alg').toString('base64url')}.e30.x`],
    ['an empty bearer', () => 'Bearer '],
    ['the scheme alone', () => 'Bearer'],
    ['another scheme', () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['no authorization header', () => undefined],
  ]

  it.each(cases)('%s', async (_name, make) => {
    const res = await answer(await make())
    expect(res.status, res.body).toBe(401)
    expect(res.type).toMatch(/^application\/problem\+json/)
    expect(JSON.parse(res.body)).toMatchObject({ status: 401, code: 'GATEWAY_UNAUTHENTICATED' })
  })
})
