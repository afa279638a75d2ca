// HTTP bodies of the hotline service's knowledge-base (知识库) routes, shared with the gateway.
import { type Static, Type } from 'typebox'
import {
  KnowledgeFeedbackAction,
  KnowledgeFeedbackKind,
  KnowledgeFeedbackSnapshot,
  KnowledgeKind,
  KnowledgePointSnapshot,
  knowledgeFeedbackTextBounds,
  knowledgeTextBounds,
} from '../hotline/knowledge.js'
import { DepartmentCode, LegalDate, Uuid, WrittenText } from '../primitives.js'
import { RegisterTicketBody, TicketView } from './hotline.js'

const strict = { additionalProperties: false } as const

const knowledgeContent = {
  question: WrittenText(knowledgeTextBounds.question, 'the question as a requester asks it'),
  answer: WrittenText(knowledgeTextBounds.answer, 'the answer the agent gives'),
  kind: KnowledgeKind,
  source: WrittenText(knowledgeTextBounds.source, '依据: the law, regulation or document the answer rests on'),
  validFrom: LegalDate,
  /** The last valid day, inclusive: at most 5 years (policy), 1 year (guide, other) or 6 months (script) on. */
  validTo: LegalDate,
}

/** POST /knowledge — a department's reviewer or lead adds a point for its own department. */
export const KnowledgeCreateBody = Type.Object(knowledgeContent, strict)
export type KnowledgeCreateBody = Static<typeof KnowledgeCreateBody>

/** The version the caller read: a revision or withdrawal of a point changed since is 409. */
const version = Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'the version the caller read' })

/** PUT /knowledge/:id — the owning department's whole new content (or the same confirmed for a new period). */
export const KnowledgeReviseBody = Type.Object({ ...knowledgeContent, version }, strict)
export type KnowledgeReviseBody = Static<typeof KnowledgeReviseBody>

/** POST /knowledge/:id/retire — 下架 by the owning department. */
export const KnowledgeRetireBody = Type.Object({ version }, strict)
export type KnowledgeRetireBody = Static<typeof KnowledgeRetireBody>

export const KnowledgeIdParams = Type.Object({ id: Uuid }, strict)

/** What a point is on the day asked: only `valid` ones are offered to the agent and citable by a consultation. */
export const KnowledgeStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('valid'),
  Type.Literal('expired'),
  Type.Literal('retired'),
])
export type KnowledgeStatus = Static<typeof KnowledgeStatus>

export const KnowledgePointView = Type.Object({ ...KnowledgePointSnapshot.properties, status: KnowledgeStatus })
export type KnowledgePointView = Static<typeof KnowledgePointView>

/**
 * GET /knowledge — the hotline agent (and the supervisor) search the points valid today, every department's; a
 * reviewer or lead lists its own department's points in every status. `q` matches the question, answer or source.
 */
export const KnowledgeListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    kind: Type.Optional(KnowledgeKind),
    department: Type.Optional(DepartmentCode),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  strict,
)
export type KnowledgeListQuery = Static<typeof KnowledgeListQuery>

export const KnowledgeListResponse = Type.Object({
  /** The legal day the statuses are of (Asia/Shanghai). */
  today: LegalDate,
  points: Type.Array(KnowledgePointView, { maxItems: 100 }),
})
export type KnowledgeListResponse = Static<typeof KnowledgeListResponse>

export const KnowledgePointResponse = Type.Object({ point: KnowledgePointView })
export type KnowledgePointResponse = Static<typeof KnowledgePointResponse>

const { type: _type, departments: _departments, ...consultationFields } = RegisterTicketBody.properties

/**
 * POST /knowledge/:id/consultations — the agent registers a consultation answered from the point: the registration's
 * fields (title, content, requester, hidden fields, what it is about) without `type` (a consultation) and
 * `departments` (answered, it goes to no unit).
 */
export const KnowledgeConsultationBody = Type.Object(consultationFields, strict)
export type KnowledgeConsultationBody = Static<typeof KnowledgeConsultationBody>

/** The consultation as registered and closed at once (`closure: answered`, citing `knowledgePoint`): a ticket's view. */
export const KnowledgeConsultationResponse = TicketView
export type KnowledgeConsultationResponse = Static<typeof KnowledgeConsultationResponse>

// ─── 知识点反馈 (seeds/004_33317a5f04b53a73.txt:1680–1682) ──────────────────────────────────────────────────────────

/**
 * POST /knowledge/feedback — the centre (agent) raises feedback on a point (`pointId`: its department answers) or asks
 * a department (`department`) for a point it lacks; one of the two, or both when they agree. `urgent` is the
 * 突发事项 feedback, answered within 1 working day instead of 2.
 */
export const KnowledgeFeedbackBody = Type.Object(
  {
    pointId: Type.Optional(Uuid),
    department: Type.Optional(DepartmentCode),
    kind: KnowledgeFeedbackKind,
    urgent: Type.Optional(Type.Boolean({ default: false })),
    note: WrittenText(knowledgeFeedbackTextBounds.note, 'what is wrong, missing or needed'),
  },
  strict,
)
export type KnowledgeFeedbackBody = Static<typeof KnowledgeFeedbackBody>

/**
 * POST /knowledge/feedback/:id/answer — the department's reviewer or lead answers: `revised` and `retired` name no
 * point (the feedback's own, acted on since it was raised), `added` names the new point (`pointId`), `none` says why
 * nothing needed changing.
 */
export const KnowledgeFeedbackAnswerBody = Type.Object(
  {
    action: KnowledgeFeedbackAction,
    note: WrittenText(knowledgeFeedbackTextBounds.note, 'what was done, or why nothing needed doing'),
    pointId: Type.Optional(Uuid),
  },
  strict,
)
export type KnowledgeFeedbackAnswerBody = Static<typeof KnowledgeFeedbackAnswerBody>

/** GET /knowledge/feedback — the agent and the supervisor every department's, a reviewer or lead its own. */
export const KnowledgeFeedbackListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('answered')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  strict,
)
export type KnowledgeFeedbackListQuery = Static<typeof KnowledgeFeedbackListQuery>

/** A feedback as of `today`: `overdue` when unanswered after its due day (the list sorts these first). */
export const KnowledgeFeedbackView = Type.Object({ ...KnowledgeFeedbackSnapshot.properties, overdue: Type.Boolean() })
export type KnowledgeFeedbackView = Static<typeof KnowledgeFeedbackView>

export const KnowledgeFeedbackListResponse = Type.Object({
  today: LegalDate,
  feedback: Type.Array(KnowledgeFeedbackView, { maxItems: 100 }),
})
export type KnowledgeFeedbackListResponse = Static<typeof KnowledgeFeedbackListResponse>

export const KnowledgeFeedbackResponse = Type.Object({ feedback: KnowledgeFeedbackView })
export type KnowledgeFeedbackResponse = Static<typeof KnowledgeFeedbackResponse>
