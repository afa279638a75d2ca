import type { DomainError, Result } from '@onewindow/vocabulary'
import { type Calendar, daysBetween, dueDate, type LegalDate, legalDateOf } from '@onewindow/workdays'
import { carried } from './clocks.js'
import type { KnowledgeActor, KnowledgePoint } from './knowledge.js'
import { managingDepartment } from './knowledge.js'
import { refusal } from './refusal.js'

/**
 * 知识点反馈 — the hotline centre's feedback to a department on its knowledge base (第三十六条,
 * seeds/004_33317a5f04b53a73.txt:1680–1682): a point with an error, an omission, outdated or unclear, or a point the
 * centre needs written. The department adds, revises, reviews or withdraws within 2 working days of the day it was
 * raised — 1 for a sudden hot topic (突发事项) — and answers even when nothing needs doing. Pure: the day and the
 * calendar are given.
 */
export type FeedbackKind = 'error' | 'omission' | 'outdated' | 'unclear' | 'new-point'
export type FeedbackAction = 'added' | 'revised' | 'retired' | 'none'

/** 2 working days; 1 for 突发事项知识点反馈 (004:1682). */
export const FEEDBACK_LIMIT = 2
export const URGENT_FEEDBACK_LIMIT = 1

export type Feedback = {
  id: string
  department: string
  point?: { id: string; version: number; question: string }
  kind: FeedbackKind
  urgent: boolean
  note: string
  raisedOn: LegalDate
  limit: number
  dueOn: LegalDate
  status: 'open' | 'answered'
  answer?: {
    action: FeedbackAction
    note: string
    pointId?: string
    pointVersion?: number
    answeredOn: LegalDate
    late: boolean
  }
  overdueOn?: LegalDate
  /** The due day before the latest published calendar moved it, and that calendar's notice. */
  dueMoved?: { from: LegalDate; notice: string }
  version: number
  createdAt: string
  updatedAt: string
}

export type FeedbackEvent = { type: 'raised' | 'answered' | 'overdue' | 'due-moved'; feedback: Feedback }

export type FeedbackContext = { at: string; today: LegalDate; calendar: Calendar }

/**
 * The answer's last day: the limit counted, like every hotline clock, from the working day after the feedback was
 * raised ("自…发起知识点反馈之日起", the raising day not counted — docs/legal-time.md).
 */
export const feedbackDue = (calendar: Calendar, raisedOn: LegalDate, urgent: boolean): LegalDate =>
  dueDate(calendar, { start: raisedOn, limit: { value: urgent ? URGENT_FEEDBACK_LIMIT : FEEDBACK_LIMIT, unit: 'W' } })

export type RaiseInput = {
  pointId?: string | undefined
  department?: string | undefined
  kind: FeedbackKind
  urgent?: boolean | undefined
  note: string
}

/**
 * 发起知识点反馈 — the centre (agent) only. On a point, the point's department answers (a `department` named too must
 * be it); a point to be written names the department. The point must exist; its status does not matter — an expired
 * point is exactly what feedback may be about.
 */
export function decideRaise(
  actor: KnowledgeActor,
  input: RaiseInput,
  point: KnowledgePoint | undefined,
  ids: { id: string },
  ctx: FeedbackContext,
): Result<FeedbackEvent> {
  if (actor.role !== 'agent')
    return refusal('HOTLINE_KNOWLEDGE_FORBIDDEN', 'Only the hotline centre raises knowledge-point feedback.', {
      role: actor.role,
    })
  if (input.pointId !== undefined && !point)
    return refusal('HOTLINE_KNOWLEDGE_NOT_FOUND', `No knowledge point ${input.pointId}.`, {
      id: input.pointId,
      field: '/body/pointId',
    })
  const department = point?.department ?? input.department
  if (department === undefined)
    return refusal('HOTLINE_FEEDBACK_TARGET_INVALID', 'Name the knowledge point or the department to answer.', {
      field: '/body/department',
    })
  if (point && input.department !== undefined && input.department !== point.department)
    return refusal('HOTLINE_FEEDBACK_TARGET_INVALID', 'The department named is not the knowledge point’s.', {
      field: '/body/department',
      pointDepartment: point.department,
    })
  const urgent = input.urgent ?? false
  return {
    ok: true,
    value: {
      type: 'raised',
      feedback: {
        id: ids.id,
        department,
        ...(point ? { point: { id: point.id, version: point.version, question: point.question } } : {}),
        kind: input.kind,
        urgent,
        note: input.note,
        raisedOn: ctx.today,
        limit: urgent ? URGENT_FEEDBACK_LIMIT : FEEDBACK_LIMIT,
        dueOn: feedbackDue(ctx.calendar, ctx.today, urgent),
        status: 'open',
        version: 1,
        createdAt: ctx.at,
        updatedAt: ctx.at,
      },
    },
  }
}

export type AnswerInput = { action: FeedbackAction; note: string; pointId?: string | undefined }

/**
 * The department's answer (004:1682), once, by its reviewer or lead. What it says it did must be so: `revised` — the
 * feedback's point has a newer version than the one the centre read; `retired` — it is withdrawn; `added` — the named
 * point is the department's and was added on or after the feedback's day. `none` needs only its reason. A late answer
 * is taken and marked `late`: the seed sets no refusal.
 */
export function decideAnswer(
  actor: KnowledgeActor,
  feedback: Feedback,
  input: AnswerInput,
  /** The point the answer is about: the feedback's own (`revised`, `retired`) or the one named (`added`). */
  point: KnowledgePoint | undefined,
  ctx: FeedbackContext,
): Result<FeedbackEvent> {
  const department = managingDepartment(actor)
  if (!department.ok) return department
  // Another department's feedback answers as missing, as another department's point does.
  if (department.value !== feedback.department)
    return refusal('HOTLINE_FEEDBACK_NOT_FOUND', `No knowledge-point feedback ${feedback.id}.`, { id: feedback.id })
  if (feedback.status === 'answered')
    return refusal('HOTLINE_FEEDBACK_ANSWERED', 'The feedback was answered already.', { id: feedback.id })
  const acted = checkAct(feedback, input, point, ctx.today)
  if (acted) return { ok: false, error: acted }
  const actedOn = input.action === 'none' ? undefined : point
  return {
    ok: true,
    value: {
      type: 'answered',
      feedback: {
        ...feedback,
        status: 'answered',
        answer: {
          action: input.action,
          note: input.note,
          ...(actedOn ? { pointId: actedOn.id, pointVersion: actedOn.version } : {}),
          answeredOn: ctx.today,
          late: daysBetween(feedback.dueOn, ctx.today) > 0,
        },
        version: feedback.version + 1,
        updatedAt: ctx.at,
      },
    },
  }
}

const notActed = (message: string, field = '/body/action'): DomainError => ({
  code: 'HOTLINE_FEEDBACK_NOT_ACTED',
  message,
  details: { field },
})

function checkAct(
  feedback: Feedback,
  input: AnswerInput,
  point: KnowledgePoint | undefined,
  today: LegalDate,
): DomainError | undefined {
  switch (input.action) {
    case 'none':
      return undefined
    case 'added':
      if (input.pointId === undefined) return notActed('Name the point added.', '/body/pointId')
      if (!point || point.department !== feedback.department)
        return {
          code: 'HOTLINE_KNOWLEDGE_NOT_FOUND',
          message: `No knowledge point ${input.pointId}.`,
          details: { id: input.pointId, field: '/body/pointId' },
        }
      // The day it was added on the legal calendar (Asia/Shanghai), not the instant's UTC date.
      if (
        daysBetween(feedback.raisedOn, legalDateOf(point.createdAt)) < 0 ||
        daysBetween(legalDateOf(point.createdAt), today) < 0
      )
        return notActed('The point named was not added since the feedback was raised.', '/body/pointId')
      return undefined
    case 'revised':
    case 'retired': {
      if (!feedback.point || !point)
        return notActed(`"${input.action}" answers feedback on a point; this one asked for a new point.`)
      if (input.action === 'retired' && !point.retired) return notActed('The point is not withdrawn.')
      if (input.action === 'revised' && (point.retired || point.version <= feedback.point.version))
        return notActed(`The point is still at the version the centre read (${feedback.point.version}).`)
      return undefined
    }
  }
}

/**
 * The timer (004:1682's limit): the day after `dueOn`, an unanswered feedback is recorded overdue once, for the centre
 * and the department.
 */
export function decideOverdue(feedback: Feedback, today: LegalDate, at: string): FeedbackEvent | undefined {
  if (feedback.status !== 'open' || feedback.overdueOn !== undefined) return undefined
  if (daysBetween(feedback.dueOn, today) <= 0) return undefined
  return {
    type: 'overdue',
    feedback: { ...feedback, overdueOn: today, version: feedback.version + 1, updatedAt: at },
  }
}

/** The most characters of a calendar's notice a feedback keeps (`calendar.published`'s own bound). */
const NOTICE_KEPT = 400

/**
 * A newly published calendar (DESIGN §6: it re-projects every open deadline and records why): an open feedback's due
 * day counted again from its raising day. An event only when the day changed — the department is told its new day;
 * an answered feedback's clock has stopped and keeps its day.
 */
export function decideDueMoved(
  feedback: Feedback,
  calendar: Calendar,
  change: { at: string; notice: string },
): FeedbackEvent | undefined {
  if (feedback.status !== 'open') return undefined
  const dueOn = feedbackDue(calendar, feedback.raisedOn, feedback.urgent)
  if (dueOn === feedback.dueOn) return undefined
  // Raised on the last days of 2099 (a hand edit): due on no day the feedback or its event can carry.
  carried(dueOn, `raised ${feedback.raisedOn},`)
  // Recorded overdue on a day the new calendar still counts within the limit: not overdue after all, so the record is
  // dropped and the timer armed again for the new day (the message already sent stands; this event tells the day).
  const { overdueOn, ...rest } = feedback
  const stillOverdue = overdueOn !== undefined && daysBetween(dueOn, overdueOn) > 0
  return {
    type: 'due-moved',
    feedback: {
      ...rest,
      ...(stillOverdue ? { overdueOn } : {}),
      dueOn,
      dueMoved: { from: feedback.dueOn, notice: change.notice.slice(0, NOTICE_KEPT) },
      version: feedback.version + 1,
      updatedAt: change.at,
    },
  }
}

/** Unanswered after its due day, as of `today`. */
export const isOverdue = (feedback: Feedback, today: LegalDate): boolean =>
  feedback.status === 'open' && daysBetween(feedback.dueOn, today) > 0
