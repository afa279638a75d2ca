import type { Calendar } from '@onewindow/workdays'
import { addDays } from '@onewindow/workdays'

// The owner's completion forecast (issue 15, deliverable 3): when the current step and the whole flow are expected
// to end, and the day by which they end nine times in ten. Pure: the history, the calendar and today are given.
// Method and assumptions: docs/forecast.md.

/** How much history a pace is read from: a department's last `lastN` decided tasks of an item, at least `minSamples`. */
export type ForecastSettings = { lastN: number; minSamples: number }
export const FORECAST_SETTINGS: ForecastSettings = { lastN: 50, minSamples: 5 }

/**
 * Net working days each recent decided task took, newest first: by item, then by the department that decided it. Keyed
 * by the codes themselves, never a string joined from them, so no code can be mistaken for another.
 */
export type DurationHistory = ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>

/** The history of rows of (department, item, days), as the read model gives them. */
export function durationHistory(
  rows: Iterable<{ department: string; item: string; days: readonly number[] }>,
): DurationHistory {
  const history = new Map<string, Map<string, readonly number[]>>()
  for (const r of rows) {
    const departments = history.get(r.item) ?? new Map<string, readonly number[]>()
    departments.set(r.department, r.days)
    history.set(r.item, departments)
  }
  return history
}

/**
 * The most distinct items a flow's history is read for, in flow order: the bound of the one query's parameter. A flow
 * comes from the catalogue (tens of items); an item past the bound is forecast at its committed limit, as an item
 * without history is (basis `committed-limit`, `samples: 0`) — never silently dropped from the forecast.
 */
export const FORECAST_HISTORY_ITEMS = 500

/** The items whose history a flow's forecast reads: each once, in flow order, at most {@link FORECAST_HISTORY_ITEMS}. */
export const historyItems = (flow: ReadonlyArray<{ items: readonly string[] }>): string[] =>
  [...new Set(flow.flatMap((s) => s.items))].slice(0, FORECAST_HISTORY_ITEMS)

type Limit = { value: number; unit: 'W' | 'N' }

/** Working days still expected (`expected`: the median) and at worst nine times in ten (`late`: the 90th percentile). */
export type Pace = {
  expected: number
  late: number
  basis: 'history' | 'committed-limit' | 'default-limit'
  samples: number
}

/**
 * The limit assumed for work whose committed limit is unknown (a step the catalogue gives no limit): the 20 working
 * days 行政许可法第四十二条 allows an agency for a decision, so such a step still takes time rather than none.
 */
export const DEFAULT_LIMIT: Limit = { value: 20, unit: 'W' }

/** The nearest-rank quantile of ascending `sorted` (q in (0, 1]); the value of a real task, never an interpolation. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('a quantile of no values')
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)))
  return sorted[rank - 1] as number
}

/** A limit in working days: a natural-day limit as the working days in as many calendar days (five in seven, up). */
const workingDaysOf = (limit: Limit) => (limit.unit === 'W' ? limit.value : Math.ceil((limit.value * 5) / 7))

/**
 * The pace of work of which `used` net working days are already spent. With enough history: the median and 90th
 * percentile of what the tasks that took longer than `used` still took beyond it (the remaining time of a task
 * already this far, not of a fresh one); a task past every one of them is expected on the next working day. With too
 * little history: the committed limit's remaining days, at least one while the work is open.
 */
export function paceOf(
  samples: readonly number[] | undefined,
  used: number,
  committed: Limit | undefined,
  /** The work is under way (at least one more working day to go), as opposed to a step not yet applied for. */
  open: boolean,
  settings: ForecastSettings = FORECAST_SETTINGS,
): Pace {
  const recent = (samples ?? []).slice(0, settings.lastN)
  const floor = open ? 1 : 0
  if (recent.length >= settings.minSamples) {
    const beyond = recent
      .filter((d) => d > used || (!open && d >= used))
      .map((d) => d - used)
      .sort((a, b) => a - b)
    if (beyond.length === 0) return { expected: floor, late: floor, basis: 'history', samples: recent.length }
    return {
      expected: Math.max(floor, quantile(beyond, 0.5)),
      late: Math.max(floor, quantile(beyond, 0.9)),
      basis: 'history',
      samples: recent.length,
    }
  }
  const limit = committed ?? DEFAULT_LIMIT
  const left = Math.max(floor, workingDaysOf(limit) - used)
  return { expected: left, late: left, basis: committed ? 'committed-limit' : 'default-limit', samples: recent.length }
}

/**
 * The day `n` working days after `from` (`from` itself not counted, as a limit runs), on the calendar and the
 * region's overlay the clocks use; `from` when n is 0. Never before `from`.
 */
export function addWorkingDays(calendar: Calendar, from: string, n: number, region?: string): string {
  const overlay = region !== undefined && calendar.regions.includes(region) ? region : undefined
  let day = from
  for (let left = Math.ceil(n); left > 0; ) {
    day = addDays(day, 1)
    if (calendar.isWorkingDay(day, overlay)) left--
  }
  return day
}

/** What remains of one department's work on a step. */
export type WorkInput = {
  department: string
  item: string
  /** Net working days its clock has counted so far (0 before it started). */
  used: number
  committed?: Limit
  /** Its clock is stopped (补正, a special procedure): the remaining days are counted from the day it resumes. */
  paused: boolean
}

export type StepInput = {
  step: string
  /** The steps that end before this one starts; absent: the previous step of the flow (the catalogue's rule). */
  after?: readonly string[]
  state: 'done' | 'stopped' | 'running' | 'waiting'
  items: readonly string[]
  /** The step's committed limit: what a department with too little history of an item is assumed to take. */
  limit?: Limit
  /** While it runs: each open department's work (parallel, 并联审批); empty when no task is open yet. */
  work: readonly WorkInput[]
  /** While it runs without open tasks (acceptance, registration): the working days it has used. */
  used: number
  /**
   * 分阶段办理: the phases still to apply for after the application under way (`running`), or every phase left while
   * the step waits between phases (`waiting`: phase n approved, phase n+1 not applied for). Each is a fresh application
   * at the step's pace, one after another: the works between phases are the owner's time, so the owner is assumed to
   * apply for each the day the one before ends, as for a step not yet applied for. Absent: one application.
   */
  phasesToApply?: number
}

export type StepForecast = {
  step: string
  expectedOn: string
  latestOn: string
  expectedDays: number
  latestDays: number
  paused: boolean
  work: Array<{ department: string; item: string } & Pace>
}

export type ProjectForecast = {
  today: string
  /** The step being worked on now (the first running one), or null when none runs. */
  currentStep: StepForecast | null
  steps: StepForecast[]
  /** The whole flow's end: null when a step was refused or withdrawn (the flow does not end as planned). */
  wholeFlow: { expectedOn: string; latestOn: string; expectedDays: number; latestDays: number } | null
  settings: ForecastSettings
}

/** An item's departments with their history, in department order. */
const decidersOf = (history: DurationHistory, item: string) =>
  [...(history.get(item) ?? [])]
    .map(([department, samples]) => ({ department, samples }))
    .sort((a, b) => (a.department < b.department ? -1 : 1))

/** A step's remaining time: its departments in parallel, so it ends with the latest of them. */
function stepPace(s: StepInput, history: DurationHistory, settings: ForecastSettings) {
  if (s.state === 'running' && s.work.length > 0) {
    const work = s.work.map((w) => ({
      department: w.department,
      item: w.item,
      ...paceOf(history.get(w.item)?.get(w.department), w.used, w.committed ?? s.limit, true, settings),
    }))
    return { work, paused: s.work.some((w) => w.paused) }
  }
  // Not yet at the departments (or not at any: acceptance, registration): each item at the pace of every department
  // that has decided it, each its own line — which of them will decide this project is not known yet, so the step
  // waits for the slowest, and each department sees its own line (domain/visibility.ts). An item no department has
  // decided yet is one line without a department, at the step's limit.
  const running = s.state === 'running'
  const used = running ? s.used : 0
  const work = (s.items.length > 0 ? s.items : [s.step]).flatMap((item) => {
    const deciders = decidersOf(history, item)
    if (deciders.length === 0) return [{ department: '', item, ...paceOf([], used, s.limit, running, settings) }]
    return deciders.map((d) => ({
      department: d.department,
      item,
      ...paceOf(d.samples, used, s.limit, running, settings),
    }))
  })
  return { work, paused: false }
}

/** One application's length: its slowest department's median, and how far its slowest 90th percentile lies beyond. */
function lengthOf(work: ReadonlyArray<Pace>) {
  const expected = Math.max(0, ...work.map((w) => w.expected))
  return { expected, spread: Math.max(expected, ...work.map((w) => w.late)) - expected }
}

/**
 * The forecast of a flow from today. Steps run in the order `after` gives (parallel where the graph allows): a step
 * starts when the last of its predecessors ends, the owner applying that day. A step's expected length is its
 * slowest department's median; its spread (90th percentile − median) adds to its predecessors' as independent
 * variances do, so the 90% day of a long flow is not the sum of every step's worst case (which would be far later
 * than nine in ten). A paused task's remaining days start when it resumes, assumed today: the forecast moves later
 * each working day the pause lasts. A step taken in phases (分阶段办理) adds a fresh application for each phase still to
 * apply for, the owner applying at once: a wait between phases is the owner's, never the departments' running time.
 * Every day is at or after today and the 90% day never before the expected one.
 */
export function forecastFlow(
  steps: readonly StepInput[],
  history: DurationHistory,
  calendar: Calendar,
  today: string,
  region?: string,
  settings: ForecastSettings = FORECAST_SETTINGS,
): ProjectForecast {
  const ends = new Map<string, { expected: number; variance: number; late: number }>()
  const out: StepForecast[] = []
  let stopped = false
  steps.forEach((s, index) => {
    const previous = index > 0 ? steps[index - 1]?.step : undefined
    const after = s.after ?? (previous === undefined ? [] : [previous])
    const before = after.map((p) => ends.get(p)).filter((e) => e !== undefined)
    const start = before.reduce((a, b) => (b.expected > a.expected ? b : a), { expected: 0, variance: 0, late: 0 })
    const startLate = Math.max(0, ...before.map((b) => b.late))
    if (s.state === 'stopped') stopped = true
    if (s.state === 'done' || s.state === 'stopped') {
      ends.set(s.step, { expected: start.expected, variance: start.variance, late: startLate })
      return
    }
    const { work, paused } = stepPace(s, history, settings)
    const { expected: now, spread } = lengthOf(work)
    // The phases applied for later (分阶段办理) each take a fresh application's time, their spreads independent.
    const later = s.state === 'waiting' ? Math.max(1, s.phasesToApply ?? 1) - 1 : (s.phasesToApply ?? 0)
    const fresh = later > 0 ? lengthOf(stepPace({ ...s, state: 'waiting' }, history, settings).work) : undefined
    const expectedLength = now + later * (fresh?.expected ?? 0)
    const expected = start.expected + expectedLength
    const variance = start.variance + spread ** 2 + later * (fresh?.spread ?? 0) ** 2
    const late = Math.max(Math.ceil(expected + Math.sqrt(variance)), startLate + expectedLength)
    ends.set(s.step, { expected, variance, late })
    out.push({
      step: s.step,
      expectedOn: addWorkingDays(calendar, today, expected, region),
      latestOn: addWorkingDays(calendar, today, late, region),
      expectedDays: expected,
      latestDays: late,
      paused,
      work,
    })
  })
  const last = out.reduce<StepForecast | undefined>((a, b) => (!a || b.latestDays > a.latestDays ? b : a), undefined)
  const expectedEnd = Math.max(0, ...out.map((s) => s.expectedDays))
  const currentName = steps.find((s) => s.state === 'running')?.step
  return {
    today,
    currentStep: out.find((s) => s.step === currentName) ?? null,
    steps: out,
    wholeFlow:
      stopped || !last
        ? null
        : {
            expectedOn: addWorkingDays(calendar, today, expectedEnd, region),
            latestOn: last.latestOn,
            expectedDays: expectedEnd,
            latestDays: last.latestDays,
          },
    settings,
  }
}
