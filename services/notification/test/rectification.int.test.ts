import { jetstreamManager } from '@nats-io/jetstream'
import {
  type AcceptanceCaseEventBody,
  AcceptanceCommitmentRectificationOverdueV1,
  AcceptanceCommitmentRectificationReportedV1,
  type ProjectRegisteredV1,
  type TaskCommitment,
  TaskRectificationOverdueV1,
  TaskRectificationReportedV1,
} from '@onewindow/contracts'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  aProject,
  aTask,
  messagesOfEvent,
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

type Case = AcceptanceCaseEventBody['case']
type Rectification = Case['items'][number]['rectification']
const ARCHIVES = 'archives-acceptance'
/** A passed joint acceptance case whose archives item's 告知承诺 was found breached, with its 整改 as given. */
const acceptanceCase = (project: ProjectRegisteredV1, rectification: Rectification): Case => ({
  caseId: uuidv7(),
  projectId: project.projectId,
  projectType: project.projectType,
  region: project.region,
  owner: project.owner,
  lead: 'housing-construction',
  status: 'passed',
  items: [
    {
      item: ARCHIVES,
      itemName: '建设工程档案验收',
      department: 'archives',
      departmentName: '佛山市城建档案馆',
      status: 'committed',
      round: 0,
      verifyBy: '2026-03-30',
      verification: { ...breach, department: 'archives' },
      ...(rectification ? { rectification } : {}),
    },
  ],
  registrationWithAcceptance: false,
  openedAt: '2026-03-02T01:00:00.000Z',
  version: 4,
  updatedAt: '2026-03-04T02:00:00.000Z',
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

  it('a joint acceptance item’s 整改: its department alone told of the report and of 逾期未整改, in the same words', async () => {
    const project = aProject()
    await registerProject(w, project)
    const aCase = (rectification: Rectification) => acceptanceCase(project, rectification)
    const report = {
      statement: '竣工图已移交城建档案馆',
      reportedOn: '2026-03-04',
      reportedAt: '2026-03-04T02:00:00.000Z',
      reportedBy: 'owner-1',
    }
    const reported = await publishEvent(w, AcceptanceCommitmentRectificationReportedV1, {
      case: aCase({ reports: [report] }),
      item: ARCHIVES,
      actor: 'owner-1',
    })
    const [dept, ...others] = await messagesOfEventOnce(w, reported.eventId, 1)
    expect(others).toEqual([])
    expect([dept?.party_kind, dept?.party, dept?.title]).toEqual(['department', 'archives', '建设单位报告整改完成'])
    expect(dept?.body).toContain('“建设工程档案验收”')
    expect(dept?.body).toContain('竣工图已移交城建档案馆')

    const overdue = await publishEvent(w, AcceptanceCommitmentRectificationOverdueV1, {
      case: aCase({ reports: [], overdueOn: '2026-03-09' }),
      item: ARCHIVES,
    })
    const [late, ...more] = await messagesOfEventOnce(w, overdue.eventId, 1)
    expect(more).toEqual([])
    expect([late?.party, late?.title]).toEqual(['archives', '逾期未整改'])
    expect(late?.body).toContain('2026年3月6日')
  })
  it('a joint acceptance 整改 event whose item carries no 整改 is refused and retried — never acked and dropped', async () => {
    const project = aProject()
    await registerProject(w, project)
    // The item's breach ordered 整改, but the snapshot carries no `rectification`: nothing the department could act on.
    const { eventId, seq } = await publishEvent(w, AcceptanceCommitmentRectificationReportedV1, {
      case: acceptanceCase(project, undefined),
      item: ARCHIVES,
      actor: 'owner-1',
    })
    const jsm = await jetstreamManager(w.nc)
    const info = () => jsm.consumers.info(w.topology.stream, 'notification-acceptance-rectification-reported')
    // Redelivered after its first refusal (the consumer's backoff, then the dead letters at max_deliver, as approval's).
    await expect.poll(async () => (await info()).num_redelivered, { timeout: 15_000 }).toBeGreaterThanOrEqual(1)
    expect((await info()).ack_floor.stream_seq).toBeLessThan(seq)
    expect(await messagesOfEvent(w, eventId)).toEqual([])
  })
})
