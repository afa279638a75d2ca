import * as catalogue from '@onewindow/catalogue'
import { loadCatalogue } from '@onewindow/catalogue'
import * as contracts from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { decideFollowOns, readStatedFacts, statedFactNames, statedFactsAsked } from '../src/domain/follow-ons.js'

// 004:1814: the planning permit's data goes to public security for the house number only "若建筑物门口朝向已确定，且建筑物
// 需编制的门牌号所朝向的街路巷名称已命名的", both stated when the owner applies for the planning permit.
const bundle = loadCatalogue('441500')
  .flow('social-simple-low-risk')
  .steps.find((s) => s.step.code === 'six-item-bundle')
const followOns = bundle?.followOns ?? []
const codes = (list: ReadonlyArray<{ item: { code: string } }>) => list.map((f) => f.item.code)

describe('decideFollowOns — which follow-ons the acceptance pins, on the facts stated', () => {
  it('pins the house number when both facts are stated true, beside the drainage notice that has no condition', () => {
    const d = decideFollowOns(followOns, { entranceOrientationDetermined: true, facingStreetNamed: true })
    expect(codes(d.pinned)).toEqual(['house-number-allocation', 'drainage-construction-notice'])
    expect(d.withheld).toEqual([])
  })

  it('withholds the house number when the facing street is not named, saying that condition alone', () => {
    const d = decideFollowOns(followOns, { entranceOrientationDetermined: true, facingStreetNamed: false })
    expect(codes(d.pinned)).toEqual(['drainage-construction-notice'])
    expect(d.withheld.map((w) => [w.followOn.item.code, w.unmet])).toEqual([
      [
        'house-number-allocation',
        [{ rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: true, required: true }],
      ],
    ])
    // Every rule, held or not, in the catalogue's order: what was stated of each, and the seed's route whole.
    expect(d.withheld[0]?.onlyIf).toEqual([
      { rule: 'entrance-orientation-determined', condition: '建筑物门口朝向已确定', required: true },
      { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', required: true },
    ])
  })

  it('withholds it when a fact is not stated at all, saying so (not stated is not true)', () => {
    const d = decideFollowOns(followOns, { facingStreetNamed: true })
    expect(d.withheld.map((w) => w.unmet)).toEqual([
      [{ rule: 'entrance-orientation-determined', condition: '建筑物门口朝向已确定', stated: false, required: true }],
    ])
    const none = decideFollowOns(followOns, {})
    expect(none.withheld[0]?.unmet.map((u) => [u.rule, u.stated])).toEqual([
      ['entrance-orientation-determined', false],
      ['facing-street-named', false],
    ])
    expect(codes(none.pinned)).toEqual(['drainage-construction-notice'])
  })

  it('says what a `== false` rule requires, so a fact stated 是 is worded as failing it', () => {
    const [houseNumber, ...rest] = followOns
    if (!houseNumber?.onlyIf) throw new Error('fixture changed')
    const reversed = {
      ...houseNumber,
      onlyIf: [
        {
          code: 'no-renaming-pending',
          description: { zh: '街路巷正在更名', en: 'street being renamed' },
          all: [{ fact: 'streetRenamingPending', op: '==' as const, value: false }],
          source: 'test',
        },
      ],
    }
    const d = decideFollowOns([reversed, ...rest], { streetRenamingPending: true })
    expect(d.withheld.map((w) => w.unmet)).toEqual([
      [{ rule: 'no-renaming-pending', condition: '街路巷正在更名', stated: true, required: false }],
    ])
    expect(codes(decideFollowOns([reversed], { streetRenamingPending: false }).pinned)).toEqual([
      'house-number-allocation',
    ])
    // Every rule with the answer it asks, `== false` as false: what the owner's page says was stated of a held one.
    expect(d.withheld.map((w) => w.onlyIf)).toEqual([
      [{ rule: 'no-renaming-pending', condition: '街路巷正在更名', required: false }],
    ])
  })

  it("says each rule's answer on `onlyIf`, `== true` and `== false` beside each other, held or not", () => {
    const [houseNumber] = followOns
    if (!houseNumber?.onlyIf) throw new Error('fixture changed')
    const mixed = {
      ...houseNumber,
      onlyIf: [
        ...houseNumber.onlyIf,
        {
          code: 'no-renaming-pending',
          description: { zh: '街路巷正在更名', en: 'street being renamed' },
          all: [{ fact: 'streetRenamingPending', op: '==' as const, value: false }],
          source: 'test',
        },
      ],
    }
    const d = decideFollowOns([mixed], {
      entranceOrientationDetermined: true,
      facingStreetNamed: false,
      streetRenamingPending: false,
    })
    expect(d.withheld.map((w) => [w.unmet, w.onlyIf])).toEqual([
      [
        [{ rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: true, required: true }],
        [
          { rule: 'entrance-orientation-determined', condition: '建筑物门口朝向已确定', required: true },
          { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', required: true },
          { rule: 'no-renaming-pending', condition: '街路巷正在更名', required: false },
        ],
      ],
    ])
    // The desk asks the same answers intake reads: the checklist's `required` is the rule's.
    expect(statedFactsAsked([mixed]).map((f) => [f.fact, f.required])).toEqual([
      ['entranceOrientationDetermined', true],
      ['facingStreetNamed', true],
      ['streetRenamingPending', false],
    ])
  })

  it('says no answer for a rule of a shape the catalogue refuses (two facts), on `onlyIf` as on the checklist', () => {
    const [houseNumber] = followOns
    if (!houseNumber?.onlyIf) throw new Error('fixture changed')
    const twoFacts = {
      ...houseNumber,
      onlyIf: [
        {
          code: 'both',
          description: { zh: '朝向已确定且街路巷已命名', en: 'both' },
          all: [
            { fact: 'entranceOrientationDetermined', op: '==' as const, value: true },
            { fact: 'facingStreetNamed', op: '==' as const, value: true },
          ],
          source: 'test',
        },
      ],
    }
    const d = decideFollowOns([twoFacts], { entranceOrientationDetermined: false, facingStreetNamed: true })
    expect(d.withheld.map((w) => [w.unmet, w.onlyIf])).toEqual([
      [
        [{ rule: 'both', condition: '朝向已确定且街路巷已命名', stated: true }],
        [{ rule: 'both', condition: '朝向已确定且街路巷已命名' }],
      ],
    ])
    expect(statedFactsAsked([twoFacts]).map((f) => [f.fact, f.required])).toEqual([
      ['entranceOrientationDetermined', undefined],
      ['facingStreetNamed', undefined],
    ])
  })

  it('pins every follow-on of a step whose follow-ons have no condition, whatever is stated', () => {
    const unconditioned = followOns.map(({ onlyIf: _, ...f }) => f)
    expect(codes(decideFollowOns(unconditioned, {}).pinned)).toEqual(codes(followOns))
  })
})

describe('readStatedFacts — the facts the conditions read from the form', () => {
  it('reads each condition fact once, true or false, and leaves the others of the form alone', () => {
    expect(statedFactNames(followOns)).toEqual(['entranceOrientationDetermined', 'facingStreetNamed'])
    expect(
      readStatedFacts({ entranceOrientationDetermined: false, facingStreetNamed: true, other: 'x' }, followOns),
    ).toEqual({ facts: { entranceOrientationDetermined: false, facingStreetNamed: true }, lines: [] })
    expect(readStatedFacts({}, followOns)).toEqual({ facts: {}, lines: [] })
  })

  it("reads only the form's own fields: a fact named like an Object.prototype member is not stated unless given", () => {
    const [first] = followOns
    if (!first?.onlyIf) throw new Error('fixture changed')
    const rule = {
      ...first.onlyIf[0],
      code: 'reads-constructor',
      all: [{ fact: 'constructor', op: '==' as const, value: true }],
    }
    const reading = [{ ...first, onlyIf: [rule] }] as typeof followOns
    expect(readStatedFacts({}, reading)).toEqual({ facts: {}, lines: [] })
    expect(readStatedFacts({ constructor: true }, reading)).toEqual({ facts: { constructor: true }, lines: [] })
  })

  it('refuses a value that is not true or false, naming the field, rather than guessing what the owner meant', () => {
    expect(readStatedFacts({ facingStreetNamed: 'yes', entranceOrientationDetermined: 1 }, followOns)).toEqual({
      facts: {},
      lines: [
        {
          field: '/form/entranceOrientationDetermined',
          code: 'INTAKE_STATED_FACT_INVALID',
          message: 'must be true or false',
        },
        { field: '/form/facingStreetNamed', code: 'INTAKE_STATED_FACT_INVALID', message: 'must be true or false' },
      ],
    })
  })
})

describe('statedFactsAsked — what the desk asks, from the catalogue the application is decided on', () => {
  it("names each fact of the house number's two rules with the rule's words and the follow-on it decides", () => {
    const followOn = {
      item: 'house-number-allocation',
      itemName: '门牌号码核准发放',
      after: 'engineering-planning-permit',
      afterName: expect.stringContaining('建设工程规划'),
      department: 'public-security',
      departmentName: '汕尾市公安局',
    }
    expect(statedFactsAsked(followOns)).toEqual([
      { fact: 'entranceOrientationDetermined', description: '建筑物门口朝向已确定', followOn, required: true },
      { fact: 'facingStreetNamed', description: '门牌号所朝向的街路巷名称已命名', followOn, required: true },
    ])
  })

  it('says the answer each fact needs as its rule asks it: 否 for `== false`, none where the fact decides nothing alone', () => {
    const [houseNumber] = followOns
    if (!houseNumber?.onlyIf) throw new Error('fixture changed')
    const rule = (code: string, body: object) => ({
      code,
      description: { zh: code, en: code },
      source: 'test',
      ...body,
    })
    const asked = (onlyIf: object[]) =>
      statedFactsAsked([{ ...houseNumber, onlyIf } as typeof houseNumber]).map((f) => [f.fact, f.required])
    expect(asked([rule('not-renaming', { all: [{ fact: 'renaming', op: '==', value: false }] })])).toEqual([
      ['renaming', false],
    ])
    // Read in an `any` rule, the fact alone does not decide; asked both ways, neither answer opens it.
    expect(
      asked([
        rule('either', {
          any: [[{ fact: 'a', op: '==', value: true }], [{ fact: 'b', op: '==', value: true }]],
        }),
      ]),
    ).toEqual([
      ['a', undefined],
      ['b', undefined],
    ])
    expect(
      asked([
        rule('yes', { all: [{ fact: 'a', op: '==', value: true }] }),
        rule('no', { all: [{ fact: 'a', op: '==', value: false }] }),
      ]),
    ).toEqual([['a', undefined]])
  })

  it('asks nothing when no follow-on of the step is conditioned', () => {
    expect(statedFactsAsked(followOns.map(({ onlyIf: _, ...f }) => f))).toEqual([])
  })
})

describe("the follow-on bounds the catalogue validates and the event's schema holds", () => {
  it('are the same numbers in @onewindow/catalogue and @onewindow/contracts', () => {
    expect(catalogue.MAX_FOLLOW_ON_CONDITIONS).toBe(contracts.MAX_FOLLOW_ON_CONDITIONS)
    expect(catalogue.MAX_FOLLOW_ONS).toBe(contracts.MAX_FOLLOW_ONS)
    // One fact a rule: a step's follow-ons read at most MAX_FOLLOW_ONS × MAX_FOLLOW_ON_CONDITIONS, within the checklist's.
    expect(catalogue.MAX_STATED_FACTS).toBe(contracts.MAX_STATED_FACTS)
  })
})
