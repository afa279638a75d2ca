import { describe, expect, it } from 'vitest'
import { clockDays } from '../src/format.js'

describe('a count of a clock’s days', () => {
  it('is said in the clock’s own unit: a natural-day clock’s days are natural days', () => {
    expect(clockDays(3, 'N')).toBe('3 个自然日')
    expect(clockDays(3, 'W')).toBe('3 个工作日')
    expect(clockDays(0, 'N')).toBe('0 个自然日')
    expect(clockDays(undefined, 'W')).toBe('—')
  })
})
