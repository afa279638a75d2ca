import { type TaskCommitment, TaskRectificationOverdueV1, TaskRectificationReportedV1 } from '@onewindow/contracts'
import type { Static } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  aProject,
  aTask,
  messagesOfEventOnce,
  notificationWorld,
  publishEvent,
  registerProject,
  type World,
} from './helpers.js'

// 整改 followed through as messages (docs/legal-time.md#整改-followed-through), on the real NATS stream and PostgreSQL:
// the finding's department is told of the owner's report and of 逾期未整改, as approval publishes them.

const breach = {
  result: 'breached' as const,
  on: '2026-03-02',
  department: 'natural-resources',
  by: 'reviewer-1',
  findings: ['施工现场与承诺不符'],
  measures: ['rectify' as const],
  rectifyBy: '2026-03-06',
}
const commitment = (rectification: Static<typeof TaskCommitment>['rectification']): Static<typeof TaskCommitment> => ({
  verifyBy: '2026-03-30',
  verification: breach,
  ...(rectification ? { rectification } : {}),
})

describe('notifications of a finding’s 整改', () => {
  let w: World
  beforeAll(async () => {
    w = await notificationWorld('2026-03-04T02:00:00.000Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  it('a report tells the finding’s department alone, with the owner’s statement, to confirm it', async () => {
    const project = aProject()
    await registerProject(w, project)
    const report = {
      statement: '已拆除超出退线部分',
      reportedOn: '2026-03-04',
      reportedAt: '2026-03-04T02:00:00.000Z',
      reportedBy: 'owner-1',
    }
    const task = aTask(project, { status: 'approved', nationalCode: 11, commitment: commitment({ reports: [report] }) })
    const sent = await publishEvent(w, TaskRectificationReportedV1, { task, actor: 'owner-1', note: report.statement })
    const [dept, ...others] = await messagesOfEventOnce(w, sent.eventId, 1)
    expect(others).toEqual([])
    expect([dept?.party_kind, dept?.party, dept?.title]).toEqual([
      'department',
      'natural-resources',
      '建设单位报告整改完成',
    ])
    expect(dept?.body).toContain('已拆除超出退线部分')
    expect(dept?.body).toContain('请核实后确认整改完成或认定未完成')
  })

  it('逾期未整改 tells the department the day that passed, naming a 容缺 material', async () => {
    const project = aProject()
    await registerProject(w, project)
    const task = aTask(project, {
      status: 'approved',
      nationalCode: 12,
      deficiencies: [
        {
          material: 'site-plan',
          promisedOn: '2026-02-27',
          overdueOn: '2026-03-02',
          finding: breach,
          rectification: { reports: [], overdueOn: '2026-03-07' },
        },
      ],
    })
    const sent = await publishEvent(w, TaskRectificationOverdueV1, { task, deficiency: { material: 'site-plan' } })
    const [dept, ...others] = await messagesOfEventOnce(w, sent.eventId, 1)
    expect(others).toEqual([])
    expect(dept?.title).toBe('逾期未整改')
    expect(dept?.body).toContain('容缺材料 site-plan')
    expect(dept?.body).toContain('2026年3月6日')
  })
})
