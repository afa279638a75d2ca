import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import {
  Count,
  CreditCode,
  Instant,
  LegalDate,
  MAX_NAME,
  MAX_REFERENCE,
  ProjectTypeCode,
  Uuid,
  WrittenText,
} from '../primitives.js'

// 工程质量安全监督 "双随机、一公开" (004:1856): the local supervision body (质量安全监督机构, under 市住房城乡建设局)
// inspects the projects under quality-safety supervision — those whose construction permit (施工许可) is granted — by
// drawing random projects and random inspectors, and publishes the results. docs/quality-supervision.md.

const strict = { additionalProperties: false } as const

/**
 * The department that acts as the supervision body: the housing and urban-rural construction department (住建), whose
 * 质量安全监督机构 inspects (004:1856 "市住房城乡建设局牵头").
 */
export const QUALITY_SUPERVISION_DEPARTMENT = 'housing-construction'

/**
 * A project's quality-safety risk grade (质量安全风险等级), derived from its type: `low` for the simple low-risk and
 * renovation types the seed names, and the catalogue's other low-risk types; `ordinary` for every other type.
 */
export const QualityRiskGrade = Type.Union([Type.Literal('low'), Type.Literal('ordinary')])
export type QualityRiskGrade = Static<typeof QualityRiskGrade>

/** An inspector of the pool (执法检查人员名录库): a housing-department reviewer, by the token's `sub`, and a name. */
export const QualityInspector = Type.Object(
  {
    sub: Type.String({ minLength: 1, maxLength: 255 }),
    name: WrittenText(100, 'the inspector’s name as published'),
  },
  strict,
)
export type QualityInspector = Static<typeof QualityInspector>

/** The role of a participating unit (参建单位) on the works: owner, builder, supervisor, surveyor, designer. */
export const ParticipatingUnitRole = Type.Union([
  Type.Literal('owner'),
  Type.Literal('builder'),
  Type.Literal('supervisor'),
  Type.Literal('surveyor'),
  Type.Literal('designer'),
])

/** A participating unit whose credit record (信用信息档案) the result goes into (004:1856). */
export const ParticipatingUnit = Type.Object(
  {
    role: ParticipatingUnitRole,
    name: WrittenText(200, 'the unit’s name'),
    creditCode: CreditCode,
  },
  strict,
)
export type ParticipatingUnit = Static<typeof ParticipatingUnit>

/** 合格 (`pass`) or 责令整改 (`rectify`, with the items to rectify). */
export const QualityOutcome = Type.Union([Type.Literal('pass'), Type.Literal('rectify')])
export type QualityOutcome = Static<typeof QualityOutcome>

const RectifyItem = WrittenText(500, 'one item to rectify')

/** An inspection's result as recorded by an inspector assigned to it; public (一公开). */
export const QualityInspectionResult = Type.Object({
  outcome: QualityOutcome,
  /** The items to rectify: one at least for `rectify`, none for `pass`. */
  items: Type.Array(RectifyItem, { maxItems: 50 }),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  /** The participating units inspected; the result goes into each one's credit record. */
  units: Type.Array(ParticipatingUnit, { maxItems: 10 }),
})
export type QualityInspectionResult = Static<typeof QualityInspectionResult>

/**
 * 回避 / 改派 — the body replaced one drawn inspector of an inspection (recused, mistyped, departed) with another
 * drawn at random from the rest of the round's pool, with its own seed: the body names whom it replaces and why, never
 * whom it takes.
 */
export const QualityReassignment = Type.Object(
  {
    replaced: QualityInspector,
    drawn: QualityInspector,
    reason: WrittenText(500, 'why the inspector is replaced'),
    /** The seed of this draw (the service's, as a round's); the body's record, not published. */
    seed: Type.Integer({ minimum: 0, maximum: 4_294_967_295 }),
    /** How many inspectors the draw chose among: the round's pool less the inspection's inspectors and those replaced. */
    among: Type.Integer({ minimum: 1, maximum: 100 }),
    by: Type.String({ maxLength: MAX_REFERENCE }),
    at: Instant,
    on: LegalDate,
  },
  strict,
)
export type QualityReassignment = Static<typeof QualityReassignment>

/** One drawn project of one round (抽查), whole, as it stands after an event. */
export const QualityInspectionSnapshot = Type.Object({
  inspectionId: Uuid,
  /** The round it was drawn in; every inspection of the round carries the same round id and seed. */
  roundId: Uuid,
  /**
   * The seed of the round's draw: the service drew it, so no officer picks a favourable one. The body's record, not
   * published; the seed alone does not repeat a draw — that also needs the candidates and the pool as they stood at
   * the round (docs/quality-supervision.md "Repeating a round").
   */
  seed: Type.Integer({ minimum: 0, maximum: 4_294_967_295 }),
  projectId: Uuid,
  projectName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  projectCode: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  projectType: ProjectTypeCode,
  ownerCreditCode: CreditCode,
  riskGrade: QualityRiskGrade,
  /** 原则上只开展一次: a project of this type is inspected once and never drawn again. */
  onceOnly: Type.Boolean(),
  /** The inspectors who inspect: as drawn, each replaced one (`reassignments`) in its place. */
  inspectors: Type.Array(QualityInspector, { minItems: 1, maxItems: 5 }),
  /** 回避 / 改派, oldest first: at most the pool (100) less the inspectors, so 100 bounds it. */
  reassignments: Type.Optional(Type.Array(QualityReassignment, { maxItems: 100 })),
  drawnBy: Type.String({ maxLength: MAX_REFERENCE }),
  drawnAt: Instant,
  drawnOn: LegalDate,
  status: Type.Union([Type.Literal('assigned'), Type.Literal('recorded')]),
  result: Type.Optional(QualityInspectionResult),
  recordedBy: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  recordedAt: Type.Optional(Instant),
  recordedOn: Type.Optional(LegalDate),
  revision: Count(1),
})
export type QualityInspectionSnapshot = Static<typeof QualityInspectionSnapshot>

const inspectionEvent = <const S extends `permit.acceptance.quality-inspection.${string}.v1`>(
  subject: S,
  description: string,
) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      inspection: QualityInspectionSnapshot,
      actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    }),
  })

export const QualityInspectionAssignedV1 = inspectionEvent(
  'permit.acceptance.quality-inspection.assigned.v1',
  '双随机 — a round drew this project and these inspectors from the pool; the supervision body’s worklist, not announced to the owner.',
)
export const QualityInspectionRecordedV1 = inspectionEvent(
  'permit.acceptance.quality-inspection.recorded.v1',
  '一公开 — an assigned inspector recorded the result (合格 or 责令整改 with items); published, and for the participating units’ credit records.',
)
export const QualityInspectionReassignedV1 = inspectionEvent(
  'permit.acceptance.quality-inspection.reassigned.v1',
  '回避 / 改派 — the supervision body replaced one drawn inspector with another drawn from the rest of the round’s pool, before any result; the body’s worklist, not announced to the owner.',
)
export type QualityInspectionEventBody = EventBody<typeof QualityInspectionRecordedV1>

export const qualityInspectionEvents = [
  QualityInspectionAssignedV1,
  QualityInspectionRecordedV1,
  QualityInspectionReassignedV1,
] as const

/**
 * POST /quality-rounds — the supervision body draws a round: N projects, K inspectors each from the pool, which must
 * hold at least K + 1 (acceptance refuses a smaller one naming `/body/pool`: with K alone there is nothing to draw).
 */
export const DrawQualityRoundBody = Type.Object(
  {
    projects: Type.Integer({ minimum: 1, maximum: 50, description: 'how many projects to draw' }),
    inspectorsPerProject: Type.Integer({ minimum: 1, maximum: 5, description: 'inspectors drawn for each project' }),
    pool: Type.Array(QualityInspector, { minItems: 1, maxItems: 100 }),
  },
  strict,
)
export type DrawQualityRoundBody = Static<typeof DrawQualityRoundBody>

/**
 * POST /quality-inspections/:id/reassign — the supervision body replaces `inspector` (the `sub` of one of the
 * inspection's inspectors) with one drawn from the rest of the round's pool, before a result is recorded.
 */
export const ReassignQualityInspectionBody = Type.Object(
  {
    inspector: Type.String({ minLength: 1, maxLength: 255, description: 'the account of the inspector replaced' }),
    reason: WrittenText(500, 'why the inspector is replaced (回避, 调离…)'),
  },
  strict,
)
export type ReassignQualityInspectionBody = Static<typeof ReassignQualityInspectionBody>

/** POST /quality-inspections/:id/result — an assigned inspector records the result, once. */
export const RecordQualityResultBody = Type.Object(
  {
    outcome: QualityOutcome,
    items: Type.Optional(Type.Array(RectifyItem, { maxItems: 50 })),
    note: Type.Optional(WrittenText(2000, 'the inspector’s note')),
    units: Type.Optional(Type.Array(ParticipatingUnit, { maxItems: 10 })),
  },
  strict,
)
export type RecordQualityResultBody = Static<typeof RecordQualityResultBody>

export const QualityRoundResponse = Type.Object({
  roundId: Uuid,
  seed: Type.Integer({ minimum: 0, maximum: 4_294_967_295 }),
  inspections: Type.Array(QualityInspectionSnapshot, { maxItems: 50 }),
})
export const QualityInspectionResponse = Type.Object({ inspection: QualityInspectionSnapshot })
export const QualityInspectionListResponse = Type.Object({
  inspections: Type.Array(QualityInspectionSnapshot, { maxItems: 200 }),
})

/** A participating unit as the public reads it: its role and name, never its 统一社会信用代码 (the owner's included). */
export const PublishedParticipatingUnit = Type.Object(
  { role: ParticipatingUnitRole, name: WrittenText(200, 'the unit’s name') },
  strict,
)
export type PublishedParticipatingUnit = Static<typeof PublishedParticipatingUnit>

/** A result as the public reads it: the units by role and name only. */
export const PublishedQualityResult = Type.Object({
  outcome: QualityOutcome,
  items: Type.Array(RectifyItem, { maxItems: 50 }),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  units: Type.Array(PublishedParticipatingUnit, { maxItems: 10 }),
})
export type PublishedQualityResult = Static<typeof PublishedQualityResult>

/**
 * A published result as the public reads it (一公开): no inspector's account, the inspectors' names only; no credit
 * code of any unit.
 */
export const PublishedQualityInspection = Type.Object({
  inspectionId: Uuid,
  projectId: Uuid,
  projectName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  projectCode: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  riskGrade: QualityRiskGrade,
  inspectors: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 5 }),
  drawnOn: LegalDate,
  recordedOn: LegalDate,
  result: PublishedQualityResult,
})
export type PublishedQualityInspection = Static<typeof PublishedQualityInspection>
export const PublishedQualityInspectionListResponse = Type.Object({
  inspections: Type.Array(PublishedQualityInspection, { maxItems: 200 }),
})
