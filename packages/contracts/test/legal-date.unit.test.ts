import fc from 'fast-check'
import { Type } from 'typebox'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { ApplicationAcceptedV1, Instant, LegalDate, legalDateRange, ScheduleInspectionBody } from '../src/index.js'

// The reference rule (the same one packages/workdays' tests hold `isLegalDate` to): a real day, 2000–2099.
const refIsLegal = (y: number, m: number, d: number) => {
  const utc = new Date(Date.UTC(y, m - 1, d))
  return y >= 2000 && y <= 2099 && utc.getUTCFullYear() === y && utc.getUTCMonth() === m - 1 && utc.getUTCDate() === d
}
const ymd = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

const check = Compile(Type.Object({ date: LegalDate }))

describe('LegalDate', () => {
  it('states its range and calendar rule where the OpenAPI and AsyncAPI show it', () => {
    expect(legalDateRange).toEqual({ from: '2000-01-01', to: '2099-12-31' })
    expect(LegalDate).toMatchObject({ type: 'string', format: 'date' })
    expect(LegalDate).toHaveProperty('description', expect.stringContaining('2000-01-01 to 2099-12-31'))
  })

  it('accepts every real day of the supported range', () => {
    const first = Date.UTC(2000, 0, 1) / 86_400_000
    const last = Date.UTC(2099, 11, 31) / 86_400_000
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (day) => {
        expect(check.Check({ date: new Date(day * 86_400_000).toISOString().slice(0, 10) })).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('agrees with the reference rule on any YYYY-MM-DD, impossible days included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (y, m, d) => {
          expect(check.Check({ date: ymd(y, m, d) })).toBe(refIsLegal(y, m, d))
        },
      ),
      { numRuns: 2000 },
    )
  })

  it.each([
    '2026-02-30',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2025-02-29',
    '2100-02-29',
    '0000-00-00',
    '0000-01-01',
    '1999-12-31',
    '2100-01-01',
    '9999-12-31',
    '2026-1-01',
    '2026-01-01T00:00:00Z',
    ' 2026-01-01',
  ])('refuses %s and names the field', (date) => {
    expect(check.Check({ date })).toBe(false)
    expect([...check.Errors({ date })].map((e) => e.instancePath)).toContain('/date')
  })

  it.each(['2000-01-01', '2024-02-29', '2026-12-31', '2099-12-31'])('accepts %s', (date) => {
    expect(check.Check({ date })).toBe(true)
  })

  it('is what HTTP bodies and event bodies are checked with', () => {
    const body = (date: string) => ({ date, place: 'site', participants: ['housing'] })
    expect(Compile(ScheduleInspectionBody).Check(body('2026-03-02'))).toBe(true)
    expect([...Compile(ScheduleInspectionBody).Errors(body('2026-13-01'))].map((e) => e.instancePath)).toContain(
      '/date',
    )
    const accepted = (acceptedOn: string) => ({
      applicationId: '0190c6a1-0000-7000-8000-000000000001',
      projectId: '0190c6a1-0000-7000-8000-000000000002',
      projectCode: '2026-440606-47-01-000001',
      stage: 'construction-permit',
      catalogueVersion: '1',
      acceptedAt: '2026-03-02T01:00:00Z',
      acceptedOn,
      withDeficiencies: false,
      items: [{ item: 'x', department: 'y' }],
    })
    const errorsOf = (b: unknown) => [...ApplicationAcceptedV1.validator.Errors(b)].map((e) => e.instancePath)
    expect(errorsOf(accepted('2026-03-02')).filter((p) => p === '/acceptedOn')).toEqual([])
    expect(errorsOf(accepted('2026-02-30'))).toContain('/acceptedOn')
  })
})

describe('Instant', () => {
  const instant = Compile(Type.Object({ at: Instant }))

  it('accepts every instant of 2000–2099 as toISOString writes it', () => {
    const first = Date.UTC(2000, 0, 1)
    const last = Date.UTC(2099, 11, 31, 23, 59, 59, 999)
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (ms) => {
        expect(instant.Check({ at: new Date(ms).toISOString() })).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it.each([
    '2026-13-01T00:00:00Z',
    '2026-02-30T12:00:00Z',
    '2026-03-01T24:00:00Z',
    '2026-03-01T23:60:00Z',
    '2016-12-31T23:59:60Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '2026-03-01T08:00:00+08:00',
    '2026-03-01T08:00:00',
  ])('refuses %s, which is not an instant JavaScript reads as written', (at) => {
    expect(instant.Check({ at })).toBe(false)
  })
})
