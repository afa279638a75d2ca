import type { Result } from '@onewindow/vocabulary'
import { describe, expect, it } from 'vitest'
import type { FlowStepSnapshot } from '../src/domain/project.js'
import {
  decidePart,
  decidePhase,
  decideStepOrder,
  decideWindowStep,
  type LatestApplication,
  type StepStanding,
  standingOf,
} from '../src/domain/step-order.js'

const step = (code: string, extra: Partial<FlowStepSnapshot> = {}): FlowStepSnapshot => ({
  step: code,
  name: code,
  stage: 'construction-permit',
  items: [`${code}-item`],
  ...extra,
})
const standing = (entries: Record<string, 'open' | 'approved' | 'rejected'>): StepStanding =>
  new Map(Object.entries(entries))
const codeOf = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code)
const waitingFor = (r: ReturnType<typeof decideStepOrder>) =>
  r.ok ? undefined : (r.error.details as { waitingFor?: string }).waitingFor

describe('decideStepOrder', () => {
  const flow = [step('a', { after: [] }), step('b', { after: ['a'] }), step('c', { after: ['b'] })]

  it('lets the first step open, and a later one only when its predecessor is approved', () => {
    expect(codeOf(decideStepOrder(flow, 'a', standing({})))).toBe('ok')
    const early = decideStepOrder(flow, 'c', standing({ a: 'approved' }))
    expect(codeOf(early)).toBe('INTAKE_STEP_OUT_OF_ORDER')
    expect(waitingFor(early)).toBe('b')
    expect(codeOf(decideStepOrder(flow, 'b', standing({ a: 'open' })))).toBe('INTAKE_STEP_OUT_OF_ORDER')
    expect(codeOf(decideStepOrder(flow, 'b', standing({ a: 'rejected' })))).toBe('INTAKE_STEP_OUT_OF_ORDER')
    expect(codeOf(decideStepOrder(flow, 'b', standing({ a: 'approved' })))).toBe('ok')
  })

  it('refuses an approved step, and lets a rejected one be applied for again', () => {
    expect(codeOf(decideStepOrder(flow, 'a', standing({ a: 'approved' })))).toBe('INTAKE_STEP_ALREADY_APPROVED')
    expect(codeOf(decideStepOrder(flow, 'a', standing({ a: 'rejected' })))).toBe('ok')
  })

  it('passes a skipped step through to the steps it waits for, and refuses an application for it', () => {
    const skipping = [step('a', { after: [] }), step('b', { after: ['a'], skippedBy: 'small-works' }), step('c')]
    const c = decideStepOrder(skipping, 'c', standing({}))
    expect(codeOf(c)).toBe('INTAKE_STEP_OUT_OF_ORDER')
    expect(waitingFor(c)).toBe('a')
    expect(codeOf(decideStepOrder(skipping, 'c', standing({ a: 'approved' })))).toBe('ok')
    const b = decideStepOrder(skipping, 'b', standing({ a: 'approved' }))
    expect(codeOf(b)).toBe('INTAKE_STEP_SKIPPED')
    expect(b.ok ? undefined : b.error.details).toMatchObject({ step: 'b', rule: 'small-works' })
  })

  it('treats a step whose every item is exempt as exempt; one exempt item of two does not', () => {
    const all = [step('a', { after: [], exemptItems: [{ item: 'a-item', rule: 'low-risk-industrial' }] }), step('b')]
    expect(codeOf(decideStepOrder(all, 'a', standing({})))).toBe('INTAKE_STEP_EXEMPT')
    expect(codeOf(decideStepOrder(all, 'b', standing({})))).toBe('ok')
    const some = [
      step('a', { items: ['x', 'y'], exemptItems: [{ item: 'x', rule: 'low-risk-industrial' }] }),
      step('b', { after: ['a'] }),
    ]
    expect(codeOf(decideStepOrder(some, 'a', standing({})))).toBe('ok')
    expect(codeOf(decideStepOrder(some, 'b', standing({})))).toBe('INTAKE_STEP_OUT_OF_ORDER')
  })

  it('names the step applied for and the step it waits for as the project’s catalogue names them', () => {
    const named = [
      step('a', { after: [], name: '立项用地规划许可阶段' }),
      step('b', { after: ['a'], name: '在线联合审查', skippedBy: 'small-works' }),
      step('c', { after: ['b'], name: '施工许可阶段' }),
    ]
    // Through the skipped step to the one not done: that one is named, not the skipped one.
    const c = decideStepOrder(named, 'c', standing({}))
    expect(c.ok ? undefined : c.error.details).toMatchObject({
      step: 'c',
      stepName: '施工许可阶段',
      waitingFor: 'a',
      waitingForName: '立项用地规划许可阶段',
    })
    const b = decideStepOrder(named, 'b', standing({ a: 'approved' }))
    expect(b.ok ? undefined : b.error.details).toMatchObject({ step: 'b', stepName: '在线联合审查' })
  })

  it('reads a row stored before `after` was kept as waiting for the previous step; honours an explicit after', () => {
    const old = [step('a'), step('b'), step('c')]
    expect(waitingFor(decideStepOrder(old, 'c', standing({ a: 'approved' })))).toBe('b')
    const parallel = [step('a', { after: [] }), step('b', { after: [] }), step('c', { after: ['a', 'b'] })]
    expect(codeOf(decideStepOrder(parallel, 'b', standing({})))).toBe('ok')
    expect(waitingFor(decideStepOrder(parallel, 'c', standing({ b: 'approved' })))).toBe('a')
  })
})

describe('decideWindowStep', () => {
  const flow = [
    step('permits', { after: [] }),
    step('joint-acceptance', { after: ['permits'], stage: 'completion-acceptance', name: '竣工联合验收' }),
    step('first-registration', { after: ['joint-acceptance'], stage: 'completion-acceptance' }),
  ]

  it('refuses every step of the completion-acceptance stage, naming it; lets the others and unknown steps through', () => {
    const joint = decideWindowStep(flow, 'joint-acceptance')
    expect(codeOf(joint)).toBe('INTAKE_STEP_NOT_AT_WINDOW')
    expect(joint.ok ? undefined : joint.error.details).toMatchObject({
      step: 'joint-acceptance',
      stepName: '竣工联合验收',
      errors: [{ field: '/step', code: 'INTAKE_STEP_NOT_AT_WINDOW' }],
    })
    expect(codeOf(decideWindowStep(flow, 'first-registration'))).toBe('INTAKE_STEP_NOT_AT_WINDOW')
    expect(codeOf(decideWindowStep(flow, 'permits'))).toBe('ok')
    expect(codeOf(decideWindowStep(flow, 'no-such-step'))).toBe('ok')
  })
})

describe('phases (分阶段办理)', () => {
  const phases = [
    { code: 'pit', name: '基坑围护' },
    { code: 'below', name: '主体工程底板以下' },
    { code: 'above', name: '主体工程底板以上' },
  ]
  const flow = [
    step('permit', { after: [], phases }),
    step('plain', { after: [] }),
    step('acceptance', { after: ['permit'] }),
  ]
  const latest = (...rows: Array<[string, string | null, 'open' | 'approved' | 'rejected']>): LatestApplication[] =>
    rows.map(([s, phase, status]) => ({ step: s, phase, status }))
  const phaseOf = (rows: LatestApplication[], phase: string | undefined, at = 'permit') =>
    decidePhase(flow, at, phase, standingOf(flow, rows).phases)

  it('counts a phased step approved only with its last phase, or a whole-step application', () => {
    const early = standingOf(flow, latest(['permit', 'pit', 'approved'], ['permit', 'below', 'approved']))
    expect(early.steps.get('permit')).toBe('open')
    expect(codeOf(decideStepOrder(flow, 'acceptance', early.steps))).toBe('INTAKE_STEP_OUT_OF_ORDER')
    expect(codeOf(decideStepOrder(flow, 'permit', early.steps))).toBe('ok')
    const done = standingOf(
      flow,
      latest(['permit', 'pit', 'approved'], ['permit', 'below', 'approved'], ['permit', 'above', 'approved']),
    )
    expect(done.steps.get('permit')).toBe('approved')
    expect(codeOf(decideStepOrder(flow, 'acceptance', done.steps))).toBe('ok')
    expect(codeOf(decideStepOrder(flow, 'permit', done.steps))).toBe('INTAKE_STEP_ALREADY_APPROVED')
    const whole = standingOf(flow, latest(['permit', null, 'approved']))
    expect(whole.steps.get('permit')).toBe('approved')
    expect(standingOf(flow, latest(['permit', 'pit', 'rejected'])).steps.get('permit')).toBe('rejected')
    expect(standingOf(flow, latest(['plain', null, 'open'])).steps.get('plain')).toBe('open')
  })

  it('takes the phases in order, each with its place, and the whole step while no phase is approved', () => {
    expect(phaseOf([], 'pit')).toEqual({ ok: true, value: { code: 'pit', name: '基坑围护', number: 1, count: 3 } })
    const second = phaseOf(latest(['permit', 'pit', 'open']), 'below')
    expect(codeOf(second)).toBe('INTAKE_PHASE_OUT_OF_ORDER')
    expect(second.ok ? undefined : second.error.details).toMatchObject({
      step: 'permit',
      phase: 'below',
      waitingForPhase: 'pit',
      waitingForPhaseName: '基坑围护',
      errors: [{ field: '/body/phase', code: 'INTAKE_PHASE_OUT_OF_ORDER' }],
    })
    expect(codeOf(phaseOf([], 'above'))).toBe('INTAKE_PHASE_OUT_OF_ORDER')
    expect(phaseOf(latest(['permit', 'pit', 'approved']), 'below')).toMatchObject({ value: { number: 2 } })
    expect(codeOf(phaseOf(latest(['permit', 'pit', 'approved']), 'pit'))).toBe('INTAKE_PHASE_ALREADY_APPROVED')
    // A rejected phase is applied for again.
    expect(codeOf(phaseOf(latest(['permit', 'pit', 'rejected']), 'pit'))).toBe('ok')
    expect(phaseOf([], undefined)).toEqual({ ok: true, value: undefined })
    expect(phaseOf(latest(['permit', 'pit', 'rejected']), undefined)).toEqual({ ok: true, value: undefined })
    const whole = phaseOf(latest(['permit', 'pit', 'approved']), undefined)
    expect(codeOf(whole)).toBe('INTAKE_PHASE_REQUIRED')
    expect(whole.ok ? undefined : whole.error.details).toMatchObject({ nextPhase: 'below' })
  })

  it('refuses a phase the step does not declare, and any phase of a step without phases, naming /body/phase', () => {
    const unknown = phaseOf([], 'roof')
    expect(codeOf(unknown)).toBe('INTAKE_PHASE_UNKNOWN')
    expect(unknown.ok ? undefined : unknown.error.details).toMatchObject({
      errors: [{ field: '/body/phase', code: 'INTAKE_PHASE_UNKNOWN' }],
    })
    expect(unknown.ok ? '' : unknown.error.message).toMatch(/known: pit, below, above/)
    const plain = phaseOf([], 'pit', 'plain')
    expect(codeOf(plain)).toBe('INTAKE_PHASE_UNKNOWN')
    expect(plain.ok ? '' : plain.error.message).toMatch(/the step has no phases/)
    expect(phaseOf([], undefined, 'plain')).toEqual({ ok: true, value: undefined })
  })
})

// 按照单位工程办理施工许可 (seeds/000_5ff03a50698aa736.txt:125): a building's own permit application.
describe('decidePart', () => {
  const flow = [
    step('permit', { after: [], items: ['construction-permit', 'fire-design-review'] }),
    step('plain', { after: ['permit'] }),
    step('acceptance', { after: ['permit'] }),
  ]
  const latest = (...rows: Array<[string, string | null, 'open' | 'approved' | 'rejected']>): LatestApplication[] =>
    rows.map(([s, part, status]) => ({ step: s, phase: null, part, status }))
  const partOf = (rows: LatestApplication[], part: string | undefined, s = 'permit', phase?: string) =>
    decidePart(flow, s, part, phase, standingOf(flow, rows).parts)

  it('takes a building on the construction permit step, and none at all for the whole project', () => {
    expect(partOf([], '1号楼')).toEqual({ ok: true, value: '1号楼' })
    expect(partOf([], undefined)).toEqual({ ok: true, value: undefined })
    expect(partOf([], undefined, 'plain')).toEqual({ ok: true, value: undefined })
    // Another building's approval, or this one's rejection, leaves the building open to apply for.
    expect(partOf(latest(['permit', '2号楼', 'approved']), '1号楼')).toMatchObject({ ok: true })
    expect(partOf(latest(['permit', '1号楼', 'rejected']), '1号楼')).toMatchObject({ ok: true })
  })

  it('refuses a building on a step without the construction permit, naming /body/part', () => {
    const refused = partOf([], '1号楼', 'plain')
    expect(codeOf(refused)).toBe('INTAKE_PART_NOT_ALLOWED')
    expect(refused.ok ? undefined : refused.error.details).toMatchObject({
      step: 'plain',
      part: '1号楼',
      errors: [{ field: '/body/part', code: 'INTAKE_PART_NOT_ALLOWED' }],
    })
  })

  it('refuses a building with a phase: a building is applied for whole', () => {
    const both = partOf([], '1号楼', 'permit', 'pit')
    expect(codeOf(both)).toBe('INTAKE_PART_WITH_PHASE')
    expect(both.ok ? undefined : both.error.details).toMatchObject({
      part: '1号楼',
      phase: 'pit',
      errors: [{ field: '/body/part' }],
    })
  })

  it('refuses a building whose permit is approved already', () => {
    const again = partOf(latest(['permit', '1号楼', 'approved']), '1号楼')
    expect(codeOf(again)).toBe('INTAKE_PART_ALREADY_APPROVED')
    expect(again.ok ? undefined : again.error.details).toMatchObject({
      part: '1号楼',
      errors: [{ field: '/body/part' }],
    })
  })

  it("keeps a building's applications out of the step's standing: a building's permit is not the project's", () => {
    const one = standingOf(flow, latest(['permit', '1号楼', 'approved']))
    expect(one.steps.has('permit')).toBe(false)
    expect(one.parts.get('permit')?.get('1号楼')).toBe('approved')
    // The steps after the permit still wait for the whole project's permit, which may still be applied for.
    expect(codeOf(decideStepOrder(flow, 'plain', one.steps))).toBe('INTAKE_STEP_OUT_OF_ORDER')
    expect(codeOf(decideStepOrder(flow, 'permit', one.steps))).toBe('ok')
    // The whole project's permit approved covers every building: a building is no longer applied for.
    const whole = standingOf(flow, latest(['permit', null, 'approved'], ['permit', '1号楼', 'open']))
    expect(whole.steps.get('permit')).toBe('approved')
    expect(codeOf(decideStepOrder(flow, 'permit', whole.steps))).toBe('INTAKE_STEP_ALREADY_APPROVED')
  })
})
