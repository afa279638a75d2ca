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
])
export type Role = Static<typeof Role>

/**
 * Who acts, as the gateway authenticated it. The gateway sends it to the owning service as JSON in the
 * `x-onewindow-actor` header; services trust it only from inside the cluster and use it for audit and
 * for their own department/owner checks.
 */
export const Actor = Type.Object({
  sub: Type.String({ minLength: 1 }),
  role: Role,
  department: Type.Optional(Type.String()),
  creditCode: Type.Optional(Type.String()),
  provider: Type.Optional(Type.String()),
})
export type Actor = Static<typeof Actor>
export const ACTOR_HEADER = 'x-onewindow-actor'

const checkActor = Compile(Actor)

/** The actor a service received in `x-onewindow-actor`, or undefined when the header is missing or not an Actor. */
export function parseActorHeader(raw: unknown): Actor | undefined {
  if (typeof raw !== 'string') return undefined
  try {
    const parsed: unknown = JSON.parse(raw)
    return checkActor.Check(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}
