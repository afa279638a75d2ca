// pnpm bench:forecast — a backtest of the owner's completion forecast (services/gateway/src/domain/forecast.ts;
// docs/forecast.md) on a synthetic history of BENCH_PROJECTS projects (default 5,000) with known outcomes.
//
// Every project runs one flow of five steps (A: two departments in parallel; B: one; C and D in parallel after B, C
// with two departments; E after C and D), starting on successive working days of 2025. Each department's net working
// days are drawn from its own distribution (a log-normal around its typical days, seeded, so a run is repeatable),
// and a step starts the working day its last predecessor ends, as the forecast assumes (the owner applies at once).
// For each project one moment is drawn between its start and its real end; the forecast is made at that moment from
// the state of the project then (steps done, tasks open with the days they have used, steps not started) and from the
// history before it (each department's last N tasks decided before the moment), and compared with the real end.
//
// Printed: how often the real end fell on or before the forecast's 90% day (aim 85–95%), the median error of the
// expected day in working days, both for the whole flow and for the current step, apart for the forecasts made with
// history and those made on committed limits alone (the first projects, before enough history); and the cost of one
// forecast beside a floor: the same arithmetic (medians and 90th percentiles of the same samples, the same maxima and
// sums) on precomputed working-day indexes, with no calendar walk and no objects. Nothing here asserts the figures.

import {
  type DurationHistory,
  durationHistory,
  FORECAST_SETTINGS,
  forecastFlow,
  type StepInput,
} from '@onewindow/gateway'
import { addDays, defaultCalendar } from '@onewindow/workdays'
import { count } from './env.js'

const PROJECTS = count('BENCH_PROJECTS', 5_000)
const calendar = defaultCalendar()

// Working days from 2025-01-02 on, as indexes: the history and the outcomes are kept in working-day offsets.
const workingDays: string[] = []
for (let d = '2025-01-02'; d <= '2026-12-31'; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) workingDays.push(d)

/** A seeded generator (mulberry32) and a standard normal from it (Box–Muller). */
let seed = Number(process.env['BENCH_SEED'] ?? 15)
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())

type Department = { code: string; item: string; typical: number; spread: number; committed: number }
const departments: Record<string, Department> = {
  d1: { code: 'natural-resources', item: 'planning-permit', typical: 6, spread: 0.35, committed: 10 },
  d2: { code: 'development-reform', item: 'project-filing', typical: 3, spread: 0.5, committed: 5 },
  d3: { code: 'housing-construction', item: 'drawing-review', typical: 8, spread: 0.3, committed: 12 },
  d4: { code: 'fire', item: 'fire-design-review', typical: 9, spread: 0.45, committed: 15 },
  d5: { code: 'civil-air-defence', item: 'civil-air-defence-permit', typical: 4, spread: 0.4, committed: 7 },
  d6: { code: 'water', item: 'water-hookup', typical: 5, spread: 0.6, committed: 10 },
  d7: { code: 'housing-construction', item: 'construction-permit', typical: 3, spread: 0.3, committed: 5 },
}
const flow = [
  { step: 'A', after: [] as string[], work: ['d1', 'd2'] },
  { step: 'B', after: ['A'], work: ['d3'] },
  { step: 'C', after: ['B'], work: ['d4', 'd5'] },
  { step: 'D', after: ['B'], work: ['d6'] },
  { step: 'E', after: ['C', 'D'], work: ['d7'] },
]
const draw = (d: Department) => Math.max(1, Math.round(d.typical * Math.exp(d.spread * normal())))

type Outcome = { start: number; steps: Map<string, { start: number; end: number; tasks: Map<string, number> }> }
const outcomes: Outcome[] = []
// Each department's decided tasks, as (decided index, net days), in the order they were decided.
const decided = new Map<string, Array<{ at: number; days: number }>>()
for (let p = 0; p < PROJECTS; p++) {
  const start = Math.floor((p * 250) / PROJECTS)
  const steps: Outcome['steps'] = new Map()
  for (const s of flow) {
    const from = Math.max(start, ...s.after.map((a) => steps.get(a)?.end ?? start))
    const tasks = new Map(s.work.map((w) => [w, draw(departments[w] as Department)]))
    steps.set(s.step, { start: from, end: from + Math.max(...tasks.values()), tasks })
    for (const [w, days] of tasks) {
      const list = decided.get(w) ?? []
      list.push({ at: from + days, days })
      decided.set(w, list)
    }
  }
  outcomes.push({ start, steps })
}
for (const list of decided.values()) list.sort((a, b) => a.at - b.at)

/** Each department's last N tasks decided before `moment`, newest first. */
function historyAt(moment: number): DurationHistory {
  const rows: Array<{ department: string; item: string; days: number[] }> = []
  for (const [w, list] of decided) {
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((list[mid] as { at: number }).at < moment) lo = mid + 1
      else hi = mid
    }
    const d = departments[w] as Department
    rows.push({
      department: d.code,
      item: d.item,
      days: list
        .slice(Math.max(0, lo - FORECAST_SETTINGS.lastN), lo)
        .map((x) => x.days)
        .reverse(),
    })
  }
  return durationHistory(rows)
}

/** The project as the status would show it at `moment`. */
function stateAt(o: Outcome, moment: number): StepInput[] {
  return flow.map((s) => {
    const real = o.steps.get(s.step) as NonNullable<ReturnType<Outcome['steps']['get']>>
    const state = real.end <= moment ? 'done' : real.start <= moment ? 'running' : 'waiting'
    const work =
      state === 'running'
        ? [...real.tasks]
            .filter(([, days]) => real.start + days > moment)
            .map(([w]) => {
              const d = departments[w] as Department
              return {
                department: d.code,
                item: d.item,
                used: moment - real.start,
                committed: { value: d.committed, unit: 'W' as const },
                paused: false,
              }
            })
        : []
    return {
      step: s.step,
      after: s.after,
      state,
      items: s.work.map((w) => (departments[w] as Department).item),
      limit: { value: Math.max(...s.work.map((w) => (departments[w] as Department).committed)), unit: 'W' as const },
      work,
      used: 0,
    }
  })
}

type Tally = { n: number; covered: number; errors: number[] }
const tally = (): Tally => ({ n: 0, covered: 0, errors: [] })
const wholeWith = tally()
const wholeWithout = tally()
const stepWith = tally()
const stepWithout = tally()
const index = new Map(workingDays.map((d, i) => [d, i]))
const cases: Array<{ steps: StepInput[]; history: DurationHistory; today: string }> = []

for (const o of outcomes) {
  const end = Math.max(...[...o.steps.values()].map((s) => s.end))
  const moment = o.start + Math.floor(random() * (end - o.start))
  const today = workingDays[moment] as string
  const steps = stateAt(o, moment)
  const history = historyAt(moment)
  cases.push({ steps, history, today })
  const f = forecastFlow(steps, history, calendar, today)
  const withHistory = [...history.values()].every((byDepartment) =>
    [...byDepartment.values()].every((h) => h.length >= FORECAST_SETTINGS.minSamples),
  )
  if (f.wholeFlow) {
    const t = withHistory ? wholeWith : wholeWithout
    t.n++
    if ((workingDays[end] as string) <= f.wholeFlow.latestOn) t.covered++
    t.errors.push(Math.abs((index.get(f.wholeFlow.expectedOn) as number) - end))
  }
  const current = f.currentStep
  if (current) {
    const realEnd = o.steps.get(current.step)?.end as number
    const t = withHistory ? stepWith : stepWithout
    t.n++
    if ((workingDays[realEnd] as string) <= current.latestOn) t.covered++
    t.errors.push(Math.abs((index.get(current.expectedOn) as number) - realEnd))
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? Number.NaN : (s[Math.ceil(s.length / 2) - 1] as number)
}
const line = (name: string, t: Tally) =>
  console.log(
    `${name.padEnd(40)} ${String(t.n).padStart(6)} forecasts  real end ≤ 90% day: ${((100 * t.covered) / Math.max(1, t.n)).toFixed(1).padStart(5)}%  median error ${median(t.errors)} working days`,
  )
console.log(
  `forecast backtest: ${PROJECTS} synthetic projects, last ${FORECAST_SETTINGS.lastN} tasks, at least ${FORECAST_SETTINGS.minSamples}`,
)
line('whole flow, with history', wholeWith)
line('whole flow, committed limits only', wholeWithout)
line('current step, with history', stepWith)
line('current step, committed limits only', stepWithout)

// The cost of one forecast, beside the floor: the same quantiles, maxima and sums on working-day indexes.
function floor(steps: StepInput[], history: DurationHistory, today: string): number {
  const at = index.get(today) as number
  const ends = new Map<string, number>()
  let last = 0
  for (const s of steps) {
    const start = Math.max(0, ...(s.after ?? []).map((a) => ends.get(a) ?? 0))
    let length = 0
    if (s.state === 'running' || s.state === 'waiting') {
      for (const item of s.items) {
        const w = s.work.find((x) => x.item === item)
        const used = w?.used ?? 0
        const samples: number[] = []
        for (const list of history.get(item)?.values() ?? []) for (const d of list) if (d > used) samples.push(d - used)
        samples.sort((a, b) => a - b)
        length = Math.max(length, samples[Math.ceil(samples.length * 0.9) - 1] ?? 0)
      }
    }
    ends.set(s.step, start + length)
    last = Math.max(last, start + length)
  }
  return at + last
}
const ROUNDS = count('BENCH_ROUNDS', 3)
const time = (run: () => void) => {
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint()
    run()
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e3 / cases.length)
  }
  return best
}
let sink = 0
const ours = time(() => {
  for (const c of cases) sink += forecastFlow(c.steps, c.history, calendar, c.today).steps.length
})
const bare = time(() => {
  for (const c of cases) sink += floor(c.steps, c.history, c.today)
})
console.log(
  `one forecast: ${ours.toFixed(1)} µs   floor (same arithmetic on indexes): ${bare.toFixed(1)} µs   ratio ${(ours / bare).toFixed(1)}×   (best of ${ROUNDS}, ${cases.length} forecasts; ${sink > 0 ? 'ok' : ''})`,
)
