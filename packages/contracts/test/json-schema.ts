/**
 * The JSON Schema an event's TypeBox schema is, as far as the event tests read it: event-bounds.unit (is every field
 * bounded?) and event-size.unit (how large can a body be?) walk the same keywords, each to its own end.
 */
export type Schema = {
  type?: string | string[]
  format?: string
  pattern?: string
  const?: unknown
  enum?: unknown[]
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  properties?: Record<string, Schema>
  patternProperties?: Record<string, Schema>
  additionalProperties?: boolean | Schema
  items?: Schema
  maxLength?: number
  maxItems?: number
  maxProperties?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
}

/**
 * The schemas of a map's values, under keys the object does not name: its `patternProperties` (TypeBox's `Record`)
 * and `additionalProperties` where that is a schema, not `true`/`false`. None where the object is no map.
 */
export const mapValues = (schema: Schema): Schema[] => [
  ...Object.values(schema.patternProperties ?? {}),
  ...(typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : []),
]

/** A number's lower and upper bound, inclusive or exclusive; each undefined where the schema sets none. */
export const numberBounds = (schema: Schema): { low: number | undefined; high: number | undefined } => ({
  low: schema.minimum ?? schema.exclusiveMinimum,
  high: schema.maximum ?? schema.exclusiveMaximum,
})
