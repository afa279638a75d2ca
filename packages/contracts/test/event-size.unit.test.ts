import { Type } from 'typebox'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { EVENT_ENVELOPE_RESERVE, NATS_MAX_PAYLOAD } from '../src/primitives.js'
import { registry } from '../src/registry.js'
import { WORST_CASE_OVER_THE_LIMIT } from './event-size-allowed.js'
import { mapValues, numberBounds, type Schema } from './json-schema.js'

/**
 * Every field of an event is bounded (event-bounds.unit), but the bounds multiply: a list of 1,000 texts of 2,000
 * characters is 12 MB of JSON at worst. NATS takes a message of at most `NATS_MAX_PAYLOAD` bytes, and the outbox
 * refuses an event that would be larger (`MESSAGING_EVENT_TOO_LARGE`): so this test computes each event's largest
 * body from its schema's bounds, and lists those whose largest body does not fit beside the largest headers
 * (`EVENT_ENVELOPE_RESERVE`). An event that fits by its declared fields is not refused — but the schemas let undeclared
 * fields through (a body is checked, not cleaned), so one built from a stored aggregate that carries more than its
 * schema names can still be, and the outbox measures every event whatever this list says. One that does not must be in
 * `WORST_CASE_OVER_THE_LIMIT` with the reason no bound was tightened, and its worst case there: widening a bound of
 * an event that fits past the limit, or of a listed event at all, fails here.
 */

/**
 * Bytes of JSON one character of a string may take. A free text's character at worst is a control character,
 * escaped as `\u0001` (6 bytes: the request schemas refuse only NUL); a CJK character is 3 bytes of UTF-8, a
 * character outside the BMP 4 for 2 UTF-16 units. A string held to ASCII by its pattern or format (UUIDs, dates,
 * instants, codes) takes 1 per character.
 */
const FREE_CHAR = 6
const asciiOnly = (s: Schema) =>
  s.format === 'date' ||
  s.format === 'date-time' ||
  s.format === 'uuid' ||
  (s.pattern !== undefined &&
    // Every character class and literal printable ASCII, and no `.`, negated class, `\S`, `\W` or `\D` that would
    // let anything else in.
    /^[\x20-\x7e]*$/.test(s.pattern) &&
    !/(^|[^\\])\.|\[\^|\\[SWDP]/.test(s.pattern) &&
    // Nor a quote or a backslash, which JSON escapes to two bytes.
    !/"|\\\\/.test(s.pattern))

/** The largest JSON text a value of `schema` can be, in bytes; Infinity where the schema leaves it unbounded. */
export function worstBytes(schema: Schema): number {
  if (schema.const !== undefined) return Buffer.byteLength(JSON.stringify(schema.const))
  if (schema.enum) return Math.max(...schema.enum.map((v) => Buffer.byteLength(JSON.stringify(v))))
  const branches = schema.anyOf ?? schema.oneOf
  if (branches) return Math.max(...branches.map(worstBytes))
  if (schema.allOf) {
    // An intersection of objects: one object holding every branch's properties.
    const properties = Object.assign({}, ...schema.allOf.map((b) => b.properties ?? {}))
    return worstBytes({ type: 'object', properties })
  }
  switch (schema.type) {
    case 'string': {
      const max = schema.maxLength ?? Number.POSITIVE_INFINITY
      return 2 + max * (asciiOnly(schema) ? 1 : FREE_CHAR)
    }
    case 'integer': {
      const { low = Number.NEGATIVE_INFINITY, high = Number.POSITIVE_INFINITY } = numberBounds(schema)
      if (!Number.isFinite(low) || !Number.isFinite(high)) return Number.POSITIVE_INFINITY
      return Math.max(String(low).length, String(high).length)
    }
    // The longest text of a JavaScript number: `-1.2345678901234567e-308`.
    case 'number':
      return 24
    case 'boolean':
      return 5
    case 'null':
      return 4
    case 'array': {
      const max = schema.maxItems ?? Number.POSITIVE_INFINITY
      if (max === 0) return 2
      return 2 + max * worstBytes(schema.items ?? {}) + (max - 1)
    }
    case 'object': {
      const named = Object.entries(schema.properties ?? {}).map(
        ([key, value]) => Buffer.byteLength(JSON.stringify(key)) + 1 + worstBytes(value),
      )
      const keyed = mapValues(schema)
      // A map's keys are bounded by no schema TypeBox keeps: unbounded, unless it has no entries.
      const mapped = keyed.length > 0 && schema.maxProperties !== 0 ? Number.POSITIVE_INFINITY : 0
      return 2 + named.reduce((a, b) => a + b, 0) + Math.max(0, named.length - 1) + mapped
    }
    default:
      return Number.POSITIVE_INFINITY
  }
}

/** The largest value of `schema` itself (small schemas only): what `worstBytes` must equal, for the rule's own test. */
function worstValue(schema: Schema): unknown {
  if (schema.const !== undefined) return schema.const
  if (schema.enum) return schema.enum.reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a))
  const branches = schema.anyOf ?? schema.oneOf
  if (branches) return worstValue(branches.reduce((a, b) => (worstBytes(b) > worstBytes(a) ? b : a)))
  switch (schema.type) {
    case 'string':
      return (asciiOnly(schema) ? 'a' : '\u0001').repeat(schema.maxLength ?? 0)
    case 'integer':
      return String(schema.minimum).length > String(schema.maximum).length ? schema.minimum : schema.maximum
    case 'number':
      return -1.2345678901234567e-308
    case 'boolean':
      return false
    case 'null':
      return null
    case 'array':
      return Array.from({ length: schema.maxItems ?? 0 }, () => worstValue(schema.items ?? {}))
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, worstValue(v)]))
    default:
      return undefined
  }
}

/** What a body may take of the message: the broker's limit less the largest headers. */
const BODY_LIMIT = NATS_MAX_PAYLOAD - EVENT_ENVELOPE_RESERVE

const worstOf = registry.map((e) => ({ subject: e.subject, worst: worstBytes(e.schema as Schema) }))

describe('each event’s largest body fits what NATS takes, or is listed with its reason', () => {
  it('computes the largest JSON a schema allows (the rule is exact on a schema of every kind)', () => {
    const every = Type.Object({
      text: Type.String({ maxLength: 5 }),
      id: Type.String({ format: 'uuid', maxLength: 36 }),
      code: Type.String({ pattern: '^[A-Z]{2}\\d{4}$', maxLength: 6 }),
      kind: Type.Union([Type.Literal('a'), Type.Literal('longer')]),
      either: Type.Union([Type.String({ maxLength: 3 }), Type.Integer({ minimum: -99999, maximum: 9 })]),
      count: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
      // Any number is 24 characters at most; the longest is one this range takes.
      measure: Type.Number({ minimum: -1e308, maximum: 1e308 }),
      on: Type.Boolean(),
      nothing: Type.Null(),
      list: Type.Array(Type.Object({ note: Type.Optional(Type.String({ maxLength: 2 })) }), { maxItems: 3 }),
      none: Type.Array(Type.String({ maxLength: 9 }), { maxItems: 0 }),
    })
    // The largest value is one the schema takes (its ASCII-held strings aside: 'aaa…' is no UUID, but as long as one).
    const value = worstValue(every as Schema) as Record<string, unknown>
    expect(Value.Check(every, { ...value, id: '019a0000-0000-7000-8000-000000000000', code: 'AB1234' })).toBe(true)
    expect(worstBytes(every as Schema)).toBe(Buffer.byteLength(JSON.stringify(value)))
    // A free character counts as its escape; CJK (3 bytes) and everything else is less.
    expect(Buffer.byteLength(JSON.stringify('\u0001'))).toBe(2 + FREE_CHAR)
    expect(Buffer.byteLength(JSON.stringify('整'))).toBeLessThan(2 + FREE_CHAR)
    // Unbounded where a bound is missing.
    expect(worstBytes(Type.Object({ s: Type.String() }) as Schema)).toBe(Number.POSITIVE_INFINITY)
    expect(worstBytes(Type.Array(Type.Boolean()) as Schema)).toBe(Number.POSITIVE_INFINITY)
  })

  it('finds an event widened past the limit (the rule fires)', () => {
    const fits = Type.Object({ notes: Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 80 }) })
    const widened = Type.Object({ notes: Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 100 }) })
    expect(worstBytes(fits as Schema)).toBeLessThanOrEqual(BODY_LIMIT)
    expect(worstBytes(widened as Schema)).toBeGreaterThan(BODY_LIMIT)
  })

  it('every event not listed fits', () => {
    const over = worstOf
      .filter(({ subject, worst }) => worst > BODY_LIMIT && !(subject in WORST_CASE_OVER_THE_LIMIT))
      .map(({ subject, worst }) => `${subject}: ${worst} bytes at worst`)
    expect(over).toEqual([])
  })

  it('every listed event is an event, does not fit (else it leaves the list), and is no larger than listed', () => {
    const subjects = new Set<string>(registry.map((e) => e.subject))
    expect(Object.keys(WORST_CASE_OVER_THE_LIMIT).filter((s) => !subjects.has(s))).toEqual([])
    const wrong = worstOf.flatMap(({ subject, worst }) => {
      const listed = WORST_CASE_OVER_THE_LIMIT[subject]
      if (!listed) return []
      if (worst <= BODY_LIMIT) return [`${subject} fits now (${worst} bytes): take it off the list`]
      if (worst > listed.worst) return [`${subject} widened: ${worst} bytes at worst, listed ${listed.worst}`]
      if (worst < listed.worst) return [`${subject} narrowed: ${worst} bytes at worst, listed ${listed.worst}`]
      return []
    })
    expect(wrong).toEqual([])
  })
})
