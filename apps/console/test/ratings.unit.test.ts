import { describe, expect, it } from 'vitest'
import { lastDayToRate, RATING_WINDOW_DAYS } from '../src/ratings.js'

// 好差评: "自收到评价通知信息之日起 5 个自然日内" (seeds/004_33317a5f04b53a73.txt:1636), counted as approval counts it
// (services/approval/src/domain/rating.ts: `addDays(decided, RATING_WINDOW_DAYS)`, the decision day not counted).
describe('the rating window', () => {
  it('is 5 natural days after the decision day, weekends included and no roll forward', () => {
    expect(RATING_WINDOW_DAYS).toBe(5)
    // Decided Monday 2 March 2026, 10:00 in Shanghai: the owner may rate through Saturday 7 March.
    expect(lastDayToRate('2026-03-02T02:00:00Z')).toBe('至2026年3月7日')
    // The instant's day is Shanghai's: 23:30 UTC on 1 March is 2 March there.
    expect(lastDayToRate('2026-03-01T23:30:00Z')).toBe('至2026年3月7日')
  })

  it('counts the second rating from the reply day', () => {
    expect(lastDayToRate('2026-03-27')).toBe('至2026年4月1日')
  })
})
