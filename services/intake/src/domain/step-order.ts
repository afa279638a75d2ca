import { PERMIT_ITEM, type StepPhase } from '@onewindow/contracts'
import { type DomainDetails, ok, type Result, refuse } from '@onewindow/vocabulary'
import type { FlowStepSnapshot } from './project.js'

type Standing = 'open' | 'approved' | 'rejected'

/** Where each step of the project stands at intake: the outcome of its latest application, as approval decided it. */
export type StepStanding = ReadonlyMap<string, Standing>

/** 分阶段办理: where each phase of each phased step stands (its latest application), by step, then by phase. */
export type PhaseStanding = ReadonlyMap<string, ReadonlyMap<string, Standing>>

/** 按照单位工程办理: where each building's own application of each step stands (its latest), by step, then by building. */
export type PartStanding = ReadonlyMap<string, ReadonlyMap<string, Standing>>

/**
 * The latest application of a step and phase (`phase` null: the whole step at once) and its standing; `part` names
 * the building (单位工程) of an application of its construction permit on its own (null or absent: the whole project).
 */
export type LatestApplication = { step: string; phase: string | null; part?: string | null; status: Standing }

/**
 * The standing of every step and phase from the latest applications. A phased step is approved when its whole-step
 * application or its last phase is; while only earlier phases are, it stands open (under way), so the steps after
 * it still wait and INTAKE_STEP_ALREADY_APPROVED keeps meaning the whole step. A building's own application
 * (按照单位工程) stands apart, in `parts`: a building's permit is no permit of the whole project, so the step and the
 * steps after it stand as the whole project's applications leave them.
 */
export function standingOf(
  flow: readonly FlowStepSnapshot[],
  latest: readonly LatestApplication[],
): { steps: StepStanding; phases: PhaseStanding; parts: PartStanding } {
  const phases = new Map<string, Map<string, Standing>>()
  const whole = new Map<string, Standing>()
  const parts = new Map<string, Map<string, Standing>>()
  for (const a of latest) {
    if (a.part !== undefined && a.part !== null)
      parts.set(a.step, (parts.get(a.step) ?? new Map()).set(a.part, a.status))
    else if (a.phase === null) whole.set(a.step, a.status)
    else phases.set(a.step, (phases.get(a.step) ?? new Map()).set(a.phase, a.status))
  }
  const steps = new Map<string, Standing>(whole)
  for (const s of flow) {
    const last = s.phases?.at(-1)
    const byPhase = phases.get(s.step)
    if (!last || !byPhase || whole.get(s.step) === 'approved') continue
    const statuses = [...byPhase.values()]
    steps.set(
      s.step,
      byPhase.get(last.code) === 'approved' ? 'approved' : statuses.includes('rejected') ? 'rejected' : 'open',
    )
  }
  return { steps, phases, parts }
}

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
const conflict = (
  code: string,
  message: string,
  target: FlowStepSnapshot,
  extra: DomainDetails = {},
  field = '/step',
) =>
  refuse({
    code,
    message,
    details: { step: target.step, stepName: target.name, ...extra, errors: [{ field, code, message }] },
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

/**
 * 分阶段办理 — the phase an application names, checked against the step's phases as registered: a phase the step does
 * not declare (or any phase of a step that declares none) is unknown; a phase waits for the one before it to be
 * approved and is not applied for again once approved. An application naming no phase is for the whole step at once,
 * which a step already under way in phases (a phase approved) no longer takes. Answers the phase with its place.
 */
export function decidePhase(
  flow: readonly FlowStepSnapshot[],
  step: string,
  phase: string | undefined,
  standing: PhaseStanding,
): Result<StepPhase | undefined> {
  const target = flow.find((s) => s.step === step)
  // A step outside the stored flow is the caller's to refuse as not found.
  if (!target) return ok(undefined)
  const declared = target.phases ?? []
  const byPhase = standing.get(step) ?? new Map<string, Standing>()
  const approved = (code: string) => byPhase.get(code) === 'approved'
  const next = declared.find((p) => !approved(p.code))
  if (phase === undefined) {
    if (!next || !declared.some((p) => approved(p.code))) return ok(undefined)
    return conflict(
      'INTAKE_PHASE_REQUIRED',
      `Step "${step}" is under way in phases: apply for its next phase "${next.code}" (${next.name}).`,
      target,
      { nextPhase: next.code, nextPhaseName: next.name },
      '/body/phase',
    )
  }
  const at = declared.findIndex((p) => p.code === phase)
  const found = declared[at]
  if (!found) {
    const known = declared.length > 0 ? `known: ${declared.map((p) => p.code).join(', ')}` : 'the step has no phases'
    return conflict(
      'INTAKE_PHASE_UNKNOWN',
      `Phase "${phase}" is not a phase of step "${step}" (${known}).`,
      target,
      { phase },
      '/body/phase',
    )
  }
  if (approved(found.code)) {
    return conflict(
      'INTAKE_PHASE_ALREADY_APPROVED',
      `Phase "${phase}" (${found.name}) of step "${step}" is already approved.`,
      target,
      { phase, phaseName: found.name },
      '/body/phase',
    )
  }
  const previous = declared[at - 1]
  if (previous && !approved(previous.code)) {
    return conflict(
      'INTAKE_PHASE_OUT_OF_ORDER',
      `Phase "${phase}" (${found.name}) of step "${step}" waits for phase "${previous.code}" (${previous.name}), which is not approved yet.`,
      target,
      { phase, phaseName: found.name, waitingForPhase: previous.code, waitingForPhaseName: previous.name },
      '/body/phase',
    )
  }
  return ok({ code: found.code, name: found.name, number: at + 1, count: declared.length })
}

/**
 * 按照单位工程办理施工许可 — the building (单位工程) an application names, checked: only the construction permit's step
 * (the step with the item PERMIT_ITEM) is applied for per building, "对同一建设工程规划许可涉及多个单位工程的工程建设项目，
 * 按照单位工程…办理建筑工程施工许可" (seeds/000_5ff03a50698aa736.txt:125); a building's permit is not applied for in
 * phases as well (the seed offers the two as alternatives: 按照单位工程或…分阶段), and a building whose permit is
 * approved is not applied for again. The whole step approved is refused before (INTAKE_STEP_ALREADY_APPROVED): it
 * covers every building. Answers the building, or undefined for the whole project.
 */
export function decidePart(
  flow: readonly FlowStepSnapshot[],
  step: string,
  part: string | undefined,
  phase: string | undefined,
  standing: PartStanding,
): Result<string | undefined> {
  const target = flow.find((s) => s.step === step)
  // A step outside the stored flow is the caller's to refuse as not found.
  if (!target || part === undefined) return ok(undefined)
  if (!target.items.includes(PERMIT_ITEM)) {
    return conflict(
      'INTAKE_PART_NOT_ALLOWED',
      `Step "${step}" does not grant the construction permit (${PERMIT_ITEM}): only that permit is applied for per unit work (单位工程).`,
      target,
      { part },
      '/body/part',
    )
  }
  if (phase !== undefined) {
    return conflict(
      'INTAKE_PART_WITH_PHASE',
      `A unit work's (单位工程) construction permit is applied for whole: name either part "${part}" or phase "${phase}", not both.`,
      target,
      { part, phase },
      '/body/part',
    )
  }
  if (standing.get(step)?.get(part) === 'approved') {
    return conflict(
      'INTAKE_PART_ALREADY_APPROVED',
      `The construction permit of unit work "${part}" is already approved.`,
      target,
      { part },
      '/body/part',
    )
  }
  return ok(part)
}
