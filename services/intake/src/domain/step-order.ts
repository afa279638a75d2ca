import { type DomainDetails, ok, type Result, refuse } from '@onewindow/vocabulary'
import type { FlowStepSnapshot } from './project.js'

/** Where each step of the project stands at intake: the outcome of its latest application, as approval decided it. */
export type StepStanding = ReadonlyMap<string, 'open' | 'approved' | 'rejected'>

/** A step every one of whose items an `exemptIf` rule exempts: there is nothing to approve in it. */
export const isExemptStep = (s: FlowStepSnapshot): boolean =>
  s.items.length > 0 && s.items.every((item) => s.exemptItems?.some((e) => e.item === item))

/** The steps a step waits for: its `after`, or, in a row stored before `after` was kept, the previous step. */
const predecessorsOf = (flow: readonly FlowStepSnapshot[], i: number): string[] => {
  const s = flow[i] as FlowStepSnapshot
  if (s.after) return s.after
  const previous = flow[i - 1]
  return previous ? [previous.step] : []
}

// Each refusal names the step by its code and by the name the project's catalogue gives it (`stepName`), so a client
// can say it without a catalogue of its own.
const conflict = (code: string, message: string, target: FlowStepSnapshot, extra: DomainDetails = {}) =>
  refuse({
    code,
    message,
    details: { step: target.step, stepName: target.name, ...extra, errors: [{ field: '/step', code, message }] },
  })

/** 竣工验收阶段 (completion acceptance), the catalogue's stage of joint acceptance and first registration. */
export const COMPLETION_ACCEPTANCE_STAGE = 'completion-acceptance'

/**
 * A step of the completion-acceptance stage is never applied for at the window: joint acceptance is applied for to its
 * lead department, which accepts it for every department (牵头部门统一受理验收申请, seeds/004_33317a5f04b53a73.txt:2299;
 * the acceptance service's case), and first registration follows the acceptance result pushed to the registry, with no
 * application of its own (004:1816, 004:2169). An application for one here would stay open with nothing to decide it.
 */
export function decideWindowStep(flow: readonly FlowStepSnapshot[], step: string): Result<void> {
  const target = flow.find((s) => s.step === step)
  // A step outside the stored flow is the caller's to refuse as not found.
  if (!target || target.stage !== COMPLETION_ACCEPTANCE_STAGE) return ok(undefined)
  return conflict(
    'INTAKE_STEP_NOT_AT_WINDOW',
    `Step "${step}" is of the completion-acceptance stage: joint acceptance is applied for to its lead department, and first registration follows its result; neither is opened at the window.`,
    target,
  )
}

/**
 * Step order (the flow's `after`): an application may be opened for a step only when every step it waits for is
 * approved, or is skipped (`skipIf`) or exempt (`exemptIf` on all its items) — a skipped or exempt step counts as
 * done once the steps it itself waits for are. A skipped or exempt step needs no application, and an approved step
 * is not applied for again. `approved` comes from approval's StepDecidedV1 as intake recorded it on the application.
 */
export function decideStepOrder(flow: readonly FlowStepSnapshot[], step: string, standing: StepStanding): Result<void> {
  const index = new Map(flow.map((s, i) => [s.step, i]))
  const at = index.get(step)
  // A step outside the stored flow is the caller's to refuse as not found; order has nothing to say about it.
  if (at === undefined) return ok(undefined)
  const target = flow[at] as FlowStepSnapshot
  if (target.skippedBy) {
    return conflict(
      'INTAKE_STEP_SKIPPED',
      `Step "${step}" is skipped for this project (rule ${target.skippedBy}); it needs no application.`,
      target,
      { rule: target.skippedBy },
    )
  }
  if (isExemptStep(target)) {
    return conflict('INTAKE_STEP_EXEMPT', `Every item of step "${step}" is exempt for this project.`, target, {
      exemptItems: target.exemptItems,
    })
  }
  if (standing.get(step) === 'approved') {
    return conflict('INTAKE_STEP_ALREADY_APPROVED', `Step "${step}" is already approved.`, target)
  }
  // The first step waited for that is not done: a skipped or exempt one is passed through to its own predecessors.
  const seen = new Set<string>()
  const firstNotDone = (i: number): string | undefined => {
    for (const code of predecessorsOf(flow, i)) {
      if (seen.has(code)) continue
      seen.add(code)
      const j = index.get(code)
      if (j === undefined) continue
      const p = flow[j] as FlowStepSnapshot
      if (standing.get(code) === 'approved') continue
      if (p.skippedBy || isExemptStep(p)) {
        const deeper = firstNotDone(j)
        if (deeper) return deeper
        continue
      }
      return code
    }
    return undefined
  }
  const waiting = firstNotDone(at)
  if (waiting) {
    // firstNotDone answers only codes found in the flow.
    const waitedFor = flow[index.get(waiting) as number] as FlowStepSnapshot
    return conflict(
      'INTAKE_STEP_OUT_OF_ORDER',
      `Step "${step}" waits for step "${waiting}", which is not approved yet.`,
      target,
      { waitingFor: waiting, waitingForName: waitedFor.name },
    )
  }
  return ok(undefined)
}
