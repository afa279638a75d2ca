import { describe, expect, it } from 'vitest'
import { chineseExplanation, countsFrom, startDayText } from '../src/explanation.js'

describe("a due date's explanation in Chinese", () => {
  it('names a pause by its kind and never shows the English text', () => {
    const lines = chineseExplanation([
      { kind: 'start', date: '2026-03-02', limit: { value: 5, unit: 'W' }, text: 'Counting 5 W from 2026-03-02' },
      {
        kind: 'suspension',
        suspensionKind: 'supplement',
        from: '2026-03-03',
        to: '2026-03-05',
        open: false,
        days: 3,
        text: 'suspended',
      },
      { kind: 'something-new', text: 'English only' },
    ])
    // The start day is not counted (packages/workdays, docs/legal-time.md Counting rules 1–2): 5 W from 2 March
    // count 3–9 March, so the line says where the count begins, never "起算" from the start day itself.
    expect(lines[0]).toBe('自2026年3月2日次一工作日起算 5 个工作日')
    expect(lines[1]).toBe('2026年3月3日至2026年3月5日补正暂停计时，不计入 3 天')
    expect(lines.join('')).not.toMatch(/English|suspended|Counting/)
  })
})

describe('where a limit starts counting', () => {
  it('counts a natural-day limit from the next day, and a limit of 0 on the start day itself', () => {
    const [natural] = chineseExplanation([
      { kind: 'start', date: '2026-02-07', limit: { value: 10, unit: 'N' }, text: '10 N from 2026-02-07' },
    ])
    expect(natural).toBe('自2026年2月7日次日起算 10 个自然日')
    const immediate = chineseExplanation([
      { kind: 'start', date: '2025-10-03', limit: { value: 0, unit: 'W' }, text: '0 W from 2025-10-03' },
      { kind: 'immediate', date: '2025-10-03', text: 'a limit of 0 is due on the start day (即办件)' },
    ])
    expect(immediate).toEqual(['自2025年10月3日起，时限 0 个工作日', '时限为 0：当日办结（即办件）'])
  })

  it('names the start day as not counted, by unit', () => {
    expect(countsFrom('2026-03-02', 'W')).toBe('自2026年3月2日次一工作日起算')
    expect(countsFrom('2026-03-02', 'N')).toBe('自2026年3月2日次日起算')
    expect(startDayText('2026-03-02', 'W')).toBe('2026年3月2日（当日不计，次一工作日起算）')
    expect(startDayText('2026-03-02', 'N')).toBe('2026年3月2日（当日不计，次日起算）')
  })
})
