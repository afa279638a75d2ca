import { FlowClockChangedV1, FlowClockWarnedV1, StepClocksChangedV1 } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import { type ApplicationPatch, type ProjectRow, projectors } from '../src/domain/projectors.js'
import { applicationView, projectStatus } from '../src/domain/status.js'

const PROJECT = '0190a000-0000-7000-8000-000000000002'
const APP = '0190a000-0000-7000-8000-0000000000b1'
const EVENT = '01890000-0000-7000-8000-000000000001'
const calendar = defaultCalendar()
const ev = (today: string) => ({ calendar, today, yellowAt: 0.8 })
const projectorOf = (subject: string) => {
  const p = projectors.find((x) => x.event.subject === subject)
  if (!p) throw new Error(`no projector for ${subject}`)
  return p
}

// Counted by hand on the bundled 2026 schedule: March has no holiday; 03-02 is a Monday.
const stepClocks = {
  statutory: {
    limit: { value: 45, unit: 'W' as const },
    start: '2026-03-02',
    extensionAllowed: { value: 15, unit: 'W' as const },
    suspensions: [],
  },
  committed: {
    limit: { value: 4, unit: 'W' as const },
    start: '2026-03-02',
    suspensions: [
      { id: 'n-1', kind: 'supplement' as const, from: '2026-03-04', to: '2026-03-05', legalBasis: '补正告知' },
    ],
  },
}
const application: ApplicationPatch = {
  applicationId: APP,
  projectId: PROJECT,
  step: 'six-item-bundle',
  acceptedOn: '2026-03-02',
  acceptedAt: '2026-03-02T01:00:00.000Z',
  withDeficiencies: false,
  stepClocks,
}

describe("a step's clocks in the status", () => {
  it('are projected onto the application row with one timeline entry naming them', () => {
    const p = projectorOf(StepClocksChangedV1.subject).project(
      {
        applicationId: APP,
        projectId: PROJECT,
        step: 'six-item-bundle',
        clocks: stepClocks,
        dueOn: '2026-03-10',
        reason: 'resumed',
        changedAt: '2026-03-05T02:00:00.000Z',
      },
      EVENT,
    )
    expect(p.writes).toEqual([{ kind: 'application', row: { applicationId: APP, projectId: PROJECT, stepClocks } }])
    expect(p.timeline.summary).toBe(
      'Step six-item-bundle clocks run again (the 补正 notice answered): statutory 45 W from 2026-03-02, committed 4 W from 2026-03-02; due 2026-03-10',
    )
  })

  it('are clock views like a task clock: net, gross, pauses with their basis, read on the decision day once decided', () => {
    const open = applicationView(application, [], [], ev('2026-03-09'))
    // 4 W from 03-02 with 03-04..03-05 paused: 03-03, 03-06, 03-09, 03-10 → due 03-10; on 03-09 3 net of 5 gross
    // (3 of 4 is below 80%: green).
    expect(open.clocks?.committed).toMatchObject({
      due: '2026-03-10',
      used: 3,
      net: 3,
      gross: 5,
      level: 'green',
      suspensions: [{ kind: 'supplement', legalBasis: '补正告知', from: '2026-03-04', to: '2026-03-05', days: 2 }],
    })
    expect(open.clocks?.statutory).toMatchObject({ limit: { value: 45, unit: 'W' }, level: 'green' })
    const decided = applicationView(
      {
        ...application,
        decision: { outcome: 'approved', decidedAt: '2026-03-06T02:00:00.000Z', decidedOn: '2026-03-06', tasks: [] },
      },
      [],
      [],
      ev('2026-03-20'),
    )
    // Decided on 03-06, within its limit: it stays as it was that day, not red two weeks later.
    expect(decided.clocks?.committed).toMatchObject({ evaluatedOn: '2026-03-06', used: 2, level: 'green' })
    // Without an evaluation or clocks there is nothing to show.
    expect(applicationView(application, [], []).clocks).toBeUndefined()
  })
})

describe('the whole-flow cap clock in the status', () => {
  const flowClock = {
    cap: { value: 8, unit: 'W' as const, source: 'seeds/004_33317a5f04b53a73.txt:1774' },
    steps: [
      { kind: 'application' as const, id: APP, step: 'land-planning-and-filing', from: '2026-03-02', to: '2026-03-04' },
      {
        kind: 'application' as const,
        id: '0190a000-0000-7000-8000-0000000000b2',
        step: 'six-item-bundle',
        from: '2026-03-09',
      },
    ],
    clock: {
      limit: { value: 8, unit: 'W' as const },
      start: '2026-03-02',
      region: '441500',
      suspensions: [
        { id: 'between:b2', kind: 'other' as const, from: '2026-03-05', to: '2026-03-09', legalBasis: 'between steps' },
      ],
    },
    dueOn: '2026-03-17',
  }

  it('is kept on the project row; its changes and alerts are timeline entries', () => {
    const p = projectorOf(FlowClockChangedV1.subject).project(
      { projectId: PROJECT, ...flowClock, reason: 'opened', changedAt: '2026-03-09T02:00:00.000Z' },
      EVENT,
    )
    expect(p.writes).toEqual([{ kind: 'flow-clock', projectId: PROJECT, row: flowClock }])
    expect(p.timeline.summary).toBe(
      'Whole-flow cap clock (8 W) runs: step six-item-bundle accepted (2 step(s) counted); due 2026-03-17',
    )
    const warned = projectorOf(FlowClockWarnedV1.subject).project(
      {
        projectId: PROJECT,
        dueOn: '2026-03-17',
        detectedOn: '2026-03-16',
        detectedAt: '2026-03-16T02:00:00.000Z',
        used: 7,
        gross: 10,
        limit: 8,
      },
      EVENT,
    )
    expect(warned.writes).toEqual([])
    expect(warned.timeline.summary).toBe('Whole-flow cap clock warned: 7 of 8 used (10 gross), due 2026-03-17')
  })

  it('is a clock view beside the gross sum of the steps, with the steps it counted and its source', () => {
    const project: ProjectRow = {
      projectId: PROJECT,
      projectCode: '2026-441500-47-01-000001',
      name: '低风险厂房项目',
      projectType: 'social-simple-low-risk',
      region: '441500',
      ownerName: '业主',
      ownerCreditCode: '91440000MA00000001',
      investmentFen: 100,
      registeredAt: '2026-03-01T01:00:00.000Z',
      cap: { value: 8, unit: 'W' },
      flowClock,
    }
    const s = projectStatus(
      {
        project,
        acceptance: [],
        utilities: [],
        registrations: [],
        certificates: [],
        applications: [],
        deficiencies: [],
        tasks: [],
        notices: [],
        alerts: [],
        timeline: [],
      },
      { ...ev('2026-03-13'), now: new Date('2026-03-13T02:00:00.000Z') },
    )
    expect(s.unreadable).toEqual([])
    expect(s.wholeFlow?.capSource).toBe('seeds/004_33317a5f04b53a73.txt:1774')
    expect(s.wholeFlow?.counted).toEqual(flowClock.steps)
    // 03-03, 03-04 and 03-10..03-13 counted: 6 net of 9 gross; 8 W due 03-17 (03-12 + the 3 paused working days).
    expect(s.wholeFlow?.clock).toMatchObject({ due: '2026-03-17', used: 6, net: 6, gross: 9, level: 'green' })
    expect(s.wholeFlow?.clock?.suspensions).toEqual([
      expect.objectContaining({ kind: 'other', legalBasis: 'between steps', from: '2026-03-05', to: '2026-03-09' }),
    ])
  })
})
