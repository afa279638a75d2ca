import { describe, expect, it } from 'vitest'
import { type DomainDetails, type DomainError, ok, PROBLEM_MEMBERS, type Result, refuse } from '../src/index.js'

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

  it("refuses, at compile time, details named as the problem's own members (the HTTP status would win)", () => {
    const state = 'passed' as string
    // Each statement marked here must not compile: `pnpm typecheck` fails on an unused @ts-expect-error.
    // @ts-expect-error `status` is the problem's (the HTTP status): name the state for what it is (`caseStatus`).
    refuse({ code: 'X_DECIDED', message: 'decided', details: { status: state } })
    // @ts-expect-error a spread that may bring one is refused too.
    const spread: DomainDetails = { caseId: 'c-1', ...(state ? { code: state } : {}) }
    const fine: DomainDetails = { caseId: 'c-1', caseStatus: state, errors: [{ field: '/body/x', message: 'no' }] }
    expect(refuse({ code: 'X_DECIDED', message: 'decided', details: fine }).ok).toBe(false)
    expect(Object.keys(spread)).toEqual(['caseId', 'code'])
    expect(PROBLEM_MEMBERS).toEqual(['type', 'title', 'status', 'detail', 'instance', 'code'])
  })
})
