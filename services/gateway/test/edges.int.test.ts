import { parseConfig } from '@onewindow/service-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GatewayConfig } from '../src/config.js'
import { signedCertificate } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// Issue 12, the gateway's edges: rate limits per address, per token, on certificate verification and on failed
// authentication; security headers; the CORS allow-list; the body limit. Small limits, and each case from its own
// addresses (light-my-request's remoteAddress), so the counters of one case never touch another's.

const LIMITS = { windowMs: 60_000, perAddress: 8, perToken: 4, verify: 3, authFailures: 3 }
const ORIGIN = 'https://window.example.gov.cn'
const BODY_LIMIT = 4_096

let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld({ edges: { rateLimits: LIMITS, corsOrigins: [ORIGIN], bodyLimit: BODY_LIMIT } })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

type Sent = { status: number; headers: Record<string, unknown>; body: string }
async function send(
  from: string,
  method: 'GET' | 'POST' | 'OPTIONS',
  url: string,
  opts: { bearer?: string; payload?: string; headers?: Record<string, string> } = {},
): Promise<Sent> {
  const res = await w.app.inject({
    method,
    url,
    remoteAddress: from,
    headers: {
      ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : {}),
      ...(opts.payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...opts.headers,
    },
    ...(opts.payload === undefined ? {} : { payload: opts.payload }),
  })
  return { status: res.statusCode, headers: res.headers, body: res.body }
}

/** A 429 as the gateway gives it: problem+json, the stable code, which limit, and a retry-after in seconds. */
function expectLimited(res: Sent, limit: string) {
  expect(res.status, res.body).toBe(429)
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
  expect(JSON.parse(res.body)).toMatchObject({ status: 429, code: 'GATEWAY_RATE_LIMITED', limit })
  const retryAfter = Number(res.headers['retry-after'])
  expect(Number.isInteger(retryAfter)).toBe(true)
  expect(retryAfter).toBeGreaterThanOrEqual(1)
  expect(retryAfter).toBeLessThanOrEqual(LIMITS.windowMs / 1000)
}

describe('rate limits', () => {
  it('per address: every request counts, health checks aside; another address is untouched', async () => {
    for (let i = 0; i < LIMITS.perAddress; i += 1)
      expect((await send('10.0.1.1', 'GET', '/docs/json')).status).toBe(200)
    expectLimited(await send('10.0.1.1', 'GET', '/docs/json'), 'address')
    // A token does not lift the address's limit: the address is counted before the token is read.
    expectLimited(
      await send('10.0.1.1', 'GET', '/api/v1/supervision/clocks', { bearer: w.token({ role: 'supervisor' }) }),
      'address',
    )
    expect((await send('10.0.1.1', 'GET', '/healthz')).status).toBe(200)
    expect((await send('10.0.1.2', 'GET', '/docs/json')).status).toBe(200)
  })

  it('per token: one subject from many addresses is limited; another subject is not', async () => {
    const supervisor = w.token({ role: 'supervisor', sub: 'busy-supervisor' })
    for (let i = 1; i <= LIMITS.perToken; i += 1) {
      expect((await send(`10.0.2.${i}`, 'GET', '/api/v1/supervision/clocks', { bearer: supervisor })).status).toBe(200)
    }
    expectLimited(await send('10.0.2.99', 'GET', '/api/v1/supervision/clocks', { bearer: supervisor }), 'token')
    const other = w.token({ role: 'supervisor', sub: 'calm-supervisor' })
    expect((await send('10.0.2.99', 'GET', '/api/v1/supervision/clocks', { bearer: other })).status).toBe(200)
  })

  it('certificate verification, open to anyone, has its own stricter limit per address', async () => {
    const certificate = JSON.stringify({ certificate: signedCertificate('01890000-0000-7000-8000-0000000000e1') })
    w.registration.answer(200, { genuine: false, reason: 'signature does not match' })
    const sent = w.registration.calls.length
    for (let i = 0; i < LIMITS.verify; i += 1) {
      expect((await send('10.0.3.1', 'POST', '/api/v1/certificates/verify', { payload: certificate })).status).toBe(200)
    }
    expectLimited(await send('10.0.3.1', 'POST', '/api/v1/certificates/verify', { payload: certificate }), 'verify')
    expect(w.registration.calls.length - sent).toBe(LIMITS.verify)
    // The address may still use the rest of the API.
    expect((await send('10.0.3.1', 'GET', '/docs/json')).status).toBe(200)
    expect((await send('10.0.3.2', 'POST', '/api/v1/certificates/verify', { payload: certificate })).status).toBe(200)
  })

  it('failed authentication: bad tokens get 401, then 429 before long, even with a good one; another address is untouched', async () => {
    const good = w.token({ role: 'clerk' })
    for (let i = 0; i < LIMITS.authFailures; i += 1) {
      const res = await send('10.0.4.1', 'GET', '/api/v1/supervision/clocks', { bearer: `${good}x${i}` })
      expect(res.status).toBe(401)
      expect(JSON.parse(res.body).code).toBe('GATEWAY_UNAUTHENTICATED')
    }
    expectLimited(await send('10.0.4.1', 'GET', '/api/v1/supervision/clocks', { bearer: 'garbage' }), 'auth-failures')
    expectLimited(await send('10.0.4.1', 'GET', '/api/v1/supervision/clocks'), 'auth-failures')
    expectLimited(
      await send('10.0.4.1', 'GET', '/api/v1/projects/01890000-0000-7000-8000-0000000000e1', { bearer: good }),
      'auth-failures',
    )
    expect(
      (await send('10.0.4.2', 'GET', '/api/v1/supervision/clocks', { bearer: w.token({ role: 'supervisor' }) })).status,
    ).toBe(200)
  })
})

describe('security headers', () => {
  it('gives a JSON answer a policy under which nothing loads and nothing frames it', async () => {
    for (const res of [
      await send('10.0.5.1', 'GET', '/api/v1/supervision/clocks', { bearer: w.token({ role: 'supervisor' }) }),
      await send('10.0.5.1', 'GET', '/api/v1/supervision/clocks'),
      await send('10.0.5.1', 'GET', '/api/v1/no/such/route'),
    ]) {
      expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'")
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/)
      expect(res.headers['referrer-policy']).toBe('no-referrer')
      expect(res.headers['x-powered-by']).toBeUndefined()
    }
  })

  it("gives a path outside the API (a console page) the page policy: this origin's scripts only, no framing from elsewhere", async () => {
    const csp = String((await send('10.0.5.1', 'GET', '/no/such/route')).headers['content-security-policy'])
    expect(csp).toMatch(/default-src 'self'/)
    expect(csp).toMatch(/script-src 'self'(;|$)/)
    expect(csp).toMatch(/frame-ancestors 'self'/)
    expect(csp).toMatch(/object-src 'none'/)
  })

  it('keeps /docs working: the page may load its own scripts and styles', async () => {
    const page = await send('10.0.5.2', 'GET', '/docs')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toMatch(/script-src 'self'/)
    expect(csp).toMatch(/style-src 'self'/)
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect((await send('10.0.5.2', 'GET', '/docs/static/swagger-ui-bundle.js')).status).toBe(200)
  })
})

describe('CORS', () => {
  it('answers a listed origin, preflight included, and gives an unlisted one nothing to read', async () => {
    const bearer = w.token({ role: 'supervisor' })
    const listed = await send('10.0.6.1', 'GET', '/api/v1/supervision/clocks', { bearer, headers: { origin: ORIGIN } })
    expect(listed.status).toBe(200)
    expect(listed.headers['access-control-allow-origin']).toBe(ORIGIN)
    expect(listed.headers['access-control-allow-credentials']).toBeUndefined()
    const preflight = await send('10.0.6.1', 'OPTIONS', '/api/v1/projects', {
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN)
    expect(String(preflight.headers['access-control-allow-methods'])).toMatch(/POST/)
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/authorization/)

    const stranger = 'https://evil.example'
    const unlisted = await send('10.0.6.1', 'GET', '/api/v1/supervision/clocks', {
      bearer,
      headers: { origin: stranger },
    })
    expect(unlisted.headers['access-control-allow-origin']).toBeUndefined()
    const strangerPreflight = await send('10.0.6.1', 'OPTIONS', '/api/v1/projects', {
      headers: { origin: stranger, 'access-control-request-method': 'POST' },
    })
    expect(strangerPreflight.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('the body limit', () => {
  it('answers a larger body 413 problem+json before any route reads it', async () => {
    const clerk = w.token({ role: 'clerk' })
    const sent = w.intake.calls.length
    const big = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT), owner: {} })
    const res = await send('10.0.7.1', 'POST', '/api/v1/projects', { bearer: clerk, payload: big })
    expect(res.status).toBe(413)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(JSON.parse(res.body)).toMatchObject({ status: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' })
    expect(w.intake.calls.length).toBe(sent)
    // Just under the limit is read (and refused by its schema, naming the field).
    const under = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT - 200) })
    const read = await send('10.0.7.1', 'POST', '/api/v1/projects', { bearer: clerk, payload: under })
    expect(read.status).toBe(400)
  })

  it('is stated in OpenAPI on every operation with a body, and in its description', async () => {
    const doc = JSON.parse((await send('10.0.7.2', 'GET', '/docs/json')).body) as {
      info: { description: string }
      paths: Record<string, Record<string, { 'x-body-limit'?: number }>>
    }
    const posts = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ route: `${method} ${path}`, method, limit: op['x-body-limit'] })),
    )
    expect(posts.filter((p) => p.method === 'post').length).toBeGreaterThan(10)
    for (const p of posts) expect(p, p.route).toMatchObject({ limit: p.method === 'post' ? BODY_LIMIT : undefined })
    expect(doc.info.description).toContain(`${BODY_LIMIT} bytes`)
  })
})

describe('configuration', () => {
  it('has limits on, no CORS origin and a 1 MiB body limit by default; origins are a list of origins', () => {
    // What the gateway needs besides its edges, so that a refusal below can only be the edge variable's.
    const base = { DATABASE_URL: 'postgresql://x/y', READER_DATABASE_URL: 'postgresql://r/y' }
    const parsed = parseConfig(GatewayConfig, base)
    expect(parsed).toMatchObject({
      ok: true,
      value: { RATE_LIMITS: 'on', RATE_LIMIT_VERIFY: 30, RATE_LIMIT_AUTH_FAILURES: 20, BODY_LIMIT_BYTES: 1_048_576 },
    })
    expect(parsed.ok && parsed.value.CORS_ORIGINS).toBeUndefined()
    const good = parseConfig(GatewayConfig, {
      ...base,
      CORS_ORIGINS: `${ORIGIN},http://localhost:5173`,
    })
    expect(good.ok).toBe(true)
    for (const bad of ['*', 'https://a.example/path', 'a.example', `${ORIGIN}, https://b.example`]) {
      const refused = parseConfig(GatewayConfig, { ...base, CORS_ORIGINS: bad })
      expect(refused, bad).toMatchObject({ ok: false, message: expect.stringMatching(/^config: CORS_ORIGINS must be/) })
    }
    expect(parseConfig(GatewayConfig, { ...base, RATE_LIMITS: 'maybe' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^config: RATE_LIMITS/),
    })
  })
})
