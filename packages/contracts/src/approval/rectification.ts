import { type Static, Type } from 'typebox'
import { CommitmentMeasure } from '../commitment-measure.js'
import { Instant, LegalDate, MAX_REFERENCE, MAX_TEXT, MaterialCode } from '../primitives.js'

/** The most 整改 reports one finding keeps, each with the department's review: a loop that long is escalated. */
export const MAX_RECTIFICATION_REPORTS = 10

/** The most material references one 整改 report names (the documents that show it done). */
export const MAX_RECTIFICATION_MATERIALS = 20

/** A document the owner points to as showing the 整改 done: a catalogue material and where it is held, as a 补正's. */
export const RectificationMaterial = Type.Object(
  {
    code: MaterialCode,
    documentRef: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
)

/** The department's answer to one 整改 report: 整改完成 (`done`) or not done, with what is still missing. */
export const RectificationReview = Type.Object({
  result: Type.Union([Type.Literal('done'), Type.Literal('not-done')]),
  on: LegalDate,
  by: Type.String({ maxLength: MAX_REFERENCE }),
  note: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
})

/** The owner's report that it put right what the finding found (整改情况), and the department's review of it. */
export const RectificationReport = Type.Object({
  statement: Type.String({ minLength: 1, maxLength: MAX_TEXT }),
  materials: Type.Optional(Type.Array(RectificationMaterial, { maxItems: MAX_RECTIFICATION_MATERIALS })),
  reportedOn: LegalDate,
  reportedAt: Instant,
  reportedBy: Type.String({ maxLength: MAX_REFERENCE }),
  review: Type.Optional(RectificationReview),
})
export type RectificationReport = Static<typeof RectificationReport>

/**
 * The further measure after 逾期未整改 (seeds/004:1860 依法撤销许可 or 禁止选择告知承诺): what the department took when
 * the 整改 it ordered was not confirmed by `rectifyBy`, once.
 */
export const RectificationEscalation = Type.Object({
  on: LegalDate,
  by: Type.String({ maxLength: MAX_REFERENCE }),
  measures: Type.Array(CommitmentMeasure, { minItems: 1, maxItems: 10 }),
  /** With `bar-commitment`: the last day the owner may not choose 告知承诺. */
  barredUntil: Type.Optional(LegalDate),
  note: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
})

/**
 * 整改 followed through (责令限期整改, seeds/004:1860, 004:2235): the owner's reports on a finding that ordered 整改 by
 * `rectifyBy`, the department's reviews, the day it was confirmed done, the day it was found overdue (逾期未整改, once,
 * by the stage's timer) and the further measure taken then. Kept beside the finding it follows (an approval task's
 * 告知承诺 verification or 容缺 material's finding, a joint acceptance item's 告知承诺 verification); absent until the
 * first of these. The rules over it are below, one for every stage.
 */
export const TaskRectification = Type.Object({
  reports: Type.Array(RectificationReport, { maxItems: MAX_RECTIFICATION_REPORTS }),
  /** 整改完成: the day the department confirmed a report. */
  doneOn: Type.Optional(LegalDate),
  /** 逾期未整改: the day the stage's timer (approval's, acceptance's) found `rectifyBy` passed with no 整改 confirmed. */
  overdueOn: Type.Optional(LegalDate),
  escalation: Type.Optional(RectificationEscalation),
})
export type TaskRectification = Static<typeof TaskRectification>

/** Where an ordered 整改 stands ({@link rectificationState}): a bounded field of the lists that carry it. */
export const RectificationState = Type.Union([
  Type.Literal('owed'),
  Type.Literal('reported'),
  Type.Literal('not-done'),
  Type.Literal('done'),
  Type.Literal('overdue'),
])

/**
 * Where an ordered 整改 stands on `today` — the one reading every screen and reader uses: `done` once confirmed;
 * `overdue` (逾期未整改) once `rectifyBy` is behind today with none confirmed, unless a report made on or before
 * `rectifyBy` still awaits the department's review (责令限期整改, 004:2235: the owner answered within the limit, and
 * the department's time to review is not the owner's delay) — found not done after the day, it is overdue from that
 * review; a late report holds nothing. Else `reported` (a report awaits the department), `not-done` (the last report
 * was found wanting) or `owed` (none yet).
 * Undefined for a finding that ordered no 整改.
 */
export type RectificationState = Static<typeof RectificationState>
export function rectificationState(
  finding: { measures?: readonly string[] | undefined; rectifyBy?: string | undefined } | undefined,
  rectification: Pick<TaskRectification, 'reports' | 'doneOn'> | undefined,
  today: string,
): RectificationState | undefined {
  if (finding?.rectifyBy === undefined || finding.measures?.includes('rectify') !== true) return undefined
  if (rectification?.doneOn !== undefined) return 'done'
  const last = rectification?.reports.at(-1)
  const pending = last !== undefined && last.review === undefined
  if (today > finding.rectifyBy && !(pending && last.reportedOn <= finding.rectifyBy)) return 'overdue'
  if (last === undefined) return 'owed'
  return pending ? 'reported' : 'not-done'
}

// ── The rules of 整改 followed through, one for every stage (approval's task, joint acceptance's item) ──────────────
// Pure: each stage finds the finding and its 整改, checks who acts, and names a refusal with its own code
// (`rectificationRefusal`). The further measure's own fields (`barredUntil`) are checked by vocabulary's
// `verificationErrors`, the breach's one rule, by the caller.

type Review = NonNullable<RectificationReport['review']>
type Escalation = NonNullable<TaskRectification['escalation']>
/** A finding that ordered 整改: its `rectifyBy` and measures (`rectify` among them). */
export type OrderedFinding = { rectifyBy: string; measures?: readonly string[] | undefined }

/** Why an act on an ordered 整改 is refused; a stage names it {@link rectificationRefusal}. */
export type RectificationRefusal =
  | { reason: 'escalated'; rectifyBy: string; escalation: Escalation }
  | { reason: 'done'; doneOn: string }
  | { reason: 'awaiting-review'; reportedOn: string }
  | { reason: 'reports-exhausted' }
  | { reason: 'not-reported' }
  | { reason: 'note-required' }
  | { reason: 'not-overdue'; rectifyBy: string }
  | { reason: 'review-pending'; reportedOn: string }
type Ruled<T> = { ok: true; value: T } | { ok: false; refusal: RectificationRefusal }
const refused = (refusal: RectificationRefusal): { ok: false; refusal: RectificationRefusal } => ({
  ok: false,
  refusal,
})

/** The finding's `rectifyBy` when it ordered 整改 (`rectify` by a day), else undefined: the one test of "ordered". */
export function orderedFinding<F extends { measures?: readonly string[] | undefined; rectifyBy?: string | undefined }>(
  finding: F | undefined,
): (F & OrderedFinding) | undefined {
  if (finding?.rectifyBy === undefined || finding.measures?.includes('rectify') !== true) return undefined
  return { ...finding, rectifyBy: finding.rectifyBy }
}

/**
 * Why nothing more is done on an ordered 整改: the further measure was taken (the matter moved on past it), or it was
 * confirmed done. Undefined while it is still open.
 */
function closed(finding: OrderedFinding, r: TaskRectification): RectificationRefusal | undefined {
  if (r.escalation) return { reason: 'escalated', rectifyBy: finding.rectifyBy, escalation: r.escalation }
  if (r.doneOn) return { reason: 'done', doneOn: r.doneOn }
  return undefined
}

/**
 * 整改 reported: on a finding still open, one report awaiting the department at a time, at most
 * {@link MAX_RECTIFICATION_REPORTS}. One made by `rectifyBy` holds off 逾期未整改 until it is reviewed
 * ({@link rectificationState}); one after the day is still recorded, and the finding stays 逾期未整改 until confirmed.
 * Who reports (the owner alone) is the stage's rule.
 */
export function rectificationReport(
  finding: OrderedFinding,
  r: TaskRectification,
  body: { statement: string; materials?: ReadonlyArray<{ code: string; documentRef: string }> | undefined },
  at: { today: string; at: string; by: string },
): Ruled<RectificationReport> {
  const shut = closed(finding, r)
  if (shut) return refused(shut)
  const last = r.reports.at(-1)
  if (last !== undefined && last.review === undefined) {
    return refused({ reason: 'awaiting-review', reportedOn: last.reportedOn })
  }
  if (r.reports.length >= MAX_RECTIFICATION_REPORTS) return refused({ reason: 'reports-exhausted' })
  return {
    ok: true,
    value: {
      statement: body.statement,
      ...(body.materials?.length ? { materials: body.materials.map((m) => ({ ...m })) } : {}),
      reportedOn: at.today,
      reportedAt: at.at,
      reportedBy: at.by,
    },
  }
}

/** The department's review of the last report: 整改完成, or not done saying what is missing (`note`). */
export function rectificationReview(
  finding: OrderedFinding,
  r: TaskRectification,
  body: { result: 'done' | 'not-done'; note?: string | undefined },
  at: { today: string; by: string },
): Ruled<Review> {
  const shut = closed(finding, r)
  if (shut) return refused(shut)
  const last = r.reports.at(-1)
  if (last === undefined || last.review !== undefined) return refused({ reason: 'not-reported' })
  if (body.result === 'not-done' && body.note === undefined) return refused({ reason: 'note-required' })
  return {
    ok: true,
    value: { result: body.result, on: at.today, by: at.by, ...(body.note === undefined ? {} : { note: body.note }) },
  }
}

/**
 * 逾期未整改's further measure (seeds/004:1860 依法撤销许可、禁止选择告知承诺; 004:2235), once: when the finding is
 * overdue ({@link rectificationState}) and no report awaits its review. A report awaiting review is answered first:
 * else the measure would close the 整改 with the report unanswered, and the department's own delay in reviewing would
 * become the owner's breach. A timely one holds 逾期未整改 itself, so past the day it is named as what waits, not the
 * day. A report found not done (whenever made) leaves the 整改 unconfirmed, so the measure is open again. What the
 * measures do (revoke, bar) and whether they may be taken on what stands is the stage's.
 */
export function rectificationEscalation(
  finding: OrderedFinding,
  r: TaskRectification,
  body: {
    measures: ReadonlyArray<'revoke' | 'bar-commitment'>
    barredUntil?: string | undefined
    note?: string | undefined
  },
  at: { today: string; by: string },
): Ruled<Escalation> {
  const shut = closed(finding, r)
  if (shut) return refused(shut)
  const last = r.reports.at(-1)
  const pending = last !== undefined && last.review === undefined
  if (rectificationState(finding, r, at.today) !== 'overdue' && !(pending && at.today > finding.rectifyBy)) {
    return refused({ reason: 'not-overdue', rectifyBy: finding.rectifyBy })
  }
  if (pending) return refused({ reason: 'review-pending', reportedOn: last.reportedOn })
  return {
    ok: true,
    value: {
      on: at.today,
      by: at.by,
      measures: [...body.measures],
      ...(body.barredUntil === undefined ? {} : { barredUntil: body.barredUntil }),
      ...(body.note === undefined ? {} : { note: body.note }),
    },
  }
}

/** 逾期未整改 on `today` and not yet reported (nor settled): what a stage's timer marks, each finding once. */
export const rectificationDueOverdue = (
  finding: OrderedFinding,
  r: TaskRectification | undefined,
  today: string,
): boolean =>
  r?.overdueOn === undefined && r?.escalation === undefined && rectificationState(finding, r, today) === 'overdue'

/** What one 整改 act did, for {@link rectificationAfter}. */
export type RectificationChange =
  | { type: 'reported'; report: RectificationReport }
  | { type: 'reviewed'; review: Review }
  | { type: 'overdue'; on: string }
  | { type: 'escalated'; escalation: Escalation }

/** The 整改 after one act: a report appended, the last report reviewed (整改完成 sets `doneOn`), overdue, escalated. */
export function rectificationAfter(r: TaskRectification | undefined, change: RectificationChange): TaskRectification {
  const before = r ?? { reports: [] }
  switch (change.type) {
    case 'reported':
      return { ...before, reports: [...before.reports, change.report] }
    case 'reviewed':
      return {
        ...before,
        reports: before.reports.map((x, i) => (i === before.reports.length - 1 ? { ...x, review: change.review } : x)),
        ...(change.review.result === 'done' ? { doneOn: change.review.on } : {}),
      }
    case 'overdue':
      return { ...before, overdueOn: change.on }
    case 'escalated':
      return { ...before, escalation: change.escalation }
  }
}

const REFUSAL_CODE: Record<RectificationRefusal['reason'], string> = {
  escalated: 'ESCALATED',
  done: 'DONE',
  'awaiting-review': 'AWAITING_REVIEW',
  'reports-exhausted': 'REPORTS_EXHAUSTED',
  'not-reported': 'NOT_REPORTED',
  'note-required': 'INVALID',
  'not-overdue': 'NOT_OVERDUE',
  'review-pending': 'REVIEW_PENDING',
}

/**
 * A refusal as a stage answers it: `<STAGE>_RECTIFICATION_<REASON>` (APPROVAL_RECTIFICATION_DONE,
 * ACCEPTANCE_RECTIFICATION_DONE…), one message for every stage, the finding's ids (`ids`: the task and its 容缺
 * material, the case and its item) with what the reason names.
 */
export function rectificationRefusal(
  stage: 'APPROVAL' | 'ACCEPTANCE',
  refusal: RectificationRefusal,
  ids: Record<string, string>,
): { code: string; message: string; details: Record<string, unknown> } {
  const code = `${stage}_RECTIFICATION_${REFUSAL_CODE[refusal.reason]}`
  switch (refusal.reason) {
    case 'escalated':
      return {
        code,
        message: `The 整改 was not confirmed by ${refusal.rectifyBy}; its department took the further measure on ${refusal.escalation.on}.`,
        details: { ...ids, escalation: refusal.escalation },
      }
    case 'done':
      return {
        code,
        message: `The 整改 was confirmed done (整改完成) on ${refusal.doneOn}.`,
        details: { ...ids, doneOn: refusal.doneOn },
      }
    case 'awaiting-review':
      return {
        code,
        message: `The 整改 reported on ${refusal.reportedOn} awaits its department's review.`,
        details: { ...ids, reportedOn: refusal.reportedOn },
      }
    case 'reports-exhausted':
      return {
        code,
        message: `The 整改 has been reported ${MAX_RECTIFICATION_REPORTS} times, the most it keeps.`,
        details: { ...ids, most: MAX_RECTIFICATION_REPORTS },
      }
    case 'not-reported':
      return {
        code,
        message: 'No 整改 report awaits review: the owner has reported none since the last review.',
        details: ids,
      }
    case 'note-required':
      return {
        code,
        message: 'The review cannot be recorded as given.',
        details: {
          ...ids,
          errors: [{ field: '/body/note', message: 'is required when the 整改 is not done: what is still missing' }],
        },
      }
    case 'not-overdue':
      return {
        code,
        message: `The 整改 is due by ${refusal.rectifyBy}: a further measure waits until that day has passed with none confirmed.`,
        details: { ...ids, rectifyBy: refusal.rectifyBy },
      }
    case 'review-pending':
      return {
        code,
        message: `The 整改 reported on ${refusal.reportedOn} awaits its department's review: review it before a further measure.`,
        details: { ...ids, reportedOn: refusal.reportedOn },
      }
  }
}
