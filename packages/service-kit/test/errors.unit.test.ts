import { Instant, LegalDate } from '@onewindow/contracts'
import { type DomainError, PROBLEM_MEMBERS } from '@onewindow/vocabulary'
import { Type } from 'typebox'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import {
  listErrorCodes,
  ProblemError,
  problem,
  problemFromDomainError,
  registerErrorCodes,
  statusForCode,
} from '../src/index.js'
import { clashingMembers, fieldErrors } from '../src/problem.js'

describe('the domain code table', () => {
  it('maps registered codes, then suffix rules, else 422', () => {
    registerErrorCodes({ UNITTEST_TASK_ALREADY_DECIDED: 409, '*_FORBIDDEN_HERE': 403, UNITTEST_GONE_NOT_FOUND: 410 })
    expect(statusForCode('UNITTEST_TASK_ALREADY_DECIDED')).toBe(409)
    expect(statusForCode('UNITTEST_TASK_NOT_FOUND')).toBe(404)
    expect(statusForCode('UNITTEST_GONE_NOT_FOUND')).toBe(410)
    expect(statusForCode('UNITTEST_UPLOAD_FORBIDDEN_HERE')).toBe(403)
    expect(statusForCode('UNITTEST_MATERIAL_MISSING')).toBe(422)
    expect(listErrorCodes()).toContainEqual({ code: '*_NOT_FOUND', status: 404 })
  })

  it('refuses a code registered again with another status, and a status that is not an error', () => {
    registerErrorCodes({ UNITTEST_TWICE: 409 })
    registerErrorCodes({ UNITTEST_TWICE: 409 })
    expect(() => registerErrorCodes({ UNITTEST_TWICE: 422 })).toThrow(/already registered with status 409/)
    expect(() => registerErrorCodes({ UNITTEST_OK: 200 })).toThrow(/not a 4xx or 5xx/)
  })

  it('turns a domain error into a ProblemError with its code, message and details', () => {
    registerErrorCodes({ UNITTEST_CLOCK_SUSPENDED: 409 })
    const p = problemFromDomainError({
      code: 'UNITTEST_CLOCK_SUSPENDED',
      message: 'The clock is suspended.',
      details: { since: 'x' },
    })
    expect(p).toBeInstanceOf(ProblemError)
    expect(p).toMatchObject({
      status: 409,
      statusCode: 409,
      code: 'UNITTEST_CLOCK_SUSPENDED',
      detail: 'The clock is suspended.',
    })
    expect(p.extra).toEqual({ since: 'x' })
  })
})

describe("the problem's own members", () => {
  it("cannot be a domain error's detail nor a ProblemError's extra member: the types refuse them", () => {
    // Each statement marked here must not compile (`pnpm typecheck` fails on an unused @ts-expect-error): a case's
    // `status` would be written over by the HTTP status. Run anyway, they show what the guard below does.
    const decided: DomainError = {
      code: 'UNITTEST_CASE_DECIDED',
      message: 'The case is passed.',
      // @ts-expect-error `status` is the problem's (the HTTP status): the case's is `caseStatus`.
      details: { caseId: 'c-1', status: 'passed' },
    }
    // @ts-expect-error `code` is the problem's own.
    const coded = new ProblemError(409, 'UNITTEST_CODED', 'Coded.', { code: 'OTHER' })
    // @ts-expect-error neither may `problem` be given one.
    const titled = problem(409, 'UNITTEST_TITLED', 'Titled.', { title: 'mine', instance: '/x' })
    expect(PROBLEM_MEMBERS).toEqual(['type', 'title', 'status', 'detail', 'instance', 'code'])
    expect([clashingMembers(decided.details), clashingMembers(coded.extra)]).toEqual([['status'], ['code']])
    expect(titled).toEqual({
      type: 'urn:onewindow:problem:UNITTEST_TITLED',
      title: 'Conflict',
      status: 409,
      detail: 'Titled.',
      code: 'UNITTEST_TITLED',
    })
  })

  it('a detail named as one of them that got past the types is dropped: the problem keeps its own', () => {
    registerErrorCodes({ UNITTEST_CASE_DECIDED: 409 })
    const details = JSON.parse('{"caseId":"c-1","status":"passed","type":"x","detail":"d","errors":[]}')
    const p = problemFromDomainError({ code: 'UNITTEST_CASE_DECIDED', message: 'The case is passed.', details })
    expect(clashingMembers(p.extra)).toEqual(['type', 'status', 'detail'])
    expect(problem(p.status, p.code, p.detail, p.extra)).toEqual({
      type: 'urn:onewindow:problem:UNITTEST_CASE_DECIDED',
      title: 'Conflict',
      status: 409,
      detail: 'The case is passed.',
      code: 'UNITTEST_CASE_DECIDED',
      caseId: 'c-1',
      errors: [],
    })
    expect(clashingMembers({ caseId: 'c-1', caseStatus: 'passed', errors: [] })).toEqual([])
    expect(clashingMembers(undefined)).toEqual([])
  })
})

describe('fieldErrors', () => {
  it('names unknown and missing fields one by one, from TypeBox and Ajv shapes alike', () => {
    expect(
      fieldErrors('body', [
        { keyword: 'boolean', schemaPath: '#/additionalProperties', instancePath: '/a~b', message: 'schema is false' },
        { keyword: 'additionalProperties', instancePath: '', params: { additionalProperties: ['a~b', 'c/d'] } },
        { keyword: 'required', instancePath: '/items/0', params: { requiredProperties: ['department', 'days'] } },
        { keyword: 'additionalProperties', instancePath: '/x', params: { additionalProperty: 'y' } },
        { keyword: 'required', instancePath: '', params: { missingProperty: 'name' } },
        { keyword: 'type', instancePath: '/n', message: 'must be integer' },
      ]),
    ).toEqual([
      { field: '/body/a~0b', message: 'is not allowed (unknown field)' },
      { field: '/body/c~1d', message: 'is not allowed (unknown field)' },
      { field: '/body/items/0/department', message: 'is required' },
      { field: '/body/items/0/days', message: 'is required' },
      { field: '/body/x/y', message: 'is not allowed (unknown field)' },
      { field: '/body/name', message: 'is required' },
      { field: '/body/n', message: 'must be integer' },
    ])
  })
})

describe('fieldErrors on dates', () => {
  const body = Compile(Type.Object({ date: LegalDate, at: Type.Optional(Instant) }))
  const messages = (value: unknown) =>
    fieldErrors('body', [...body.Errors(value)] as never).map((e) => `${e.field} ${e.message}`)

  it('says in words that a day is not on the calendar, or outside the years the platform holds', () => {
    expect(messages({ date: '2026-02-30' })).toEqual(['/body/date is not a real calendar day (YYYY-MM-DD)'])
    expect(messages({ date: '9999-12-31' })).toEqual([
      '/body/date must be within 2000-01-01 and 2099-12-31, written YYYY-MM-DD',
    ])
    expect(messages({ date: '2026-03-01', at: '2026-02-30T10:00:00Z' })).toEqual([
      '/body/at is not a real UTC instant (ISO-8601 with Z)',
    ])
    expect(messages({ date: '2026-03-01', at: '1999-12-31T10:00:00Z' })).toEqual([
      '/body/at must be a UTC instant within 2000 and 2099, ISO-8601 with Z',
    ])
  })
})
