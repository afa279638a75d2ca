import {
  type ApplicationAcceptedV1,
  MAX_TASK_SUPERVISIONS,
  supervisionState,
  TaskSnapshot,
  TaskSupervisedV1,
  TaskSupervisionOverdueV1,
} from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import {
  type Actor,
  decide,
  evolve,
  openTasks,
  type Task,
  type TaskCommand,
  type TaskEvent,
  toSnapshot,
} from '../src/domain/task.js'
import { taskEventRow } from '../src/events.js'

// 督办 (跟踪督办, seeds/004_33317a5f04b53a73.txt:1794, 004:1868) of an approval task: docs/legal-time.md#督办.

const APP = '0190a000-0000-7000-8000-000000000001'
const PROJECT = '0190a000-0000-7000-8000-000000000002'
const ids = ['0190a000-0000-7000-8000-0000000000a1', '0190a000-0000-7000-8000-0000000000a2']

const accepted: ApplicationAcceptedV1 = {
  applicationId: APP,
  projectId: PROJECT,
  projectCode: '2026-441500-47-01-000001',
  stage: 'construction-permit',
  catalogueVersion: 'test',
  acceptedAt: '2026-03-02T01:00:00.000Z',
  acceptedOn: '2026-03-02',
  withDeficiencies: false,
  step: 'S2',
  region: '441500',
  items: [
    {
      item: 'planning-permit',
      department: 'natural-resources',
      statutoryLimit: { value: 20, unit: 'W' },
      committedLimit: { value: 5, unit: 'W' },
    },
  ],
}

const calendar = defaultCalendar()
/** A 督办's id, as approval mints them (uuid). */
const sid = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`
const supervisor: Actor = { sub: 'sup-1', role: 'supervisor' }
const reviewer: Actor = { sub: 'r-1', role: 'reviewer', department: 'natural-resources' }
const on = (today: string) => ({ at: `${today}T02:00:00.000Z`, today, supplementRounds: 1, calendar })
const fresh = () => openTasks(accepted, ids, '2026-03-02T01:00:00.000Z', calendar).tasks[0] as Task

/** Decides and applies one command, failing the test when it is refused. */
const apply = (task: Task, command: TaskCommand, today = '2026-03-03'): Task => {
  const d = decide(task, command, on(today))
  if (!d.ok) throw new Error(`${command.type} refused: ${d.error.code}`)
  return d.value.reduce((t, e) => evolve(t, e, calendar), task)
}
const refusal = (task: Task, command: TaskCommand, today = '2026-03-03') => {
  const d = decide(task, command, on(today))
  return d.ok ? undefined : d.error.code
}
const urge = (id: string, over: Partial<Extract<TaskCommand, { type: 'Supervise' }>> = {}): TaskCommand => ({
  type: 'Supervise',
  supervisor,
  supervisionId: id,
  note: '请说明超期原因并加快办理',
  replyWithin: 5,
  ...over,
})
const answer = (id: string, by: Actor = reviewer): TaskCommand => ({
  type: 'RespondSupervision',
  actor: by,
  supervisionId: id,
  response: '已安排专人加快审查',
})

describe('督办 of an approval task', () => {
  it('keeps the notice with its reply-by day counted in working days; the task state and clocks stay', () => {
    const task = fresh()
    const urged = apply(task, urge(sid(2)))
    // Tuesday 3 March 2026 + 5 working days: Tuesday 10 March.
    expect(urged.supervisions).toEqual([
      {
        id: sid(2),
        note: '请说明超期原因并加快办理',
        openedOn: '2026-03-03',
        openedAt: '2026-03-03T02:00:00.000Z',
        openedBy: 'sup-1',
        deadline: {
          spec: { limit: { value: 5, unit: 'W' }, start: '2026-03-03', suspensions: [], region: '441500' },
          due: '2026-03-10',
        },
      },
    ])
    expect(urged.version).toBe(task.version + 1)
    expect(urged.status).toBe(task.status)
    expect(urged.nationalCode).toBe(task.nationalCode)
    expect(urged.clocks).toEqual(task.clocks)
    expect(Value.Check(TaskSnapshot, toSnapshot(urged))).toBe(true)
  })

  it('counts the reply limit over the public holidays (劳动节 1–5 May 2026)', () => {
    const urged = apply(fresh(), urge(sid(2), { replyWithin: 2 }), '2026-04-30')
    expect(urged.supervisions?.[0]?.deadline.due).toBe('2026-05-07')
  })

  it('is open through its due day and overdue the day after, until answered', () => {
    const s = apply(fresh(), urge(sid(2))).supervisions?.[0]
    if (!s) throw new Error('no 督办')
    expect(supervisionState(s, '2026-03-10')).toBe('open')
    expect(supervisionState(s, '2026-03-11')).toBe('overdue')
    const answered = apply(apply(fresh(), urge(sid(2))), answer(sid(2)), '2026-03-12').supervisions?.[0]
    if (!answered) throw new Error('no 督办')
    // Answered late: answered, with the day it was done on its deadline.
    expect(supervisionState(answered, '2026-03-20')).toBe('answered')
    expect(answered.deadline.doneOn).toBe('2026-03-12')
    expect(answered).toMatchObject({ response: '已安排专人加快审查', respondedBy: 'r-1' })
  })

  it('keeps repeated 督办 on one task, each answered on its own', () => {
    let task = apply(fresh(), urge(sid(2)))
    task = apply(task, urge(sid(3), { note: '再次督办' }), '2026-03-05')
    task = apply(task, answer(sid(3)), '2026-03-06')
    expect(task.supervisions?.map((s) => [s.id, s.note, supervisionState(s, '2026-03-20')])).toEqual([
      [sid(2), '请说明超期原因并加快办理', 'overdue'],
      [sid(3), '再次督办', 'answered'],
    ])
  })

  it('refuses a 督办 on a decided task with its own stable code', () => {
    const approved = apply(apply(fresh(), { type: 'Claim', actor: reviewer }), { type: 'Approve', actor: reviewer })
    expect(refusal(approved, urge(sid(2)))).toBe('APPROVAL_SUPERVISION_TASK_DECIDED')
    const rejected = apply(apply(fresh(), { type: 'Claim', actor: reviewer }), {
      type: 'Reject',
      actor: reviewer,
      reason: 'no',
    })
    expect(refusal(rejected, urge(sid(2)))).toBe('APPROVAL_SUPERVISION_TASK_DECIDED')
  })

  it('takes a 督办 from the supervising office alone, and its reply from a reviewer of the department alone', () => {
    expect(refusal(fresh(), urge(sid(2), { supervisor: reviewer }))).toBe('APPROVAL_NOT_SUPERVISOR')
    const urged = apply(fresh(), urge(sid(2)))
    const other: Actor = { sub: 'r-2', role: 'reviewer', department: 'housing-construction' }
    expect(refusal(urged, answer(sid(2), other))).toBe('APPROVAL_NOT_YOUR_DEPARTMENT')
    expect(refusal(urged, answer(sid(2), supervisor))).toBe('APPROVAL_NOT_YOUR_DEPARTMENT')
  })

  it('answers a 督办 once, and only one the task has', () => {
    const urged = apply(fresh(), urge(sid(2)))
    expect(refusal(urged, answer(sid(10)))).toBe('APPROVAL_SUPERVISION_NOT_FOUND')
    expect(refusal(apply(urged, answer(sid(2))), answer(sid(2)))).toBe('APPROVAL_SUPERVISION_ANSWERED')
  })

  it('still takes the reply owed after the task is decided', () => {
    let task = apply(apply(fresh(), urge(sid(2))), { type: 'Claim', actor: reviewer })
    task = apply(task, { type: 'Approve', actor: reviewer })
    expect(apply(task, answer(sid(2))).supervisions?.[0]?.response).toBe('已安排专人加快审查')
  })

  it('takes the reply owed on a withdrawn task too, the one act after 撤回 besides the overdue report', () => {
    const task = apply(apply(fresh(), urge(sid(2))), { type: 'Withdraw', reason: '业主撤回', by: 'owner-1' })
    expect(task.status).toBe('withdrawn')
    expect(apply(task, answer(sid(2))).supervisions?.[0]?.response).toBe('已安排专人加快审查')
    expect(refusal(task, { type: 'Claim', actor: reviewer })).toBe('APPROVAL_APPLICATION_WITHDRAWN')
  })

  it(`keeps at most ${MAX_TASK_SUPERVISIONS} 督办 a task`, () => {
    let task = fresh()
    for (let i = 0; i < MAX_TASK_SUPERVISIONS; i++) task = apply(task, urge(sid(100 + i)))
    expect(refusal(task, urge(sid(999)))).toBe('APPROVAL_TOO_MANY_SUPERVISIONS')
    expect(Value.Check(TaskSnapshot, toSnapshot(task))).toBe(true)
  })

  it('publishes both acts as task.supervised, carrying the task with its 督办', () => {
    const task = fresh()
    const d = decide(task, urge(sid(2)), on('2026-03-03'))
    if (!d.ok) throw new Error(d.error.code)
    const event = d.value[0]
    if (!event) throw new Error('no event')
    const row = taskEventRow(event, evolve(task, event, calendar))
    expect(row.event).toBe(TaskSupervisedV1)
    expect(row.body).toMatchObject({
      actor: 'sup-1',
      note: '请说明超期原因并加快办理',
      supervisionId: sid(2),
      turn: 'issued',
    })
    expect(Value.Check(TaskSupervisedV1.schema, row.body)).toBe(true)
    const urged = evolve(task, event, calendar)
    const a = decide(urged, answer(sid(2)), on('2026-03-04'))
    if (!a.ok) throw new Error(a.error.code)
    const reply = a.value[0]
    if (!reply) throw new Error('no event')
    const answerRow = taskEventRow(reply, evolve(urged, reply, calendar))
    expect(answerRow.body).toMatchObject({ note: 'answered', supervisionId: sid(2), turn: 'answered' })
    expect(Value.Check(TaskSupervisedV1.schema, answerRow.body)).toBe(true)
  })
})

describe('督办逾期未回复', () => {
  const report: TaskCommand = { type: 'ReportSupervisionsOverdue' }
  it('reports each 督办 unanswered past its reply-by day once, the day after; not on the day, not an answered one', () => {
    // Tuesday 03-03: 2 W → Thursday 03-05; another 5 W → 03-10; a third answered.
    let task = apply(
      apply(apply(fresh(), urge(sid(2), { replyWithin: 2 })), urge(sid(3))),
      urge(sid(4), { replyWithin: 1 }),
    )
    task = apply(task, answer(sid(4)), '2026-03-04')
    expect(refusal(task, report, '2026-03-05')).toBe('APPROVAL_TASK_STATE_CONFLICT')
    const d = decide(task, report, on('2026-03-06'))
    if (!d.ok) throw new Error(d.error.code)
    expect(d.value.map((e) => e.type === 'supervision-overdue' && [e.supervisionId, e.dueOn])).toEqual([
      [sid(2), '2026-03-05'],
    ])
    const after = d.value.reduce((t, e) => evolve(t, e, calendar), task)
    expect(after.supervisions?.map((s) => s.overdueOn ?? null)).toEqual(['2026-03-06', null, null])
    expect({ status: after.status, clocks: after.clocks }).toEqual({ status: task.status, clocks: task.clocks })
    // Reported once: the next pass finds nothing until the next one falls due.
    expect(refusal(after, report, '2026-03-09')).toBe('APPROVAL_TASK_STATE_CONFLICT')
    const row = taskEventRow(d.value[0] as TaskEvent, after)
    expect(row.event).toBe(TaskSupervisionOverdueV1)
    expect(row.body).toMatchObject({ supervisionId: sid(2), dueOn: '2026-03-05' })
    expect(Value.Check(TaskSupervisionOverdueV1.schema, row.body)).toBe(true)
  })

  it('reports a decided or withdrawn task’s 督办 still unanswered: the decision answers none of them', () => {
    const urged = apply(fresh(), urge(sid(2), { replyWithin: 1 }))
    const closed = apply(urged, { type: 'Close', reason: '不再需要' })
    const withdrawn = apply(urged, { type: 'Withdraw', reason: '业主撤回', by: 'owner-1' })
    for (const task of [closed, withdrawn]) {
      expect(task.status).not.toBe('assigned')
      // On its reply-by day, nothing yet; the day after, reported once, the task's state unchanged.
      expect(refusal(task, report, '2026-03-04')).toBe('APPROVAL_TASK_STATE_CONFLICT')
      const d = decide(task, report, on('2026-03-05'))
      if (!d.ok) throw new Error(d.error.code)
      expect(d.value.map((e) => e.type === 'supervision-overdue' && [e.supervisionId, e.dueOn])).toEqual([
        [sid(2), '2026-03-04'],
      ])
      const after = d.value.reduce((t, e) => evolve(t, e, calendar), task)
      expect({ status: after.status, nationalCode: after.nationalCode }).toEqual({
        status: task.status,
        nationalCode: task.nationalCode,
      })
      expect(refusal(after, report, '2026-03-09')).toBe('APPROVAL_TASK_STATE_CONFLICT')
    }
    // An answered one is not: the reply is what was owed.
    expect(refusal(apply(closed, answer(sid(2))), report, '2026-03-09')).toBe('APPROVAL_TASK_STATE_CONFLICT')
  })
})
