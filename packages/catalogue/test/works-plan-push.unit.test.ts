import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadCatalogue, validateCatalogue } from '../src/index.js'

const shanwei = loadCatalogue('441500')
const SOURCE = 'seeds/004_33317a5f04b53a73.txt:1852'
const seed = new URL('../../../../shared/seeds/004_33317a5f04b53a73.txt', import.meta.url)
const FIVE = ['natural-resources', 'public-security', 'transport', 'water', 'housing-construction']

describe('worksPlanPush (a low-risk outside line’s plans pushed to the departments that supervise it)', () => {
  it("is on Shanwei's low-risk outside-line type: the five departments of 004:1852, each the region's own bureau", () => {
    expect(shanwei.projectType('utility-outside-line-low-risk')?.worksPlanPush).toEqual({
      departments: FIVE,
      source: SOURCE,
    })
    expect(FIVE.map((code) => shanwei.department(code)?.name.zh)).toEqual([
      '汕尾市自然资源局',
      '汕尾市公安局',
      '汕尾市交通运输局',
      '汕尾市水务局',
      '汕尾市住房城乡建设局',
    ])
    expect(FIVE.map((code) => shanwei.department(code)?.kind)).toEqual(FIVE.map(() => 'government'))
  })

  it.skipIf(!existsSync(seed))('cites the line that names the push, the five departments and 修复质量验收', () => {
    const line = readFileSync(seed, 'utf8').split('\n')[1851] ?? ''
    for (const words of [
      '推送至自然资源、公安、交通运输、水务、住建等部门',
      '按不低于原貌标准恢复道路和绿化',
      '修复质量验收',
    ]) {
      expect(line).toContain(words)
    }
  })

  it('is on no other type of any bundled region', () => {
    const pushing = ['000000', '440600', '441500', '450700'].flatMap((region) =>
      loadCatalogue(region)
        .data.projectTypes.filter((t) => t.worksPlanPush)
        .map((t) => `${region}/${t.code}`),
    )
    expect(pushing).toEqual(['441500/utility-outside-line-low-risk'])
  })

  it('refuses an unknown department and one named twice, by its path', () => {
    const data = structuredClone(shanwei.data)
    const type = data.projectTypes.find((t) => t.code === 'utility-outside-line-low-risk')
    if (!type) throw new Error('fixture changed')
    type.worksPlanPush = { departments: ['water', 'harbour', 'water'], source: SOURCE }
    const report = validateCatalogue(data)
    expect(report.errors.filter((e) => e.path.includes('worksPlanPush')).map((e) => [e.code, e.message])).toEqual([
      ['CATALOGUE_UNKNOWN_DEPARTMENT', 'department "harbour" does not exist'],
      ['CATALOGUE_DUPLICATE_CODE', '"water" is named twice'],
    ])
  })
})
