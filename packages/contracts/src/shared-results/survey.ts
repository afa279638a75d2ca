import { type Static, Type } from 'typebox'
import { WorksPart, WorksPartOnRecord } from '../acceptance/part.js'
import { defineEvent, type EventBody } from '../define-event.js'
import { AcceptanceProjectCopy, ProjectTitle } from '../intake/project-registered.js'
import { Count, CreditCode, Instant, LegalDate, MAX_NAME, MAX_REFERENCE, Uuid } from '../primitives.js'
import { NamedUnit } from './drawing-review.js'

const strict = { additionalProperties: false } as const

/** The three survey stages of 多测合一 (004:2309): land and planning; permits; completion. */
export const SurveyStage = Type.Union([
  Type.Literal('land-planning'),
  Type.Literal('permits'),
  Type.Literal('completion'),
])
export type SurveyStage = Static<typeof SurveyStage>

const SurveyItemCode = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'survey item code (多测合一 catalogue)',
})

/** One merged survey item's result, stored once and read by every user of it. */
export const SurveyResult = Type.Object(
  {
    item: SurveyItemCode,
    documentRef: Type.String({ minLength: 1, maxLength: 500 }),
    /** The measured area, where the item measures one (floor area, parking, green space, civil air defence). */
    areaM2: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000_000 })),
  },
  strict,
)
export type SurveyResult = Static<typeof SurveyResult>

/** 多测合一 — one survey commission of one project for one stage, whole, as it stands after an event. */
export const SurveyCommissionSnapshot = Type.Object({
  commissionId: Uuid,
  projectId: Uuid,
  ownerCreditCode: CreditCode,
  stage: SurveyStage,
  /**
   * The building (单位工程) or section a completion-stage commission measures, so its results reach that building's
   * acceptance and registration (竣工一幢、验收一幢、登记一幢); absent for the whole project, for the other stages, and
   * on commissions made before it was kept. As carried ({@link WorksPartOnRecord}): a commission is made only with a
   * {@link WorksPart}, but one stored before it refused edge whitespace may keep it (20261228000000_trim_part).
   */
  part: Type.Optional(WorksPartOnRecord),
  surveyor: NamedUnit,
  /** The stage's survey items merged into this one commission, each with its seed line. */
  items: Type.Array(
    Type.Object({
      item: SurveyItemCode,
      name: Type.String({ maxLength: MAX_NAME }),
      source: Type.String({ maxLength: 200 }),
    }),
    {
      minItems: 1,
      maxItems: 20,
    },
  ),
  status: Type.Union([Type.Literal('commissioned'), Type.Literal('completed')]),
  commissionedAt: Instant,
  commissionedOn: LegalDate,
  results: Type.Optional(Type.Array(SurveyResult, { maxItems: 20 })),
  completedAt: Type.Optional(Instant),
  revision: Count(1),
})
export type SurveyCommissionSnapshot = Static<typeof SurveyCommissionSnapshot>

const surveyEvent = <const S extends `permit.acceptance.survey.${string}.v1`>(subject: S, description: string) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      commission: SurveyCommissionSnapshot,
      actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    }),
  })

export const SurveyCommissionedV1 = surveyEvent(
  'permit.acceptance.survey.commissioned.v1',
  "多测合一 — the owner commissioned one surveying unit for one stage; the stage's survey items are merged into it.",
)
export const SurveyCompletedV1 = surveyEvent(
  'permit.acceptance.survey.completed.v1',
  "The surveying unit recorded every merged item's result, once; joint acceptance and registration's pre-survey use them (成果共享).",
)
export type SurveyEventBody = EventBody<typeof SurveyCommissionedV1>

export const surveyEvents = [SurveyCommissionedV1, SurveyCompletedV1] as const

/**
 * POST /projects/:id/survey-commissions — the owner commissions one surveying unit for one stage; at the completion
 * stage, for one building (`part`) or the whole project.
 */
export const CommissionSurveyBody = Type.Object(
  { stage: SurveyStage, part: Type.Optional(WorksPart), surveyor: NamedUnit },
  strict,
)
export type CommissionSurveyBody = Static<typeof CommissionSurveyBody>

/** The commission as the gateway forwards it: as `ForwardedOpenAcceptanceBody`, with the project the gateway holds. */
export const ForwardedCommissionSurveyBody = Type.Object(
  { ...CommissionSurveyBody.properties, project: Type.Optional(AcceptanceProjectCopy) },
  strict,
)
export type ForwardedCommissionSurveyBody = Static<typeof ForwardedCommissionSurveyBody>

/** POST /survey-commissions/:id/results — the surveying unit records every merged item's result at once. */
export const SurveyResultsBody = Type.Object(
  { results: Type.Array(SurveyResult, { minItems: 1, maxItems: 20 }) },
  strict,
)
export type SurveyResultsBody = Static<typeof SurveyResultsBody>

export const SurveyCommissionResponse = Type.Object({ commission: SurveyCommissionSnapshot })
export const SurveyCommissionListResponse = Type.Object({
  commissions: Type.Array(SurveyCommissionSnapshot, { maxItems: 200 }),
})
/** The surveying unit's own list: its commissions and the projects they are on, named (it reads no project). */
export const SurveyorCommissionListResponse = Type.Object({
  commissions: Type.Array(SurveyCommissionSnapshot, { maxItems: 200 }),
  projects: Type.Array(ProjectTitle, { maxItems: 200 }),
})
