import {
  type ApplicationAcceptedV1,
  commitmentBarOf,
  TaskCommitmentBreachedV1,
  TaskDeficiencyOverdueV1,
} from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import {
  type Actor,
  DEFICIENCY_REVOCATION_BASIS,
  decide,
  evolve,
  openTasks,
  type Task,
  type TaskCommand,
} from '../src/domain/task.js'
import { taskEventRow } from '../src/events.js'

// 容缺后补 not kept (seeds/004:1860): a material accepted as owed and not made good by its promised day is told to the
// task's department, which records one finding with a commitment breach's measures; `revoke` revokes the permit.

const calendar = defaultCalendar()
const accepted: ApplicationAcceptedV1 = {
  applicationId: '0190a000-0000-7000-8000-000000000001',
  projectId: '0190a000-0000-7000-8000-000000000002',
  projectCode: '2026-441500-47-01-000001',
  stage: 'construction-permit',
  catalogueVersion: 'test',
  acceptedAt: '2026-03-02T01:00:00.000Z',
  acceptedOn: '2026-03-02',
  withDeficiencies: true,
  step: 'S2',
  region: '441500',
  items: [{ item: 'planning-permit', department: 'natural-resources', committedLimit: { value: 5, unit: 'W' } }],
  deficiencies: [{ material: 'site-plan', name: '总平面图', promisedOn: '2026-03-10' }],
}
const reviewer: Actor = { sub: 'r-1', role: 'reviewer', department: 'natural-resources' }
// Thursday 2026-03-12: the material was promised for the 10th.
const on = (today: string) => ({ at: `${today}T02:00:00.000Z`, today, supplementRounds: 1, calendar })
const opts = on('2026-03-12')

const step = (task: Task, command: TaskCommand, o = opts): Task => {
  const d = decide(task, command, o)
  if (!d.ok) throw new Error(`${command.type} refused: ${d.error.code}`)
  return d.value.reduce((t, e) => evolve(t, e, calendar), task)
}
const assigned = () =>
  openTasks(accepted, ['0190a000-0000-7000-8000-0000000000a1'], '2026-03-02T01:00:00.000Z', calendar).tasks[0] as Task
const approved = () =>
  step(step(assigned(), { type: 'Claim', actor: reviewer }), { type: 'Approve', actor: reviewer }, on('2026-03-04'))
const overdue = (task: Task) =>
  step(task, { type: 'ReportDeficiencyOverdue', material: 'site-plan', promisedOn: '2026-03-10' })
const finding = (body: Partial<Extract<TaskCommand, { type: 'RecordDeficiencyFinding' }>['body']>): TaskCommand => ({
  type: 'RecordDeficiencyFinding',
  actor: reviewer,
  body: {
    material: 'site-plan',
    findings: ['总平面图逾期未交'],
    measures: ['rectify'],
    rectifyBy: '2026-03-20',
    ...body,
  },
})

describe('a 容缺 material overdue', () => {
  it('is recorded on the task once, with its promised day and the day it was heard', () => {
    const task = overdue(approved())
    expect(task.deficiencies).toEqual([{ material: 'site-plan', promisedOn: '2026-03-10', overdueOn: '2026-03-12' }])
    const again = decide(
      task,
      { type: 'ReportDeficiencyOverdue', material: 'site-plan', promisedOn: '2026-03-10' },
      opts,
    )
    expect(again.ok || again.error.code).toBe('APPROVAL_TASK_STATE_CONFLICT')
  })

  it('is told as task.deficiency-overdue naming the material', () => {
    const task = approved()
    const d = decide(task, { type: 'ReportDeficiencyOverdue', material: 'site-plan', promisedOn: '2026-03-10' }, opts)
    if (!d.ok) throw new Error(d.error.code)
    const [event] = d.value
    if (!event) throw new Error('no event')
    const row = taskEventRow(event, evolve(task, event, calendar))
    expect(row.event).toBe(TaskDeficiencyOverdueV1)
    expect(Value.Check(TaskDeficiencyOverdueV1.schema, row.body)).toBe(true)
    expect(row.body).toMatchObject({ material: 'site-plan', promisedOn: '2026-03-10' })
  })
})

describe('the finding on an overdue 容缺 material', () => {
  it('is refused for a material never reported overdue (made good by its day): nothing to find', () => {
    const d = decide(approved(), finding({}), opts)
    expect(d.ok).toBe(false)
    if (d.ok) return
    expect(d.error.code).toBe('APPROVAL_DEFICIENCY_NOT_OVERDUE')
    expect(d.error.details?.['errors']).toEqual([expect.objectContaining({ field: '/body/material' })])
  })

  it('records 整改 by a working day after today, once', () => {
    const task = step(overdue(approved()), finding({}))
    expect(task.status).toBe('approved')
    expect(task.deficiencies?.[0]?.finding).toMatchObject({
      result: 'breached',
      on: '2026-03-12',
      department: 'natural-resources',
      measures: ['rectify'],
      rectifyBy: '2026-03-20',
    })
    const again = decide(task, finding({}), opts)
    expect(again.ok || again.error.code).toBe('APPROVAL_DEFICIENCY_FOUND')
  })

  it.each([
    ['today', '2026-03-12'],
    ['a Saturday', '2026-03-14'],
    ['a day past', '2026-03-11'],
  ])('refuses a rectify-by day that is %s', (_, rectifyBy) => {
    const d = decide(overdue(approved()), finding({ rectifyBy }), opts)
    expect(d.ok).toBe(false)
    if (d.ok) return
    expect(d.error.code).toBe('APPROVAL_VERIFICATION_INVALID')
    // One rule (verifyCommitment's), one line: a day past is not also 'before today'.
    expect(d.error.details?.['errors']).toEqual([
      { field: '/body/rectifyBy', message: 'is not a working day after today (2026-03-12)' },
    ])
  })

  it('with revoke revokes the permit granted on the 容缺 (撤销, 15), naming the promised day and the law', () => {
    const d = decide(overdue(approved()), finding({ measures: ['revoke'], rectifyBy: undefined }), opts)
    if (!d.ok) throw new Error(d.error.code)
    expect(d.value.map((e) => e.type)).toEqual(['deficiency-breached', 'revoked'])
    const task = d.value.reduce((t, e) => evolve(t, e, calendar), overdue(approved()))
    expect(task).toMatchObject({ status: 'revoked', nationalCode: 15 })
    expect(task.revocation).toMatchObject({ legalBasis: DEFICIENCY_REVOCATION_BASIS, revokedOn: '2026-03-12' })
    // Published and shown on the public verify page: Chinese words only, no material code (the breach names it).
    expect(task.revocation?.reason).toBe('容缺材料未于承诺日 2026-03-10 补正：总平面图逾期未交')
  })

  it('refuses revoke on a task not yet approved (no permit granted), naming /body/measures', () => {
    const d = decide(overdue(assigned()), finding({ measures: ['revoke'], rectifyBy: undefined }), opts)
    expect(d.ok).toBe(false)
    if (d.ok) return
    expect(d.error.code).toBe('APPROVAL_VERIFICATION_INVALID')
    expect(d.error.details?.['errors']).toEqual([expect.objectContaining({ field: '/body/measures' })])
  })

  it('is for a reviewer of the task’s department only', () => {
    const other = { ...reviewer, department: 'housing-construction' }
    const d = decide(overdue(approved()), { ...finding({}), actor: other } as TaskCommand, opts)
    expect(d.ok || d.error.code).toBe('APPROVAL_NOT_YOUR_DEPARTMENT')
  })

  it('is told as the commitment breach, naming the material; its bar-commitment bars the owner as a commitment’s does', () => {
    const task = overdue(approved())
    const d = decide(
      task,
      finding({ measures: ['bar-commitment'], rectifyBy: undefined, barredUntil: '2026-09-30' }),
      opts,
    )
    if (!d.ok) throw new Error(d.error.code)
    const [event] = d.value
    if (!event) throw new Error('no event')
    const row = taskEventRow(event, evolve(task, event, calendar), '91441500MA51XY302A')
    expect(row.event).toBe(TaskCommitmentBreachedV1)
    expect(Value.Check(TaskCommitmentBreachedV1.schema, row.body)).toBe(true)
    const body = row.body as TaskCommitmentBreachedV1
    expect(body.deficiency).toEqual({ material: 'site-plan' })
    expect(commitmentBarOf(body)).toEqual({
      creditCode: '91441500MA51XY302A',
      taskId: task.taskId,
      item: 'planning-permit',
      department: 'natural-resources',
      barredOn: '2026-03-12',
      until: '2026-09-30',
    })
    // The same breach with no owner named bars no one.
    expect(commitmentBarOf({ ...body, ownerCreditCode: undefined } as TaskCommitmentBreachedV1)).toBeUndefined()
  })
})
