import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadCatalogue, type ProjectFacts } from '../src/index.js'

const shanwei = loadCatalogue('441500')
const foshan = loadCatalogue('440600')
const seed = new URL('../../../../shared/seeds/004_33317a5f04b53a73.txt', import.meta.url)
const seedLine = (n: number) => readFileSync(seed, 'utf8').split('\n')[n - 1] ?? ''

const exemptOf = (catalogue: typeof shanwei, type: string, facts: ProjectFacts) =>
  catalogue
    .flow(type, facts)
    .steps.flatMap((s) => (s.exemptItems ?? []).map((e) => `${s.step.code}/${e.item}:${e.rule}`))
const skippedOf = (catalogue: typeof shanwei, type: string, facts: ProjectFacts) =>
  catalogue.flow(type, facts).steps.flatMap((s) => (s.skippedBy ? [s.step.code] : []))

/** A renovation that changes nothing of the building (面积、结构、高度、层数、外立面、功能、安全). */
const unchangedBuilding = {
  addsFloorArea: false,
  changesStructure: false,
  changesHeightOrStoreys: false,
  changesFacade: false,
  changesFunction: false,
  affectsBuildingSafety: false,
}
const unchangedLand = { landOwnershipUnchanged: true, landUseTermUnchanged: true, planningConditionsUnchanged: true }

describe("old-compound renovation's exemptions, decided on the owner's declared facts", () => {
  it('Shanwei: an unchanged building needs no planning permit; project approval and the construction permit stay', () => {
    const facts = { projectKind: 'old-compound-renovation', ...unchangedBuilding }
    expect(exemptOf(shanwei, 'old-compound-renovation', facts)).toEqual([
      'parallel-approvals/engineering-planning-permit:building-unchanged',
    ])
    // 既有建筑内部装饰装修 is of the same type (004:1784) and takes the same exemption.
    expect(exemptOf(shanwei, 'old-compound-renovation', { ...facts, projectKind: 'interior-fit-out' })).toHaveLength(1)
  })

  it('Shanwei: added floor area, a changed structure or unanswered facts keep the planning permit', () => {
    const base = { projectKind: 'old-compound-renovation', ...unchangedBuilding }
    for (const changed of ['addsFloorArea', 'changesStructure', 'changesHeightOrStoreys']) {
      expect(exemptOf(shanwei, 'old-compound-renovation', { ...base, [changed]: true }), changed).toEqual([])
    }
    expect(exemptOf(shanwei, 'old-compound-renovation', { ...base, affectsBuildingSafety: true })).toEqual([])
    // A fact not declared is not presumed: nothing is spared.
    expect(exemptOf(shanwei, 'old-compound-renovation', { projectKind: 'old-compound-renovation' })).toEqual([])
  })

  it('Shanwei: the exemption is the renovation measure, not a simple low-risk project’s', () => {
    expect(
      exemptOf(shanwei, 'social-simple-low-risk', {
        projectKind: 'new-build',
        publicFunds: false,
        ...unchangedBuilding,
      }),
    ).toEqual([])
  })

  it('Foshan: unchanged land spares the land-use planning permit, an unchanged building the planning permit', () => {
    const facts = {
      projectKind: 'old-compound-renovation',
      landUseUnchanged: true,
      ...unchangedLand,
      ...unchangedBuilding,
    }
    expect(exemptOf(foshan, 'old-compound-renovation', facts)).toEqual([
      'approval-and-land-planning/land-planning-permit:land-documents-count',
      'planning-and-construction-permits/engineering-planning-permit:building-unchanged',
    ])
    // The construction permit is not among the exemptions of 004:2187: the step is neither skipped nor exempt.
    expect(skippedOf(foshan, 'old-compound-renovation', facts)).toEqual([])
    const permits = foshan.flow('old-compound-renovation', facts).steps.find((s) => s.step.code.startsWith('planning-'))
    expect(permits?.items.map((i) => i.code)).toEqual(['engineering-planning-permit', 'construction-permit'])
  })

  it('Foshan: added floor area or a new land-use term keeps both permits of the step, issued together within 2 W', () => {
    const facts = {
      projectKind: 'old-compound-renovation',
      landUseUnchanged: true,
      ...unchangedLand,
      landUseTermUnchanged: false,
      ...unchangedBuilding,
      addsFloorArea: true,
    }
    expect(exemptOf(foshan, 'old-compound-renovation', facts)).toEqual([])
    const permits = foshan.flow('old-compound-renovation', facts).steps.find((s) => s.step.code.startsWith('planning-'))
    expect(permits?.step.parallel).toBe(true)
    expect(permits?.limit).toMatchObject({ value: 2, unit: 'W' })
  })

  it.skipIf(!existsSync(seed))('cites the lines that say so', () => {
    expect(seedLine(1842)).toContain('无需再办理用地规划许可')
    expect(seedLine(1842)).toContain(
      '在不改变建筑面积、建筑结构、总高度、层数，不影响建筑安全的前提下，可免于办理建设工程规划许可手续',
    )
    expect(seedLine(2185)).toContain(
      '不涉及土地权属变化、土地使用年限变更、规划条件调整的，其已有的用地手续等材料可视为土地证明文件',
    )
    expect(seedLine(2187)).toContain(
      '不改变建筑面积、总高度、层数、外立面，不改变建筑功能，不影响建筑安全的既有房屋建筑改造项目，无需办理建设工程规划许可证',
    )
    expect(seedLine(2187)).toContain('同步办理建设工程规划许可和建筑工程施工许可，办理时限不超过 2 个工作日')
  })
})
