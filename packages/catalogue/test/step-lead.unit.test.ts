import { describe, expect, it } from 'vitest'
import { bundledDocuments, createCatalogue, loadCatalogue, resolveCatalogue, validateCatalogue } from '../src/index.js'

const shanwei = loadCatalogue('441500')

describe('牵头部门 of a parallel step', () => {
  it("names each Shanwei parallel approval step's lead from the stage-lead line of the seeds", () => {
    const leadOf = (type: string, step: string) => shanwei.flow(type).steps.find((s) => s.step.code === step)?.step.lead
    expect(leadOf('social-simple-low-risk', 'six-item-bundle')).toEqual({
      department: 'housing-construction',
      source: 'seeds/004_33317a5f04b53a73.txt:1868',
    })
    expect(leadOf('social-simple-low-risk', 'land-planning-and-filing')?.department).toBe('development-reform')
    expect(leadOf('industrial-land-start-on-acquisition', 'eight-item-bundle')?.department).toBe('housing-construction')
    // Joint acceptance keeps its lead on the type (acceptance.lead), not on the step.
    expect(leadOf('social-simple-low-risk', 'joint-acceptance')).toBeUndefined()
  })

  it('refuses a lead that is no department, and a lead on a step that is not parallel', () => {
    const data = structuredClone(shanwei.data)
    const type = data.projectTypes.find((t) => t.code === 'social-simple-low-risk')
    const [first, , , last] = type?.steps ?? []
    if (!first || !last) throw new Error('fixture changed')
    first.lead = { department: 'nobody', source: 'seeds/004_33317a5f04b53a73.txt:1868' }
    last.lead = { department: 'housing-construction', source: 'seeds/004_33317a5f04b53a73.txt:1868' }
    const report = validateCatalogue(data)
    expect(report.errors.map((e) => [e.code, e.path])).toEqual([
      [
        'CATALOGUE_UNKNOWN_DEPARTMENT',
        'projectTypes[social-simple-low-risk].steps[land-planning-and-filing].lead.department',
      ],
      ['CATALOGUE_LEAD_NOT_PARALLEL', 'projectTypes[social-simple-low-risk].steps[first-registration].lead'],
    ])
  })
})

describe('the region setting for a consolidated 补正 notice', () => {
  it('is "requesting" where no document of the lineage says otherwise, and leaves the hash as it was', () => {
    expect(shanwei.consolidatedNoticeStops()).toBe('requesting')
    expect(shanwei.data.settings).toBeUndefined()
  })

  it('is inherited from a parent document and replaced by a child', () => {
    const docs = bundledDocuments().map((d) =>
      d.region.code === '440000' ? { ...d, settings: { consolidatedNotice: { stops: 'step' as const } } } : d,
    )
    expect(createCatalogue(resolveCatalogue(docs, '441500')).consolidatedNoticeStops()).toBe('step')
    const child = docs.map((d) =>
      d.region.code === '441500' ? { ...d, settings: { consolidatedNotice: { stops: 'requesting' as const } } } : d,
    )
    expect(createCatalogue(resolveCatalogue(child, '441500')).consolidatedNoticeStops()).toBe('requesting')
    expect(createCatalogue(resolveCatalogue(docs, '440600')).consolidatedNoticeStops()).toBe('step')
  })
})
