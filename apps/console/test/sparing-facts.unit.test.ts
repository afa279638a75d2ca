import { loadCatalogue } from '@onewindow/catalogue'
import { describe, expect, it } from 'vitest'
import { type Catalogue, sparingFacts } from '../src/pages/clerk/catalogue.js'

// The bundled catalogues as the gateway answers them (`GET /api/v1/catalogue/:region`).
const catalogueOf = (region: string) => loadCatalogue(region).data as unknown as Catalogue
const factsOf = (region: string, type: string) => {
  const c = catalogueOf(region)
  const t = c.projectTypes.find((p) => p.code === type)
  if (!t) throw new Error(`no ${type} in ${region}`)
  return sparingFacts(t, c.items).map((f) => f.fact)
}

describe('the 免办条件 the register page asks (sparingFacts)', () => {
  it('asks a Shanwei old-compound renovation the building facts that spare its planning permit', () => {
    expect(factsOf('441500', 'old-compound-renovation')).toEqual([
      'addsFloorArea',
      'changesStructure',
      'changesHeightOrStoreys',
      'affectsBuildingSafety',
    ])
  })

  it('asks a Foshan one the land facts and the building facts', () => {
    expect(factsOf('440600', 'old-compound-renovation')).toEqual([
      'landOwnershipUnchanged',
      'landUseTermUnchanged',
      'planningConditionsUnchanged',
      'addsFloorArea',
      'changesHeightOrStoreys',
      'changesFacade',
      'changesFunction',
      'affectsBuildingSafety',
    ])
  })

  it("asks nothing of a type whose shared items' renovation rules it cannot meet, nor of one spared by its measures", () => {
    // The planning permit's rule is a renovation's (projectKind); a simple low-risk factory is asked none of it.
    expect(factsOf('441500', 'social-simple-low-risk')).toEqual([])
    // Power-grid works' small-works rule reads the registration's own investment and floor area.
    expect(factsOf('440600', 'power-grid')).toEqual([])
  })
})
