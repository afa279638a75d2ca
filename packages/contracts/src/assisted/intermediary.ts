import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { ProjectTitle } from '../intake/project-registered.js'
import { ClockSpec } from '../intake/shared.js'
import { Count, CreditCode, Fen, Instant, ItemCode, LegalDate, MAX_REFERENCE, Uuid } from '../primitives.js'
import { AssessmentSubject } from '../shared-results/land.js'

const strict = { additionalProperties: false } as const

const ServiceCode = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'intermediary service code (中介服务事项清单)',
})

/** 信用等级评价 (004:1333): the grade an intermediary holds, shown to the owner before it chooses. */
export const CreditGrade = Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D')])
export type CreditGrade = Static<typeof CreditGrade>

/** One intermediary's published offer for one listed service: its conditions, time limit and fee (004:1333, 004:2489). */
export const IntermediaryOffer = Type.Object({
  name: Type.String({ maxLength: 200 }),
  creditCode: CreditCode,
  grade: CreditGrade,
  conditions: Type.String({ maxLength: 1000 }),
  /** The service time limit it publishes, in working days. */
  limitW: Type.Integer({ minimum: 1, maximum: 250 }),
  feeFen: Fen,
})

/**
 * An approval item (事项) that decides on a service's report: its department judges from the report the intermediary
 * delivered (中介服务 work inside the flow, 004:1792), so its reviewer reads the project's engagement for it.
 */
export const DecidingItem = Type.Object({
  item: ItemCode,
  name: Type.String({ minLength: 1, maxLength: 200 }),
})
export type DecidingItem = Static<typeof DecidingItem>

/** One mandatory intermediary service on the published list, with the intermediaries that offer it. */
export const IntermediaryService = Type.Object({
  code: ServiceCode,
  name: Type.String({ maxLength: 200 }),
  /** 设定依据 (000:291): the law or regulation that makes it mandatory. */
  basis: Type.String({ maxLength: 300 }),
  /** 收费性质 (000:291). */
  feeNature: Type.String({ maxLength: 100 }),
  source: Type.String({ maxLength: 200 }),
  /**
   * The regional-assessment subject (区域评估) whose result stands for this service's report: a project in an area
   * with that result needs no intermediary for it (004:2265 区域内项目不再单独评估).
   */
  assessment: Type.Optional(AssessmentSubject),
  /** The approval items that decide on its report, as far as the catalogues have them. */
  decidesOn: Type.Array(DecidingItem, { maxItems: 20 }),
  offers: Type.Array(IntermediaryOffer, { maxItems: 100 }),
})
export type IntermediaryService = Static<typeof IntermediaryService>

/** 中介服务 — one intermediary the owner chose for one service of its project, with the work's own clock. */
export const IntermediaryEngagementSnapshot = Type.Object({
  engagementId: Uuid,
  projectId: Uuid,
  ownerCreditCode: CreditCode,
  service: Type.Object({
    code: ServiceCode,
    name: Type.String({ maxLength: 200 }),
    source: Type.String({ maxLength: 200 }),
    /** Copied from the list when chosen; absent on engagements chosen before the list named them. */
    decidesOn: Type.Optional(Type.Array(DecidingItem, { maxItems: 20 })),
  }),
  intermediary: Type.Object({
    name: Type.String({ maxLength: 200 }),
    creditCode: CreditCode,
    grade: CreditGrade,
  }),
  feeFen: Fen,
  conditions: Type.String({ maxLength: 1000 }),
  /** The intermediary's published limit, in working days, from the day the owner chose it. */
  clock: ClockSpec,
  dueOn: LegalDate,
  status: Type.Union([Type.Literal('engaged'), Type.Literal('delivered')]),
  /** Set once, by the sweep, the day after `dueOn` with nothing delivered. */
  overdueAt: Type.Optional(Instant),
  engagedAt: Instant,
  engagedBy: Type.String({ maxLength: MAX_REFERENCE }),
  delivered: Type.Optional(Type.Object({ at: Instant, on: LegalDate, documentRef: Type.String({ maxLength: 500 }) })),
  revision: Count(1),
  updatedAt: Instant,
})
export type IntermediaryEngagementSnapshot = Static<typeof IntermediaryEngagementSnapshot>

const engagementEvent = <const S extends `permit.intake.intermediary.${string}.v1`>(subject: S, description: string) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      engagement: IntermediaryEngagementSnapshot,
      actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    }),
  })

export const IntermediaryEngagedV1 = engagementEvent(
  'permit.intake.intermediary.engaged.v1',
  '中介服务 — the owner chose an intermediary from the published list for one service; its clock starts.',
)
export const IntermediaryDeliveredV1 = engagementEvent(
  'permit.intake.intermediary.delivered.v1',
  'The intermediary delivered its result; its clock stops.',
)
export const IntermediaryOverdueV1 = engagementEvent(
  'permit.intake.intermediary.overdue.v1',
  "The intermediary's published time limit passed with nothing delivered (the sweep, once).",
)
export type IntermediaryEventBody = EventBody<typeof IntermediaryEngagedV1>

export const intermediaryEvents = [IntermediaryEngagedV1, IntermediaryDeliveredV1, IntermediaryOverdueV1] as const

/** POST /projects/:id/intermediaries — the owner chooses, freely, one listed intermediary for one service. */
export const ChooseIntermediaryBody = Type.Object({ service: ServiceCode, intermediary: CreditCode }, strict)
export type ChooseIntermediaryBody = Static<typeof ChooseIntermediaryBody>

/** POST /intermediary-engagements/:id/result — the chosen intermediary delivers its result. */
export const DeliverIntermediaryResultBody = Type.Object(
  { documentRef: Type.String({ minLength: 1, maxLength: 500 }) },
  strict,
)
export type DeliverIntermediaryResultBody = Static<typeof DeliverIntermediaryResultBody>

export const IntermediaryListResponse = Type.Object({ services: Type.Array(IntermediaryService, { maxItems: 100 }) })
export const IntermediaryEngagementResponse = Type.Object({ engagement: IntermediaryEngagementSnapshot })
export const IntermediaryEngagementListResponse = Type.Object({
  engagements: Type.Array(IntermediaryEngagementSnapshot, { maxItems: 200 }),
  /** The projects the engagements are on, named (the intermediary reads no project otherwise). */
  projects: Type.Array(ProjectTitle, { maxItems: 200 }),
})
