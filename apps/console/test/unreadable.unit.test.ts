import { describe, expect, it } from 'vitest'
import { unreadableSentence } from '../src/unreadable.js'

// The line under the inbox and the three rating lists (差评整改, 办事评价, 好差评监督) for rows the gateway could not show.
describe('the unreadable notice', () => {
  it('counts the rows a list could not show, naming what they are', () => {
    expect(unreadableSentence(3, '评价')).toBe('另有 3 条评价暂时无法显示（已记录，请联系系统管理员）。')
    expect(unreadableSentence(1, '任务')).toBe('另有 1 条任务暂时无法显示（已记录，请联系系统管理员）。')
  })

  it('says nothing when every row could be shown', () => {
    expect(unreadableSentence(0, '评价')).toBeUndefined()
  })
})
