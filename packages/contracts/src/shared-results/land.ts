import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import {
  CatalogueCode,
  DepartmentCode,
  Instant,
  ItemCode,
  LegalDate,
  MAX_NAME,
  MAX_REFERENCE,
  Uuid,
} from '../primitives.js'

const strict = { additionalProperties: false } as const

/**
 * The assessment subjects of a regional assessment (区域评估): the ten Foshan lists (004:2265) and the water-resource
 * assessment Hainan and Sanya add (004:3452, 004:3701). Cultural relics include the archaeological survey (考古调查).
 */
export const AssessmentSubject = Type.Union([
  Type.Literal('overlying-minerals'),
  Type.Literal('energy-saving'),
  Type.Literal('geological-hazards'),
  Type.Literal('seismic-safety'),
  Type.Literal('cultural-relics'),
  Type.Literal('soil-water-conservation'),
  Type.Literal('climate-feasibility'),
  Type.Literal('lightning'),
  Type.Literal('flood-impact'),
  Type.Literal('environmental-impact'),
  Type.Literal('water-resources'),
])
export type AssessmentSubject = Static<typeof AssessmentSubject>

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength })
const AreaCode = Type.String({ minLength: 1, maxLength: 50, pattern: '^[A-Za-z0-9-]+$', description: 'area code' })
const PlotCode = Type.String({ minLength: 1, maxLength: 50, pattern: '^[A-Za-z0-9-]+$', description: '宗地编号' })
const Region = Type.String({ pattern: '^\\d{6}$', maxLength: 6, description: 'region code (six digits)' })

/** One published result of the area's assessment: the document, the day it was issued and who assessed. */
export const AreaAssessmentResult = Type.Object(
  {
    subject: AssessmentSubject,
    documentRef: Text(500),
    issuedOn: LegalDate,
    assessedBy: Text(200),
  },
  strict,
)
export type AreaAssessmentResult = Static<typeof AreaAssessmentResult>

/** 区域评估 — an area (a park or contiguous reserve land) with its published results, whole, as published. */
export const AssessedAreaSnapshot = Type.Object({
  areaId: Uuid,
  code: AreaCode,
  name: Text(200),
  kind: Type.Union([Type.Literal('park'), Type.Literal('reserve-land')]),
  region: Region,
  results: Type.Array(AreaAssessmentResult, { minItems: 1, maxItems: 11 }),
  /** 例外清单: subjects still assessed project by project although the area was assessed. */
  exceptions: Type.Array(AssessmentSubject, { maxItems: 11 }),
  publishedAt: Instant,
  publishedOn: LegalDate,
  publishedBy: Type.String({ maxLength: MAX_REFERENCE }),
})
export type AssessedAreaSnapshot = Static<typeof AssessedAreaSnapshot>

/** POST /areas — the city publishes an area's regional-assessment results and its exception list. */
export const PublishAreaBody = Type.Object(
  {
    code: AreaCode,
    name: Text(200),
    kind: Type.Union([Type.Literal('park'), Type.Literal('reserve-land')]),
    region: Region,
    results: Type.Array(AreaAssessmentResult, { minItems: 1, maxItems: 11 }),
    exceptions: Type.Array(AssessmentSubject, { maxItems: 11, uniqueItems: true }),
  },
  strict,
)
export type PublishAreaBody = Static<typeof PublishAreaBody>

export const LandListEntryKind = Type.Union([
  Type.Literal('planning-condition'),
  Type.Literal('assessment'),
  Type.Literal('design-point'),
  Type.Literal('indicator'),
  Type.Literal('greening'),
])

/**
 * One line of a land-condition list (用地清单, 004:2263): what it requires, and the materials a department may ask the
 * owner for on its account (besides the step's own checklist).
 */
export const LandListEntry = Type.Object(
  {
    kind: LandListEntryKind,
    text: Text(1000),
    materials: Type.Optional(Type.Array(CatalogueCode('material code'), { maxItems: 20, uniqueItems: true })),
  },
  strict,
)
export type LandListEntry = Static<typeof LandListEntry>

export const ConnectionUtility = Type.Union([
  Type.Literal('water'),
  Type.Literal('power'),
  Type.Literal('gas'),
  Type.Literal('telecom'),
])

/** 宗地周边供水、供电、供气、通讯连接点和接驳要求 (004:2263). */
export const LandConnectionPoint = Type.Object(
  { utility: ConnectionUtility, point: Text(200), requirement: Text(500) },
  strict,
)
export type LandConnectionPoint = Static<typeof LandConnectionPoint>

/** 用地清单 / 标准地 — a plot with its land-condition list, published at land sale. */
export const LandPlotSnapshot = Type.Object({
  plotId: Uuid,
  plotCode: PlotCode,
  name: Text(200),
  region: Region,
  /** The assessed area the plot lies in, when it lies in one. */
  areaId: Type.Optional(Uuid),
  /** The land sale (土地出让) the list was published with. */
  soldOn: LegalDate,
  entries: Type.Array(LandListEntry, { minItems: 1, maxItems: 100 }),
  connectionPoints: Type.Array(LandConnectionPoint, { maxItems: 20 }),
  publishedAt: Instant,
  publishedOn: LegalDate,
  publishedBy: Type.String({ maxLength: MAX_REFERENCE }),
})
export type LandPlotSnapshot = Static<typeof LandPlotSnapshot>

/** POST /plots — the plot's land-condition list, published with its sale. */
export const PublishPlotBody = Type.Object(
  {
    plotCode: PlotCode,
    name: Text(200),
    region: Region,
    areaId: Type.Optional(Uuid),
    soldOn: LegalDate,
    entries: Type.Array(LandListEntry, { minItems: 1, maxItems: 100 }),
    connectionPoints: Type.Array(LandConnectionPoint, { maxItems: 20 }),
  },
  strict,
)
export type PublishPlotBody = Static<typeof PublishPlotBody>

/** POST /projects/:id/area and /projects/:id/plot — the project is located in an area, or its land is linked. */
export const LinkAreaBody = Type.Object({ areaId: Uuid }, strict)
export const LinkPlotBody = Type.Object({ plotId: Uuid }, strict)

/** The land a project stands on: its area and its plot with the list, as far as they are linked. */
export const ProjectLand = Type.Object({
  projectId: Uuid,
  area: Type.Optional(AssessedAreaSnapshot),
  plot: Type.Optional(LandPlotSnapshot),
})
export type ProjectLand = Static<typeof ProjectLand>

/** An assessment the area's result stands for: the material not asked, and the citation. */
export const CoveredAssessment = Type.Object({
  subject: AssessmentSubject,
  name: Type.String({ maxLength: MAX_NAME }),
  material: CatalogueCode('material code'),
  areaId: Uuid,
  areaName: Type.String({ maxLength: MAX_NAME }),
  documentRef: Type.String({ maxLength: 500 }),
  issuedOn: LegalDate,
  source: Type.String({ maxLength: 200 }),
})
export type CoveredAssessment = Static<typeof CoveredAssessment>

/**
 * An assessment report the project's chosen intermediary (中介服务) has delivered: the window takes it from the
 * engagement instead of asking the owner for a copy (004:1792, the service's work inside the flow).
 */
export const DeliveredReport = Type.Object({
  subject: AssessmentSubject,
  /** The material it stands for, and that material's name. */
  material: CatalogueCode('material code'),
  name: Type.String({ maxLength: 200 }),
  engagementId: Uuid,
  serviceName: Type.String({ maxLength: 200 }),
  intermediaryName: Type.String({ maxLength: 200 }),
  documentRef: Type.String({ maxLength: 500 }),
  deliveredOn: LegalDate,
})
export type DeliveredReport = Static<typeof DeliveredReport>

export const ChecklistMaterial = Type.Object({
  code: CatalogueCode('material code'),
  name: Type.String(),
  required: Type.Boolean(),
  deficiencyAllowed: Type.Boolean(),
  /** The assessment subject it is the report of, when it is one. */
  assessment: Type.Optional(AssessmentSubject),
})

/**
 * GET /projects/:id/checklist?step= — the step's material checklist for this project, the assessments its area covers
 * and the reports its intermediaries delivered apart.
 */
export const ChecklistQuery = Type.Object({ step: CatalogueCode('flow step code') }, strict)

/**
 * The most stated facts a step's checklist answers (`statedFactsAsked`): `MAX_STATED_FACTS` of @onewindow/catalogue,
 * whose validation refuses a step whose follow-ons read more, so none is left unasked.
 */
export const MAX_STATED_FACTS = 200

/**
 * A fact a follow-on of the step reads from the application's form (后续事项 only if, 004:1814), as the project's
 * pinned catalogue says it: the desk asks it 是 (`true`) / 否 (`false`), labelled with the rule's words.
 */
export const ChecklistStatedFact = Type.Object({
  fact: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z][A-Za-z0-9]{0,99}$' }),
  /** The words of the rule that reads it (门牌号所朝向的街路巷名称已命名). */
  description: Type.String({ maxLength: MAX_NAME }),
  /**
   * The answer the follow-on needs of the fact to open (`true` 是, `false` 否: its rules ask `== true` or `== false`);
   * absent when the fact decides nothing alone (read in an `any` rule, by another operator, or asked both ways) and
   * from an intake older than the field.
   */
  required: Type.Optional(Type.Boolean()),
  /** The follow-on that opens only if its rules hold: the item, the item it follows, its department, each named. */
  followOn: Type.Object({
    item: ItemCode,
    itemName: Type.String({ maxLength: MAX_NAME }),
    after: ItemCode,
    afterName: Type.String({ maxLength: MAX_NAME }),
    department: DepartmentCode,
    departmentName: Type.String({ maxLength: MAX_NAME }),
  }),
})
export type ChecklistStatedFact = Static<typeof ChecklistStatedFact>

export const ChecklistResponse = Type.Object({
  projectId: Uuid,
  step: Type.String(),
  materials: Type.Array(ChecklistMaterial, { maxItems: 300 }),
  covered: Type.Array(CoveredAssessment, { maxItems: 11 }),
  /** The reports the project's intermediaries delivered: not asked of the owner either, each citing its engagement. */
  delivered: Type.Array(DeliveredReport, { maxItems: 11 }),
  /**
   * The facts the step's conditioned follow-ons read, on the project's pinned catalogue (the one intake decides the
   * application on), in the catalogue's order; empty when none is conditioned. Absent from an older intake.
   */
  statedFacts: Type.Optional(Type.Array(ChecklistStatedFact, { maxItems: MAX_STATED_FACTS })),
})
export type ChecklistResponse = Static<typeof ChecklistResponse>

/** The land-condition list as an accepted application carries it to approval (one list, the materials it allows). */
export const ApplicationLandList = Type.Object({
  plotId: Uuid,
  plotCode: PlotCode,
  name: Type.String({ maxLength: MAX_NAME }),
  publishedOn: LegalDate,
  /** Every material a department may ask for: the step's checklist and the list's own entries. */
  materials: Type.Array(CatalogueCode('material code'), { maxItems: 500 }),
})
export type ApplicationLandList = Static<typeof ApplicationLandList>

export const AreaPublishedV1 = defineEvent({
  subject: 'permit.intake.area.published.v1',
  description:
    '区域评估 — the city published an area (park or reserve land) with its regional-assessment results and exception list (004:2265).',
  schema: Type.Object({ area: AssessedAreaSnapshot }),
})
export const PlotPublishedV1 = defineEvent({
  subject: 'permit.intake.plot.published.v1',
  description: '用地清单 — a plot’s land-condition list, published free at its land sale (004:2263, 004:3701).',
  schema: Type.Object({ plot: LandPlotSnapshot }),
})
export const ProjectAreaLinkedV1 = defineEvent({
  subject: 'permit.intake.project.area-linked.v1',
  description:
    'The project is located in an assessed area: its applications no longer ask for the assessments the area covers.',
  schema: Type.Object({ projectId: Uuid, area: AssessedAreaSnapshot, linkedAt: Instant }),
})
export const ProjectPlotLinkedV1 = defineEvent({
  subject: 'permit.intake.project.plot-linked.v1',
  description:
    "The project's land is linked: the plot's land-condition list is attached to it, and departments may not ask beyond it.",
  schema: Type.Object({ projectId: Uuid, plot: LandPlotSnapshot, linkedAt: Instant }),
})
export type ProjectPlotLinkedBody = EventBody<typeof ProjectPlotLinkedV1>

export const landEvents = [AreaPublishedV1, PlotPublishedV1, ProjectAreaLinkedV1, ProjectPlotLinkedV1] as const

export const AreaResponse = Type.Object({ area: AssessedAreaSnapshot })
export const AreaListResponse = Type.Object({ areas: Type.Array(AssessedAreaSnapshot, { maxItems: 500 }) })
export const PlotResponse = Type.Object({ plot: LandPlotSnapshot })
export const PlotListResponse = Type.Object({ plots: Type.Array(LandPlotSnapshot, { maxItems: 500 }) })
export const ProjectLandResponse = Type.Object({ land: ProjectLand })
