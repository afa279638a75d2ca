import {
  ApplicationAcceptedV1,
  type EventBody,
  TaskClockWarnedV1,
  TaskDecidedV1,
  TaskSpecialProcedureStartedV1,
  TaskSupplementRequestedV1,
} from '@onewindow/contracts'
import {
  type Calendar,
  CalendarDataError,
  type Clock,
  ClockInvalidError,
  evaluateClock,
  LegalDateError,
  legalDateOf,
} from '@onewindow/workdays'
import type { TaskSnapshot } from './projectors.js'

/**
 * 风险信号 — the clock-gaming signals the read model raises (issue 15, deliverable 2), each durable and once per
 * occurrence. The per-period one (a department's median above its committed limit) is computed at query time
 * (db/signals.ts), never stored.
 */
export const SIGNAL_KINDS = [
  /** 受理 more than five working days after 接件: the law deems it accepted (行政许可法第三十二条, packages/catalogue/data/law/xingzheng-xuke-fa.txt:8). */
  'late-acceptance',
  /** 补正 requested when the clock had used 80% or more of its limit. */
  'late-supplement',
  /** A second or later 补正 round on one task (the law allows one, 一次性告知). */
  'repeated-supplement',
  /** 特别程序 started when the clock had used 80% or more of its limit. */
  'late-special-procedure',
  /** 特别程序 ran past its own sub-limit (approval's yellow alert on the procedure's clock). */
  'special-procedure-overrun',
  /** Decided after the clock was red (overdue) with no extension (延长) recorded. */
  'decided-overdue',
] as const
export type SignalKind = (typeof SIGNAL_KINDS)[number]

/** The last fifth of a clock: the share used at or above which a pause is suspect (the yellow threshold). */
export const LAST_FIFTH = 0.8
/** Working days the window has to accept or refuse a receipt (行政许可法第三十二条). */
export const ACCEPTANCE_DAYS = 5

/** What makes the case, as the console shows it: the days and counts, all read from the event's own data. */
export type SignalEvidence = {
  step?: string
  /** The item's name as approval published it, for people to read. */
  itemName?: string
  /** Late acceptance: the receipt day, the acceptance day, the working days between, who accepted. */
  receivedOn?: string
  acceptedOn?: string
  workingDays?: number
  acceptedBy?: 'clerk' | 'law'
  /** Clock signals: the clock held to, its limit, units used when it happened, the share used, the due date. */
  clock?: 'statutory' | 'committed' | 'special-procedure'
  limit?: { value: number; unit: 'W' | 'N' }
  used?: number
  share?: number
  dueOn?: string
  /** The day it happened (request, start, alert, decision). */
  on?: string
  /** 补正 rounds used on the task so far. */
  rounds?: number
  /** The 特别程序's kind. */
  procedure?: string
  /** Decided overdue: units past the due date on the decision day. */
  overdueBy?: number
}

/** One occurrence: the key (kind, subject, ordinal) is unique, so a replayed event raises nothing twice. */
export type SignalRow = {
  kind: SignalKind
  /** The task, or the application for a late acceptance. */
  subjectId: string
  /** Which occurrence on the subject: the 补正 round, the 特别程序's position in the clock's ledger, else 1. */
  ordinal: number
  eventId: string
  projectId: string
  applicationId: string
  taskId?: string
  department?: string
  item?: string
  raisedOn: string
  raisedAt: string
  evidence: SignalEvidence
}

type TaskEvent = EventBody<typeof TaskDecidedV1>
type Detector = (event: unknown, eventId: string, calendar: Calendar) => SignalRow[]

/** The clock a task is held to: the committed limit, else the statutory one (as the status and the figures read it). */
const heldClock = (task: TaskSnapshot): { name: 'committed' | 'statutory'; clock: Clock } | undefined => {
  if (task.clocks.committed) return { name: 'committed', clock: task.clocks.committed }
  if (task.clocks.statutory) return { name: 'statutory', clock: task.clocks.statutory }
  return undefined
}

const taskBase = (task: TaskSnapshot, eventId: string, raisedAt: string) => ({
  eventId,
  subjectId: task.taskId,
  projectId: task.projectId,
  applicationId: task.applicationId,
  taskId: task.taskId,
  department: task.department,
  item: task.item,
  raisedAt,
  raisedOn: legalDateOf(raisedAt),
})

/** The task's step and item name, when its snapshot carries them. */
const named = (task: TaskSnapshot) => ({
  ...(task.step === undefined ? {} : { step: task.step }),
  ...(task.itemName === undefined ? {} : { itemName: task.itemName }),
})

const share = (used: number, limit: number) => Math.round((used / limit) * 1000) / 1000

/**
 * How much of `clock` was used on `day`, by the clock's own count (its unit, its pauses), or undefined when it has no
 * limit to be a share of (即办件) or the calendar cannot count it: a signal is never worth refusing an event for.
 */
function usedOn(calendar: Calendar, clock: Clock, day: string) {
  if (clock.limit.value <= 0) return undefined
  try {
    const s = evaluateClock(calendar, clock, day)
    return { used: s.used, share: share(s.used, clock.limit.value), dueOn: s.due, overdue: s.overdue, by: s.overdueBy }
  } catch (err) {
    // Only what the calendar says it cannot count (a malformed clock, a day outside the published years): anything
    // else is a fault, and fails the batch to be retried and dead-lettered rather than raise no signal unseen.
    if (err instanceof ClockInvalidError || err instanceof LegalDateError || err instanceof CalendarDataError)
      return undefined
    throw err
  }
}

/** 补正 late in the clock, and a second or later round: both read from the request's own snapshot. */
const supplementRequested: Detector = (event, eventId, calendar) => {
  const { task } = event as TaskEvent
  const rounds = task.supplementRoundsUsed
  const held = heldClock(task)
  const out: SignalRow[] = []
  const base = { ...taskBase(task, eventId, task.updatedAt), ordinal: Math.max(rounds, 1) }
  // The pause this request opened: the newest 补正 of the held clock's ledger; the share is what was used on its first day.
  const pause = (held?.clock.suspensions ?? []).filter((s) => s.kind === 'supplement').at(-1)
  const at = held && pause ? usedOn(calendar, held.clock, pause.from) : undefined
  if (held && pause && at && at.share >= LAST_FIFTH) {
    out.push({
      ...base,
      kind: 'late-supplement',
      evidence: {
        ...named(task),
        clock: held.name,
        limit: held.clock.limit,
        used: at.used,
        share: at.share,
        dueOn: at.dueOn,
        on: pause.from,
        rounds,
      },
    })
  }
  if (rounds >= 2) {
    out.push({
      ...base,
      kind: 'repeated-supplement',
      evidence: {
        ...named(task),
        rounds,
        ...(pause ? { on: pause.from } : {}),
      },
    })
  }
  return out
}

/** 特别程序 started late in the clock: the procedure is the newest non-补正 pause of the held clock's ledger. */
const specialProcedureStarted: Detector = (event, eventId, calendar) => {
  const { task } = event as TaskEvent
  const held = heldClock(task)
  if (!held) return []
  const procedures = (held.clock.suspensions ?? []).filter((s) => s.kind !== 'supplement')
  const procedure = procedures.at(-1)
  if (!procedure) return []
  const at = usedOn(calendar, held.clock, procedure.from)
  if (!at || at.share < LAST_FIFTH) return []
  return [
    {
      ...taskBase(task, eventId, task.updatedAt),
      kind: 'late-special-procedure',
      ordinal: procedures.length,
      evidence: {
        ...named(task),
        clock: held.name,
        limit: held.clock.limit,
        used: at.used,
        share: at.share,
        dueOn: at.dueOn,
        on: procedure.from,
        procedure: procedure.kind,
      },
    },
  ]
}

/** A 特别程序 past its own sub-limit: approval's yellow alert on the procedure's clock says so, with its figures. */
const clockWarned: Detector = (event, eventId) => {
  const e = event as EventBody<typeof TaskClockWarnedV1>
  if (e.clock !== 'special-procedure') return []
  const held = heldClock(e.task)
  const procedures = (held?.clock.suspensions ?? []).filter((s) => s.kind !== 'supplement')
  const index = procedures.findIndex((s) => s.id !== undefined && s.id === e.suspensionId)
  const procedure = index >= 0 ? procedures[index] : undefined
  return [
    {
      ...taskBase(e.task, eventId, e.detectedAt),
      raisedOn: e.detectedOn,
      kind: 'special-procedure-overrun',
      // Without a matching id the procedure is the newest one: approval alerts on the procedure that is running.
      ordinal: index >= 0 ? index + 1 : Math.max(procedures.length, 1),
      evidence: {
        ...named(e.task),
        clock: 'special-procedure',
        used: e.used,
        share: e.limit > 0 ? share(e.used, e.limit) : 1,
        dueOn: e.dueOn,
        on: procedure?.from ?? e.detectedOn,
        ...(procedure?.limit ? { limit: procedure.limit } : {}),
        ...(e.suspensionKind === undefined ? {} : { procedure: e.suspensionKind }),
      },
    },
  ]
}

/** Decided after the held clock's due date, its statutory clock never extended (延长 would have moved the date). */
const taskDecided: Detector = (event, eventId, calendar) => {
  const { task } = event as TaskEvent
  const decision = task.decision
  const held = heldClock(task)
  if (!decision || !held || decision.outcome === 'withdrawn' || decision.outcome === 'closed') return []
  if (task.clocks.statutory?.extended || task.clocks.committed?.extended) return []
  const decidedOn = legalDateOf(decision.decidedAt)
  const at = usedOn(calendar, held.clock, decidedOn)
  if (!at?.overdue) return []
  return [
    {
      ...taskBase(task, eventId, decision.decidedAt),
      kind: 'decided-overdue',
      ordinal: 1,
      evidence: {
        ...named(task),
        clock: held.name,
        limit: held.clock.limit,
        used: at.used,
        share: at.share,
        dueOn: at.dueOn,
        on: decidedOn,
        overdueBy: at.by,
      },
    },
  ]
}

/**
 * 受理 more than five working days after 接件 (by the clerk late, or by the law itself after the fifth): working days
 * after the receipt day through the day of acceptance, on the application's region's calendar ("逾期不告知的，自收到
 * 申请材料之日起即为受理", packages/catalogue/data/law/xingzheng-xuke-fa.txt:8; docs/legal-time.md, Art. 32). A receipt
 * the window told its one notice (一次性告知) in time has no such limit any more — the law gives none after a notice —
 * so it raises nothing.
 */
const applicationAccepted: Detector = (event, eventId, calendar) => {
  const e = event as EventBody<typeof ApplicationAcceptedV1>
  const receipt = e.receipt
  if (!receipt || receipt.notice) return []
  const from = receipt.receivedOn
  const acceptedOn = legalDateOf(e.acceptedAt)
  const window: Clock = {
    start: from,
    limit: { value: ACCEPTANCE_DAYS, unit: 'W' },
    suspensions: [],
    ...(e.region === undefined ? {} : { region: e.region }),
  }
  const at = usedOn(calendar, window, acceptedOn)
  if (!at || at.used <= ACCEPTANCE_DAYS) return []
  return [
    {
      kind: 'late-acceptance',
      subjectId: e.applicationId,
      ordinal: 1,
      eventId,
      projectId: e.projectId,
      applicationId: e.applicationId,
      raisedAt: e.acceptedAt,
      raisedOn: acceptedOn,
      evidence: {
        ...(e.step === undefined ? {} : { step: e.step }),
        receivedOn: from,
        acceptedOn,
        workingDays: at.used,
        ...(receipt.acceptedBy === undefined ? {} : { acceptedBy: receipt.acceptedBy }),
      },
    },
  ]
}

const detectors = new Map<string, Detector>([
  [ApplicationAcceptedV1.subject, applicationAccepted],
  [TaskSupplementRequestedV1.subject, supplementRequested],
  [TaskSpecialProcedureStartedV1.subject, specialProcedureStarted],
  [TaskClockWarnedV1.subject, clockWarned],
  [TaskDecidedV1.subject, taskDecided],
])

/** The subjects that may raise a signal: the read model looks at no other event. */
export const SIGNAL_SUBJECTS: ReadonlySet<string> = new Set(detectors.keys())

/**
 * The signals one event raises, from its own data and `calendar` (no I/O, no clock): what the read model stores as it
 * applies the event.
 */
export function signalsOf(subject: string, event: unknown, eventId: string, calendar: Calendar): SignalRow[] {
  return detectors.get(subject)?.(event, eventId, calendar) ?? []
}
