import { projectors } from '@onewindow/gateway'
import { describe, expect, it } from 'vitest'
import { timelineLine, timelineSentence } from '../src/timeline.js'

const hasHan = (s: string) => /\p{Script=Han}/u.test(s)

describe('a timeline entry in Chinese', () => {
  it('has a sentence of its own for every type the gateway’s projectors write', () => {
    const missing = projectors.map((p) => p.type).filter((type) => timelineSentence({ type }) === '办理进展')
    expect(missing).toEqual([])
    for (const p of projectors) expect(hasHan(timelineSentence({ type: p.type })), p.type).toBe(true)
  })

  it('says 办理进展 for a type it does not know, never the English summary', () => {
    expect(timelineSentence({ type: 'something.new', summary: 'Something new happened' })).toBe('办理进展')
  })

  it('tells a 补正 notice issued, answered and withdrawn apart', () => {
    const type = 'supplement-notice.issued'
    expect(timelineSentence({ type, summary: '补正告知 v1: housing-construction asks for a' })).toBe('补正告知已发出')
    expect(timelineSentence({ type, summary: '补正告知 answered by the owner' })).toBe('建设单位已答复补正告知')
    expect(timelineSentence({ type, summary: '补正告知 withdrawn with its application: nothing is owed' })).toBe(
      '补正告知随申请撤回',
    )
  })

  it('names the department a task’s entry concerns, in Chinese', () => {
    expect(timelineLine({ type: 'task.claimed', department: 'natural-resources' })).toBe(
      '部门已认领审批任务（自然资源部门）',
    )
    expect(timelineLine({ type: 'project.registered' })).toBe('项目已登记')
  })
})
