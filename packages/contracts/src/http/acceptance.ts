import { type Static, Type } from 'typebox'
import { AcceptanceCaseSnapshot, CommitmentMeasure } from '../acceptance/events.js'
import { WorksPart } from '../acceptance/part.js'
import { MAX_RECTIFICATION_MATERIALS, RectificationMaterial } from '../approval/rectification.js'
import { StepDecidedV1 } from '../approval/task.js'
import { AcceptanceProjectCopy } from '../intake/project-registered.js'
import { CatalogueCode, DepartmentCode, ItemCode, LegalDate, Uuid, WrittenText } from '../primitives.js'
import { ApplicationLandList, LandListEntry } from '../shared-results/land.js'

// HTTP bodies of services/acceptance's internal routes, shared with the gateway.

const strict = { additionalProperties: false } as const

/** POST /projects/:id/acceptance — the owner's one joint-acceptance application (一口受理). */
export const OpenAcceptanceBody = Type.Object(
  {
    /** 单位工程 / 施工段 accepted on its own; absent for the whole project. */
    part: Type.Optional(WorksPart),
    /** Items the owner passes on commitment (告知承诺); each must allow it in the catalogue. */
    commitments: Type.Optional(Type.Array(ItemCode, { maxItems: 100, uniqueItems: true })),
  },
  strict,
)
export type OpenAcceptanceBody = Static<typeof OpenAcceptanceBody>

/**
 * The item that must have been approved before the works may be accepted (施工许可): acceptance checks it, and the
 * gateway looks for its approval in its read model to send it (`AcceptancePermitCopy`).
 */
export const PERMIT_ITEM = 'construction-permit'

const decided = StepDecidedV1.schema.properties

/**
 * What acceptance keeps of the construction permit's (施工许可) decision, its record from approval's `step.decided`:
 * the application whose step approved it, when, and — a permit applied for in phases (分阶段办理) — the phase decided
 * (a phase before the last approves no item: it is recorded as how far the step has come), or — a permit applied for
 * per unit work (按照单位工程) — the building it was granted for, which grants no other. The gateway sends it from
 * its read model with the joint-acceptance application, for a permit decided longer ago than the stream keeps events
 * that acceptance never heard; acceptance records it only when it holds no record of the permit at all
 * (docs/architecture.md, "A project a service never heard of"). Never from the caller, whose body the gateway's own
 * schema closes.
 */
export const AcceptancePermitCopy = Type.Object(
  { applicationId: decided.applicationId, decidedAt: decided.decidedAt, phase: decided.phase, part: decided.part },
  strict,
)
export type AcceptancePermitCopy = Static<typeof AcceptancePermitCopy>

/**
 * The application as the gateway forwards it to acceptance: the owner's body and, when the gateway's read model holds
 * the project, the project as it holds it — acceptance's copy of a project whose registration it never heard — and
 * the construction permit's approval, when the read model holds one (`AcceptancePermitCopy`).
 */
export const ForwardedOpenAcceptanceBody = Type.Object(
  {
    ...OpenAcceptanceBody.properties,
    project: Type.Optional(AcceptanceProjectCopy),
    permit: Type.Optional(AcceptancePermitCopy),
  },
  strict,
)
export type ForwardedOpenAcceptanceBody = Static<typeof ForwardedOpenAcceptanceBody>

/** POST /acceptance/:id/inspection — the lead schedules the joint inspection, or the re-inspection of what is pending. */
export const ScheduleInspectionBody = Type.Object(
  {
    date: LegalDate,
    place: Type.String({ minLength: 1, maxLength: 500 }),
    participants: Type.Array(DepartmentCode, { minItems: 1, maxItems: 100, uniqueItems: true }),
    /** 公示 period the case clock does not count (days `from`..`to` inclusive). */
    publicNotice: Type.Optional(Type.Object({ from: LegalDate, to: LegalDate }, strict)),
  },
  strict,
)
export type ScheduleInspectionBody = Static<typeof ScheduleInspectionBody>

/**
 * A defect that names the requirement it rests on: the material (report, drawing, certificate) of the plot's
 * land-condition list the owner is asked for. Checked against the list; a bare-text defect names none and is not.
 */
export const ReferencedDefect = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 2000 }),
    requires: CatalogueCode('material code of the land-condition list the defect rests on'),
  },
  strict,
)
export type ReferencedDefect = Static<typeof ReferencedDefect>
export const AcceptanceDefect = Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), ReferencedDefect])
export type AcceptanceDefect = Static<typeof AcceptanceDefect>

/** POST /acceptance/:id/opinions — one participating department's opinion on its item. */
export const RecordOpinionBody = Type.Object(
  {
    item: ItemCode,
    opinion: Type.Union([Type.Literal('pass'), Type.Literal('rectify'), Type.Literal('fail')]),
    /**
     * Required for `rectify`: what the owner must put right — free text, or the text with the requirement it rests on
     * (用地清单: a project on a listed plot may be asked only for what the plot's land-condition list names).
     */
    defects: Type.Optional(Type.Array(AcceptanceDefect, { minItems: 1, maxItems: 100 })),
  },
  strict,
)
export type RecordOpinionBody = Static<typeof RecordOpinionBody>

/** POST /acceptance/:id/rectifications — the owner reports the defects of these items put right. */
export const SubmitRectificationBody = Type.Object(
  {
    items: Type.Array(ItemCode, { minItems: 1, maxItems: 100, uniqueItems: true }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  strict,
)
export type SubmitRectificationBody = Static<typeof SubmitRectificationBody>

/**
 * POST /acceptance/:id/commitments — the item's department records the later verification of an item passed on
 * commitment (告知承诺): kept, or breached with what it found and the measures it took.
 */
export const VerifyCommitmentBody = Type.Object(
  {
    item: ItemCode,
    result: Type.Union([Type.Literal('kept'), Type.Literal('breached')]),
    /** Required when breached: how the facts differ from the commitment. */
    findings: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { minItems: 1, maxItems: 100 })),
    /** Required when breached. */
    measures: Type.Optional(Type.Array(CommitmentMeasure, { minItems: 1, maxItems: 10, uniqueItems: true })),
    /** Required with the `rectify` measure. */
    rectifyBy: Type.Optional(LegalDate),
    /** Optional with `bar-commitment`: the last day of the bar; absent = until lifted. */
    barredUntil: Type.Optional(LegalDate),
  },
  strict,
)
export type VerifyCommitmentBody = Static<typeof VerifyCommitmentBody>

/**
 * POST /acceptance/:id/commitment-rectification-report — 整改 reported (seeds/004:1860 责令限期整改): the owner says what
 * it put right of the item's 告知承诺 breach, optionally naming the documents that show it, for the item's department to
 * confirm. The approval stage's `RectificationReportBody` is this body naming a task's finding instead of an item.
 */
export const CommitmentRectificationReportBody = Type.Object(
  {
    item: ItemCode,
    statement: Type.String({ minLength: 1, maxLength: 2000, description: '整改情况: what was put right, and how' }),
    materials: Type.Optional(
      Type.Array(RectificationMaterial, { minItems: 1, maxItems: MAX_RECTIFICATION_MATERIALS, uniqueItems: true }),
    ),
  },
  strict,
)
export type CommitmentRectificationReportBody = Static<typeof CommitmentRectificationReportBody>

/**
 * POST /acceptance/:id/commitment-rectification-review — the item's department: 整改完成 (`done`), or not done saying
 * what is missing (`note`, required then).
 */
export const CommitmentRectificationReviewBody = Type.Object(
  {
    item: ItemCode,
    result: Type.Union([Type.Literal('done'), Type.Literal('not-done')]),
    note: Type.Optional(
      Type.String({ minLength: 1, maxLength: 2000, description: 'what is still missing (required when not done)' }),
    ),
  },
  strict,
)
export type CommitmentRectificationReviewBody = Static<typeof CommitmentRectificationReviewBody>

/**
 * POST /acceptance/:id/commitment-rectification-escalation — 逾期未整改: the further measure (依法撤销 of the item's
 * pass, 禁止选择告知承诺 through `barredUntil`) on an item whose 整改 was not confirmed by its day, once.
 */
export const CommitmentRectificationEscalationBody = Type.Object(
  {
    item: ItemCode,
    measures: Type.Array(Type.Union([Type.Literal('revoke'), Type.Literal('bar-commitment')]), {
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
    }),
    barredUntil: VerifyCommitmentBody.properties.barredUntil,
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  strict,
)
export type CommitmentRectificationEscalationBody = Static<typeof CommitmentRectificationEscalationBody>

/**
 * POST /acceptance/:id/results — 结果物: the item's department records the result document it issued for its item after
 * the case passed; once per item. Where the case's `opinionIsFiling`, the last one issues the 竣工验收备案表.
 */
export const RecordResultBody = Type.Object(
  {
    item: ItemCode,
    name: WrittenText(200, 'the result document as issued (规划条件核实合格证)'),
    number: WrittenText(200, 'its number (文号 / 证号) as the department gave it'),
    issuedOn: LegalDate,
  },
  strict,
)
export type RecordResultBody = Static<typeof RecordResultBody>

export const AcceptanceCaseResponse = Type.Object({ case: AcceptanceCaseSnapshot })
export type AcceptanceCaseResponse = Static<typeof AcceptanceCaseResponse>

/**
 * GET /acceptance/:id/land-list — 用地清单 as the case is bound by it (004:2263 验收环节不得擅自增加清单外的要求): the plot's
 * list acceptance checks each defect's `requires` against, its entries with the materials each allows, so a department
 * can rest a defect on one of them. `landList` is absent when the project stands on no listed plot (not bound).
 */
export const AcceptanceLandListResponse = Type.Object({
  caseId: Uuid,
  projectId: Uuid,
  landList: Type.Optional(
    Type.Object({
      ...ApplicationLandList.properties,
      materials: Type.Array(CatalogueCode('material code'), { maxItems: 2000 }),
      entries: Type.Array(LandListEntry, { maxItems: 100 }),
    }),
  ),
})
export type AcceptanceLandListResponse = Static<typeof AcceptanceLandListResponse>
