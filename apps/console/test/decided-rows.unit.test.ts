import { describe, expect, it } from 'vitest'
import { type Decided, hideUntil, shown } from '../src/pages/reviewer/decided-rows.js'

// 外线审批: a row decided on the page stays hidden until the list reads the request at the version the decision gave
// it, however often the list is read before the read model has it; a stale row refused 409 likewise.
const id = '0190a000-0000-7000-8000-000000000001'

describe('the rows 外线审批 hides after deciding', () => {
  it('a decision answered at version 5: hidden at 3 and 4 (a refetch before the projection), shown from 5 on', () => {
    const decided = hideUntil(new Map(), id, 'green-space', 5)
    expect([3, 4, 5, 6].map((v) => shown(decided, id, 'green-space', v))).toEqual([false, false, true, true])
    // Only that permit of that request.
    expect(shown(decided, id, 'road-excavation', 3)).toBe(true)
  })

  it('a stale row (409 UTILITY_PERMIT_NOT_REQUESTED at version 4): hidden while the list reads 4, shown at 5', () => {
    const decided = hideUntil(new Map(), id, 'green-space', 4 + 1)
    expect([4, 5].map((v) => shown(decided, id, 'green-space', v))).toEqual([false, true])
  })

  it('never lowered by an older answer', () => {
    const decided: Decided = hideUntil(hideUntil(new Map(), id, 'green-space', 7), id, 'green-space', 5)
    expect(shown(decided, id, 'green-space', 6)).toBe(false)
  })
})
