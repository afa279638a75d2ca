import { generateKeyPairSync } from 'node:crypto'
import { type Actor, isActor } from '@onewindow/contracts'
import type { TimeSource } from '@onewindow/vocabulary'
import { type CryptoKey, errors, importJWK, type JWTPayload, jwtVerify, SignJWT } from 'jose'
import { type Static, Type } from 'typebox'
import { Compile } from 'typebox/compile'

/**
 * Service-to-service identity: the gateway forwards the caller it authenticated only inside a short-lived assertion
 * — a JWT signed with Ed25519 (EdDSA), issued by `gateway`, addressed (`aud`) to one service, carrying the actor and
 * the trace id — and every internal service verifies it before any route runs (`caller.ts`). Signing and verifying
 * live here and nowhere else; this module loads no Fastify, so the CLI can make keys with it.
 */

/** `iss` of every assertion: only the gateway speaks for a caller. */
export const ASSERTION_ISSUER = 'gateway'
/** `typ` of the JWT header, so no other JWT signed with the same key (RFC 8725 §3.11) passes for an assertion. */
export const ASSERTION_TYPE = 'onewindow-assertion+jwt'
/** The longest an assertion lives; the gateway signs each forwarded call, so it need outlive only one hop. */
export const MAX_ASSERTION_TTL_SECONDS = 60
/** The skew between two hosts' clocks an assertion is allowed. */
export const ASSERTION_CLOCK_TOLERANCE_SECONDS = 5
/** A header longer than this is refused before it is parsed (an actor and a trace id fit in well under 1 KB). */
export const MAX_ASSERTION_LENGTH = 4096
/** Keys a service accepts at once: the current one and, during a rotation, the next (two), with room to spare. */
export const MAX_CALLER_KEYS = 4

const KeyId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' })
const Base64Url32 = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' })
const keyFields = {
  kty: Type.Literal('OKP'),
  crv: Type.Literal('Ed25519'),
  x: Base64Url32,
  kid: KeyId,
  alg: Type.Optional(Type.Union([Type.Literal('EdDSA'), Type.Literal('Ed25519')])),
  use: Type.Optional(Type.Literal('sig')),
}

/** An Ed25519 public key as a JWK with its key id. */
export const PublicJwk = Type.Object(keyFields, { additionalProperties: false })
export type PublicJwk = Static<typeof PublicJwk>
/** The gateway's Ed25519 signing key as a private JWK (`d`) with its key id. */
export const PrivateJwk = Type.Object({ ...keyFields, d: Base64Url32 }, { additionalProperties: false })
export type PrivateJwk = Static<typeof PrivateJwk>
/** What a service trusts: a JWKS of one to four Ed25519 public keys, each with its own `kid`. */
export const CallerJwks = Type.Object(
  { keys: Type.Array(PublicJwk, { minItems: 1, maxItems: MAX_CALLER_KEYS }) },
  { additionalProperties: false },
)
export type CallerJwks = Static<typeof CallerJwks>

const checkPrivate = Compile(PrivateJwk)
const checkJwks = Compile(CallerJwks)

/** A key that cannot be used, with one sentence saying why (shown as a config line at start). */
export class AssertionKeyError extends Error {}

/** The public keys a service accepts assertions from, imported once at start and looked up by `kid`. */
export type CallerKeys = { readonly kids: readonly string[]; key(kid: string | undefined): CryptoKey | undefined }

/** Checks and imports a JWKS of Ed25519 public keys (at most four, distinct kids, no private part). */
export async function importCallerKeys(jwks: unknown): Promise<CallerKeys> {
  const keys = (jwks as { keys?: unknown } | null)?.keys
  if (Array.isArray(keys) && keys.some((k) => (k as { d?: unknown } | null)?.d !== undefined)) {
    throw new AssertionKeyError('holds a private key (d); give services the public keys only')
  }
  if (!checkJwks.Check(jwks)) {
    throw new AssertionKeyError(
      `must be a JWKS {"keys":[…]} of 1 to ${MAX_CALLER_KEYS} Ed25519 public keys (kty OKP, crv Ed25519, x, kid)`,
    )
  }
  const byKid = new Map<string, CryptoKey>()
  for (const jwk of jwks.keys) {
    if (byKid.has(jwk.kid)) throw new AssertionKeyError(`names the key id ${jwk.kid} twice`)
    byKid.set(jwk.kid, (await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey)
  }
  return { kids: [...byKid.keys()], key: (kid) => (kid === undefined ? undefined : byKid.get(kid)) }
}

/** What the gateway sends one internal call with: the service it is addressed to, the caller (none: anonymous) and the trace. */
export type AssertionClaims = { audience: string; actor?: Actor; traceId?: string }

export type AssertionSigner = {
  /** The key id every assertion names in its header. */
  readonly kid: string
  sign(claims: AssertionClaims): Promise<string>
}

/**
 * The gateway's signer: its private key imported once; each assertion issued now (the given time source) and valid
 * for `ttlSeconds` (default 30, at most 60).
 */
export async function createAssertionSigner(o: {
  key: unknown
  clock: TimeSource
  ttlSeconds?: number
}): Promise<AssertionSigner> {
  if (!checkPrivate.Check(o.key)) {
    throw new AssertionKeyError('must be an Ed25519 private key as a JWK (kty OKP, crv Ed25519, x, d, kid)')
  }
  const ttl = o.ttlSeconds ?? 30
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_ASSERTION_TTL_SECONDS) {
    throw new AssertionKeyError(`lifetime must be 1 to ${MAX_ASSERTION_TTL_SECONDS} s (got ${ttl})`)
  }
  const { kid } = o.key
  const key = (await importJWK({ ...o.key, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey
  return {
    kid,
    sign({ audience, actor, traceId }) {
      const now = Math.floor(o.clock.now().getTime() / 1000)
      return new SignJWT({ ...(actor ? { actor } : {}), ...(traceId ? { trace_id: traceId } : {}) })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: ASSERTION_TYPE })
        .setIssuer(ASSERTION_ISSUER)
        .setAudience(audience)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + ttl)
        .sign(key)
    },
  }
}

/** Why an assertion was refused; each is a 401 naming the header, with this as the field's message. */
export const ASSERTION_REFUSALS = {
  missing: 'is missing',
  malformed: 'is not a service assertion',
  untrusted: 'is not signed by a trusted key',
  expired: 'has expired',
  'not-yet-valid': 'is not valid yet',
  misaddressed: 'is addressed to another service',
} as const
export type AssertionRefusal = keyof typeof ASSERTION_REFUSALS

/** A verified assertion: who the gateway says calls (none: an anonymous call it forwards) and the trace it belongs to. */
export type VerifiedCaller = { actor?: Actor; traceId?: string }
export type AssertionVerdict = { ok: true; caller: VerifiedCaller } | { ok: false; refusal: AssertionRefusal }

const TraceId = Compile(Type.String({ pattern: '^[0-9a-f]{32}$' }))

/**
 * A service's verifier: EdDSA only, the header's `typ` and `kid` (one of `keys`), `iss` gateway, `aud` this service,
 * `exp`, `nbf` and `iat` against the given time source, no older than 60 s, and a well-formed actor when one is
 * carried. A token is verified on each call: each forwarded call carries its own (its trace), so a cache of
 * verified tokens would not be hit.
 */
export function createAssertionVerifier(o: {
  keys: CallerKeys
  audience: string
  clock: TimeSource
}): (token: unknown) => Promise<AssertionVerdict> {
  const refuse = (refusal: AssertionRefusal): AssertionVerdict => ({ ok: false, refusal })
  return async (token) => {
    if (token === undefined || token === '') return refuse('missing')
    if (typeof token !== 'string' || token.length > MAX_ASSERTION_LENGTH) return refuse('malformed')
    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(
        token,
        (header) => {
          const key = o.keys.key(header.kid)
          if (!key) throw new errors.JWKSNoMatchingKey()
          return key
        },
        {
          algorithms: ['EdDSA'],
          typ: ASSERTION_TYPE,
          issuer: ASSERTION_ISSUER,
          audience: o.audience,
          currentDate: o.clock.now(),
          clockTolerance: ASSERTION_CLOCK_TOLERANCE_SECONDS,
          maxTokenAge: MAX_ASSERTION_TTL_SECONDS,
          requiredClaims: ['iat', 'exp'],
        },
      ))
    } catch (err) {
      return refuse(refusalOf(err))
    }
    const { actor, trace_id: traceId } = payload
    if (actor !== undefined && !isActor(actor)) return refuse('malformed')
    if (traceId !== undefined && !TraceId.Check(traceId)) return refuse('malformed')
    return { ok: true, caller: { ...(actor ? { actor } : {}), ...(traceId ? { traceId } : {}) } }
  }
}

function refusalOf(err: unknown): AssertionRefusal {
  if (err instanceof errors.JWTExpired) return 'expired'
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return 'misaddressed'
    // A present `iat` fails its check here only when it lies in the future (too old is JWTExpired).
    if ((err.claim === 'nbf' || err.claim === 'iat') && err.reason === 'check_failed') return 'not-yet-valid'
    return 'malformed'
  }
  if (
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JWKSNoMatchingKey ||
    err instanceof errors.JOSEAlgNotAllowed
  ) {
    return 'untrusted'
  }
  return 'malformed'
}

/** A new Ed25519 key pair as JWKs under `kid`: the gateway's private key and the public key services trust. */
export function generateAssertionKey(kid: string): { privateKey: PrivateJwk; publicKey: PublicJwk } {
  const { privateKey } = generateKeyPairSync('ed25519')
  const { x, d } = privateKey.export({ format: 'jwk' })
  const jwk = {
    kty: 'OKP' as const,
    crv: 'Ed25519' as const,
    x: x ?? '',
    kid,
    alg: 'EdDSA' as const,
    use: 'sig' as const,
  }
  const pair = { privateKey: { ...jwk, d: d ?? '' }, publicKey: jwk }
  if (!checkPrivate.Check(pair.privateKey)) throw new AssertionKeyError(`kid ${JSON.stringify(kid)} is not a key id`)
  return pair
}

/** The public half of a private JWK. */
export function publicKeyOf(key: PrivateJwk): PublicJwk {
  const { d: _private, ...publicKey } = key
  return publicKey
}
