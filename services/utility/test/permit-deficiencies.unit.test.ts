import { loadCatalogue } from '@onewindow/catalogue'
import { DepartmentPermitDecisionBody, UtilityActionBody, UtilityRequestSnapshot } from '@onewindow/contracts'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { permitDepartmentOf, permitsLimitOf } from '../src/catalogue.js'
import {
  type ActionContext,
  decide,
  decideAsDepartment,
  openRequests,
  owed,
  type UtilityRequest,
} from '../src/domain/request.js'

// 容缺受理 of the outside-line permits (004:1846): the department accepts with non-key materials missing, may grant
// while they are owed (办结（容缺通过）), and the provider supplies them (容缺后补, 004:1860).

const AT = '2026-03-02T01:00:00.000Z'
const LIMIT = permitsLimitOf(loadCatalogue('441500'))?.limit
const ctx = (today = '2026-03-03'): ActionContext => ({
  at: `${today}T02:00:00.000Z`,
  today,
  acceptancePassed: false,
  ...(LIMIT ? { permitsLimit: LIMIT } : {}),
  permitDepartmentOf: permitDepartmentOf(loadCatalogue('440600')),
})
const clock = (today = '2026-03-03') => ({ at: `${today}T03:00:00.000Z`, today })
const urban = { sub: 'r-1', department: 'urban-management' }
const transport = { sub: 'r-2', department: 'transport' }

const applied = (): UtilityRequest => {
  const [opened] = openRequests(
    {
      applicationId: '00000000-0000-4000-8000-000000000001',
      projectId: '00000000-0000-4000-8000-000000000002',
      utilities: [{ provider: 'gas', lengthM: 800, diameterMm: 300 }],
    },
    ['00000000-0000-4000-8000-000000000003'],
    AT,
  )
  if (!opened) throw new Error('not opened')
  return [{ action: 'survey-done' }, { action: 'plan-done', permits: ['road-excavation', 'road-related'] }].reduce(
    (r, a) => {
      const d = decide(r, a as UtilityActionBody, ctx())
      if (!d.ok) throw new Error(d.error.code)
      return d.value.request
    },
    opened,
  )
}

const value = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
  if (!r.ok) throw new Error(r.error.code)
  return r.value
}
const accept = (names: string[]) =>
  ({ kind: 'road-excavation', outcome: 'accepted', deficiencies: names.map((name) => ({ name })) }) as const
const grant = { kind: 'road-excavation', outcome: 'granted', documentNo: '佛城管许〔2026〕12号' } as const
const supply = (names: string[], kind: 'road-excavation' | 'road-related' = 'road-excavation') =>
  ({ action: 'permit-materials-supplied', kind, materials: names.map((name) => ({ name })) }) as const
const snapshot = Compile(UtilityRequestSnapshot)
type FieldError = { field: string; code: string; message: string }
/** The field errors of a refusal, none of an answer. */
const errorsOf = (r: { ok: true } | { ok: false; error: { details?: Record<string, unknown> } }): FieldError[] =>
  r.ok ? [] : ((r.error.details?.['errors'] ?? []) as FieldError[])

describe('容缺受理: the department accepts a permit with named materials missing', () => {
  it('records the day and the materials on the permit, which stays with the department; the version moves by one', () => {
    const r = applied()
    const accepted = value(decideAsDepartment(r, accept([' 管线平面图 ', '施工围蔽方案']), urban, clock()))
    expect(accepted.version).toBe(r.version + 1)
    expect(accepted.stage).toBe('outside-line-permits')
    expect(accepted.permits[0]).toMatchObject({
      kind: 'road-excavation',
      status: 'requested',
      acceptedOn: '2026-03-03',
      deficiencies: [{ name: '管线平面图' }, { name: '施工围蔽方案' }],
    })
    expect(owed(accepted.permits[0] as UtilityRequest['permits'][number])).toEqual(['管线平面图', '施工围蔽方案'])
    // The other department's permit is untouched, and the clock is the same clock (容缺 is no 补正 pause).
    expect(accepted.permits[1]).toEqual(r.permits[1])
    expect(accepted.permitsClock).toEqual(r.permitsClock)
    expect([...snapshot.Errors(accepted)]).toEqual([])
  })

  it('another department, a permit already accepted, blank or repeated names: refused naming the field', () => {
    const r = applied()
    const other = decideAsDepartment(r, accept(['管线平面图']), transport, clock())
    expect(!other.ok && other.error.code).toBe('UTILITY_PERMIT_NOT_YOUR_DEPARTMENT')
    const bad = decideAsDepartment(r, accept(['管线平面图', '  ', '管线平面图']), urban, clock())
    expect(!bad.ok && bad.error.code).toBe('UTILITY_PERMIT_DECISION_INVALID')
    expect(errorsOf(bad)).toEqual([
      { field: '/deficiencies/1/name', code: 'UTILITY_PERMIT_DECISION_INVALID', message: 'blank material' },
      {
        field: '/deficiencies/2/name',
        code: 'UTILITY_PERMIT_DECISION_INVALID',
        message: '管线平面图 is named twice',
      },
    ])
    const once = value(decideAsDepartment(r, accept(['管线平面图']), urban, clock()))
    const twice = decideAsDepartment(once, accept(['施工围蔽方案']), urban, clock())
    expect(!twice.ok && twice.error.code).toBe('UTILITY_PERMIT_ALREADY_ACCEPTED')
    const granted = value(decideAsDepartment(r, grant, urban, clock()))
    const late = decideAsDepartment(granted, accept(['管线平面图']), urban, clock())
    expect(!late.ok && late.error.code).toBe('UTILITY_PERMIT_NOT_REQUESTED')
  })

  it('the body is bounded: at most ten materials, each 1–100 characters, no other key', () => {
    const body = Compile(DepartmentPermitDecisionBody)
    expect(body.Check(accept(['管线平面图']))).toBe(true)
    expect(body.Check(accept(Array.from({ length: 11 }, (_, i) => `材料${i}`)))).toBe(false)
    expect(body.Check(accept(['长'.repeat(101)]))).toBe(false)
    expect(body.Check(accept([]))).toBe(false)
    expect(body.Check({ ...accept(['a']), promisedOn: '2026-03-09' })).toBe(false)
    expect(body.Check({ ...accept([]), deficiencies: [{ name: 'a', dueOn: '2026-03-09' }] })).toBe(false)
  })
})

describe('办结（容缺通过）: a grant while a material is owed', () => {
  it('is marked grantedWithDeficiencies; a grant after every material was supplied, or with none named, is not', () => {
    const accepted = value(decideAsDepartment(applied(), accept(['管线平面图']), urban, clock()))
    const owing = value(decideAsDepartment(accepted, grant, urban, clock()))
    expect(owing.permits[0]).toMatchObject({ status: 'granted', grantedWithDeficiencies: true })
    const supplied = value(decide(accepted, supply(['管线平面图']), ctx())).request
    const whole = value(decideAsDepartment(supplied, grant, urban, clock()))
    expect(whole.permits[0]?.status).toBe('granted')
    expect(whole.permits[0]?.grantedWithDeficiencies).toBeUndefined()
    const plain = value(decideAsDepartment(applied(), grant, urban, clock()))
    expect(plain.permits[0]?.grantedWithDeficiencies).toBeUndefined()
  })

  it('the last permit granted moves the request on with materials still owed; the provider still supplies them', () => {
    const accepted = value(decideAsDepartment(applied(), accept(['管线平面图', '施工围蔽方案']), urban, clock()))
    const first = value(decideAsDepartment(accepted, grant, urban, clock()))
    const both = value(
      decideAsDepartment(
        first,
        { kind: 'road-related', outcome: 'granted', documentNo: '佛交许〔2026〕3号' },
        transport,
        clock(),
      ),
    )
    expect(both.stage).toBe('construction')
    const later = value(decide(both, supply(['施工围蔽方案']), ctx('2026-03-10')))
    expect(later.request.stage).toBe('construction')
    expect(later.request.permits[0]?.deficiencies).toEqual([
      { name: '管线平面图' },
      { name: '施工围蔽方案', suppliedOn: '2026-03-10' },
    ])
    // The grant stays 容缺通过: it was decided while they were owed.
    expect(later.request.permits[0]?.grantedWithDeficiencies).toBe(true)
    expect(later.note).toBe('road-excavation permit: supplied 施工围蔽方案')
  })
})

describe('容缺后补: the provider supplies what it owes', () => {
  it('marks each named material supplied today, the rest still owed', () => {
    const accepted = value(decideAsDepartment(applied(), accept(['管线平面图', '施工围蔽方案']), urban, clock()))
    const supplied = value(decide(accepted, supply([' 管线平面图']), ctx('2026-03-04'))).request
    expect(supplied.version).toBe(accepted.version + 1)
    expect(owed(supplied.permits[0] as UtilityRequest['permits'][number])).toEqual(['施工围蔽方案'])
    expect(supplied.permits[0]?.deficiencies?.[0]).toEqual({ name: '管线平面图', suppliedOn: '2026-03-04' })
  })

  it('a material not owed — unknown, supplied already, named twice — or a permit owing none: 422 naming it', () => {
    const accepted = value(decideAsDepartment(applied(), accept(['管线平面图', '施工围蔽方案']), urban, clock()))
    const unknown = decide(accepted, supply(['施工围蔽方案', '竣工图', '施工围蔽方案']), ctx())
    expect(!unknown.ok && unknown.error.code).toBe('UTILITY_PERMIT_MATERIAL_NOT_OWED')
    expect(errorsOf(unknown).map((e) => e.field)).toEqual(['/materials/1/name', '/materials/2/name'])
    const once = value(decide(accepted, supply(['管线平面图']), ctx())).request
    const again = decide(once, supply(['管线平面图']), ctx())
    expect(errorsOf(again).map((e) => e.field)).toEqual(['/materials/0/name'])
    const none = decide(accepted, supply(['管线平面图'], 'road-related'), ctx())
    expect(!none.ok && none.error.code).toBe('UTILITY_PERMIT_MATERIAL_NOT_OWED')
    expect(errorsOf(none).map((e) => e.field)).toEqual(['/kind'])
  })

  it('a refusal ends the round: nothing is owed on it, and its re-application is accepted afresh', () => {
    const accepted = value(decideAsDepartment(applied(), accept(['管线平面图']), urban, clock()))
    const refused = value(
      decideAsDepartment(
        accepted,
        { kind: 'road-excavation', outcome: 'refused', reason: '占道时段不符' },
        urban,
        clock(),
      ),
    )
    const owing = decide(refused, supply(['管线平面图']), ctx())
    expect(!owing.ok && owing.error.code).toBe('UTILITY_PERMIT_MATERIAL_NOT_OWED')
    const again = value(
      decide(refused, { action: 'permit-reapplied', kind: 'road-excavation', change: '改为夜间施工' }, ctx()),
    ).request
    expect(again.permits[0]?.acceptedOn).toBeUndefined()
    expect(again.permits[0]?.deficiencies).toBeUndefined()
    expect(value(decideAsDepartment(again, accept(['交通疏解方案']), urban, clock())).permits[0]?.acceptedOn).toBe(
      '2026-03-03',
    )
  })

  it('the action is bounded: one to ten materials of 1–100 characters, no other key', () => {
    const body = Compile(UtilityActionBody)
    expect(body.Check(supply(['管线平面图']))).toBe(true)
    expect(body.Check(supply([]))).toBe(false)
    expect(body.Check(supply(Array.from({ length: 11 }, (_, i) => `材料${i}`)))).toBe(false)
    expect(body.Check(supply(['长'.repeat(101)]))).toBe(false)
    expect(body.Check({ ...supply(['a']), suppliedOn: '2026-03-01' })).toBe(false)
  })
})
