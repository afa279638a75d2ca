import { describe, expect, it } from 'vitest'
import {
  decidable,
  deficiencyText,
  departmentText,
  documentNoText,
  exemptionText,
  noteText,
  onlineText,
  owedMaterials,
  type Permit,
  permitStatusText,
  reapplicable,
} from '../src/pages/utility/permits.js'

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

describe('a request whose project type exempts its outside lines (非禁免批, 004:2159)', () => {
  const exemption = {
    projectType: 'social-simple-low-risk',
    projectTypeName: '社会投资简易低风险工程建设项目',
    source: 'seeds/004_33317a5f04b53a73.txt:2159',
  }
  const filed: Permit = { kind: 'road-excavation', status: 'filed', filedOn: '2026-03-02' }

  it('says why no department is asked, in the words of the seed, whatever the line measures', () => {
    expect(exemptionText(exemption)).toBe(
      '社会投资简易低风险工程建设项目的外线工程实行“非禁免批”，不需办理项目规划、施工、占用挖掘道路、临时占用城市绿地等行政许可，' +
        '报备施工方案后即可施工，不论管线长度、管径',
    )
    expect(noteText(filed, exemption)).toBe('社会投资简易低风险工程建设项目非禁免批，报备施工方案后即可施工')
  })

  it('leaves a line filed under the thresholds as it was', () => {
    expect(noteText(filed)).toBe('告知承诺免审批，报备施工方案后即可施工')
  })
})

describe('a permit its department decides on the platform (并联审批)', () => {
  const applied: Permit = {
    kind: 'road-excavation',
    status: 'requested',
    department: 'urban-management',
    departmentName: '佛山市城管执法局',
    appliedOn: '2026-03-02',
  }

  it('says who decides it, since when, and offers the provider no recording form', () => {
    expect(onlineText(applied)).toBe('由佛山市城管执法局在线审批')
    expect(departmentText(applied)).toBe('佛山市城管执法局')
    expect(noteText(applied)).toBe('由佛山市城管执法局在线审批，2026年3月2日申请，审批中')
    expect([decidable(applied), reapplicable(applied)]).toEqual([false, false])
  })

  it('a refusal: its reason and the way back; applied for again: what changed', () => {
    const refused: Permit = { ...applied, status: 'refused', reason: '主干道禁止开挖', decidedOn: '2026-03-03' }
    expect(noteText(refused)).toBe('由佛山市城管执法局在线审批，不予许可理由：主干道禁止开挖；请调整方案后重新申请')
    expect([decidable(refused), reapplicable(refused)]).toEqual([false, true])
    const again: Permit = { ...applied, appliedOn: '2026-03-04', reapplication: { change: '改走辅道' } }
    expect(noteText(again)).toBe('由佛山市城管执法局在线审批，2026年3月4日重新申请，审批中（已调整方案：改走辅道）')
  })

  it('a permit applied for before the platform decided: the provider records it as before', () => {
    const old: Permit = { kind: 'road-excavation', status: 'requested' }
    expect([decidable(old), reapplicable(old)]).toEqual([true, false])
  })
})

describe('容缺受理 on a permit decided on the platform', () => {
  const accepted: Permit = {
    kind: 'road-excavation',
    status: 'requested',
    department: 'urban-management',
    departmentName: '佛山市城管执法局',
    appliedOn: '2026-03-02',
    acceptedOn: '2026-03-03',
    deficiencies: [{ name: '管线平面图', suppliedOn: '2026-03-04' }, { name: '施工围蔽方案' }],
  }

  it('says the day, what is owed and what was supplied when; no day to supply by (no seed sets one)', () => {
    expect(owedMaterials(accepted)).toEqual(['施工围蔽方案'])
    expect(deficiencyText(accepted)).toBe(
      '2026年3月3日容缺受理；待补交材料：施工围蔽方案；已补交：管线平面图（2026年3月4日）',
    )
    expect(noteText(accepted)).toBe(
      '由佛山市城管执法局在线审批，2026年3月2日申请，审批中。2026年3月3日容缺受理；待补交材料：施工围蔽方案；已补交：管线平面图（2026年3月4日）',
    )
    const all: Permit = { ...accepted, deficiencies: [{ name: '管线平面图', suppliedOn: '2026-03-04' }] }
    expect(deficiencyText(all)).toBe('2026年3月3日容缺受理；容缺材料已全部补交；已补交：管线平面图（2026年3月4日）')
  })

  it('a grant while a material was owed is 准予许可（容缺通过）; a refused permit owes nothing and says no 容缺', () => {
    const granted: Permit = { ...accepted, status: 'granted', grantedWithDeficiencies: true }
    expect(permitStatusText(granted)).toBe('准予许可（容缺通过）')
    expect(permitStatusText({ ...granted, grantedWithDeficiencies: undefined })).toBe('准予许可')
    expect(noteText(granted)).toContain('已准予许可（容缺通过）。2026年3月3日容缺受理')
    const refused: Permit = { ...accepted, status: 'refused', reason: '禁止开挖' }
    expect([owedMaterials(refused), deficiencyText(refused)]).toEqual([[], ''])
    expect(deficiencyText({ ...accepted, acceptedOn: undefined, deficiencies: undefined })).toBe('')
  })
})
