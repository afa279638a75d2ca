import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'
import type { FastifyRequest, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify'
import type { TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { validationFailed } from './errors.js'
import type { FieldError } from './problem.js'

/**
 * What every request to every service is held to before its schema is applied, whatever the route. Schemas state
 * tighter limits field by field (and OpenAPI shows them); these are the floor that keeps a free-form value (a
 * form, facts) and a hostile one from reaching the validator, the database or `JSON.stringify`.
 */
export const INPUT_LIMITS = {
  /** Objects and arrays nested in one request part, the part itself counted: `{"a":[1]}` is 2 deep. */
  maxDepth: 16,
  /** Characters (UTF-16 code units) in any one string. */
  maxStringLength: 10_000,
  /** Characters in any one object key. */
  maxKeyLength: 200,
  /** Elements in any one array. */
  maxArrayLength: 1_000,
  /** Keys in any one object: a free-form object (a form, facts) is held to what an array is. */
  maxKeys: 1_000,
} as const

/** Keys refused anywhere: they name the prototype machinery of a JavaScript object, never a field of ours. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

const escapePointer = (name: string) => name.replaceAll('~', '~0').replaceAll('/', '~1')

/** Why a string is refused, or undefined: NUL (PostgreSQL stores none) and lone UTF-16 surrogates (not Unicode). */
function badText(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain NUL (U+0000)'
  if (!s.isWellFormed()) return 'must not contain a lone UTF-16 surrogate'
  return undefined
}

/**
 * Every breach of {@link INPUT_LIMITS} and of the string rule in one request part, as fields under `/<part>`.
 * Iterative (an explicit stack), so a value nested a million levels deep costs a loop, not the call stack; a
 * container past the depth limit is reported once and not entered.
 */
export function inputErrors(part: string, value: unknown): FieldError[] {
  const errors: FieldError[] = []
  const stack: Array<{ value: unknown; pointer: string; depth: number }> = [{ value, pointer: '', depth: 0 }]
  while (stack.length > 0 && errors.length < 20) {
    const { value: v, pointer, depth } = stack.pop() as { value: unknown; pointer: string; depth: number }
    const field = `/${part}${pointer}`
    if (typeof v === 'string') {
      const why = badText(v)
      if (why) errors.push({ field, message: why })
      else if (v.length > INPUT_LIMITS.maxStringLength)
        errors.push({ field, message: `must be at most ${INPUT_LIMITS.maxStringLength} characters` })
      continue
    }
    if (v === null || typeof v !== 'object') continue
    if (depth + 1 > INPUT_LIMITS.maxDepth) {
      errors.push({ field, message: `is nested too deeply (at most ${INPUT_LIMITS.maxDepth} levels)` })
      continue
    }
    if (Array.isArray(v)) {
      if (v.length > INPUT_LIMITS.maxArrayLength) {
        errors.push({ field, message: `must have at most ${INPUT_LIMITS.maxArrayLength} items` })
        continue
      }
      for (let i = v.length - 1; i >= 0; i -= 1)
        stack.push({ value: v[i], pointer: `${pointer}/${i}`, depth: depth + 1 })
      continue
    }
    const keys = Object.keys(v)
    if (keys.length > INPUT_LIMITS.maxKeys) {
      errors.push({ field, message: `must have at most ${INPUT_LIMITS.maxKeys} keys` })
      continue
    }
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      const key = keys[i] as string
      const at = `${pointer}/${escapePointer(key)}`
      const why = RESERVED_KEYS.has(key)
        ? 'is not allowed (reserved name)'
        : key.length > INPUT_LIMITS.maxKeyLength
          ? `is not allowed (a name longer than ${INPUT_LIMITS.maxKeyLength} characters)`
          : badText(key)
      if (why) errors.push({ field: `/${part}${at}`, message: why })
      else stack.push({ value: (v as Record<string, unknown>)[key], pointer: at, depth: depth + 1 })
    }
  }
  return errors.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0))
}

/**
 * preValidation hook of every service: the body, querystring and params against {@link INPUT_LIMITS} and the
 * string rule, before any schema sees them. A breach is a 400 `VALIDATION_FAILED` naming each field, like a schema
 * failure.
 */
export async function guardInput(request: FastifyRequest): Promise<void> {
  const errors = [
    ...inputErrors('body', request.body),
    ...inputErrors('querystring', request.query),
    ...inputErrors('params', request.params),
  ]
  if (errors.length === 0) return
  request.log.info({ errors }, 'request rejected by the input limits')
  throw validationFailed(undefined, errors)
}

type Issue = FastifySchemaValidationError
const issue = (
  instancePath: string,
  keyword: string,
  message: string,
  params: Record<string, unknown> = {},
): Issue => ({
  instancePath,
  keyword,
  schemaPath: '#',
  message,
  params,
})

/**
 * The integer fields of a querystring or params schema. Outside the body everything arrives as a string and TypeBox's
 * conversion truncates `"2.5"` to `2`: such a value is refused instead of being silently changed.
 */
function integerFields(schema: TSchema): string[] {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties ?? {}
  return Object.entries(properties)
    .filter(([, s]) => s.type === 'integer')
    .map(([name]) => name)
}

const INTEGER_TEXT = /^[+-]?\d+$/

/** Defaults filled in, then checked; never stripping, so an unknown key is an error, not a silent drop. */
function plainValidator(route: Parameters<FastifySchemaCompiler<TSchema>>[0]) {
  const check = TypeBoxValidatorCompiler(route)
  const { schema } = route
  const integers = route.httpPart === 'body' ? [] : integerFields(schema)
  return (value: unknown) => {
    if (integers.length > 0 && value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>
      const wrong = integers.filter((k) => typeof record[k] === 'string' && !INTEGER_TEXT.test(record[k] as string))
      if (wrong.length > 0) return { error: wrong.map((k) => issue(`/${k}`, 'type', 'must be an integer')) }
    }
    return check(value !== null && typeof value === 'object' ? Value.Default(schema, value) : value)
  }
}

/** A constant that tells the members of a union apart. */
type Constant = string | number | boolean
type MemberSchema = {
  type?: unknown
  properties?: Record<string, { const?: unknown }>
  required?: string[]
}

/**
 * A union told apart by one property (its discriminator: `action`, `step`, `mode`): where it sits in the schema
 * (`#`, `#/properties/delivery`) and in the value (the property names leading to it), the index in `anyOf` of the
 * member each constant names, and, for one inside a member of another, that union and member (it is validated only
 * when that member is the one chosen).
 */
type DiscriminatedUnion = {
  schemaPath: string
  at: readonly string[]
  property: string
  members: Map<Constant, number>
  within?: { union: number; member: number }
}

const isConstant = (v: unknown): v is Constant =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'

/**
 * The discriminator of a union whose members are all objects requiring one property with a constant, a different
 * one each — the first such property of the first member; undefined for any other schema.
 */
function discriminatorOf(schema: TSchema): Pick<DiscriminatedUnion, 'property' | 'members'> | undefined {
  const anyOf = (schema as { anyOf?: MemberSchema[] }).anyOf
  if (!Array.isArray(anyOf) || anyOf.length === 0 || !anyOf.every((m) => m.type === 'object')) return undefined
  for (const property of Object.keys(anyOf[0]?.properties ?? {})) {
    const members = new Map<Constant, number>()
    for (const [index, member] of anyOf.entries()) {
      const constant = member.properties?.[property]?.const
      if (!member.required?.includes(property) || !isConstant(constant) || members.has(constant)) break
      members.set(constant, index)
    }
    if (members.size === anyOf.length) return { property, members }
  }
  return undefined
}

/**
 * Every discriminated union in a schema, each after the one it is inside: the schema itself, and those reached
 * through object properties, a union's members included. (One inside an array or a record stays a plain union.)
 */
function discriminatedUnions(schema: TSchema): DiscriminatedUnion[] {
  const found: DiscriminatedUnion[] = []
  const visit = (s: TSchema, schemaPath: string, at: readonly string[], within?: DiscriminatedUnion['within']) => {
    const union = discriminatorOf(s)
    if (union) {
      const index = found.push({ schemaPath, at, ...union, ...(within ? { within } : {}) }) - 1
      for (const [member, m] of (s as { anyOf: TSchema[] }).anyOf.entries())
        visit(m, `${schemaPath}/anyOf/${member}`, at, { union: index, member })
      return
    }
    const properties = (s as { properties?: Record<string, TSchema> }).properties ?? {}
    for (const [name, property] of Object.entries(properties))
      visit(property, `${schemaPath}/properties/${escapePointer(name)}`, [...at, name], within)
  }
  visit(schema, '#', [])
  return found
}

const valueAt = (value: unknown, at: readonly string[]): unknown =>
  at.reduce<unknown>(
    (v, name) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[name] : undefined,
    value,
  )

/** The one error a discriminated union's value gets when it names no member, or undefined when it names one. */
function unnamedMember(union: DiscriminatedUnion, value: unknown): Issue | undefined {
  const instancePath = union.at.map((name) => `/${escapePointer(name)}`).join('')
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return issue(instancePath, 'type', 'must be an object', { type: 'object' })
  }
  const { property } = union
  const named = (value as Record<string, unknown>)[property]
  if (named === undefined) {
    return issue(instancePath, 'required', `must have required property ${property}`, {
      requiredProperties: [property],
    })
  }
  if (isConstant(named) && union.members.has(named)) return undefined
  const allowed = [...union.members.keys()]
  return issue(`${instancePath}/${escapePointer(property)}`, 'enum', `must be one of: ${allowed.join(', ')}`, {
    allowedValues: allowed,
  })
}

/** What a value makes of a discriminated union: the member it names, none (one error), or nothing to choose. */
type Choice = number | 'unnamed' | 'as-is'

/**
 * Each union's choice, outer first: left as it is when it is absent (optional; a required one missing is its
 * parent's error) or inside a member not chosen; else the member its value names, or the error saying it names none.
 */
function choicesOf(unions: readonly DiscriminatedUnion[], value: unknown): { choices: Choice[]; unnamed: Issue[] } {
  const choices: Choice[] = []
  const unnamed: Issue[] = []
  for (const union of unions) {
    const reached = union.within === undefined || choices[union.within.union] === union.within.member
    const at = reached ? valueAt(value, union.at) : undefined
    if (!reached || (at === undefined && union.at.length > 0)) {
      choices.push('as-is')
      continue
    }
    const error = unnamedMember(union, at)
    if (error) unnamed.push(error)
    choices.push(
      error ? 'unnamed' : (union.members.get((at as Record<string, Constant>)[union.property] as Constant) ?? 0),
    )
  }
  return { choices, unnamed }
}

/**
 * The schema with each union replaced by the member chosen, or by `{}` (anything) when the value names none — that
 * union's one error is `choicesOf`'s, and the rest of the value is still checked.
 */
function narrowed(schema: TSchema, unions: readonly DiscriminatedUnion[], choices: readonly Choice[]): TSchema {
  const index = new Map(unions.map((union, i) => [union.schemaPath, i]))
  const build = (s: TSchema, schemaPath: string): TSchema => {
    const i = index.get(schemaPath)
    if (i !== undefined) {
      const choice = choices[i]
      if (choice === 'unnamed') return {} as TSchema
      if (typeof choice !== 'number') return s
      return build((s as { anyOf: TSchema[] }).anyOf[choice] as TSchema, `${schemaPath}/anyOf/${choice}`)
    }
    const properties = (s as { properties?: Record<string, TSchema> }).properties
    if (!properties || !unions.some((union) => union.schemaPath.startsWith(`${schemaPath}/`))) return s
    const rebuilt = Object.entries(properties).map(([name, property]) => [
      name,
      build(property, `${schemaPath}/properties/${escapePointer(name)}`),
    ])
    // A copy keeping TypeBox's own non-enumerable marks (`~kind`), which Value.Default goes by to reach the members.
    return Object.defineProperties(Object.create(Object.getPrototypeOf(s)), {
      ...Object.getOwnPropertyDescriptors(s),
      properties: { value: Object.fromEntries(rebuilt), enumerable: true, writable: true, configurable: true },
    }) as TSchema
  }
  return build(schema, '#')
}

/**
 * Request validation by TypeBox, never stripping: an unknown field in a body whose schema says
 * `additionalProperties: false` is a 400 naming it (Fastify's default Ajv would drop it silently). Every error
 * is reported, not only the first. Defaults are filled in every part; strings are converted to numbers and
 * booleans only outside the body (querystring, params, headers), where everything arrives as a string.
 *
 * A union whose members are objects told apart by one constant property (`action`, `step`, `mode`), at the top of
 * the schema or in an object's property, is validated as the one member its value names, so the errors are that
 * member's (`/body/reason is required`, `/body/delivery/recipient is required`), not every other member's
 * complaints (TypeBox gathers 8 errors at most: the other members' would crowd out the chosen one's); a value naming
 * no member is one error on the discriminator (`/body/action must be one of: …`), or says it is missing, or that the
 * value is not an object. Each combination of members is compiled once, when a request first names it.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = (route) => {
  const unions = discriminatedUnions(route.schema)
  if (unions.length === 0) return plainValidator(route)
  const validators = new Map<string, ReturnType<typeof plainValidator>>()
  return (value) => {
    const { choices, unnamed } = choicesOf(unions, value)
    const key = choices.join()
    let validate = validators.get(key)
    if (!validate) {
      validate = plainValidator({ ...route, schema: narrowed(route.schema, unions, choices) })
      validators.set(key, validate)
    }
    const result = validate(value) as { value?: unknown; error?: Issue[] }
    return unnamed.length === 0 ? result : { error: [...unnamed, ...(result.error ?? [])] }
  }
}
