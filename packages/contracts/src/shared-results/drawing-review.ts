import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { ProjectCopy, ProjectTitle } from '../intake/project-registered.js'
import { ClockAlerts, ClockSpec } from '../intake/shared.js'
import { Count, CreditCode, DepartmentCode, Instant, ItemCode, LegalDate, MAX_REFERENCE, Uuid } from '../primitives.js'

const strict = { additionalProperties: false } as const

/** A named organisation: the review body or surveying unit, by its 统一社会信用代码. */
export const NamedUnit = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), creditCode: CreditCode },
  strict,
)

/** The three subjects one joint drawing-review report covers (004:2273): fire, civil air defence, telecom. */
export const DrawingReportSubject = Type.Union([
  Type.Literal('fire'),
  Type.Literal('civil-air-defence'),
  Type.Literal('telecom'),
])
export type DrawingReportSubject = Static<typeof DrawingReportSubject>

/** One version of the drawing set, as submitted and as the review body answered it. */
export const DrawingSetVersion = Type.Object({
  version: Type.Integer({ minimum: 1, maximum: 1000 }),
  title: Type.String({ maxLength: 200 }),
  documentRef: Type.String({ maxLength: 500 }),
  submittedAt: Instant,
  /** The review's own clock for this version: the catalogue's limit from the day the set was submitted. */
  clock: ClockSpec,
  /** The legal date the clock falls due (workdays), as counted when the version was submitted. */
  dueOn: LegalDate,
  /** The version's clock alerts while it is under review: yellow (预警), then overdue (超时), each raised once. */
  clockAlerts: Type.Optional(ClockAlerts),
  outcome: Type.Optional(Type.Union([Type.Literal('passed'), Type.Literal('comments')])),
  answeredAt: Type.Optional(Instant),
  comments: Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 50 })),
})

/** The one technical report (施工图审查意见) the departments decide on. */
export const DrawingReport = Type.Object({
  /** The drawing-set version it was issued on. */
  version: Type.Integer({ minimum: 1, maximum: 1000 }),
  issuedAt: Instant,
  findings: Type.Object({
    fire: Type.String({ maxLength: 2000 }),
    'civil-air-defence': Type.String({ maxLength: 2000 }),
    telecom: Type.String({ maxLength: 2000 }),
  }),
})

/** A department's task decided on the report. */
export const DrawingReportReliance = Type.Object({
  taskId: Uuid,
  item: ItemCode,
  department: DepartmentCode,
  outcome: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
  decidedAt: Instant,
  reportVersion: Type.Integer({ minimum: 1, maximum: 1000 }),
})

/** 联合审图 — one review of one project's construction-drawing set, whole, as it stands after an event. */
export const DrawingReviewSnapshot = Type.Object({
  reviewId: Uuid,
  projectId: Uuid,
  ownerCreditCode: CreditCode,
  reviewBody: NamedUnit,
  status: Type.Union([Type.Literal('reviewing'), Type.Literal('comments'), Type.Literal('passed')]),
  versions: Type.Array(DrawingSetVersion, { minItems: 1, maxItems: 1000 }),
  report: Type.Optional(DrawingReport),
  reliedOn: Type.Array(DrawingReportReliance, { maxItems: 1000 }),
  /** Grows by one per change, so readers keep the newest whatever the order. */
  revision: Count(1),
  updatedAt: Instant,
})
export type DrawingReviewSnapshot = Static<typeof DrawingReviewSnapshot>

const reviewEvent = <const S extends `permit.approval.drawing-review.${string}.v1`>(subject: S, description: string) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      review: DrawingReviewSnapshot,
      actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    }),
  })

export const DrawingSetSubmittedV1 = reviewEvent(
  'permit.approval.drawing-review.submitted.v1',
  '联合审图 — the owner submitted a construction-drawing set to the review body: version 1 opens the review, a re-submission after comments is the next version of the same review; the review clock starts.',
)
export const DrawingReviewCommentedV1 = reviewEvent(
  'permit.approval.drawing-review.commented.v1',
  'The review body returned the drawing set with review comments; the owner re-submits a new version.',
)
export const DrawingReportIssuedV1 = reviewEvent(
  'permit.approval.drawing-review.report-issued.v1',
  'The review body issued the one technical report covering fire, civil air defence and telecom; the departments whose items depend on it decide on it.',
)
export const DrawingReportReliedOnV1 = reviewEvent(
  'permit.approval.drawing-review.relied-on.v1',
  "A department decided its task on the joint drawing-review report (recorded on the review's reliedOn list).",
)
export const DrawingReviewClockWarnedV1 = reviewEvent(
  'permit.approval.drawing-review.clock-warned.v1',
  '预警 — the version under review reached the warning share of its review clock (yellow); raised once per version.',
)
export const DrawingReviewClockOverdueV1 = reviewEvent(
  'permit.approval.drawing-review.clock-overdue.v1',
  '超时 — the version under review passed its review clock’s due date unanswered; raised once per version, the day after.',
)
export type DrawingReviewEventBody = EventBody<typeof DrawingSetSubmittedV1>

export const drawingReviewEvents = [
  DrawingSetSubmittedV1,
  DrawingReviewCommentedV1,
  DrawingReportIssuedV1,
  DrawingReportReliedOnV1,
  DrawingReviewClockWarnedV1,
  DrawingReviewClockOverdueV1,
] as const

/** POST /projects/:id/drawing-review — the owner submits (or re-submits) its drawing set to the named review body. */
export const SubmitDrawingSetBody = Type.Object(
  {
    reviewBody: NamedUnit,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    documentRef: Type.String({ minLength: 1, maxLength: 500 }),
  },
  strict,
)
export type SubmitDrawingSetBody = Static<typeof SubmitDrawingSetBody>

/**
 * The drawing set as the gateway forwards it to approval: the owner's body and, when the gateway's read model holds the
 * project, the project as it holds it — approval's copy of a project whose registration it never heard.
 */
export const ForwardedDrawingSetBody = Type.Object(
  { ...SubmitDrawingSetBody.properties, project: Type.Optional(ProjectCopy) },
  strict,
)
export type ForwardedDrawingSetBody = Static<typeof ForwardedDrawingSetBody>

/** POST /drawing-reviews/:id/answer — the review body answers the current version: comments, or the report. */
export const AnswerDrawingReviewBody = Type.Union(
  [
    Type.Object(
      {
        outcome: Type.Literal('comments'),
        comments: Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { minItems: 1, maxItems: 50 }),
      },
      strict,
    ),
    Type.Object(
      {
        outcome: Type.Literal('passed'),
        findings: Type.Object(
          {
            fire: Type.String({ minLength: 1, maxLength: 2000 }),
            'civil-air-defence': Type.String({ minLength: 1, maxLength: 2000 }),
            telecom: Type.String({ minLength: 1, maxLength: 2000 }),
          },
          strict,
        ),
      },
      strict,
    ),
  ],
  { discriminator: { propertyName: 'outcome' } },
)
export type AnswerDrawingReviewBody = Static<typeof AnswerDrawingReviewBody>

export const DrawingReviewResponse = Type.Object({ review: DrawingReviewSnapshot })
/** The review body's own list: its reviews and the projects they are on, named (it reads no project otherwise). */
export const DrawingReviewListResponse = Type.Object({
  reviews: Type.Array(DrawingReviewSnapshot, { maxItems: 200 }),
  projects: Type.Array(ProjectTitle, { maxItems: 200 }),
})
/** GET /tasks/:id/drawing-report — what the department's task decides on: the report and the subjects its item relies on. */
export const TaskDrawingReportResponse = Type.Object({
  taskId: Uuid,
  item: ItemCode,
  subjects: Type.Array(DrawingReportSubject),
  source: Type.String(),
  review: DrawingReviewSnapshot,
})
