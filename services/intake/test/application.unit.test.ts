import { loadCatalogue } from '@onewindow/catalogue'
import {
  ApplicationAcceptedV1,
  ApplicationContact,
  type OpenApplicationBody,
  PhoneNumber,
  ResultDeliveryChoice,
  UTILITY_LINE_MAXIMA,
  UtilityHookupNeed,
  UtilityRequestSnapshot,
} from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { ASSESSMENTS } from '../src/assessment-catalogue.js'
import {
  type ApplicationState,
  decideCure,
  decideOpening,
  evolveOnStepDecided,
  evolveOnWithdrawn,
  overdueMaterials,
  stepMaterials,
} from '../src/domain/application.js'
import { stepAssessments } from '../src/domain/land.js'

const catalogue = loadCatalogue('441500')
const step = catalogue.flow('social-simple-low-risk').steps.find((s) => s.step.code === 'six-item-bundle')
if (!step) throw new Error('six-item-bundle is missing from the Shanwei catalogue')
const ctx = {
  catalogue,
  step,
  region: '441500',
  today: '2026-03-02',
  calendar: defaultCalendar(),
  ownerDishonest: false,
}

const m = (code: string) => ({ code, documentRef: `doc://${code}` })
const all = [m('design-scheme'), m('construction-contract'), m('construction-drawings-uploaded')]
const withoutContract = all.filter((x) => x.code !== 'construction-contract')
const body = (extra: Partial<OpenApplicationBody>): OpenApplicationBody => ({
  step: 'six-item-bundle',
  form: {},
  materials: all,
  ...extra,
})
const fieldsOf = (d: ReturnType<typeof decideOpening>) =>
  d.ok
    ? []
    : ((d.error.details?.['errors'] as Array<{ field: string; code: string }>) ?? []).map((e) => `${e.field} ${e.code}`)

describe('the six-item bundle’s material list', () => {
  it('is the union of its items’ materials, 容缺 only where the catalogue allows', () => {
    expect(stepMaterials(step)).toEqual([
      { code: 'design-scheme', name: expect.any(String), required: true, deficiencyAllowed: false },
      { code: 'construction-contract', name: '施工合同', required: true, deficiencyAllowed: true },
      { code: 'construction-drawings-uploaded', name: expect.any(String), required: true, deficiencyAllowed: false },
    ])
  })
})

describe('decideOpening (一窗受理)', () => {
  const cases: Array<{
    name: string
    body: OpenApplicationBody
    dishonest?: boolean
    outcome?: string
    lines?: string[]
  }> = [
    { name: 'everything submitted → accepted', body: body({}), outcome: 'accepted' },
    {
      name: 'the contract owed, promised later → accepted with deficiencies',
      body: body({
        materials: withoutContract,
        deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-20' }],
      }),
      outcome: 'accepted-with-deficiencies',
    },
    {
      name: 'nothing submitted → every required material named',
      body: body({ materials: [] }),
      lines: [
        '/materials/design-scheme INTAKE_MATERIAL_MISSING',
        '/materials/construction-contract INTAKE_MATERIAL_MISSING',
        '/materials/construction-drawings-uploaded INTAKE_MATERIAL_MISSING',
      ],
    },
    {
      name: 'every kind of problem at once → one notice with every line',
      body: body({
        materials: [m('no-such'), m('design-scheme'), m('design-scheme')],
        deficiencies: [
          { code: 'construction-drawings-uploaded', promisedOn: '2026-03-20' },
          { code: 'construction-contract', promisedOn: '2026-03-02' },
          { code: 'mystery', promisedOn: '2026-03-20' },
        ],
        commitments: [
          { item: 'power-hookup-application' },
          { item: 'first-registration' },
          { item: 'construction-permit' },
          { item: 'construction-permit' },
        ],
      }),
      lines: [
        '/materials/0/code INTAKE_MATERIAL_UNKNOWN',
        '/materials/2/code INTAKE_MATERIAL_DUPLICATE',
        '/deficiencies/0 INTAKE_DEFICIENCY_NOT_ALLOWED',
        '/deficiencies/1/promisedOn INTAKE_PROMISED_DATE_NOT_FUTURE',
        '/deficiencies/2/code INTAKE_MATERIAL_UNKNOWN',
        '/commitments/0/item INTAKE_COMMITMENT_NOT_ALLOWED',
        '/commitments/1/item INTAKE_COMMITMENT_ITEM_NOT_IN_STEP',
        '/commitments/3/item INTAKE_COMMITMENT_DUPLICATE',
      ],
    },
    {
      name: 'an owner on the dishonesty list asks for 容缺 → refused in the notice',
      body: body({
        materials: withoutContract,
        deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-20' }],
      }),
      dishonest: true,
      lines: ['/deficiencies INTAKE_OWNER_ON_DISHONESTY_LIST'],
    },
    {
      // 004:2235: 不允许其通过告知承诺、容缺受理等方式办理有关手续 — both, each at its own field, in one notice.
      name: 'an owner on the dishonesty list asks for 告知承诺 → refused in the notice',
      body: body({ commitments: [{ item: 'construction-permit' }] }),
      dishonest: true,
      lines: ['/commitments INTAKE_OWNER_ON_DISHONESTY_LIST'],
    },
    {
      name: 'an owner on the dishonesty list asks for 容缺 and 告知承诺 → both refused in one notice',
      body: body({
        materials: withoutContract,
        deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-20' }],
        commitments: [{ item: 'construction-permit' }],
      }),
      dishonest: true,
      lines: ['/deficiencies INTAKE_OWNER_ON_DISHONESTY_LIST', '/commitments INTAKE_OWNER_ON_DISHONESTY_LIST'],
    },
    {
      name: 'an owner not on the list asks for 告知承诺 → accepted',
      body: body({ commitments: [{ item: 'construction-permit' }] }),
      outcome: 'accepted',
    },
    {
      name: 'an owner on the dishonesty list with everything submitted → accepted',
      body: body({}),
      dishonest: true,
      outcome: 'accepted',
    },
    {
      name: 'an impossible promised date → refused',
      body: body({
        materials: withoutContract,
        deficiencies: [{ code: 'construction-contract', promisedOn: '2026-02-30' }],
      }),
      lines: ['/deficiencies/0/promisedOn INTAKE_PROMISED_DATE_NOT_FUTURE'],
    },
  ]

  it.each(cases)('$name', ({ body: b, dishonest, outcome, lines }) => {
    const decision = decideOpening(b, { ...ctx, ownerDishonest: dishonest ?? false })
    if (outcome) {
      expect(decision.ok, JSON.stringify(decision)).toBe(true)
      if (decision.ok) expect(decision.value.outcome).toBe(outcome)
    } else {
      expect(decision.ok).toBe(false)
      if (!decision.ok) expect(decision.error.code).toBe('INTAKE_APPLICATION_INCOMPLETE')
      expect(fieldsOf(decision)).toEqual(lines)
    }
  })

  it('fills every item with department, names, limits (the step’s when the item has none) and procedures', () => {
    const decision = decideOpening(body({ commitments: [{ item: 'construction-permit' }] }), ctx)
    if (!decision.ok) throw new Error(decision.error.message)
    expect(decision.value.items).toHaveLength(6)
    expect(decision.value.items.find((i) => i.item === 'construction-permit')).toEqual({
      item: 'construction-permit',
      department: 'housing-construction',
      itemName: '建筑工程施工许可证核发',
      departmentName: '汕尾市住房城乡建设局',
      // 行政许可法第四十二条 beside the city's promise: 20 W, extendable once by 10 W; 专家评审 may stop it (Art. 45).
      statutoryLimit: { value: 20, unit: 'W' },
      statutoryExtension: { value: 10, unit: 'W' },
      committedLimit: { value: 4, unit: 'W' },
      specialProcedures: [{ kind: 'expert-review' }],
      onCommitment: true,
      // 指南之外无材料: what the item's guide asks of the owner, which bounds its department's 补正.
      materials: ['construction-contract', 'construction-drawings-uploaded'],
    })
    // 20 W from Monday 2 March (the acceptance day not counted).
    expect(decision.value.commitments).toEqual([
      { item: 'construction-permit', verifyBy: '2026-03-30', limit: { value: 20, unit: 'W' } },
    ])
  })
})

describe('告知承诺 barred by a commitment found not kept (004:1860 禁止选择告知承诺)', () => {
  const commitment = body({ commitments: [{ item: 'construction-permit' }] })
  const bar = { until: '2026-03-31', item: 'construction-permit', department: 'housing-construction' }
  const open = (today: string, b = commitment) => decideOpening(b, { ...ctx, today, commitmentBar: bar })

  it('refuses the owner’s commitments through the bar’s last day, naming the field and the day', () => {
    for (const today of ['2026-03-02', '2026-03-31']) {
      const decision = open(today)
      expect(fieldsOf(decision), today).toEqual(['/commitments INTAKE_OWNER_BARRED_FROM_COMMITMENT'])
      if (!decision.ok) expect(JSON.stringify(decision.error.details)).toContain('until 2026-03-31')
    }
  })

  it('takes them from the day after, and takes an application without commitments while barred', () => {
    const after = open('2026-04-01')
    expect(after.ok, JSON.stringify(after)).toBe(true)
    const plain = open('2026-03-02', body({}))
    expect(plain.ok, JSON.stringify(plain)).toBe(true)
  })
})

describe('curing and the step decision', () => {
  const state = (s: Partial<ApplicationState>): ApplicationState => ({
    status: 'open',
    certificate: 'none',
    owed: ['a', 'b'],
    ...s,
  })

  it.each([
    { given: state({}), codes: ['a'], expected: { cured: ['a'], remaining: ['b'], release: false } },
    { given: state({}), codes: ['a', 'b'], expected: { cured: ['a', 'b'], remaining: [], release: false } },
    {
      given: state({ status: 'approved', certificate: 'withheld', owed: ['a'] }),
      codes: ['a'],
      expected: { cured: ['a'], remaining: [], release: true },
    },
    {
      given: state({ status: 'approved', certificate: 'withheld' }),
      codes: ['b'],
      expected: { cured: ['b'], remaining: ['a'], release: false },
    },
  ])('cures $codes of $given.owed ($given.status)', ({ given, codes, expected }) => {
    expect(decideCure(given, codes)).toEqual({ ok: true, value: expected })
  })

  it.each([
    { given: state({ owed: [] }), codes: ['a'], code: 'INTAKE_NOTHING_OWED' },
    { given: state({}), codes: ['a', 'z'], code: 'INTAKE_MATERIAL_NOT_OWED' },
    { given: state({}), codes: ['a', 'a'], code: 'INTAKE_MATERIAL_NOT_OWED' },
    { given: state({ status: 'rejected' }), codes: ['a'], code: 'INTAKE_APPLICATION_CLOSED' },
    { given: state({ status: 'withdrawn' }), codes: ['a'], code: 'INTAKE_APPLICATION_CLOSED' },
  ])('refuses $codes of $given.owed with $code', ({ given, codes, code }) => {
    const d = decideCure(given, codes)
    expect(d.ok ? undefined : d.error.code).toBe(code)
  })

  it.each([
    {
      given: state({ owed: [] }),
      outcome: 'approved' as const,
      expected: { status: 'approved', certificate: 'released', release: true },
    },
    {
      given: state({}),
      outcome: 'approved' as const,
      expected: { status: 'approved', certificate: 'withheld', release: false },
    },
    {
      given: state({}),
      outcome: 'rejected' as const,
      expected: { status: 'rejected', certificate: 'none', release: false },
    },
    { given: state({ status: 'approved' }), outcome: 'rejected' as const, expected: undefined },
  ])('step $outcome with $given.owed owed → $expected', ({ given, outcome, expected }) => {
    expect(evolveOnStepDecided(given, outcome)).toEqual(expected)
  })

  it.each([
    { given: state({}), expected: { status: 'withdrawn', certificate: 'none', release: false } },
    { given: state({ status: 'approved', certificate: 'withheld' }), expected: undefined },
    { given: state({ status: 'withdrawn' }), expected: undefined },
  ])('撤回 of a $given.status application → $expected', ({ given, expected }) => {
    expect(evolveOnWithdrawn(given)).toEqual(expected)
  })
})

describe('form.utilities (报装 named once in the combined form)', () => {
  it('passes well-formed hookups on with the acceptance', () => {
    const utilities = [
      { provider: 'water', lengthM: 120, diameterMm: 150 },
      { provider: 'power', lengthM: 80, voltageKv: 10, newChannel: true, newChannelLengthM: 60, greenSpaceM2: 0 },
      // Whether the line crosses a city main road is a fact Shanwei's low-risk test reads (004:1848–1850).
      { provider: 'gas', lengthM: 200, diameterMm: 100, onMainRoad: false },
    ]
    const d = decideOpening(body({ form: { utilities } }), ctx)
    expect(d.ok && d.value.utilities).toEqual(utilities)
  })

  it('has none when the form names none', () => {
    const d = decideOpening(body({ form: { name: 'x' } }), ctx)
    expect(d.ok && d.value.utilities).toEqual([])
  })

  it('names every bad field in the one notice, beside the other problems', () => {
    const d = decideOpening(
      body({
        materials: withoutContract,
        form: {
          utilities: [
            { provider: 'steam', lengthM: 10 },
            { provider: 'gas', lengthM: -1, diameterMm: 'DN100', colour: 'red' },
            { provider: 'power', lengthM: 5, newChannel: 'no', newChannelLengthM: -1, onMainRoad: 'yes' },
            { provider: 'power', lengthM: 5 },
            'water',
          ],
        },
      }),
      ctx,
    )
    expect(d.ok).toBe(false)
    expect(fieldsOf(d)).toEqual([
      '/materials/construction-contract INTAKE_MATERIAL_MISSING',
      '/form/utilities/0/provider INTAKE_UTILITY_INVALID',
      '/form/utilities/1/lengthM INTAKE_UTILITY_INVALID',
      '/form/utilities/1/diameterMm INTAKE_UTILITY_INVALID',
      '/form/utilities/1/colour INTAKE_UTILITY_INVALID',
      '/form/utilities/2/newChannelLengthM INTAKE_UTILITY_INVALID',
      '/form/utilities/2/newChannel INTAKE_UTILITY_INVALID',
      '/form/utilities/2/onMainRoad INTAKE_UTILITY_INVALID',
      '/form/utilities/3/provider INTAKE_UTILITY_INVALID',
      '/form/utilities/4 INTAKE_UTILITY_INVALID',
    ])
  })

  // The hookups travel in the acceptance event, which is validated on publish: a measure the event cannot carry is
  // named in the notice instead of failing the acceptance after the clerk pressed accept.
  it('refuses a measure beyond what the acceptance event carries, and passes on one at the bound', () => {
    const atBound = {
      provider: 'power',
      lengthM: UTILITY_LINE_MAXIMA.lengthM,
      voltageKv: UTILITY_LINE_MAXIMA.voltageKv,
    }
    const over = [
      { provider: 'water', lengthM: UTILITY_LINE_MAXIMA.lengthM + 1 },
      { provider: 'gas', lengthM: 10, diameterMm: 1e12 },
    ]
    expect(fieldsOf(decideOpening(body({ form: { utilities: [...over, atBound] } }), ctx))).toEqual([
      '/form/utilities/0/lengthM INTAKE_UTILITY_INVALID',
      '/form/utilities/1/diameterMm INTAKE_UTILITY_INVALID',
    ])
    const d = decideOpening(body({ form: { utilities: [atBound] } }), ctx)
    expect(d.ok && d.value.utilities).toEqual([atBound])
    expect(Value.Check(UtilityHookupNeed, atBound)).toBe(true)
    for (const hookup of over) expect(Value.Check(UtilityHookupNeed, hookup)).toBe(false)
  })

  it('refuses utilities that are not a list', () => {
    expect(fieldsOf(decideOpening(body({ form: { utilities: { provider: 'water' } } }), ctx))).toEqual([
      '/form/utilities INTAKE_UTILITY_INVALID',
    ])
  })
})

// 联合报装: the providers arrange the survey with the applicant, so the desk's 申请联系人/联系电话 go with the hookups
// rather than the owner being asked for them again.
describe('form.contact and form.phone (申请联系人/联系电话) with the hookups', () => {
  const water = [{ provider: 'water', lengthM: 120 }]

  it('passes the desk’s contact on with the hookups, trimmed; either alone; none without hookups', () => {
    const both = decideOpening(body({ form: { utilities: water, contact: ' 李工 ', phone: '0660-3312345' } }), ctx)
    expect(both.ok && both.value.contact).toEqual({ name: '李工', phone: '0660-3312345' })
    const phoneOnly = decideOpening(body({ form: { utilities: water, phone: '13800000000' } }), ctx)
    expect(phoneOnly.ok && phoneOnly.value.contact).toEqual({ phone: '13800000000' })
    const neither = decideOpening(body({ form: { utilities: water } }), ctx)
    expect(neither.ok && neither.value).not.toHaveProperty('contact')
    // No provider to call: the form keeps them as given and nothing carries them on.
    const noHookups = decideOpening(body({ form: { contact: '李工', phone: 'x'.repeat(500) } }), ctx)
    expect(noHookups.ok && noHookups.value).not.toHaveProperty('contact')
  })

  it('names a contact the event cannot carry in the one notice, beside the other problems', () => {
    const d = decideOpening(
      body({
        materials: withoutContract,
        form: { utilities: water, contact: '  ', phone: '1'.repeat(41) },
      }),
      ctx,
    )
    expect(fieldsOf(d)).toEqual([
      '/materials/construction-contract INTAKE_MATERIAL_MISSING',
      '/form/contact INTAKE_CONTACT_INVALID',
      '/form/phone INTAKE_CONTACT_INVALID',
    ])
    expect(fieldsOf(decideOpening(body({ form: { utilities: water, contact: 7 } }), ctx))).toEqual([
      '/form/contact INTAKE_CONTACT_INVALID',
    ])
    const atBound = decideOpening(
      body({ form: { utilities: water, contact: '李'.repeat(100), phone: '1'.repeat(25) } }),
      ctx,
    )
    expect(atBound.ok && Value.Check(ApplicationContact, atBound.value.contact)).toBe(true)
    expect(Value.Check(ApplicationContact, { name: '李'.repeat(101) })).toBe(false)
    expect(Value.Check(ApplicationContact, { phone: '1'.repeat(41) })).toBe(false)
  })

  it('takes a 联系电话 only as a phone number, as the result-delivery phone is', () => {
    const phone = (v: unknown) => decideOpening(body({ form: { utilities: water, phone: v } }), ctx)
    for (const ok of ['0660-3388123', '+86 660 3388123', '13800000000', ' 0757-83331234 ']) {
      const d = phone(ok)
      expect(d.ok && d.value.contact, ok).toEqual({ phone: ok.trim() })
    }
    for (const bad of ['1'.repeat(26), '0771-1234567 转 8', '李工', '12-3', 'tel:13800000000', 7])
      expect(fieldsOf(phone(bad)), String(bad)).toEqual(['/form/phone INTAKE_CONTACT_INVALID'])
    // One definition: the phone a result is posted to (the schemas' own values, whatever TypeBox's types say).
    const patternOf = (schema: object) => (schema as { pattern?: string }).pattern
    expect(patternOf(ResultDeliveryChoice.properties.phone)).toBe(patternOf(PhoneNumber))
    expect(patternOf(PhoneNumber)).toBeDefined()
  })

  it('an acceptance event written before it carried the contact still reads', () => {
    const old = {
      applicationId: '0195a000-0000-7000-8000-000000000001',
      projectId: '0195a000-0000-7000-8000-000000000002',
      projectCode: '2026-441500-47-01-000001',
      stage: 'construction-permit',
      catalogueVersion: 'test',
      acceptedAt: '2026-03-02T01:00:00.000Z',
      acceptedOn: '2026-03-02',
      withDeficiencies: false,
      items: [{ item: 'construction-permit', department: 'housing-construction' }],
      utilities: [{ provider: 'water', lengthM: 120 }],
    }
    expect(Value.Check(ApplicationAcceptedV1.schema, old)).toBe(true)
    expect(Value.Check(ApplicationAcceptedV1.schema, { ...old, contact: { name: '李工' } })).toBe(true)
    // The desk took any text of up to 40 characters as a phone before it asked for a phone number: such an event
    // still reads, so no consumer (utility keeps the contact on its requests, the gateway) dead-letters it.
    const freeText = { ...old, contact: { name: '李工', phone: '0771-1234567 转 8（工作日）' } }
    expect(Value.Check(ApplicationAcceptedV1.schema, freeText)).toBe(true)
    expect(Value.Check(UtilityRequestSnapshot.properties.applicationContact, freeText.contact)).toBe(true)
  })
})

describe('overdueMaterials (容缺 past its promised day)', () => {
  const owed = [
    { material: 'a', promisedOn: '2026-03-05' },
    { material: 'b', promisedOn: '2026-03-06' },
    { material: 'c', promisedOn: '2026-03-07' },
  ]
  it.each([
    ['open', '2026-03-05', []],
    ['open', '2026-03-06', ['a']],
    ['open', '2026-03-07', ['a', 'b']],
    ['approved', '2026-03-08', ['a', 'b', 'c']],
    ['rejected', '2026-03-08', []],
    ['withdrawn', '2026-03-08', []],
  ] as const)('a %s application on %s owes past their day: %j', (status, today, expected) => {
    expect(overdueMaterials({ status, owed }, today).map((d) => d.material)).toEqual(expected)
  })

  it.each(['1999-12-31', '2026-02-30', 'Invalid Date'])('cannot judge a stored promise of %s, and throws', (day) => {
    expect(() =>
      overdueMaterials({ status: 'open', owed: [{ material: 'a', promisedOn: day }] }, '2026-03-08'),
    ).toThrow(/date/i)
  })
})

/** Shanwei's 拿地即开工 eight-item bundle, the step that asks for assessment reports, and its own materials. */
function eightItemBundle() {
  const eight = catalogue
    .flow('industrial-land-start-on-acquisition', {
      landUse: 'industrial',
      schemeReviewedBeforeSale: true,
      exclusions: [],
    })
    .steps.find((s) => s.step.code === 'eight-item-bundle')
  if (!eight) throw new Error('eight-item-bundle is missing from the Shanwei catalogue')
  return { eight, plain: stepMaterials(eight).map((x) => m(x.code)) }
}

describe('decideOpening with an assessed area (区域评估, 004:2265)', () => {
  const { eight, plain } = eightItemBundle()
  const area = {
    areaId: '0192f000-0000-7000-8000-0000000000a1',
    code: 'park',
    name: '产业园',
    kind: 'park' as const,
    region: '441500',
    results: [
      { subject: 'seismic-safety' as const, documentRef: 'doc://s.pdf', issuedOn: '2026-01-15', assessedBy: '市政府' },
    ],
    exceptions: [],
    publishedAt: '2026-03-02T01:00:00.000Z',
    publishedOn: '2026-03-02',
    publishedBy: 'admin:a',
  }
  const open = (materials: typeof plain, inArea: boolean) =>
    decideOpening(
      { step: 'eight-item-bundle', form: {}, materials },
      { ...ctx, step: eight, assessments: stepAssessments('eight-item-bundle', inArea ? area : undefined) },
    )
  const reports = ASSESSMENTS.map((a) => m(a.material.code))

  it('asks a project outside the area for the seismic report, and one inside it not, citing the result', () => {
    expect(fieldsOf(open(plain, false))).toContain('/materials/seismic-safety-evaluation INTAKE_MATERIAL_MISSING')
    const others = reports.filter((r) => r.code !== 'seismic-safety-evaluation')
    const inside = open([...plain, ...others], true)
    expect(inside.ok).toBe(true)
    if (!inside.ok) return
    expect(inside.value.coveredAssessments).toEqual([
      expect.objectContaining({ subject: 'seismic-safety', areaId: area.areaId, documentRef: 'doc://s.pdf' }),
    ])
    expect(inside.value.checklist).not.toContain('seismic-safety-evaluation')
    // Every item's guide takes the reports asked, and none the covered one (collected upstream, 004:1070): no
    // department's 补正 may ask the owner for it.
    for (const item of inside.value.items) {
      expect(item.materials, item.item).toEqual(expect.arrayContaining(others.map((r) => r.code)))
      expect(item.materials, item.item).not.toContain('seismic-safety-evaluation')
    }
  })

  it('refuses the covered report handed in anyway, naming the area', () => {
    expect(fieldsOf(open([...plain, ...reports], true))).toEqual([
      `/materials/${plain.length + 3}/code INTAKE_MATERIAL_COVERED_BY_AREA`,
    ])
  })
})

describe('decideOpening with a report an intermediary delivered (中介服务, 004:1792)', () => {
  const { eight, plain } = eightItemBundle()
  const delivered = {
    subject: 'environmental-impact' as const,
    engagementId: '0192f000-0000-7000-8000-00000000e001',
    serviceName: '环境影响报告书（表）编制',
    intermediaryName: '汕尾市示例环境科技有限公司',
    documentRef: 'doc://eia/report-final.pdf',
    deliveredOn: '2026-02-20',
  }
  const open = (materials: typeof plain) =>
    decideOpening(
      { step: 'eight-item-bundle', form: {}, materials },
      { ...ctx, step: eight, assessments: stepAssessments('eight-item-bundle', undefined, [delivered]) },
    )
  const others = ASSESSMENTS.filter((a) => a.material.code !== 'environmental-impact-report').map((a) =>
    m(a.material.code),
  )

  it('accepts the application without the owner’s copy, citing the engagement, and leaves it off the checklist', () => {
    const accepted = open([...plain, ...others])
    expect(accepted.ok).toBe(true)
    if (!accepted.ok) return
    expect(accepted.value.deliveredReports).toEqual([
      { ...delivered, material: 'environmental-impact-report', name: '环境影响报告' },
    ])
    expect(accepted.value.checklist).not.toContain('environmental-impact-report')
  })

  it('refuses the owner’s copy handed in anyway, naming the intermediary and its report', () => {
    const refused = open([...plain, ...others, m('environmental-impact-report')])
    expect(fieldsOf(refused)).toEqual([
      `/materials/${plain.length + others.length}/code INTAKE_MATERIAL_DELIVERED_BY_INTERMEDIARY`,
    ])
    if (refused.ok) return
    expect(JSON.stringify(refused.error)).toContain('doc://eia/report-final.pdf')
  })
})
