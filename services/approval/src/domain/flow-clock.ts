import type { ApplicationAcceptedV1 } from '@onewindow/contracts'
import { addDays, type Calendar, evaluateClock } from '@onewindow/workdays'
import { lookOn } from './next-look.js'
import { type ClockSpec, clockOf } from './task.js'

/**
 * The project's whole-flow cap clock (全流程行政审批时间), owned by approval beside the step clocks.
 *
 * The cap is the project type's (e.g. Foshan: "带方案出让工业用地项目从签订土地出让合同到完成不动产初始登记全流程行政审批
 * 时间控制在12个工作日内", seeds/004_33317a5f04b53a73.txt:2125). What it counts is 行政审批时间, the government's
 * approval time: each step from its acceptance (受理) to its decision. The days between steps (the owner preparing
 * the next application) are not approval time and do not count; nor do the days the application waits on the owner
 * under a 补正 notice (the step's own clocks stop for it too, domain/step-clock.ts). So the clock starts on the first
 * step's acceptance day and each of those pauses is a suspension with its reason.
 *
 * It counts the steps approval runs (from intake's acceptance to approval's decision) and the joint-acceptance and
 * first-registration cases (from their opening to their decision or completion), as their services announce them.
 */
export type FlowSpanKind = 'application' | 'acceptance' | 'registration'
export type FlowSpan = { kind: FlowSpanKind; id: string; step?: string; from: string; to?: string }
export type FlowNoticePause = { id: string; from: string; to?: string }
export type FlowCap = { value: number; unit: 'W' | 'N'; source?: string }

export type FlowClock = {
  projectId: string
  cap: FlowCap
  region?: string
  steps: FlowSpan[]
  notices: FlowNoticePause[]
}

/** The cap's reading of the time between steps, told on each such pause. */
export const BETWEEN_STEPS_BASIS =
  '全流程行政审批时间 (seeds/004_33317a5f04b53a73.txt:2125): between steps the owner prepares the next application; not approval time'
export const NOTICE_BASIS = '补正告知: the application waits on the owner; not approval time'

/** A step accepted: the clock opens on the first (when the project type has a cap), or counts one more step. */
export function openFlowStep(flow: FlowClock | undefined, event: ApplicationAcceptedV1): FlowClock | undefined {
  const span: FlowSpan = {
    kind: 'application',
    id: event.applicationId,
    ...(event.step ? { step: event.step } : {}),
    from: event.acceptedOn,
  }
  if (flow) return openFlowSpan(flow, span)
  const cap = event.projectCap
  if (!cap) return undefined
  return {
    projectId: event.projectId,
    cap: { value: cap.value, unit: cap.unit, ...(cap.source ? { source: cap.source } : {}) },
    ...(event.region && /^\d{6}$/.test(event.region) ? { region: event.region } : {}),
    steps: [span],
    notices: [],
  }
}

/** A step (a case of acceptance or registration) opened: counted once; the same one again changes nothing. */
export const openFlowSpan = (flow: FlowClock, span: FlowSpan): FlowClock =>
  flow.steps.some((s) => s.id === span.id) || flow.steps.length >= MAX_STEPS
    ? flow
    : { ...flow, steps: [...flow.steps, span] }

/** A flow counts at most this many steps (its contract's bound; a flow has a handful). */
export const MAX_STEPS = 100

/** The step (application or case `id`) decided on `day`: its span ends (a second decision changes nothing). */
export const closeFlowStep = (flow: FlowClock, id: string, day: string): FlowClock =>
  flow.steps.some((s) => s.id === id && s.to === undefined)
    ? {
        ...flow,
        steps: flow.steps.map((s) => (s.id === id && s.to === undefined ? { ...s, to: later(s.from, day) } : s)),
      }
    : flow

/** A 补正 notice opened on `day` stops the clock while it is open (one pause per notice). */
export const pauseFlow = (flow: FlowClock, noticeId: string, day: string): FlowClock =>
  flow.notices.some((n) => n.id === noticeId)
    ? flow
    : { ...flow, notices: [...flow.notices, { id: noticeId, from: day }] }

/** The notice answered on `day`: its pause ends. */
export const resumeFlow = (flow: FlowClock, noticeId: string, day: string): FlowClock =>
  flow.notices.some((n) => n.id === noticeId && n.to === undefined)
    ? { ...flow, notices: flow.notices.map((n) => (n.id === noticeId && n.to === undefined ? { ...n, to: day } : n)) }
    : flow

/** A step is being approved: the clock runs (what the scanner looks at). */
export const isRunning = (flow: FlowClock): boolean => flow.steps.some((s) => s.to === undefined)

const later = (a: string, b: string) => (a > b ? a : b)

/**
 * The clock the flow makes, as data anyone can evaluate: the cap from the first step's acceptance, a suspension for
 * each stretch of days no step was being approved (a step counts the days after its acceptance day through its
 * decision day, as a time limit runs; an open one runs on), open after the last decided step, and one per 补正 notice.
 */
export function flowClockSpec(flow: FlowClock): ClockSpec {
  const sorted = [...flow.steps].sort((a, b) => a.from.localeCompare(b.from))
  const first = sorted[0]
  if (!first) throw new RangeError(`flow clock of ${flow.projectId} has no step`)
  const base = clockOf({ value: flow.cap.value, unit: flow.cap.unit }, first.from, flow.region) as ClockSpec
  const suspensions: ClockSpec['suspensions'] = []
  // The days counted so far run through `through` (inclusive); undefined while a step is still open.
  let through: string | undefined = first.to
  for (const span of sorted.slice(1)) {
    if (through === undefined) break
    if (span.from > through) {
      suspensions.push({
        id: `between:${span.id}`,
        kind: 'other',
        from: addDays(through, 1),
        to: span.from,
        legalBasis: BETWEEN_STEPS_BASIS,
      })
    }
    through = span.to === undefined ? undefined : later(through, span.to)
  }
  if (through !== undefined) {
    suspensions.push({ id: 'between:next', kind: 'other', from: addDays(through, 1), legalBasis: BETWEEN_STEPS_BASIS })
  }
  for (const n of flow.notices) {
    suspensions.push({
      id: n.id,
      kind: 'supplement',
      from: n.from,
      ...(n.to === undefined ? {} : { to: n.to }),
      legalBasis: NOTICE_BASIS,
    })
  }
  return { ...base, suspensions: suspensions.sort((a, b) => a.from.localeCompare(b.from)) }
}

/** The due date the flow's clock shows on `today`. */
export const flowDueOn = (flow: FlowClock, today: string, calendar: Calendar): string =>
  evaluateClock(calendar, flowClockSpec(flow), today).due

export type FlowAlertDue = { kind: 'warned' | 'overdue'; dueOn: string; used: number; gross: number; limit: number }

/** What the flow's clock calls for on `today`: yellow → warned, past the due date → overdue, as a step's. Pure. */
export function flowAlertsDue(flow: FlowClock, today: string, yellowAt: number, calendar: Calendar): FlowAlertDue[] {
  const state = evaluateClock(calendar, flowClockSpec(flow), today, { yellowAt })
  const base = { dueOn: state.due, used: state.used, gross: state.gross, limit: flow.cap.value }
  return [
    ...(state.level !== 'green' ? [{ ...base, kind: 'warned' as const }] : []),
    ...(state.overdue ? [{ ...base, kind: 'overdue' as const }] : []),
  ]
}

/** The first day the flow's clock may call for an alert not in `alerted` (kinds): when the scan looks again. Pure. */
export const flowLookOn = (
  flow: FlowClock,
  alerted: ReadonlySet<string>,
  today: string,
  yellowAt: number,
  calendar: Calendar,
): string =>
  lookOn(
    flowClockSpec(flow),
    { warned: !alerted.has('warned'), overdue: !alerted.has('overdue') },
    today,
    yellowAt,
    calendar,
  )
