import { describe, expect, it } from 'vitest'
import { chineseDate } from '../src/format.js'
import { officeLine, receivedLines, receivedWords, refusalParagraphs } from '../src/pages/clerk/paper-lines.js'

describe('the window papers’ lines', () => {
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
})
