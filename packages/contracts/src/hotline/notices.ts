import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { Count, DepartmentCode, Instant, LegalDate, MAX_REFERENCE, Uuid } from '../primitives.js'

// ─── 重要业务变动、政策法规调整通报 (第三十七条, seeds/004_33317a5f04b53a73.txt:1684–1692) ─────────────────────────

/**
 * Which of the five cases of 第三十七条 a change is (004:1688–1692), a closed set: (一) `normative-document` — a
 * normative document or notice with a large effect on firms and people; (二) `rule-change` — a rule change of a
 * high-volume service affecting entitlements or qualifications; (三) `specialist-information` — specialist
 * information, full of jargon, easily misread; (四) `channel-change` — a change to a much-used system, window or
 * enquiry channel; (五) `other` — anything else likely to cause concentrated enquiries.
 */
export const ChangeNoticeKind = Type.Union([
  Type.Literal('normative-document'),
  Type.Literal('rule-change'),
  Type.Literal('specialist-information'),
  Type.Literal('channel-change'),
  Type.Literal('other'),
])
export type ChangeNoticeKind = Static<typeof ChangeNoticeKind>

/**
 * The linked measures (联动措施) the unit takes with the centre for sudden or concentrated requests (004:1684), a
 * closed set: 更新热线知识点 `update-knowledge`, 培训热线话务人员 `train-agents`, 现场话务支撑 `on-site-support`,
 * 及时回应集中诉求 `answer-concentrated`, 主动发布政策解读信息 `publish-interpretation`.
 */
export const ChangeNoticeMeasure = Type.Union([
  Type.Literal('update-knowledge'),
  Type.Literal('train-agents'),
  Type.Literal('on-site-support'),
  Type.Literal('answer-concentrated'),
  Type.Literal('publish-interpretation'),
])
export type ChangeNoticeMeasure = Static<typeof ChangeNoticeMeasure>

/** The bounds of the notices' texts, shared by the request bodies and the events that carry them. */
export const noticeTextBounds = {
  title: 200,
  content: 4000,
  system: 200,
  cause: 2000,
  scope: 2000,
  /** An answer script or progress note. */
  text: 2000,
} as const

/**
 * The most plain updates an outage keeps. Every outage event carries the notice whole, and NATS refuses a message above
 * its max payload (1 MiB by default): a message the relay cannot publish would hold its row and every row after it.
 * An update that meets a clock still unmet (the first script, the first progress update once owed) is taken beyond
 * it, so a full list never shuts out a duty: at most `OUTAGE_UPDATES_KEPT`. At that many updates of 2000 characters
 * the largest valid notice serialises under 512 KiB even when every character is escaped to `\uXXXX` (6 bytes) — the
 * hotline's unit test computes it.
 */
export const OUTAGE_UPDATES_MAX = 20
/** The most updates an outage can hold: `OUTAGE_UPDATES_MAX` plus one for each of its two clocks. */
export const OUTAGE_UPDATES_KEPT = OUTAGE_UPDATES_MAX + 2

/**
 * 变动通报 — a handling unit's advance notice to the hotline centre of a major business change or policy adjustment
 * (004:1684), carried whole with a version. `effectiveOn` is after `filedOn`: the notice comes in advance (提前通报).
 */
export const ChangeNoticeSnapshot = Type.Object({
  id: Uuid,
  /** The handling unit (承办单位) that filed it. */
  department: DepartmentCode,
  kind: ChangeNoticeKind,
  title: Type.String({ minLength: 1, maxLength: noticeTextBounds.title }),
  content: Type.String({ minLength: 1, maxLength: noticeTextBounds.content }),
  /** The day the change takes effect, after `filedOn`. */
  effectiveOn: LegalDate,
  measures: Type.Array(ChangeNoticeMeasure, { minItems: 1, maxItems: 5, uniqueItems: true }),
  filedOn: LegalDate,
  status: Type.Union([Type.Literal('filed'), Type.Literal('acknowledged')]),
  /** The centre's acknowledgement (签收), once. */
  acknowledged: Type.Optional(
    Type.Object({ on: LegalDate, by: Type.String({ minLength: 1, maxLength: MAX_REFERENCE }) }),
  ),
  version: Count(1),
  createdAt: Instant,
  updatedAt: Instant,
})
export type ChangeNoticeSnapshot = Static<typeof ChangeNoticeSnapshot>

const changeEvent = <const S extends `permit.hotline.change-notice.${string}.v1`>(subject: S, description: string) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      notice: ChangeNoticeSnapshot,
      actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    }),
  })

export const ChangeNoticeFiledV1 = changeEvent(
  'permit.hotline.change-notice.filed.v1',
  '变动通报 — a handling unit told the hotline centre in advance of a major business change or policy adjustment, with the day it takes effect and the linked measures it offers.',
)
export type ChangeNoticeFiledV1 = EventBody<typeof ChangeNoticeFiledV1>

export const ChangeNoticeAcknowledgedV1 = changeEvent(
  'permit.hotline.change-notice.acknowledged.v1',
  'The hotline centre acknowledged a unit’s change notice.',
)
export type ChangeNoticeAcknowledgedV1 = EventBody<typeof ChangeNoticeAcknowledgedV1>

// ─── 故障通报 (第三十八条, seeds/004_33317a5f04b53a73.txt:1694) ─────────────────────────────────────────────────────

/** An update of an outage: an answer script (应答口径, the first one or an updated one) or a progress note. */
export const OutageUpdateKind = Type.Union([Type.Literal('script'), Type.Literal('progress')])
export type OutageUpdateKind = Static<typeof OutageUpdateKind>

/** The clocks of an outage: the answer script (1 natural day of the report) and the progress update of a long fault. */
export const OutageClock = Type.Union([Type.Literal('script'), Type.Literal('progress')])
export type OutageClock = Static<typeof OutageClock>

const outageDeadline = Type.Object({
  /** The last day (inclusive) the duty may be met on. */
  dueOn: LegalDate,
  /** The day it was met. */
  metOn: Type.Optional(LegalDate),
  /** The day the timer recorded it overdue (the day after `dueOn`, unmet), once. */
  overdueOn: Type.Optional(LegalDate),
})

/**
 * 故障通报 — a handling unit's report of a fault of its service website or app that interrupted service and caused
 * concentrated requests (004:1694): the cause, when it started, the business affected and the expected recovery; the
 * answer script owed within 1 natural day of the report (owed still after the recovery: the requests the fault caused
 * need answering); a progress update owed once the fault has lasted 2 natural days unrecovered; the recovery, which
 * ends the progress clock. Carried whole with a version.
 */
export const OutageNoticeSnapshot = Type.Object({
  id: Uuid,
  department: DepartmentCode,
  /** The website or app that failed. */
  system: Type.String({ minLength: 1, maxLength: noticeTextBounds.system }),
  cause: Type.String({ minLength: 1, maxLength: noticeTextBounds.cause }),
  startedAt: Instant,
  /** 受影响的业务范围. */
  affectedScope: Type.String({ minLength: 1, maxLength: noticeTextBounds.scope }),
  expectedRecoveryAt: Instant,
  reportedAt: Instant,
  reportedOn: LegalDate,
  status: Type.Union([Type.Literal('open'), Type.Literal('recovered')]),
  /** 应答口径: due by `reportedOn` + 1 natural day. */
  script: outageDeadline,
  /**
   * The progress update, owed from `owedFrom` while unrecovered: the start day + 3, the first day after the fault has
   * lasted 2 natural days (the start day not counted, the second ending at the end of the start day + 2).
   */
  progress: Type.Optional(Type.Object({ owedFrom: LegalDate, ...outageDeadline.properties })),
  updates: Type.Array(
    Type.Object({
      kind: OutageUpdateKind,
      text: Type.String({ minLength: 1, maxLength: noticeTextBounds.text }),
      on: LegalDate,
      at: Instant,
    }),
    { maxItems: OUTAGE_UPDATES_KEPT },
  ),
  recoveredAt: Type.Optional(Instant),
  version: Count(1),
  createdAt: Instant,
  updatedAt: Instant,
})
export type OutageNoticeSnapshot = Static<typeof OutageNoticeSnapshot>

const outageEvent = <const S extends `permit.hotline.outage-notice.${string}.v1`>(subject: S, description: string) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      notice: OutageNoticeSnapshot,
      actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    }),
  })

export const OutageNoticeReportedV1 = outageEvent(
  'permit.hotline.outage-notice.reported.v1',
  '故障通报 — a handling unit reported a fault of its service website or app that caused concentrated requests; its answer script is due within 1 natural day.',
)
export type OutageNoticeReportedV1 = EventBody<typeof OutageNoticeReportedV1>

export const OutageNoticeUpdatedV1 = outageEvent(
  'permit.hotline.outage-notice.updated.v1',
  'The unit gave the answer script (应答口径), an updated one, or a progress note on an outage.',
)
export type OutageNoticeUpdatedV1 = EventBody<typeof OutageNoticeUpdatedV1>

export const OutageNoticeRecoveredV1 = outageEvent(
  'permit.hotline.outage-notice.recovered.v1',
  'The unit recorded the outage recovered; its progress clock ends, an unmet answer script is still owed.',
)
export type OutageNoticeRecoveredV1 = EventBody<typeof OutageNoticeRecoveredV1>

/** Recorded once per clock, the day after its due day: the unit and the centre are told. */
export const OutageNoticeOverdueV1 = defineEvent({
  subject: 'permit.hotline.outage-notice.overdue.v1',
  description:
    'An outage’s answer script (1 natural day of the report) or progress update (owed once the fault has lasted 2 natural days) was not given in time; recorded once per clock.',
  schema: Type.Object({ notice: OutageNoticeSnapshot, clock: OutageClock }),
})
export type OutageNoticeOverdueV1 = EventBody<typeof OutageNoticeOverdueV1>

export const noticeEvents = [
  ChangeNoticeFiledV1,
  ChangeNoticeAcknowledgedV1,
  OutageNoticeReportedV1,
  OutageNoticeUpdatedV1,
  OutageNoticeRecoveredV1,
  OutageNoticeOverdueV1,
] as const
