import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify'
import type { TSchema } from 'typebox'

/**
 * One compiled validator or serializer per schema object and process, instead of one per Fastify instance.
 *
 * A process normally runs one service, which compiles each route schema once either way. The tests run many: a test
 * world is six services in one process, and a Vitest worker runs one file's world after another in the same module
 * graph (`isolate: false`), so the same route schemas — module constants — were compiled again for every world: the
 * gateway's 217 response serializers alone took 3–5 s of each world's start on this machine (docs/operations.md,
 * "The suite's time"). A compiled validator or serializer is a pure function of its schema (and, for a validator,
 * the request part), so the one compiled first serves every instance. Keyed by the schema object itself (a
 * `WeakMap`): a schema built afresh for each instance is compiled afresh, never mistaken for another.
 */
function memoByKey<F>(part: (route: { httpPart?: string }) => string) {
  const cache = new WeakMap<object, Map<string, F>>()
  return (route: { schema?: unknown; httpPart?: string }, compile: () => F): F => {
    const schema = route.schema
    if (schema === null || typeof schema !== 'object') return compile()
    let byPart = cache.get(schema)
    if (!byPart) {
      byPart = new Map()
      cache.set(schema, byPart)
    }
    const key = part(route)
    let compiled = byPart.get(key)
    if (!compiled) {
      compiled = compile()
      byPart.set(key, compiled)
    }
    return compiled
  }
}

/** `compiler` compiled once per schema object and request part (body, querystring, params, headers). */
export function sharedValidators(compiler: FastifySchemaCompiler<TSchema>): FastifySchemaCompiler<TSchema> {
  const memo = memoByKey<ReturnType<FastifySchemaCompiler<TSchema>>>((route) => route.httpPart ?? '')
  return (route) => memo(route, () => compiler(route))
}

const defaultSerializers = SerializerSelector()
const serializerMemo = memoByKey<ReturnType<ReturnType<typeof defaultSerializers>>>(() => '')

/**
 * Fastify's own response serializers (fast-json-stringify through its default factory), compiled once per schema
 * object. Only while no instance-wide schemas are added (`addSchema`, none here): a `$ref` into them would make the
 * output depend on the instance, so with any the factory compiles per instance as Fastify does.
 */
export const sharedSerializers: NonNullable<FastifyServerOptions['schemaController']> = {
  compilersFactory: {
    buildSerializer(externalSchemas, serializerOptions) {
      const compile = defaultSerializers(externalSchemas, serializerOptions)
      const shared = Object.keys((externalSchemas as object | undefined) ?? {}).length === 0 && !serializerOptions
      return shared ? (route) => serializerMemo(route, () => compile(route)) : compile
    },
  },
}
