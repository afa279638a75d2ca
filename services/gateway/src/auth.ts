import { createHmac } from 'node:crypto'
import { Actor, aRole } from '@onewindow/contracts'
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose'
import { Compile } from 'typebox/compile'

/** The asymmetric algorithms a JWKS source may be pinned to. */
export const JWKS_ALGORITHMS = ['RS256', 'ES256'] as const
export type JwksAlgorithm = (typeof JWKS_ALGORITHMS)[number]

export type AuthOptions = {
  /** HS256 shared secret (development and tests): the only algorithm its tokens may name. */
  secret?: string
  /**
   * An identity provider's keys. Its tokens must name one of `algorithms` (default RS256 and ES256), carry its
   * `issuer` and this gateway's `audience`; both are required, so a token minted for another service is refused.
   */
  jwks?: { url: string; issuer: string; audience: string; algorithms?: readonly JwksAlgorithm[] }
}

export type TokenClaims = {
  sub: string
  role: Actor['role']
  department?: string
  creditCode?: string
  provider?: string
  /** 行政区划代码 (six digits) a reviewer's or lead's authority is limited to (docs/security.md "Regional authority"). */
  region?: string
}

/** Why a bearer token was not accepted; the route answers 401 with it. */
export class Unauthenticated extends Error {
  override readonly name = 'Unauthenticated'
}

/**
 * The identity provider's keys could not be fetched: the token may be good, so this is the gateway's trouble (503),
 * not a failed authentication to count against the caller.
 */
export class KeysUnavailable extends Error {
  override readonly name = 'KeysUnavailable'
}

const checkActor = Compile(Actor)

/** The roles that act for a department, whose authority a token's `region` claim limits (docs/security.md). */
export const REGIONAL_ROLES: readonly Actor['role'][] = ['reviewer', 'lead']

const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 }

/** A token lifetime in seconds: a number of seconds, or `90s`, `30m`, `8h`, `7d` (negative for an expired token). */
export function ttlSeconds(ttl: string | number): number {
  if (typeof ttl === 'number' && Number.isInteger(ttl)) return ttl
  const match = /^(-?\d{1,9})\s*([smhd])?$/.exec(String(ttl).trim())
  if (!match) throw new RangeError(`"${ttl}" is not a lifetime such as 90s, 30m, 8h or 7d`)
  return Number(match[1]) * (units[match[2] ?? 's'] ?? 1)
}

const b64url = (s: string) => Buffer.from(s).toString('base64url')

/**
 * Signs an HS256 token for `claims`, valid for `ttl` (default 8 hours) from now. Synchronous, so a test or a
 * script can use the token inline. Token lifetimes are wall-clock time, not legal time: `Date.now()` is right here.
 */
export function mintToken(secret: string, claims: TokenClaims, ttl: string | number = '8h'): string {
  const { sub, ...rest } = claims
  const iat = Math.floor(Date.now() / 1000)
  const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(
    JSON.stringify({ ...rest, sub, iat, exp: iat + ttlSeconds(ttl) }),
  )}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

/** The claims of a verified token as an Actor, or why they do not make one. */
export function actorFromClaims(payload: JWTPayload): Actor {
  const actor = {
    sub: payload.sub,
    role: payload['role'],
    ...(typeof payload['department'] === 'string' ? { department: payload['department'] } : {}),
    ...(typeof payload['creditCode'] === 'string' ? { creditCode: payload['creditCode'] } : {}),
    ...(typeof payload['provider'] === 'string' ? { provider: payload['provider'] } : {}),
    // Taken as it came, whatever its type: a region that is not six digits (a number, a longer code) narrows nothing
    // the gateway could honour, so it is refused rather than dropped — dropping it would widen the caller's rows.
    ...(payload['region'] !== undefined ? { region: payload['region'] } : {}),
  }
  if (!checkActor.Check(actor)) {
    throw new Unauthenticated(
      'The token has no subject (1–255 characters) or no known role (clerk, reviewer, owner, supervisor, admin, lead, ' +
        'utility, registrar, agent, review_body, surveyor, helper, intermediary), or a department or provider over 100 characters, or a creditCode over 18, or a region that is not a six-digit ' +
        'administrative code.',
    )
  }
  if ((actor.role === 'reviewer' || actor.role === 'lead') && !actor.department) {
    throw new Unauthenticated(`A ${actor.role} token must name its department.`)
  }
  // The read model's session takes a department and its region as `department@region` (db/scope.ts callerParams): a
  // department that itself named a region could pass for another department's regional user.
  if (actor.department?.includes('@')) throw new Unauthenticated('A department code has no "@".')
  // Only a department's authority is regional: a region on any other role would be a limit the gateway does not apply
  // (a clerk, supervisor or admin reads every project; a provider, the registry, an owner are scoped otherwise), so
  // the token is refused rather than trusted as narrower than it is (docs/security.md "Regional authority").
  if (actor.region !== undefined && !REGIONAL_ROLES.includes(actor.role)) {
    throw new Unauthenticated(
      `A ${actor.role} token may not carry a region: only a reviewer's or lead's authority is regional.`,
    )
  }
  if (actor.role === 'utility' && !actor.provider) {
    throw new Unauthenticated('A utility token must name its provider (water, power, gas, drainage, telecom).')
  }
  if (actor.role === 'owner' && !actor.creditCode) {
    throw new Unauthenticated('An owner token must carry its 统一社会信用代码 (creditCode).')
  }
  // 联合审图 review body and 多测合一 surveying unit are named by their 统一社会信用代码 on the reviews they answer.
  // 中介服务 intermediaries likewise, on the engagements that name them (docs/assisted-service.md).
  if (
    (actor.role === 'review_body' || actor.role === 'surveyor' || actor.role === 'intermediary') &&
    !actor.creditCode
  ) {
    throw new Unauthenticated(
      `${aRole(actor.role).replace(/^a/, 'A')} token must carry its 统一社会信用代码 (creditCode).`,
    )
  }
  return actor
}

/**
 * Whether to warn that a department user's token carries no region (it then reads every region's rows of its
 * department, as before regions existed: docs/security.md "Regional authority"): true once per subject, so the log
 * names every such account without a line per request. The set starts over past a bound, as the token cache does.
 */
export function regionlessOnce(): (actor: Actor) => boolean {
  const warned = new Set<string>()
  return (actor) => {
    if (actor.region !== undefined || !REGIONAL_ROLES.includes(actor.role) || warned.has(actor.sub)) return false
    if (warned.size >= 10_000) warned.clear()
    warned.add(actor.sub)
    return true
  }
}

export type Verifier = (token: string) => Promise<Actor>

type Source = {
  /** The algorithms this source's tokens may name; a token naming another is not checked against it. */
  algorithms: readonly string[]
  key: Uint8Array | JWTVerifyGetKey
  claims: { issuer?: string; audience?: string }
}

/**
 * HS256 with the shared secret and/or RS256/ES256 keys from a JWKS endpoint. The algorithm is pinned per key source:
 * a token's `alg` picks the one source that accepts it, and is verified against that source's keys only, so an HS256
 * token can never be checked with a public key as its HMAC secret, and `none` matches no source. `exp` and `sub` are
 * required; `nbf` is checked when present; a JWKS token's `iss` and `aud` must be the configured ones. Time is the
 * wall clock, like the token's issuer sets it (the injected clock is legal time).
 */
export function createVerifier(options: AuthOptions): Verifier {
  const sources: Source[] = []
  if (options.secret) {
    sources.push({ algorithms: ['HS256'], key: new TextEncoder().encode(options.secret), claims: {} })
  }
  if (options.jwks) {
    const { url, issuer, audience, algorithms = JWKS_ALGORITHMS } = options.jwks
    if (!issuer || !audience) throw new Error('gateway auth: a JWKS source needs its issuer and audience')
    sources.push({ algorithms, key: createRemoteJWKSet(new URL(url)), claims: { issuer, audience } })
  }
  if (sources.length === 0) throw new Error('gateway auth: give a JWT secret or a JWKS URL')
  // Checking a signature cost more CPU than the rest of a status answer; the same token comes with every request of
  // a session, so a token once verified is trusted again until its own expiry, for at most a minute (so a key taken
  // out of the JWKS stops being honoured within one). Only tokens that verified are kept; the map starts over past a
  // bound. Expiry is read from the wall clock, as jose reads it.
  const verified = new Map<string, { actor: Actor; until: number }>()
  return async (token) => {
    const now = Date.now()
    const hit = verified.get(token)
    if (hit && hit.until > now) return hit.actor
    const { actor, exp } = await verifyToken(token)
    if (verified.size >= 10_000) verified.clear()
    verified.set(token, { actor, until: Math.min(now + 60_000, exp ?? Number.POSITIVE_INFINITY) })
    return actor
  }

  async function verifyToken(token: string): Promise<{ actor: Actor; exp: number | undefined }> {
    let alg: string | undefined
    try {
      alg = decodeProtectedHeader(token).alg
    } catch {
      throw new Unauthenticated('The bearer token is not a JWT.')
    }
    const source = sources.find((s) => alg !== undefined && s.algorithms.includes(alg))
    if (!source) throw new Unauthenticated(`Tokens signed with ${alg ?? 'no algorithm'} are not accepted.`)
    const verifyOptions = { algorithms: [...source.algorithms], requiredClaims: ['exp', 'sub'], ...source.claims }
    let payload: JWTPayload
    try {
      ;({ payload } =
        typeof source.key === 'function'
          ? await jwtVerify(token, source.key, verifyOptions)
          : await jwtVerify(token, source.key, verifyOptions))
    } catch (err) {
      // The endpoint did not answer (timeout, refused connection, not JSON): say so, rather than blame the token.
      const unreachable =
        err instanceof errors.JWKSTimeout ||
        err instanceof errors.JWKSInvalid ||
        !(err instanceof errors.JOSEError) ||
        err.code === 'ERR_JOSE_GENERIC'
      if (unreachable) {
        throw new KeysUnavailable(`The identity provider's keys cannot be fetched: ${(err as Error).message}`)
      }
      throw new Unauthenticated(`The bearer token is not valid: ${(err as Error).message}`)
    }
    // jose refuses a token once `exp` (seconds) is not after now, so the cached one stops at exp × 1000 ms.
    return { actor: actorFromClaims(payload), exp: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined }
  }
}
