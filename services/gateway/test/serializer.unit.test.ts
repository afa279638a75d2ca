import fc from 'fast-check'
import fastJson from 'fast-json-stringify'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { InboxTask, ProjectStatus, Unreadable } from '../src/http/schemas.js'
import { checkedViewSerializer, withoutUnions } from '../src/http/serializer.js'

// The read routes serialise with their schema's unions written as plain types (src/http/serializer.ts). Whatever
// value the schema allows, the text must be the text the schema's own serialiser writes, byte for byte.

type Schema = { [key: string]: unknown }

/**
 * Values a JSON schema (as TypeBox writes the response schemas) allows, nulls and optional fields included, within its
 * bounds (range, length, count, closed objects): values outside them would only be filtered out again, and with most
 * of the status's hundred bounded fields left to chance almost none would pass.
 */
function allowedBy(schema: Schema): fc.Arbitrary<unknown> {
  if (Array.isArray(schema['anyOf'])) return fc.oneof(...(schema['anyOf'] as Schema[]).map(allowedBy))
  if (schema['const'] !== undefined) return fc.constant(schema['const'])
  const bound = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined)
  const [minimum, maximum] = [
    bound('minimum') ?? bound('exclusiveMinimum'),
    bound('maximum') ?? bound('exclusiveMaximum'),
  ]
  switch (schema['type']) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer': {
      const min = minimum ?? Math.min(-5, (maximum ?? 0) - 10)
      return fc.integer({ min, max: maximum ?? Math.max(3650, min + 10) })
    }
    case 'number': {
      const [min, max] = [minimum ?? -1e6, maximum ?? 1e6]
      return fc.oneof(
        fc.integer({ min: Math.ceil(Math.max(min, -5)), max: Math.floor(Math.min(max, 50)) }),
        fc.double({ min, max, noNaN: true }),
      )
    }
    case 'string': {
      if (schema['format'] === 'date-time') return fc.constantFrom('2026-03-02T01:00:00.000Z', '2026-03-02T01:00:00Z')
      if (schema['format'] === 'date') return fc.constantFrom('2026-03-02', '2099-12-31')
      if (typeof schema['pattern'] === 'string') return fc.stringMatching(new RegExp(schema['pattern']))
      const [minLength, maxLength] = [bound('minLength') ?? 0, bound('maxLength') ?? Number.POSITIVE_INFINITY]
      const awkward = ['汕尾市 "q"\n\\', '\u2028'].filter((s) => s.length >= minLength && s.length <= maxLength)
      const any = fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 8) })
      return awkward.length > 0 ? fc.oneof(any, fc.constantFrom(...awkward)) : any
    }
    case 'array': {
      const minItems = bound('minItems') ?? 0
      const maxLength = Math.min(bound('maxItems') ?? Number.POSITIVE_INFINITY, Math.max(minItems, 2))
      return fc.array(allowedBy(schema['items'] as Schema), { minLength: minItems, maxLength })
    }
    case 'object': {
      const properties = (schema['properties'] ?? {}) as Record<string, Schema>
      const required = new Set((schema['required'] ?? []) as string[])
      const fields = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, allowedBy(s)]))
      // A field no schema names, as a stored snapshot spread into a view may carry: both serialisers drop it. A closed
      // object allows none.
      const unnamed = schema['additionalProperties'] === false ? {} : { unnamed: fc.constant('x') }
      return fc.record({ ...fields, ...unnamed }, { requiredKeys: [...required] as never[] })
    }
    default:
      throw new Error(`no values for ${JSON.stringify(schema).slice(0, 80)}`)
  }
}

describe('the serialiser of checked views', () => {
  it.each([
    ['the project status', ProjectStatus],
    ['an inbox task', InboxTask],
    ['an unreadable row', Unreadable],
  ])('writes %s exactly as the schema’s own serialiser does', (_name, schema) => {
    const own = fastJson(schema as Parameters<typeof fastJson>[0])
    const plain = checkedViewSerializer({ schema })
    // Only values the schema allows: a route serialises a view after `conforming` checked it.
    const allowed = Compile(schema)
    fc.assert(
      fc.property(
        allowedBy(schema as unknown as Schema).filter((v) => allowed.Check(v)),
        (value) => {
          expect(plain(value)).toBe(own(value))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('writes unions of strings as strings and `X | null` as two types, and leaves other unions alone', () => {
    expect(withoutUnions({ anyOf: [{ type: 'string', const: 'a' }, { const: 'b' }], description: 'd' })).toEqual({
      type: 'string',
      description: 'd',
    })
    expect(withoutUnions({ anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] })).toEqual({
      type: ['string', 'null'],
      format: 'date-time',
    })
    const mixed = { anyOf: [{ type: 'string' }, { type: 'integer' }] }
    expect(withoutUnions(mixed)).toEqual(mixed)
  })
})
