import { describe, expect, it } from 'vitest'
import { chineseExplanation } from '../src/explanation.js'

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
    expect(lines[0]).toBe('自2026年3月2日起算 5 个工作日')
    expect(lines[1]).toBe('2026年3月3日至2026年3月5日补正暂停计时，不计入 3 天')
    expect(lines.join('')).not.toMatch(/English|suspended|Counting/)
  })
})
