import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { INPUT_LIMITS, inputErrors } from '../src/input.js'

/** `{"a":{"a":…}}` or `[[…]]`, `levels` containers deep, built without recursion. */
const nested = (levels: number, kind: 'object' | 'array' = 'object'): unknown => {
  let v: unknown = 1
  for (let i = 0; i < levels; i += 1) v = kind === 'object' ? { a: v } : [v]
  return v
}

describe('inputErrors: the limits every request part is held to before its schema', () => {
  it('accepts a value exactly at the depth limit and names the first container past it', () => {
    expect(inputErrors('body', nested(INPUT_LIMITS.maxDepth))).toEqual([])
    const tooDeep = inputErrors('body', nested(INPUT_LIMITS.maxDepth + 1))
    expect(tooDeep).toEqual([
      { field: `/body${'/a'.repeat(INPUT_LIMITS.maxDepth)}`, message: 'is nested too deeply (at most 16 levels)' },
    ])
  })

  it('measures a hundred thousand levels without using the call stack', () => {
    for (const kind of ['object', 'array'] as const) {
      const errors = inputErrors('body', nested(100_000, kind))
      expect(errors).toHaveLength(1)
      expect(errors[0]?.field.startsWith('/body/')).toBe(true)
    }
    // Parsed from text, as a request body arrives.
    const text = `{"form":${'['.repeat(200_000)}${']'.repeat(200_000)}}`
    expect(inputErrors('body', JSON.parse(text))[0]?.message).toMatch(/nested too deeply/)
  })

  it('refuses NUL and lone surrogates in every string and key, naming the field', () => {
    const body = {
      name: 'a\u0000b',
      owner: { name: 'ok', alias: '\ud800' },
      form: { list: ['fine', 'x\udc00y'], 'k\u0000': 1 },
      pair: '😀',
    }
    expect(inputErrors('body', body)).toEqual([
      { field: '/body/form/k\u0000', message: 'must not contain NUL (U+0000)' },
      { field: '/body/form/list/1', message: 'must not contain a lone UTF-16 surrogate' },
      { field: '/body/name', message: 'must not contain NUL (U+0000)' },
      { field: '/body/owner/alias', message: 'must not contain a lone UTF-16 surrogate' },
    ])
  })

  it('refuses the prototype keys anywhere, read as plain JSON data', () => {
    const body = JSON.parse(
      '{"action":"claim","__proto__":{"admin":true},"form":{"constructor":1,"x":{"prototype":2}}}',
    )
    expect(inputErrors('body', body).map((e) => e.field)).toEqual([
      '/body/__proto__',
      '/body/form/constructor',
      '/body/form/x/prototype',
    ])
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined()
  })

  it('bounds strings, keys and arrays', () => {
    const errors = inputErrors('querystring', {
      q: 'x'.repeat(INPUT_LIMITS.maxStringLength + 1),
      ['k'.repeat(INPUT_LIMITS.maxKeyLength + 1)]: 1,
      list: Array.from({ length: INPUT_LIMITS.maxArrayLength + 1 }, () => 0),
    })
    expect(errors.map((e) => e.field.slice(0, 20))).toEqual([
      '/querystring/kkkkkkk',
      '/querystring/list',
      '/querystring/q',
    ])
  })

  it('bounds the keys of one object as it bounds the items of one array', () => {
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))
    expect(inputErrors('body', { form: keys(INPUT_LIMITS.maxKeys) })).toEqual([])
    expect(inputErrors('body', { form: keys(INPUT_LIMITS.maxKeys + 1) })).toEqual([
      { field: '/body/form', message: 'must have at most 1000 keys' },
    ])
  })

  it('never throws, and every error names a field under the part (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.string({ unit: 'binary' }), (value, text) => {
        const errors = inputErrors('body', { value, text })
        for (const e of errors) expect(e.field.startsWith('/body')).toBe(true)
        const textBad = text.includes('\u0000') || !text.isWellFormed()
        expect(errors.some((e) => e.field === '/body/text')).toBe(textBad)
      }),
      { numRuns: 30 },
    )
  })
})
