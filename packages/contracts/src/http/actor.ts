import { type Static, Type } from 'typebox'
import { Compile } from 'typebox/compile'

export const Role = Type.Union([
  Type.Literal('clerk'),
  Type.Literal('reviewer'),
  Type.Literal('owner'),
  Type.Literal('supervisor'),
  Type.Literal('admin'),
  /** 牵头部门 of joint acceptance, with its `department`. */
  Type.Literal('lead'),
  /** A utility provider's staff, with its `provider` (water, power, gas, drainage, telecom). */
  Type.Literal('utility'),
  /** The real-estate registration office (不动产登记). */
  Type.Literal('registrar'),
  /** The 12345 hotline centre's agent (热线中心): registers, dispatches, reviews and rates tickets. */
  Type.Literal('agent'),
  /** 施工图审查机构 — the drawing-review body of 联合审图, with its `creditCode` (docs/shared-results.md). */
  Type.Literal('review_body'),
  /** 多测合一 surveying unit (测绘单位) the owner commissioned, with its `creditCode` (docs/shared-results.md). */
  Type.Literal('surveyor'),
  /** 帮办代办 helper of the service centre, by its `sub`: acts for the owners whose case names it (docs/assisted-service.md). */
  Type.Literal('helper'),
  /** 中介服务机构 an owner chose, with its `creditCode`: delivers its result (docs/assisted-service.md). */
  Type.Literal('intermediary'),
])
export type Role = Static<typeof Role>

/** A role as an English sentence says it, with its article: "an owner", "a review body". */
export const aRole = (role: Role): string => {
  const words = role.replace('_', ' ')
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`
}

/**
 * The sentence of a refusal by role, the same from the gateway and from a service that checks the role again: "An
 * owner may not do this; it takes a clerk or an admin."
 */
export const roleRefusal = (role: Role, allowed: readonly Role[]): string => {
  const caller = aRole(role)
  return `${caller[0]?.toUpperCase()}${caller.slice(1)} may not do this; it takes ${allowed.map(aRole).join(' or ')}.`
}

/**
 * Who acts, as the gateway authenticated it. The gateway sends it to the owning service inside a signed service
 * assertion (`x-onewindow-assertion`, a short-lived JWT addressed to that service; service-kit's `assertion.ts`);
 * services take it only from a verified assertion and use it for audit and for their own department/owner checks.
 */
export const Actor = Type.Object({
  // OpenID Connect Core 1.0 §2: a `sub` "MUST NOT exceed 255 ASCII characters". Bounded here because the subject is
  // written into every audit entry and its index: an unbounded one could outgrow a btree row or an anchor's payload.
  sub: Type.String({ minLength: 1, maxLength: 255 }),
  role: Role,
  department: Type.Optional(Type.String({ maxLength: 100 })),
  // 统一社会信用代码 is 18 characters (GB 32100-2015); the pattern is checked where a project is registered.
  creditCode: Type.Optional(Type.String({ maxLength: 18 })),
  provider: Type.Optional(Type.String({ maxLength: 100 })),
  // A department user's region (行政区划代码: a province, city or county): a reviewer's or lead's rows are then those
  // of the projects within it (docs/security.md "Regional authority"). Only those two roles may carry it.
  region: Type.Optional(Type.String({ minLength: 6, maxLength: 6, pattern: '^\\d{6}$' })),
})
export type Actor = Static<typeof Actor>

/** The request header that carries the gateway's signed assertion to an internal service. */
export const ASSERTION_HEADER = 'x-onewindow-assertion'

const checkActor = Compile(Actor)

/** Whether a value (an assertion's `actor` claim) is an Actor. */
export const isActor = (value: unknown): value is Actor => checkActor.Check(value)
