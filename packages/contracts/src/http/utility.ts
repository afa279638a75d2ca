// HTTP bodies of services/utility's internal routes, shared with the gateway.
import { type Static, Type } from 'typebox'
import { DepartmentCode, Instant, LegalDate, MAX_TEXT, Uuid, WrittenText } from '../primitives.js'
import {
  JointSurvey,
  MAX_COMMITMENT,
  MAX_DOCUMENT_NO,
  MAX_PERMIT_DEFICIENCIES,
  MAX_PERMIT_MATERIAL_NAME,
  MAX_PLAN_DESCRIPTION,
  MAX_PLAN_REFERENCE,
  MAX_PUSHED_PLANS,
  MAX_REAPPLICATION_CHANGE,
  MAX_REQUESTS_AT_SURVEY,
  MAX_SURVEY_CANCEL_REASON,
  MAX_SURVEY_CONTACT,
  MAX_SURVEY_PLACE,
  MAX_SURVEY_TIME,
  OutsideLinePermit,
  UtilityProvider,
  UtilityRequestSnapshot,
} from '../utility/events.js'

const strict = { additionalProperties: false } as const
/** OpenAPI's note that `action` picks the variant; service-kit validates the variant it names. */
const discriminated = { discriminator: { propertyName: 'action' } } as const

/**
 * An outside-line permit kind: 占掘路 (road-excavation), 绿化 (green-space), 涉路 (road-related), 占道施工交通组织方案审核
 * (traffic-organisation, 公安's review of the traffic plan for works on a road).
 */
export const OutsideLinePermitKind = OutsideLinePermit.properties.kind

/**
 * A department's decision on an outside-line permit, as the provider records it from the written decision: the
 * department (a government department of the project's catalogue), its 文号 and the day it was decided (not after
 * today).
 */
const PermitDecision = {
  department: DepartmentCode,
  documentNo: WrittenText(MAX_DOCUMENT_NO, '文号 of the department’s written decision'),
  decidedOn: LegalDate,
}

/** A plan the provider pushes: 施工方案 or 交通疏解方案, its reference and what it covers. */
const PushedPlanInput = Type.Object(
  {
    kind: Type.Union([Type.Literal('works-plan'), Type.Literal('traffic-plan')]),
    reference: WrittenText(MAX_PLAN_REFERENCE, 'the plan’s number or file name'),
    description: WrittenText(MAX_PLAN_DESCRIPTION, 'what the plan covers'),
  },
  strict,
)

/**
 * 告知承诺 of a low-risk line, with `plan-done` where the region's catalogue names departments to push to: the
 * provider's commitment and its works plan (a traffic plan beside it when the works touch traffic).
 */
export const WorksPlanInput = Type.Object(
  {
    commitment: WrittenText(
      MAX_COMMITMENT,
      '告知承诺: the provider’s commitment, restoration to the former standard included',
    ),
    plans: Type.Array(PushedPlanInput, { minItems: 1, maxItems: MAX_PUSHED_PLANS }),
  },
  strict,
)

/** A material named by its name, as the department named it at 容缺受理. */
const PermitMaterialInput = Type.Object(
  { name: WrittenText(MAX_PERMIT_MATERIAL_NAME, 'the material, as the department names it: 管线平面图') },
  strict,
)
const PermitMaterials = (description: string) =>
  Type.Array(PermitMaterialInput, { minItems: 1, maxItems: MAX_PERMIT_DEFICIENCIES, description })

/**
 * POST /utility-requests/:id/actions — the provider moves its own request on, chosen by `action`.
 * `plan-done` may name the permits the connection plan needs; by default road excavation, plus green space when the
 * line occupies any. `permit-granted` / `permit-refused` record the department's decision on one permit where the
 * department does not decide it on the platform; `permit-reapplied` applies again for a permit its department refused.
 */
export const UtilityActionBody = Type.Union(
  [
    Type.Object(
      {
        action: Type.Literal('survey-done'),
        /** The provider surveyed at the project's joint survey (联合踏勘), on its day or after: its event says so. */
        atJointSurvey: Type.Optional(Type.Boolean()),
      },
      strict,
    ),
    Type.Object(
      {
        action: Type.Literal('plan-done'),
        permits: Type.Optional(Type.Array(OutsideLinePermitKind, { minItems: 1, maxItems: 4, uniqueItems: true })),
        /** A low-risk line's commitment and plans, pushed to the departments the region names (004:1852). */
        worksPlan: Type.Optional(WorksPlanInput),
      },
      strict,
    ),
    Type.Object({ action: Type.Literal('permit-granted'), kind: OutsideLinePermitKind, ...PermitDecision }, strict),
    Type.Object(
      {
        action: Type.Literal('permit-refused'),
        kind: OutsideLinePermitKind,
        ...PermitDecision,
        reason: WrittenText(MAX_TEXT, '不予许可: the department’s reason, as its decision gives it'),
      },
      strict,
    ),
    Type.Object(
      {
        action: Type.Literal('permit-reapplied'),
        kind: OutsideLinePermitKind,
        /** What the provider changed in its plan after the department's refusal: the permit returns to its inbox. */
        change: WrittenText(MAX_REAPPLICATION_CHANGE, 'what was changed in the plan after the refusal'),
      },
      strict,
    ),
    Type.Object(
      {
        action: Type.Literal('permit-materials-supplied'),
        kind: OutsideLinePermitKind,
        /** 容缺后补: materials the permit was accepted without, supplied now (each named as the department named it). */
        materials: PermitMaterials('the owed materials supplied now'),
      },
      strict,
    ),
    Type.Object({ action: Type.Literal('construction-done') }, strict),
    Type.Object(
      {
        action: Type.Literal('restoration-done'),
        /** 修复完成: what was restored, as the provider says it. */
        note: Type.Optional(WrittenText(MAX_PLAN_DESCRIPTION, 'what was restored')),
      },
      strict,
    ),
  ],
  discriminated,
)
export type UtilityActionBody = Static<typeof UtilityActionBody>

/**
 * POST /utility-requests/:id/permit-decision — 并联审批: a reviewer of the department a permit was applied to decides
 * it in its inbox: 准予许可 with its 文号, or 不予许可 with the reason (and a 文号 when the refusal has one); or, before
 * deciding, 容缺受理 (`accepted`): it accepts the application without the non-key materials it names, which the provider
 * then owes. The day is the service's today; the department is the reviewer's.
 */
export const DepartmentPermitDecisionBody = Type.Union(
  [
    Type.Object(
      {
        kind: OutsideLinePermitKind,
        outcome: Type.Literal('granted'),
        documentNo: WrittenText(MAX_DOCUMENT_NO, '文号 of the department’s written decision'),
      },
      strict,
    ),
    Type.Object(
      {
        kind: OutsideLinePermitKind,
        outcome: Type.Literal('refused'),
        reason: WrittenText(MAX_TEXT, '不予许可: why the permit is refused, and what would change it'),
        documentNo: Type.Optional(WrittenText(MAX_DOCUMENT_NO, '文号 of the written refusal, when it has one')),
      },
      strict,
    ),
    Type.Object(
      {
        kind: OutsideLinePermitKind,
        outcome: Type.Literal('accepted'),
        deficiencies: PermitMaterials('容缺受理: the non-key materials the application is accepted without'),
      },
      strict,
    ),
  ],
  { discriminator: { propertyName: 'outcome' } },
)
export type DepartmentPermitDecisionBody = Static<typeof DepartmentPermitDecisionBody>

/**
 * POST /utility-requests/:id/joint-survey — 联合踏勘: the request's provider proposes the one joint site survey of the
 * request's project, for every request of it at survey; the day is today or later (China).
 */
export const ProposeJointSurveyBody = Type.Object(
  {
    day: LegalDate,
    time: WrittenText(MAX_SURVEY_TIME, 'the time of day, as written: 9:00-11:00'),
    place: WrittenText(MAX_SURVEY_PLACE, 'where the providers meet on site'),
    contact: WrittenText(MAX_SURVEY_CONTACT, 'whom to call on the day: a name and a number'),
  },
  strict,
)
export type ProposeJointSurveyBody = Static<typeof ProposeJointSurveyBody>

/**
 * POST /utility-requests/:id/joint-survey/cancellation — its proposer cancels the project's joint survey before its
 * day, through its own request, saying why; the requests carrying it carry none after.
 */
export const CancelJointSurveyBody = Type.Object(
  { reason: WrittenText(MAX_SURVEY_CANCEL_REASON, 'why: the site is not ready, the day suits nobody') },
  strict,
)
export type CancelJointSurveyBody = Static<typeof CancelJointSurveyBody>

/**
 * POST /utility-requests/:id/joint-survey/confirmation — another provider confirms, through its own request at survey,
 * that it will attend the appointment that request carries, named by when it was proposed: an appointment rescheduled
 * since is not the one it read, and is refused (UTILITY_JOINT_SURVEY_CHANGED).
 */
export const ConfirmJointSurveyBody = Type.Object(
  {
    /** The confirmed appointment's `proposedAt`, as the request showed it. */
    proposedAt: Instant,
  },
  strict,
)
export type ConfirmJointSurveyBody = Static<typeof ConfirmJointSurveyBody>

/**
 * POST /utility-requests/:id/restoration-review — 修复验收: a reviewer of a department the request's plans were pushed
 * to accepts the declared restoration, or sends it back (`rectify`) with the reason.
 */
export const RestorationReviewBody = Type.Union(
  [
    Type.Object({ outcome: Type.Literal('accepted') }, strict),
    Type.Object(
      { outcome: Type.Literal('rectify'), reason: WrittenText(MAX_TEXT, 'what is to be put right, and by when') },
      strict,
    ),
  ],
  { discriminator: { propertyName: 'outcome' } },
)
export type RestorationReviewBody = Static<typeof RestorationReviewBody>

export const UtilityRequestParams = Type.Object({ id: Uuid }, strict)

/** GET /utility-requests — filter by provider and project. */
export const UtilityRequestListQuery = Type.Object(
  { provider: Type.Optional(UtilityProvider), project: Type.Optional(Uuid) },
  strict,
)
export type UtilityRequestListQuery = Static<typeof UtilityRequestListQuery>

export const UtilityRequestResponse = Type.Object({ request: UtilityRequestSnapshot })
/**
 * The joint survey as the command left it (for a cancellation, the one cancelled) and the requests the command
 * rewrote, each as it stands after.
 */
export const JointSurveyResponse = Type.Object({
  jointSurvey: JointSurvey,
  requests: Type.Array(UtilityRequestSnapshot, { maxItems: MAX_REQUESTS_AT_SURVEY }),
})
export const UtilityRequestListResponse = Type.Object({ requests: Type.Array(UtilityRequestSnapshot) })
