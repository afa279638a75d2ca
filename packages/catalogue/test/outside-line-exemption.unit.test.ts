import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkDocument, loadCatalogue, validateCatalogue } from '../src/index.js'

const foshan = loadCatalogue('440600')
const SOURCE = 'seeds/004_33317a5f04b53a73.txt:2159'
const seed = new URL('../../../../shared/seeds/004_33317a5f04b53a73.txt', import.meta.url)

describe('outsideLinePermitsExempt (非禁免批 of a project type)', () => {
  it("is set on Foshan's simple low-risk type for water, drainage, power and gas, citing 004:2159", () => {
    expect(foshan.projectType('social-simple-low-risk')?.outsideLinePermitsExempt).toEqual({
      utilities: ['water', 'drainage', 'power', 'gas'],
      source: SOURCE,
    })
  })

  it.skipIf(!existsSync(seed))(
    'cites the seed line that names those four and says 非禁免批, telecom not among them',
    () => {
      const line = readFileSync(seed, 'utf8').split('\n')[2158]
      expect(line).toContain('涉及的供排水、供电、供气外线工程实行“非禁免批”')
      expect(line).toContain('不需办理项目规划、施工、占用挖掘道路、临时占用城市绿地等行政许可')
      expect(line).not.toContain('通信')
    },
  )

  it('is on no other type of any bundled region', () => {
    const exempt = ['000000', '440600', '441500', '450700'].flatMap((region) =>
      loadCatalogue(region)
        .data.projectTypes.filter((t) => t.outsideLinePermitsExempt)
        .map((t) => `${region}/${t.code}`),
    )
    expect(exempt).toEqual(['440600/social-simple-low-risk'])
  })

  it('refuses an unknown utility, an empty list and a missing source, each by its path', () => {
    const document = (exempt: unknown) => {
      const data = structuredClone(foshan.data) as unknown as { projectTypes: Array<Record<string, unknown>> }
      const type = data.projectTypes.find((t) => t['code'] === 'social-simple-low-risk')
      if (!type) throw new Error('fixture changed')
      type['outsideLinePermitsExempt'] = exempt
      return data
    }
    for (const exempt of [
      { utilities: ['water', 'sewage'], source: SOURCE },
      { utilities: [], source: SOURCE },
      { utilities: ['water'] },
      { utilities: ['water'], source: SOURCE, lengthM: 500 },
    ]) {
      const report = validateCatalogue(document(exempt))
      expect(report.ok).toBe(false)
      expect(report.errors.map((e) => e.code)).toEqual(['CATALOGUE_SCHEMA'])
      expect(report.errors[0]?.path).toMatch(/^projectTypes\[social-simple-low-risk\]\.outsideLinePermitsExempt/)
    }
  })

  it('refuses a utility named twice, and an exemption on a type that opens no hookups', () => {
    const data = structuredClone(foshan.data)
    const simple = data.projectTypes.find((t) => t.code === 'social-simple-low-risk')
    const fitOut = data.projectTypes.find((t) => t.code === 'office-fit-out-low-risk')
    if (!simple || !fitOut || fitOut.utilityHookup) throw new Error('fixture changed')
    simple.outsideLinePermitsExempt = { utilities: ['water', 'gas', 'water'], source: SOURCE }
    fitOut.outsideLinePermitsExempt = { utilities: ['water'], source: SOURCE }
    expect(validateCatalogue(data).errors.map((e) => [e.code, e.path])).toEqual([
      ['CATALOGUE_DUPLICATE_CODE', 'projectTypes[social-simple-low-risk].outsideLinePermitsExempt.utilities'],
      ['CATALOGUE_EXEMPTION_WITHOUT_HOOKUP', 'projectTypes[office-fit-out-low-risk].outsideLinePermitsExempt'],
    ])
  })

  it('is checked the same way in an uploaded document (catalogue validate, the admin upload)', () => {
    const check = checkDocument({
      region: { code: '440600', name: { zh: '佛山市', en: 'Foshan' }, parent: '440000' },
      version: 'test',
      projectTypes: [
        {
          ...foshan.projectType('social-simple-low-risk'),
          outsideLinePermitsExempt: { utilities: ['sewage'], source: SOURCE },
        },
      ],
    })
    expect(check.problems.map((p) => p.code)).toContain('CATALOGUE_SCHEMA')
    expect(check.data).toBeUndefined()
  })
})
