import { Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { ClockSpec } from '../intake/shared.js'
import { CreditCode, DepartmentCode, Instant, ItemCode, LegalDate, Uuid } from '../primitives.js'

/** One item of a joint acceptance and its department's latest opinion. */
export const AcceptanceItem = Type.Object({
  item: ItemCode,
  department: DepartmentCode,
  itemName: Type.Optional(Type.String()),
  /** `committed`: passed on the owner's 告知承诺, verified later (archives, telecom, mailbox where the catalogue allows). */
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('passed'),
    Type.Literal('rectify'),
    Type.Literal('failed'),
    Type.Literal('committed'),
  ]),
  defects: Type.Optional(Type.Array(Type.String())),
  /** Inspection round of the latest opinion (1 = the joint inspection; later rounds re-inspect only what failed). */
  round: Type.Integer({ minimum: 0 }),
  verifyBy: Type.Optional(LegalDate),
})

/**
 * A joint acceptance case (联合验收) as it stands after the event, carried whole by every acceptance event with a
 * version that grows by one per change, so readers keep the newest whatever the order.
 */
export const AcceptanceCaseSnapshot = Type.Object({
  caseId: Uuid,
  projectId: Uuid,
  projectType: Type.String(),
  region: Type.String(),
  owner: Type.Object({ name: Type.String(), creditCode: CreditCode }),
  /** The unit works (单位工程) or construction section (施工段) accepted; absent for the whole project. */
  part: Type.Optional(Type.String()),
  /** 牵头部门: the department that alone takes the application and leads the joint inspection. */
  lead: DepartmentCode,
  status: Type.Union([
    Type.Literal('open'),
    Type.Literal('scheduled'),
    Type.Literal('rectifying'),
    Type.Literal('passed'),
    Type.Literal('failed'),
  ]),
  items: Type.Array(AcceptanceItem, { minItems: 1 }),
  inspection: Type.Optional(
    Type.Object({
      date: LegalDate,
      place: Type.String(),
      participants: Type.Array(DepartmentCode),
      round: Type.Integer(),
    }),
  ),
  /** The case's clock: the type's joint-acceptance limit from the application day, public-notice periods not counted. */
  clock: Type.Optional(ClockSpec),
  /** 验收即发证: the property certificate is issued together with the pass. */
  registrationWithAcceptance: Type.Boolean(),
  /** 联合验收意见书 number, once issued; it is also the completion-acceptance filing (竣工验收备案). */
  opinionNumber: Type.Optional(Type.String()),
  openedAt: Instant,
  decidedAt: Type.Optional(Instant),
  version: Type.Integer({ minimum: 1 }),
  updatedAt: Instant,
})

const caseEvent = <const S extends `permit.acceptance.case.${string}.v1`>(subject: S, description: string) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      case: AcceptanceCaseSnapshot,
      actor: Type.Optional(Type.String()),
      note: Type.Optional(Type.String()),
    }),
  })

export const AcceptanceStartedV1 = caseEvent(
  'permit.acceptance.case.started.v1',
  "一口受理 — the lead department took the owner's one acceptance application; the case clock starts; registration starts its pre-survey.",
)
export const AcceptanceInspectionScheduledV1 = caseEvent(
  'permit.acceptance.case.inspection-scheduled.v1',
  'The lead scheduled the joint inspection (date, place, participating departments), or a re-inspection of the failed items.',
)
export const AcceptanceOpinionRecordedV1 = caseEvent(
  'permit.acceptance.case.opinion-recorded.v1',
  'A participating department recorded its opinion on its item: pass, rectify (with the defects) or fail.',
)
export const AcceptanceRectificationSubmittedV1 = caseEvent(
  'permit.acceptance.case.rectification-submitted.v1',
  'The owner reported the defects rectified; only the items asked to rectify are inspected again.',
)
export const AcceptancePassedV1 = caseEvent(
  'permit.acceptance.case.passed.v1',
  '联合验收意见书 issued once: every item passed (or passed on commitment). It counts as the completion-acceptance filing (竣工验收备案).',
)
export const AcceptanceFailedV1 = caseEvent(
  'permit.acceptance.case.failed.v1',
  'A department failed its item: the joint acceptance did not pass.',
)
export type AcceptanceCaseEventBody = EventBody<typeof AcceptanceStartedV1>

export const acceptanceEvents = [
  AcceptanceStartedV1,
  AcceptanceInspectionScheduledV1,
  AcceptanceOpinionRecordedV1,
  AcceptanceRectificationSubmittedV1,
  AcceptancePassedV1,
  AcceptanceFailedV1,
] as const
