import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import {
  bundledDocuments,
  type CatalogueData,
  CatalogueInvalidError,
  canonicalJson,
  catalogueJsonSchemas,
  createCatalogue,
  loadCatalogue,
  MAX_ITEM_MATERIALS,
  parseCatalogueDocument,
  resolveCatalogue,
  validateCatalogue,
} from '../src/index.js'

const foshan = loadCatalogue('440600')
const shanwei = loadCatalogue('441500')

describe('the seed project types', () => {
  // Totals and step limits as the issue states them from seeds/004_33317a5f04b53a73.txt:2125–2219.
  it.each([
    ['industrial-land-with-scheme', 12, [1, 8, 3]],
    ['industrial-land-with-conditions', 13, [1, 1, 8, 3]],
    ['old-compound-renovation', 15, [5, 3, 2, 5]],
    ['power-grid', 20, [10, 1, 1, 8]],
    ['5g-base-station', 5, [5]],
  ])('Foshan %s: %i W = the sum of its steps', (code, total, steps) => {
    const flow = foshan.flow(code)
    expect(flow.cap?.limit).toMatchObject({ value: total, unit: 'W' })
    expect(flow.steps.map((s) => s.limit?.value)).toEqual(steps)
    expect(flow.stepTotal).toEqual({ value: total, unit: 'W' })
    expect(flow.capMatchesSteps).toBe(true)
  })

  it('Foshan social-simple-low-risk has a 10 W cap from land contract to first registration, and no step limits', () => {
    const flow = foshan.flow('social-simple-low-risk')
    expect(flow.cap).toMatchObject({
      limit: { value: 10, unit: 'W' },
      startEvent: 'land-contract-signed',
      stopEvent: 'first-registration-completed',
    })
    expect(flow.steps.every((s) => s.limit === undefined)).toBe(true)
    expect(flow.stepTotal).toBeUndefined()
    expect(foshan.warnings.map((w) => w.code)).toContain('CATALOGUE_STEP_WITHOUT_LIMIT')
  })

  it('the exempt types have no approval flow', () => {
    expect(foshan.projectType('office-fit-out-low-risk')).toMatchObject({ exempt: true, steps: [] })
    expect(foshan.projectType('utility-outside-line-low-risk')?.exempt).toBe(true)
    expect(foshan.flow('utility-outside-line-low-risk').steps[0]?.limit?.value).toBe(0)
  })

  it("keeps Shanwei's caps and step limits both, and warns where they differ", () => {
    const mismatches = shanwei.warnings.filter((w) => w.code === 'CATALOGUE_CAP_MISMATCH').map((w) => w.path)
    expect(mismatches).toEqual([
      'projectTypes[social-simple-low-risk].cap',
      'projectTypes[industrial-land-start-on-acquisition].cap',
      'projectTypes[old-compound-renovation].cap',
    ])
    const simple = shanwei.flow('social-simple-low-risk')
    expect(simple.cap?.limit.value).toBe(8)
    expect(simple.stepTotal?.value).toBe(3 + 4 + 5 + 1)
    expect(simple.capMatchesSteps).toBe(false)
  })

  it('joint acceptance: Foshan bundles four items in 8 W, Shanwei five (with 城建档案) in 5 W; registration 3 W / 1 W', () => {
    const fs = foshan.flow('industrial-land-with-scheme').steps.find((s) => s.step.code === 'joint-acceptance')
    expect(fs?.items.map((i) => i.code)).toEqual([
      'planning-condition-verification',
      'fire-acceptance-filing',
      'civil-air-defence-completion-filing',
      'completion-acceptance-filing',
    ])
    expect(fs?.limit?.value).toBe(8)
    const sw = shanwei.flow('social-simple-low-risk').steps
    expect(sw.find((s) => s.step.code === 'joint-acceptance')?.items.map((i) => i.code)).toContain(
      'urban-construction-archive-acceptance',
    )
    expect(sw.find((s) => s.step.code === 'joint-acceptance')?.step.clockExclusions).toEqual(['public-notice'])
    expect(sw.find((s) => s.step.code === 'first-registration')?.limit?.value).toBe(1)
    expect(shanwei.flow('industrial-land-start-on-acquisition').steps.at(-1)?.limit?.value).toBe(3)
    expect(foshan.projectType('industrial-land-with-scheme')?.acceptance).toMatchObject({
      lead: 'housing-construction',
      registrationWithAcceptance: true,
    })
    expect(foshan.department('housing-construction')?.name.zh).toBe('佛山市住房城乡建设局')
  })

  it('Qinzhou: outside-line permits in parallel within 3 W, and 验登合一 on the inherited general flow', () => {
    const qinzhou = loadCatalogue('450700')
    const flow = qinzhou.flow('utility-outside-line')
    expect(flow.steps[0]?.step.parallel).toBe(true)
    expect(flow.steps[0]?.limit?.value).toBe(3)
    expect(flow.steps[0]?.items.map((i) => i.name.zh)).toContain('涉路施工许可')
    expect(qinzhou.projectType('general')?.acceptance?.registrationWithAcceptance).toBe(true)
    expect(qinzhou.projectType('general')?.steps).toHaveLength(5)
    expect(qinzhou.item('utility-connection-on-commitment')?.committedLimit?.value).toBe(0)
    expect(qinzhou.data.lineage).toEqual(['000000', '450000', '450700'])
  })
})

const seedsDir = new URL('../../../../shared/seeds/', import.meta.url)
const lawDir = new URL('../data/law/', import.meta.url)

/** 1–99 as the law writes them: 十, 十五, 二十, 四十五. */
const chineseNumeral = (n: number): string => {
  const digits = '零一二三四五六七八九'
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 0 ? '' : tens === 1 ? '十' : `${digits[tens]}十`}${ones === 0 ? '' : digits[ones]}`
}

describe('sources', () => {
  const documents = bundledDocuments()

  it('every number carries a seeds/<file>:<line> source', () => {
    const unsourced: string[] = []
    const visit = (node: unknown, path: string) => {
      if (Array.isArray(node)) {
        for (const [i, n] of node.entries()) visit(n, `${path}[${i}]`)
      } else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>
        if (typeof record['value'] === 'number' && 'unit' in record && typeof record['source'] !== 'string') {
          unsourced.push(path)
        }
        const isRuleWithNumbers = Array.isArray(record['all']) || Array.isArray(record['any'])
        if (isRuleWithNumbers && typeof record['source'] !== 'string') unsourced.push(path)
        for (const [k, v] of Object.entries(record)) visit(v, `${path}.${k}`)
      }
    }
    for (const d of documents) visit(d, d.region.code)
    expect(unsourced).toEqual([])
  })

  it.skipIf(!existsSync(seedsDir))('each cited working-day limit appears on its seed line', () => {
    const wrong: string[] = []
    const visit = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(visit)
      else if (node && typeof node === 'object') {
        const r = node as { value?: unknown; unit?: unknown; source?: unknown }
        if (r.unit === 'W' && typeof r.value === 'number' && r.value > 0 && typeof r.source === 'string') {
          const [, dir, file, line] = /^(seeds|law)\/(.+):(\d+)/.exec(r.source) ?? []
          const text =
            readFileSync(new URL(file ?? '', dir === 'law' ? lawDir : seedsDir), 'utf8').split('\n')[
              Number(line) - 1
            ] ?? ''
          // The law says 二十日 (its Art. 82 makes every period working days); a seed says 20个工作日.
          const stated = dir === 'law' ? `${chineseNumeral(r.value)}日` : `${r.value}\\s*个工作日`
          if (!new RegExp(stated).test(text)) wrong.push(`${r.source} (${r.value} W)`)
        }
        for (const v of Object.values(node)) visit(v)
      }
    }
    for (const d of documents) visit(d)
    expect(wrong).toEqual([])
  })
})

describe('validation', () => {
  const broken = (): CatalogueData => {
    const data = structuredClone(foshan.data)
    const item = data.items.find((i) => i.code === 'construction-permit')
    if (item) item.department = 'no-such-department'
    const type = data.projectTypes.find((t) => t.code === 'power-grid')
    if (type) {
      type.steps[0]?.items.push('no-such-item')
      if (type.steps[0]) type.steps[0].after = ['joint-acceptance']
      if (type.steps[3]) type.steps[3].after = ['land-preexam-site-selection']
      type.eligibility.exclusions.push('no-such-exclusion')
    }
    data.departments.push({ ...(data.departments[0] as CatalogueData['departments'][number]) })
    return data
  }

  it('refuses a catalogue with every problem listed at once', () => {
    const report = validateCatalogue(broken())
    expect(report.ok).toBe(false)
    expect(report.errors.map((e) => e.code).sort()).toEqual([
      'CATALOGUE_CYCLE',
      'CATALOGUE_DUPLICATE_CODE',
      'CATALOGUE_UNKNOWN_DEPARTMENT',
      'CATALOGUE_UNKNOWN_EXCLUSION',
      'CATALOGUE_UNKNOWN_ITEM',
    ])
    expect(report.errors.find((e) => e.code === 'CATALOGUE_CYCLE')?.message).toMatch(
      /land-preexam-site-selection → joint-acceptance → land-preexam-site-selection/,
    )
    expect(() => createCatalogue(broken())).toThrow(CatalogueInvalidError)
  })

  it('reports schema problems by entry code and field', () => {
    const data = structuredClone(foshan.data) as unknown as { items: Array<Record<string, unknown>> }
    const item = data.items.find((i) => i['code'] === 'fire-design-review') as Record<string, unknown>
    item['comittedLimit'] = { value: 1, unit: 'W' }
    item['commitmentAllowed'] = 'yes'
    const report = validateCatalogue(data)
    expect(report.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'items[fire-design-review].comittedLimit: is not a known field',
      'items[fire-design-review].commitmentAllowed: must be boolean',
    ])
  })

  it('refuses a limit longer than the 3,650 days every event and request is held to', () => {
    const data = structuredClone(foshan.data)
    const item = data.items.find((i) => i.code === 'fire-design-review') as CatalogueData['items'][number]
    item.committedLimit = { value: 3651, unit: 'W', source: 'seeds/004_33317a5f04b53a73.txt:2169' }
    const report = validateCatalogue(data)
    expect(report.ok).toBe(false)
    expect(report.errors.map((e) => e.path)).toEqual(['items[fire-design-review].committedLimit.value'])
    item.committedLimit = { value: 3650, unit: 'W', source: 'seeds/004_33317a5f04b53a73.txt:2169' }
    expect(validateCatalogue(data).ok).toBe(true)
  })

  it("refuses an item whose service guide lists more materials than the task's pinned guide leaves it room for", () => {
    const data = structuredClone(foshan.data)
    const item = data.items.find((i) => i.code === 'fire-design-review') as CatalogueData['items'][number]
    const material = (code: string) => ({
      code,
      name: { zh: '材料', en: 'material' },
      required: true,
      deficiencyAllowed: false,
    })
    item.materials = Array.from({ length: MAX_ITEM_MATERIALS }, (_, i) => material(`material-${i}`))
    expect(validateCatalogue(data).ok).toBe(true)
    item.materials.push(material('one-too-many'))
    const report = validateCatalogue(data)
    expect(report.ok).toBe(false)
    expect(report.errors.map((e) => e.path)).toEqual(['items[fire-design-review].materials'])
  })

  it('detects a cycle of parent regions and an unknown parent', () => {
    const a = parseCatalogueDocument(
      "region: { code: '110000', name: { zh: 甲, en: A }, parent: '120000' }\nversion: '1'",
    )
    const b = parseCatalogueDocument(
      "region: { code: '120000', name: { zh: 乙, en: B }, parent: '110000' }\nversion: '1'",
    )
    expect(() => resolveCatalogue([a, b], '110000')).toThrow(/cycle: 110000 → 120000 → 110000/)
    expect(() => resolveCatalogue([b], '120000')).toThrow(/parent region 110000 has no document/)
  })

  it('refuses a document that is not YAML, or not a catalogue document', () => {
    expect(() => parseCatalogueDocument('region: [', 'x.yaml')).toThrow(CatalogueInvalidError)
    expect(() => parseCatalogueDocument("region: { code: '1' }\nversion: '1'", 'x.yaml')).toThrow(/x\.yaml\/region/)
  })
})

describe('phases (分阶段办理)', () => {
  const qinzhou = loadCatalogue('450700')
  const permitStep = (data: CatalogueData) =>
    data.projectTypes.find((t) => t.code === 'general')?.steps.find((s) => s.code === 'construction-permit')

  it("gives Qinzhou's construction permit the four phases of seeds/000:166, in order", () => {
    const step = qinzhou.flow('general').steps.find((s) => s.step.code === 'construction-permit')?.step
    expect(step?.phases?.map((p) => p.name.zh)).toEqual([
      '基坑围护',
      '主体工程底板以下',
      '主体工程底板以上',
      '装饰装修及室外附属工程',
    ])
    expect(step?.phases?.every((p) => p.source === 'seeds/000_5ff03a50698aa736.txt:166')).toBe(true)
    // Only the phases differ from the national flow Qinzhou restates.
    const national = loadCatalogue('000000').projectType('general')?.steps
    expect(qinzhou.projectType('general')?.steps.map(({ phases: _, ...s }) => s)).toEqual(national)
  })

  it('refuses a step whose phases repeat a code, or declare one phase, or a field a phase does not have', () => {
    const twice = structuredClone(qinzhou.data)
    const step = permitStep(twice)
    if (step?.phases?.[1] && step.phases[0]) step.phases[1].code = step.phases[0].code
    const repeated = validateCatalogue(twice)
    expect(repeated.errors.map((e) => `${e.code} ${e.path}`)).toEqual([
      'CATALOGUE_DUPLICATE_CODE projectTypes[general].steps[construction-permit].phases',
    ])
    const one = structuredClone(qinzhou.data)
    const single = permitStep(one)
    if (single?.phases) single.phases = single.phases.slice(0, 1)
    expect(validateCatalogue(one).errors.map((e) => e.path)).toEqual([
      'projectTypes[general].steps[construction-permit].phases',
    ])
    const unknown = structuredClone(qinzhou.data) as unknown as CatalogueData
    const extra = permitStep(unknown)?.phases?.[0] as unknown as Record<string, unknown>
    extra['limit'] = 5
    expect(validateCatalogue(unknown).ok).toBe(false)
    expect(validateCatalogue(qinzhou.data).ok).toBe(true)
  })
})

describe('regions, versions and lookups', () => {
  it('inherits from the parent and overrides by code', () => {
    expect(foshan.item('enterprise-investment-filing')?.source).toBe('seeds/004_33317a5f04b53a73.txt:2153')
    expect(foshan.item('first-registration')?.department).toBe('natural-resources')
    expect(loadCatalogue().item('first-registration')?.department).toBe('real-estate-registration')
    expect(loadCatalogue('440604').region.code).toBe('440600')
    expect(
      loadCatalogue()
        .stages()
        .map((s) => s.name.zh),
    ).toEqual(['立项用地规划许可', '工程建设许可', '施工许可', '竣工验收'])
  })

  it('has a version and a sha256 content hash of its canonical JSON', () => {
    const expected = createHash('sha256').update(canonicalJson(foshan.data)).digest('hex')
    expect(foshan.hash).toBe(expected)
    expect(foshan.pin).toBe(`440600@${foshan.version}+sha256:${expected.slice(0, 12)}`)
    const changed = structuredClone(foshan.data)
    const item = changed.items.find((i) => i.code === 'construction-permit')
    if (item?.committedLimit) item.committedLimit.value = 2
    expect(createCatalogue(changed).hash).not.toBe(foshan.hash)
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe('{"a":[2,{"c":2,"d":1}],"b":1}')
  })

  it('exports JSON Schema that validates the bundled documents', () => {
    const schemas = catalogueJsonSchemas()
    const check = Compile(schemas['CatalogueDocument'] as Parameters<typeof Compile>[0])
    for (const d of bundledDocuments()) expect(check.Check(d)).toBe(true)
    expect(check.Check({ version: '1' })).toBe(false)
    expect(() => foshan.flow('no-such-type')).toThrow(/no-such-type/)
  })
})

describe("the law's limits (行政许可法)", () => {
  const national = loadCatalogue()
  const foshan = loadCatalogue('440600')

  it('states Arts. 42, 44, 45 and 82 once, at the root, and every region inherits them', () => {
    const s = national.data.statutory
    expect(s?.decision).toMatchObject({ value: 20, unit: 'W', source: 'law/xingzheng-xuke-fa.txt:3' })
    expect(s?.decisionExtension).toMatchObject({ value: 10, unit: 'W', source: 'law/xingzheng-xuke-fa.txt:3' })
    expect(s?.joint).toMatchObject({ value: 45, unit: 'W', source: 'law/xingzheng-xuke-fa.txt:4' })
    expect(s?.jointExtension).toMatchObject({ value: 15, unit: 'W', source: 'law/xingzheng-xuke-fa.txt:4' })
    expect(s?.issue).toMatchObject({ value: 10, unit: 'W', source: 'law/xingzheng-xuke-fa.txt:5' })
    expect(s?.notCounted.kinds).toEqual([
      'hearing',
      'tender',
      'auction',
      'inspection-testing',
      'quarantine',
      'appraisal',
      'expert-review',
    ])
    expect(s?.workingDays).toBe('law/xingzheng-xuke-fa.txt:7')
    expect(foshan.data.statutory).toEqual(s)
  })

  it('gives each permit the 20 W decision and its one 10 W extension; a filing has none', () => {
    const permit = foshan.item('construction-permit')
    expect(permit?.statutoryLimit).toMatchObject({ value: 20, unit: 'W' })
    expect(permit?.statutoryExtension).toMatchObject({ value: 10, unit: 'W' })
    // The city's promise is kept beside the law's limit, not instead of it.
    expect(permit?.committedLimit).toMatchObject({ value: 1, unit: 'W' })
    expect(foshan.item('enterprise-investment-filing')?.statutoryLimit).toBeUndefined()
    expect(foshan.item('first-registration')?.statutoryLimit).toBeUndefined()
  })

  it('says which Art. 45 procedures an item allows', () => {
    const kinds = (code: string) => national.item(code)?.specialProcedures.map((p) => p.kind)
    expect(kinds('engineering-planning-permit')).toEqual(['public-notice', 'hearing', 'expert-review'])
    expect(kinds('construction-permit')).toEqual(['expert-review'])
    expect(kinds('land-planning-permit')).toEqual([])
  })

  it('gives a joint step (two or more items in parallel) the 45 W limit and its 15 W extension; a one-item step none', () => {
    const flow = national.flow('general')
    const engineering = flow.steps.find((s) => s.step.code === 'engineering-permit')
    expect(engineering?.statutoryLimit).toMatchObject({ value: 45, unit: 'W', source: 'law/xingzheng-xuke-fa.txt:4' })
    expect(engineering?.statutoryExtension).toMatchObject({ value: 15, unit: 'W' })
    const single = flow.steps.find((s) => s.step.code === 'construction-permit')
    expect(single?.statutoryLimit).toBeUndefined()
  })

  it('refuses a law citation that names no law file line', () => {
    const doc = structuredClone(national.data)
    const item = doc.items.find((i) => i.code === 'construction-permit')
    if (!item?.statutoryLimit) throw new Error('no statutory limit')
    ;(item.statutoryLimit as { source: string }).source = 'law/行政许可法:42'
    expect(() => createCatalogue(doc)).toThrow(/statutoryLimit\.source/)
  })
})
