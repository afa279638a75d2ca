import { loadCatalogue } from '@onewindow/catalogue'
import type { RegisterProjectBody } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { decideRegistration, projectFacts } from '../src/domain/project.js'

const shanwei = loadCatalogue('441500')
const factory: RegisterProjectBody = {
  name: '厂房',
  owner: { name: '示例', creditCode: '91441500MA51XY201H' },
  projectCode: '2026-441500-47-01-000001',
  projectType: 'social-simple-low-risk',
  region: '441500',
  siteAreaM2: 6000,
  floorAreaM2: 4200,
  heightM: 15,
  investmentFen: 1_200_000_000,
  location: '汕尾',
  facts: {
    publicFunds: false,
    use: 'factory',
    singleBuildingAreaM2: 4200,
    simpleStructure: true,
    singleFunction: true,
  },
}

describe('decideRegistration (项目登记)', () => {
  it('maps the body to the facts the rules name, with no exclusions unless stated', () => {
    expect(projectFacts(factory)).toMatchObject({
      heightM: 15,
      investmentYuan: 12_000_000,
      totalFloorAreaM2: 4200,
      exclusions: [],
    })
    expect(
      projectFacts({ ...factory, facts: { 'exclusion:heritage': true, exclusions: 'hazardous-goods, heritage' } })[
        'exclusions'
      ],
    ).toEqual(['hazardous-goods', 'heritage'])
  })

  it.each([
    { name: 'eligible', body: factory, code: undefined },
    {
      name: 'bad check character',
      body: { ...factory, owner: { name: 'x', creditCode: '91441500MA51XY2010' } },
      code: 'INTAKE_CREDIT_CODE_INVALID',
    },
    { name: 'unknown type', body: { ...factory, projectType: 'castle' }, code: 'INTAKE_PROJECT_TYPE_UNKNOWN' },
    {
      name: 'exempt type',
      body: { ...factory, projectType: 'utility-outside-line-low-risk' },
      code: 'INTAKE_PROJECT_TYPE_EXEMPT',
    },
    { name: 'too tall', body: { ...factory, heightM: 25 }, code: 'INTAKE_PROJECT_NOT_ELIGIBLE' },
  ])('$name → $code', ({ body, code }) => {
    const d = decideRegistration(body, shanwei)
    expect(d.ok ? undefined : d.error.code).toBe(code)
  })

  it('names every failing rule and the facts that were not given', () => {
    const d = decideRegistration({ ...factory, heightM: 30, facts: { use: 'office' } }, shanwei)
    if (d.ok) throw new Error('expected a refusal')
    const lines = d.error.details?.['errors'] as Array<{ rule: string; field: string; message: string }>
    expect(lines.map((l) => l.rule).sort()).toEqual(
      ['height', 'no-public-funds', 'simple-single-function', 'single-building-area', 'warehouse-or-factory'].sort(),
    )
    expect(lines.find((l) => l.rule === 'no-public-funds')).toMatchObject({ field: '/facts/publicFunds' })
    expect(lines.find((l) => l.rule === 'height')?.message).toContain('heightM is 30, must be <= 24')
  })

  it('snapshots the flow and cap it was registered under', () => {
    const d = decideRegistration(factory, shanwei)
    if (!d.ok) throw new Error(d.error.message)
    expect(d.value.catalogueVersion).toBe(shanwei.pin)
    expect(d.value.cap).toEqual({ value: 8, unit: 'W' })
    expect(d.value.flow[1]).toMatchObject({
      step: 'six-item-bundle',
      stage: 'construction-permit',
      limit: { value: 4, unit: 'W' },
    })
  })
})
