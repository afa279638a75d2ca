import { describe, expect, it } from 'vitest'
import { isRealInstant } from '../src/index.js'

describe('isRealInstant', () => {
  it.each(['2026-03-02T01:00:00Z', '2026-03-02T01:00:00.5Z', '2024-02-29T23:59:59.999Z'])('takes %s', (text) => {
    expect(isRealInstant(text)).toBe(true)
  })

  it.each(['2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-03-02T25:00:00Z', '2026-03-02T01:60:00Z', 'x'])(
    'refuses %s, which a pattern would let through',
    (text) => {
      expect(isRealInstant(text)).toBe(false)
    },
  )
})
