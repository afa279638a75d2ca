import fastJson from 'fast-json-stringify'

// fast-json-stringify serialises an `anyOf` by validating the value against each branch with Ajv until one matches,
// and the status has dozens (every `X | null`, every union of literals): that cost more than building the status. The
// views a read route answers are already checked against the same schema before they are serialised
// (domain/rows.ts `conforming`), so the branch is known to match, and the schema can be written for the serialiser
// without its unions: a union of string literals is a string, `X | null` is `type: [X, 'null']`. The route keeps
// its schema as it is (validation, OpenAPI, docs/api.md); only the serialiser reads the plain one.

type Schema = { [key: string]: unknown }

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v)

const NULL = (s: Schema) => s['type'] === 'null'

/** `schema` with the unions a serialiser need not choose between written as plain types; anything else as it was. */
export function withoutUnions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutUnions)
  if (!isSchema(schema)) return schema
  // Object.entries leaves out TypeBox's symbol-keyed metadata, which the serialiser does not read.
  const out: Schema = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, withoutUnions(v)]))
  const branches = out['anyOf']
  if (!Array.isArray(branches) || !branches.every(isSchema)) return out
  const { anyOf: _, ...rest } = out
  if (branches.every((b) => typeof b['const'] === 'string')) return { ...rest, type: 'string' }
  const others = branches.filter((b) => !NULL(b))
  const only = others[0]
  if (branches.length === 2 && others.length === 1 && only && typeof only['type'] === 'string' && !only['anyOf']) {
    return { ...rest, ...only, type: [only['type'], 'null'] }
  }
  return out
}

/**
 * A route's `serializerCompiler` for answers already checked against their schema: the same JSON text the schema's
 * own serialiser writes (a test holds them equal), without choosing union branches at run time.
 */
export const checkedViewSerializer = ({ schema }: { schema: unknown }) =>
  fastJson(withoutUnions(schema) as Parameters<typeof fastJson>[0])
