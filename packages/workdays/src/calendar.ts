import {
  fromDayNumber,
  isLegalDate,
  isWeekend,
  type LegalDate,
  legalDateRange,
  toDayNumber,
  yearOf,
} from './legal-date.js'

/** Where a schedule comes from: the State Council notice (国务院办公厅关于…部分节假日安排的通知) or a regional one. */
export interface ScheduleSource {
  title: string
  /** Document number, e.g. 国办发明电〔2024〕12号. */
  number?: string
  issued?: LegalDate
  url?: string
}

/** A stretch of 放假调休: every day from `from` to `to` inclusive is a rest day, weekends inside it included. */
export interface HolidayPeriod {
  name: string
  nameEn?: string
  from: LegalDate
  to: LegalDate
}

/** 调休上班日 — a Saturday or Sunday that the schedule turns into a working day. */
export interface MakeUpWorkday {
  date: LegalDate
  /** The holiday it pays for. */
  for: string
}

/** One year of the State Council's schedule: holidays and make-up workdays. */
export interface YearSchedule {
  year: number
  source: ScheduleSource
  holidays: readonly HolidayPeriod[]
  workdays: readonly MakeUpWorkday[]
}

/**
 * Local rest days (and local make-up workdays) of a region, e.g. Guangxi's 壮族三月三. `region` is the
 * six-digit administrative division code (GB/T 2260); an overlay applies to its region and every region
 * below it, so an overlay for 450000 applies to 450700 (Qinzhou) too.
 */
export interface RegionalOverlay {
  region: string
  name: string
  source: ScheduleSource
  restDays: readonly HolidayPeriod[]
  workdays?: readonly MakeUpWorkday[]
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup-workday' | 'regional-rest' | 'regional-workday'

/** What the calendar says about one day, and why. */
export interface DayInfo {
  date: LegalDate
  working: boolean
  kind: DayKind
  /** Holiday name for `holiday`, `regional-rest`; the holiday paid for by a make-up workday. */
  name?: string
  /** The overlay's region when a regional rule decided the day. */
  region?: string
  /** True when the day's year has no loaded schedule, so only the weekday decided it. */
  provisional: boolean
  reason?: string
}

/** An immutable working-day calendar. Every `with…` returns a new calendar and leaves this one as it was. */
export interface Calendar {
  /** Loaded years, ascending. */
  readonly years: readonly number[]
  /** Regions with an overlay, ascending. */
  readonly regions: readonly string[]
  schedule(year: number): YearSchedule | undefined
  overlay(region: string): RegionalOverlay | undefined
  hasYear(year: number): boolean
  dayInfo(date: LegalDate, region?: string): DayInfo
  isWorkingDay(date: LegalDate, region?: string): boolean
  /** Adds a year, or replaces (corrects) a loaded one. Throws on an invalid schedule. */
  withYear(schedule: YearSchedule): Calendar
  withoutYear(year: number): Calendar
  /** Adds an overlay, or replaces the one for the same region. Throws on an invalid overlay. */
  withOverlay(overlay: RegionalOverlay): Calendar
}

/** One problem of a calendar file: where it lies (a JSON pointer into the file, `/holidays/0/to`) and what it is. */
export type CalendarProblem = { field: string; message: string }

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: CalendarProblem[] }

/** The problems' messages in one line, for an error or a log. */
export const describeProblems = (problems: readonly CalendarProblem[]): string =>
  problems.map((p) => p.message).join('; ')

interface Mark {
  working: boolean
  kind: DayKind
  name: string
}

/** Builds a calendar from year schedules and regional overlays, validating each (all problems in one error). */
export function createCalendar(
  schedules: readonly YearSchedule[] = [],
  overlays: readonly RegionalOverlay[] = [],
): Calendar {
  const problems: string[] = []
  for (const s of schedules) {
    const v = validateYearSchedule(s)
    if (!v.ok) problems.push(...v.problems.map((p) => p.message))
  }
  for (const o of overlays) {
    const v = validateRegionalOverlay(o)
    if (!v.ok) problems.push(...v.problems.map((p) => p.message))
  }
  if (problems.length > 0) throw new CalendarDataError(problems)
  const byYear = new Map<number, YearSchedule>()
  for (const s of schedules) byYear.set(s.year, s)
  const byRegion = new Map<string, RegionalOverlay>()
  for (const o of overlays) byRegion.set(o.region, o)
  return build(byYear, byRegion)
}

/** Thrown when calendar data is invalid; `problems` lists every problem found. */
export class CalendarDataError extends Error {
  readonly code = 'WORKDAYS_INVALID_CALENDAR_DATA'
  constructor(readonly problems: readonly string[]) {
    super(`invalid calendar data: ${problems.join('; ')}`)
    this.name = 'CalendarDataError'
  }
}

function build(byYear: Map<number, YearSchedule>, byRegion: Map<string, RegionalOverlay>): Calendar {
  const national = new Map<LegalDate, Mark>()
  // Ascending years, so a later year's entry for a date (e.g. 元旦 reaching back into December) wins.
  for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
    const s = byYear.get(year) as YearSchedule
    for (const h of s.holidays) markRange(national, h, { working: false, kind: 'holiday', name: h.name })
    for (const w of s.workdays) national.set(w.date, { working: true, kind: 'makeup-workday', name: w.for })
  }
  const regional = new Map<string, Map<LegalDate, Mark>>()
  for (const [code, o] of byRegion) {
    const marks = new Map<LegalDate, Mark>()
    for (const r of o.restDays) markRange(marks, r, { working: false, kind: 'regional-rest', name: r.name })
    for (const w of o.workdays ?? []) marks.set(w.date, { working: true, kind: 'regional-workday', name: w.for })
    regional.set(code, marks)
  }

  // A calendar never changes (every `with…` builds a new one), so a day's answer is kept: clocks walk the same days
  // again and again. Only answers are kept (a date that throws throws every time), frozen since callers share them,
  // and the cache starts over past a bound, as any region a caller names (a clock preview's) adds its days.
  const known = new Map<string, DayInfo>()
  const dayInfo = (date: LegalDate, region?: string): DayInfo => {
    const key = region === undefined ? date : `${date} ${region}`
    const hit = known.get(key)
    if (hit) return hit
    const info = Object.freeze(decide(date, region))
    if (known.size >= 200_000) known.clear()
    known.set(key, info)
    return info
  }
  const decide = (date: LegalDate, region?: string): DayInfo => {
    // A clock started in range may walk past it, so any countable day is answered; others throw a LegalDateError
    // (from `yearOf`).
    const provisional = !byYear.has(yearOf(date))
    const reason = provisional
      ? `no State Council schedule is loaded for ${yearOf(date)}: counted on weekdays alone`
      : undefined
    // The most specific region decides: county over city over province over the national schedule.
    for (const code of region === undefined ? [] : ancestorsOf(region).reverse()) {
      const mark = regional.get(code)?.get(date)
      if (mark) return withReason({ date, ...mark, region: code, provisional }, reason)
    }
    const mark = national.get(date)
    if (mark) return withReason({ date, ...mark, provisional }, reason)
    const weekend = isWeekend(date)
    return withReason({ date, working: !weekend, kind: weekend ? 'weekend' : 'workday', provisional }, reason)
  }

  return Object.freeze({
    years: Object.freeze([...byYear.keys()].sort((a, b) => a - b)),
    regions: Object.freeze([...byRegion.keys()].sort()),
    schedule: (year: number) => byYear.get(year),
    overlay: (region: string) => byRegion.get(region),
    hasYear: (year: number) => byYear.has(year),
    dayInfo,
    isWorkingDay: (date: LegalDate, region?: string) => dayInfo(date, region).working,
    withYear: (schedule: YearSchedule) => {
      throwIfInvalid(validateYearSchedule(schedule))
      return build(new Map(byYear).set(schedule.year, schedule), byRegion)
    },
    withoutYear: (year: number) => {
      const next = new Map(byYear)
      next.delete(year)
      return build(next, byRegion)
    },
    withOverlay: (overlay: RegionalOverlay) => {
      throwIfInvalid(validateRegionalOverlay(overlay))
      return build(byYear, new Map(byRegion).set(overlay.region, overlay))
    },
  })
}

function withReason(info: DayInfo, reason: string | undefined): DayInfo {
  return reason === undefined ? info : { ...info, reason }
}

function throwIfInvalid<T>(v: Validation<T>): void {
  if (!v.ok) throw new CalendarDataError(v.problems.map((p) => p.message))
}

function markRange(marks: Map<LegalDate, Mark>, period: HolidayPeriod, mark: Mark): void {
  const from = toDayNumber(period.from)
  const to = toDayNumber(period.to)
  for (let day = from; day <= to; day++) marks.set(fromDayNumber(day), mark)
}

/** The region itself and the regions above it, from the province down: 450702 → 450000, 450700, 450702. */
export function ancestorsOf(region: string): string[] {
  if (!/^\d{6}$/.test(region)) return [region]
  const chain = [`${region.slice(0, 2)}0000`, `${region.slice(0, 4)}00`, region]
  return chain.filter((code, i) => chain.indexOf(code) === i && !/^0+$/.test(code))
}

const minYear = Number(legalDateRange.from.slice(0, 4))
const maxYear = Number(legalDateRange.to.slice(0, 4))

/** Checks one year's schedule and returns every problem at once; its dates must be legal dates (in range). */
export function validateYearSchedule(input: unknown): Validation<YearSchedule> {
  const problems: CalendarProblem[] = []
  if (!isRecord(input)) return { ok: false, problems: [{ field: '', message: 'a year schedule must be an object' }] }
  const { year, source, holidays, workdays } = input
  if (typeof year !== 'number' || !Number.isInteger(year) || year < minYear || year > maxYear) {
    problems.push({ field: '/year', message: `year must be an integer between ${minYear} and ${maxYear}` })
    return { ok: false, problems }
  }
  const at = `${year}`
  checkSource(source, at, problems)
  const rest = checkPeriods(holidays, { at: `${at} holidays`, field: '/holidays' }, year, problems)
  checkWorkdays(workdays, { at: `${at} workdays`, field: '/workdays' }, year, rest, problems)
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: input as unknown as YearSchedule }
}

/** Checks a regional overlay and returns every problem at once. */
export function validateRegionalOverlay(input: unknown): Validation<RegionalOverlay> {
  const problems: CalendarProblem[] = []
  if (!isRecord(input)) return { ok: false, problems: [{ field: '', message: 'a regional overlay must be an object' }] }
  const { region, name, source, restDays, workdays } = input
  if (typeof region !== 'string' || !/^\d{6}$/.test(region)) {
    problems.push({
      field: '/region',
      message: 'region must be a six-digit administrative division code, e.g. 450700',
    })
  }
  const at = `overlay ${String(region)}`
  if (typeof name !== 'string' || name === '')
    problems.push({ field: '/name', message: `${at}: name must be a non-empty string` })
  checkSource(source, at, problems)
  const rest = checkPeriods(restDays, { at: `${at} restDays`, field: '/restDays' }, undefined, problems)
  if (workdays !== undefined)
    checkWorkdays(workdays, { at: `${at} workdays`, field: '/workdays' }, undefined, rest, problems)
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: input as unknown as RegionalOverlay }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkSource(source: unknown, at: string, problems: CalendarProblem[]): void {
  const say = (field: string, message: string) => void problems.push({ field: `/source${field}`, message })
  if (!isRecord(source)) {
    say('', `${at}: source must name the notice the schedule comes from`)
    return
  }
  const { title, issued, number, url } = source
  if (typeof title !== 'string' || title === '') say('/title', `${at}: source.title must name the notice`)
  if (issued !== undefined && !isLegalDate(issued))
    say(
      '/issued',
      `${at}: source.issued must be a real date YYYY-MM-DD from ${legalDateRange.from} to ${legalDateRange.to}`,
    )
  if (number !== undefined && typeof number !== 'string') say('/number', `${at}: source.number must be text`)
  if (url !== undefined && typeof url !== 'string') say('/url', `${at}: source.url must be text`)
}

/** A schedule may reach one month into the neighbouring years (元旦 sometimes starts on 30 December). */
function inYearWindow(date: LegalDate, year: number): boolean {
  return date >= `${year - 1}-12-01` && date <= `${year + 1}-01-31`
}

/** Where a list lies: `at` names it in a message (`2027 holidays`), `field` points at it (`/holidays`). */
type ListAt = { at: string; field: string }

function checkPeriods(
  value: unknown,
  list: ListAt,
  year: number | undefined,
  problems: CalendarProblem[],
): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  if (!Array.isArray(value)) {
    problems.push({ field: list.field, message: `${list.at} must be a list` })
    return ranges
  }
  for (const [i, p] of value.entries()) {
    const here = `${list.at}[${i}]`
    const say = (field: string, message: string) => void problems.push({ field: `${list.field}/${i}${field}`, message })
    if (!isRecord(p)) {
      say('', `${here} must be an object`)
      continue
    }
    const { name, from, to } = p
    if (typeof name !== 'string' || name === '') say('/name', `${here}: name must be a non-empty string`)
    if (!isLegalDate(from) || !isLegalDate(to)) {
      say(
        isLegalDate(from) ? '/to' : '/from',
        `${here}: from "${String(from)}" and to "${String(to)}" must be real dates YYYY-MM-DD from ${legalDateRange.from} to ${legalDateRange.to}`,
      )
      continue
    }
    if (to < from) {
      say('/to', `${here}: ends (${to}) before it starts (${from})`)
      continue
    }
    if (toDayNumber(to) - toDayNumber(from) > 30) say('/to', `${here}: ${from}..${to} is longer than 31 days`)
    if (year !== undefined && (!inYearWindow(from, year) || !inYearWindow(to, year))) {
      say(inYearWindow(from, year) ? '/to' : '/from', `${here}: ${from}..${to} lies outside ${year}`)
    }
    const range: [number, number] = [toDayNumber(from), toDayNumber(to)]
    if (ranges.some(([a, b]) => range[0] <= b && a <= range[1]))
      say('', `${here}: ${from}..${to} overlaps another period`)
    ranges.push(range)
  }
  return ranges
}

function checkWorkdays(
  value: unknown,
  list: ListAt,
  year: number | undefined,
  rest: Array<[number, number]>,
  problems: CalendarProblem[],
): void {
  if (!Array.isArray(value)) return void problems.push({ field: list.field, message: `${list.at} must be a list` })
  const seen = new Set<string>()
  for (const [i, w] of value.entries()) {
    const here = `${list.at}[${i}]`
    const say = (field: string, message: string) => void problems.push({ field: `${list.field}/${i}${field}`, message })
    if (!isRecord(w)) {
      say('', `${here} must be an object`)
      continue
    }
    const { date, for: paysFor } = w
    if (!isLegalDate(date)) {
      say(
        '/date',
        `${here}: date "${String(date)}" is not a real date YYYY-MM-DD from ${legalDateRange.from} to ${legalDateRange.to}`,
      )
      continue
    }
    if (typeof paysFor !== 'string' || paysFor === '') say('/for', `${here}: for must name the holiday`)
    if (!isWeekend(date)) say('/date', `${here}: ${date} is a weekday; a make-up workday is a Saturday or Sunday`)
    if (year !== undefined && !inYearWindow(date, year)) say('/date', `${here}: ${date} lies outside ${year}`)
    const day = toDayNumber(date)
    if (rest.some(([a, b]) => day >= a && day <= b)) say('/date', `${here}: ${date} is inside a rest period`)
    if (seen.has(date)) say('/date', `${here}: ${date} is listed twice`)
    seen.add(date)
  }
}
