import chineseDays from 'chinese-days'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  bundledSchedules,
  CalendarDataError,
  createCalendar,
  defaultCalendar,
  describeProblems,
  type RegionalOverlay,
  validateRegionalOverlay,
  validateYearSchedule,
  type YearSchedule,
} from '../src/index.js'

const calendar = defaultCalendar()

describe('bundled State Council schedules', () => {
  it('ships 2024, 2025 and 2026, each naming its notice', () => {
    expect(calendar.years).toEqual([2024, 2025, 2026])
    for (const s of bundledSchedules) {
      expect(s.source.title).toContain(`${s.year}年部分节假日安排的通知`)
      expect(s.source.url).toMatch(/^https:\/\/www\.gov\.cn\//)
      expect(validateYearSchedule(s)).toMatchObject({ ok: true })
    }
  })

  it.each([2024, 2025, 2026])('agrees with the chinese-days package on every day of %i', (year) => {
    const disagreements: string[] = []
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
      if (calendar.isWorkingDay(d) !== chineseDays.isWorkday(d)) disagreements.push(d)
      if (calendar.dayInfo(d).provisional) disagreements.push(`${d} provisional`)
    }
    expect(disagreements).toEqual([])
  })

  it('knows a 调休 Sunday as a working day and a holiday weekday as a rest day', () => {
    expect(calendar.dayInfo('2025-09-28')).toMatchObject({ working: true, kind: 'makeup-workday' })
    expect(calendar.dayInfo('2025-10-08')).toMatchObject({ working: false, kind: 'holiday', name: '国庆节、中秋节' })
    expect(calendar.dayInfo('2025-10-12')).toMatchObject({ working: false, kind: 'weekend' })
    expect(calendar.dayInfo('2025-10-13')).toMatchObject({ working: true, kind: 'workday' })
  })

  it('marks a day of an unloaded year provisional, decided by the weekday alone, with the reason', () => {
    expect(calendar.dayInfo('2027-01-01')).toMatchObject({ working: true, kind: 'workday', provisional: true })
    expect(calendar.dayInfo('2027-01-02')).toMatchObject({ working: false, kind: 'weekend', provisional: true })
    expect(calendar.dayInfo('2027-01-01').reason).toMatch(/2027/)
  })
})

const y2027: YearSchedule = {
  year: 2027,
  source: { title: '测试用 2027 年安排 (test data)' },
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
  workdays: [{ date: '2027-01-09', for: '元旦' }],
}

describe('changing the calendar at run time', () => {
  it('adds a year and returns a new calendar, leaving the old one as it was', () => {
    const next = calendar.withYear(y2027)
    expect(next.years).toEqual([2024, 2025, 2026, 2027])
    expect(next.dayInfo('2027-01-01')).toMatchObject({ working: false, kind: 'holiday', provisional: false })
    expect(next.isWorkingDay('2027-01-09')).toBe(true)
    expect(calendar.years).toEqual([2024, 2025, 2026])
    expect(calendar.dayInfo('2027-01-01').provisional).toBe(true)
  })

  it('corrects a loaded year by replacing it', () => {
    const s2025 = calendar.schedule(2025) as YearSchedule
    const corrected = calendar.withYear({ ...s2025, workdays: s2025.workdays.filter((w) => w.date !== '2025-09-28') })
    expect(corrected.isWorkingDay('2025-09-28')).toBe(false)
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true)
  })

  it('refuses an invalid schedule, listing every problem at once', () => {
    const bad = {
      year: 2027,
      source: { title: '' },
      holidays: [{ name: '春节', from: '2027-02-10', to: '2027-02-05' }],
      workdays: [{ date: '2027-02-03', for: '春节' }],
    }
    const result = validateYearSchedule(bad)
    expect(result.ok).toBe(false)
    if (result.ok) return
    // Each problem points at its field, so a route can name it (problem+json `errors[].field`).
    expect(result.problems.map((p) => p.field)).toEqual(['/source/title', '/holidays/0/to', '/workdays/0/date'])
    const messages = describeProblems(result.problems)
    expect(messages).toMatch(/source\.title/)
    expect(messages).toMatch(/ends \(2027-02-05\) before it starts/)
    expect(messages).toMatch(/2027-02-03 is a weekday/)
    expect(() => calendar.withYear(bad as unknown as YearSchedule)).toThrow(CalendarDataError)
  })
})

describe('regional overlays', () => {
  // Test data, not an official schedule: a Guangxi-wide rest day and a Qinzhou-only one.
  const guangxi: RegionalOverlay = {
    region: '450000',
    name: '广西壮族自治区',
    source: { title: 'test overlay' },
    restDays: [{ name: '壮族三月三', from: '2025-03-31', to: '2025-04-01' }],
  }
  const qinzhou: RegionalOverlay = {
    region: '450700',
    name: '钦州市',
    source: { title: 'test overlay' },
    restDays: [{ name: 'local rest', from: '2025-04-02', to: '2025-04-02' }],
  }
  const local = createCalendar(bundledSchedules, [guangxi, qinzhou])

  it('applies a province overlay to its cities and a city overlay to its districts, not elsewhere', () => {
    expect(local.dayInfo('2025-03-31', '450700')).toMatchObject({ working: false, kind: 'regional-rest' })
    expect(local.dayInfo('2025-04-02', '450702')).toMatchObject({ working: false, region: '450700' })
    expect(local.isWorkingDay('2025-04-02', '450100')).toBe(true)
    expect(local.isWorkingDay('2025-03-31', '440600')).toBe(true)
    expect(local.isWorkingDay('2025-03-31')).toBe(true)
  })

  it('validates an overlay', () => {
    expect(validateRegionalOverlay({ ...guangxi, region: '45' })).toMatchObject({ ok: false })
    expect(calendar.withOverlay(guangxi).regions).toEqual(['450000'])
    expect(calendar.regions).toEqual([])
  })
})
