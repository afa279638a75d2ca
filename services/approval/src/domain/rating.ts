import type { RateTaskBody, RatingLevel, RatingReplyBody, RatingSnapshot } from '@onewindow/contracts'
import type { DomainDetails, Limit, Result } from '@onewindow/vocabulary'
import { addDays, type Calendar, dueDate, evaluateClock, legalDateOf } from '@onewindow/workdays'
import type { At, Task } from './task.js'

// 好差评 — the owner's rating of one department's handling of a task, and the fix-and-reply loop (整改、反馈) a bad
// rating opens (seeds/004_33317a5f04b53a73.txt:1088 every channel rates; :1361 evaluate → fix → reply → supervise).

export type Rating = RatingSnapshot

/**
 * The loop's limit: the hotline rules answer online complaints about approvals (004:1040); their re-handling after a
 * dissatisfied rating has the original handling limit (004:1642), a complaint's 10 working days (004:1535), counted
 * from 00:00 of the working day after (004:1539) — workdays' rule that the start day is not counted.
 */
export const FIX_LIMIT: Limit = { value: 10, unit: 'W' }
/** The owner rates within 5 natural days of the notice (004:1636); a late rating counts as not rated. */
export const RATING_WINDOW_DAYS = 5

/** 不满意 and 非常不满意 open the loop; the other three (and no rating) close the matter (004:1638). */
export const isBad = (level: RatingLevel) => level === 'dissatisfied' || level === 'very-dissatisfied'

export type Rater = { sub: string; role: string; creditCode?: string | undefined }
export type Replier = { sub: string; role: string; department?: string | undefined }

const refuse = (code: string, message: string, details?: DomainDetails): Result<never> => ({
  ok: false,
  error: { code, message, ...(details ? { details } : {}) },
})

/** A department's handling is decided once it approved or rejected; closed or withdrawn tasks were not handled. */
const decidedOn = (task: Task): string | undefined =>
  task.decision && (task.decision.outcome === 'approved' || task.decision.outcome === 'rejected')
    ? legalDateOf(task.decision.decidedAt)
    : undefined

/**
 * The owner's rating of `task`'s department: the first (once, within 5 ND of the decision; a bad one opens the loop
 * with its due date) or, after the department replied to a bad first rating, the second (once, within 5 ND of the
 * reply; it opens nothing: re-handling happens once, 004:1642, and a second dissatisfied rating is recorded, 004:1662).
 */
export function rate(
  task: Task,
  existing: Rating | undefined,
  body: RateTaskBody,
  ctx: At & { rater: Rater; ownerCreditCode?: string | undefined; ratingId: string; calendar: Calendar },
): Result<Rating> {
  const { rater, at, today } = ctx
  if (rater.role !== 'owner' || !ctx.ownerCreditCode || ctx.ownerCreditCode !== rater.creditCode) {
    return refuse('APPROVAL_NOT_THE_OWNER', "Only the project's owner rates its departments' handling.")
  }
  const given = {
    level: body.level,
    ...(body.comment === undefined ? {} : { comment: body.comment }),
    ratedAt: at,
    ratedOn: today,
    ratedBy: rater.sub,
  }
  if (!existing) {
    const decided = decidedOn(task)
    if (!decided) {
      return refuse('APPROVAL_RATING_NOT_DECIDED', 'A task is rated once its department has decided it.', {
        taskId: task.taskId,
        taskStatus: task.status,
      })
    }
    const closes = addDays(decided, RATING_WINDOW_DAYS)
    if (today > closes) {
      return refuse('APPROVAL_RATING_WINDOW_CLOSED', `The rating window closed on ${closes}.`, { closesOn: closes })
    }
    return {
      ok: true,
      value: {
        ratingId: ctx.ratingId,
        taskId: task.taskId,
        applicationId: task.applicationId,
        projectId: task.projectId,
        ...(task.step === undefined ? {} : { step: task.step }),
        item: task.item,
        ...(task.itemName === undefined ? {} : { itemName: task.itemName }),
        department: task.department,
        ...(task.departmentName === undefined ? {} : { departmentName: task.departmentName }),
        ownerCreditCode: ctx.ownerCreditCode,
        first: given,
        ...(isBad(body.level)
          ? {
              fix: {
                limit: FIX_LIMIT,
                start: today,
                dueOn: dueDate(ctx.calendar, { start: today, limit: FIX_LIMIT }),
                status: 'open' as const,
              },
            }
          : {}),
        version: 1,
        updatedAt: at,
      },
    }
  }
  if (existing.second || existing.fix?.status !== 'replied' || !existing.fix.repliedOn) {
    return refuse('APPROVAL_ALREADY_RATED', 'This handling was already rated.', { ratingId: existing.ratingId })
  }
  const closes = addDays(existing.fix.repliedOn, RATING_WINDOW_DAYS)
  if (today > closes) {
    return refuse('APPROVAL_RATING_WINDOW_CLOSED', `The rating window closed on ${closes}.`, { closesOn: closes })
  }
  return { ok: true, value: { ...existing, second: given, version: existing.version + 1, updatedAt: at } }
}

/** 整改 and 反馈 by the rated department's reviewer or lead, once, while its loop is open (late is still recorded). */
export function reply(rating: Rating, body: RatingReplyBody, ctx: At & { replier: Replier }): Result<Rating> {
  const { replier, at, today } = ctx
  if ((replier.role !== 'reviewer' && replier.role !== 'lead') || replier.department !== rating.department) {
    return refuse('APPROVAL_NOT_YOUR_DEPARTMENT', 'Only the rated department replies to its rating.')
  }
  if (!rating.fix) {
    return refuse('APPROVAL_RATING_NO_FIX', 'Only a bad rating opens a fix-and-reply loop.', {
      ratingId: rating.ratingId,
    })
  }
  if (rating.fix.status === 'replied') {
    return refuse('APPROVAL_RATING_REPLIED', 'This rating was already replied to.', { ratingId: rating.ratingId })
  }
  return {
    ok: true,
    value: {
      ...rating,
      fix: {
        ...rating.fix,
        status: 'replied',
        fix: body.fix,
        reply: body.reply,
        repliedAt: at,
        repliedOn: today,
        repliedBy: replier.sub,
      },
      version: rating.version + 1,
      updatedAt: at,
    },
  }
}

/** The loop found past its due date with no reply, on `today`: recorded once (undefined when nothing is due). */
export function fixOverdue(rating: Rating, at: string, today: string, calendar: Calendar): Rating | undefined {
  const fix = rating.fix
  if (fix?.status !== 'open' || fix.overdueOn) return undefined
  const state = evaluateClock(calendar, { start: fix.start, limit: fix.limit, suspensions: [] }, today)
  if (!state.overdue) return undefined
  return { ...rating, fix: { ...fix, overdueOn: today }, version: rating.version + 1, updatedAt: at }
}
