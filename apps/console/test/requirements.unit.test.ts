import { describe, expect, it } from 'vitest'
import { defectOf, NONE, requirementOptions, TEXT_WITH_MATERIAL_MAX } from '../src/pages/lead/requirements.js'
import { requirementText } from '../src/pages/shared-results/names.js'

// 用地清单 (004:2263) in the lead's opinion form: the choices a defect's requirement offers, and what each sends.

const entries = [
  { kind: 'greening', text: '绿地率不低于15%', materials: ['green-space-survey-report'] },
  { kind: 'indicator', text: '容积率不低于1.2' },
  { kind: 'planning-condition', text: '附属绿地集中设置', materials: ['site-photos', 'green-space-survey-report'] },
]

describe('the requirement a defect may rest on', () => {
  it('offers none, then each material once, named with every list item that allows it; nothing outside the list, which acceptance refuses', () => {
    const options = requirementOptions(entries)
    expect(options.map((o) => o.label)).toEqual([
      '不引用清单（仅文字说明）',
      '绿化要求“绿地率不低于15%”、规划条件“附属绿地集中设置”：green-space-survey-report',
      '规划条件“附属绿地集中设置”：site-photos',
    ])
    // Distinct values: React keys them, and antd shows the label of the option whose value was picked.
    expect(new Set(options.map((o) => o.value)).size).toBe(options.length)
  })

  it('keeps the choices apart from a material coded like one of them', () => {
    const odd = [{ kind: 'assessment', text: '另行评估', materials: ['outside', NONE] }]
    const options = requirementOptions(odd)
    expect(new Set(options.map((o) => o.value)).size).toBe(3)
    const picked = options.filter((o) => o.value !== NONE)
    expect(picked.map((o) => defectOf({ text: ' 补交 ', requires: o.value }))).toEqual([
      { text: '补交', requires: 'outside' },
      { text: '补交', requires: NONE },
    ])
  })

  it('offers none alone when the list allows no material', () => {
    expect(requirementOptions(entries.slice(1, 2)).map((o) => o.value)).toEqual([NONE])
    expect(requirementOptions([]).map((o) => o.value)).toEqual([NONE])
  })
})

describe('the defect a row of the form sends', () => {
  const [, listed] = requirementOptions(entries)
  if (!listed) throw new Error('the list allows a material')

  it('sends text alone for no requirement, the bare material for one of the list', () => {
    expect(defectOf({ text: ' 消防通道宽度不足 ', requires: NONE })).toBe('消防通道宽度不足')
    expect(defectOf({ text: '消防通道宽度不足' })).toBe('消防通道宽度不足')
    expect(defectOf({ text: '补交绿地测量报告', requires: listed.value })).toEqual({
      text: '补交绿地测量报告',
      requires: 'green-space-survey-report',
    })
  })

  it('on no listed plot, names the material asked for in Chinese inside the text: no code is asked of a person', () => {
    expect(defectOf({ text: ' 未提交交通组织方案 ', material: ' 交通影响评价报告 ' })).toBe(
      '未提交交通组织方案（要求提交：交通影响评价报告）',
    )
    expect(defectOf({ text: '未提交交通组织方案', material: '  ' })).toBe('未提交交通组织方案')
    // The longest text and material the form takes still make a defect the route takes (2000 characters).
    const longest = defectOf({ text: '缺'.repeat(TEXT_WITH_MATERIAL_MAX), material: '材'.repeat(100) })
    expect(typeof longest === 'string' && longest.length).toBe(2000)
  })
})

describe('a recorded requirement as a person reads it', () => {
  it('names every list item that allows the material, not the first alone', () => {
    expect(requirementText({ requires: 'green-space-survey-report', plotCode: 'C-03' }, entries)).toBe(
      '依据用地清单（地块 C-03）绿化要求“绿地率不低于15%”、规划条件“附属绿地集中设置”，要求提交：green-space-survey-report',
    )
    expect(requirementText({ requires: 'site-photos', plotCode: 'C-03' }, entries)).toBe(
      '依据用地清单（地块 C-03）规划条件“附属绿地集中设置”，要求提交：site-photos',
    )
    expect(requirementText({ requires: 'site-photos' }, entries)).toBe('要求提交：site-photos（本项目未关联用地清单）')
  })
})
