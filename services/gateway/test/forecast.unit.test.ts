import type { Actor } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import {
  addWorkingDays,
  type DurationHistory,
  durationHistory,
  FORECAST_HISTORY_ITEMS,
  forecastFlow,
  historyItems,
  paceOf,
  type StepInput,
} from '../src/domain/forecast.js'
import type { ApplicationPatch, ProjectRow } from '../src/domain/projectors.js'
import { NO_SHARED_RESULTS } from '../src/domain/shared-results.js'
import { flowOf, projectForecast } from '../src/domain/status.js'
import { visibleStatus } from '../src/domain/visibility.js'
import { workingDaysBetween } from '../src/domain/whole-flow.js'
import type { ProjectStatus, WholeFlow } from '../src/http/schemas.js'

const calendar = defaultCalendar()
const W = (value: number) => ({ value, unit: 'W' as const })
const today = '2026-12-01'
const ev = (day: string) => ({ calendar, today: day, yellowAt: 0.8 })
const PROJECT = '0190a000-0000-7000-8000-000000000002'
// The four phases of Qinzhou's construction permit (seeds/000_5ff03a50698aa736.txt:166).
const PHASES = ['基坑围护', '主体工程底板以下', '主体工程底板以上', '装饰装修及室外附属工程']

/** The median and 90th percentile the test expects, by nearest rank, computed here from the samples. */
const rank = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.ceil(q * sorted.length) - 1] as number
}

const planning = [4, 6, 5, 7, 5, 9, 6, 5, 12, 6]
const fire = [10, 14, 12, 11, 13, 20, 12, 12, 11, 15]
const permit = [3, 4, 3, 5, 3, 3, 8, 4, 3, 4]
const history: DurationHistory = durationHistory([
  { department: 'planning', item: 'planning-permit', days: planning },
  { department: 'fire', item: 'fire-review', days: fire },
  { department: 'housing', item: 'construction-permit', days: permit },
])

const running: StepInput = {
  step: 'review',
  state: 'running',
  items: ['planning-permit', 'fire-review'],
  limit: W(20),
  used: 0,
  work: [
    { department: 'planning', item: 'planning-permit', used: 0, paused: false },
    { department: 'fire', item: 'fire-review', used: 0, paused: false },
  ],
}
const next: StepInput = {
  step: 'permit',
  state: 'waiting',
  items: ['construction-permit'],
  limit: W(5),
  used: 0,
  work: [],
}

describe('the forecast of a flow', () => {
  it('ends a step of parallel departments with the latest of them, and adds the next step after it', () => {
    const f = forecastFlow([running, next], history, calendar, today)
    // Remaining work of a task at 0 days used: the tasks that took longer than 0 (all of them here).
    const review = Math.max(rank(planning, 0.5), rank(fire, 0.5))
    expect(f.currentStep?.step).toBe('review')
    expect(f.currentStep?.expectedDays).toBe(review)
    expect(f.steps[1]?.expectedDays).toBe(review + rank(permit, 0.5))
    expect(f.wholeFlow?.expectedDays).toBe(review + rank(permit, 0.5))
    expect(workingDaysBetween(calendar, today, f.currentStep?.expectedOn ?? '', undefined)).toBe(review)
    expect(calendar.isWorkingDay(f.currentStep?.expectedOn ?? '')).toBe(true)
  })

  it('counts a running task from the days it has used: what the tasks that took longer still took', () => {
    const used = 11
    const f = forecastFlow(
      [{ ...running, work: [{ department: 'fire', item: 'fire-review', used, paused: false }] }],
      history,
      calendar,
      today,
    )
    const beyond = fire.filter((d) => d > used).map((d) => d - used)
    expect(f.currentStep?.work[0]?.expected).toBe(rank(beyond, 0.5))
    expect(f.currentStep?.work[0]?.late).toBe(rank(beyond, 0.9))
  })

  it('expects a task past every recorded one on the next working day, never today or before', () => {
    const f = forecastFlow(
      [{ ...running, work: [{ department: 'fire', item: 'fire-review', used: 40, paused: false }] }],
      history,
      calendar,
      today,
    )
    expect(f.currentStep?.expectedDays).toBe(1)
    expect((f.currentStep?.expectedOn ?? '') > today).toBe(true)
  })

  it('falls back to the committed limit with too little history', () => {
    const thin = durationHistory([{ department: 'fire', item: 'fire-review', days: [3, 4] }])
    const f = forecastFlow(
      [{ ...running, work: [{ department: 'fire', item: 'fire-review', used: 2, committed: W(15), paused: false }] }],
      thin,
      calendar,
      today,
    )
    expect(f.currentStep?.work[0]).toMatchObject({ basis: 'committed-limit', expected: 13, late: 13, samples: 2 })
    expect(paceOf([], 0, undefined, false)).toMatchObject({ basis: 'default-limit', expected: 20 })
  })

  it('a step not yet applied for waits for each department that decides its item, each on its own line', () => {
    // construction-permit decided by two departments (another district's bureau); listed in either order.
    const slow = [30, 31, 32, 33, 34, 35]
    const housing = { department: 'housing', item: 'construction-permit', days: permit }
    const district = { department: 'district-housing', item: 'construction-permit', days: slow }
    for (const rows of [
      [housing, district],
      [district, housing],
    ]) {
      const f = forecastFlow([next], durationHistory(rows), calendar, today)
      const step = f.steps[0]
      expect(step?.work.map((w) => [w.department, w.expected, w.samples])).toEqual([
        ['district-housing', rank(slow, 0.5), slow.length],
        ['housing', rank(permit, 0.5), permit.length],
      ])
      expect(step?.expectedDays).toBe(rank(slow, 0.5))
    }
    // An item nobody has decided yet: one line without a department, at the step's limit.
    expect(forecastFlow([next], new Map(), calendar, today).steps[0]?.work).toEqual([
      { department: '', item: 'construction-permit', expected: 5, late: 5, basis: 'committed-limit', samples: 0 },
    ])
  })

  it('keeps each (department, item) apart when a code holds the character a joined key would split on', () => {
    // Joined as `department + NUL + item`, both rows were one key ('fire NUL x NUL review') and the item of a waiting
    // step was cut at its NUL; kept apart, each line reads its own department's history of its own item.
    const odd = 'x\u0000review'
    const slow = [30, 31, 32, 33, 34, 35]
    const h = durationHistory([
      { department: 'fire', item: odd, days: slow },
      { department: 'fire\u0000x', item: 'review', days: fire },
    ])
    const work = (department: string, item: string) => ({ department, item, used: 0, paused: false })
    const now = forecastFlow(
      [{ ...running, items: [odd, 'review'], work: [work('fire', odd), work('fire\u0000x', 'review')] }],
      h,
      calendar,
      today,
    )
    expect(now.currentStep?.work.map((w) => [w.department, w.item, w.expected, w.samples])).toEqual([
      ['fire', odd, rank(slow, 0.5), slow.length],
      ['fire\u0000x', 'review', rank(fire, 0.5), fire.length],
    ])
    const waiting = forecastFlow([{ ...next, items: [odd] }], h, calendar, today)
    expect(waiting.steps[0]?.work.map((w) => [w.department, w.item, w.basis, w.samples])).toEqual([
      ['fire', odd, 'history', slow.length],
    ])
  })

  it('reads history for each item once, in flow order, up to the stated bound', () => {
    const flow = [{ items: ['a', 'b'] }, { items: ['b', 'c'] }]
    expect(historyItems(flow)).toEqual(['a', 'b', 'c'])
    const many = [{ items: Array.from({ length: FORECAST_HISTORY_ITEMS + 20 }, (_, i) => `item-${i}`) }]
    const read = historyItems(many)
    expect(read).toHaveLength(FORECAST_HISTORY_ITEMS)
    expect(read.at(-1)).toBe(`item-${FORECAST_HISTORY_ITEMS - 1}`)
  })

  it('counts a paused task from today, as if it resumed now, and says it is paused', () => {
    const f = forecastFlow(
      [{ ...running, work: [{ department: 'fire', item: 'fire-review', used: 0, paused: true }] }],
      history,
      calendar,
      today,
    )
    expect(f.currentStep?.paused).toBe(true)
    expect(f.currentStep?.expectedDays).toBe(rank(fire, 0.5))
  })

  it('adds a fresh application for each phase still to apply for (分阶段办理), their spreads as independent', () => {
    const median = rank(permit, 0.5)
    const spread = rank(permit, 0.9) - median
    // Waiting between phases with three left: three applications one after another, the first applied for today.
    const waiting = forecastFlow([{ ...next, phasesToApply: 3 }], history, calendar, today)
    expect(waiting.currentStep).toBeNull()
    expect(waiting.steps[0]?.expectedDays).toBe(3 * median)
    expect(waiting.steps[0]?.latestDays).toBe(Math.ceil(3 * median + Math.sqrt(3 * spread ** 2)))
    // A phase under way with two after it: its tasks' remaining days, then two fresh applications.
    const work = [{ department: 'housing', item: 'construction-permit', used: 0, paused: false }]
    const phase = forecastFlow([{ ...next, state: 'running', work, phasesToApply: 2 }], history, calendar, today)
    expect(phase.currentStep?.expectedDays).toBe(3 * median)
    // The last phase under way: its own days alone, as a step applied for whole.
    const last = forecastFlow([{ ...next, state: 'running', work, phasesToApply: 0 }], history, calendar, today)
    expect(last.currentStep?.expectedDays).toBe(median)
  })

  it('counts a wait between phases as the owner’s time: the next phase as if applied for today, not a running step', () => {
    const project: ProjectRow = {
      projectId: PROJECT,
      projectCode: '2026-450700-47-01-000001',
      name: '钦州厂房项目',
      projectType: 'industrial',
      region: '450700',
      ownerName: '业主',
      ownerCreditCode: '91440000MA00000001',
      investmentFen: 100,
      registeredAt: '2026-11-02T01:00:00.000Z',
      flow: [
        {
          step: 'construction-permit',
          name: '施工许可',
          stage: 'construction-permit',
          items: ['construction-permit'],
          limit: W(5),
          phases: PHASES.map((name, i) => ({ code: `p${i + 1}`, name })),
        },
      ],
    }
    const phaseOne: ApplicationPatch = {
      applicationId: '0190a000-0000-7000-8000-0000000000a1',
      projectId: PROJECT,
      step: 'construction-permit',
      acceptedAt: '2026-11-02T01:00:00.000Z',
      acceptedOn: '2026-11-02',
      phase: { code: 'p1', name: PHASES[0] as string, number: 1, count: 4 },
      decision: { outcome: 'approved', decidedAt: '2026-11-05T01:00:00.000Z', decidedOn: '2026-11-05', tasks: [] },
    }
    const rows = { project, applications: [phaseOne] }
    const { flow } = flowOf(project, rows.applications)
    expect(flow[0]).toMatchObject({ state: 'in-progress', phase: { number: 1, approved: 1 } })
    // The whole-flow clock counted phase 1's three days for the step: none of them is taken off the phases to come.
    const wholeFlow = { steps: [{ step: 'construction-permit', used: 3 }] } as unknown as WholeFlow
    const f = projectForecast(rows, flow, [], wholeFlow, { ...ev(today), history })
    expect(f.currentStep).toBeNull()
    expect(f.steps[0]).toMatchObject({ step: 'construction-permit', expectedDays: 3 * rank(permit, 0.5) })
    expect(f.steps[0]?.work).toEqual([
      expect.objectContaining({ department: 'housing', expected: rank(permit, 0.5), basis: 'history' }),
    ])
    // Phase 2 received at the window (接件), not yet accepted: it runs, with none of phase 1's days counted against it,
    // and phases 3 and 4 after it.
    const phaseTwo: ApplicationPatch = {
      applicationId: '0190a000-0000-7000-8000-0000000000a2',
      projectId: PROJECT,
      step: 'construction-permit',
      phase: { code: 'p2', name: PHASES[1] as string, number: 2, count: 4 },
      receipt: { nationalCode: 1, receivedAt: '2026-11-30T01:00:00.000Z', receivedOn: '2026-11-30' },
    }
    const received = { project, applications: [phaseOne, phaseTwo] }
    const at = projectForecast(received, flowOf(project, received.applications).flow, [], wholeFlow, {
      ...ev(today),
      history,
    })
    expect(at.currentStep).toMatchObject({ step: 'construction-permit', expectedDays: 3 * rank(permit, 0.5) })
  })

  it('has no whole-flow day once a step is refused', () => {
    const f = forecastFlow([{ ...running, state: 'stopped' }, next], history, calendar, today)
    expect(f.wholeFlow).toBeNull()
  })

  it('lands after the National Day holiday when the remaining work crosses it', () => {
    // The holiday as the published 2026 schedule gives it (packages/workdays/data/2026.json: 10-01 to 10-07).
    const holiday = calendar.schedule(2026)?.holidays.find((h) => h.nameEn === 'National Day')
    if (!holiday) throw new Error('the 2026 schedule has no National Day')
    const before = '2026-09-28'
    const f = forecastFlow(
      [{ ...running, work: [{ department: 'x', item: 'y', used: 0, committed: W(5), paused: false }] }],
      new Map(),
      calendar,
      before,
    )
    const day = f.currentStep?.expectedOn ?? ''
    expect(day > holiday.to).toBe(true)
    // Exactly five working days from the 28th by the calendar; the holiday's days are not among them.
    expect(workingDaysBetween(calendar, before, day)).toBe(5)
    expect(workingDaysBetween(calendar, before, holiday.to)).toBe(2)
  })

  it('keeps the 90% day at or after the expected day and every day at or after today (200 seeded cases)', () => {
    let seed = 7
    const next01 = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const int = (n: number) => Math.floor(next01() * n)
    for (let c = 0; c < 200; c++) {
      const samples = Array.from({ length: int(30) }, () => int(40))
      const h = durationHistory([{ department: 'd', item: 'i', days: samples }])
      const states = ['done', 'running', 'waiting', 'waiting'] as const
      const steps: StepInput[] = Array.from({ length: 1 + int(4) }, (_, k) => ({
        step: `s${k}`,
        state: states[int(states.length)] ?? 'waiting',
        items: ['i'],
        ...(int(2) ? { limit: W(int(30)) } : {}),
        used: int(10),
        work: int(2) ? [{ department: 'd', item: 'i', used: int(50), paused: int(2) === 1 }] : [],
      }))
      const start = addWorkingDays(calendar, '2026-01-01', int(300))
      const f = forecastFlow(steps, h, calendar, start)
      for (const s of f.steps) {
        expect(s.latestDays).toBeGreaterThanOrEqual(s.expectedDays)
        expect(s.expectedOn >= start).toBe(true)
        expect(s.latestOn >= s.expectedOn).toBe(true)
      }
      if (f.wholeFlow) expect(f.wholeFlow.latestOn >= f.wholeFlow.expectedOn).toBe(true)
    }
  })
})

describe('working days to calendar days', () => {
  it('adds working days on the calendar, skipping weekends: today itself not counted', () => {
    // 2026-12-04 is a Friday: one working day later is Monday the 7th.
    expect(addWorkingDays(calendar, '2026-12-04', 1)).toBe('2026-12-07')
    expect(addWorkingDays(calendar, '2026-12-04', 0)).toBe('2026-12-04')
  })
})

describe('the forecast a reviewer sees', () => {
  it('keeps every day but only its own department’s remaining work; a role without the status gets none', () => {
    const forecast = forecastFlow([running, next], history, calendar, today)
    const empty = { applications: [], tasks: [], alerts: [], timeline: [], acceptance: [], utilities: [] }
    const status = {
      ...empty,
      registration: [],
      certificates: [],
      unreadable: [],
      wholeFlow: null,
      forecast,
      shared: NO_SHARED_RESULTS,
    } as unknown as ProjectStatus
    const seen = visibleStatus(status, [], { role: 'reviewer', sub: 'r', department: 'fire' } as Actor).forecast
    expect(seen?.wholeFlow).toEqual(forecast.wholeFlow)
    expect(seen?.currentStep?.expectedOn).toBe(forecast.currentStep?.expectedOn)
    expect(seen?.currentStep?.work.map((w) => w.department)).toEqual(['fire'])
    expect(forecast.currentStep?.work.map((w) => w.department)).toEqual(['planning', 'fire'])
    expect(visibleStatus(status, [], { role: 'lead', sub: 'l', department: 'fire' } as Actor).forecast).toBeNull()
  })
})
