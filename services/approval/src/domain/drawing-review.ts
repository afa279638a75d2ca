import type { Actor, AnswerDrawingReviewBody, DrawingReviewSnapshot, SubmitDrawingSetBody } from '@onewindow/contracts'
import { ok, type Result, refuse } from '@onewindow/vocabulary'
import { alertsDue, type Calendar, dueDate, evaluateClock } from '@onewindow/workdays'
import { COVERED_MATERIALS, DRAWING_REVIEW_LIMIT, dependentItem } from '../drawing-review-catalogue.js'

/** 联合审图 — the review as the service keeps it: exactly its snapshot. */
export type DrawingReview = DrawingReviewSnapshot

export type ReviewEvent = 'submitted' | 'commented' | 'report-issued' | 'relied-on' | 'clock-warned' | 'clock-overdue'

/** What a change did: the review after it and the one event that says so. */
export type ReviewChange = { review: DrawingReview; event: ReviewEvent }

/** `at` is the instant, `today` its legal date; the calendar counts the review clock (never read here). */
export type ReviewCtx = { at: string; today: string; calendar: Calendar }

const clockOf = (today: string, region: string | undefined, calendar: Calendar) => {
  const clock = {
    limit: { value: DRAWING_REVIEW_LIMIT.value, unit: DRAWING_REVIEW_LIMIT.unit },
    start: today,
    suspensions: [],
    ...(region ? { region } : {}),
  }
  return { clock, dueOn: dueDate(calendar, { start: today, limit: clock.limit, ...(region ? { region } : {}) }) }
}

export type SubmitInput = {
  reviewId: string
  projectId: string
  /** The project's region (six digits), for the clock's regional rest days; absent: national. */
  region?: string
  actor: Actor
  body: SubmitDrawingSetBody
}

/**
 * The owner submits its drawing set. The first opens the review (version 1); after the review body's comments a
 * re-submission is the next version of the same review, to the same review body. While a version is being reviewed,
 * or once the report is issued, there is nothing to submit.
 */
export function submitDrawingSet(
  existing: DrawingReview | undefined,
  input: SubmitInput,
  ctx: ReviewCtx,
): Result<ReviewChange> {
  const { actor, body } = input
  if (actor.role !== 'owner' || !actor.creditCode) {
    return refuse({ code: 'APPROVAL_NOT_THE_OWNER', message: "Only the project's owner submits its drawing set." })
  }
  const { clock, dueOn } = clockOf(ctx.today, input.region, ctx.calendar)
  if (!existing) {
    return ok({
      event: 'submitted',
      review: {
        reviewId: input.reviewId,
        projectId: input.projectId,
        ownerCreditCode: actor.creditCode,
        reviewBody: body.reviewBody,
        status: 'reviewing',
        versions: [{ version: 1, title: body.title, documentRef: body.documentRef, submittedAt: ctx.at, clock, dueOn }],
        reliedOn: [],
        revision: 1,
        updatedAt: ctx.at,
      },
    })
  }
  if (existing.ownerCreditCode !== actor.creditCode) {
    return refuse({ code: 'APPROVAL_NOT_THE_OWNER', message: "Only the project's owner submits its drawing set." })
  }
  if (existing.status !== 'comments') {
    return refuse({
      code: 'APPROVAL_DRAWING_REVIEW_STATE_CONFLICT',
      message:
        existing.status === 'reviewing'
          ? `Version ${existing.versions.length} is under review; a new version follows the review body's comments.`
          : 'The review issued its report; the drawing set is reviewed.',
      details: { reviewId: existing.reviewId, reviewStatus: existing.status },
    })
  }
  if (existing.reviewBody.creditCode !== body.reviewBody.creditCode) {
    return refuse({
      code: 'APPROVAL_DRAWING_REVIEW_BODY_FIXED',
      message: `A re-submission is a new version of the same review, by the same review body (${existing.reviewBody.name}).`,
      details: {
        reviewBody: existing.reviewBody,
        errors: [{ field: '/body/reviewBody/creditCode', message: `must be ${existing.reviewBody.creditCode}` }],
      },
    })
  }
  const version = existing.versions.length + 1
  return ok({
    event: 'submitted',
    review: {
      ...existing,
      status: 'reviewing',
      versions: [
        ...existing.versions,
        { version, title: body.title, documentRef: body.documentRef, submittedAt: ctx.at, clock, dueOn },
      ],
      revision: existing.revision + 1,
      updatedAt: ctx.at,
    },
  })
}

/** The review body named on the review: any other caller is told the review does not exist (no existence leak). */
export const isReviewBodyOf = (review: DrawingReview, actor: Actor): boolean =>
  actor.role === 'review_body' && actor.creditCode === review.reviewBody.creditCode

/** The review body answers the version under review: comments (the owner re-submits), or the one report. */
export function answerReview(review: DrawingReview, body: AnswerDrawingReviewBody, at: string): Result<ReviewChange> {
  if (review.status !== 'reviewing') {
    return refuse({
      code: 'APPROVAL_DRAWING_REVIEW_STATE_CONFLICT',
      message: `No version is under review: the review is ${review.status}.`,
      details: { reviewId: review.reviewId, reviewStatus: review.status },
    })
  }
  const current = review.versions[review.versions.length - 1]
  if (!current) throw new Error(`drawing review ${review.reviewId} has no version`)
  const answered = {
    ...current,
    outcome: body.outcome,
    answeredAt: at,
    ...(body.outcome === 'comments' ? { comments: body.comments } : {}),
  }
  const versions = [...review.versions.slice(0, -1), answered]
  const base = { ...review, versions, revision: review.revision + 1, updatedAt: at }
  if (body.outcome === 'comments') return ok({ event: 'commented', review: { ...base, status: 'comments' } })
  return ok({
    event: 'report-issued',
    review: {
      ...base,
      status: 'passed',
      report: { version: current.version, issuedAt: at, findings: body.findings },
    },
  })
}

/**
 * A department decided a task of an item that depends on the report: recorded on the review, once per task. Nothing
 * changes for an item that does not depend on it, or while no report is issued.
 */
export function relyOn(
  review: DrawingReview,
  task: { taskId: string; item: string; department: string; outcome: 'approved' | 'rejected' },
  at: string,
): ReviewChange | undefined {
  if (!review.report || !dependentItem(task.item)) return undefined
  if (review.reliedOn.some((r) => r.taskId === task.taskId)) return undefined
  return {
    event: 'relied-on',
    review: {
      ...review,
      reliedOn: [...review.reliedOn, { ...task, decidedAt: at, reportVersion: review.report.version }],
      revision: review.revision + 1,
      updatedAt: at,
    },
  }
}

/**
 * A 补正 asking the owner for what the issued report already covers is refused, naming the report: the department
 * decides on the report instead (004:2273). Only items that depend on the report are bound by it.
 */
export function refuseCoveredSupplement(
  review: DrawingReview | undefined,
  item: string,
  materials: readonly string[],
  field = '/body/materials',
): Result<void> {
  const report = review?.report
  if (!review || !report || !dependentItem(item)) return ok(undefined)
  const covered = materials.filter((m) => COVERED_MATERIALS.includes(m))
  if (covered.length === 0) return ok(undefined)
  return refuse({
    code: 'APPROVAL_COVERED_BY_DRAWING_REPORT',
    message: `联合审图 report of review ${review.reviewId} (version ${report.version}, issued ${report.issuedAt}) already covers ${covered.join(', ')}: decide on the report instead of asking the owner again.`,
    details: {
      reviewId: review.reviewId,
      reportVersion: report.version,
      covered,
      errors: covered.map((m) => ({
        field: `${field}/${materials.indexOf(m)}`,
        message: `covered by the joint drawing-review report ${review.reviewId} v${report.version}`,
      })),
    },
  })
}

/**
 * 预警 / 超时 — the alerts of the version under review due on `today` and not yet raised, each recorded on the
 * version by its own change: yellow at `yellowAt` of the limit, overdue the day after the due date. A review not under
 * review raises none: its clock stopped when the review body answered.
 */
export function reviewClockAlerts(
  review: DrawingReview,
  today: string,
  at: string,
  clocks: { calendar: Calendar; yellowAt: number },
): ReviewChange[] {
  const current = review.versions[review.versions.length - 1]
  if (review.status !== 'reviewing' || !current) return []
  const state = evaluateClock(clocks.calendar, current.clock, today, { yellowAt: clocks.yellowAt })
  const changes: ReviewChange[] = []
  let r = review
  for (const kind of alertsDue(state, current.clockAlerts)) {
    const v = r.versions[r.versions.length - 1] as typeof current
    const raised = { ...v, clockAlerts: { ...v.clockAlerts, [kind === 'warned' ? 'warnedOn' : 'overdueOn']: today } }
    r = { ...r, versions: [...r.versions.slice(0, -1), raised], revision: r.revision + 1, updatedAt: at }
    changes.push({ event: `clock-${kind}`, review: r })
  }
  return changes
}
