import { describe, expect, it } from 'vitest'
import {
  loadCatalogue,
  MAX_FOLLOW_ON_CONDITIONS,
  MAX_FOLLOW_ONS,
  MAX_STATED_FACTS,
  validateCatalogue,
} from '../src/index.js'

const shanwei = loadCatalogue('441500')
const SIMPLE = 'social-simple-low-risk'

describe('后续事项 — an item that follows an approved one without an application', () => {
  it("gives Shanwei's simple low-risk bundle the house number after the planning permit and the drainage notice after the construction permit", () => {
    const bundle = shanwei.flow(SIMPLE).steps.find((s) => s.step.code === 'six-item-bundle')
    expect(
      bundle?.followOns?.map((f) => [f.after.code, f.item.code, f.department.code, f.department.name.zh, f.source]),
    ).toEqual([
      [
        'engineering-planning-permit',
        'house-number-allocation',
        'public-security',
        '汕尾市公安局',
        'seeds/004_33317a5f04b53a73.txt:1814',
      ],
      [
        'construction-permit',
        'drainage-construction-notice',
        'water',
        '汕尾市水务局',
        'seeds/004_33317a5f04b53a73.txt:1806',
      ],
    ])
    // 004:1806 pushes the permit's data to the drainage authority (信息推送); 004:1814 has public security 核准 the number.
    expect(bundle?.followOns?.map((f) => f.forInformation)).toEqual([undefined, true])
    // Neither seed line gives a limit, so neither follow-on has one.
    for (const f of bundle?.followOns ?? []) {
      expect([f.item.statutoryLimit, f.item.committedLimit, f.item.materials]).toEqual([undefined, undefined, []])
    }
    // The other steps start none.
    const others = shanwei.flow(SIMPLE).steps.filter((s) => s.step.code !== 'six-item-bundle')
    expect(others.map((s) => s.followOns)).toEqual(others.map(() => undefined))
  })

  it('is scoped by its seed line: only the simple low-risk type of Shanwei has them', () => {
    for (const type of shanwei.projectTypes()) {
      expect([type.code, type.followOns?.length ?? 0]).toEqual([type.code, type.code === SIMPLE ? 2 : 0])
    }
    for (const region of ['000000', '440600', '450700']) {
      expect(
        loadCatalogue(region)
          .projectTypes()
          .flatMap((t) => t.followOns ?? []),
      ).toEqual([])
    }
  })

  it('refuses a follow-on of an item no step approves, of an unknown item, of an item applied for, asking materials, or twice', () => {
    const data = structuredClone(shanwei.data)
    const type = data.projectTypes.find((t) => t.code === SIMPLE)
    if (!type?.followOns) throw new Error('fixture changed')
    const source = 'seeds/004_33317a5f04b53a73.txt:1814'
    type.followOns.push(
      { after: 'fire-design-review', item: 'house-number-allocation', source },
      { after: 'construction-permit', item: 'nothing-of-the-kind', source },
      { after: 'construction-permit', item: 'water-hookup-application', source },
      { after: 'engineering-planning-permit', item: 'house-number-allocation', source },
    )
    const numbers = data.items.find((i) => i.code === 'drainage-construction-notice')
    numbers?.materials.push({
      code: 'form',
      name: { zh: '申请表', en: 'form' },
      required: true,
      deficiencyAllowed: false,
    })
    const report = validateCatalogue(data)
    const at = `projectTypes[${SIMPLE}].followOns`
    expect(report.errors.map((e) => [e.code, e.path])).toEqual([
      ['CATALOGUE_FOLLOW_ON_ASKS_MATERIALS', `${at}[construction-permit→drainage-construction-notice].item`],
      ['CATALOGUE_FOLLOW_ON_NOT_IN_FLOW', `${at}[fire-design-review→house-number-allocation].after`],
      ['CATALOGUE_UNKNOWN_ITEM', `${at}[construction-permit→nothing-of-the-kind].item`],
      ['CATALOGUE_FOLLOW_ON_APPLIED_FOR', `${at}[construction-permit→water-hookup-application].item`],
      ['CATALOGUE_DUPLICATE_CODE', at],
    ])
  })

  it('refuses an unknown field on a follow-on, naming it', () => {
    const data = structuredClone(shanwei.data) as unknown as {
      projectTypes: Array<{ code: string; followOns?: Array<Record<string, unknown>> }>
    }
    const first = data.projectTypes.find((t) => t.code === SIMPLE)?.followOns?.[0]
    if (!first) throw new Error('fixture changed')
    Object.assign(first, { department: 'public-security' })
    const report = validateCatalogue(data)
    expect(report.errors.map((e) => [e.code, e.message])).toEqual([['CATALOGUE_SCHEMA', 'is not a known field']])
  })
})

describe('后续事项 only if — a follow-on opened on facts the owner states in the application (004:1814)', () => {
  it("opens Shanwei's house number only when the entrance orientation is determined and the facing street is named", () => {
    const bundle = shanwei.flow(SIMPLE).steps.find((s) => s.step.code === 'six-item-bundle')
    const [houseNumber, drainage] = bundle?.followOns ?? []
    expect(houseNumber?.onlyIf?.map((r) => [r.code, r.description.zh, r.all, r.source])).toEqual([
      [
        'entrance-orientation-determined',
        '建筑物门口朝向已确定',
        [{ fact: 'entranceOrientationDetermined', op: '==', value: true }],
        'seeds/004_33317a5f04b53a73.txt:1814',
      ],
      [
        'facing-street-named',
        '门牌号所朝向的街路巷名称已命名',
        [{ fact: 'facingStreetNamed', op: '==', value: true }],
        'seeds/004_33317a5f04b53a73.txt:1814',
      ],
    ])
    // 004:1806 pushes every construction permit's data: no condition.
    expect(drainage?.onlyIf).toBeUndefined()
  })

  it('refuses a condition that is no stated fact (a measure, a comparison, a field name no form has) or has no conditions', () => {
    const data = structuredClone(shanwei.data)
    const type = data.projectTypes.find((t) => t.code === SIMPLE)
    const houseNumber = type?.followOns?.find((f) => f.item === 'house-number-allocation')
    if (!houseNumber?.onlyIf) throw new Error('fixture changed')
    const rule = (code: string, all: Array<{ fact: string; op: '==' | '<='; value?: number | boolean }>) => ({
      code,
      description: { zh: code, en: code },
      all,
      source: 'seeds/004_33317a5f04b53a73.txt:1814',
    })
    houseNumber.onlyIf.push(
      rule('a-measure', [{ fact: 'heightM', op: '<=', value: 24 }]),
      rule('a-number', [{ fact: 'floors', op: '==', value: 3 }]),
      rule('no-field', [{ fact: 'facing street', op: '==', value: true }]),
      rule('no-conditions', []),
    )
    const at = `projectTypes[${SIMPLE}].followOns[engineering-planning-permit→house-number-allocation].onlyIf`
    expect(validateCatalogue(data).errors.map((e) => [e.code, e.path])).toEqual([
      ['CATALOGUE_FOLLOW_ON_CONDITION_NOT_STATED', `${at}[a-measure]`],
      ['CATALOGUE_FOLLOW_ON_CONDITION_NOT_STATED', `${at}[a-number]`],
      ['CATALOGUE_FOLLOW_ON_CONDITION_NOT_STATED', `${at}[no-field]`],
      ['CATALOGUE_BAD_RULE', `${at}[no-conditions]`],
    ])
  })

  it('refuses a stated fact named as a form field intake already reads (contact, phone, remarks, utilities)', () => {
    const data = structuredClone(shanwei.data)
    const houseNumber = data.projectTypes
      .find((t) => t.code === SIMPLE)
      ?.followOns?.find((f) => f.item === 'house-number-allocation')
    if (!houseNumber?.onlyIf) throw new Error('fixture changed')
    for (const fact of ['contact', 'phone', 'remarks', 'utilities', 'phoneGiven']) {
      houseNumber.onlyIf.push({
        code: `reads-${fact.toLowerCase()}`,
        description: { zh: fact, en: fact },
        all: [{ fact, op: '==', value: true }],
        source: 'seeds/004_33317a5f04b53a73.txt:1814',
      })
    }
    const at = `projectTypes[${SIMPLE}].followOns[engineering-planning-permit→house-number-allocation].onlyIf`
    // `phoneGiven` is no field intake reads: a stated fact like any other.
    expect(validateCatalogue(data).errors.map((e) => [e.code, e.path])).toEqual(
      ['contact', 'phone', 'remarks', 'utilities'].map((f) => [
        'CATALOGUE_FOLLOW_ON_CONDITION_NOT_STATED',
        `${at}[reads-${f}]`,
      ]),
    )
  })

  it('refuses a stated fact named like a member of every object (constructor, toString…), which a form always has', () => {
    const data = structuredClone(shanwei.data)
    const houseNumber = data.projectTypes
      .find((t) => t.code === SIMPLE)
      ?.followOns?.find((f) => f.item === 'house-number-allocation')
    if (!houseNumber?.onlyIf) throw new Error('fixture changed')
    const members = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'toLocaleString']
    for (const fact of [...members, 'constructorNamed']) {
      houseNumber.onlyIf.push({
        code: `reads-${fact.toLowerCase()}`,
        description: { zh: fact, en: fact },
        all: [{ fact, op: '==', value: true }],
        source: 'seeds/004_33317a5f04b53a73.txt:1814',
      })
    }
    const at = `projectTypes[${SIMPLE}].followOns[engineering-planning-permit→house-number-allocation].onlyIf`
    // `constructorNamed` is no member of Object.prototype: a stated fact like any other.
    expect(validateCatalogue(data).errors.map((e) => [e.code, e.path])).toEqual(
      members.map((f) => ['CATALOGUE_FOLLOW_ON_CONDITION_NOT_STATED', `${at}[reads-${f.toLowerCase()}]`]),
    )
  })

  it("refuses a rule over more than one fact, or with `any` groups: the desk asks each fact in its own rule's words", () => {
    const data = structuredClone(shanwei.data)
    const houseNumber = data.projectTypes
      .find((t) => t.code === SIMPLE)
      ?.followOns?.find((f) => f.item === 'house-number-allocation')
    if (!houseNumber?.onlyIf) throw new Error('fixture changed')
    const source = 'seeds/004_33317a5f04b53a73.txt:1814'
    houseNumber.onlyIf.push(
      {
        code: 'two-facts',
        description: { zh: '朝向已确定且街路巷已命名', en: 'two facts' },
        all: [
          { fact: 'entranceOrientationDetermined', op: '==', value: true },
          { fact: 'facingStreetNamed', op: '==', value: true },
        ],
        source,
      },
      {
        code: 'either-fact',
        description: { zh: '任一项', en: 'either fact' },
        any: [[{ fact: 'streetBeingRenamed', op: '==', value: false }]],
        source,
      },
      {
        code: 'one-fact-and-any',
        description: { zh: '一项及任一项', en: 'one fact and any' },
        all: [{ fact: 'plotSurveyed', op: '==', value: true }],
        any: [[{ fact: 'streetBeingRenamed', op: '==', value: false }]],
        source,
      },
      // One fact, `== false`: taken.
      {
        code: 'street-not-being-renamed',
        description: { zh: '街路巷正在更名', en: 'the street is being renamed' },
        all: [{ fact: 'streetBeingRenamed', op: '==', value: false }],
        source,
      },
    )
    const at = `projectTypes[${SIMPLE}].followOns[engineering-planning-permit→house-number-allocation].onlyIf`
    expect(validateCatalogue(data).errors.map((e) => [e.code, e.path, e.message])).toEqual(
      ['two-facts', 'either-fact', 'one-fact-and-any'].map((rule) => [
        'CATALOGUE_FOLLOW_ON_RULE_NOT_ONE_FACT',
        `${at}[${rule}]`,
        "a follow-on's rule reads exactly one stated fact (one `all` condition, no `any`): give each fact a rule of its own words",
      ]),
    )
    // A version stored when it passed the upload's check before this rule keeps resolving: its projects' pins never
    // change (createCatalogue of a stored version, pinnedCatalogues).
    expect(validateCatalogue(data, { stored: true }).errors).toEqual([])
  })

  it(`bounds a step's stated facts by the rules' bounds: one fact a rule, so at most ${MAX_STATED_FACTS}`, () => {
    // 10 rules a follow-on, 20 follow-ons a type, one fact a rule: the checklist's 200 facts always ask them all.
    expect([MAX_FOLLOW_ON_CONDITIONS, MAX_FOLLOW_ONS, MAX_STATED_FACTS]).toEqual([10, 20, 200])
    expect(MAX_FOLLOW_ON_CONDITIONS * MAX_FOLLOW_ONS).toBeLessThanOrEqual(MAX_STATED_FACTS)
  })

  it(`refuses a stored version whose step's follow-ons read more than ${MAX_STATED_FACTS} stated facts, and takes ${MAX_STATED_FACTS}`, () => {
    // Uploaded before one fact a rule: a rule's conditions have no bound of their own, so the step's count decides.
    const reading = (count: number) => {
      const data = structuredClone(shanwei.data)
      const houseNumber = data.projectTypes
        .find((t) => t.code === SIMPLE)
        ?.followOns?.find((f) => f.item === 'house-number-allocation')
      if (!houseNumber?.onlyIf) throw new Error('fixture changed')
      // The two facts of 004:1814 and more in one rule; one repeated counts once.
      houseNumber.onlyIf.push({
        code: 'many-facts',
        description: { zh: '多项声明', en: 'many facts' },
        all: [
          ...Array.from({ length: count - 2 }, (_, i) => ({ fact: `fact${i}`, op: '==' as const, value: true })),
          { fact: 'facingStreetNamed', op: '==', value: true },
        ],
        source: 'seeds/004_33317a5f04b53a73.txt:1814',
      })
      return validateCatalogue(data, { stored: true }).errors.map((e) => [e.code, e.path, e.message])
    }
    expect(reading(MAX_STATED_FACTS)).toEqual([])
    expect(reading(MAX_STATED_FACTS + 1)).toEqual([
      [
        'CATALOGUE_FOLLOW_ON_CONDITION_NOT_STATED',
        `projectTypes[${SIMPLE}].steps[six-item-bundle]`,
        `the step's follow-ons read ${MAX_STATED_FACTS + 1} stated facts (each follow-on's counted once): the desk asks at most ${MAX_STATED_FACTS}`,
      ],
    ])
  })

  it('takes every bundled catalogue as it is', () => {
    for (const region of ['000000', '440000', '440600', '441500', '450000', '450700']) {
      expect([region, validateCatalogue(loadCatalogue(region).data).errors]).toEqual([region, []])
    }
  })
})
