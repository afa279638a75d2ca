import { type Static, Type } from 'typebox'
import { CommitmentMeasure } from '../acceptance/events.js'
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
 * by approval's timer) and the further measure taken then. Kept beside the finding it follows (a 告知承诺's
 * verification, a 容缺 material's finding); absent until the first of these.
 */
export const TaskRectification = Type.Object({
  reports: Type.Array(RectificationReport, { maxItems: MAX_RECTIFICATION_REPORTS }),
  /** 整改完成: the day the department confirmed a report. */
  doneOn: Type.Optional(LegalDate),
  /** 逾期未整改: the day approval's timer found `rectifyBy` passed with no 整改 confirmed. */
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
