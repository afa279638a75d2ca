import { describe, expect, it } from 'vitest'
import { isFiling } from '../src/index.js'

describe('isFiling: a matter recorded, not licensed, by its name', () => {
  it.each([
    '企业投资项目备案',
    '其他建设工程消防验收备案',
    '结建式人防工程竣工验收备案',
    '房屋市政工程竣工验收备案',
    ' 房屋市政工程竣工验收备案 ',
  ])('%s is a filing', (name) => {
    expect(isFiling(name)).toBe(true)
  })

  it.each([
    '建设用地规划许可证核发',
    '应建或易地修建防空地下室的民用建筑项目许可',
    '项目审批（立项）',
    '建设与备案一并办理的许可',
    // A code is not a name: the caller names the item first.
    'enterprise-investment-filing',
    '',
  ])('%s is not', (name) => {
    expect(isFiling(name)).toBe(false)
  })
})
