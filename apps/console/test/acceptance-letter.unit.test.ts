import { describe, expect, it } from 'vitest'
import { filingConclusion, filingLines, letterConclusion, takesResults } from '../src/pages/lead/letter.js'
import { exclusionsText } from '../src/pages/lead/names.js'

// 联合验收意见书's conclusion and the case clock's words, as the lead's case page and printed letter say them.

const item = (name: string, status: 'passed' | 'committed') => ({
  item: name,
  itemName: name,
  department: 'housing-construction',
  status,
  round: 1,
})

describe("the opinion letter's conclusion", () => {
  it('Foshan: the letter is the completion-acceptance filing (004:2279 …即视为完成竣工验收备案)', () => {
    expect(letterConclusion({ items: [item('规划条件核实', 'passed')], opinionIsFiling: true })).toBe(
      '经联合验收，各事项均已通过，同意通过竣工联合验收。本意见书视为完成竣工验收备案，建设单位无需再单独办理竣工验收备案。',
    )
  })

  it('elsewhere (Shanwei, 004:1816) it says nothing of the filing', () => {
    const text = letterConclusion({ items: [item('规划条件核实', 'passed')] })
    expect(text).toBe('经联合验收，各事项均已通过，同意通过竣工联合验收。')
    expect(text).not.toContain('备案')
  })

  it('names the items passed on 告知承诺, never "all passed" for them', () => {
    const text = letterConclusion({
      items: [item('规划条件核实', 'passed'), item('城建档案验收', 'committed'), item('消防验收备案', 'passed')],
    })
    expect(text).toBe(
      '经联合验收，规划条件核实、消防验收备案已通过；城建档案验收以告知承诺方式通过，待事后核查，同意通过竣工联合验收。',
    )
    expect(letterConclusion({ items: [item('城建档案验收', 'committed')] })).toBe(
      '经联合验收，各事项均以告知承诺方式通过（城建档案验收），待事后核查，同意通过竣工联合验收。',
    )
  })
})

describe('what the case clock does not count', () => {
  it('says 公示 only where the step excludes it (Shanwei 004:1816), nothing where it excludes none (Foshan 004:2169)', () => {
    expect(exclusionsText({ clockExclusions: ['public-notice'] })).toBe('（不含公示时间）')
    expect(exclusionsText({})).toBe('')
    expect(exclusionsText({ clockExclusions: [] })).toBe('')
  })
})

describe('竣工验收备案表 (Foshan, 004:2279)', () => {
  const c = {
    opinionNumber: 'LHYS-440600-2026-000007',
    filingForm: { number: 'JGBA-440600-2026-000001', issuedOn: '2026-03-09' },
    items: [
      {
        item: 'planning-condition-verification',
        itemName: '规划条件核实',
        department: 'natural-resources',
        result: { name: '规划条件核实合格证', number: '佛规核〔2026〕12号', issuedOn: '2026-03-09', recordedBy: 'r' },
      },
      { item: 'fire-acceptance-filing', department: 'housing-construction' },
    ],
  }
  it('names each item, its department and its result document; an item without one reads —', () => {
    expect(filingLines(c, (d) => `${d}局`)).toEqual([
      {
        item: 'planning-condition-verification',
        itemName: '规划条件核实',
        department: 'natural-resources局',
        result: '规划条件核实合格证（佛规核〔2026〕12号，2026年3月9日出具）',
      },
      {
        item: 'fire-acceptance-filing',
        itemName: 'fire-acceptance-filing',
        department: 'housing-construction局',
        result: '—',
      },
    ])
  })
  it('concludes on the letter it follows: the owner files nothing separately', () => {
    expect(filingConclusion(c)).toBe(
      '联合验收意见书（LHYS-440600-2026-000007）已视为完成竣工验收备案；各部门结果物均已出具，同时出具本竣工验收备案表，建设单位无需再单独办理竣工验收备案。',
    )
  })
})

describe("the 结果物 form on the lead's case page", () => {
  const revoked = { item: 'urban-construction-archive-acceptance', department: 'archives', on: '2026-03-16', by: 'r' }

  it('is offered on a passed case whose pass stands', () => {
    expect(takesResults({ status: 'passed' })).toBe(true)
  })

  it('is not offered once the pass is revoked (撤销), nor before the pass', () => {
    expect(takesResults({ status: 'passed', passRevoked: revoked })).toBe(false)
    expect(takesResults({ status: 'rectifying' })).toBe(false)
    expect(takesResults({ status: 'failed' })).toBe(false)
  })
})
