import { describe, expect, it } from 'vitest'
import { type DomainError, ok, type Result, refuse } from '../src/index.js'

describe('Result', () => {
  it('ok carries the value', () => {
    const r: Result<number> = ok(3)
    expect(r).toEqual({ ok: true, value: 3 })
  })

  it('refuse carries the domain error and no value', () => {
    const error: DomainError = { code: 'X_REFUSED', message: 'no', details: { why: 'because' } }
    const r: Result<number> = refuse(error)
    expect(r).toEqual({ ok: false, error })
    expect('value' in r).toBe(false)
  })
})
