import { Type } from 'typebox'
import { defineEvent, type EventBody, type Producer } from '../define-event.js'
import { Instant } from '../primitives.js'

const Sm3Hex = Type.String({ pattern: '^[0-9a-f]{64}$', maxLength: 64, description: 'SM3 digest, lowercase hex' })

/** A position in a chain: PostgreSQL's `bigint`, read within JavaScript's exact integers. */
const Position = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })

/** One entry of a service's audit chain, as stored (docs/security.md#audit-log). */
export const AuditEntryView = Type.Object({
  position: Position,
  at: Instant,
  // No length limits: these are what the chain holds, and an anchor refused for a long field would stop anchoring for
  // good. Length is bounded where an actor enters (Actor: `sub` ≤ 255, as OpenID Connect allows).
  actor: Type.String(),
  role: Type.String(),
  action: Type.String(),
  object: Type.String(),
  outcome: Type.String({ description: 'done | refused | read' }),
  code: Type.Union([Type.String(), Type.Null()]),
  traceId: Type.Union([Type.String(), Type.Null()]),
  prevHash: Sm3Hex,
  hash: Sm3Hex,
})
export type AuditEntryView = import('typebox').Static<typeof AuditEntryView>

/** The most entries one anchor carries; a longer stretch goes out as several anchors, each a head of its own. */
export const AUDIT_ANCHOR_MAX_ENTRIES = 200

const anchoredSchema = <P extends Producer>(service: P) =>
  Type.Object({
    /** The service whose chain this is (its schema): the subject's own, so no service can write another's copy. */
    chain: Type.Literal(service),
    /** The head anchored: the chain held at least `position` entries, the last with `hash`. */
    position: Position,
    hash: Sm3Hex,
    anchoredAt: Instant,
    /** The entries since the previous anchor, ending at `position`: what the gateway's admin audit route reads. */
    entries: Type.Array(AuditEntryView, { maxItems: AUDIT_ANCHOR_MAX_ENTRIES }),
  })

const anchored = <P extends Producer>(service: P) =>
  defineEvent({
    subject: `permit.${service}.audit.anchored.v1`,
    description:
      `The head of ${service}'s audit chain (position, SM3 hash), anchored outside its table, with the entries since the ` +
      'previous anchor. `onewindow audit verify` checks the chain still holds this head, which catches a truncated tail.',
    schema: anchoredSchema(service),
  })

export const IntakeAuditAnchoredV1 = anchored('intake')
export const ApprovalAuditAnchoredV1 = anchored('approval')
export const AcceptanceAuditAnchoredV1 = anchored('acceptance')
export const UtilityAuditAnchoredV1 = anchored('utility')
export const RegistrationAuditAnchoredV1 = anchored('registration')
export const GatewayAuditAnchoredV1 = anchored('gateway')
export const HotlineAuditAnchoredV1 = anchored('hotline')

export const auditAnchoredEvents = [
  IntakeAuditAnchoredV1,
  ApprovalAuditAnchoredV1,
  AcceptanceAuditAnchoredV1,
  UtilityAuditAnchoredV1,
  RegistrationAuditAnchoredV1,
  GatewayAuditAnchoredV1,
  HotlineAuditAnchoredV1,
] as const

/** The anchor event of a service's chain, by the service's name (its `ce-source`); undefined for an unknown one. */
export const auditAnchoredEventOf = (service: string) =>
  auditAnchoredEvents.find((e) => e.subject === `permit.${service}.audit.anchored.v1`)

/** An anchor of any service's chain. */
export type AuditAnchoredV1 = EventBody<(typeof auditAnchoredEvents)[number]>
