import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importJWK, SignJWT } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ASSERTION_REFUSALS,
  assertionKeyFrom,
  type CallerKeys,
  callerKeysFrom,
  callerOf,
  createAssertionSigner,
  createService,
  generateAssertionKey,
  importCallerKeys,
  type PrivateJwk,
  publicKeyOf,
  registerErrorCodes,
  type ServiceApp,
} from '../src/index.js'

// The service-to-service assertion on a real Fastify instance: the kit's guard before every route, `callerOf` in the
// route, each refusal with its reason, and a key rotation. The matrices over each service's own routes are in
// services/*/test/callers.int.test.ts.

let app: ServiceApp | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

registerErrorCodes({ TEST_ACTOR_REQUIRED: 401 })
const actorOf = callerOf('TEST_ACTOR_REQUIRED')
const HEADER = 'x-onewindow-assertion'
const NOW = new Date('2026-03-02T01:00:00Z')
let now = NOW
const clock = { now: () => now }
const seconds = NOW.getTime() / 1000
const current = generateAssertionKey('2026-03')
const next = generateAssertionKey('2026-04')
const actor = { sub: 'u-1', role: 'reviewer', department: 'planning' } as const

async function service(keys: CallerKeys) {
  app = await createService('caller-test', { clock }, { logger: false, callers: { keys, code: 'TEST_ACTOR_REQUIRED' } })
  app.get('/whoami', async (request) => ({ actor: actorOf(request), traceId: request.caller?.traceId ?? null }))
  app.get('/anyone', async (request) => ({ caller: request.caller }))
  await app.ready()
  return app
}
const trusting = (...keys: PrivateJwk[]) => importCallerKeys({ keys: keys.map(publicKeyOf) })
const sign = async (key: PrivateJwk, claims: object, header: object = {}) =>
  new SignJWT({ iss: 'gateway', aud: 'caller-test', iat: seconds, nbf: seconds, exp: seconds + 30, actor, ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'onewindow-assertion+jwt', ...header })
    .sign(await importJWK({ ...key, alg: 'EdDSA' }, 'EdDSA'))
const call = (url: string, token?: string) =>
  (app as ServiceApp).inject({ url, headers: token === undefined ? {} : { [HEADER]: token } })

describe('the caller assertion', () => {
  it('lets a route read the actor and trace the gateway signed, addressed to this service', async () => {
    await service(await trusting(current.privateKey))
    const signer = await createAssertionSigner({ key: current.privateKey, clock })
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
    const res = await call('/whoami', await signer.sign({ audience: 'caller-test', actor, traceId }))
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ actor, traceId })
    // Valid for its whole lifetime, on this service's clock.
    now = new Date(NOW.getTime() + 29_000)
    expect((await call('/whoami', await signer.sign({ audience: 'caller-test', actor }))).statusCode).toBe(200)
    now = NOW
  })

  it('lets an anonymous gateway call reach a route that names no caller, and refuses it where one is needed', async () => {
    await service(await trusting(current.privateKey))
    const signer = await createAssertionSigner({ key: current.privateKey, clock })
    const anonymous = await signer.sign({ audience: 'caller-test' })
    expect((await call('/anyone', anonymous)).json()).toEqual({ caller: {} })
    const res = await call('/whoami', anonymous)
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({
      code: 'TEST_ACTOR_REQUIRED',
      errors: [{ field: `/headers/${HEADER}`, message: 'carries no actor' }],
    })
  })

  const other = generateAssertionKey('2026-03')
  const cases: Array<[string, () => Promise<string | undefined>, keyof typeof ASSERTION_REFUSALS]> = [
    ['no header', async () => undefined, 'missing'],
    ['garbage', async () => 'a.b.c', 'malformed'],
    ['another key under the trusted kid', () => sign(other.privateKey, {}), 'untrusted'],
    ['an unknown kid', () => sign(next.privateKey, {}), 'untrusted'],
    [
      'a payload changed with its signature kept',
      async () => {
        const [head, , signature] = (await sign(current.privateKey, {})).split('.')
        const admin = Buffer.from(
          JSON.stringify({
            iss: 'gateway',
            aud: 'caller-test',
            iat: seconds,
            exp: seconds + 30,
            actor: { sub: 'm', role: 'admin' },
          }),
        )
        return `${head}.${admin.toString('base64url')}.${signature}`
      },
      'untrusted',
    ],
    [
      'alg HS256',
      async () => {
        const h = Buffer.from(
          JSON.stringify({ alg: 'HS256', kid: current.privateKey.kid, typ: 'onewindow-assertion+jwt' }),
        ).toString('base64url')
        const [, payload] = (await sign(current.privateKey, {})).split('.')
        return `${h}.${payload}.c2lnbmF0dXJl`
      },
      'untrusted',
    ],
    [
      'an expired one',
      () => sign(current.privateKey, { iat: seconds - 90, nbf: seconds - 90, exp: seconds - 30 }),
      'expired',
    ],
    [
      'one past its 60 s even with a later exp',
      () => sign(current.privateKey, { iat: seconds - 70, nbf: seconds - 70, exp: seconds + 600 }),
      'expired',
    ],
    ['one not valid yet', () => sign(current.privateKey, { nbf: seconds + 30, exp: seconds + 60 }), 'not-yet-valid'],
    [
      'one issued in the future',
      () => sign(current.privateKey, { iat: seconds + 30, nbf: undefined, exp: seconds + 60 }),
      'not-yet-valid',
    ],
    ['one addressed to another service', () => sign(current.privateKey, { aud: 'intake' }), 'misaddressed'],
    ['one not issued by the gateway', () => sign(current.privateKey, { iss: 'intake' }), 'malformed'],
    ['one without its typ', () => sign(current.privateKey, {}, { typ: 'JWT' }), 'malformed'],
    ['one without exp', () => sign(current.privateKey, { exp: undefined }), 'malformed'],
    ['an actor that is not one', () => sign(current.privateKey, { actor: { sub: 'x', role: 'mayor' } }), 'malformed'],
    ['a trace id that is not one', () => sign(current.privateKey, { trace_id: 'x'.repeat(200) }), 'malformed'],
    ['one too long to read', async () => `${await sign(current.privateKey, {})}${'A'.repeat(5000)}`, 'malformed'],
  ]
  it.each(cases)('refuses %s with the service’s own 401, naming the header and why', async (_, token, refusal) => {
    await service(await trusting(current.privateKey))
    for (const url of ['/whoami', '/anyone', '/no-such-route']) {
      const res = await call(url, await token())
      expect(res.statusCode).toBe(401)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(res.json()).toMatchObject({
        status: 401,
        code: 'TEST_ACTOR_REQUIRED',
        errors: [{ field: `/headers/${HEADER}`, message: ASSERTION_REFUSALS[refusal] }],
      })
    }
  })

  it('leaves the probes open: /healthz and /readyz answer without an assertion', async () => {
    await service(await trusting(current.privateKey))
    expect((await call('/healthz')).statusCode).toBe(200)
    expect((await call('/readyz')).statusCode).toBe(200)
  })

  it('rotates without a refused call: both keys trusted, the gateway moves to the new one, the old one is dropped', async () => {
    const oldSigner = await createAssertionSigner({ key: current.privateKey, clock })
    const newSigner = await createAssertionSigner({ key: next.privateKey, clock })
    const fromOld = await oldSigner.sign({ audience: 'caller-test', actor })
    const fromNew = await newSigner.sign({ audience: 'caller-test', actor })
    // Before: only the current key.
    await service(await trusting(current.privateKey))
    expect((await call('/whoami', fromOld)).statusCode).toBe(200)
    expect((await call('/whoami', fromNew)).statusCode).toBe(401)
    await app?.close()
    // During: services trust both, so a gateway still on the old key and one on the new are both accepted.
    await service(await trusting(current.privateKey, next.privateKey))
    expect((await call('/whoami', fromOld)).statusCode).toBe(200)
    expect((await call('/whoami', fromNew)).statusCode).toBe(200)
    await app?.close()
    // After: the old key removed; what it signed is refused, even within its lifetime.
    await service(await trusting(next.privateKey))
    expect((await call('/whoami', fromNew)).statusCode).toBe(200)
    const refused = await call('/whoami', fromOld)
    expect(refused.statusCode).toBe(401)
    expect(refused.json().errors[0].message).toBe(ASSERTION_REFUSALS.untrusted)
  })
})

describe('the keys from the configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'assertion-keys-'))
  const file = (name: string, content: string) => {
    const path = join(dir, name)
    writeFileSync(path, content)
    return path
  }
  const jwks = JSON.stringify({ keys: [current.publicKey, next.publicKey] })

  it('reads a service’s JWKS inline or from a file, and the gateway’s private JWK', async () => {
    expect((await callerKeysFrom({ ONEWINDOW_ASSERTION_PUBLIC_KEYS: jwks })).kids).toEqual(['2026-03', '2026-04'])
    const fromFile = await callerKeysFrom({ ONEWINDOW_ASSERTION_PUBLIC_KEYS_FILE: file('jwks.json', jwks) })
    expect(fromFile.kids).toEqual(['2026-03', '2026-04'])
    const keyFile = file('gateway.jwk.json', JSON.stringify(current.privateKey))
    expect(assertionKeyFrom({ ONEWINDOW_ASSERTION_PRIVATE_KEY_FILE: keyFile })).toEqual(current.privateKey)
  })

  it.each([
    [{}, 'config: ONEWINDOW_ASSERTION_PUBLIC_KEYS or ONEWINDOW_ASSERTION_PUBLIC_KEYS_FILE is required but not set'],
    [
      { ONEWINDOW_ASSERTION_PUBLIC_KEYS: jwks, ONEWINDOW_ASSERTION_PUBLIC_KEYS_FILE: '/x' },
      'config: set ONEWINDOW_ASSERTION_PUBLIC_KEYS or ONEWINDOW_ASSERTION_PUBLIC_KEYS_FILE, not both',
    ],
    [{ ONEWINDOW_ASSERTION_PUBLIC_KEYS: '{"keys":' }, 'config: ONEWINDOW_ASSERTION_PUBLIC_KEYS is not JSON'],
    [
      { ONEWINDOW_ASSERTION_PUBLIC_KEYS: JSON.stringify({ keys: [current.privateKey] }) },
      'config: ONEWINDOW_ASSERTION_PUBLIC_KEYS holds a private key (d); give services the public keys only',
    ],
    [
      { ONEWINDOW_ASSERTION_PUBLIC_KEYS: JSON.stringify({ keys: [current.publicKey, current.publicKey] }) },
      'config: ONEWINDOW_ASSERTION_PUBLIC_KEYS names the key id 2026-03 twice',
    ],
    [
      { ONEWINDOW_ASSERTION_PUBLIC_KEYS: JSON.stringify({ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB', kid: 'r' }] }) },
      /^config: ONEWINDOW_ASSERTION_PUBLIC_KEYS must be a JWKS/,
    ],
    [
      { ONEWINDOW_ASSERTION_PUBLIC_KEYS: JSON.stringify({ keys: Array(5).fill(current.publicKey) }) },
      /^config: ONEWINDOW_ASSERTION_PUBLIC_KEYS must be a JWKS \{"keys":\[…\]\} of 1 to 4/,
    ],
    [
      { ONEWINDOW_ASSERTION_PUBLIC_KEYS_FILE: join(dir, 'missing.json') },
      /^config: ONEWINDOW_ASSERTION_PUBLIC_KEYS_FILE cannot be read/,
    ],
  ])('refuses %j in one line naming the variable', async (config, message) => {
    await expect(callerKeysFrom(config)).rejects.toThrow(message)
  })

  it('refuses a gateway key that is not an Ed25519 private JWK', () => {
    expect(() => assertionKeyFrom({ ONEWINDOW_ASSERTION_PRIVATE_KEY: JSON.stringify(current.publicKey) })).toThrow(
      'config: ONEWINDOW_ASSERTION_PRIVATE_KEY must be an Ed25519 private key as a JWK (kty OKP, crv Ed25519, x, d, kid)',
    )
  })

  it('refuses a signer lifetime over 60 s', async () => {
    await expect(createAssertionSigner({ key: current.privateKey, clock, ttlSeconds: 61 })).rejects.toThrow(
      'lifetime must be 1 to 60 s (got 61)',
    )
  })
})
