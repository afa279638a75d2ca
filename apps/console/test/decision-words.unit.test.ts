import { describe, expect, it } from 'vitest'
import { decisionWords } from '../src/pages/reviewer/decision-words.js'

describe("a reviewer's words for a task's decision", () => {
  it('decides a filing 予以备案 or 不予备案, by its item’s name', () => {
    expect(decisionWords({ item: 'enterprise-investment-filing', itemName: '企业投资项目备案' })).toEqual({
      approved: '予以备案',
      rejected: '不予备案',
      approve: '予以备案',
      reject: '不予备案',
    })
  })

  it('passes or fails any other task, as before', () => {
    const licence = { approved: '通过', rejected: '不通过', approve: '审批通过', reject: '审批不通过' }
    expect(decisionWords({ item: 'land-planning-permit', itemName: '建设用地规划许可证核发' })).toEqual(licence)
    // A task without its name is not taken for a filing on its code.
    expect(decisionWords({ item: 'enterprise-investment-filing' })).toEqual(licence)
  })

  it('never says a filing is licensed, approved or passed', () => {
    const words = Object.values(decisionWords({ item: 'x', itemName: '房屋市政工程竣工验收备案' })).join()
    expect(words).not.toMatch(/许可|审批|通过/)
  })
})
