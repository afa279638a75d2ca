import type { Calendar } from '@onewindow/workdays'
import { addDays, legalDateOf } from '@onewindow/workdays'
import type { WholeFlow } from '../http/schemas.js'
import type { AcceptanceCase, ApplicationPatch, ProjectRow, RegistrationCase } from './projectors.js'

export type WholeFlowInput = {
  project: Pick<ProjectRow, 'flow' | 'cap' | 'region'>
  applications: readonly ApplicationPatch[]
  acceptance: readonly AcceptanceCase[]
  registrations: readonly RegistrationCase[]
}

/**
 * Working days from `from` to `to`: the start day is not counted, the end day is, as a legal time limit runs
 * (a step decided on the day it started used 0 days).
 */
export function workingDaysBetween(calendar: Calendar, from: string, to: string, region?: string): number {
  const overlay = region !== undefined && calendar.regions.includes(region) ? region : undefined
  let used = 0
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day, overlay)) used++
  }
  return used
}

type Span = { from?: string; to?: string }

const isRegistration = (s: { step: string; items: readonly string[] }) =>
  s.step === 'first-registration' || s.items.includes('first-registration')

/** The whole-project case (no `part`) when there is one, else the first opened: the one the flow waits on. */
const mainCase = <T extends { openedAt: string }>(cases: readonly T[], isWhole: (c: T) => boolean) =>
  cases.find(isWhole) ?? [...cases].sort((a, b) => a.openedAt.localeCompare(b.openedAt))[0]

/**
 * The project's whole-flow clock: for every step of its flow, the working days it used from its start to its end
 * (application accepted → step decided; acceptance case opened → decided; registration case opened → completed),
 * their total, and whether the total is within the type's cap. A step started and not yet ended counts to `today`.
 */
export function wholeFlowOf(input: WholeFlowInput, calendar: Calendar, today: string): WholeFlow {
  const latest = new Map<string, ApplicationPatch>()
  // 分阶段办理: the latest application of each phase of a step applied for in phases, by step.
  const phases = new Map<string, Map<string, ApplicationPatch>>()
  for (const a of [...input.applications].sort((x, y) => (x.acceptedAt ?? '').localeCompare(y.acceptedAt ?? ''))) {
    if (a.step) latest.set(a.step, a)
    if (a.step && a.phase) phases.set(a.step, (phases.get(a.step) ?? new Map()).set(a.phase.code, a))
  }
  const region = input.project.region
  const applicationDays = (a: ApplicationPatch) =>
    a.acceptedOn ? workingDaysBetween(calendar, a.acceptedOn, a.decision?.decidedOn ?? today, region) : 0
  const acceptance = mainCase(input.acceptance, (c) => c.part === undefined)
  const registration = mainCase(input.registrations, () => true)
  const span = (s: { step: string; stage: string; items: readonly string[] }): Span => {
    if (isRegistration(s)) {
      // The case exists from the pre-survey on; the registration step itself starts when the case opens (its clock).
      const r = registration
      if (!r || (r.status !== 'open' && r.status !== 'completed')) return {}
      const from = r.clock?.start ?? legalDateOf(r.openedAt)
      return { from, ...(r.completedAt ? { to: legalDateOf(r.completedAt) } : {}) }
    }
    if (s.stage === 'completion-acceptance') {
      const c = acceptance
      if (!c) return {}
      return { from: legalDateOf(c.openedAt), ...(c.decidedAt ? { to: legalDateOf(c.decidedAt) } : {}) }
    }
    const a = latest.get(s.step)
    if (!a?.acceptedOn) return {}
    return { from: a.acceptedOn, ...(a.decision ? { to: a.decision.decidedOn } : {}) }
  }
  // A step applied for in phases counts each phase's own days (the works go on between them, on the owner's time) and
  // ends with its last phase's decision; a whole-step application after a rejected phase counts as one span.
  const phasedSpan = (step: string): (Span & { used: number }) | undefined => {
    const last = latest.get(step)
    const byPhase = phases.get(step)
    if (!byPhase || !last?.phase) return undefined
    const applications = [...byPhase.values()]
    const from = applications.flatMap((a) => (a.acceptedOn ? [a.acceptedOn] : [])).sort()[0]
    const done = last.phase.number === last.phase.count && last.decision?.outcome === 'approved'
    return {
      ...(from === undefined ? {} : { from }),
      ...(done && last.decision ? { to: last.decision.decidedOn } : {}),
      used: applications.reduce((sum, a) => sum + applicationDays(a), 0),
    }
  }
  const steps = (input.project.flow ?? []).map((s) => {
    const phased = phasedSpan(s.step)
    const { from, to } = phased ?? span(s)
    const used = phased
      ? phased.used
      : from === undefined
        ? 0
        : workingDaysBetween(calendar, from, to ?? today, input.project.region)
    return {
      step: s.step,
      ...(s.limit === undefined ? {} : { limit: s.limit }),
      used,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    }
  })
  const used = steps.reduce((sum, s) => sum + s.used, 0)
  const allowed = input.project.cap ?? null
  // A cap in natural days is not compared with working days; the catalogue gives every cap in W.
  return { allowed, steps, used, withinCap: allowed === null || allowed.unit !== 'W' || used <= allowed.value }
}
