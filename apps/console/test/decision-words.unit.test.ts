import { describe, expect, it } from 'vitest'
import { decisionWords, taskStateName } from '../src/pages/reviewer/decision-words.js'

describe("a reviewer's words for a task's decision", () => {
  it('decides a filing 予以备案 or 不予备案, by its item’s name', () => {
    expect(decisionWords({ item: 'enterprise-investment-filing', itemName: '企业投资项目备案' })).toEqual({
      approved: '予以备案',
      rejected: '不予备案',
      approve: '予以备案',
      reject: '不予备案',
      refusable: true,
      granted: '予以备案',
      refused: '不予备案',
      decided: '部门已作出备案决定',
      revoked: '备案已撤销',
      approvedState: '已备案',
      rejectedState: '不予备案',
    })
  })

  it('passes or fails any other task, as before', () => {
    const licence = {
      approved: '通过',
      rejected: '不通过',
      approve: '审批通过',
      reject: '审批不通过',
      refusable: true,
      granted: '准予许可',
      refused: '不予许可',
      decided: '部门已作出审批决定',
      approvedState: '已通过',
      rejectedState: '不通过',
    }
    expect(decisionWords({ item: 'land-planning-permit', itemName: '建设用地规划许可证核发' })).toEqual(licence)
    // A task without its name is not taken for a filing on its code.
    expect(decisionWords({ item: 'enterprise-investment-filing' })).toEqual(licence)
  })

  it('never says a filing is licensed, approved or passed', () => {
    const words = Object.values(decisionWords({ item: 'x', itemName: '房屋市政工程竣工验收备案' })).join()
    expect(words).not.toMatch(/许可|审批|通过/)
  })

  // 后续事项 (Shanwei, 004:1814 and 004:1806): no licence the owner applied for.
  const houseNumber = {
    item: 'house-number-allocation',
    itemName: '门牌号码核准发放',
    followOnOf: { item: 'engineering-planning-permit' },
  }
  const drainage = {
    item: 'drainage-construction-notice',
    itemName: '施工许可信息推送排水主管部门（免于办理临时排水许可）',
    followOnOf: { item: 'construction-permit', forInformation: true },
  }

  it('decides a follow-on 予以核准 or 不予核准 (门牌: 公安部门核准后发放), and the owner reads it done', () => {
    expect(decisionWords(houseNumber)).toEqual({
      approved: '予以核准',
      rejected: '不予核准',
      approve: '予以核准',
      reject: '不予核准',
      refusable: true,
      refused: '不予核准',
      decided: '部门已办理后续事项',
      approvedState: '已核准',
      rejectedState: '不予核准',
    })
  })

  it('receives a follow-on for information (信息推送 to the drainage authority) and offers no refusal', () => {
    const words = decisionWords(drainage)
    expect(words).toMatchObject({ approved: '已接收', approve: '确认接收', refusable: false })
    expect(words).not.toHaveProperty('granted')
  })

  it('says a decided task’s 办理状态 in its own words, the inbox’s and the task page’s alike', () => {
    expect(taskStateName({ ...houseNumber, status: 'approved' })).toBe('已核准')
    expect(taskStateName({ ...houseNumber, status: 'rejected' })).toBe('不予核准')
    expect(taskStateName({ ...drainage, status: 'approved' })).toBe('已接收')
    expect(taskStateName({ item: 'x', itemName: '企业投资项目备案', status: 'approved' })).toBe('已备案')
    expect(taskStateName({ item: 'land-planning-permit', status: 'approved' })).toBe('已通过')
    expect(taskStateName({ item: 'land-planning-permit', status: 'rejected' })).toBe('不通过')
    // An undecided or ended one by its state alone, whatever it is.
    expect(taskStateName({ ...houseNumber, status: 'claimed' })).toBe('办理中')
    expect(taskStateName({ ...drainage, status: 'withdrawn' })).toBe('已撤回')
  })

  it('never says a follow-on is licensed, approved or passed, whatever its name', () => {
    for (const task of [houseNumber, drainage, { ...houseNumber, itemName: '某某备案' }]) {
      expect(Object.values(decisionWords(task)).join()).not.toMatch(/许可|审批|通过|备案/)
    }
  })
})
