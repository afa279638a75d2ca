import { describe, expect, it } from 'vitest'
import { departmentText, documentNoText, noteText, type Permit } from '../src/pages/utility/permits.js'

// The provider's page says each outside-line permit as the department decided it; a permit stored before decisions
// were recorded (granted, no 文号) is said to have none, never left blank or read as something else.

const decided: Permit = {
  kind: 'road-excavation',
  status: 'granted',
  department: 'urban-management',
  departmentName: '佛山市城管执法局',
  documentNo: '佛城管许〔2026〕12号',
  decidedOn: '2026-03-03',
}

describe("an outside-line permit's row", () => {
  it('a decision: the bureau as the service kept it, its 文号', () => {
    expect([departmentText(decided), documentNoText(decided), noteText(decided)]).toEqual([
      '佛山市城管执法局',
      '佛城管许〔2026〕12号',
      '',
    ])
  })

  it('a grant stored before decisions were recorded: 未登记文号, no department named', () => {
    const old: Permit = { kind: 'green-space', status: 'granted' }
    expect([departmentText(old), documentNoText(old)]).toEqual(['未登记', '未登记文号'])
  })

  it('a refusal says its reason; a department without its kept name by the generic one', () => {
    const refused: Permit = { ...decided, status: 'refused', reason: '主干道禁止开挖' }
    const { departmentName: _, ...unnamed } = refused
    expect(noteText(refused)).toBe('不予许可理由：主干道禁止开挖')
    expect(departmentText(unnamed)).toBe('城市管理部门')
  })

  it('pending or filed: nothing decided, so no department and no 文号', () => {
    for (const p of [
      { kind: 'road-excavation', status: 'requested' },
      { kind: 'road-excavation', status: 'filed', filedOn: '2026-03-02' },
    ] as Permit[]) {
      expect([departmentText(p), documentNoText(p)]).toEqual(['—', '—'])
    }
  })
})
