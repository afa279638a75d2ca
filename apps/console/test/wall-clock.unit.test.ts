import { legalDateOf } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import { shanghaiDay } from '../src/wall-clock.js'

// A form bounds a day by an instant the service stored (结果物: not before the pass): the day is Shanghai's, as the
// services count it (workdays' legalDateOf), not the browser's.

describe('the legal day of an instant', () => {
  it('is the day in Shanghai, past midnight there while still the day before in UTC', () => {
    for (const at of [
      '2026-03-03T15:59:59Z',
      '2026-03-03T16:00:00Z',
      '2026-03-04T01:00:00.000Z',
      '2026-12-31T16:30:00Z',
    ]) {
      expect(shanghaiDay(at)).toBe(legalDateOf(at))
    }
    expect(shanghaiDay('2026-03-03T16:00:00Z')).toBe('2026-03-04')
  })

  it('is none for text that is no instant', () => {
    expect(shanghaiDay('not a time')).toBeUndefined()
  })
})
