import { projectors, ticketProjectors } from '@onewindow/gateway'
import { describe, expect, it } from 'vitest'
import { departmentName, departmentNamer } from '../src/departments.js'
import { timelineLine, timelineSentence } from '../src/timeline.js'

const hasHan = (s: string) => /\p{Script=Han}/u.test(s)

describe('a timeline entry in Chinese', () => {
  it('has a sentence of its own for every type the gateway’s projectors write', () => {
    const missing = projectors.map((p) => p.type).filter((type) => timelineSentence({ type }) === '办理进展')
    expect(missing).toEqual([])
    for (const p of projectors) expect(hasHan(timelineSentence({ type: p.type })), p.type).toBe(true)
  })

  it('has a sentence for every 12345 ticket event a linked project’s timeline may show', () => {
    const missing = ticketProjectors.map((p) => p.type).filter((type) => timelineSentence({ type }) === '办理进展')
    expect(missing).toEqual([])
  })

  it('says 办理进展 for a type it does not know, never the English summary', () => {
    expect(timelineSentence({ type: 'something.new', summary: 'Something new happened' })).toBe('办理进展')
  })

  it('tells a 补正 notice issued, answered and withdrawn apart', () => {
    const type = 'supplement-notice.issued'
    expect(timelineSentence({ type, summary: '补正告知 v1: housing-construction asks for a' })).toBe('补正告知已发出')
    expect(timelineSentence({ type, summary: '补正告知 answered by the owner', outcome: 'answered' })).toBe(
      '建设单位已答复补正告知',
    )
    expect(
      timelineSentence({
        type,
        summary: '补正告知 withdrawn with its application: nothing is owed',
        outcome: 'withdrawn',
      }),
    ).toBe('补正告知随申请撤回')
    // The state is the gateway's `outcome`, never read out of the English summary.
    expect(timelineSentence({ type, summary: '补正告知 answered by the owner' })).toBe('补正告知已发出')
  })

  it('says a case’s helper acted on the owner’s behalf (帮办代办), not that the owner did', () => {
    const helper = 'helper:helper-li'
    const summary =
      '补正告知 answered — by helper 李帮办 (helper-li) on behalf of 91441500MA51XY201H under case c (代办)'
    expect(timelineSentence({ type: 'supplement-notice.issued', summary, actor: helper, outcome: 'answered' })).toBe(
      '帮办人员已代建设单位答复补正告知',
    )
    expect(timelineSentence({ type: 'application.receipt-answered', actor: helper })).toBe(
      '帮办人员已代建设单位按告知补充材料，待窗口决定是否受理',
    )
    // A notice issued with a helper as actor is still issued; the owner's own answer stays the owner's.
    expect(timelineSentence({ type: 'supplement-notice.issued', summary: '补正告知 v1', actor: helper })).toBe(
      '补正告知已发出',
    )
    expect(
      timelineSentence({
        type: 'supplement-notice.issued',
        summary: '补正告知 answered by the owner',
        outcome: 'answered',
      }),
    ).toBe('建设单位已答复补正告知')
  })

  it('says what a department decided: 准予许可 or 不予许可, with the department', () => {
    const decided = { type: 'task.decided', department: 'natural-resources' }
    expect(timelineLine({ ...decided, outcome: 'approved', summary: 'approved' })).toBe(
      '部门已作出审批决定：准予许可（自然资源部门）',
    )
    expect(timelineLine({ ...decided, outcome: 'rejected', summary: 'rejected: 不符合规划条件' })).toBe(
      '部门已作出审批决定：不予许可（自然资源部门）',
    )
    // An entry without an outcome (a decision event that carried none) still reads as a decision.
    expect(timelineLine({ type: 'task.decided' })).toBe('部门已作出审批决定')
  })

  it('names the department a task’s entry concerns, in Chinese', () => {
    expect(timelineLine({ type: 'task.claimed', department: 'natural-resources' })).toBe(
      '部门已认领审批任务（自然资源部门）',
    )
    expect(timelineLine({ type: 'project.registered' })).toBe('项目已登记')
  })

  it("names a department as the project's tasks do: the bureau a task carries, else the generic name", () => {
    const nameOf = departmentNamer({
      tasks: [
        { department: 'natural-resources', departmentName: '汕尾市自然资源局' },
        { department: 'development-reform' },
      ],
    } as unknown as Parameters<typeof departmentNamer>[0])
    expect(timelineLine({ type: 'task.assigned', department: 'natural-resources' }, nameOf)).toBe(
      '审批任务已分派至部门（汕尾市自然资源局）',
    )
    expect(timelineLine({ type: 'task.assigned', department: 'development-reform' }, nameOf)).toBe(
      `审批任务已分派至部门（${departmentName('development-reform')}）`,
    )
    expect(nameOf('housing-construction')).toBe(departmentName('housing-construction'))
  })
})
