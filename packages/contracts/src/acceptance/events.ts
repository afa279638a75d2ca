import { type Static, Type } from 'typebox'
import { TaskRectification } from '../approval/rectification.js'
import { CommitmentMeasure } from '../commitment-measure.js'
import { defineEvent, type EventBody } from '../define-event.js'
import { ClockAlertDue, ClockAlerts, ClockSpec, SuspensionKindCode } from '../intake/shared.js'
import {
  Count,
  CreditCode,
  DepartmentCode,
  Instant,
  ItemCode,
  LegalDate,
  MAX_LIST,
  MAX_NAME,
  MAX_REFERENCE,
  MAX_TEXT,
  ProjectTypeCode,
  Uuid,
} from '../primitives.js'
import { NamedUnit } from '../shared-results/drawing-review.js'
import { SurveyResult } from '../shared-results/survey.js'
import { WorksPartOnRecord } from './part.js'

export { CommitmentMeasure }

/** The later verification (事后核查) of an item passed on commitment, by the item's own department. */
export const CommitmentVerification = Type.Object({
  result: Type.Union([Type.Literal('kept'), Type.Literal('breached')]),
  on: LegalDate,
  department: DepartmentCode,
  /** Who verified (the actor's subject). */
  by: Type.String({ maxLength: MAX_REFERENCE }),
  /** What the department found that differs from the commitment; present when breached. */
  findings: Type.Optional(Type.Array(Type.String({ maxLength: MAX_TEXT }), { maxItems: MAX_LIST })),
  measures: Type.Optional(Type.Array(CommitmentMeasure, { maxItems: 10 })),
  /** With `rectify`: the day the owner must have put it right. */
  rectifyBy: Type.Optional(LegalDate),
  /** With `bar-commitment`: the last day the owner may not choose 告知承诺; absent = until lifted. */
  barredUntil: Type.Optional(LegalDate),
})

/**
 * 结果物 — the document a department issues for its item after the on-site pass (规划条件核实合格证, 消防验收备案凭证…):
 * the 竣工验收备案表 waits for every item's (Foshan, 004:2279 待各部门出具结果物后，同时出具竣工验收备案表).
 */
export const AcceptanceItemResult = Type.Object({
  /** The document's name as issued (规划条件核实合格证). */
  name: Type.String({ minLength: 1, maxLength: MAX_NAME }),
  /** Its number (文号 / 证号) as the department gave it. */
  number: Type.String({ minLength: 1, maxLength: MAX_REFERENCE }),
  issuedOn: LegalDate,
  /** Who recorded it (the actor's subject). */
  recordedBy: Type.String({ maxLength: MAX_REFERENCE }),
})

/**
 * 竣工验收备案表 — issued once, where the case's `opinionIsFiling` says the letter is the filing, when every item has its
 * result (`AcceptanceItemResult`): the form reads the case — its project, its items with their departments and results,
 * its `opinionNumber` — with a number and a day of its own.
 */
export const AcceptanceFilingForm = Type.Object({
  /** `JGBA-<region>-<year>-<6-digit number>`: the region's running number of the year it was issued in. */
  number: Type.String({ maxLength: MAX_REFERENCE }),
  issuedOn: LegalDate,
})

/** One item of a joint acceptance and its department's latest opinion. */
export const AcceptanceItem = Type.Object({
  item: ItemCode,
  department: DepartmentCode,
  itemName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  /** The department as the region's catalogue names it (佛山市自然资源局), pinned when the case opened. */
  departmentName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  /** `committed`: passed on the owner's 告知承诺, verified later (archives, telecom, mailbox where the catalogue allows). */
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('passed'),
    Type.Literal('rectify'),
    Type.Literal('failed'),
    Type.Literal('committed'),
  ]),
  /** What the owner must put right (`rectify`), or why the item did not pass (`failed`): never empty for either. */
  defects: Type.Optional(Type.Array(Type.String({ maxLength: MAX_TEXT }), { maxItems: MAX_LIST })),
  /**
   * The requirement each referenced defect rests on (`defect`: its index in `defects`), with the land-condition list
   * it was checked against when the project stands on a listed plot (用地清单, 004:2263).
   */
  defectRequirements: Type.Optional(
    Type.Array(
      Type.Object({
        defect: Type.Integer({ minimum: 0, maximum: 99 }),
        requires: Type.String({ maxLength: 100 }),
        plotCode: Type.Optional(Type.String({ maxLength: 50 })),
      }),
      { maxItems: 100 },
    ),
  ),
  /** Inspection round of the latest opinion (1 = the joint inspection; later rounds re-inspect only what failed). */
  round: Count(),
  /** `committed` only: the last working day of the 20 W its department has to verify the commitment. */
  verifyBy: Type.Optional(LegalDate),
  /**
   * `committed` only: the clock `verifyBy` is the due date of (20 W from the case's opening day, in its region), which a
   * published calendar re-projects `verifyBy` from. Absent on items passed before it was kept.
   */
  verifyClock: Type.Optional(ClockSpec),
  verification: Type.Optional(CommitmentVerification),
  /** `committed` only: the day `verifyBy` was found passed with no verification (reported once). */
  verificationOverdueOn: Type.Optional(LegalDate),
  /**
   * 整改 ordered by a breach (`verification.rectifyBy`), followed through as the approval stage's is: the owner's
   * reports, the department's reviews, 逾期未整改 (acceptance's timer), the further measure.
   */
  rectification: Type.Optional(TaskRectification),
  /** 结果物: the department's result document, recorded once after the case passed. */
  result: Type.Optional(AcceptanceItemResult),
})

/**
 * A joint acceptance case (联合验收) as it stands after the event, carried whole by every acceptance event with a
 * version that grows by one per change, so readers keep the newest whatever the order.
 */
export const AcceptanceCaseSnapshot = Type.Object({
  caseId: Uuid,
  projectId: Uuid,
  projectType: ProjectTypeCode,
  region: Type.String({ maxLength: 100 }),
  owner: Type.Object({ name: Type.String({ maxLength: MAX_NAME }), creditCode: CreditCode }),
  /** The unit works (单位工程) or construction section (施工段) accepted; absent for the whole project. */
  part: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  /** 牵头部门: the department that alone takes the application and leads the joint inspection. */
  lead: DepartmentCode,
  /** The lead as the region's catalogue names it (佛山市住房城乡建设局), pinned when the case opened. */
  leadName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  status: Type.Union([
    Type.Literal('open'),
    Type.Literal('scheduled'),
    Type.Literal('rectifying'),
    Type.Literal('passed'),
    Type.Literal('failed'),
  ]),
  items: Type.Array(AcceptanceItem, { minItems: 1, maxItems: MAX_LIST }),
  inspection: Type.Optional(
    Type.Object({
      date: LegalDate,
      place: Type.String({ maxLength: MAX_NAME }),
      participants: Type.Array(DepartmentCode, { maxItems: MAX_LIST }),
      round: Count(),
    }),
  ),
  /** The case's clock: the type's joint-acceptance limit from the application day, `clockExclusions` not counted. */
  clock: Type.Optional(ClockSpec),
  /**
   * The procedures the case clock does not count, as the joint-acceptance step of the region's catalogue names them
   * when the case opened (Shanwei's 5 W 不含公示时间, 004:1816: `public-notice`); absent when the step names none (Foshan's
   * 8 W counts every working day, 004:2169), and on cases opened before it was kept.
   */
  clockExclusions: Type.Optional(Type.Array(SuspensionKindCode, { maxItems: 20 })),
  /** The case clock's yellow and overdue alerts, each raised once. */
  clockAlerts: Type.Optional(ClockAlerts),
  /** 验收即发证: the property certificate is issued together with the pass. */
  registrationWithAcceptance: Type.Boolean(),
  /**
   * 多测合一 — the completion-stage survey's results the case uses (one commission, results shared), when the
   * commission had completed when the case opened (docs/shared-results.md): a building's case takes its building's
   * survey, else the whole project's, as `part` says.
   */
  survey: Type.Optional(
    Type.Object({
      commissionId: Uuid,
      /** The building the survey measured; absent for the whole project and on cases opened before it was kept. */
      part: Type.Optional(WorksPartOnRecord),
      surveyor: NamedUnit,
      completedAt: Instant,
      results: Type.Array(SurveyResult, { maxItems: 20 }),
    }),
  ),
  /**
   * 现场出具竣工联合验收意见书即视为完成竣工验收备案 (Foshan, 004:2279): the region's catalogue says the opinion letter counts
   * as the completion-acceptance filing; pinned when the case opened. Absent elsewhere: the letter is not the filing.
   */
  opinionIsFiling: Type.Optional(Type.Boolean()),
  /** 联合验收意见书 number, once issued. */
  opinionNumber: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  /** 竣工验收备案表, once issued (only where `opinionIsFiling`, after every item's result). */
  filingForm: Type.Optional(AcceptanceFilingForm),
  /**
   * 撤销 — the pass no longer stands: after it, an item passed on commitment (告知承诺) was found breached and its
   * department took the `revoke` measure (004:1860 依法撤销许可). The letter (where `opinionIsFiling`, the
   * completion-acceptance filing) and the 竣工验收备案表, if issued, are withdrawn with it: their numbers stay on the
   * case for the record, no form is issued after, and the part is free for a new application.
   */
  passRevoked: Type.Optional(
    Type.Object({
      item: ItemCode,
      department: DepartmentCode,
      on: LegalDate,
      /** Who verified the commitment (the actor's subject). */
      by: Type.String({ maxLength: MAX_REFERENCE }),
    }),
  ),
  openedAt: Instant,
  decidedAt: Type.Optional(Instant),
  version: Count(1),
  updatedAt: Instant,
})

const CaseEventSchema = Type.Object({
  case: AcceptanceCaseSnapshot,
  actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  note: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
})

const caseEvent = <const S extends `permit.acceptance.case.${string}.v1`>(subject: S, description: string) =>
  defineEvent({ subject, description, schema: CaseEventSchema })

/** The case clock's alert: a case event with the clock's due day (`dueOn`, {@link ClockAlertDue}). */
const clockAlertEvent = <const S extends `permit.acceptance.case.${string}.v1`>(subject: S, description: string) =>
  defineEvent({ subject, description, schema: Type.Object({ ...CaseEventSchema.properties, ...ClockAlertDue }) })

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
  '联合验收意见书 issued once: every item passed (or passed on commitment). Where the case says `opinionIsFiling` (Foshan, 004:2279) it counts as the completion-acceptance filing (竣工验收备案).',
)
export const AcceptanceFailedV1 = caseEvent(
  'permit.acceptance.case.failed.v1',
  'A department failed its item, or an item passed on commitment (告知承诺) was found breached before the pass with the `revoke` measure: the joint acceptance did not pass; the owner applies again.',
)

/**
 * Whether an item fails its case, as `AcceptanceFailedV1` means it: its department failed it, or it passed on
 * commitment (告知承诺) and the verification found it breached with the `revoke` measure (依法撤销许可), or the 整改 the
 * breach ordered was not confirmed by its day and the further measure revoked it — its pass is gone, so the owner
 * applies again as after a failed item. The one way acceptance decides a case failed and a reader of the failed case
 * names what failed it.
 */
export const failsAcceptance = (item: Static<typeof AcceptanceItem>): boolean =>
  item.status === 'failed' ||
  (item.status === 'committed' &&
    item.verification?.result === 'breached' &&
    (item.verification.measures?.includes('revoke') === true ||
      item.rectification?.escalation?.measures.includes('revoke') === true))

export const AcceptanceClockWarnedV1 = clockAlertEvent(
  'permit.acceptance.case.clock-warned.v1',
  '预警 — the case clock reached the warning share of its limit (yellow) before a decision; raised once.',
)
export const AcceptanceClockOverdueV1 = clockAlertEvent(
  'permit.acceptance.case.clock-overdue.v1',
  '超时 — the case clock passed its due date with the case undecided; raised once, the day after.',
)
export type AcceptanceCaseEventBody = EventBody<typeof AcceptanceStartedV1>

/** A case event about one item (passed on commitment, or its result recorded): the case after it, and which item. */
const commitmentEvent = <const S extends `permit.acceptance.case.${string}.v1`>(subject: S, description: string) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      case: AcceptanceCaseSnapshot,
      item: ItemCode,
      actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
      note: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
    }),
  })

export const AcceptanceCommitmentKeptV1 = commitmentEvent(
  'permit.acceptance.case.commitment-kept.v1',
  "告知承诺 verified: the item's department checked an item passed on commitment and found the commitment kept.",
)
export const AcceptanceCommitmentBreachedV1 = commitmentEvent(
  'permit.acceptance.case.commitment-breached.v1',
  "告知承诺 not kept: the item's department found the facts differ from the commitment and took the measures named (rectify by a date, revoke, bar the owner from 告知承诺).",
)
export const AcceptanceCommitmentOverdueV1 = commitmentEvent(
  'permit.acceptance.case.commitment-overdue.v1',
  'An item passed on commitment was not verified by its verify-by day: reported once, the day after.',
)
export type AcceptanceCommitmentEventBody = EventBody<typeof AcceptanceCommitmentKeptV1>

/** 结果物 recorded: the item's department issued its result document for the passed case (`item` names it). */
export const AcceptanceResultRecordedV1 = commitmentEvent(
  'permit.acceptance.case.result-recorded.v1',
  "结果物 — the item's department recorded the result document it issued for its item after the pass (name, number, day).",
)
export const AcceptanceFilingIssuedV1 = caseEvent(
  'permit.acceptance.case.filing-issued.v1',
  '竣工验收备案表 issued once: where the case says `opinionIsFiling` (Foshan, 004:2279), the last department result recorded after the pass issues the completion-acceptance filing form, with its own number (`filingForm`).',
)
export const AcceptancePassRevokedV1 = commitmentEvent(
  'permit.acceptance.case.pass-revoked.v1',
  '撤销 — after the pass, an item passed on commitment was found breached and its department took the `revoke` measure (004:1860 依法撤销许可): the pass no longer stands, and with it the letter (where `opinionIsFiling`, the completion-acceptance filing) and the 竣工验收备案表, if issued (`passRevoked`; `item` names the item). Registration completes no first registration on it; a property certificate already issued with the pass (验收即发证) is not revoked by this event — the registrar revokes it (注销).',
)

/**
 * 整改 of an item's 告知承诺 breach followed through (004:1860 责令限期整改; docs/legal-time.md#整改-followed-through):
 * the case after the act, `item` naming the item; the 整改 is that item's `rectification`.
 */
export const AcceptanceCommitmentRectificationReportedV1 = commitmentEvent(
  'permit.acceptance.case.commitment-rectification-reported.v1',
  "整改 reported — the owner says it put right what the item's department found when its 告知承诺 was breached with `rectify` by `rectifyBy`; the report is the last of the item's `rectification.reports`, for the department to confirm or find not done.",
)
export const AcceptanceCommitmentRectificationReviewedV1 = commitmentEvent(
  'permit.acceptance.case.commitment-rectification-reviewed.v1',
  "整改 reviewed — the item's department confirmed the owner's report (整改完成: `rectification.doneOn`) or found it not done (`note`: what is missing); the review is the last report's `review`.",
)
export const AcceptanceCommitmentRectificationOverdueV1 = commitmentEvent(
  'permit.acceptance.case.commitment-rectification-overdue.v1',
  "逾期未整改 — the item's `rectifyBy` passed with no 整改 confirmed: reported once, the day after, by acceptance's timer (`rectification.overdueOn`); the department may take the further measure.",
)
export const AcceptanceCommitmentRectificationEscalatedV1 = commitmentEvent(
  'permit.acceptance.case.commitment-rectification-escalated.v1',
  "逾期未整改's further measure — the item's department took `rectification.escalation` (依法撤销: followed by `pass-revoked` after the pass, by `failed` before it; 禁止选择告知承诺 through `barredUntil`: the owner names no commitments in a new application until then).",
)

export const acceptanceEvents = [
  AcceptanceStartedV1,
  AcceptanceInspectionScheduledV1,
  AcceptanceOpinionRecordedV1,
  AcceptanceRectificationSubmittedV1,
  AcceptancePassedV1,
  AcceptanceFailedV1,
  AcceptanceClockWarnedV1,
  AcceptanceClockOverdueV1,
  AcceptanceCommitmentKeptV1,
  AcceptanceCommitmentBreachedV1,
  AcceptanceCommitmentOverdueV1,
  AcceptanceResultRecordedV1,
  AcceptanceFilingIssuedV1,
  AcceptancePassRevokedV1,
  AcceptanceCommitmentRectificationReportedV1,
  AcceptanceCommitmentRectificationReviewedV1,
  AcceptanceCommitmentRectificationOverdueV1,
  AcceptanceCommitmentRectificationEscalatedV1,
] as const
