// HTTP bodies of the hotline service's notice routes (第三十七、三十八条), shared with the gateway.
import { type Static, Type } from 'typebox'
import {
  ChangeNoticeKind,
  ChangeNoticeMeasure,
  ChangeNoticeSnapshot,
  noticeTextBounds,
  OutageNoticeSnapshot,
} from '../hotline/notices.js'
import { INSTANT_KEY_PATTERN, Instant, LegalDate, UUID_PATTERN, Uuid, WrittenText } from '../primitives.js'

const strict = { additionalProperties: false } as const

/**
 * POST /notices/changes — a department's reviewer or lead tells the centre in advance of a major change
 * (004:1684–1692): which of the five cases, what, the day it takes effect (after today) and the linked measures.
 */
export const ChangeNoticeBody = Type.Object(
  {
    kind: ChangeNoticeKind,
    title: WrittenText(noticeTextBounds.title, 'what changes'),
    content: WrittenText(noticeTextBounds.content, 'the change and what requesters will ask'),
    effectiveOn: LegalDate,
    measures: Type.Array(ChangeNoticeMeasure, { minItems: 1, maxItems: 5, uniqueItems: true }),
  },
  strict,
)
export type ChangeNoticeBody = Static<typeof ChangeNoticeBody>

/** POST /notices/outages — a department's reviewer or lead reports a fault of its website or app (004:1694). */
export const OutageNoticeBody = Type.Object(
  {
    system: WrittenText(noticeTextBounds.system, 'the website or app that failed'),
    cause: WrittenText(noticeTextBounds.cause, '故障原因'),
    startedAt: Instant,
    affectedScope: WrittenText(noticeTextBounds.scope, '受影响的业务范围'),
    expectedRecoveryAt: Instant,
  },
  strict,
)
export type OutageNoticeBody = Static<typeof OutageNoticeBody>

/**
 * POST /notices/outages/:id/actions — the reporting department: `script` the answer script (the first, or an updated
 * one; taken after the recovery too while the script is unmet), `progress` a note on how the repair goes, `recover`
 * the time service came back (ends the progress clock).
 */
export const OutageActionBody = Type.Union([
  Type.Object(
    {
      action: Type.Literal('script'),
      text: WrittenText(noticeTextBounds.text, '应答口径: what agents tell requesters'),
    },
    strict,
  ),
  Type.Object({ action: Type.Literal('progress'), text: WrittenText(noticeTextBounds.text, '解决进展') }, strict),
  Type.Object({ action: Type.Literal('recover'), recoveredAt: Instant }, strict),
])
export type OutageActionBody = Static<typeof OutageActionBody>

export const NoticeIdParams = Type.Object({ id: Uuid }, strict)

/**
 * The most notices of each kind one list answers. An outage carries up to `OUTAGE_UPDATES_KEPT` updates, so the
 * answer is bounded in bytes too: 20 of the largest change and 20 of the largest outage stay under 8 MiB even with
 * every character escaped (the hotline's unit test computes it); in practice, Chinese text at 3 bytes a character,
 * about half that.
 */
export const NOTICE_LIST_MAX = 20

/**
 * Where the next page of one kind of notice starts: the kind, whether the last notice was open (`1`) or not (`0`),
 * its stored filing instant as PostgreSQL writes it in UTC (`instantKey` in @onewindow/db: `2026-03-16 01:00:00.5`,
 * to the millisecond the column keeps, a BC or five- or six-digit year, `infinity`, `-infinity` — whatever the column
 * holds, so a page ending on a damaged row still goes on) and its id — `change~1~<key>~<id>`. Opaque to a caller,
 * which passes `next` back; the service refuses a key of this shape that names no instant the column holds
 * (30 February).
 */
export const NoticeCursor = Type.String({
  pattern: `^(change|outage)~[01]~${INSTANT_KEY_PATTERN}~${UUID_PATTERN}$`,
  maxLength: 100,
})

/**
 * GET /notices — the agent every department's, a reviewer or lead its own; open ones first, then newest. With a
 * `cursor` (a `next` of an earlier answer) only that cursor's kind is answered, from where the page before ended.
 */
export const NoticeListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: NOTICE_LIST_MAX, default: NOTICE_LIST_MAX })),
    cursor: Type.Optional(NoticeCursor),
  },
  strict,
)
export type NoticeListQuery = Static<typeof NoticeListQuery>

export const ChangeNoticeView = ChangeNoticeSnapshot
export type ChangeNoticeView = Static<typeof ChangeNoticeView>

/** An outage as of `today`: which of its clocks are past their due day unmet (`overdue`). */
export const OutageNoticeView = Type.Object({
  ...OutageNoticeSnapshot.properties,
  overdue: Type.Object({ script: Type.Boolean(), progress: Type.Boolean() }),
})
export type OutageNoticeView = Static<typeof OutageNoticeView>

export const NoticeListResponse = Type.Object({
  /** The legal day the `overdue` flags are of (Asia/Shanghai). */
  today: LegalDate,
  changes: Type.Array(ChangeNoticeView, { maxItems: NOTICE_LIST_MAX }),
  outages: Type.Array(OutageNoticeView, { maxItems: NOTICE_LIST_MAX }),
  /** Present for a kind when more of its notices follow: pass it back as `cursor`. */
  next: Type.Object({ changes: Type.Optional(NoticeCursor), outages: Type.Optional(NoticeCursor) }),
})
export type NoticeListResponse = Static<typeof NoticeListResponse>

export const ChangeNoticeResponse = Type.Object({ notice: ChangeNoticeView })
export type ChangeNoticeResponse = Static<typeof ChangeNoticeResponse>

export const OutageNoticeResponse = Type.Object({ notice: OutageNoticeView })
export type OutageNoticeResponse = Static<typeof OutageNoticeResponse>
