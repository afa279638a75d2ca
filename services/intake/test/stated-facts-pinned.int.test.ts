import { bundledDocuments, type CatalogueDocument } from '@onewindow/catalogue'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, type IntakeWorld, intakeWorld, lowRiskFactory, START, sixItemMaterials } from './world.js'

// 后续事项 only if (004:1814): the desk asks the facts a step's follow-ons read from the project's *pinned* catalogue,
// the one intake decides the application on — never from the region's current one. Two projects, one on each side of
// an admin's version without the house number's `onlyIf`. Monday 2 March 2026, 09:00 in Shanghai.

type FollowOnDoc = { item: string; onlyIf?: unknown }
type TypeDoc = { code: string; followOns?: FollowOnDoc[] }

/** Shanwei's bundled document (2025.3, the house number conditioned) as `version`, the condition taken off. */
function unconditioned(version: string): CatalogueDocument {
  const doc = structuredClone(bundledDocuments().find((d) => d.region.code === '441500')) as CatalogueDocument
  const type = (doc.projectTypes as TypeDoc[]).find((t) => t.code === 'social-simple-low-risk')
  const houseNumber = type?.followOns?.find((f) => f.item === 'house-number-allocation')
  if (!houseNumber?.onlyIf) throw new Error('the bundled catalogue no longer conditions the house number')
  delete houseNumber.onlyIf
  return { ...doc, version }
}

let w: IntakeWorld
let bundledProject = ''
let uploadedProject = ''
let uploadedPin = ''

const register = async (): Promise<{ projectId: string; pin: string }> => {
  const res = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  await w.approveFirstStep(res.body.project.projectId)
  return { projectId: res.body.project.projectId, pin: res.body.project.catalogueVersion }
}
const checklist = (projectId: string) =>
  w.call('GET', `/projects/${projectId}/checklist?step=six-item-bundle`, actors.clerk)

beforeAll(async () => {
  w = await intakeWorld()
  w.clock.set(START)
  // Pinned to the bundled 2025.3 (conditioned) before the admin's version starts.
  bundledProject = (await register()).projectId
  const uploaded = await w.call('POST', '/admin/catalogue/versions', actors.admin, {
    document: unconditioned('2026.1'),
  })
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201)
  uploadedPin = uploaded.body.version.pin
  const activated = await w.call('POST', '/admin/catalogue/versions/441500/2026.1/activate', actors.admin, {
    activeFrom: '2026-03-02',
  })
  expect(activated.status, JSON.stringify(activated.body)).toBe(200)
  const second = await register()
  expect(second.pin).toBe(uploadedPin)
  uploadedProject = second.projectId
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe("the checklist's stated facts, on the project's pinned catalogue", () => {
  it("asks nothing on a version without the condition, though the region's catalogue asks — and pins the house number", async () => {
    const res = await checklist(uploadedProject)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.statedFacts).toEqual([])
    // Intake decides on the same version: stated 否 or not, the house number follows.
    const opened = await w.call('POST', `/projects/${uploadedProject}/applications`, actors.clerk, {
      step: 'six-item-bundle',
      form: { entranceOrientationDetermined: true, facingStreetNamed: false },
      materials: sixItemMaterials,
    })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(opened.body.application.catalogueVersion).toBe(uploadedPin)
    expect(opened.body.withheldFollowOns).toBeUndefined()
  })

  it('asks both facts on the conditioned version the earlier project keeps, after the region moved on', async () => {
    const res = await checklist(bundledProject)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const followOn = {
      item: 'house-number-allocation',
      itemName: '门牌号码核准发放',
      after: 'engineering-planning-permit',
      afterName: expect.stringContaining('建设工程规划'),
      department: 'public-security',
      departmentName: '汕尾市公安局',
    }
    expect(res.body.statedFacts).toEqual([
      { fact: 'entranceOrientationDetermined', description: '建筑物门口朝向已确定', followOn, required: true },
      { fact: 'facingStreetNamed', description: '门牌号所朝向的街路巷名称已命名', followOn, required: true },
    ])
    // Not stated is withheld, and the 201 says so.
    const opened = await w.call('POST', `/projects/${bundledProject}/applications`, actors.clerk, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials,
    })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(
      opened.body.withheldFollowOns.map((f: { item: string; unmet: { stated: boolean }[] }) => [
        f.item,
        f.unmet.map((u) => u.stated),
      ]),
    ).toEqual([['house-number-allocation', [false, false]]])
  })
})
