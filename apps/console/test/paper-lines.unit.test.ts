import { APPEAL_RIGHTS } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { chineseDate } from '../src/format.js'
import {
  decisionRefusalParagraphs,
  officeLine,
  receivedLines,
  receivedWords,
  refusalParagraphs,
} from '../src/pages/clerk/paper-lines.js'
import { APPEAL_LINE } from '../src/refusal-words.js'

describe('the window papers’ lines', () => {
  it('says the right of appeal in the words the refusal message says it (contracts’ APPEAL_RIGHTS)', () => {
    expect(APPEAL_LINE).toBe(APPEAL_RIGHTS)
  })

  const checklist = [
    { code: 'a', name: '用地批准文件' },
    { code: 'b', name: '设计方案' },
    { code: 'c', name: '授权委托书' },
  ]
  it('lists every checklist material, in its order, as received, owed (容缺) or not received', () => {
    const lines = receivedLines(checklist, {
      materials: [{ code: 'c' }, { code: 'a' }],
      deficiencies: [{ code: 'b', promisedOn: '2026-03-20' }],
    })
    expect(lines.map((l) => [l.name, receivedWords(l, chineseDate)])).toEqual([
      ['用地批准文件', '已收取'],
      ['设计方案', '容缺后补（2026年3月20日前补交）'],
      ['授权委托书', '已收取'],
    ])
    const [none] = receivedLines(checklist, { materials: [], deficiencies: [] })
    expect(none && receivedWords(none, chineseDate)).toBe('未收取')
  })
  it('names the region and leaves a line for the office: no office name is held', () => {
    expect(officeLine('汕尾市', '441500')).toBe('汕尾市＿＿＿＿＿＿＿＿（受理机关名称）')
    expect(officeLine(undefined, '441500')).toBe('行政区划 441500＿＿＿＿＿＿＿＿（受理机关名称）')
  })
  it('words a 不予受理 with its reason, the agency to apply to and the applicant’s remedies', () => {
    const lines = refusalParagraphs({
      ground: 'outside-competence',
      reason: '属自然资源部门职权',
      referTo: '汕尾市自然资源局',
      project: '厂房项目',
      step: '用地规划许可',
    })
    expect(lines[0]).toContain('决定不予受理')
    expect(lines).toContain('理由：属自然资源部门职权')
    expect(lines).toContain('请向汕尾市自然资源局提出申请。')
    expect(lines.at(-1)).toBe('如对本决定不服，可以依法申请行政复议或者提起行政诉讼。')
    const told = refusalParagraphs({ ground: 'licence-not-required', reason: '无需许可', project: 'p', step: 's' })
    expect(told[0]).toContain('决定不受理')
    expect(told.join('')).not.toContain('提出申请。')
  })
  it('words a department’s 不予许可 with its department, day, reason and the same remedy as the window’s refusal', () => {
    const lines = decisionRefusalParagraphs({
      refused: '不予许可',
      project: '厂房项目（项目代码 2026-441500-01）',
      item: '建设工程规划许可',
      department: '汕尾市自然资源局',
      decidedOn: '2026年3月20日',
      reason: '建筑高度超出控制性详细规划',
    })
    expect(lines).toEqual([
      '您单位“厂房项目（项目代码 2026-441500-01）”申请的“建设工程规划许可”，经汕尾市自然资源局审查，依据《中华人民共和国行政许可法》第三十八条第二款，于2026年3月20日决定不予许可。',
      '理由：建筑高度超出控制性详细规划',
      '如对本决定不服，可以依法申请行政复议或者提起行政诉讼。',
    ])
    // One sentence of the remedy for every refusal: the window's and the department's say it alike.
    expect(lines.at(-1)).toBe(APPEAL_LINE)
    expect(refusalParagraphs({ ground: 'licence-not-required', reason: 'r', project: 'p', step: 's' }).at(-1)).toBe(
      APPEAL_LINE,
    )
  })
  it('words a filing’s refusal by its own word and cites no licensing law; a missing reason is said, not blank', () => {
    const lines = decisionRefusalParagraphs({
      refused: '不予备案',
      project: 'p',
      item: '施工图审查备案',
      department: '住建局',
      decidedOn: '2026年3月20日',
      reason: '  ',
    })
    expect(lines[0]).toBe('您单位“p”申请的“施工图审查备案”，经住建局审查，于2026年3月20日决定不予备案。')
    expect(lines[1]).toBe('理由：（决定未载明理由，请向作出决定的部门询问）')
  })
})
