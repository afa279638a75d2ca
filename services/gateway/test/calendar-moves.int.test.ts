import {
  AcceptanceDueMovedV1,
  AcceptanceStartedV1,
  ApplicationAcceptedV1,
  ApprovalDueMovedV1,
  type ClockDueMovedV1,
  ProjectRegisteredV1,
  TaskDecidedV1,
  TaskSupervisedV1,
} from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptanceCase, applicationAccepted, owners, projectRegistered, task } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// 告知承诺 verify-by days moved by a published calendar: the gateway keeps the moved day in its copy (the commitments
// list shows it) and writes one timeline entry per moved day.
let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const supervisor = () => w.token({ role: 'supervisor' })
const calendar = {
  key: 'year-2027',
  version: 1,
  notice: '国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕9号',
}
const moved = (over: Partial<ClockDueMovedV1>): ClockDueMovedV1 => ({
  projectId: '',
  subject: '',
  clock: 'verify-by',
  from: '2027-01-11',
  to: '2027-01-12',
  provisionalBefore: true,
  provisionalAfter: false,
  calendar,
  changes: '2027-01-01 working day (provisional) → holiday 元旦',
  movedAt: '2026-12-14T02:00:00.000Z',
  ...over,
})
// biome-ignore lint/suspicious/noExplicitAny: list bodies are read loosely
const commitments = async (): Promise<any> => {
  const res = await w.api('GET', '/api/v1/commitments', supervisor())
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}

describe('a published calendar moving 告知承诺 verify-by days', () => {
  it("moves the day in the task's and the case's commitment, and writes one timeline entry for each", async () => {
    const project = projectRegistered({ owner: owners.foshan })
    const application = applicationAccepted(project.projectId, { ownerCreditCode: owners.foshan.creditCode })
    const t = task(project.projectId, application.applicationId, {
      status: 'approved',
      nationalCode: 11,
      version: 2,
      decision: { outcome: 'approved', decidedAt: '2026-12-14T01:00:00Z' },
      commitment: {
        verifyBy: '2027-01-11',
        verifyClock: { limit: { value: 20, unit: 'W' }, start: '2026-12-14', suspensions: [] },
      },
    })
    const c = acceptanceCase(project.projectId, {
      status: 'passed',
      items: [
        { item: 'completion-acceptance-filing', department: 'housing-construction', status: 'passed', round: 1 },
        {
          item: 'urban-construction-archive-acceptance',
          department: 'archive',
          status: 'committed',
          round: 0,
          verifyBy: '2027-01-11',
        },
      ],
    })
    await w.publish(ProjectRegisteredV1, project)
    await w.publish(ApplicationAcceptedV1, application)
    await w.publish(TaskDecidedV1, { task: t })
    await w.publish(AcceptanceStartedV1, { case: c })
    await expect
      .poll(async () => {
        const body = await commitments()
        return [
          body.taskCommitments.find((x: { taskId: string }) => x.taskId === t.taskId)?.verifyBy,
          body.commitments.find((x: { caseId: string }) => x.caseId === c.caseId)?.verifyBy,
        ]
      })
      .toEqual(['2027-01-11', '2027-01-11'])

    await w.publish(
      ApprovalDueMovedV1,
      moved({ projectId: project.projectId, subject: `task:${t.taskId}`, department: t.department }),
    )
    await w.publish(
      AcceptanceDueMovedV1,
      moved({
        projectId: project.projectId,
        subject: `acceptance-case:${c.caseId}/urban-construction-archive-acceptance`,
        department: 'archive',
      }),
    )
    await expect
      .poll(async () => {
        const body = await commitments()
        return [
          body.taskCommitments.find((x: { taskId: string }) => x.taskId === t.taskId)?.verifyBy,
          body.commitments.find((x: { caseId: string }) => x.caseId === c.caseId)?.verifyBy,
        ]
      })
      .toEqual(['2027-01-12', '2027-01-12'])
    const status = await w.api('GET', `/api/v1/projects/${project.projectId}/status`, supervisor())
    const entries = status.body.timeline
      .filter((e: { type: string }) => e.type.endsWith('.due-moved'))
      .map((e: { summary: string }) => e.summary)
      .sort()
    expect(entries).toEqual(
      [
        `acceptance-case:${c.caseId}/urban-construction-archive-acceptance verify-by clock: due date moved from 2027-01-11 to 2027-01-12: 2027 calendar published (${calendar.notice})`,
        `task:${t.taskId} verify-by clock: due date moved from 2027-01-11 to 2027-01-12: 2027 calendar published (${calendar.notice})`,
      ].sort(),
    )
    // The task's own due date is not the verify-by day: it stays.
    const shown = status.body.tasks.find((x: { taskId: string }) => x.taskId === t.taskId)
    expect(shown.dueOn).toBe(t.dueOn)
  })
})

describe('a published calendar moving a 督办’s reply-by day', () => {
  it("moves the day in the task's 督办 the subject names, and writes one timeline entry", async () => {
    const project = projectRegistered({ owner: owners.foshan })
    const application = applicationAccepted(project.projectId, { ownerCreditCode: owners.foshan.creditCode })
    const deadline = (due: string) => ({
      spec: { limit: { value: 5, unit: 'W' as const }, start: '2026-12-28', suspensions: [] },
      due,
    })
    const urged = {
      id: '0190a000-0000-7000-8000-0000000000d1',
      note: '请说明审查进度',
      openedOn: '2026-12-28',
      openedAt: '2026-12-28T02:00:00.000Z',
      deadline: deadline('2027-01-04'),
    }
    const other = { ...urged, id: '0190a000-0000-7000-8000-0000000000d2', deadline: deadline('2027-01-04') }
    const t = task(project.projectId, application.applicationId, {
      status: 'claimed',
      version: 3,
      supervisions: [urged, other],
      updatedAt: '2026-12-28T02:00:00.000Z',
    })
    await w.publish(ProjectRegisteredV1, project)
    await w.publish(ApplicationAcceptedV1, application)
    await w.publish(TaskSupervisedV1, { task: t, actor: 'supervisor-1', supervisionId: urged.id, turn: 'issued' })
    const dues = async () => {
      const res = await w.api('GET', `/api/v1/tasks/${t.taskId}/supervisions`, supervisor())
      return res.status === 200 ? res.body.supervisions.map((s: { due: string }) => s.due) : res.status
    }
    await expect.poll(dues).toEqual(['2027-01-04', '2027-01-04'])

    await w.publish(
      ApprovalDueMovedV1,
      moved({
        projectId: project.projectId,
        subject: `task:${t.taskId}/${urged.id}`,
        clock: 'reply-by',
        department: t.department,
        from: '2027-01-04',
        to: '2027-01-05',
      }),
    )
    // The 督办 named moves; the other on the same task is not this one.
    await expect.poll(dues).toEqual(['2027-01-05', '2027-01-04'])
    const status = await w.api('GET', `/api/v1/projects/${project.projectId}/status`, supervisor())
    expect(
      status.body.timeline
        .filter((e: { type: string }) => e.type.endsWith('.due-moved'))
        .map((e: { summary: string }) => e.summary),
    ).toEqual([
      `task:${t.taskId}/${urged.id} reply-by clock: due date moved from 2027-01-04 to 2027-01-05: 2027 calendar published (${calendar.notice})`,
    ])
    // The task's own due date is not the reply-by day: it stays.
    expect(status.body.tasks.find((x: { taskId: string }) => x.taskId === t.taskId).dueOn).toBe(t.dueOn)
  })
})
