import type { ApplicationAcceptedV1 } from '@onewindow/contracts'
import { defaultCalendar, evaluateClock } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import {
  BETWEEN_STEPS_BASIS,
  closeFlowStep,
  type FlowClock,
  flowAlertsDue,
  flowClockSpec,
  flowDueOn,
  isRunning,
  openFlowSpan,
  openFlowStep,
  pauseFlow,
  resumeFlow,
} from '../src/domain/flow-clock.js'
import { openStepClocks, stepDueOn } from '../src/domain/step-clock.js'

const PROJECT = '0190a000-0000-7000-8000-000000000002'
const APP1 = '0190a000-0000-7000-8000-0000000000b1'
const APP2 = '0190a000-0000-7000-8000-0000000000b2'

const accepted = (over: Partial<ApplicationAcceptedV1> = {}): ApplicationAcceptedV1 => ({
  applicationId: APP1,
  projectId: PROJECT,
  projectCode: '2026-441500-47-01-000001',
  stage: 'project-approval',
  catalogueVersion: 'test',
  acceptedAt: '2026-03-02T01:00:00.000Z',
  acceptedOn: '2026-03-02',
  withDeficiencies: false,
  step: 'land-planning',
  region: '441500',
  projectCap: { value: 8, unit: 'W', source: 'seeds/004_33317a5f04b53a73.txt:1757' },
  items: [{ item: 'land-planning-permit', department: 'natural-resources', committedLimit: { value: 3, unit: 'W' } }],
  ...over,
})

// Counted by hand on the bundled 2026 schedule: March 2026 has no holiday; 03-02 is a Monday.
const calendar = defaultCalendar()
const view = (flow: FlowClock, today: string) => evaluateClock(calendar, flowClockSpec(flow), today)

/** Step 1 accepted Monday 03-02 and decided Wednesday 03-04; step 2 accepted Monday 03-09. */
function twoSteps(): FlowClock {
  const first = openFlowStep(undefined, accepted())
  if (!first) throw new Error('a project type with a cap opens its flow clock')
  const decided = closeFlowStep(first, APP1, '2026-03-04')
  const second = openFlowStep(
    decided,
    accepted({ applicationId: APP2, step: 'six-item-bundle', acceptedOn: '2026-03-09' }),
  )
  if (!second) throw new Error('the second step is counted')
  return second
}

describe('the whole-flow cap clock (全流程行政审批时间)', () => {
  it('opens on the first accepted step of a project type with a cap, and not without one', () => {
    const flow = openFlowStep(undefined, accepted())
    expect(flow).toEqual({
      projectId: PROJECT,
      cap: { value: 8, unit: 'W', source: 'seeds/004_33317a5f04b53a73.txt:1757' },
      region: '441500',
      steps: [{ kind: 'application', id: APP1, step: 'land-planning', from: '2026-03-02' }],
      notices: [],
    })
    const { projectCap: _, ...uncapped } = accepted()
    expect(openFlowStep(undefined, uncapped)).toBeUndefined()
    // The same acceptance again counts nothing twice.
    expect(flow && openFlowStep(flow, accepted())).toBe(flow)
  })

  it('counts only the days a step is being approved: the days between steps are a pause with its reason', () => {
    const flow = twoSteps()
    expect(flowClockSpec(flow).suspensions).toEqual([
      {
        id: `between:${APP2}`,
        kind: 'other',
        from: '2026-03-05',
        to: '2026-03-09',
        legalBasis: BETWEEN_STEPS_BASIS,
      },
    ])
    // 03-03, 03-04 (step 1) + 03-10..03-13 (step 2) = 6 net; 03-03..03-13 has 9 working days gross.
    const friday = view(flow, '2026-03-13')
    expect({ used: friday.used, gross: friday.gross, level: friday.level }).toEqual({
      used: 6,
      gross: 9,
      level: 'green',
    })
    // 8 W from 03-02 without the pause is 03-12; the pause took 03-05, 03-06 and 03-09: three working days later.
    expect(friday.due).toBe('2026-03-17')
    expect(flowDueOn(flow, '2026-03-13', calendar)).toBe('2026-03-17')
  })

  it('stops after a decided step until the next is accepted (an open pause), and runs again with it', () => {
    const first = openFlowStep(undefined, accepted())
    if (!first) throw new Error('opened')
    expect(isRunning(first)).toBe(true)
    const decided = closeFlowStep(first, APP1, '2026-03-04')
    expect(isRunning(decided)).toBe(false)
    expect(flowClockSpec(decided).suspensions).toEqual([
      { id: 'between:next', kind: 'other', from: '2026-03-05', legalBasis: BETWEEN_STEPS_BASIS },
    ])
    const monday = view(decided, '2026-03-09')
    expect({ used: monday.used, gross: monday.gross, suspended: monday.suspended }).toEqual({
      used: 2,
      gross: 5,
      suspended: true,
    })
    expect(isRunning(twoSteps())).toBe(true)
  })

  it('counts joint acceptance and first registration as steps, once each, a decision read first included', () => {
    const decided = closeFlowStep(twoSteps(), APP2, '2026-03-10')
    const CASE = '0190a000-0000-7000-8000-0000000000c1'
    // The case's decision read before its opening (each event has its own durable) counts it whole.
    const acceptance = { kind: 'acceptance' as const, id: CASE, step: 'joint-acceptance', from: '2026-03-16' }
    const passed = closeFlowStep(openFlowSpan(decided, acceptance), CASE, '2026-03-18')
    expect(openFlowSpan(passed, acceptance)).toBe(passed)
    expect(closeFlowStep(passed, CASE, '2026-03-19')).toBe(passed)
    expect(passed.steps.at(-1)).toEqual({ ...acceptance, to: '2026-03-18' })
    // 03-03, 03-04 (step 1), 03-10 (step 2), 03-17, 03-18 (acceptance): 5 counted; 03-11..03-16 between them.
    expect(view(passed, '2026-03-18').used).toBe(5)
    expect(flowClockSpec(passed).suspensions.map((s) => [s.from, s.to])).toEqual([
      ['2026-03-05', '2026-03-09'],
      ['2026-03-11', '2026-03-16'],
      ['2026-03-19', undefined],
    ])
  })

  it('counts overlapping steps once', () => {
    const a = openFlowStep(undefined, accepted())
    if (!a) throw new Error('opened')
    const b = openFlowStep(a, accepted({ applicationId: APP2, acceptedOn: '2026-03-04' }))
    if (!b) throw new Error('counted')
    const both = closeFlowStep(closeFlowStep(b, APP1, '2026-03-06'), APP2, '2026-03-10')
    // 03-03..03-10 covered by one step or the other, then the open pause from 03-11.
    expect(flowClockSpec(both).suspensions.map((s) => [s.from, s.to])).toEqual([['2026-03-11', undefined]])
    expect(view(both, '2026-03-10').used).toBe(6)
  })

  it("stops while a 补正 notice is open (the owner's time), once per notice", () => {
    const first = openFlowStep(undefined, accepted())
    if (!first) throw new Error('opened')
    const paused = pauseFlow(first, 'n-1', '2026-03-04')
    expect(pauseFlow(paused, 'n-1', '2026-03-05')).toBe(paused)
    const resumed = resumeFlow(paused, 'n-1', '2026-03-06')
    expect(flowClockSpec(resumed).suspensions).toEqual([
      expect.objectContaining({ id: 'n-1', kind: 'supplement', from: '2026-03-04', to: '2026-03-06' }),
    ])
    // 03-03 and 03-09 counted; 03-04..03-06 paused.
    const monday = view(resumed, '2026-03-09')
    expect({ used: monday.used, gross: monday.gross }).toEqual({ used: 2, gross: 5 })
  })

  it('calls for yellow at 80% of the cap and red past its due date, with net and gross days', () => {
    const flow = twoSteps()
    expect(flowAlertsDue(flow, '2026-03-13', 0.8, calendar)).toEqual([])
    // 03-16: 7 of 8 counted (≥ 6.4), 10 working days gross.
    expect(flowAlertsDue(flow, '2026-03-16', 0.8, calendar)).toEqual([
      { kind: 'warned', dueOn: '2026-03-17', used: 7, gross: 10, limit: 8 },
    ])
    expect(flowAlertsDue(flow, '2026-03-18', 0.8, calendar).map((a) => a.kind)).toEqual(['warned', 'overdue'])
  })
})

describe("a step's stored due date", () => {
  it('is the earlier of its statutory and committed due dates, and none without a clock', () => {
    const clocks = openStepClocks(
      accepted({
        stepLimit: { value: 4, unit: 'W' },
        stepStatutoryLimit: { value: 45, unit: 'W' },
        stepStatutoryExtension: { value: 15, unit: 'W' },
      }),
    )
    // 4 W from Monday 03-02: Friday 03-06.
    expect(stepDueOn(clocks, '2026-03-02', calendar)).toBe('2026-03-06')
    expect(stepDueOn({}, '2026-03-02', calendar)).toBeUndefined()
  })
})
