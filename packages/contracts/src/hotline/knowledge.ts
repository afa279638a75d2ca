import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { Count, DepartmentCode, Instant, LegalDate, MAX_REFERENCE, Uuid } from '../primitives.js'

/**
 * The kind of a knowledge point, which bounds its validity (seeds/004_33317a5f04b53a73.txt:1678): 政策法规 `policy`
 * ≤ 5 years, 办事指南 `guide` ≤ 1 year, 具体事项答复口径 `script` ≤ 6 months, 业务解读等其他 `other` ≤ 1 year.
 */
export const KnowledgeKind = Type.Union([
  Type.Literal('policy'),
  Type.Literal('guide'),
  Type.Literal('script'),
  Type.Literal('other'),
])
export type KnowledgeKind = Static<typeof KnowledgeKind>

/** The bounds of a point's texts, shared by the request bodies and the events that carry them. */
export const knowledgeTextBounds = { question: 500, answer: 4000, source: 500 } as const

/**
 * 知识点 — one department's answer to one question in the hotline's knowledge base (知识库), as it stands after the
 * event, carried whole with a version. `validTo` is the last valid day, inclusive.
 */
export const KnowledgePointSnapshot = Type.Object({
  id: Uuid,
  /** The owning department (承办单位), which alone revises or withdraws it. */
  department: DepartmentCode,
  kind: KnowledgeKind,
  question: Type.String({ minLength: 1, maxLength: knowledgeTextBounds.question }),
  answer: Type.String({ minLength: 1, maxLength: knowledgeTextBounds.answer }),
  /** 依据 — the law, regulation or document the answer rests on. */
  source: Type.String({ minLength: 1, maxLength: knowledgeTextBounds.source }),
  validFrom: LegalDate,
  validTo: LegalDate,
  /** 下架 — withdrawn by its department; never offered again. */
  retired: Type.Boolean(),
  version: Count(1),
  createdAt: Instant,
  updatedAt: Instant,
  /** The `validTo` whose expiry reminder was raised. */
  remindedFor: Type.Optional(LegalDate),
})
export type KnowledgePointSnapshot = Static<typeof KnowledgePointSnapshot>

const pointEvent = <const S extends `permit.hotline.knowledge-point.${string}.v1`>(subject: S, description: string) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      point: KnowledgePointSnapshot,
      actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    }),
  })

export const KnowledgePointCreatedV1 = pointEvent(
  'permit.hotline.knowledge-point.created.v1',
  '新增 — a department added a knowledge point to the hotline knowledge base.',
)
export type KnowledgePointCreatedV1 = EventBody<typeof KnowledgePointCreatedV1>

export const KnowledgePointRevisedV1 = pointEvent(
  'permit.hotline.knowledge-point.revised.v1',
  '修改 — the owning department revised a knowledge point or confirmed it for a new validity period.',
)
export type KnowledgePointRevisedV1 = EventBody<typeof KnowledgePointRevisedV1>

export const KnowledgePointRetiredV1 = pointEvent(
  'permit.hotline.knowledge-point.retired.v1',
  '下架 — the owning department withdrew a knowledge point; it is no longer offered nor citable.',
)
export type KnowledgePointRetiredV1 = EventBody<typeof KnowledgePointRetiredV1>

/**
 * The point lapses soon: its department is asked, once per validity end, to confirm or withdraw it before it expires
 * (seeds/004_33317a5f04b53a73.txt:1678). Raised on `remindOn`, two working days before its last working day.
 */
export const KnowledgePointExpiryRemindedV1 = defineEvent({
  subject: 'permit.hotline.knowledge-point.expiry-reminded.v1',
  description:
    'A knowledge point will expire: its department is reminded once, two working days before the last valid working day, to confirm or withdraw it.',
  schema: Type.Object({
    point: KnowledgePointSnapshot,
    /** The department to tell (the point's owner). */
    department: DepartmentCode,
    remindOn: LegalDate,
    expiresAfter: LegalDate,
  }),
})
export type KnowledgePointExpiryRemindedV1 = EventBody<typeof KnowledgePointExpiryRemindedV1>

// ─── 知识点反馈 — the centre's feedback on a knowledge point (seeds/004_33317a5f04b53a73.txt:1680–1682) ──────────

/**
 * What the centre found (第三十六条, 004:1680): 内容错误 `error`, 遗漏 `omission`, 过期 `outdated`, 表述不清 `unclear`,
 * or a point to be written (需要采编新知识点) `new-point`.
 */
export const KnowledgeFeedbackKind = Type.Union([
  Type.Literal('error'),
  Type.Literal('omission'),
  Type.Literal('outdated'),
  Type.Literal('unclear'),
  Type.Literal('new-point'),
])
export type KnowledgeFeedbackKind = Static<typeof KnowledgeFeedbackKind>

/**
 * What the department did about it (004:1682): 增补 `added` (a new point, named), 修改/审核 `revised` (the point
 * revised or confirmed since the feedback), 下架 `retired`, or 无需操作 `none` — it answers even then.
 */
export const KnowledgeFeedbackAction = Type.Union([
  Type.Literal('added'),
  Type.Literal('revised'),
  Type.Literal('retired'),
  Type.Literal('none'),
])
export type KnowledgeFeedbackAction = Static<typeof KnowledgeFeedbackAction>

export const knowledgeFeedbackTextBounds = { note: 2000 } as const

/**
 * 知识点反馈 — the centre's feedback to a department on one of its points (or on a point it lacks), with the
 * department's answer and its clock: 2 working days, 1 for a sudden hot topic (突发事项), from the working day after
 * the feedback was raised. Carried whole with a version.
 */
export const KnowledgeFeedbackSnapshot = Type.Object({
  id: Uuid,
  /** The department owing the answer: the point's owner, or the one named for a point to be written. */
  department: DepartmentCode,
  /** The point the feedback is about, at the version the centre read; none for a point to be written. */
  point: Type.Optional(
    Type.Object({
      id: Uuid,
      version: Count(1),
      question: Type.String({ minLength: 1, maxLength: knowledgeTextBounds.question }),
    }),
  ),
  kind: KnowledgeFeedbackKind,
  /** 突发事项知识点反馈: 1 working day instead of 2. */
  urgent: Type.Boolean(),
  note: Type.String({ minLength: 1, maxLength: knowledgeFeedbackTextBounds.note }),
  raisedOn: LegalDate,
  /** The working-day limit (2, or 1 when urgent) and its last day, counted from the day after `raisedOn`. */
  limit: Type.Integer({ minimum: 1, maximum: 2 }),
  dueOn: LegalDate,
  status: Type.Union([Type.Literal('open'), Type.Literal('answered')]),
  answer: Type.Optional(
    Type.Object({
      action: KnowledgeFeedbackAction,
      note: Type.String({ minLength: 1, maxLength: knowledgeFeedbackTextBounds.note }),
      /** The point added (`added`) or the one acted on, at the version it has after the act. */
      pointId: Type.Optional(Uuid),
      pointVersion: Type.Optional(Count(1)),
      answeredOn: LegalDate,
      /** Answered after `dueOn`: taken and marked, as a late ticket report is. */
      late: Type.Boolean(),
    }),
  ),
  /** The day the timer recorded it overdue (the day after `dueOn`, unanswered), once. */
  overdueOn: Type.Optional(LegalDate),
  /**
   * The due day before the latest published calendar moved it, with that calendar's notice: set by
   * `knowledge-feedback.due-moved`, so the department reads why its day changed.
   */
  dueMoved: Type.Optional(
    Type.Object({
      from: LegalDate,
      // As `calendar.published` bounds it.
      notice: Type.String({ maxLength: 400 }),
    }),
  ),
  version: Count(1),
  createdAt: Instant,
  updatedAt: Instant,
})
export type KnowledgeFeedbackSnapshot = Static<typeof KnowledgeFeedbackSnapshot>

const feedbackEvent = <const S extends `permit.hotline.knowledge-feedback.${string}.v1`>(
  subject: S,
  description: string,
) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      feedback: KnowledgeFeedbackSnapshot,
      actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    }),
  })

export const KnowledgeFeedbackRaisedV1 = feedbackEvent(
  'permit.hotline.knowledge-feedback.raised.v1',
  '知识点反馈 — the hotline centre raised feedback on a knowledge point (or asked for a new one); the department answers within 2 working days, 1 when urgent.',
)
export type KnowledgeFeedbackRaisedV1 = EventBody<typeof KnowledgeFeedbackRaisedV1>

export const KnowledgeFeedbackAnsweredV1 = feedbackEvent(
  'permit.hotline.knowledge-feedback.answered.v1',
  'The department answered the centre’s knowledge-point feedback: what it added, revised or withdrew, or that nothing needed changing.',
)
export type KnowledgeFeedbackAnsweredV1 = EventBody<typeof KnowledgeFeedbackAnsweredV1>

export const KnowledgeFeedbackOverdueV1 = feedbackEvent(
  'permit.hotline.knowledge-feedback.overdue.v1',
  'The department did not answer the centre’s knowledge-point feedback within its working-day limit; recorded once, the day after the due day.',
)
export type KnowledgeFeedbackOverdueV1 = EventBody<typeof KnowledgeFeedbackOverdueV1>

export const KnowledgeFeedbackDueMovedV1 = feedbackEvent(
  'permit.hotline.knowledge-feedback.due-moved.v1',
  'A published working-day calendar moved an open knowledge-point feedback’s due day; the feedback carries the new `dueOn` and, in `dueMoved`, the day before and the calendar’s notice. Raised only when the day changed.',
)
export type KnowledgeFeedbackDueMovedV1 = EventBody<typeof KnowledgeFeedbackDueMovedV1>

export const knowledgeEvents = [
  KnowledgePointCreatedV1,
  KnowledgePointRevisedV1,
  KnowledgePointRetiredV1,
  KnowledgePointExpiryRemindedV1,
  KnowledgeFeedbackRaisedV1,
  KnowledgeFeedbackAnsweredV1,
  KnowledgeFeedbackOverdueV1,
  KnowledgeFeedbackDueMovedV1,
] as const
