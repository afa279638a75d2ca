import {
  AcceptanceDueMovedV1,
  AcceptanceStartedV1,
  ApplicationAcceptedV1,
  ApprovalDueMovedV1,
  type ClockDueMovedV1,
  ProjectRegisteredV1,
  TaskDecidedV1,
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
