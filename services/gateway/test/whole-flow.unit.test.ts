import { defaultCalendar } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import type { ApplicationPatch, ProjectRow } from '../src/domain/projectors.js'
import { type WholeFlowInput, wholeFlowOf, workingDaysBetween } from '../src/domain/whole-flow.js'
import { acceptanceCase, registrationCase } from './events.js'

const calendar = defaultCalendar()
const P = '01890000-0000-7000-8000-0000000000f1'
const W = (value: number) => ({ value, unit: 'W' as const })

const industrialFlow: NonNullable<ProjectRow['flow']> = [
  { step: 'permits', name: '施工许可', stage: 'construction-permit', items: ['construction-permit'], limit: W(1) },
  { step: 'joint-acceptance', name: '联合验收', stage: 'completion-acceptance', items: ['fire'], limit: W(8) },
  {
    step: 'first-registration',
    name: '不动产首次登记',
    stage: 'completion-acceptance',
    items: ['first-registration'],
    limit: W(3),
  },
]
const oldCompoundFlow: NonNullable<ProjectRow['flow']> = [
  { step: 'joint-scheme-review', name: '方案联审', stage: 'land-planning', items: ['a'], limit: W(5) },
  { step: 'approval-and-land-planning', name: '立项用地规划', stage: 'land-planning', items: ['b'], limit: W(3) },
  {
    step: 'planning-and-construction-permits',
    name: '工程规划施工许可',
    stage: 'construction-permit',
    items: ['c'],
    limit: W(2),
  },
  { step: 'joint-acceptance', name: '联合验收', stage: 'completion-acceptance', items: ['d'], limit: W(5) },
]

const decided = (step: string, acceptedOn: string, decidedOn: string): ApplicationPatch => ({
  applicationId: `01890000-0000-7000-8000-${step.length.toString().padStart(12, '0')}`,
  projectId: P,
  step,
  acceptedAt: `${acceptedOn}T01:00:00Z`,
  acceptedOn,
  decision: { outcome: 'approved', decidedAt: `${decidedOn}T08:00:00Z`, decidedOn, tasks: [] },
})
// 09:00 and 16:00 in Shanghai on that legal date.
const opened = (day: string) => `${day}T01:00:00Z`
const closed = (day: string) => `${day}T08:00:00Z`

// Monday 2 March 2026 onwards: no holidays until Qingming (4–6 April).
const cases: Array<[string, WholeFlowInput, string, { steps: number[]; used: number; withinCap: boolean }]> = [
  [
    'industrial-land-with-scheme: 1 + 8 + 3 = 12 W, within the 12 W cap',
    {
      project: { flow: industrialFlow, cap: W(12), region: '440600' },
      applications: [decided('permits', '2026-03-02', '2026-03-03')],
      acceptance: [
        acceptanceCase(P, { status: 'passed', openedAt: opened('2026-03-04'), decidedAt: closed('2026-03-16') }),
      ],
      registrations: [
        registrationCase(P, {
          status: 'completed',
          openedAt: opened('2026-03-04'), // the pre-survey: not the registration step's start
          clock: { limit: W(3), start: '2026-03-16', suspensions: [] },
          completedAt: closed('2026-03-19'),
        }),
      ],
    },
    '2026-03-30',
    { steps: [1, 8, 3], used: 12, withinCap: true },
  ],
  [
    'industrial, 验收即发证: registration completed the day it opened counts 0',
    {
      project: { flow: industrialFlow, cap: W(12), region: '440600' },
      applications: [decided('permits', '2026-03-02', '2026-03-03')],
      acceptance: [
        acceptanceCase(P, { status: 'passed', openedAt: opened('2026-03-04'), decidedAt: closed('2026-03-16') }),
      ],
      registrations: [
        registrationCase(P, {
          status: 'completed',
          clock: { limit: W(3), start: '2026-03-16', suspensions: [] },
          completedAt: closed('2026-03-16'),
        }),
      ],
    },
    '2026-03-30',
    { steps: [1, 8, 0], used: 9, withinCap: true },
  ],
  [
    'industrial, acceptance 10 W: 1 + 10 + 3 = 14 W over the 12 W cap',
    {
      project: { flow: industrialFlow, cap: W(12), region: '440600' },
      applications: [decided('permits', '2026-03-02', '2026-03-03')],
      acceptance: [
        acceptanceCase(P, { status: 'passed', openedAt: opened('2026-03-04'), decidedAt: closed('2026-03-18') }),
      ],
      registrations: [
        registrationCase(P, {
          status: 'completed',
          clock: { limit: W(3), start: '2026-03-18', suspensions: [] },
          completedAt: closed('2026-03-23'),
        }),
      ],
    },
    '2026-03-30',
    { steps: [1, 10, 3], used: 14, withinCap: false },
  ],
  [
    'old-compound-renovation: 5 + 3 + 2 + 5 = 15 W, the whole 15 W cap',
    {
      project: { flow: oldCompoundFlow, cap: W(15), region: '440600' },
      applications: [
        decided('joint-scheme-review', '2026-03-02', '2026-03-09'),
        decided('approval-and-land-planning', '2026-03-09', '2026-03-12'),
        decided('planning-and-construction-permits', '2026-03-12', '2026-03-16'),
      ],
      acceptance: [
        acceptanceCase(P, { status: 'passed', openedAt: opened('2026-03-16'), decidedAt: closed('2026-03-23') }),
      ],
      registrations: [],
    },
    '2026-03-30',
    { steps: [5, 3, 2, 5], used: 15, withinCap: true },
  ],
  [
    'a step still running counts to today; steps not started count 0',
    {
      project: { flow: industrialFlow, cap: W(12), region: '440600' },
      applications: [decided('permits', '2026-03-02', '2026-03-03')],
      acceptance: [acceptanceCase(P, { status: 'scheduled', openedAt: opened('2026-03-04') })],
      registrations: [registrationCase(P, { status: 'pre-survey' })],
    },
    '2026-03-11',
    { steps: [1, 5, 0], used: 6, withinCap: true },
  ],
]

describe('the whole-flow clock', () => {
  it.each(cases)('%s', (_, input, today, want) => {
    const whole = wholeFlowOf(input, calendar, today)
    expect(whole.steps.map((s) => s.used)).toEqual(want.steps)
    expect(whole.used).toBe(want.used)
    expect(whole.withinCap).toBe(want.withinCap)
    expect(whole.allowed).toEqual(input.project.cap)
  })

  it('names each step with its limit and its span', () => {
    const [, input, today] = cases[0] ?? []
    if (!input || !today) throw new Error('no case')
    expect(wholeFlowOf(input, calendar, today).steps).toEqual([
      { step: 'permits', limit: W(1), used: 1, from: '2026-03-02', to: '2026-03-03' },
      { step: 'joint-acceptance', limit: W(8), used: 8, from: '2026-03-04', to: '2026-03-16' },
      { step: 'first-registration', limit: W(3), used: 3, from: '2026-03-16', to: '2026-03-19' },
    ])
  })

  it('counts each phase of a step applied for in phases on its own, and ends the step with its last (分阶段办理)', () => {
    const phase = (number: number, acceptedOn: string, decidedOn: string): ApplicationPatch => ({
      ...decided('permits', acceptedOn, decidedOn),
      applicationId: `01890000-0000-7000-8000-00000000010${number}`,
      phase: { code: `p${number}`, name: `第${number}阶段`, number, count: 2 },
    })
    const input = {
      project: { flow: industrialFlow, cap: W(12), region: '440600' },
      applications: [phase(1, '2026-03-02', '2026-03-04')],
      acceptance: [],
      registrations: [],
    }
    // Phase 1 took 2 W; the month until phase 2 is the works', not the departments'.
    expect(wholeFlowOf(input, calendar, '2026-04-01').steps[0]).toEqual({
      step: 'permits',
      limit: W(1),
      used: 2,
      from: '2026-03-02',
    })
    const both = { ...input, applications: [...input.applications, phase(2, '2026-03-30', '2026-03-31')] }
    expect(wholeFlowOf(both, calendar, '2026-04-01').steps[0]).toEqual({
      step: 'permits',
      limit: W(1),
      used: 3,
      from: '2026-03-02',
      to: '2026-03-31',
    })
  })

  it('has no cap to compare when the type gives none', () => {
    const whole = wholeFlowOf(
      { project: { flow: industrialFlow, region: '440600' }, applications: [], acceptance: [], registrations: [] },
      calendar,
      '2026-03-02',
    )
    expect(whole).toMatchObject({ allowed: null, used: 0, withinCap: true })
  })

  it.each([
    ['2026-03-02', '2026-03-02', 0],
    ['2026-03-06', '2026-03-09', 1], // Friday to Monday: the weekend does not count
    ['2026-04-03', '2026-04-07', 1], // over Qingming (4–6 April): only Tuesday the 7th
    ['2026-09-30', '2026-10-09', 2], // over National Day (1–7 October): only the 8th and 9th
  ])('counts working days from %s (not counted) to %s: %i', (from, to, n) => {
    expect(workingDaysBetween(calendar, from, to)).toBe(n)
  })
})
