import { MAX_LIMIT_DAYS } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import fc from 'fast-check'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { isDomainError, previewClock } from '../src/domain/clock-preview.js'
import { ClockPreviewBody } from '../src/http/schemas.js'

const calendar = defaultCalendar()
const valid = Compile(ClockPreviewBody)
const fields = (r: object) =>
  isDomainError(r) ? ((r.details?.['errors'] ?? []) as Array<{ field: string }>).map((e) => e.field) : []

describe('clock preview at the edges of its schema', () => {
  it("counts the schema's own maximum limit, in working and in natural days", () => {
    for (const unit of ['W', 'N'] as const) {
      const body = { start: '2026-01-05', limit: { value: MAX_LIMIT_DAYS, unit } }
      expect(valid.Check(body)).toBe(true)
      const r = previewClock(calendar, body)
      expect(isDomainError(r), JSON.stringify(r)).toBe(false)
    }
    expect(valid.Check({ start: '2026-01-05', limit: { value: MAX_LIMIT_DAYS + 1, unit: 'W' } })).toBe(false)
  })

  it('refuses a start in year 9999 in the schema, counts the last legal day, and names pauses spanning decades', () => {
    expect(valid.Check({ start: '9999-12-31', limit: { value: MAX_LIMIT_DAYS, unit: 'W' } })).toBe(false)
    const last = previewClock(calendar, { start: '2099-12-31', limit: { value: MAX_LIMIT_DAYS, unit: 'W' } })
    expect(isDomainError(last), JSON.stringify(last)).toBe(false)
    const paused = previewClock(calendar, {
      start: '2026-01-05',
      limit: { value: 5, unit: 'W' },
      suspensions: [{ kind: 'other', from: '2026-01-06', to: '2099-12-31' }],
    })
    expect(fields(paused)).toEqual(['/body/suspensions'])
  })

  it('never throws for any body the schema accepts (property)', () => {
    // Every day the schema takes: 2000-01-01 to 2099-12-31 (impossible and out-of-range days never reach the domain).
    const date = fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10))
    const body = fc.record({
      start: date,
      limit: fc.record({ value: fc.integer({ min: 0, max: MAX_LIMIT_DAYS }), unit: fc.constantFrom('W', 'N') }),
      suspensions: fc.array(
        fc.record({ kind: fc.constantFrom('hearing', 'other'), from: date, to: fc.option(date, { nil: undefined }) }),
        { maxLength: 3 },
      ),
    })
    fc.assert(
      fc.property(body, (b) => {
        const clean = {
          ...b,
          suspensions: b.suspensions.map((s) => (s.to === undefined ? { kind: s.kind, from: s.from } : s)),
        }
        expect(valid.Check(clean)).toBe(true)
        const r = previewClock(calendar, clean as never)
        if (isDomainError(r)) expect(fields(r).length).toBeGreaterThan(0)
      }),
      { numRuns: 40 },
    )
  })
})
