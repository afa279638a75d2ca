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

type ObjectSchema = TSchema & { type: 'object'; properties: Record<string, TSchema & { const?: unknown }> }

/**
 * The variants of a union discriminated by `action` — every member an object whose `action` is a constant — keyed
 * by that constant; undefined for any other schema.
 */
function actionVariants(schema: TSchema): Map<string, ObjectSchema> | undefined {
  const anyOf = (schema as { anyOf?: TSchema[] }).anyOf
  if (!anyOf || anyOf.length === 0) return undefined
  const variants = new Map<string, ObjectSchema>()
  for (const member of anyOf) {
    const action = (member as Partial<ObjectSchema>).properties?.['action']?.const
    if ((member as { type?: unknown }).type !== 'object' || typeof action !== 'string') return undefined
    variants.set(action, member as ObjectSchema)
  }
  return variants
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

/**
 * Request validation by TypeBox, never stripping: an unknown field in a body whose schema says
 * `additionalProperties: false` is a 400 naming it (Fastify's default Ajv would drop it silently). Every error
 * is reported, not only the first. Defaults are filled in every part; strings are converted to numbers and
 * booleans only outside the body (querystring, params, headers), where everything arrives as a string.
 *
 * A union discriminated by `action` is validated as the one variant its `action` names, so the errors are that
 * variant's (`/body/reason is required`), not every other variant's complaints; an `action` no variant has is one
 * error on `/action` listing the ones there are.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = (route) => {
  const variants = actionVariants(route.schema)
  if (!variants) return plainValidator(route)
  const byAction = new Map([...variants].map(([action, schema]) => [action, plainValidator({ ...route, schema })]))
  const allowed = [...variants.keys()]
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { error: [issue('', 'type', 'must be an object', { type: 'object' })] }
    }
    const action = (value as { action?: unknown }).action
    if (action === undefined) {
      return {
        error: [issue('', 'required', 'must have required property action', { requiredProperties: ['action'] })],
      }
    }
    const validate = typeof action === 'string' ? byAction.get(action) : undefined
    if (!validate) {
      return {
        error: [issue('/action', 'enum', `must be one of: ${allowed.join(', ')}`, { allowedValues: allowed })],
      }
    }
    return validate(value)
  }
}
