import { loadCatalogue } from '@onewindow/catalogue'
import { type UtilityActionBody, UtilityRequestSnapshot } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import fc from 'fast-check'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { governmentDepartmentOf, permitDepartmentOf, permitsLimitOf, permitsListedOf } from '../src/catalogue.js'
import { isLowRisk, type Line, LOW_RISK_TYPE, type Provider, permitsExemptionOf } from '../src/domain/low-risk.js'
import {
  type ActionContext,
  connectOnAcceptance,
  decide,
  decideAsDepartment,
  isPermitsPause,
  openRequests,
  PERMITS_PAUSE,
  permitsDueToday,
  raisePermitsClockAlerts,
  type UtilityRequest,
} from '../src/domain/request.js'

const foshan = loadCatalogue('440600').projectType(LOW_RISK_TYPE)
const shanwei = loadCatalogue('441500').projectType(LOW_RISK_TYPE)

describe("permitsLimitOf: the outside-line permits' limit is the region's own, or none", () => {
  it("Qinzhou: 3 W, its outside-line step (000:126); Shanwei: 3 W, the type's cap (004:1774)", () => {
    expect(permitsLimitOf(loadCatalogue('450700'))?.limit).toEqual({ value: 3, unit: 'W' })
    expect(permitsLimitOf(loadCatalogue('441500'))?.limit).toEqual({ value: 3, unit: 'W' })
    // The source the permits clock's pause names, read with the limit: each region's own seed line.
    expect(permitsLimitOf(loadCatalogue('450700'))?.source).toBe('seeds/000_5ff03a50698aa736.txt:126')
    expect(permitsLimitOf(loadCatalogue('441500'))?.source).toBe('seeds/004_33317a5f04b53a73.txt:1774')
    expect(permitsLimitOf(loadCatalogue('440600'))?.source).toBeUndefined()
  })

  it("Foshan sets none (004:2197): no limit, not Qinzhou's borrowed", () => {
    expect(permitsLimitOf(loadCatalogue('440600'))).toBeUndefined()
  })

  it('a region whose catalogue (or its parents) has no outside-line type, or no catalogue at all: none', () => {
    expect(permitsLimitOf(loadCatalogue('440000'))).toBeUndefined()
    expect(permitsLimitOf(loadCatalogue('000000'))).toBeUndefined()
    expect(permitsLimitOf(undefined)).toBeUndefined()
  })
})

describe('governmentDepartmentOf: who may decide an outside-line permit', () => {
  it("a government department of the region's catalogue, by its name there; a utility company or an unknown code: none", () => {
    const foshan = governmentDepartmentOf(loadCatalogue('440600'))
    expect(foshan('urban-management')).toBe('佛山市城管执法局')
    expect(foshan('transport')).toBe('佛山市交通运输局')
    expect(foshan('power-supply')).toBeUndefined()
    expect(foshan('no-such-bureau')).toBeUndefined()
  })
})

describe("isLowRisk: the region's catalogue rule", () => {
  // Foshan, 004:2139: pipes ≤ 500 m, ≤ DN200, green ≤ 200 m²; power ≤ 380 V, or 10/20 kV with no new channel or
  // a new one ≤ 1,000 m with green ≤ 300 m².
  const foshanCases: Array<[Provider, Line, boolean]> = [
    ['water', { lengthM: 500, diameterMm: 200, greenSpaceM2: 200 }, true],
    ['water', { lengthM: 500.1, diameterMm: 200 }, false],
    ['water', { lengthM: 100, diameterMm: 201 }, false],
    ['water', { lengthM: 100, diameterMm: 100, greenSpaceM2: 200.5 }, false],
    ['water', { lengthM: 100 }, false],
    ['gas', { lengthM: 0, diameterMm: 0 }, true],
    ['gas', { lengthM: 501, diameterMm: 100 }, false],
    ['drainage', { lengthM: 499, diameterMm: 200 }, true],
    ['drainage', { lengthM: 100, diameterMm: 300 }, false],
    ['power', { lengthM: 2000, voltageKv: 0.38 }, true],
    ['power', { lengthM: 10, voltageKv: 0.4 }, false],
    ['power', { lengthM: 10, voltageKv: 10, newChannel: false }, true],
    ['power', { lengthM: 10, voltageKv: 20, newChannel: false }, true],
    ['power', { lengthM: 10, voltageKv: 10 }, false],
    ['power', { lengthM: 10, voltageKv: 10, newChannel: true }, false],
    ['power', { lengthM: 10, voltageKv: 10, newChannel: true, newChannelLengthM: 1000, greenSpaceM2: 300 }, true],
    ['power', { lengthM: 10, voltageKv: 10, newChannel: true, newChannelLengthM: 1001 }, false],
    ['power', { lengthM: 10, voltageKv: 35, newChannel: false }, false],
    ['power', { lengthM: 10 }, false],
    ['telecom', { lengthM: 1 }, false],
  ]
  it.each(foshanCases)('Foshan: %s %j → %s', (provider, line, expected) => {
    expect(isLowRisk(foshan, provider, line)).toBe(expected)
  })

  // Shanwei, 004:1848–1850: only water, gas and drainage; not on a main road; ≤ 300 m, ≤ DN200, green ≤ 200 m².
  const shanweiCases: Array<[Provider, Line, boolean]> = [
    ['water', { lengthM: 300, diameterMm: 200, onMainRoad: false }, true],
    ['water', { lengthM: 400, diameterMm: 200, onMainRoad: false }, false],
    ['water', { lengthM: 100, diameterMm: 100, onMainRoad: true }, false],
    ['water', { lengthM: 100, diameterMm: 100 }, false],
    ['power', { lengthM: 10, voltageKv: 0.38 }, false],
  ]
  it.each(shanweiCases)('Shanwei: %s %j → %s', (provider, line, expected) => {
    expect(isLowRisk(shanwei, provider, line)).toBe(expected)
  })

  it('a region without the rule exempts nothing', () => {
    expect(isLowRisk(undefined, 'water', { lengthM: 1, diameterMm: 1 })).toBe(false)
  })

  it('never makes a Foshan pipe low risk once any threshold is exceeded', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Provider>('water', 'gas', 'drainage'),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 600, noNaN: true }),
        fc.double({ min: 0, max: 600, noNaN: true }),
        (provider, lengthM, diameterMm, greenSpaceM2) => {
          const under = lengthM <= 500 && diameterMm <= 200 && greenSpaceM2 <= 200
          expect(isLowRisk(foshan, provider, { lengthM, diameterMm, greenSpaceM2 })).toBe(under)
        },
      ),
    )
  })
})

const AT = '2026-03-02T01:00:00.000Z'
const LATER = '2026-03-03T02:00:00.000Z'
/** Shanwei's 3 W (004:1774), as its catalogue gives it. */
const THREE_W = permitsLimitOf(loadCatalogue('441500'))?.limit
const ctx = (over: Partial<ActionContext> = {}): ActionContext => ({
  at: LATER,
  today: '2026-03-03',
  acceptancePassed: false,
  ...(THREE_W ? { permitsLimit: THREE_W } : {}),
  ...over,
})
/** A region that sets no limit (Foshan). */
const noLimit = (): ActionContext => ({ at: LATER, today: '2026-03-03', acceptancePassed: false })

const open = (provider: Provider, line: Line): UtilityRequest => {
  const [r] = openRequests(
    {
      applicationId: 'app-1',
      projectId: 'project-1',
      utilities: [{ provider, ...line }],
      ...(foshan ? { lowRisk: foshan } : {}),
    },
    ['req-1'],
    AT,
  )
  if (!r) throw new Error('not opened')
  return r
}

type PermitKind = UtilityRequest['permits'][number]['kind']
/** The department's grant as the provider records it from the written decision. */
const grant = (kind: PermitKind, over: Partial<{ department: string; documentNo: string; decidedOn: string }> = {}) =>
  ({
    action: 'permit-granted',
    kind,
    department: 'urban-management',
    documentNo: '佛城管许〔2026〕12号',
    decidedOn: '2026-03-03',
    ...over,
  }) as const satisfies UtilityActionBody

/** Runs actions in order, failing on the first refusal. */
const run = (r: UtilityRequest, actions: UtilityActionBody[], c = ctx()) =>
  actions.reduce((acc, a) => {
    const d = decide(acc, a, c)
    if (!d.ok) throw new Error(`${a.action}: ${d.error.code}`)
    return d.value.request
  }, r)

describe('openRequests', () => {
  it('opens one request per provider at survey, version 1, the line kept whole', () => {
    const rs = openRequests(
      {
        applicationId: 'a',
        projectId: 'p',
        utilities: [
          { provider: 'water', lengthM: 100, diameterMm: 150 },
          { provider: 'power', lengthM: 50, voltageKv: 10, newChannel: false },
          { provider: 'water', lengthM: 900, diameterMm: 400 },
        ],
        ...(foshan ? { lowRisk: foshan } : {}),
      },
      ['r1', 'r2', 'r3'],
      AT,
    )
    expect(rs.map((r) => [r.requestId, r.provider, r.stage, r.lowRisk, r.version])).toEqual([
      ['r1', 'water', 'survey', true, 1],
      ['r2', 'power', 'survey', true, 1],
    ])
    expect(rs[0]?.line).toEqual({ lengthM: 100, diameterMm: 150 })
  })
})

describe('非禁免批 of the project type (outsideLinePermitsExempt)', () => {
  const foshanCatalogue = loadCatalogue('440600')
  const simpleLowRisk = foshanCatalogue.projectType('social-simple-low-risk')
  const withScheme = foshanCatalogue.projectType('industrial-land-with-scheme')
  /** A line well over Foshan's thresholds (500 m, DN200, 200 m² of green, 004:2139). */
  const long = { lengthM: 600, diameterMm: 300, greenSpaceM2: 250 }
  const openFor = (projectType: typeof simpleLowRisk) =>
    openRequests(
      {
        applicationId: 'a',
        projectId: 'p',
        utilities: [
          { provider: 'water', ...long },
          { provider: 'drainage', ...long },
          { provider: 'power', lengthM: 2000, voltageKv: 10, newChannel: true, newChannelLengthM: 1500 },
          { provider: 'gas', ...long },
          { provider: 'telecom', lengthM: 600 },
        ],
        ...(foshan ? { lowRisk: foshan } : {}),
        ...(projectType ? { projectType } : {}),
      },
      ['r1', 'r2', 'r3', 'r4', 'r5'],
      AT,
    )
  const EXEMPTION = {
    projectType: 'social-simple-low-risk',
    projectTypeName: '社会投资简易低风险工程建设项目',
    source: 'seeds/004_33317a5f04b53a73.txt:2159',
  }

  it("frees a simple low-risk project's water, drainage, power and gas lines whatever their measures, saying why", () => {
    const rs = openFor(simpleLowRisk)
    expect(rs.map((r) => [r.provider, r.lowRisk, r.permitsExemption])).toEqual([
      ['water', true, EXEMPTION],
      ['drainage', true, EXEMPTION],
      ['power', true, EXEMPTION],
      ['gas', true, EXEMPTION],
      // 004:2159 does not name telecom: its line is left to the region's thresholds (and fails them: no rule for it).
      ['telecom', false, undefined],
    ])
    const [water] = rs
    if (!water) throw new Error('not opened')
    // A 600 m line is filed, not sent for permits: no department decides, no clock runs.
    const planned = run(water, [{ action: 'survey-done' }, { action: 'plan-done' }], noLimit())
    expect(planned).toMatchObject({
      stage: 'construction',
      permits: [
        { kind: 'road-excavation', status: 'filed', filedOn: '2026-03-03' },
        { kind: 'green-space', status: 'filed', filedOn: '2026-03-03' },
      ],
      permitsExemption: EXEMPTION,
    })
    expect(planned.permitsClock).toBeUndefined()
  })

  it('leaves another type of the same region to the thresholds: the same long line needs its permits', () => {
    const rs = openFor(withScheme)
    expect(rs.map((r) => [r.provider, r.lowRisk, r.permitsExemption])).toEqual([
      ['water', false, undefined],
      ['drainage', false, undefined],
      ['power', false, undefined],
      ['gas', false, undefined],
      ['telecom', false, undefined],
    ])
    const planned = run(rs[0] as UtilityRequest, [{ action: 'survey-done' }, { action: 'plan-done' }], noLimit())
    expect(planned).toMatchObject({
      stage: 'outside-line-permits',
      permits: [
        { kind: 'road-excavation', status: 'requested' },
        { kind: 'green-space', status: 'requested' },
      ],
    })
    // No type at all (a catalogue that does not know it): the thresholds decide, a short line is still low risk.
    const [short] = openRequests(
      {
        applicationId: 'a',
        projectId: 'p',
        utilities: [{ provider: 'water', lengthM: 100, diameterMm: 100 }],
        ...(foshan ? { lowRisk: foshan } : {}),
      },
      ['r1'],
      AT,
    )
    expect(short).toMatchObject({ lowRisk: true })
    expect(short?.permitsExemption).toBeUndefined()
  })

  it("is not another region's: Shanwei's simple low-risk type carries no exemption", () => {
    expect(loadCatalogue('441500').projectType('social-simple-low-risk')?.outsideLinePermitsExempt).toBeUndefined()
    expect(permitsExemptionOf(loadCatalogue('441500').projectType('social-simple-low-risk'), 'water')).toBeUndefined()
    expect(permitsExemptionOf(simpleLowRisk, 'telecom')).toBeUndefined()
    expect(permitsExemptionOf(undefined, 'water')).toBeUndefined()
  })
})

describe('the provider stage machine', () => {
  it('low risk: survey → plan → permits filed, straight on to construction, no permits clock', () => {
    const r = run(open('water', { lengthM: 100, diameterMm: 100, greenSpaceM2: 50 }), [
      { action: 'survey-done' },
      { action: 'plan-done' },
    ])
    expect(r).toMatchObject({
      stage: 'construction',
      version: 3,
      permits: [
        { kind: 'road-excavation', status: 'filed' },
        { kind: 'green-space', status: 'filed' },
      ],
    })
    expect(r.permitsClock).toBeUndefined()
  })

  it('over the thresholds: permits requested in parallel under a 3 W clock; construction once all are granted', () => {
    const planned = run(open('gas', { lengthM: 800, diameterMm: 300 }), [
      { action: 'survey-done' },
      { action: 'plan-done', permits: ['road-excavation', 'road-related'] },
    ])
    expect(planned).toMatchObject({
      stage: 'outside-line-permits',
      permits: [
        { kind: 'road-excavation', status: 'requested' },
        { kind: 'road-related', status: 'requested' },
      ],
      permitsClock: { limit: { value: 3, unit: 'W' }, start: '2026-03-03', suspensions: [] },
    })
    const one = run(planned, [grant('road-related')])
    expect(one.stage).toBe('outside-line-permits')
    expect(one.permitsDoneAt).toBeUndefined()
    const both = run(one, [grant('road-excavation')])
    expect(both).toMatchObject({ stage: 'construction', version: 5, permitsDoneAt: both.updatedAt })
  })

  it('where the region sets no limit: the permits are requested with no clock, and granted as ever', () => {
    const planned = run(
      open('gas', { lengthM: 800, diameterMm: 300 }),
      [{ action: 'survey-done' }, { action: 'plan-done', permits: ['road-excavation'] }],
      noLimit(),
    )
    expect(planned).toMatchObject({
      stage: 'outside-line-permits',
      permits: [{ kind: 'road-excavation', status: 'requested' }],
    })
    expect(planned).not.toHaveProperty('permitsClock')
    const granted = run(planned, [grant('road-excavation')], noLimit())
    expect(granted).toMatchObject({ stage: 'construction', permitsDoneAt: granted.updatedAt })
  })

  it('a permit not requested, or granted twice, is refused', () => {
    const planned = run(open('gas', { lengthM: 800, diameterMm: 300 }), [
      { action: 'survey-done' },
      { action: 'plan-done' },
    ])
    const d = decide(planned, grant('green-space'), ctx())
    expect(!d.ok && d.error.code).toBe('UTILITY_PERMIT_NOT_REQUESTED')
  })

  it("a grant records the department's decision: its code and name, the 文号 and the day", () => {
    const planned = run(open('gas', { lengthM: 800, diameterMm: 300 }), [
      { action: 'survey-done' },
      { action: 'plan-done' },
    ])
    const names = (code: string) => (code === 'urban-management' ? '佛山市城管执法局' : undefined)
    const granted = run(planned, [grant('road-excavation', { documentNo: '  佛城管许〔2026〕12号 ' })], {
      ...ctx(),
      departmentOf: names,
    })
    expect(granted.permits).toEqual([
      {
        kind: 'road-excavation',
        status: 'granted',
        department: 'urban-management',
        departmentName: '佛山市城管执法局',
        documentNo: '佛城管许〔2026〕12号',
        decidedOn: '2026-03-03',
      },
    ])
    expect(granted.stage).toBe('construction')
  })

  it('不予许可: a refusal keeps the request waiting, with its reason; the permit may be decided again', () => {
    const planned = run(open('gas', { lengthM: 800, diameterMm: 300 }), [
      { action: 'survey-done' },
      { action: 'plan-done' },
    ])
    const refused = run(planned, [{ ...grant('road-excavation'), action: 'permit-refused', reason: '主干道禁止开挖' }])
    expect(refused).toMatchObject({
      stage: 'outside-line-permits',
      permits: [
        { kind: 'road-excavation', status: 'refused', reason: '主干道禁止开挖', documentNo: '佛城管许〔2026〕12号' },
      ],
    })
    expect(refused.permitsDoneAt).toBeUndefined()
    // Recorded from paper: the platform never sees when the provider applies again, so the clock runs on.
    expect(refused.permitsClock?.suspensions).toEqual([])
    const again = run(refused, [grant('road-excavation', { documentNo: '佛城管许〔2026〕13号' })])
    expect(again).toMatchObject({
      stage: 'construction',
      permits: [{ status: 'granted', documentNo: '佛城管许〔2026〕13号' }],
    })
    expect(again.permits[0]).not.toHaveProperty('reason')
  })

  it('a decision day after today or before the request, a blank 文号 or reason, a department not of the region: 422 naming each field', () => {
    const planned = run(open('gas', { lengthM: 800, diameterMm: 300 }), [
      { action: 'survey-done' },
      { action: 'plan-done' },
    ])
    const only = { ...ctx(), departmentOf: (code: string) => (code === 'transport' ? '佛山市交通运输局' : undefined) }
    const fieldsOf = (body: UtilityActionBody) => {
      const d = decide(planned, body, only)
      if (d.ok) throw new Error('accepted')
      expect(d.error.code).toBe('UTILITY_PERMIT_DECISION_INVALID')
      return (d.error.details as { errors: Array<{ field: string }> }).errors.map((e) => e.field)
    }
    expect(fieldsOf(grant('road-excavation', { department: 'transport', decidedOn: '2026-03-04' }))).toEqual([
      '/decidedOn',
    ])
    expect(fieldsOf(grant('road-excavation', { department: 'transport', decidedOn: '2026-03-01' }))).toEqual([
      '/decidedOn',
    ])
    expect(fieldsOf(grant('road-excavation', { department: 'transport', documentNo: '   ' }))).toEqual(['/documentNo'])
    expect(fieldsOf(grant('road-excavation'))).toEqual(['/department'])
    expect(
      fieldsOf({ ...grant('road-excavation', { department: 'transport' }), action: 'permit-refused', reason: ' ' }),
    ).toEqual(['/reason'])
    // Today itself, the day the request opened and the region's own department are accepted.
    expect(decide(planned, grant('road-excavation', { department: 'transport' }), only).ok).toBe(true)
    expect(
      decide(planned, grant('road-excavation', { department: 'transport', decidedOn: '2026-03-02' }), only).ok,
    ).toBe(true)
  })

  it('a low-risk line is filed (报备) on the day of its plan', () => {
    const filed = run(open('water', { lengthM: 100, diameterMm: 100 }), [
      { action: 'survey-done' },
      { action: 'plan-done' },
    ])
    expect(filed.permits).toEqual([{ kind: 'road-excavation', status: 'filed', filedOn: '2026-03-03' }])
  })

  it('construction done waits for joint acceptance, or connects at once when it has passed', () => {
    const built = run(open('power', { lengthM: 10, voltageKv: 0.38 }), [
      { action: 'survey-done' },
      { action: 'plan-done' },
    ])
    const waiting = decide(built, { action: 'construction-done' }, ctx())
    expect(waiting.ok && [waiting.value.request.stage, waiting.value.connected]).toEqual(['awaiting-acceptance', false])
    const now = decide(built, { action: 'construction-done' }, ctx({ acceptancePassed: true }))
    expect(now.ok && [now.value.request.stage, now.value.request.connectedAt, now.value.connected]).toEqual([
      'connected',
      LATER,
      true,
    ])
    if (!waiting.ok) throw new Error('refused')
    expect(connectOnAcceptance(waiting.value.request, LATER)).toMatchObject({ stage: 'connected', version: 5 })
    expect(connectOnAcceptance(built, LATER)).toBeUndefined()
  })

  const stages: Array<[UtilityActionBody, string]> = [
    [{ action: 'plan-done' }, 'plan'],
    [grant('road-excavation'), 'outside-line-permits'],
    [{ action: 'construction-done' }, 'construction'],
  ]
  it.each(stages)('%j at survey → 409 UTILITY_REQUEST_STATE_CONFLICT naming the stage', (action, expected) => {
    const d = decide(open('telecom', { lengthM: 5 }), action, ctx())
    expect(d.ok).toBe(false)
    if (d.ok) return
    expect(d.error.code).toBe('UTILITY_REQUEST_STATE_CONFLICT')
    expect(d.error.details).toMatchObject({ stage: 'survey', expected })
  })

  it('every accepted action adds exactly one to the version', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom<UtilityActionBody>(
            { action: 'survey-done' },
            { action: 'plan-done' },
            grant('road-excavation'),
            { action: 'construction-done' },
          ),
          { maxLength: 8 },
        ),
        (actions) => {
          let r = open('water', { lengthM: 900, diameterMm: 100 })
          for (const a of actions) {
            const d = decide(r, a, ctx())
            if (d.ok) {
              expect(d.value.request.version).toBe(r.version + 1)
              r = d.value.request
            }
          }
        },
      ),
    )
  })
})

describe('permits clock alerts', () => {
  const clocks = { calendar: defaultCalendar(), yellowAt: 0.8 }
  const checkSnapshot = Compile(UtilityRequestSnapshot)
  const on = (today: string) => ({ at: `${today}T02:00:00.000Z`, today })
  const kindsOf = (alerts: ReturnType<typeof raisePermitsClockAlerts>) => alerts.map((a) => a.kind)
  /** Permits requested on Tuesday 3 March under 3 W: due Friday 6 March (yellow that day), overdue from Monday. */
  const planned = () =>
    run(open('gas', { lengthM: 800, diameterMm: 300 }), [
      { action: 'survey-done' },
      { action: 'plan-done', permits: ['road-excavation', 'road-related'] },
    ])

  it('raises yellow at the warning share and overdue after the due day, each once, recorded on the request', () => {
    const r = planned()
    expect(raisePermitsClockAlerts(r, on('2026-03-05'), clocks)).toEqual([])
    const [warned, ...more] = raisePermitsClockAlerts(r, on('2026-03-06'), clocks)
    expect(more).toEqual([])
    expect(warned).toMatchObject({
      kind: 'warned',
      note: 'due 2026-03-06, 3 of 3 W used',
      dueOn: '2026-03-06',
      request: { permitsClockAlerts: { warnedOn: '2026-03-06' }, version: r.version + 1 },
    })
    const w = warned?.request as UtilityRequest
    // The fixtures' ids are not uuids; the rest is the contract's snapshot.
    const id = '019a0000-0000-7000-8000-0000000000aa'
    expect([...checkSnapshot.Errors({ ...w, requestId: id, projectId: id, applicationId: id })]).toEqual([])
    expect(w.updatedAt).toBe('2026-03-06T02:00:00.000Z')
    expect(raisePermitsClockAlerts(w, on('2026-03-06'), clocks)).toEqual([])
    const overdue = raisePermitsClockAlerts(w, on('2026-03-09'), clocks)
    expect(overdue.map((a) => [a.kind, a.note, a.dueOn])).toEqual([
      ['overdue', 'due 2026-03-06, 4 of 3 W used', '2026-03-06'],
    ])
    const o = overdue[0]?.request as UtilityRequest
    expect(o.permitsClockAlerts).toEqual({ warnedOn: '2026-03-06', overdueOn: '2026-03-09' })
    expect(raisePermitsClockAlerts(o, on('2026-03-20'), clocks)).toEqual([])
    // The alerts leave the provider's work where it was.
    expect(o).toMatchObject({ stage: 'outside-line-permits', permits: r.permits, permitsClock: r.permitsClock })
  })

  it('found late, both are raised in order; a stopped clock, or none, raises nothing', () => {
    const r = planned()
    const both = raisePermitsClockAlerts(r, on('2026-03-20'), clocks)
    expect(kindsOf(both)).toEqual(['warned', 'overdue'])
    expect(both.map((a) => a.request.version)).toEqual([r.version + 1, r.version + 2])
    const granted = run(r, [grant('road-excavation'), grant('road-related')])
    expect(granted.permitsDoneAt).toBeDefined()
    expect(raisePermitsClockAlerts(granted, on('2026-03-20'), clocks)).toEqual([])
    const lowRisk = run(open('water', { lengthM: 100, diameterMm: 100 }), [
      { action: 'survey-done' },
      { action: 'plan-done' },
    ])
    expect(raisePermitsClockAlerts(lowRisk, on('2026-03-20'), clocks)).toEqual([])
    expect(raisePermitsClockAlerts(open('gas', { lengthM: 800 }), on('2026-03-20'), clocks)).toEqual([])
  })

  it('a request of a region with no limit raises nothing however long its permits wait', () => {
    const unlimited = run(
      open('gas', { lengthM: 800, diameterMm: 300 }),
      [{ action: 'survey-done' }, { action: 'plan-done' }],
      noLimit(),
    )
    expect(unlimited.stage).toBe('outside-line-permits')
    for (const today of ['2026-03-06', '2026-03-09', '2026-06-30', '2027-03-03']) {
      expect(raisePermitsClockAlerts(unlimited, on(today), clocks)).toEqual([])
    }
  })
})

describe('permitDepartmentOf: 并联审批 — the department a permit is applied to, from the catalogue', () => {
  it("each kind's item in the region's outside-line permits step, by its department's name there", () => {
    const foshan = permitDepartmentOf(loadCatalogue('440600'))
    expect(foshan('road-excavation')).toEqual({ code: 'urban-management', name: '佛山市城管执法局' })
    expect(foshan('green-space')).toEqual({ code: 'urban-management', name: '佛山市城管执法局' })
    expect(foshan('road-related')).toEqual({ code: 'transport', name: '佛山市交通运输局' })
    expect(permitDepartmentOf(loadCatalogue('441500'))('road-related')).toEqual({
      code: 'transport',
      name: '汕尾市交通运输局',
    })
    // Qinzhou names 钦州市城市管理局 (000:126); its 涉路 item keeps the national department.
    expect(permitDepartmentOf(loadCatalogue('450700'))('green-space')?.name).toBe('钦州市城市管理局')
    expect(permitDepartmentOf(loadCatalogue('450700'))('road-related')?.code).toBe('transport')
  })

  it('no outside-line type, or no catalogue: none, so the provider records the decision', () => {
    expect(permitDepartmentOf(loadCatalogue('000000'))('road-excavation')).toBeUndefined()
    expect(permitDepartmentOf(undefined)('road-excavation')).toBeUndefined()
  })
})

describe('占道施工交通组织方案审核 (004:1846): 公安 reviews the traffic plan where the region lists it', () => {
  /** The context commands.ts gives a project pinned to the region's catalogue. */
  const regional = (region: string): ActionContext => {
    const catalogue = loadCatalogue(region)
    const limit = permitsLimitOf(catalogue)?.limit
    return {
      ...noLimit(),
      ...(limit ? { permitsLimit: limit } : {}),
      permitDepartmentOf: permitDepartmentOf(catalogue),
      permitsListed: permitsListedOf(catalogue),
    }
  }
  const road = () => open('gas', { lengthM: 800, diameterMm: 300 })

  it("each region's outside-line permits step: Foshan and Shanwei list it, Qinzhou and no catalogue do not", () => {
    const all = ['road-excavation', 'green-space', 'road-related', 'traffic-organisation']
    expect(permitsListedOf(loadCatalogue('440600'))).toEqual(all)
    expect(permitsListedOf(loadCatalogue('441500'))).toEqual(all)
    expect(permitsListedOf(loadCatalogue('450700'))).toEqual(['road-excavation', 'green-space', 'road-related'])
    expect(permitsListedOf(loadCatalogue('000000'))).toEqual([])
    expect(permitsListedOf(undefined)).toEqual([])
    expect(permitDepartmentOf(loadCatalogue('440600'))('traffic-organisation')).toEqual({
      code: 'public-security',
      name: '佛山市公安局',
    })
    expect(permitDepartmentOf(loadCatalogue('450700'))('traffic-organisation')).toBeUndefined()
  })

  it('a Shanwei road line sent for its permits: the review applied to 汕尾市公安局 beside 占掘路, both named applied', () => {
    const planned = run(road(), [{ action: 'survey-done' }], regional('441500'))
    const sent = decide(planned, { action: 'plan-done' }, regional('441500'))
    if (!sent.ok) throw new Error(sent.error.code)
    expect(sent.value.request.permits).toEqual([
      {
        kind: 'road-excavation',
        status: 'requested',
        department: 'urban-management',
        // Shanwei's catalogue keeps the national name for it.
        departmentName: '城市管理部门',
        appliedOn: '2026-03-03',
        appliedAtVersion: 3,
      },
      {
        kind: 'traffic-organisation',
        status: 'requested',
        department: 'public-security',
        departmentName: '汕尾市公安局',
        appliedOn: '2026-03-03',
        appliedAtVersion: 3,
      },
    ])
    // The round is the version the application gave the request.
    expect(sent.value.request.version).toBe(3)
    expect(sent.value.permitsApplied).toEqual(['road-excavation', 'traffic-organisation'])
    // Under the region's one permits clock with the others (3 W, 004:1774).
    expect(sent.value.request.permitsClock?.limit).toEqual({ value: 3, unit: 'W' })
  })

  it('a Foshan line in green space: 占掘路, 绿化 and the review, each to its department', () => {
    const r = run(
      open('gas', { lengthM: 800, diameterMm: 300, greenSpaceM2: 500 }),
      [{ action: 'survey-done' }, { action: 'plan-done' }],
      regional('440600'),
    )
    expect(r.permits.map((p) => [p.kind, p.departmentName])).toEqual([
      ['road-excavation', '佛山市城管执法局'],
      ['green-space', '佛山市城管执法局'],
      ['traffic-organisation', '佛山市公安局'],
    ])
  })

  it('Qinzhou does not list it (000:126), no catalogue names nothing: the defaults as before', () => {
    const qinzhou = run(road(), [{ action: 'survey-done' }, { action: 'plan-done' }], regional('450700'))
    expect(qinzhou.permits.map((p) => p.kind)).toEqual(['road-excavation'])
    const none = run(road(), [{ action: 'survey-done' }, { action: 'plan-done' }], ctx())
    expect(none.permits).toEqual([{ kind: 'road-excavation', status: 'requested' }])
  })

  it('the provider may still name the permits, with or without the review; the review is decided as any permit', () => {
    const named = run(
      road(),
      [{ action: 'survey-done' }, { action: 'plan-done', permits: ['road-related'] }],
      regional('441500'),
    )
    expect(named.permits.map((p) => p.kind)).toEqual(['road-related'])
    const four = run(
      road(),
      [
        { action: 'survey-done' },
        { action: 'plan-done', permits: ['road-excavation', 'green-space', 'road-related', 'traffic-organisation'] },
      ],
      regional('441500'),
    )
    expect(four.permits.map((p) => p.department)).toEqual([
      'urban-management',
      'urban-management',
      'transport',
      'public-security',
    ])
    const police = { sub: 'r-9', department: 'public-security' }
    const decision = { kind: 'traffic-organisation', outcome: 'granted', documentNo: '汕公交审〔2026〕3号' } as const
    const wrong = decideAsDepartment(
      four,
      decision,
      { sub: 'r-1', department: 'urban-management' },
      {
        at: LATER,
        today: '2026-03-03',
      },
    )
    expect(!wrong.ok && wrong.error.code).toBe('UTILITY_PERMIT_NOT_YOUR_DEPARTMENT')
    const granted = decideAsDepartment(four, decision, police, { at: LATER, today: '2026-03-03' })
    if (!granted.ok) throw new Error(granted.error.code)
    expect(granted.value.permits[3]).toMatchObject({
      kind: 'traffic-organisation',
      status: 'granted',
      department: 'public-security',
      documentNo: '汕公交审〔2026〕3号',
      decidedOn: '2026-03-03',
    })
  })

  it('a low-risk line is filed as before: its traffic plan goes with the works plan where pushed, not as a review', () => {
    const low = run(open('water', { lengthM: 100, diameterMm: 100 }), [{ action: 'survey-done' }], regional('440600'))
    expect(low.lowRisk).toBe(true)
    const filed = run(low, [{ action: 'plan-done' }], regional('440600'))
    expect(filed.permits).toEqual([{ kind: 'road-excavation', status: 'filed', filedOn: '2026-03-03' }])
  })
})

describe('decideAsDepartment: the department decides in its inbox', () => {
  const platform = permitDepartmentOf(loadCatalogue('440600'))
  const applied = () =>
    run(
      open('gas', { lengthM: 800, diameterMm: 300 }),
      [{ action: 'survey-done' }, { action: 'plan-done', permits: ['road-excavation', 'road-related'] }],
      { ...ctx(), permitDepartmentOf: platform },
    )
  const urban = { sub: 'r-1', department: 'urban-management' }

  it('plan-done applies each permit to its department, today, at the version it gives the request', () => {
    const r = applied()
    expect(r.permits).toEqual([
      {
        kind: 'road-excavation',
        status: 'requested',
        department: 'urban-management',
        departmentName: '佛山市城管执法局',
        appliedOn: '2026-03-03',
        appliedAtVersion: r.version,
      },
      {
        kind: 'road-related',
        status: 'requested',
        department: 'transport',
        departmentName: '佛山市交通运输局',
        appliedOn: '2026-03-03',
        appliedAtVersion: r.version,
      },
    ])
  })

  it('each round carries the version of its application: kept by the decision, a new one at the re-application', () => {
    const r = applied()
    const round = r.version
    const day = { at: LATER, today: '2026-03-03' }
    const refused = decideAsDepartment(
      r,
      { kind: 'road-excavation', outcome: 'refused', reason: '禁止开挖' },
      urban,
      day,
    )
    if (!refused.ok) throw new Error(refused.error.code)
    // The decision is a later version of the request; the permit still names the round it decides.
    expect(refused.value.version).toBe(round + 1)
    expect(refused.value.permits[0]).toMatchObject({ status: 'refused', appliedAtVersion: round })
    // Another permit decided meanwhile leaves the refused one's round as it was.
    const other = decideAsDepartment(
      refused.value,
      { kind: 'road-related', outcome: 'granted', documentNo: 'J1' },
      { sub: 'r-2', department: 'transport' },
      day,
    )
    if (!other.ok) throw new Error(other.error.code)
    const again = decide(other.value, { action: 'permit-reapplied', kind: 'road-excavation', change: '改线' }, ctx())
    if (!again.ok) throw new Error(again.error.code)
    expect(again.value.request.version).toBe(round + 3)
    expect(again.value.request.permits.map((p) => [p.kind, p.status, p.appliedAtVersion])).toEqual([
      ['road-excavation', 'requested', round + 3],
      ['road-related', 'granted', round],
    ])
    const granted = decideAsDepartment(
      again.value.request,
      { kind: 'road-excavation', outcome: 'granted', documentNo: 'A2' },
      urban,
      day,
    )
    if (!granted.ok) throw new Error(granted.error.code)
    expect(granted.value.permits[0]).toMatchObject({ status: 'granted', appliedAtVersion: round + 3 })
    // A permit the provider records (no department on the platform) has no round.
    const none = run(
      open('gas', { lengthM: 800, diameterMm: 300 }),
      [{ action: 'survey-done' }, { action: 'plan-done' }],
      ctx(),
    )
    expect(none.permits[0]).not.toHaveProperty('appliedAtVersion')
  })

  it('the change names the permits it applied for (its advanced event tells each department of its own once)', () => {
    const planned = run(open('gas', { lengthM: 800, diameterMm: 300 }), [{ action: 'survey-done' }])
    const sent = decide(
      planned,
      { action: 'plan-done', permits: ['road-excavation', 'road-related'] },
      { ...ctx(), permitDepartmentOf: platform },
    )
    expect(sent.ok && sent.value.permitsApplied).toEqual(['road-excavation', 'road-related'])
    // Only the kinds a department was found for: the other is recorded by the provider, as before.
    const one = decide(
      planned,
      { action: 'plan-done', permits: ['road-excavation', 'road-related'] },
      { ...ctx(), permitDepartmentOf: (k) => (k === 'road-related' ? platform(k) : undefined) },
    )
    expect(one.ok && one.value.permitsApplied).toEqual(['road-related'])
    const none = decide(planned, { action: 'plan-done', permits: ['road-excavation'] }, ctx())
    expect(none.ok && none.value.permitsApplied).toBeUndefined()
    const refused = decideAsDepartment(
      applied(),
      { kind: 'road-excavation', outcome: 'refused', reason: '禁止开挖' },
      urban,
      { at: LATER, today: '2026-03-03' },
    )
    if (!refused.ok) throw new Error(refused.error.code)
    const again = decide(refused.value, { action: 'permit-reapplied', kind: 'road-excavation', change: '改线' }, ctx())
    expect(again.ok && again.value.permitsApplied).toEqual(['road-excavation'])
  })

  it('grants with the 文号 and today; another department is refused; the provider may no longer record it', () => {
    const r = applied()
    const today = { at: '2026-03-05T02:00:00.000Z', today: '2026-03-05' }
    const granted = decideAsDepartment(
      r,
      { kind: 'road-excavation', outcome: 'granted', documentNo: ' A1 ' },
      urban,
      today,
    )
    expect(granted.ok && granted.value.permits[0]).toMatchObject({
      status: 'granted',
      documentNo: 'A1',
      decidedOn: '2026-03-05',
    })
    const other = decideAsDepartment(r, { kind: 'road-related', outcome: 'granted', documentNo: 'A1' }, urban, today)
    expect(!other.ok && other.error.code).toBe('UTILITY_PERMIT_NOT_YOUR_DEPARTMENT')
    const byProvider = decide(r, grant('road-excavation'), ctx())
    expect(!byProvider.ok && byProvider.error.code).toBe('UTILITY_PERMIT_DECIDED_BY_DEPARTMENT')
  })

  it('the permits clock is suspended while every permit left is refused and with the provider, and resumes at the re-application with its due day', () => {
    const calendar = defaultCalendar()
    const r = run(
      open('gas', { lengthM: 800, diameterMm: 300 }),
      [{ action: 'survey-done' }, { action: 'plan-done', permits: ['road-excavation', 'road-related'] }],
      { ...ctx(), permitDepartmentOf: platform, calendar },
    )
    // 3 W from Tuesday 3 March: due Friday 6 March.
    expect(r.permitsDueOn).toBe('2026-03-06')
    const day = (today: string) => ({ at: `${today}T02:00:00.000Z`, today, calendar })
    const refused = decideAsDepartment(
      r,
      { kind: 'road-excavation', outcome: 'refused', reason: '禁止开挖' },
      urban,
      day('2026-03-04'),
    )
    if (!refused.ok) throw new Error(refused.error.code)
    expect(refused.value.permitsClock?.suspensions).toEqual([])
    // Qinzhou's limit (000:126): the pause names the region's own source, not Shanwei's.
    const permitsLimitSource = 'seeds/000_5ff03a50698aa736.txt:126'
    const granted = decideAsDepartment(
      refused.value,
      { kind: 'road-related', outcome: 'granted', documentNo: 'T1' },
      { sub: 'r-2', department: 'transport' },
      { ...day('2026-03-05'), permitsLimitSource },
    )
    if (!granted.ok) throw new Error(granted.error.code)
    // The decision day is the department's: the pause starts the day after, as the whole-flow cap's between steps.
    expect(granted.value.permitsClock?.suspensions).toEqual([
      {
        id: PERMITS_PAUSE,
        kind: 'supplement',
        from: '2026-03-06',
        legalBasis: expect.stringContaining(permitsLimitSource),
      },
    ])
    const basis = granted.value.permitsClock?.suspensions[0]?.legalBasis
    expect(basis).not.toContain('004:1774')
    expect(basis).toContain('本平台对审批时间的理解')
    expect(granted.value).not.toHaveProperty('permitsDueOn')
    // Suspended: no alert, however long the provider takes.
    expect(raisePermitsClockAlerts(granted.value, day('2026-03-20'), { calendar, yellowAt: 0.8 })).toEqual([])
    const again = decide(
      granted.value,
      { action: 'permit-reapplied', kind: 'road-excavation', change: '改线' },
      { ...ctx(), ...day('2026-03-10'), calendar },
    )
    if (!again.ok) throw new Error(again.error.code)
    expect(again.value.request.permitsClock?.suspensions).toEqual([
      { id: PERMITS_PAUSE, kind: 'supplement', from: '2026-03-06', to: '2026-03-10', legalBasis: expect.any(String) },
    ])
    // Wednesday 4 and Thursday 5 March counted; 6 to 10 March not (the re-application day a start day): Wednesday 11.
    expect(again.value.request.permitsDueOn).toBe('2026-03-11')
    // Applied for again on the decision day itself: no day was the provider's, no pause is left (never one ending
    // before it starts), and the due day is as if none had been.
    const sameDay = decide(
      granted.value,
      { action: 'permit-reapplied', kind: 'road-excavation', change: '改线' },
      { ...ctx(), ...day('2026-03-05'), calendar },
    )
    if (!sameDay.ok) throw new Error(sameDay.error.code)
    expect(sameDay.value.request.permitsClock?.suspensions).toEqual([])
    expect(sameDay.value.request.permitsDueOn).toBe('2026-03-06')
    // The day after: that one day is left out.
    const nextDay = decide(
      granted.value,
      { action: 'permit-reapplied', kind: 'road-excavation', change: '改线' },
      { ...ctx(), ...day('2026-03-06'), calendar },
    )
    if (!nextDay.ok) throw new Error(nextDay.error.code)
    expect(nextDay.value.request.permitsClock?.suspensions).toEqual([
      { id: PERMITS_PAUSE, kind: 'supplement', from: '2026-03-06', to: '2026-03-06', legalBasis: expect.any(String) },
    ])
    expect(nextDay.value.request.permitsDueOn).toBe('2026-03-09')
  })

  it('the pause is the permits clock’s own: another open suspension is neither taken for it nor ended by it', () => {
    const calendar = defaultCalendar()
    const r = run(
      open('gas', { lengthM: 800, diameterMm: 300 }),
      [{ action: 'survey-done' }, { action: 'plan-done', permits: ['road-excavation'] }],
      { ...ctx(), permitDepartmentOf: platform, calendar },
    )
    // Utility opens no other suspension today; one is made here to show the pause never mistakes it for its own.
    const other = { id: 'expert-review-1', kind: 'expert-review' as const, from: '2026-03-04' }
    const withOther = {
      ...r,
      permitsClock: { ...(r.permitsClock as NonNullable<UtilityRequest['permitsClock']>), suspensions: [other] },
    }
    const day = (today: string) => ({ at: `${today}T02:00:00.000Z`, today, calendar })
    const refused = decideAsDepartment(
      withOther,
      { kind: 'road-excavation', outcome: 'refused', reason: '禁止开挖' },
      urban,
      day('2026-03-04'),
    )
    if (!refused.ok) throw new Error(refused.error.code)
    // Its own pause is opened beside the other, not taken as already open.
    expect(refused.value.permitsClock?.suspensions).toEqual([
      other,
      { id: PERMITS_PAUSE, kind: 'supplement', from: '2026-03-05', legalBasis: expect.any(String) },
    ])
    const again = decide(
      refused.value,
      { action: 'permit-reapplied', kind: 'road-excavation', change: '改线' },
      { ...ctx(), ...day('2026-03-09'), calendar },
    )
    if (!again.ok) throw new Error(again.error.code)
    // Applied for again: its own pause ends; the other runs on (and the clock with it stays stopped: no due day).
    expect(again.value.request.permitsClock?.suspensions).toEqual([
      other,
      { id: PERMITS_PAUSE, kind: 'supplement', from: '2026-03-05', to: '2026-03-09', legalBasis: expect.any(String) },
    ])
    expect(again.value.request).not.toHaveProperty('permitsDueOn')
    // A pause written before it carried its id: the id-less supplement is still read as its own.
    expect(isPermitsPause({ kind: 'supplement' })).toBe(true)
    expect(isPermitsPause(other)).toBe(false)
    expect(isPermitsPause({ id: 'notice-1', kind: 'supplement' })).toBe(false)
  })

  it('permitsDueToday: the due day as the calendar makes it today while the clock runs; untouched otherwise', () => {
    const calendar = defaultCalendar()
    const r = run(
      open('gas', { lengthM: 800, diameterMm: 300 }),
      [{ action: 'survey-done' }, { action: 'plan-done', permits: ['road-excavation'] }],
      { ...ctx(), permitDepartmentOf: platform, calendar },
    )
    // A row written before the field, or a day gone stale: put back on the next save.
    const { permitsDueOn: _, ...older } = r
    expect(permitsDueToday(older, { today: '2026-03-04', calendar }).permitsDueOn).toBe('2026-03-06')
    expect(permitsDueToday({ ...r, permitsDueOn: '2026-03-01' }, { today: '2026-03-04', calendar }).permitsDueOn).toBe(
      '2026-03-06',
    )
    expect(permitsDueToday({ ...older, permitsDoneAt: LATER }, { today: '2026-03-04', calendar })).not.toHaveProperty(
      'permitsDueOn',
    )
    expect(permitsDueToday(r, { today: '2026-03-04', calendar }).version).toBe(r.version)
  })

  it('a refusal waits for the provider to apply again; then it is decided anew', () => {
    const r = applied()
    const today = { at: LATER, today: '2026-03-03' }
    const refused = decideAsDepartment(
      r,
      { kind: 'road-excavation', outcome: 'refused', reason: '禁止开挖' },
      urban,
      today,
    )
    if (!refused.ok) throw new Error(refused.error.code)
    const twice = decideAsDepartment(
      refused.value,
      { kind: 'road-excavation', outcome: 'refused', reason: 'x' },
      urban,
      today,
    )
    expect(!twice.ok && twice.error.code).toBe('UTILITY_PERMIT_NOT_REQUESTED')
    const again = run(refused.value, [{ action: 'permit-reapplied', kind: 'road-excavation', change: '改线' }])
    expect(again.permits[0]).toMatchObject({
      status: 'requested',
      appliedOn: '2026-03-03',
      reapplication: { change: '改线', refusedOn: '2026-03-03', refusalReason: '禁止开挖' },
    })
    // road-related was with transport all along: the clock ran on.
    expect(refused.value.permitsClock?.suspensions).toEqual([])
    expect(again.permitsClock).toEqual(r.permitsClock)
    const notRefused = decide(again, { action: 'permit-reapplied', kind: 'road-excavation', change: '改线' }, ctx())
    expect(!notRefused.ok && notRefused.error.code).toBe('UTILITY_PERMIT_NOT_REFUSED')
  })
})
