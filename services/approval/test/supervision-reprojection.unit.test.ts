import { type ApplicationAcceptedV1, ApprovalDueMovedV1, type ClockDueMovedV1 } from '@onewindow/contracts'
import type { CalendarChange } from '@onewindow/messaging'
import { calendarOf, defaultCalendar, validateCalendarEntry } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import { reprojectSupervisions } from '../src/commands.js'
import { type Actor, decide, evolve, openTasks, type Task, type TaskCommand } from '../src/domain/task.js'

// A 督办's reply-by day on a published calendar (docs/legal-time.md#re-projection): re-projected as the task's own
// clocks are. Tuesday 3 March 2026, 5 W to reply: 03-04..03-06, 03-09, Tue 03-10.

const APP = '0190a000-0000-7000-8000-000000000001'
const accepted: ApplicationAcceptedV1 = {
  applicationId: APP,
  projectId: '0190a000-0000-7000-8000-000000000002',
  projectCode: '2026-441500-47-01-000001',
  stage: 'construction-permit',
  catalogueVersion: 'test',
  acceptedAt: '2026-03-02T01:00:00.000Z',
  acceptedOn: '2026-03-02',
  withDeficiencies: false,
  step: 'S2',
  region: '441500',
  items: [{ item: 'planning-permit', department: 'natural-resources', statutoryLimit: { value: 20, unit: 'W' } }],
}
const calendar = defaultCalendar()
const sid = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`
const supervisor: Actor = { sub: 'sup-1', role: 'supervisor' }
const reviewer: Actor = { sub: 'r-1', role: 'reviewer', department: 'natural-resources' }

const apply = (task: Task, command: TaskCommand, today = '2026-03-03'): Task => {
  const d = decide(task, command, { at: `${today}T02:00:00.000Z`, today, supplementRounds: 1, calendar })
  if (!d.ok) throw new Error(`${command.type} refused: ${d.error.code}`)
  return d.value.reduce((t, e) => evolve(t, e, calendar), task)
}
const urge = (id: string, replyWithin = 5): TaskCommand => ({
  type: 'Supervise',
  supervisor,
  supervisionId: id,
  note: '请说明审查进度',
  replyWithin,
})
const answer = (id: string): TaskCommand => ({
  type: 'RespondSupervision',
  actor: reviewer,
  supervisionId: id,
  response: '已安排专人',
})
const urged = () =>
  apply(
    openTasks(accepted, ['0190a000-0000-7000-8000-0000000000a1'], accepted.acceptedAt, calendar).tasks[0] as Task,
    urge(sid(1)),
  )

/** Shanwei (441500) publishes one local rest day. */
const restDayOn = (day: string): CalendarChange => {
  const entry = validateCalendarEntry({
    region: '441500',
    name: '汕尾市',
    source: { title: '示例：汕尾市地方休息日通知' },
    restDays: [{ name: '示例地方休息日', from: day, to: day }],
  })
  if (!entry.ok) throw new Error('not an overlay')
  return {
    before: calendar,
    after: calendarOf([entry.value]),
    stamp: 1,
    publication: { key: 'region-441500', version: 1, notice: '示例：汕尾市地方休息日' },
    today: '2026-03-04',
    at: new Date('2026-03-04T02:00:00.000Z'),
    unreadable: [],
  }
}

describe('a 督办’s reply-by day on a published calendar', () => {
  it('moves one working day later for a rest day inside the reply window, kept in the task with no new version', () => {
    const task = urged()
    expect(task.supervisions?.[0]?.deadline.due).toBe('2026-03-10')
    const changed = new Map<string, Task>()
    const rows = reprojectSupervisions(restDayOn('2026-03-05'), [task], changed)
    expect(rows).toHaveLength(1)
    expect(rows[0]?.event).toBe(ApprovalDueMovedV1)
    expect(rows[0]?.aggregateId).toBe(task.taskId)
    expect(rows[0]?.body).toMatchObject({
      projectId: task.projectId,
      subject: `task:${task.taskId}/${sid(1)}`,
      clock: 'reply-by',
      department: 'natural-resources',
      from: '2026-03-10',
      to: '2026-03-11',
      // The task's version the move was computed on: the gateway sets the day on no newer snapshot.
      subjectVersion: task.version,
      calendar: { key: 'region-441500', version: 1 },
    })
    expect(rows[0]?.body).not.toHaveProperty('subjectDueOn')
    const after = changed.get(task.taskId)
    expect(after?.supervisions?.[0]?.deadline).toEqual({ ...task.supervisions?.[0]?.deadline, due: '2026-03-11' })
    expect({ version: after?.version, dueOn: after?.dueOn, clocks: after?.clocks }).toEqual({
      version: task.version,
      dueOn: task.dueOn,
      clocks: task.clocks,
    })
  })

  it('keeps the day of a 督办 already reported overdue', () => {
    const task = urged()
    const reported = {
      ...task,
      supervisions: task.supervisions?.map((s) => ({ ...s, overdueOn: '2026-03-11' })),
    }
    expect(reprojectSupervisions(restDayOn('2026-03-05'), [reported], new Map())).toEqual([])
  })

  it('moves nothing for a rest day after the reply-by day', () => {
    const changed = new Map<string, Task>()
    expect(reprojectSupervisions(restDayOn('2026-03-11'), [urged()], changed)).toEqual([])
    expect(changed.size).toBe(0)
  })

  it('keeps an answered 督办’s day, and moves the unanswered one beside it on the task the clocks already changed', () => {
    const task = apply(apply(urged(), urge(sid(2), 4)), answer(sid(1)), '2026-03-04')
    expect(task.supervisions?.map((s) => s.deadline.due)).toEqual(['2026-03-10', '2026-03-09'])
    // The task as its own clocks' re-projection left it (its due date moved): the 督办 moves on that one.
    const changed = new Map<string, Task>([[task.taskId, { ...task, dueOn: '2026-04-01' }]])
    const rows = reprojectSupervisions(restDayOn('2026-03-05'), [task], changed)
    expect(
      rows.map((r) => {
        const b = r.body as ClockDueMovedV1
        return [b.subject, b.from, b.to]
      }),
    ).toEqual([[`task:${task.taskId}/${sid(2)}`, '2026-03-09', '2026-03-10']])
    const after = changed.get(task.taskId)
    expect(after?.dueOn).toBe('2026-04-01')
    expect(after?.supervisions?.map((s) => s.deadline.due)).toEqual(['2026-03-10', '2026-03-10'])
  })
})
