import { bundledDocuments, loadCatalogue } from '@onewindow/catalogue'
import { describe, expect, it } from 'vitest'
import { stepName } from '../src/steps.js'

type Step = { code: string; name: { zh: string } }
const stepsOf = (document: unknown): Step[] =>
  ((document as { projectTypes?: Array<{ steps?: Step[] }> }).projectTypes ?? []).flatMap((t) => t.steps ?? [])

describe("steps' Chinese names", () => {
  it('names every step of every bundled catalogue', () => {
    const codes = new Set(bundledDocuments().flatMap((d) => stepsOf(d).map((s) => s.code)))
    expect(codes.size).toBeGreaterThan(10)
    expect([...codes].filter((code) => stepName(code) === code)).toEqual([])
  })

  it('uses the national catalogue’s name for a national step', () => {
    const national = stepsOf(loadCatalogue().data)
    expect(national.length).toBeGreaterThan(0)
    for (const s of national) expect(stepName(s.code)).toBe(s.name.zh)
  })

  it('shows a code no catalogue has as it is', () => {
    expect(stepName('no-such-step')).toBe('no-such-step')
  })
})
