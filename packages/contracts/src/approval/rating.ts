import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { ClockLimit } from '../intake/shared.js'
import { Count, DepartmentCode, Instant, ItemCode, LegalDate, MAX_REFERENCE, Uuid } from '../primitives.js'

// 好差评 — the owner's rating of a department's handling of a task (seeds/004_33317a5f04b53a73.txt:1088, :1361).

/** The five options, in the seed's order (004:1636); the Chinese label of each is `ratingLevelLabels`. */
export const RatingLevel = Type.Union([
  Type.Literal('very-satisfied'),
  Type.Literal('satisfied'),
  Type.Literal('basically-satisfied'),
  Type.Literal('dissatisfied'),
  Type.Literal('very-dissatisfied'),
])
export type RatingLevel = Static<typeof RatingLevel>

/** The seed's own words for each option (004:1636): what the console shows and the docs cite. */
export const ratingLevelLabels: Readonly<Record<RatingLevel, string>> = {
  'very-satisfied': '非常满意',
  satisfied: '满意',
  'basically-satisfied': '基本满意',
  dissatisfied: '不满意',
  'very-dissatisfied': '非常不满意',
}

export const RATING_COMMENT_MAX = 500
export const RATING_REPLY_MAX = 2000

const strict = { additionalProperties: false } as const

/** POST /tasks/:id/rating — the owner's rating of the department's handling, with an optional comment. */
export const RateTaskBody = Type.Object(
  {
    level: RatingLevel,
    comment: Type.Optional(Type.String({ minLength: 1, maxLength: RATING_COMMENT_MAX })),
  },
  strict,
)
export type RateTaskBody = Static<typeof RateTaskBody>

/** POST /ratings/:id/reply — the department's 整改 (what it fixed) and 反馈 (its reply to the owner). */
export const RatingReplyBody = Type.Object(
  {
    fix: Type.String({ minLength: 1, maxLength: RATING_REPLY_MAX, description: '整改 — what the department fixed' }),
    reply: Type.String({ minLength: 1, maxLength: RATING_REPLY_MAX, description: '反馈 — the reply to the owner' }),
  },
  strict,
)
export type RatingReplyBody = Static<typeof RatingReplyBody>

/** One rating given: the option, the comment, when and by whom. */
export const RatingGiven = Type.Object({
  level: RatingLevel,
  comment: Type.Optional(Type.String({ maxLength: RATING_COMMENT_MAX })),
  ratedAt: Instant,
  ratedOn: LegalDate,
  ratedBy: Type.String({ maxLength: MAX_REFERENCE }),
})

/**
 * The fix-and-reply loop a bad rating opens (评价、整改、反馈、监督, 004:1361): its working-day clock (start: the rating's
 * day, not counted; limit: the re-handling limit, 004:1642, of a complaint, 10 W, 004:1535), the reply once given, and
 * the day it was found overdue (once).
 */
export const RatingFix = Type.Object({
  limit: ClockLimit,
  start: LegalDate,
  dueOn: LegalDate,
  status: Type.Union([Type.Literal('open'), Type.Literal('replied')]),
  fix: Type.Optional(Type.String({ maxLength: RATING_REPLY_MAX })),
  reply: Type.Optional(Type.String({ maxLength: RATING_REPLY_MAX })),
  repliedAt: Type.Optional(Instant),
  repliedOn: Type.Optional(LegalDate),
  repliedBy: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  overdueOn: Type.Optional(LegalDate),
})

/** A rating as it stands after the event; every rating event carries it whole, its version growing by one a change. */
export const RatingSnapshot = Type.Object({
  ratingId: Uuid,
  taskId: Uuid,
  applicationId: Uuid,
  projectId: Uuid,
  step: Type.Optional(Type.String({ maxLength: 100 })),
  item: ItemCode,
  itemName: Type.Optional(Type.String({ maxLength: 200 })),
  department: DepartmentCode,
  departmentName: Type.Optional(Type.String({ maxLength: 200 })),
  /** The project's owner (统一社会信用代码) who rated. */
  ownerCreditCode: Type.Optional(Type.String({ maxLength: 18 })),
  first: RatingGiven,
  /** The second rating, after the department's reply to a bad first one (004:1660–1662). */
  second: Type.Optional(RatingGiven),
  fix: Type.Optional(RatingFix),
  version: Count(1),
  updatedAt: Instant,
})
export type RatingSnapshot = Static<typeof RatingSnapshot>

const ratingEvent = <const S extends `permit.approval.rating.${string}.v1`>(subject: S, description: string) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({ rating: RatingSnapshot, actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })) }),
  })

export const RatingGivenV1 = ratingEvent(
  'permit.approval.rating.given.v1',
  '好差评 — the owner rated a department’s handling of a decided task (first rating, or the second after the reply); a bad first rating opens the fix-and-reply loop with its clock.',
)
export const RatingRepliedV1 = ratingEvent(
  'permit.approval.rating.replied.v1',
  '整改 and 反馈 — the rated department’s reviewer or lead recorded what it fixed and its reply; the loop is replied.',
)
export const RatingFixOverdueV1 = ratingEvent(
  'permit.approval.rating.fix-overdue.v1',
  'A fix-and-reply loop passed its due date with no reply: recorded once, for the supervisor (监督).',
)
export type RatingEventBody = EventBody<typeof RatingGivenV1>

export const ratingEvents = [RatingGivenV1, RatingRepliedV1, RatingFixOverdueV1] as const
