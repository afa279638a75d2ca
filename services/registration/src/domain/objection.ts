import type { Actor, AnswerObjectionBody, CertificateObjectionSnapshot, RaiseObjectionBody } from '@onewindow/contracts'
import { ok, type Result, refuse } from '@onewindow/vocabulary'
import type { CertificateBodyValue } from './certificate.js'
import type { Revocation } from './revocation.js'

// 证照异议 — a using department's objection to an electronic certificate, answered by the issuing department
// (004:1134), and the holder's (权利人, the owner's) objection to its own property certificate, answered by the
// registration office that issued it. Pure: the caller passes the certificate, its issuer, the open objections and
// the time.

export type Objection = CertificateObjectionSnapshot

/** The party the registration office is: it issues property certificates and uses permits when it registers. */
export const REGISTRATION_OFFICE_PARTY = 'registration-office'

/**
 * The party an owner organisation is in an objection, by its 统一社会信用代码 (upper-case letters and digits, so
 * lower-cased it reads back whole and fits a party code).
 */
export const ownerParty = (creditCode: string) => `owner-${creditCode.toLowerCase()}`

/**
 * The party an actor speaks for: a reviewer or lead its department, the registrar the registration office, an owner
 * its organisation; anyone else (the window, a supervisor) neither uses a certificate nor issues one.
 */
export function partyOf(actor: Actor): string | undefined {
  if ((actor.role === 'reviewer' || actor.role === 'lead') && actor.department) return actor.department
  if (actor.role === 'registrar') return REGISTRATION_OFFICE_PARTY
  if (actor.role === 'owner' && actor.creditCode) return ownerParty(actor.creditCode)
  return undefined
}

/**
 * Whether `actor` uses `certificate`: a department (or the registration office) uses the permits in its work (004:1128,
 * 004:1134 使用部门 — which projects is the gateway's row scope); the owner uses its own property certificate, the
 * proof of its right, and bears a wrong one (登记错误, 004:3757; 反馈纠错, 004:1349) — never a permit, whose review is
 * the departments', nor another owner's certificate.
 */
function usesCertificate(actor: Actor, certificate: CertificateBodyValue): boolean {
  if (partyOf(actor) === undefined) return false
  if (actor.role !== 'owner') return true
  return certificate.kind === 'property' && certificate.owner.creditCode === actor.creditCode
}

export type RaiseInput = {
  objectionId: string
  certificate: CertificateBodyValue
  /** The issuing department (its catalogue code, or the registration office for a property certificate). */
  issuer: string
  /** The raising department's name, as the project's catalogue gives it; undefined when it names none. */
  raisedByName?: string | undefined
  /** The certificate's revocation (注销), if it was revoked. */
  revoked: Revocation | undefined
  /** The objections on this certificate still open. */
  open: readonly Objection[]
  actor: Actor
  command: RaiseObjectionBody
  at: string
}

/**
 * 提出异议: a department other than the issuer raises it — the issuer corrects its own certificate, it does not
 * dispute it — one open objection per certificate and department (a second while the first is open would split
 * one check in two; another department's objection is its own). A revoked certificate is not used any more, so nothing is disputed on it.
 */
export function raise(input: RaiseInput): Result<Objection> {
  const party = partyOf(input.actor)
  if (party === undefined || !usesCertificate(input.actor, input.certificate)) {
    return refuse({
      code: 'REGISTRATION_OBJECTION_NOT_A_USER',
      message:
        'Only a party using the certificate objects to it: a department (a reviewer, a lead or the registration office) to a permit, the owner to its own property certificate.',
      details: { role: input.actor.role },
    })
  }
  if (party === input.issuer) {
    return refuse({
      code: 'REGISTRATION_OBJECTION_OWN_CERTIFICATE',
      message: `Certificate ${input.certificate.number} was issued by ${party}: the issuer corrects it, it does not object to it.`,
      details: { issuer: input.issuer },
    })
  }
  if (input.revoked) {
    return refuse({
      code: 'REGISTRATION_CERTIFICATE_REVOKED',
      message: `Certificate ${input.certificate.number} is revoked: there is nothing left to dispute.`,
      details: { revocation: input.revoked },
    })
  }
  const mine = input.open.find((o) => o.raisedBy === party && o.status === 'open')
  if (mine) {
    return refuse({
      code: 'REGISTRATION_OBJECTION_OPEN',
      message: `${party} already has an open objection to certificate ${input.certificate.number}.`,
      details: { objectionId: mine.objectionId },
    })
  }
  const evidence = input.command.evidence.map((e) => e.trim())
  const blank = evidence.indexOf('')
  if (input.command.reason.trim() === '' || blank >= 0) {
    const field = blank >= 0 ? `/body/evidence/${blank}` : '/body/reason'
    return refuse({
      code: 'REGISTRATION_OBJECTION_BLANK',
      message: 'An objection says why, and each piece of evidence names a document.',
      details: { errors: [{ field, message: 'must not be blank' }] },
    })
  }
  return ok({
    objectionId: input.objectionId,
    certificateId: input.certificate.certificateId,
    certificateNumber: input.certificate.number,
    certificateTitle: input.certificate.title,
    projectId: input.certificate.projectId,
    issuer: input.issuer,
    ...(input.certificate.issuer ? { issuerName: input.certificate.issuer } : {}),
    raisedBy: party,
    ...(input.raisedByName ? { raisedByName: input.raisedByName } : {}),
    raisedBySub: input.actor.sub,
    reason: input.command.reason.trim(),
    evidence,
    raisedAt: input.at,
    status: 'open',
    version: 1,
  })
}

/**
 * 核查并告知: only the issuing department answers, once. Upheld, the certificate is wrong as the using department
 * said; the finding says how the issuer corrects it (a signed certificate cannot be altered: a wrong one is revoked
 * and the step's permit issued again by the issuer's own procedure), and both departments read it.
 */
export function answer(
  objection: Objection,
  actor: Actor,
  command: AnswerObjectionBody,
  at: string,
): Result<Objection> {
  if (partyOf(actor) !== objection.issuer) {
    return refuse({
      code: 'REGISTRATION_OBJECTION_NOT_THE_ISSUER',
      message: `Only the issuing department (${objection.issuer}) answers an objection to certificate ${objection.certificateNumber}.`,
      details: { issuer: objection.issuer },
    })
  }
  if (objection.status !== 'open') {
    return refuse({
      code: 'REGISTRATION_OBJECTION_ANSWERED',
      message: `The objection to certificate ${objection.certificateNumber} was answered already (${objection.status}).`,
      details: { objectionId: objection.objectionId, outcome: objection.status },
    })
  }
  if (command.finding.trim() === '') {
    return refuse({
      code: 'REGISTRATION_OBJECTION_BLANK',
      message: 'An answer says what the check found.',
      details: { errors: [{ field: '/body/finding', message: 'must not be blank' }] },
    })
  }
  return ok({
    ...objection,
    status: command.outcome,
    answer: { outcome: command.outcome, finding: command.finding.trim(), answeredAt: at, answeredBy: actor.sub },
    version: objection.version + 1,
  })
}

/**
 * Whether one region (行政区划代码) covers another: the rule of a department user's regional authority
 * (docs/security.md "Regional authority"), passed in so this domain stays free of where the rule lives.
 */
export type RegionCovers = (scope: string, region: string) => boolean

/**
 * Whether `actor` reaches a certificate (and its objections) of a project in `projectRegion`: a department user whose
 * token carries a region (a reviewer, a lead) only the projects within it — a 汕尾 reviewer of the issuing department
 * neither reads nor answers 佛山's objections, whose answer would clear 佛山's disputed-certificate block; anyone
 * without a region every project, as before. A project whose region is not known here is within no region.
 */
export const withinRegion = (actor: Actor, projectRegion: string | undefined, covers: RegionCovers): boolean =>
  actor.region === undefined || (projectRegion !== undefined && covers(actor.region, projectRegion))

/** Whether `actor` may read `objection`: the party that raised it (a department, an owner) and the one that answers it. */
export const mayRead = (objection: Objection, actor: Actor): boolean => {
  const party = partyOf(actor)
  return party !== undefined && (party === objection.raisedBy || party === objection.issuer)
}
