import { readFileSync } from 'node:fs'
import { bundledDocuments } from '@onewindow/catalogue'
import { describe, expect, it } from 'vitest'
import { materialName, materialNames } from '../src/materials.js'

describe("materials' Chinese names", () => {
  it('names every material of every bundled catalogue as the catalogue does', () => {
    // A regional document's item may be an overlay naming its code alone; those naming materials give their names.
    type Named = { materials?: ReadonlyArray<{ code: string; name: { zh: string } }> }
    const named = bundledDocuments().flatMap((d) =>
      (d.items ?? []).flatMap((item) => ((item as Named).materials ?? []).map((m) => [m.code, m.name.zh] as const)),
    )
    expect(named.length).toBeGreaterThan(5)
    expect(named.filter(([code, zh]) => materialName(code) !== zh)).toEqual([])
  })

  it('names every assessment report a step may ask for as intake does (they are on items’ service guides too)', () => {
    // Read from intake's source, as problem-text's test reads the services': the console does not build with them.
    const source = readFileSync(
      new URL('../../../services/intake/src/assessment-catalogue.ts', import.meta.url),
      'utf8',
    )
    const reports = [...source.matchAll(/material: \{ code: '([^']+)', name: '([^']+)' \}/g)].map((m) => [m[1], m[2]])
    expect(reports.length).toBeGreaterThan(10)
    expect(reports.filter(([code, zh]) => materialName(code as string) !== zh)).toEqual([])
  })

  it('shows a code no catalogue names as it is, and a list joined as Chinese lists are', () => {
    expect(materialName('site-photos')).toBe('site-photos')
    expect(materialNames(['land-sale-confirmation', 'site-photos'])).toBe('用地成交确认书、site-photos')
  })
})
