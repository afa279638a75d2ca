import { type Actor, type PublicRevocation, REVOCATION_REASON_MAX } from '@onewindow/contracts'
import { ok, type Result, refuse } from '@onewindow/vocabulary'
import type { Static } from 'typebox'
import type { CertificateBodyValue } from './certificate.js'

export type Revocation = Static<typeof PublicRevocation>

/**
 * 注销 — who may revoke: the registration office (registrar) that issues and signs every certificate here, and an
 * administrator; not the owner, whose interest is to keep it, nor a department, whose permit decision is its own
 * but whose certificate is the registry's.
 */
const mayRevoke = (actor: Actor) => actor.role === 'registrar' || actor.role === 'admin'

export type RevokeInput = {
  certificate: CertificateBodyValue
  /** The revocation already recorded, if any. */
  existing: Revocation | undefined
  actor: Actor
  reason: string
  /** The day it stops being valid; `today` when absent. */
  revokedOn?: string
  today: string
  at: string
}

/**
 * A certificate is revoked once; the day may be set back to the day a defect began (not before the issue day) but
 * never ahead of today, so that a verification today says revoked for every revocation recorded.
 */
export function revoke(input: RevokeInput): Result<Revocation> {
  if (!mayRevoke(input.actor)) {
    return refuse({
      code: 'REGISTRATION_NOT_A_REGISTRAR',
      message: 'Only the registration office or an administrator revokes a certificate.',
      details: { role: input.actor.role },
    })
  }
  if (input.existing) {
    return refuse({
      code: 'REGISTRATION_CERTIFICATE_REVOKED',
      message: `Certificate ${input.certificate.number} was revoked on ${input.existing.revokedOn}.`,
      details: { revocation: input.existing },
    })
  }
  const revokedOn = input.revokedOn ?? input.today
  // LegalDate strings (YYYY-MM-DD) order as their days do.
  if (revokedOn < input.certificate.issuedOn || revokedOn > input.today) {
    return refuse({
      code: 'REGISTRATION_REVOCATION_DATE',
      message: `A revocation takes effect from the issue day ${input.certificate.issuedOn} to today ${input.today}.`,
      details: {
        errors: [{ field: '/body/revokedOn', message: `must be from ${input.certificate.issuedOn} to ${input.today}` }],
      },
    })
  }
  return ok({
    certificateId: input.certificate.certificateId,
    number: input.certificate.number,
    revokedOn,
    reason: input.reason,
    revokedAt: input.at,
  })
}

/**
 * 撤销 of the permit decision (approval's TaskRevokedV1): the department that granted the permit revoked it, so its
 * certificate stops being valid on the decision's day — never before its issue day. Not the registrar's act, so no
 * role is checked here; a certificate revoked already keeps its first revocation (undefined: nothing to record).
 */
/** What a certificate's revocation says when the permit decision itself was revoked (撤销, 行政许可法第六十九条). */
export const decisionRevokedReason = (decision: { reason: string; legalBasis: string }): string =>
  `撤销 of the permit decision (${decision.legalBasis}): ${decision.reason}`.slice(0, REVOCATION_REASON_MAX)

export function revokeOnDecision(input: {
  certificate: CertificateBodyValue
  existing: Revocation | undefined
  decision: { reason: string; legalBasis: string; revokedOn: string }
  at: string
}): Revocation | undefined {
  if (input.existing) return undefined
  const { decision, certificate } = input
  return {
    certificateId: certificate.certificateId,
    number: certificate.number,
    // The later of the two days; LegalDate strings (YYYY-MM-DD) order as their days do.
    revokedOn: [decision.revokedOn, certificate.issuedOn].sort()[1] ?? decision.revokedOn,
    reason: decisionRevokedReason(decision),
    revokedAt: input.at,
  }
}
