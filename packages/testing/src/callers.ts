import { type Actor, ASSERTION_HEADER } from '@onewindow/contracts'
import { PROBE_PATHS } from '@onewindow/service-kit'
import {
  ASSERTION_ISSUER,
  ASSERTION_TYPE,
  type CallerKeys,
  createAssertionSigner,
  createAssertionVerifier,
  generateAssertionKey,
  importCallerKeys,
  MAX_ASSERTION_LENGTH,
  type PrivateJwk,
  publicKeyOf,
  type VerifiedCaller,
} from '@onewindow/service-kit/assertion'
import type { TimeSource } from '@onewindow/vocabulary'
import { importJWK, type JWTPayload, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The gateway's assertion key in tests: made once per test process, never written anywhere. Services under test trust
 * its public half (`testCallerKeys`, in every `serviceWorld`'s wiring); the gateway under test signs with it.
 */
export const testAssertionKey: PrivateJwk = generateAssertionKey('test-gateway').privateKey
/** The JWKS services under test trust: the public half of `testAssertionKey`. */
export const testCallerJwks = { keys: [publicKeyOf(testAssertionKey)] }

let imported: Promise<CallerKeys> | undefined
/** `testCallerJwks` imported, once. */
export const testCallerKeys = (): Promise<CallerKeys> => {
  imported ??= importCallerKeys(testCallerJwks)
  return imported
}

/**
 * What the gateway sends an internal service: a signed assertion addressed to `audience` (the service's name) naming
 * `actor` (none: an anonymous call), issued at `clock`'s now — the clock the service under test verifies with.
 */
export async function assertionFor(
  audience: string,
  actor: Actor | object | undefined,
  clock: TimeSource,
  key: PrivateJwk = testAssertionKey,
): Promise<string> {
  const signer = await createAssertionSigner({ key, clock })
  return signer.sign({ audience, ...(actor ? { actor: actor as Actor } : {}) })
}

/** The headers of a call as the gateway makes it: `{ 'x-onewindow-assertion': assertionFor(…) }`. */
export async function asCaller(
  audience: string,
  actor: Actor | object | undefined,
  clock: TimeSource,
): Promise<Record<string, string>> {
  return { [ASSERTION_HEADER]: await assertionFor(audience, actor, clock) }
}

/**
 * Verifies what a stand-in for a service received from the gateway under test, as that service would: the caller of
 * a valid assertion addressed to `audience` (its actor, none for an anonymous call, and its trace id); throws for any
 * other.
 */
export async function assertedCaller(header: unknown, audience: string, clock: TimeSource): Promise<VerifiedCaller> {
  const verdict = await createAssertionVerifier({ keys: await testCallerKeys(), audience, clock })(header)
  if (!verdict.ok) throw new Error(`the gateway sent ${audience} an assertion it refuses: ${verdict.refusal}`)
  return verdict.caller
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/**
 * Every kind of assertion an internal service must refuse, made at `clock`'s now for `audience`, each as the headers
 * of a call: none at all, the bare actor header of before, garbage, an unsigned JWT (`alg: none`), one signed by
 * another key (under the trusted key's id, and under an unknown one), a valid one whose payload was changed (an admin
 * now) with its signature kept, an expired one, one not valid yet, one addressed to another service, one not issued
 * by the gateway, one without the assertion `typ`, and one too long to read.
 */
export async function refusedAssertions(
  audience: string,
  actor: Actor | object,
  clock: TimeSource,
): Promise<Array<{ name: string; headers: Record<string, string> }>> {
  const now = Math.floor(clock.now().getTime() / 1000)
  const other = generateAssertionKey(testAssertionKey.kid).privateKey
  const stranger = generateAssertionKey('stranger').privateKey
  const craft = async (
    key: PrivateJwk,
    claims: JWTPayload,
    header: { typ?: string; kid?: string } = {},
  ): Promise<string> =>
    new SignJWT({ iss: ASSERTION_ISSUER, aud: audience, iat: now, nbf: now, exp: now + 30, actor, ...claims })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: ASSERTION_TYPE, ...header })
      .sign(await importJWK({ ...key, alg: 'EdDSA' }, 'EdDSA'))
  const valid = await assertionFor(audience, actor, clock)
  const [head, , signature] = valid.split('.')
  const payload = JSON.parse(Buffer.from(valid.split('.')[1] ?? '', 'base64url').toString('utf8')) as JWTPayload
  const tampered = `${head}.${b64({ ...payload, actor: { sub: 'mallory', role: 'admin' } })}.${signature}`
  const unsigned = `${b64({ alg: 'none', typ: ASSERTION_TYPE })}.${b64(payload)}.`
  const cases: Array<[string, string | undefined, Record<string, string>?]> = [
    ['missing', undefined],
    ['the bare actor header of before', undefined, { 'x-onewindow-actor': JSON.stringify(actor) }],
    ['garbage', 'not-a-jwt'],
    ['unsigned (alg none)', unsigned],
    ['forged: another key under the trusted kid', await craft(other, {})],
    ['forged: an unknown key id', await craft(stranger, {})],
    ['tampered: payload changed, signature kept', tampered],
    ['expired', await craft(testAssertionKey, { iat: now - 120, nbf: now - 120, exp: now - 60 })],
    ['not yet valid', await craft(testAssertionKey, { iat: now, nbf: now + 30, exp: now + 60 })],
    ['addressed to another service', await craft(testAssertionKey, { aud: `not-${audience}` })],
    ['not issued by the gateway', await craft(testAssertionKey, { iss: audience })],
    ['not an assertion (typ JWT)', await craft(testAssertionKey, {}, { typ: 'JWT' })],
    ['too long', `${valid}${'A'.repeat(MAX_ASSERTION_LENGTH)}`],
  ]
  return cases.map(([name, token, extra]) => ({
    name,
    headers: { ...(token === undefined ? {} : { [ASSERTION_HEADER]: token }), ...extra },
  }))
}

/** What `callerMatrix` needs of a service app: Fastify's `inject` and the kit's route table. */
export type MatrixApp = {
  routeTable: ReadonlyArray<{ method: string; url: string }>
  inject(o: {
    method: string
    url: string
    headers: Record<string, string>
    payload?: string
  }): PromiseLike<{ statusCode: number; headers: Record<string, unknown>; body: string }>
}

/**
 * Calls every route of `app`'s own route table but the `open` ones, straight at the service, once with each of
 * `refusedAssertions` and once with a valid assertion for `actor`: every refused call must answer 401
 * application/problem+json with `code` naming the assertion header, and the valid one must get past the check (any
 * status but 401). Answers the routes it called and every call that did otherwise.
 */
export async function callerMatrix(
  app: MatrixApp,
  o: { audience: string; code: string; actor: Actor | object; clock: TimeSource; open: readonly string[] },
): Promise<{ called: string[]; wrong: string[] }> {
  const called: string[] = []
  const wrong: string[] = []
  const refused = await refusedAssertions(o.audience, o.actor, o.clock)
  for (const { method, url } of app.routeTable) {
    if (o.open.includes(url)) continue
    called.push(`${method} ${url}`)
    const path = url.replace(/:[A-Za-z]+/g, '0190a5a0-0000-7000-8000-000000000001').replace('*', 'x')
    const call = (headers: Record<string, string>) =>
      app.inject({
        method,
        url: path,
        headers: { ...headers, 'content-type': 'application/json' },
        ...(method === 'GET' || method === 'HEAD' ? {} : { payload: '{}' }),
      })
    for (const { name, headers } of refused) {
      const res = await call(headers)
      const body = method === 'HEAD' ? undefined : (JSON.parse(res.body) as { code?: string; errors?: unknown })
      const problem =
        res.statusCode === 401 &&
        String(res.headers['content-type']).startsWith('application/problem+json') &&
        (body === undefined ||
          (body.code === o.code &&
            JSON.stringify(body.errors ?? []).includes(`"field":"/headers/${ASSERTION_HEADER}"`)))
      if (!problem) wrong.push(`${method} ${url} with ${name} → ${res.statusCode} ${res.body.slice(0, 200)}`)
    }
    const valid = await call(await asCaller(o.audience, o.actor, o.clock))
    if (valid.statusCode === 401)
      wrong.push(`${method} ${url} with a valid assertion → 401 ${valid.body.slice(0, 200)}`)
  }
  return { called, wrong }
}

/** A service's test world as `describeCallers` uses it: its app, the clock it verifies with, and its disposal. */
export type CallersWorld = { app: MatrixApp; clock: TimeSource; [Symbol.asyncDispose](): Promise<void> }

/**
 * The tests every internal service runs on its callers (issue 12), written once: the matrix over the service's own
 * route table (`callerMatrix`, so a route added later is in it without a line here) with only the probes open, by
 * name; the probes answer without an assertion; and the service listens on 127.0.0.1 unless HOST says otherwise.
 * `mustCall` names routes the table must hold (a matrix that called nothing would pass); `parse` is the service's
 * `parseConfig(<Service>Config, env)`.
 */
export function describeCallers(o: {
  service: string
  code: string
  actor: Actor | object
  world: () => Promise<CallersWorld>
  mustCall: readonly string[]
  parse: (env: Record<string, string>) => unknown
}): void {
  const OPEN = [...PROBE_PATHS]
  let w: CallersWorld | undefined
  beforeAll(async () => {
    w = await o.world()
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })
  const world = () => {
    if (!w) throw new Error(`${o.service}: the test world did not start`)
    return w
  }

  describe(`${o.service} trusts only the gateway’s assertion`, () => {
    it(`refuses a missing, forged, tampered, expired, not yet valid or misaddressed one on every route with 401 ${o.code}`, async () => {
      const { app, clock } = world()
      const { called, wrong } = await callerMatrix(app, {
        audience: o.service,
        code: o.code,
        actor: o.actor,
        clock,
        open: OPEN,
      })
      expect(wrong).toEqual([])
      // Every registered route was called but the open ones, and each open one exists.
      const table = app.routeTable.map(({ method, url }) => `${method} ${url}`)
      expect(called).toEqual(table.filter((r) => !OPEN.includes(r.split(' ')[1] ?? '')))
      expect(called).toEqual(expect.arrayContaining([...o.mustCall]))
      for (const url of OPEN) expect(table).toContain(`GET ${url}`)
    })

    it('leaves only the probes open', async () => {
      const { app } = world()
      for (const url of OPEN) {
        const res = await app.inject({ method: 'GET', url, headers: {} })
        expect(res.statusCode).not.toBe(401)
      }
    })

    it('listens on 127.0.0.1 unless HOST says otherwise', () => {
      const env = { DATABASE_URL: 'postgres://127.0.0.1/onewindow', ONEWINDOW_ASSERTION_PUBLIC_KEYS_FILE: 'keys.json' }
      expect(o.parse(env)).toMatchObject({ ok: true, value: { HOST: '127.0.0.1' } })
      expect(o.parse({ ...env, HOST: '10.0.0.5' })).toMatchObject({ ok: true, value: { HOST: '10.0.0.5' } })
    })
  })
}
