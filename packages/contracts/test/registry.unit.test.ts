import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import pkg from '../package.json' with { type: 'json' }
import { asyncApiDocument, registry, validationErrors } from '../src/index.js'

describe('event registry', () => {
  it('names every event permit.<service>.<aggregate>.<event>.v<major>, once', () => {
    const pattern =
      /^permit\.(intake|approval|acceptance|utility|registration|gateway|hotline)\.[a-z-]+\.[a-z-]+\.v[1-9][0-9]*$/
    for (const e of registry) expect(e.subject).toMatch(pattern)
    expect(new Set(registry.map((e) => e.subject)).size).toBe(registry.length)
  })

  it('describes every event', () => {
    for (const e of registry) expect(e.description.length, e.subject).toBeGreaterThan(10)
  })

  it('keeps event schemas tolerant of fields added later', () => {
    for (const e of registry)
      expect((e.schema as { additionalProperties?: unknown }).additionalProperties, e.subject).toBeUndefined()
  })

  it('has a committed asyncapi.yaml equal to the generated one (run `pnpm asyncapi`)', () => {
    const committed = readFileSync(new URL('../asyncapi.yaml', import.meta.url), 'utf8')
    expect(committed).toBe(stringify(asyncApiDocument(registry, pkg.version), { lineWidth: 0 }))
  })

  it("compiles an event's validator once, on first use, and checks with it from then on", () => {
    for (const e of registry) {
      const first = e.validator
      expect(e.validator, e.subject).toBe(first)
      expect(first.Check({}), e.subject).toBe(false)
    }
  })

  it('names the offending path when a body fails its schema', () => {
    const [accepted] = registry.filter((e) => e.subject === 'permit.intake.application.accepted.v1')
    if (!accepted) throw new Error('application.accepted.v1 is not registered')
    const errors = validationErrors(accepted, { applicationId: 'nope' })
    expect(errors.some((m) => m.startsWith('/applicationId'))).toBe(true)
    expect(errors.length).toBeGreaterThan(1)
  })
})

describe('the AsyncAPI document', () => {
  // Every `$ref` into components.schemas, followed, gives back each event's payload schema exactly as registered.
  const resolve = (node: unknown, schemas: Record<string, unknown>): unknown => {
    if (node === null || typeof node !== 'object') return node
    if (Array.isArray(node)) return node.map((x) => resolve(x, schemas))
    const ref = (node as { $ref?: unknown }).$ref
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/') && Object.keys(node).length === 1) {
      const target = schemas[ref.slice('#/components/schemas/'.length)]
      expect(target, ref).toBeDefined()
      return resolve(target, schemas)
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v, schemas)]))
  }

  it('writes shared subschemas once and resolves back to every registered payload', () => {
    const doc = asyncApiDocument(registry, pkg.version)
    const schemas = doc.components.schemas as Record<string, unknown>
    const messages = doc.components.messages as Record<string, { name: string; payload: unknown }>
    const byName = new Map<string, (typeof registry)[number]>(registry.map((e) => [e.subject, e]))
    let referenced = 0
    for (const m of Object.values(messages)) {
      if (JSON.stringify(m.payload).includes('#/components/schemas/shared-')) referenced += 1
      expect(resolve(m.payload, schemas), m.name).toEqual(JSON.parse(JSON.stringify(byName.get(m.name)?.schema)))
    }
    expect(Object.keys(schemas).some((k) => k.startsWith('shared-'))).toBe(true)
    expect(referenced).toBeGreaterThan(1)
  })
})
