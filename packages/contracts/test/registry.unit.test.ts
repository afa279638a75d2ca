import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import pkg from '../package.json' with { type: 'json' }
import { asyncApiDocument, registry, validationErrors } from '../src/index.js'

describe('event registry', () => {
  it('names every event permit.<service>.<aggregate>.<event>.v<major>, once', () => {
    const pattern =
      /^permit\.(intake|approval|acceptance|utility|registration|gateway)\.[a-z-]+\.[a-z-]+\.v[1-9][0-9]*$/
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

  it('names the offending path when a body fails its schema', () => {
    const [accepted] = registry.filter((e) => e.subject === 'permit.intake.application.accepted.v1')
    if (!accepted) throw new Error('application.accepted.v1 is not registered')
    const errors = validationErrors(accepted, { applicationId: 'nope' })
    expect(errors.some((m) => m.startsWith('/applicationId'))).toBe(true)
    expect(errors.length).toBeGreaterThan(1)
  })
})
