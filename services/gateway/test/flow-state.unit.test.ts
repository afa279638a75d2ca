import { describe, expect, it } from 'vitest'
import type { ApplicationPatch, ProjectRow } from '../src/domain/projectors.js'
import { readableFlow } from '../src/domain/status.js'

const project = (flow: NonNullable<ProjectRow['flow']>): ProjectRow => ({
  projectId: '0190f000-0000-7000-8000-000000000001',
  projectCode: '2026-440600-47-01-000001',
  name: '电网工程',
  projectType: 'power-grid',
  region: '440600',
  ownerName: '示例',
  ownerCreditCode: '91440600MA4UJ2K7X6',
  investmentFen: 80_000_000,
  registeredAt: '2026-03-02T01:00:00.000Z',
  flow,
})

const approvedApp: ApplicationPatch = {
  applicationId: '0190f000-0000-7000-8000-000000000002',
  projectId: '0190f000-0000-7000-8000-000000000001',
  step: 'land',
  acceptedAt: '2026-03-02T01:00:00.000Z',
  acceptedOn: '2026-03-02',
  decision: { outcome: 'approved', decidedAt: '2026-03-03T01:00:00.000Z', decidedOn: '2026-03-03', tasks: [] },
}

describe('the flow in the status: skipped and exempt steps', () => {
  it('shows a skipIf step as skipped, an all-exempt one as exempt, and the current step past both', () => {
    const { flow, currentStep, unreadable } = readableFlow(
      project([
        { step: 'land', name: '用地', stage: 'land-planning', items: ['a'], after: [] },
        {
          step: 'drawings',
          name: '施工图',
          stage: 'engineering-permit',
          items: ['construction-drawing-review'],
          after: ['land'],
          exemptItems: [{ item: 'construction-drawing-review', rule: 'low-risk-industrial' }],
        },
        {
          step: 'permit',
          name: '施工许可',
          stage: 'construction-permit',
          items: ['construction-permit'],
          after: ['drawings'],
          skippedBy: 'small-works',
        },
        { step: 'acceptance', name: '验收', stage: 'completion-acceptance', items: ['x', 'y'], after: ['permit'] },
      ]),
      [approvedApp],
    )
    expect(unreadable).toEqual([])
    expect(flow.map((s) => [s.step, s.state])).toEqual([
      ['land', 'approved'],
      ['drawings', 'exempt'],
      ['permit', 'skipped'],
      ['acceptance', 'not-started'],
    ])
    expect(flow[2]?.skippedBy).toBe('small-works')
    expect(currentStep).toBe('acceptance')
  })

  it('keeps a step with one exempt item of two as a step to apply for', () => {
    const { flow, currentStep } = readableFlow(
      project([
        {
          step: 'bundle',
          name: '并联',
          stage: 'construction-permit',
          items: ['x', 'y'],
          exemptItems: [{ item: 'x', rule: 'r' }],
        },
      ]),
      [],
    )
    expect(flow.map((s) => s.state)).toEqual(['not-started'])
    expect(currentStep).toBe('bundle')
  })
})

describe('the flow in the status: receipts (行政许可法第三十二条)', () => {
  const flow = project([
    { step: 'land', name: '用地', stage: 'land-planning', items: ['a'], after: [] },
    { step: 'permit', name: '施工许可', stage: 'construction-permit', items: ['b'], after: ['land'] },
  ])
  const receipt = (nationalCode: 1 | 2 | 3 | 4 | 5, receivedAt: string) => ({
    nationalCode,
    receivedAt,
    receivedOn: receivedAt.slice(0, 10),
  })
  const app = (id: string, step: string, r: ReturnType<typeof receipt>): ApplicationPatch => ({
    applicationId: `0190f000-0000-7000-8000-00000000001${id}`,
    projectId: '0190f000-0000-7000-8000-000000000001',
    step,
    receipt: r,
  })

  it('shows a received step in progress, and a withdrawn or refused receipt as never applied for', () => {
    const { flow: steps } = readableFlow(flow, [
      app('1', 'land', receipt(1, '2026-03-02T01:00:00.000Z')),
      app('2', 'permit', receipt(2, '2026-03-02T01:00:00.000Z')),
    ])
    expect(steps.map((s) => [s.step, s.state])).toEqual([
      ['land', 'in-progress'],
      ['permit', 'not-started'],
    ])
    for (const code of [4, 5] as const) {
      const refused = readableFlow(flow, [app('3', 'land', receipt(code, '2026-03-02T01:00:00.000Z'))])
      expect(refused.flow[0]?.state).toBe('not-started')
      expect(refused.currentStep).toBe('land')
    }
  })

  it('takes the latest receipt of a step by when it was received: an approved application then a new receipt', () => {
    const { flow: steps } = readableFlow(flow, [
      app('4', 'permit', receipt(1, '2026-03-05T01:00:00.000Z')),
      { ...approvedApp, step: 'permit', applicationId: '0190f000-0000-7000-8000-000000000015' },
    ])
    expect(steps[1]?.state).toBe('in-progress')
  })
})

describe('the flow in the status: a step applied for in phases (分阶段办理)', () => {
  const phases = [
    { code: 'pit', name: '基坑围护' },
    { code: 'below', name: '主体工程底板以下' },
  ]
  const flow = project([
    { step: 'permit', name: '施工许可', stage: 'construction-permit', items: ['construction-permit'], phases },
    { step: 'acceptance', name: '验收', stage: 'completion-acceptance', items: ['x'], after: ['permit'] },
  ])
  const phaseApp = (n: number, outcome?: 'approved' | 'rejected'): ApplicationPatch => ({
    applicationId: `0190f000-0000-7000-8000-00000000003${n}`,
    projectId: '0190f000-0000-7000-8000-000000000001',
    step: 'permit',
    phase: { ...(phases[n - 1] as { code: string; name: string }), number: n, count: 2 },
    acceptedAt: `2026-03-0${n + 1}T01:00:00.000Z`,
    acceptedOn: `2026-03-0${n + 1}`,
    ...(outcome
      ? {
          decision: {
            outcome,
            decidedAt: `2026-03-0${n + 1}T08:00:00.000Z`,
            decidedOn: `2026-03-0${n + 1}`,
            tasks: [],
          },
        }
      : {}),
  })

  it('shows the step in progress at phase n of N until the last phase is approved, then approved', () => {
    const first = readableFlow(flow, [phaseApp(1, 'approved')])
    expect(first.unreadable).toEqual([])
    expect(first.flow[0]).toMatchObject({
      state: 'in-progress',
      phases,
      phase: { code: 'pit', number: 1, count: 2, approved: 1 },
    })
    expect(first.currentStep).toBe('permit')
    const second = readableFlow(flow, [phaseApp(1, 'approved'), phaseApp(2)])
    expect(second.flow[0]).toMatchObject({ state: 'in-progress', phase: { number: 2, approved: 1 } })
    const rejected = readableFlow(flow, [phaseApp(1, 'approved'), phaseApp(2, 'rejected')])
    expect(rejected.flow[0]?.state).toBe('rejected')
    const done = readableFlow(flow, [phaseApp(1, 'approved'), phaseApp(2, 'approved')])
    expect(done.flow[0]).toMatchObject({ state: 'approved', phase: { number: 2, count: 2, approved: 2 } })
    expect(done.currentStep).toBe('acceptance')
  })
})

describe('the flow in the status: a construction permit per unit work (按照单位工程)', () => {
  const flow = project([
    { step: 'permit', name: '施工许可', stage: 'construction-permit', items: ['construction-permit'] },
    { step: 'acceptance', name: '验收', stage: 'completion-acceptance', items: ['x'], after: ['permit'] },
  ])
  const partApp = (n: number, part: string | undefined, outcome?: 'approved'): ApplicationPatch => ({
    applicationId: `0190f000-0000-7000-8000-00000000004${n}`,
    projectId: '0190f000-0000-7000-8000-000000000001',
    step: 'permit',
    ...(part === undefined ? {} : { part }),
    acceptedAt: `2026-03-0${n + 1}T01:00:00.000Z`,
    acceptedOn: `2026-03-0${n + 1}`,
    ...(outcome
      ? {
          decision: {
            outcome,
            decidedAt: `2026-03-0${n + 1}T08:00:00.000Z`,
            decidedOn: `2026-03-0${n + 1}`,
            tasks: [],
          },
        }
      : {}),
  })

  it("lists each building with its state, the step in progress on them alone, approved only by the project's", () => {
    const one = readableFlow(flow, [partApp(1, '1号楼', 'approved'), partApp(2, '2号楼')])
    expect(one.unreadable).toEqual([])
    expect(one.flow[0]).toMatchObject({
      state: 'in-progress',
      parts: [
        { part: '1号楼', state: 'approved' },
        { part: '2号楼', state: 'in-progress' },
      ],
    })
    expect(one.currentStep).toBe('permit')
    const whole = readableFlow(flow, [partApp(1, '1号楼', 'approved'), partApp(3, undefined, 'approved')])
    expect(whole.flow[0]).toMatchObject({ state: 'approved', parts: [{ part: '1号楼', state: 'approved' }] })
    expect(whole.currentStep).toBe('acceptance')
  })
})
