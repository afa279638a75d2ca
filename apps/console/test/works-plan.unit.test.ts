import { describe, expect, it } from 'vitest'
import { missingTrafficField, type WorksPlanValues, worksPlanOf } from '../src/pages/utility/works-plan-values.js'

// 告知承诺并推送施工方案 (Shanwei 004:1852): a traffic plan (交通疏解方案) half typed is asked to be finished, never
// dropped from what is pushed.

const works: WorksPlanValues = {
  commitment: '本单位承诺按不低于原貌标准恢复道路和绿化。',
  worksReference: 'SW-施工-001',
  worksDescription: '沿人民路东侧人行道开挖埋管120米',
}

describe("the works-plan form's traffic plan", () => {
  it('neither field: only the works plan, nothing asked', () => {
    expect(missingTrafficField({ trafficReference: ' ', trafficDescription: undefined })).toBeUndefined()
    expect(worksPlanOf({ ...works, trafficReference: ' ' }).plans.map((p) => p.kind)).toEqual(['works-plan'])
  })

  it('both fields: the traffic plan beside the works plan', () => {
    const v = { ...works, trafficReference: ' SW-交通-001 ', trafficDescription: '人民路半幅通行，设置导向标志' }
    expect(missingTrafficField(v)).toBeUndefined()
    expect(worksPlanOf(v).plans).toEqual([
      { kind: 'works-plan', reference: 'SW-施工-001', description: '沿人民路东侧人行道开挖埋管120米' },
      { kind: 'traffic-plan', reference: 'SW-交通-001', description: '人民路半幅通行，设置导向标志' },
    ])
  })

  it('one field: the form names the other, and the plan is not dropped', () => {
    expect(missingTrafficField({ trafficReference: 'SW-交通-001' })).toBe('trafficDescription')
    expect(missingTrafficField({ trafficDescription: '人民路半幅通行', trafficReference: '' })).toBe('trafficReference')
    // Were the form's rule passed by, the service refuses the empty field by its name rather than the plan vanishing.
    expect(worksPlanOf({ ...works, trafficReference: 'SW-交通-001' }).plans).toContainEqual({
      kind: 'traffic-plan',
      reference: 'SW-交通-001',
      description: '',
    })
  })
})
