import { describe, expect, it } from 'vitest'
import { type Clock, defaultCalendar, diffDays, reproject, type YearSchedule } from '../src/index.js'

const before = defaultCalendar()
const y2027: YearSchedule = {
  year: 2027,
  source: { title: 'test schedule' },
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
  workdays: [],
}

describe('re-projection after a calendar change', () => {
  const clocks: Clock[] = [
    { id: 'crosses-new-year', limit: { value: 10, unit: 'W' }, start: '2026-12-24' },
    { id: 'inside-2026', limit: { value: 5, unit: 'W' }, start: '2026-11-02' },
    { id: 'starts-in-2027', limit: { value: 2, unit: 'W' }, start: '2027-01-11' },
  ]

  it('reports the clocks whose due date moved, from what to what, and why', () => {
    const moved = reproject({ before, after: before.withYear(y2027), clocks, today: '2026-12-24' })
    expect(moved.map((m) => m.clock.id)).toEqual(['crosses-new-year', 'starts-in-2027'])
    const [first, second] = moved
    expect(first).toMatchObject({
      moved: true,
      before: { due: '2027-01-07', provisional: true },
      after: { due: '2027-01-08', provisional: false },
    })
    expect(first?.changes.find((c) => c.date === '2027-01-01')?.text).toBe(
      '2027-01-01 working day (provisional) → holiday 元旦',
    )
    expect(first?.text).toMatch(/^crosses-new-year: due 2027-01-07 \(provisional\) → 2027-01-08:/)
    // Its days did not move, but they are no longer provisional.
    expect(second).toMatchObject({ moved: false, before: { due: '2027-01-13' }, after: { due: '2027-01-13' } })
  })

  it('reports a correction of a loaded year', () => {
    const s2025 = before.schedule(2025) as YearSchedule
    const after = before.withYear({ ...s2025, workdays: s2025.workdays.filter((w) => w.date !== '2025-09-28') })
    const [change] = reproject({
      before,
      after,
      clocks: [{ id: 't', limit: { value: 1, unit: 'W' }, start: '2025-09-26' }],
      today: '2025-09-26',
    })
    expect(change?.before.due).toBe('2025-09-28')
    expect(change?.after.due).toBe('2025-09-29')
    expect(diffDays(before, after, '2025-09-01', '2025-10-31').map((c) => c.date)).toEqual(['2025-09-28'])
  })
})
