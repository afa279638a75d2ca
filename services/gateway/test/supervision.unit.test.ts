import { supervisionActOf } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import {
  type AcceptanceCase,
  projectors,
  type RegistrationCase,
  type UtilityRequest,
} from '../src/domain/projectors.js'
import { overdueSupervisionCount, supervisedCaseClocks, supervisedClocks } from '../src/domain/status.js'
import { task } from './events.js'

const P = '0190a000-0000-7000-8000-000000000002'
const id = (n: number) => `0190a000-0000-7000-8000-00000000000${n}`
const clock = (start: string, value: number) => ({ limit: { value, unit: 'W' as const }, start, suspensions: [] })
const base = { projectId: P, version: 1, updatedAt: '2026-03-02T01:00:00.000Z', openedAt: '2026-03-02T01:00:00.000Z' }

const acceptance = (n: number, status: AcceptanceCase['status'], start: string) =>
  ({
    ...base,
    caseId: id(n),
    projectType: 't',
    region: '441500',
    owner: { name: 'o', creditCode: '91441500MA51XY201H' },
    lead: 'housing-construction',
    status,
    items: [{ item: 'i', department: 'd', status: 'pending', round: 1 }],
    registrationWithAcceptance: false,
    clock: clock(start, 5),
  }) as AcceptanceCase

const request = (n: number, stage: UtilityRequest['stage']) =>
  ({
    ...base,
    requestId: id(n),
    applicationId: id(9),
    provider: 'gas',
    stage,
    lowRisk: false,
    line: { lengthM: 800 },
    permits: [],
    permitsClock: clock('2026-03-02', 3),
  }) as UtilityRequest

const registration = (n: number, status: RegistrationCase['status']) =>
  ({ ...base, caseId: id(n), status, clock: clock('2026-03-02', 1) }) as unknown as RegistrationCase

const ev = (today: string) => ({ calendar: defaultCalendar(), today, yellowAt: 0.8 })
const projects = new Map([[P, { projectCode: 'PC', name: 'Works' }]])

describe('supervisedCaseClocks', () => {
  const rows = {
    acceptance: [acceptance(1, 'scheduled', '2026-03-02'), acceptance(2, 'passed', '2026-03-02')],
    utilities: [request(3, 'outside-line-permits'), request(4, 'construction')],
    registration: [registration(5, 'open'), registration(6, 'completed')],
  }

  it('lists only running clocks, each at its level, soonest due first', () => {
    // 2026-03-05: registration (1 W, due 03-03) is overdue; permits (3 W, due today) yellow; acceptance (5 W) green.
    const out = supervisedCaseClocks(rows, projects, undefined, ev('2026-03-05')).views
    expect(out.map((c) => [c.kind, c.id, c.state.level, c.state.due])).toEqual([
      ['registration', id(5), 'red', '2026-03-03'],
      ['utility-permits', id(3), 'yellow', '2026-03-05'],
    ])
    expect(out[1]).toMatchObject({ responsible: 'gas', status: 'outside-line-permits', project: { name: 'Works' } })
  })

  it('filters by level; a decided case, granted permits or a completed registration never show', () => {
    const late = supervisedCaseClocks(rows, projects, 'red', ev('2026-04-01')).views
    expect(late.map((c) => c.id)).toEqual([id(5), id(3), id(1)])
    expect(supervisedCaseClocks(rows, projects, 'yellow', ev('2026-04-01'))).toEqual({ views: [], unreadable: [] })
  })

  it('sets aside a case whose clock holds an impossible date, and lists the others', () => {
    const bad = acceptance(7, 'scheduled', '2026-03-02')
    const broken = {
      ...bad,
      clock: { ...clock('2026-03-02', 5), suspensions: [{ kind: 'public-notice' as const, from: '2026-02-30' }] },
    }
    const out = supervisedCaseClocks(
      { ...rows, acceptance: [...rows.acceptance, broken] },
      projects,
      'red',
      ev('2026-04-01'),
    )
    expect(out.views.map((c) => c.id)).toEqual([id(5), id(3), id(1)])
    expect(out.unreadable).toEqual([{ kind: 'acceptance', id: id(7), reason: expect.stringContaining('2026-02-30') }])
  })
})

describe('督办 on the supervisor’s red and yellow list and on the timeline', () => {
  const urged = (over: Record<string, unknown> = {}) => ({
    id: '0190a000-0000-7000-8000-0000000000f1',
    note: '请说明超期原因',
    openedOn: '2026-03-09',
    openedAt: '2026-03-09T02:00:00Z',
    openedBy: 'sup-1',
    deadline: {
      spec: { limit: { value: 5, unit: 'W' as const }, start: '2026-03-09', suspensions: [] },
      due: '2026-03-16',
    },
    ...over,
  })

  it('lists each 督办 of a late task with its state today: open through its day, overdue after, answered', () => {
    const answered = urged({
      id: '0190a000-0000-7000-8000-0000000000f2',
      response: '已加快',
      respondedAt: '2026-03-10T02:00:00Z',
      deadline: { ...urged().deadline, doneOn: '2026-03-10' },
    })
    const late = task(P, id(9), { supervisions: [urged(), answered] })
    const states = (today: string) =>
      supervisedClocks([late], projects, 'red', ev(today)).views.map((c) => c.supervisions?.map((s) => s.state))
    // Its committed clock (4 W from 2 March) is red; the statutory one (20 W) is not.
    expect(states('2026-03-16')).toEqual([['open', 'answered']])
    expect(states('2026-03-17')[0]).toEqual(['overdue', 'answered'])
    const [view] = supervisedClocks([late], projects, 'red', ev('2026-03-17')).views
    expect(view?.supervisions?.[1]).toMatchObject({ due: '2026-03-16', respondedOn: '2026-03-10', response: '已加快' })
    // A task never urged carries none.
    expect(supervisedClocks([task(P, id(8))], projects, 'red', ev('2026-03-17')).views[0]?.supervisions).toBeUndefined()
  })

  it('supervision=overdue: only tasks with a 督办 past its day unanswered, green clocks too; counted per 督办', () => {
    // A long committed clock (30 W): green on 17 March, when the 督办 due 16 March is a day overdue.
    const long = {
      statutory: { limit: { value: 60, unit: 'W' as const }, start: '2026-03-02', suspensions: [] },
      committed: { limit: { value: 30, unit: 'W' as const }, start: '2026-03-02', suspensions: [] },
    }
    const green = task(P, id(7), { clocks: long, supervisions: [urged()] })
    const answeredOnly = task(P, id(6), {
      clocks: long,
      supervisions: [urged({ response: '已加快', respondedAt: '2026-03-10T02:00:00Z' })],
    })
    const never = task(P, id(5))
    // Approved on 12 March with its 督办 still unanswered: the reply is owed after the decision.
    const decided = task(P, id(4), {
      clocks: long,
      status: 'approved',
      nationalCode: 11,
      decision: { outcome: 'approved', decidedAt: '2026-03-12T02:00:00Z' },
      supervisions: [urged()],
    })
    const all = [green, answeredOnly, never, decided]
    const listed = (today: string, level?: 'red' | 'yellow') =>
      supervisedClocks(all, projects, level, ev(today), 'overdue').views.map((c) => [c.taskId, c.clock, c.state?.level])
    // On its due day the 督办 is still open: nothing to chase yet.
    expect(listed('2026-03-16')).toEqual([])
    expect(overdueSupervisionCount(all, '2026-03-16')).toBe(0)
    // The day after: both clocks of each urged task, green as they are (the decided one's as it finished), the decided
    // task's too — its 督办 is still owed; not the answered one or the unurged.
    expect(listed('2026-03-17')).toEqual([
      [green.taskId, 'committed', 'green'],
      [decided.taskId, 'committed', 'green'],
      [green.taskId, 'statutory', 'green'],
      [decided.taskId, 'statutory', 'green'],
    ])
    expect(overdueSupervisionCount(all, '2026-03-17')).toBe(2)
    // Decided late, its committed clock finished red: listed red with the filter, never on the plain red list (the
    // open tasks' alone: a decided task's clocks have stopped).
    const late = { ...decided, decision: { outcome: 'approved' as const, decidedAt: '2026-05-15T02:00:00Z' } }
    const red = (supervision?: 'overdue') =>
      supervisedClocks([late], projects, 'red', ev('2026-05-20'), supervision).views.map((c) => c.clock)
    expect(red('overdue')).toEqual(['committed'])
    expect(red()).toEqual([])
    // A task whose 督办 cannot be read counts none; the others still count (the list names it unreadable).
    const damaged = { ...task(P, id(3)), supervisions: 'not a list' } as unknown as typeof green
    expect(overdueSupervisionCount([...all, damaged], '2026-03-17')).toBe(2)
    // A level still narrows it.
    expect(listed('2026-03-17', 'red')).toEqual([])
    // Without the filter the green task is not on the red and yellow list at all: why the filter exists.
    expect(supervisedClocks(all, projects, undefined, ev('2026-03-17')).views.map((c) => c.taskId)).not.toContain(
      green.taskId,
    )
  })

  it('supervision=overdue lists a task with no clock on one row without one; a level, which it has none of, does not', () => {
    // An item with no time limit: no statutory or committed clock, urged all the same.
    const clockless = task(P, id(2), { clocks: {}, supervisions: [urged()] })
    const { dueOn: _, ...noDue } = clockless
    const clocked = task(P, id(1), { supervisions: [urged()] })
    const all = [clocked, noDue]
    const rows = (today: string, level?: 'red' | 'yellow') =>
      supervisedClocks(all, projects, level, ev(today), 'overdue').views
    // On its reply-by day, nothing; the day after, the task is listed — before the other's clocks due later.
    expect(rows('2026-03-16').map((c) => c.taskId)).not.toContain(noDue.taskId)
    const late = rows('2026-03-17')
    expect(late.map((c) => [c.taskId, c.clock ?? null, c.state?.level ?? null])).toEqual([
      [clocked.taskId, 'committed', 'red'],
      [noDue.taskId, null, null],
      [clocked.taskId, 'statutory', 'green'],
    ])
    expect(late[1]).toMatchObject({ status: 'assigned', supervisions: [{ state: 'overdue', due: '2026-03-16' }] })
    expect(late[1]).not.toHaveProperty('clock')
    expect(late[1]).not.toHaveProperty('state')
    expect(rows('2026-03-17', 'red').map((c) => c.taskId)).toEqual([clocked.taskId])
    expect(overdueSupervisionCount(all, '2026-03-17')).toBe(2)
    // Without the filter a task with no clock is on no red and yellow list.
    expect(supervisedClocks(all, projects, undefined, ev('2026-03-17')).views.map((c) => c.taskId)).toEqual([
      clocked.taskId,
    ])
  })

  it('says on the timeline that a 督办 was issued or answered, with its days, not the texts the owner would read', () => {
    const p = projectors.find((x) => x.type === 'task.supervised')
    if (!p) throw new Error('no projector for task.supervised')
    const issued = task(P, id(9), { version: 2, updatedAt: '2026-03-09T02:00:00Z', supervisions: [urged()] })
    expect(p.project({ task: issued, actor: 'sup-1', note: '请说明超期原因' }, 'e1').timeline?.summary).toBe(
      '住房城乡建设局 — 建筑工程施工许可证核发: 督办 by the supervising office; reply due 2026-03-16',
    )
    const replied = task(P, id(9), {
      version: 3,
      updatedAt: '2026-03-10T02:00:00Z',
      supervisions: [urged({ response: '已加快', respondedAt: '2026-03-10T02:00:00Z' })],
    })
    const entry = p.project({ task: replied, actor: 'r-1', note: 'answered' }, 'e2').timeline
    expect(entry?.summary).toBe('住房城乡建设局 — 建筑工程施工许可证核发: 督办 of 2026-03-09 answered')
    expect(JSON.stringify(entry)).not.toContain('已加快')
  })

  it('reads the act from the event’s supervisionId and turn, where the task’s instants would name another 督办', () => {
    const p = projectors.find((x) => x.type === 'task.supervised')
    if (!p) throw new Error('no projector for task.supervised')
    // A second 督办 issued at the very instant the first was answered: the snapshot alone reads as the answer.
    const second = urged({
      id: '0190a000-0000-7000-8000-0000000000f3',
      openedOn: '2026-03-10',
      openedAt: '2026-03-10T02:00:00Z',
      deadline: { spec: { limit: { value: 5, unit: 'W' }, start: '2026-03-10', suspensions: [] }, due: '2026-03-17' },
    })
    const both = task(P, id(9), {
      version: 4,
      updatedAt: '2026-03-10T02:00:00Z',
      supervisions: [urged({ response: '已加快', respondedAt: '2026-03-10T02:00:00Z' }), second],
    })
    const issued = { task: both, actor: 'sup-1', note: '再次督办', supervisionId: second.id, turn: 'issued' }
    expect(p.project(issued, 'e3').timeline?.summary).toBe(
      '住房城乡建设局 — 建筑工程施工许可证核发: 督办 by the supervising office; reply due 2026-03-17',
    )
    const answered = { task: both, actor: 'r-1', note: 'answered', supervisionId: urged().id, turn: 'answered' }
    expect(p.project(answered, 'e4').timeline?.summary).toBe(
      '住房城乡建设局 — 建筑工程施工许可证核发: 督办 of 2026-03-09 answered',
    )
  })

  it('reads an older event (no supervisionId) as the notifier does: an act only at the task’s instant, else none', () => {
    const p = projectors.find((x) => x.type === 'task.supervised')
    if (!p) throw new Error('no projector for task.supervised')
    const second = urged({ id: '0190a000-0000-7000-8000-0000000000f3', openedAt: '2026-03-10T02:00:00Z' })
    // Published before events named their 督办: the second, issued at the snapshot's instant, while the first is open.
    const issued = task(P, id(9), { version: 3, updatedAt: '2026-03-10T02:00:00Z', supervisions: [urged(), second] })
    const event = { task: issued, actor: 'sup-1', note: '再次督办' }
    expect(supervisionActOf(event)?.supervision.id).toBe(second.id)
    expect(p.project(event, 'e5').timeline?.summary).toBe(
      '住房城乡建设局 — 建筑工程施工许可证核发: 督办 by the supervising office; reply due 2026-03-16',
    )
    // A snapshot whose instant is neither 督办's names no act: the notifier refuses it, and the timeline no longer
    // reads it as the latest 督办 issued (with that 督办's reply-by day).
    const unmatched = { task: { ...issued, updatedAt: '2026-03-11T02:00:00Z' }, actor: 'sup-1' }
    expect(supervisionActOf(unmatched)).toBeUndefined()
    expect(p.project(unmatched, 'e6').timeline?.summary).toBe('住房城乡建设局 — 建筑工程施工许可证核发: 督办')
  })
})
