import { type Static, Type } from 'typebox'
import { CommitmentMeasure } from '../acceptance/events.js'
import { SuspensionKindCode } from '../intake/shared.js'
import { CatalogueCode, LimitValue, Uuid } from '../primitives.js'
import {
  CommitmentRectificationEscalationBody,
  CommitmentRectificationReportBody,
  CommitmentRectificationReviewBody,
  VerifyCommitmentBody,
} from './acceptance.js'

const strict = { additionalProperties: false } as const
/** OpenAPI's note that `action` picks the variant; service-kit validates the variant it names. */
const discriminated = { discriminator: { propertyName: 'action' } } as const

/** POST /tasks/:id/actions — one reviewer action, chosen by `action`; each variant takes only its own fields. */
export const TaskActionBody = Type.Union(
  [
    Type.Object({ action: Type.Literal('claim') }, strict),
    Type.Object(
      {
        action: Type.Literal('supplement'),
        materials: Type.Array(CatalogueCode('material code'), { minItems: 1, maxItems: 50, uniqueItems: true }),
        reason: Type.String({ minLength: 1, maxLength: 2000 }),
      },
      strict,
    ),
    Type.Object(
      {
        action: Type.Literal('special-procedure-start'),
        kind: Type.Exclude(SuspensionKindCode, Type.Literal('supplement')),
        legalBasis: Type.Optional(Type.String({ maxLength: 500 })),
        note: Type.Optional(Type.String({ maxLength: 2000 })),
        /** 特别程序时限 — the procedure's own limit as the department sets it; else the catalogue's, when it has one. */
        limit: Type.Optional(
          Type.Object(
            { value: { ...LimitValue, minimum: 1 }, unit: Type.Union([Type.Literal('W'), Type.Literal('N')]) },
            strict,
          ),
        ),
      },
      strict,
    ),
    Type.Object({ action: Type.Literal('special-procedure-end') }, strict),
    Type.Object(
      {
        action: Type.Literal('approve'),
        conditions: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 50 })),
      },
      strict,
    ),
    Type.Object({ action: Type.Literal('reject'), reason: Type.String({ minLength: 1, maxLength: 2000 }) }, strict),
    /** 延长 (行政许可法第四十二条): the statutory clock, once, by the catalogue's extension; the head who approved and the reason. */
    Type.Object(
      {
        action: Type.Literal('extend'),
        approvedBy: Type.String({ minLength: 1, maxLength: 200 }),
        reason: Type.String({ minLength: 1, maxLength: 2000 }),
      },
      strict,
    ),
    /**
     * 撤销 (15) of the permit granted on this task, by the approving department (the reviewer of the task's
     * department): the reason and the legal basis are required, and told to the owner.
     */
    Type.Object(
      {
        action: Type.Literal('revoke'),
        reason: Type.String({ minLength: 1, maxLength: 2000 }),
        legalBasis: Type.String({ minLength: 1, maxLength: 500 }),
      },
      strict,
    ),
  ],
  discriminated,
)
export type TaskActionBody = Static<typeof TaskActionBody>

/** POST /applications/:id/supplement-answers — the owner's one answer to a consolidated 补正 notice. */
export const SupplementAnswerBody = Type.Object(
  {
    noticeId: Uuid,
    materials: Type.Array(
      Type.Object(
        { code: CatalogueCode('material code'), documentRef: Type.String({ minLength: 1, maxLength: 500 }) },
        strict,
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  strict,
)
export type SupplementAnswerBody = Static<typeof SupplementAnswerBody>

/**
 * POST /applications/:id/supplement-notice — the step's lead department (牵头部门) issues the one consolidated 补正
 * notice on the departments' behalf: one request per task, each a task of the lead's step.
 */
export const LeadNoticeBody = Type.Object(
  {
    requests: Type.Array(
      Type.Object(
        {
          taskId: Uuid,
          materials: Type.Array(CatalogueCode('material code'), { minItems: 1, maxItems: 50, uniqueItems: true }),
          reason: Type.String({ minLength: 1, maxLength: 2000 }),
        },
        strict,
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  strict,
)
export type LeadNoticeBody = Static<typeof LeadNoticeBody>

const { item: _item, ...verification } = VerifyCommitmentBody.properties
/**
 * POST /tasks/:id/commitment — the item's department records the later verification of a task approved on
 * commitment (告知承诺): the fields and rules of joint acceptance's verification, the task naming the item.
 */
export const TaskCommitmentBody = Type.Object(verification, strict)
export type TaskCommitmentBody = Static<typeof TaskCommitmentBody>

/**
 * POST /tasks/:id/deficiency-finding — 容缺后补 (seeds/004:1860): the item's department records its finding on a 容缺
 * material of the task's application overdue (not made good by its promised day): always a breach, with what it found
 * and the measures a commitment breach takes (`rectifyBy` a working day after today with `rectify`).
 */
export const TaskDeficiencyFindingBody = Type.Object(
  {
    material: CatalogueCode('material code'),
    findings: Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { minItems: 1, maxItems: 100 }),
    measures: Type.Array(CommitmentMeasure, { minItems: 1, maxItems: 10, uniqueItems: true }),
    rectifyBy: verification.rectifyBy,
    barredUntil: verification.barredUntil,
  },
  strict,
)
export type TaskDeficiencyFindingBody = Static<typeof TaskDeficiencyFindingBody>

/** Which finding a 整改 body is about: a 容缺 material's finding when named, else the task's 告知承诺 verification. */
const rectifiedFinding = Type.Optional(CatalogueCode('the 容缺 material whose finding ordered the 整改'))

// 整改's bodies are joint acceptance's (http/acceptance.ts), naming the task's finding (`material`) for the item.
const { item: _reported, ...reportFields } = CommitmentRectificationReportBody.properties
const { item: _reviewed, ...reviewFields } = CommitmentRectificationReviewBody.properties
const { item: _escalated, ...escalationFields } = CommitmentRectificationEscalationBody.properties

/**
 * POST /tasks/:id/rectification-report — 整改 reported (seeds/004:1860 责令限期整改): the owner says what it put right,
 * optionally naming the documents that show it, for the finding's department to confirm.
 */
export const RectificationReportBody = Type.Object({ material: rectifiedFinding, ...reportFields }, strict)
export type RectificationReportBody = Static<typeof RectificationReportBody>

/** POST /tasks/:id/rectification-review — the finding's department: 整改完成 (`done`), or not done saying what is missing. */
export const RectificationReviewBody = Type.Object({ material: rectifiedFinding, ...reviewFields }, strict)
export type RectificationReviewBody = Static<typeof RectificationReviewBody>

/**
 * POST /tasks/:id/rectification-escalation — 逾期未整改: the further measure (依法撤销许可, 禁止选择告知承诺 through
 * `barredUntil`) on a finding whose 整改 was not confirmed by its day, once.
 */
export const RectificationEscalationBody = Type.Object({ material: rectifiedFinding, ...escalationFields }, strict)
export type RectificationEscalationBody = Static<typeof RectificationEscalationBody>
/** POST /applications/:id/step-extension — 延长 of a joint step's statutory clock (行政许可法第四十二条), once. */
export const StepExtensionBody = Type.Object(
  {
    approvedBy: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "the people's government's head who approved",
    }),
    reason: Type.String({ minLength: 1, maxLength: 2000, description: 'the reason told to the applicant' }),
  },
  strict,
)
export type StepExtensionBody = Static<typeof StepExtensionBody>

/**
 * POST /applications/:id/withdrawal — 撤回: the owner (or the window clerk on the owner's behalf) withdraws an
 * accepted application still in approval; every open task closes with code 14.
 */
export const WithdrawApplicationBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000, description: 'why the applicant withdraws' }) },
  strict,
)
export type WithdrawApplicationBody = Static<typeof WithdrawApplicationBody>

/** The reply-by limit of a 督办 when the supervisor names none, in working days (docs/legal-time.md#督办). */
export const DEFAULT_SUPERVISION_REPLY_W = 5

/**
 * POST /tasks/:id/supervisions — 督办 (跟踪督办, 004:1794, 004:1868): the supervising office urges the department
 * on an open task; the reply is due `replyWithin` working days from today (else {@link DEFAULT_SUPERVISION_REPLY_W}).
 */
export const SuperviseTaskBody = Type.Object(
  {
    note: Type.String({ minLength: 1, maxLength: 2000, description: '督办意见: why the department is urged' }),
    replyWithin: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 30,
        description: 'the reply limit in working days from today (default 5)',
      }),
    ),
  },
  strict,
)
export type SuperviseTaskBody = Static<typeof SuperviseTaskBody>

/** POST /tasks/:id/supervisions/:supervisionId/response — the department's 督办回复, once. */
export const RespondSupervisionBody = Type.Object(
  { response: Type.String({ minLength: 1, maxLength: 4000, description: '督办回复: what the department did' }) },
  strict,
)
export type RespondSupervisionBody = Static<typeof RespondSupervisionBody>
