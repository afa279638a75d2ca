import {
  type ChangeNoticeKind,
  type ChangeNoticeMeasure,
  type ChangeNoticeSnapshot,
  OUTAGE_UPDATES_MAX,
  type OutageClock,
  type OutageNoticeSnapshot,
  type OutageUpdateKind,
} from '@onewindow/contracts'
import type { Result } from '@onewindow/vocabulary'
import { addDays, type LegalDate, legalDateOf } from '@onewindow/workdays'
import { fieldRefused, refusal } from './refusal.js'

/**
 * The handling units' notices to the hotline centre, pure (the instant and the day are given):
 * - 变动通报 (第三十七条, seeds/004_33317a5f04b53a73.txt:1684–1692): a unit tells the centre in advance of a major
 *   business change or policy adjustment, with the linked measures it takes; the centre acknowledges it.
 * - 故障通报 (第三十八条, 004:1694): a unit reports a fault of its website or app that caused concentrated requests;
 *   the answer script (应答口径) is owed within 1 natural day, a progress update once the fault has lasted 2 natural
 *   days unrecovered. The recovery ends the progress clock only: the script answers the requests the fault caused,
 *   which are owed an answer whether or not it still runs.
 * Natural days are days of the legal calendar (Asia/Shanghai) counted from the day after their start, as every hotline
 * period (the rating window's 5 natural days, docs/hotline.md).
 */
export type ChangeNotice = ChangeNoticeSnapshot
export type OutageNotice = OutageNoticeSnapshot

export type NoticeActor = { role: string; department?: string | undefined; sub: string }
export type NoticeContext = { at: string; today: LegalDate }

/** 在1个自然日内提供答复诉求人的应答口径 (004:1694). */
export const SCRIPT_LIMIT_N = 1
/**
 * 持续时间2个自然日以上的故障 (004:1694): a fault begun on D has lasted 2 natural days once D+2 has ended (N natural
 * days begun on D end at the end of D+N), so a progress update is owed from D+3, unrecovered.
 */
export const LONG_FAULT_N = 2
/**
 * 及时沟通解决进展 (004:1694) gives no limit; the article's own 1 natural day is borrowed for it (needs sign-off,
 * docs/hotline.md#notices).
 */
export const PROGRESS_LIMIT_N = 1

export type ChangeEvent = { type: 'filed' | 'acknowledged'; notice: ChangeNotice }
export type OutageEvent =
  | { type: 'reported' | 'updated' | 'recovered'; notice: OutageNotice }
  | { type: 'overdue'; clock: OutageClock; notice: OutageNotice }

const forbidden = (role: string) =>
  refusal('HOTLINE_NOTICE_FORBIDDEN', 'Only a department’s reviewer or lead files its unit’s notices.', { role })

/** The unit a caller files and updates notices for: a reviewer's or lead's own department. */
export function filingDepartment(actor: NoticeActor): Result<string> {
  if ((actor.role === 'reviewer' || actor.role === 'lead') && actor.department)
    return { ok: true, value: actor.department }
  return forbidden(actor.role)
}

export const noticeNotFound = (id: string): Result<never> =>
  refusal('HOTLINE_NOTICE_NOT_FOUND', `No notice ${id}.`, { id })

// ─── 变动通报 ────────────────────────────────────────────────────────────────────────────────────────────────────────

export type ChangeInput = {
  kind: ChangeNoticeKind
  title: string
  content: string
  effectiveOn: LegalDate
  measures: ChangeNoticeMeasure[]
}

/** 提前通报: the change takes effect after the day it is filed; on the day itself or earlier is not in advance. */
export function decideFileChange(
  actor: NoticeActor,
  input: ChangeInput,
  ids: { id: string },
  ctx: NoticeContext,
): Result<ChangeEvent> {
  const department = filingDepartment(actor)
  if (!department.ok) return department
  if (input.effectiveOn <= ctx.today)
    return refusal('HOTLINE_NOTICE_NOT_IN_ADVANCE', 'A change is notified in advance: it takes effect after today.', {
      ...fieldRefused('/body/effectiveOn', `must be after ${ctx.today}`),
      after: ctx.today,
    })
  return {
    ok: true,
    value: {
      type: 'filed',
      notice: {
        id: ids.id,
        department: department.value,
        kind: input.kind,
        title: input.title,
        content: input.content,
        effectiveOn: input.effectiveOn,
        measures: input.measures,
        filedOn: ctx.today,
        status: 'filed',
        version: 1,
        createdAt: ctx.at,
        updatedAt: ctx.at,
      },
    },
  }
}

/** The centre (agent) acknowledges a change notice, once. */
export function decideAcknowledge(actor: NoticeActor, notice: ChangeNotice, ctx: NoticeContext): Result<ChangeEvent> {
  if (actor.role !== 'agent')
    return refusal('HOTLINE_NOTICE_FORBIDDEN', 'Only the hotline centre acknowledges a notice.', { role: actor.role })
  if (notice.status === 'acknowledged')
    return refusal('HOTLINE_NOTICE_ACKNOWLEDGED', 'The notice was acknowledged already.', { id: notice.id })
  return {
    ok: true,
    value: {
      type: 'acknowledged',
      notice: {
        ...notice,
        status: 'acknowledged',
        acknowledged: { on: ctx.today, by: actor.sub },
        version: notice.version + 1,
        updatedAt: ctx.at,
      },
    },
  }
}

// ─── 故障通报 ────────────────────────────────────────────────────────────────────────────────────────────────────────

export type OutageInput = {
  system: string
  cause: string
  startedAt: string
  affectedScope: string
  expectedRecoveryAt: string
}

const timeInvalid = (field: string, message: string) =>
  refusal('HOTLINE_NOTICE_TIME_INVALID', message, fieldRefused(field, message))

const instant = (iso: string) => Date.parse(iso)

/**
 * The progress clock of a fault started on `startedOn` and reported on `reportedOn`: owed from the first day after the
 * fault has lasted 2 natural days (the start day not counted: D+2 ended, so D+3), due 1 natural day after that day —
 * or after the report, when the fault was reported later than that.
 */
export function progressClock(startedOn: LegalDate, reportedOn: LegalDate): { owedFrom: LegalDate; dueOn: LegalDate } {
  const owedFrom = addDays(startedOn, LONG_FAULT_N + 1)
  const from = owedFrom > reportedOn ? owedFrom : reportedOn
  return { owedFrom, dueOn: addDays(from, PROGRESS_LIMIT_N) }
}

/** 故障通报: the start no later than now, the expected recovery no earlier than the start. */
export function decideReport(
  actor: NoticeActor,
  input: OutageInput,
  ids: { id: string },
  ctx: NoticeContext,
): Result<OutageEvent> {
  const department = filingDepartment(actor)
  if (!department.ok) return department
  if (instant(input.startedAt) > instant(ctx.at))
    return timeInvalid('/body/startedAt', 'The fault cannot start after it is reported.')
  if (instant(input.expectedRecoveryAt) < instant(input.startedAt))
    return timeInvalid('/body/expectedRecoveryAt', 'The expected recovery is before the fault started.')
  return {
    ok: true,
    value: {
      type: 'reported',
      notice: {
        id: ids.id,
        department: department.value,
        system: input.system,
        cause: input.cause,
        startedAt: input.startedAt,
        affectedScope: input.affectedScope,
        expectedRecoveryAt: input.expectedRecoveryAt,
        reportedAt: ctx.at,
        reportedOn: ctx.today,
        status: 'open',
        script: { dueOn: addDays(ctx.today, SCRIPT_LIMIT_N) },
        progress: progressClock(legalDateOf(input.startedAt), ctx.today),
        updates: [],
        version: 1,
        createdAt: ctx.at,
        updatedAt: ctx.at,
      },
    },
  }
}

/** The reporting unit's own outage; another unit's answers as missing. */
function own(actor: NoticeActor, notice: OutageNotice): Result<OutageNotice> {
  const department = filingDepartment(actor)
  if (!department.ok) return department
  if (department.value !== notice.department) return noticeNotFound(notice.id)
  return { ok: true, value: notice }
}

const recoveredAlready = (notice: OutageNotice) =>
  refusal('HOTLINE_NOTICE_RECOVERED', 'The outage is recovered; only an answer script still owed is taken.', {
    id: notice.id,
  })

export const MAX_UPDATES = OUTAGE_UPDATES_MAX

/**
 * An answer script or a progress note. The first script meets the script clock (late ones are taken: the seed sets
 * no refusal); any script or note given once the progress update is owed, unrecovered, meets the progress clock.
 * After the recovery only the script still owed is taken: the progress clock has ended, the script's has not.
 */
export function decideUpdate(
  actor: NoticeActor,
  notice: OutageNotice,
  input: { kind: OutageUpdateKind; text: string },
  ctx: NoticeContext,
): Result<OutageEvent> {
  const mine = own(actor, notice)
  if (!mine.ok) return mine
  const open = notice.status === 'open'
  if (!open && (input.kind !== 'script' || notice.script.metOn !== undefined)) return recoveredAlready(notice)
  const meetsScript = input.kind === 'script' && notice.script.metOn === undefined
  const meetsProgress =
    open &&
    notice.progress !== undefined &&
    notice.progress.metOn === undefined &&
    ctx.today >= notice.progress.owedFrom
  // A full list refuses plain notes only: an update that meets a clock still unmet is always taken, or 20 notes would
  // leave the clock unmeetable. Each clock is met once, so an outage holds at most MAX_UPDATES + 2.
  if (notice.updates.length >= MAX_UPDATES && !meetsScript && !meetsProgress)
    return refusal(
      'HOTLINE_NOTICE_UPDATES_FULL',
      `An outage keeps at most ${MAX_UPDATES} updates besides those that meet its clocks.`,
      { id: notice.id },
    )
  const script = meetsScript ? { ...notice.script, metOn: ctx.today } : notice.script
  const progress = meetsProgress && notice.progress ? { ...notice.progress, metOn: ctx.today } : notice.progress
  return {
    ok: true,
    value: {
      type: 'updated',
      notice: {
        ...notice,
        script,
        ...(progress ? { progress } : {}),
        updates: [...notice.updates, { kind: input.kind, text: input.text, on: ctx.today, at: ctx.at }],
        version: notice.version + 1,
        updatedAt: ctx.at,
      },
    },
  }
}

/** The recovery, at a time between the start and now: the progress clock ends; an unmet script is still owed. */
export function decideRecover(
  actor: NoticeActor,
  notice: OutageNotice,
  recoveredAt: string,
  ctx: NoticeContext,
): Result<OutageEvent> {
  const mine = own(actor, notice)
  if (!mine.ok) return mine
  if (notice.status === 'recovered') return recoveredAlready(notice)
  if (instant(recoveredAt) < instant(notice.startedAt) || instant(recoveredAt) > instant(ctx.at))
    return timeInvalid('/body/recoveredAt', 'The recovery is between the fault’s start and now.')
  return {
    ok: true,
    value: {
      type: 'recovered',
      notice: { ...notice, status: 'recovered', recoveredAt, version: notice.version + 1, updatedAt: ctx.at },
    },
  }
}

type Deadline = { dueOn: LegalDate; metOn?: LegalDate | undefined; overdueOn?: LegalDate | undefined }

/**
 * The clocks still running: the script's until it is met, recovered or not (the requests the fault caused are owed an
 * answer either way, 004:1694); the progress update's only while the fault lasts.
 */
const running = (notice: OutageNotice): { script: Deadline; progress: Deadline | undefined } => ({
  script: notice.script,
  progress: notice.status === 'open' ? notice.progress : undefined,
})

/** A running clock past its due day, unmet (the progress clock only once it is owed, which it is by then). */
const late = (clock: Deadline | undefined, today: LegalDate) =>
  clock !== undefined && clock.metOn === undefined && today > clock.dueOn

/** Which clocks are overdue as of `today`. */
export const overdueOn = (notice: OutageNotice, today: LegalDate) => {
  const clocks = running(notice)
  return { script: late(clocks.script, today), progress: late(clocks.progress, today) }
}

/**
 * The timer: each clock unmet past its due day is recorded overdue once (the day after the due day, or the first
 * pass after it), each with its own event; nothing when none is due.
 */
export function decideOverdue(notice: OutageNotice, today: LegalDate, at: string): OutageEvent[] {
  const events: OutageEvent[] = []
  let current = notice
  if (late(running(current).script, today) && current.script.overdueOn === undefined) {
    current = {
      ...current,
      script: { ...current.script, overdueOn: today },
      version: current.version + 1,
      updatedAt: at,
    }
    events.push({ type: 'overdue', clock: 'script', notice: current })
  }
  if (current.progress && late(running(current).progress, today) && current.progress.overdueOn === undefined) {
    current = {
      ...current,
      progress: { ...current.progress, overdueOn: today },
      version: current.version + 1,
      updatedAt: at,
    }
    events.push({ type: 'overdue', clock: 'progress', notice: current })
  }
  return events
}

/** The first day the timer may have something to do: the day after each running, unmet, unrecorded clock's due day. */
export function outageLookOn(notice: OutageNotice): LegalDate | null {
  const { script, progress } = running(notice)
  const days = [script, progress]
    .filter((c): c is Deadline => c !== undefined && c.metOn === undefined && c.overdueOn === undefined)
    .map((c) => addDays(c.dueOn, 1))
  return days.sort()[0] ?? null
}
