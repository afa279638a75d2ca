import { describe, expect, it } from 'vitest'
import { queryString } from '../src/forward.js'

describe('the query string a read forwards upstream', () => {
  it('is empty when the caller gave nothing', () => {
    expect(queryString({})).toBe('')
    expect(queryString({ limit: undefined, before: undefined })).toBe('')
  })

  it('keeps only what the caller gave, each value read back upstream as it was sent', () => {
    const given = { limit: 20, cursor: 'change~1~2026-03-16 01:00:00.5~x', text: '100% 达标&a=b', missing: undefined }
    const qs = queryString(given)
    expect(qs.startsWith('?')).toBe(true)
    expect(Object.fromEntries(new URLSearchParams(qs.slice(1)))).toEqual({
      limit: '20',
      cursor: 'change~1~2026-03-16 01:00:00.5~x',
      text: '100% 达标&a=b',
    })
  })
})
