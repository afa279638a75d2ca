import { describe, expect, it } from 'vitest'
import { claimedActions } from '../src/pages/reviewer/task-actions.js'

describe('what a reviewer is offered on a claimed task', () => {
  it('offers a licence every decision and both pauses', () => {
    expect(claimedActions({ item: 'engineering-planning-permit', itemName: '建设工程规划类许可证核发' })).toEqual([
      'approve',
      'reject',
      'supplement',
      'special-procedure-start',
    ])
  })

  // 后续事项 (004:1814, 004:1806): no application, so nothing to ask of the owner and no application time to stop.
  it('offers a follow-on no 补正 and no 特别程序: 门牌 is decided, 核准 or not', () => {
    const houseNumber = {
      item: 'house-number-allocation',
      itemName: '门牌号码核准发放',
      followOnOf: { item: 'engineering-planning-permit' },
    }
    expect(claimedActions(houseNumber)).toEqual(['approve', 'reject'])
  })

  it('offers a follow-on for information (信息推送 to the drainage authority) its receipt alone', () => {
    const drainage = {
      item: 'drainage-construction-notice',
      followOnOf: { item: 'construction-permit', forInformation: true },
    }
    expect(claimedActions(drainage)).toEqual(['approve'])
  })
})
