import type { Static, TObject } from 'typebox'
import { Compile } from 'typebox/compile'

/** The services that may own a fact; a service publishes only under `permit.<service>.>`. */
export type Producer = 'intake' | 'approval' | 'acceptance' | 'utility' | 'registration' | 'gateway' | 'hotline'

export type Subject = `permit.${Producer}.${string}.${string}.v${number}`

/**
 * One event = one subject + one schema + a description. The validator is compiled once, when first used, and used
 * on publish and on receipt. Event schemas are tolerant readers: they never set `additionalProperties: false`.
 */
export const defineEvent = <const S extends Subject, T extends TObject>(def: {
  subject: S
  description: string
  schema: T
}) => {
  // Not at import: every process imports the whole tree's events and checks a few of them (a service its own and
  // those it consumes, a CLI command none), and compiling all of them was a third of importing this package.
  let validator: ReturnType<typeof Compile<T>> | undefined
  return {
    ...def,
    get validator() {
      validator ??= Compile(def.schema)
      return validator
    },
  }
}

export type EventDefinition<T extends TObject = TObject> = {
  subject: Subject
  description: string
  schema: T
  validator: ReturnType<typeof Compile<T>>
}

export type EventBody<E extends { schema: TObject }> = Static<E['schema']>

/** Every problem the validator sees, as `/path: message` strings, so a dead letter says why. */
export const validationErrors = (event: EventDefinition, body: unknown): string[] =>
  [...event.validator.Errors(body)].map((e) => `${e.instancePath || '/'}: ${e.message}`)
