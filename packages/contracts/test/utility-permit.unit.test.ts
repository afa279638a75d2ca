import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import {
  DepartmentPermitDecisionBody,
  UtilityActionBody,
  UtilityRequestAdvancedV1,
  validationErrors,
} from '../src/index.js'

// An outside-line permit now carries the department's decision; a stream still holds events of requests whose permits
// were marked granted with none of it, and a reader must take those as it always did.

const request = (permits: unknown[]) => ({
  request: {
    requestId: '0195f3a0-0000-7000-8000-000000000001',
    projectId: '0195f3a0-0000-7000-8000-000000000002',
    applicationId: '0195f3a0-0000-7000-8000-000000000003',
    provider: 'gas',
    stage: 'outside-line-permits',
    lowRisk: false,
    line: { lengthM: 800, diameterMm: 250 },
    permits,
    openedAt: '2026-03-02T01:00:00.000Z',
    version: 4,
    updatedAt: '2026-03-03T02:00:00.000Z',
  },
  actor: 'staff-gas',
})

const decided = {
  kind: 'road-excavation',
  status: 'granted',
  department: 'urban-management',
  departmentName: '佛山市城管执法局',
  documentNo: '佛城管许〔2026〕12号',
  decidedOn: '2026-03-03',
}

describe('an outside-line permit in a utility event', () => {
  it('an event written before decisions were recorded (granted, no 文号) still reads', () => {
    const old = request([
      { kind: 'road-excavation', status: 'granted' },
      { kind: 'green-space', status: 'requested' },
      { kind: 'road-related', status: 'filed' },
    ])
    expect(validationErrors(UtilityRequestAdvancedV1, old)).toEqual([])
  })

  it('carries a decision, a refusal with its reason, and a filing with its day', () => {
    const body = request([
      decided,
      { ...decided, kind: 'green-space', status: 'refused', reason: '绿地为公园用地' },
      { kind: 'road-related', status: 'filed', filedOn: '2026-03-02' },
    ])
    expect(validationErrors(UtilityRequestAdvancedV1, body)).toEqual([])
  })

  it('is bounded: a 文号 over 50 characters, a day that is no calendar day, an unknown status do not read', () => {
    expect(
      validationErrors(UtilityRequestAdvancedV1, request([{ ...decided, documentNo: 'x'.repeat(51) }])),
    ).not.toEqual([])
    expect(validationErrors(UtilityRequestAdvancedV1, request([{ ...decided, decidedOn: '2026-02-30' }]))).not.toEqual(
      [],
    )
    expect(validationErrors(UtilityRequestAdvancedV1, request([{ ...decided, status: 'waived' }]))).not.toEqual([])
  })
})

describe('recording a decision (POST /utility-requests/:id/actions)', () => {
  const check = Compile(UtilityActionBody)
  const grant = {
    action: 'permit-granted',
    kind: 'road-excavation',
    department: 'urban-management',
    documentNo: '佛城管许〔2026〕12号',
    decidedOn: '2026-03-03',
  }

  it('a grant needs the department, the 文号 and the day; a refusal its reason too', () => {
    expect(check.Check(grant)).toBe(true)
    expect(check.Check({ action: 'permit-granted', kind: 'road-excavation' })).toBe(false)
    expect(check.Check({ ...grant, action: 'permit-refused' })).toBe(false)
    expect(check.Check({ ...grant, action: 'permit-refused', reason: '主干道禁止开挖' })).toBe(true)
    expect(check.Check({ ...grant, documentNo: '' })).toBe(false)
    expect(check.Check({ ...grant, documentNo: 'x'.repeat(51) })).toBe(false)
    expect(check.Check({ ...grant, status: 'granted' })).toBe(false)
  })

  it('plan-done names at most the four kinds, 占道施工交通组织方案审核 among them (004:1846), each once', () => {
    const four = ['road-excavation', 'green-space', 'road-related', 'traffic-organisation']
    expect(check.Check({ action: 'plan-done', permits: four })).toBe(true)
    expect(check.Check({ action: 'plan-done', permits: ['traffic-organisation'] })).toBe(true)
    expect(check.Check({ action: 'plan-done', permits: [...four, 'road-excavation'] })).toBe(false)
    expect(check.Check({ action: 'plan-done', permits: ['traffic-organisation', 'traffic-organisation'] })).toBe(false)
    expect(check.Check({ action: 'plan-done', permits: ['traffic'] })).toBe(false)
  })
})

describe('并联审批: a permit applied to its department, decided there', () => {
  const applied = {
    kind: 'road-excavation',
    status: 'requested',
    department: 'urban-management',
    departmentName: '佛山市城管执法局',
    appliedOn: '2026-03-02',
  }

  it('carries the day applied for and, applied for again, what changed and the refusal; bounded', () => {
    const again = {
      ...applied,
      reapplication: { change: '改走辅道', refusedOn: '2026-03-03', refusalReason: '主干道禁止开挖' },
    }
    expect(validationErrors(UtilityRequestAdvancedV1, request([applied, { ...again, kind: 'green-space' }]))).toEqual(
      [],
    )
    const long = { ...again, reapplication: { change: 'x'.repeat(501) } }
    expect(validationErrors(UtilityRequestAdvancedV1, request([long]))).not.toEqual([])
    expect(validationErrors(UtilityRequestAdvancedV1, request([{ ...applied, appliedOn: '2026-02-30' }]))).not.toEqual(
      [],
    )
  })

  it('advanced names the permits it applied for (permitsApplied): each kind once, at most the four; absent before', () => {
    const body = request([applied])
    expect(validationErrors(UtilityRequestAdvancedV1, { ...body, permitsApplied: ['road-excavation'] })).toEqual([])
    expect(
      validationErrors(UtilityRequestAdvancedV1, {
        ...body,
        permitsApplied: ['road-excavation', 'green-space', 'road-related'],
      }),
    ).toEqual([])
    const four = ['road-excavation', 'green-space', 'road-related', 'traffic-organisation']
    expect(validationErrors(UtilityRequestAdvancedV1, { ...body, permitsApplied: four })).toEqual([])
    for (const bad of [
      [],
      ['road-excavation', 'road-excavation'],
      ['sidewalk'],
      'road-excavation',
      [...four, 'road-excavation'],
    ]) {
      expect(validationErrors(UtilityRequestAdvancedV1, { ...body, permitsApplied: bad }), String(bad)).not.toEqual([])
    }
  })

  it('the department grants with its 文号, or refuses with a reason; nothing else is asked', () => {
    const check = Compile(DepartmentPermitDecisionBody)
    const grant = { kind: 'road-excavation', outcome: 'granted', documentNo: '佛城管许〔2026〕12号' }
    expect(check.Check(grant)).toBe(true)
    expect(check.Check({ ...grant, documentNo: 'x'.repeat(51) })).toBe(false)
    expect(check.Check({ kind: 'road-excavation', outcome: 'granted' })).toBe(false)
    expect(check.Check({ ...grant, decidedOn: '2026-03-03' })).toBe(false)
    expect(check.Check({ ...grant, department: 'transport' })).toBe(false)
    expect(check.Check({ kind: 'road-excavation', outcome: 'refused', reason: '主干道禁止开挖' })).toBe(true)
    expect(check.Check({ kind: 'road-excavation', outcome: 'refused', reason: 'x'.repeat(2001) })).toBe(false)
    expect(check.Check({ kind: 'road-excavation', outcome: 'refused' })).toBe(false)
    const reapply = Compile(UtilityActionBody)
    expect(reapply.Check({ action: 'permit-reapplied', kind: 'road-excavation', change: '改走辅道' })).toBe(true)
    expect(reapply.Check({ action: 'permit-reapplied', kind: 'road-excavation', change: '' })).toBe(false)
    expect(reapply.Check({ action: 'permit-reapplied', kind: 'road-excavation', change: 'x'.repeat(501) })).toBe(false)
  })
})
