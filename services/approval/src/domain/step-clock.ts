import type { ApplicationAcceptedV1 } from '@onewindow/contracts'
import type { DomainDetails, Result } from '@onewindow/vocabulary'
import { type Calendar, evaluateClock } from '@onewindow/workdays'
import { LOOK_NEVER, lookOn } from './next-look.js'
import { type ClockSpec, clockOf, type Extension, extend } from './task.js'

/**
 * The step's own clocks, run beside its tasks' (issue 13): `statutory` is the law's limit of a joint step
 * (统一办理、联合办理, 行政许可法第四十二条、第二十六条: 45 W, extendable once by 15 W with the approval of the
 * people's government's head), `committed` the city's step limit. They start on the acceptance day; their pauses
 * are the consolidated 补正 notice's (the whole application waits on the owner), so gross − net is what 补正 took.
 */
export type StepClocks = { statutory?: ClockSpec; committed?: ClockSpec }
export type StepClockName = keyof StepClocks

export function openStepClocks(event: ApplicationAcceptedV1): StepClocks {
  const statutory = clockOf(event.stepStatutoryLimit, event.acceptedOn, event.region, event.stepStatutoryExtension)
  const committed = clockOf(event.stepLimit, event.acceptedOn, event.region)
  return { ...(statutory ? { statutory } : {}), ...(committed ? { committed } : {}) }
}

const each = (clocks: StepClocks, fn: (c: ClockSpec) => ClockSpec): StepClocks => ({
  ...(clocks.statutory ? { statutory: fn(clocks.statutory) } : {}),
  ...(clocks.committed ? { committed: fn(clocks.committed) } : {}),
})

/** The step stops while its 补正 notice is open (`id` the notice's); a notice already pausing it changes nothing. */
export const pauseStep = (clocks: StepClocks, id: string, today: string): StepClocks =>
  each(clocks, (c) =>
    c.suspensions.some((s) => s.id === id)
      ? c
      : { ...c, suspensions: [...c.suspensions, { id, kind: 'supplement', from: today, legalBasis: '补正告知' }] },
  )

/** The notice answered: the pause it opened ends today. */
export const resumeStep = (clocks: StepClocks, id: string, today: string): StepClocks =>
  each(clocks, (c) => ({
    ...c,
    suspensions: c.suspensions.map((s) => (s.id === id && s.to === undefined ? { ...s, to: today } : s)),
  }))

const refuse = (code: string, message: string, details: DomainDetails): Result<never> => ({
  ok: false,
  error: { code, message, details },
})

/** The step's one statutory extension (+15 W); refused when the step has none to give, was decided, or used it. */
export function extendStep(
  clocks: StepClocks,
  decided: boolean,
  request: { approvedBy: string; reason: string },
  by: string | undefined,
  today: string,
  calendar: Calendar,
): Result<{ clocks: StepClocks; extension: Extension }> {
  const clock = clocks.statutory
  if (decided) {
    return refuse('APPROVAL_STEP_DECIDED', 'The step is decided; its clock no longer runs.', {
      errors: [{ field: '/params/id', message: 'the step is decided' }],
    })
  }
  if (!clock?.extensionAllowed) {
    return refuse('APPROVAL_EXTENSION_NOT_ALLOWED', 'The step has no statutory extension to grant.', {
      errors: [{ field: '/params/id', message: 'the step is not handled jointly under a statutory limit' }],
    })
  }
  if (clock.extended) {
    return refuse(
      'APPROVAL_ALREADY_EXTENDED',
      `The step's statutory clock was already extended on ${clock.extended.on}; the law allows one extension.`,
      { extended: clock.extended, errors: [{ field: '/params/id', message: 'already extended once' }] },
    )
  }
  const extension = extend(clock, request, by, today, calendar)
  const limit = { value: clock.limit.value + extension.value, unit: clock.limit.unit }
  return { ok: true, value: { clocks: { ...clocks, statutory: { ...clock, limit, extended: extension } }, extension } }
}

export type StepAlertDue = {
  clock: StepClockName
  kind: 'warned' | 'overdue'
  dueOn: string
  used: number
  gross: number
  limit: number
}

export const stepAlertKey = (a: { clock: string; kind: string }) => `${a.clock}/${a.kind}`

/**
 * What the step's clocks call for on `today`, counted with `calendar` (the bundled years and the published ones):
 * yellow → warned, past the due date → overdue, as a task's. Pure.
 */
export function stepAlertsDue(clocks: StepClocks, today: string, yellowAt: number, calendar: Calendar): StepAlertDue[] {
  const out: StepAlertDue[] = []
  for (const name of ['statutory', 'committed'] as const) {
    const clock = clocks[name]
    if (!clock) continue
    const state = evaluateClock(calendar, clock, today, { yellowAt })
    const base = { clock: name, dueOn: state.due, used: state.used, gross: state.gross, limit: clock.limit.value }
    if (state.level !== 'green') out.push({ ...base, kind: 'warned' })
    if (state.overdue) out.push({ ...base, kind: 'overdue' })
  }
  return out
}

/** The earliest due date of the step's clocks on `today` (an open pause runs to today); undefined with no clock. */
export function stepDueOn(clocks: StepClocks, today: string, calendar: Calendar): string | undefined {
  const dues = (['statutory', 'committed'] as const).flatMap((name) => {
    const clock = clocks[name]
    return clock ? [evaluateClock(calendar, clock, today).due] : []
  })
  return dues.sort()[0]
}

/**
 * The first day the step's clocks may call for an alert not in `alerted` (keys {@link stepAlertKey}): the scan looks
 * at the step again then, not before (domain/next-look.ts). Pure.
 */
export function stepLookOn(
  clocks: StepClocks,
  alerted: ReadonlySet<string>,
  today: string,
  yellowAt: number,
  calendar: Calendar,
): string {
  let day = LOOK_NEVER
  for (const name of ['statutory', 'committed'] as const) {
    const clock = clocks[name]
    if (!clock) continue
    const pending = {
      warned: !alerted.has(stepAlertKey({ clock: name, kind: 'warned' })),
      overdue: !alerted.has(stepAlertKey({ clock: name, kind: 'overdue' })),
    }
    const on = lookOn(clock, pending, today, yellowAt, calendar)
    if (on < day) day = on
  }
  return day
}
