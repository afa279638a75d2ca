import { describe, expect, it } from 'vitest'
import { checkEligibility, loadCatalogue, type ProjectFacts } from '../src/index.js'

const foshan = loadCatalogue('440600')

const warehouse: ProjectFacts = {
  investor: 'private',
  investmentManagement: 'filing',
  use: 'warehouse',
  singleBuildingAreaM2: 8000,
  heightM: 18,
  singleFunction: true,
  simpleTechnical: true,
  exclusions: [],
}

describe('checkEligibility', () => {
  it('accepts a project that meets every rule', () => {
    expect(foshan.checkEligibility('social-simple-low-risk', warehouse)).toEqual({ eligible: true, failures: [] })
  })

  it('names every failing rule and exclusion, with its source', () => {
    const result = foshan.checkEligibility('social-simple-low-risk', {
      ...warehouse,
      singleBuildingAreaM2: 12_000,
      heightM: 30,
      exclusions: ['heritage'],
    })
    expect(result.eligible).toBe(false)
    expect(result.failures.map((f) => f.rule)).toEqual(['single-building-area', 'height', 'exclusion:heritage'])
    expect(result.failures[0]).toMatchObject({
      reasons: ['singleBuildingAreaM2 is 12000, must be <= 10000'],
      source: 'seeds/004_33317a5f04b53a73.txt:2131',
    })
    expect(result.failures[2]?.description.zh).toContain('不可移动文物')
  })

  it('counts a missing fact as a failure and names the fact', () => {
    const { heightM: _dropped, exclusions: _none, ...rest } = warehouse
    const result = foshan.checkEligibility('social-simple-low-risk', rest)
    expect(result.failures.map((f) => [f.rule, f.missing])).toEqual([
      ['height', ['heightM']],
      ['exclusions', ['exclusions']],
    ])
  })

  it.each([
    [
      'water pipe 400 m, DN150, 100 m² green',
      { utility: 'water', pipeLengthM: 400, pipeDiameterDN: 150, greenSpaceM2: 100 },
      true,
    ],
    ['water pipe 600 m', { utility: 'water', pipeLengthM: 600, pipeDiameterDN: 150, greenSpaceM2: 100 }, false],
    ['gas pipe DN250', { utility: 'gas', pipeLengthM: 100, pipeDiameterDN: 250, greenSpaceM2: 0 }, false],
    ['power 380 V', { utility: 'power', voltageKV: 0.38 }, true],
    ['power 10 kV without a new channel', { utility: 'power', voltageKV: 10, newChannel: false }, true],
    [
      'power 20 kV, new channel 900 m, 250 m² green',
      { utility: 'power', voltageKV: 20, newChannel: true, newChannelLengthM: 900, greenSpaceM2: 250 },
      true,
    ],
    [
      'power 10 kV, new channel 1,200 m',
      { utility: 'power', voltageKV: 10, newChannel: true, newChannelLengthM: 1200, greenSpaceM2: 100 },
      false,
    ],
    ['power 35 kV', { utility: 'power', voltageKV: 35, newChannel: false }, false],
  ])('Foshan low-risk outside line: %s → %s', (_name, facts, eligible) => {
    expect(foshan.checkEligibility('utility-outside-line-low-risk', facts).eligible).toBe(eligible)
  })

  it("uses Shanwei's stricter 300 m threshold there", () => {
    const facts = { utility: 'water', onMainRoad: false, pipeLengthM: 400, pipeDiameterDN: 150, greenSpaceM2: 100 }
    const shanwei = loadCatalogue('441500')
    expect(shanwei.checkEligibility('utility-outside-line-low-risk', facts).failures[0]?.reasons).toEqual([
      'pipeLengthM is 400, must be <= 300',
    ])
  })

  it('works on a type object too, and marks steps the facts skip', () => {
    const type = foshan.projectType('industrial-land-with-conditions')
    if (!type) throw new Error('type missing')
    expect(
      checkEligibility(type, {
        landUse: 'industrial',
        planningConditionsClear: true,
        standardDesign: true,
        exclusions: [],
      }).eligible,
    ).toBe(true)
    const small = foshan.flow('power-grid', { investmentYuan: 800_000 })
    expect(small.steps.map((s) => s.skippedBy)).toEqual([undefined, undefined, 'small-works', undefined])
    // Each step waits for the one before it unless it names its own `after`.
    expect(small.steps.map((s) => s.after)).toEqual([
      [],
      ['land-preexam-site-selection'],
      ['planning-permit'],
      ['construction-permit'],
    ])
    expect(
      foshan.flow('power-grid', { investmentYuan: 5_000_000, floorAreaM2: 900 }).steps[2]?.skippedBy,
    ).toBeUndefined()
  })
})
