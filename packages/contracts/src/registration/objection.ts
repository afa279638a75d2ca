import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import {
  Count,
  INSTANT_KEY_PATTERN,
  Instant,
  MAX_NAME,
  MAX_REFERENCE,
  MAX_TEXT,
  UUID_PATTERN,
  Uuid,
} from '../primitives.js'

// 证照异议 — a department that uses an electronic certificate disputes its accuracy or completeness; the objection
// goes to the department that issued it, which checks it and tells the using department its finding (004:1134,
// 第二十四条 电子证照数据闭环管理).

/** The most evidence references one objection names. */
export const OBJECTION_EVIDENCE_MAX = 20

/**
 * Who an objection is between: a department by its catalogue code, `registration-office` — the registration office
 * (the registrar), which issues every property certificate and uses the permits when it registers — or
 * `owner-<统一社会信用代码, lower-cased>`, an owner organisation objecting to its own property certificate.
 */
export const ObjectionParty = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*$' })

/** 异议理由: why the certificate is wrong or incomplete, in the using department's words. */
export const ObjectionReason = Type.String({ minLength: 1, maxLength: MAX_TEXT })

/** 证据: references to the documents that show it (a file number, a drawing, a survey report), 1–300 characters each. */
export const ObjectionEvidence = Type.Array(Type.String({ minLength: 1, maxLength: MAX_REFERENCE }), {
  maxItems: OBJECTION_EVIDENCE_MAX,
})

/** 核查结论: what the issuing department found on checking. */
export const ObjectionFinding = Type.String({ minLength: 1, maxLength: MAX_TEXT })

export const ObjectionOutcome = Type.Union([
  /** 异议成立: the certificate is wrong or incomplete as the using department said. */
  Type.Literal('upheld'),
  /** 异议不成立: the certificate stands as issued. */
  Type.Literal('rejected'),
])

/** A certificate objection as it stands after the event, with a version. */
export const CertificateObjectionSnapshot = Type.Object({
  objectionId: Uuid,
  certificateId: Uuid,
  /** 证照编号 and title of the disputed certificate, copied so both lists name it without reading it again. */
  certificateNumber: Type.String({ minLength: 1, maxLength: MAX_REFERENCE }),
  certificateTitle: Type.String({ minLength: 1, maxLength: MAX_NAME }),
  projectId: Uuid,
  /** The issuing department (签发部门), which answers. */
  issuer: ObjectionParty,
  /** 发证机关 by the name the certificate prints, when it prints one. */
  issuerName: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NAME })),
  /** The using department (使用部门) that raised it, which is told the answer. */
  raisedBy: ObjectionParty,
  /**
   * 使用部门 by the name the project's catalogue gives it for the region (the registration office by its own), so the
   * issuer's message names it though no task taught the notifier that name; absent on objections raised before.
   */
  raisedByName: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NAME })),
  /** The person who raised it (the actor's `sub`). */
  raisedBySub: Type.String({ minLength: 1, maxLength: MAX_REFERENCE }),
  reason: ObjectionReason,
  evidence: ObjectionEvidence,
  raisedAt: Instant,
  status: Type.Union([Type.Literal('open'), Type.Literal('upheld'), Type.Literal('rejected')]),
  answer: Type.Optional(
    Type.Object({
      outcome: ObjectionOutcome,
      finding: ObjectionFinding,
      answeredAt: Instant,
      answeredBy: Type.String({ minLength: 1, maxLength: MAX_REFERENCE }),
    }),
  ),
  version: Count(1),
})
export type CertificateObjectionSnapshot = Static<typeof CertificateObjectionSnapshot>

const objectionEvent = <const S extends `permit.registration.objection.${string}.v1`>(
  subject: S,
  description: string,
) => defineEvent({ subject, description, schema: Type.Object({ objection: CertificateObjectionSnapshot }) })

export const CertificateObjectionRaisedV1 = objectionEvent(
  'permit.registration.objection.raised.v1',
  '证照异议 — a department using an electronic certificate disputed its accuracy or completeness, with its reasons and evidence; the issuing department is to check it (004:1134).',
)
export const CertificateObjectionAnsweredV1 = objectionEvent(
  'permit.registration.objection.answered.v1',
  '证照异议 answered — the issuing department checked the objection and recorded its finding, upheld or rejected; the using department is told (004:1134).',
)
export type CertificateObjectionEventBody = EventBody<typeof CertificateObjectionRaisedV1>

export const certificateObjectionEvents = [CertificateObjectionRaisedV1, CertificateObjectionAnsweredV1] as const

const strict = { additionalProperties: false } as const

/** POST /certificates/:id/objections — the using department raises an objection. */
export const RaiseObjectionBody = Type.Object({ reason: ObjectionReason, evidence: ObjectionEvidence }, strict)
export type RaiseObjectionBody = Static<typeof RaiseObjectionBody>

/** POST /certificate-objections/:id/answer — the issuing department answers it. */
export const AnswerObjectionBody = Type.Object({ outcome: ObjectionOutcome, finding: ObjectionFinding }, strict)
export type AnswerObjectionBody = Static<typeof AnswerObjectionBody>

export const ObjectionResponse = Type.Object({ objection: CertificateObjectionSnapshot })

/** The most objections one page of `GET /certificate-objections` answers. */
export const OBJECTION_LIST_MAX = 1000

/**
 * Where the next page of objections starts: the last objection's `raisedAt` as its key text (`INSTANT_KEY_PATTERN`)
 * and its id (newest first, then id), as `<key>~<objectionId>`. Opaque to a caller, which passes `next` back with the
 * same `status`.
 */
export const ObjectionCursor = Type.String({
  pattern: `^${INSTANT_KEY_PATTERN}~${UUID_PATTERN}$`,
  maxLength: 80,
})

/**
 * GET /certificate-objections?status=&cursor= — the objections the caller's department raised or is to answer, newest
 * first, a page at a time: the oldest open ones, which the issuer must still answer, come on the last pages.
 */
export const ObjectionListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('answered')])),
    cursor: Type.Optional(ObjectionCursor),
  },
  strict,
)
export const ObjectionListResponse = Type.Object({
  objections: Type.Array(CertificateObjectionSnapshot, { maxItems: OBJECTION_LIST_MAX }),
  /** Present when more objections follow: pass it back as `cursor`. */
  next: Type.Optional(ObjectionCursor),
})
