import {
  AcceptanceDueMovedV1,
  AcceptanceStartedV1,
  ApplicationAcceptedV1,
  ApprovalDueMovedV1,
  type ClockDueMovedV1,
  ProjectRegisteredV1,
  RatingGivenV1,
  type RatingSnapshot,
  TaskClaimedV1,
  TaskDecidedV1,
  TaskSupervisedV1,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
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

/**
 * A calendar's move is of the subject's version it was computed on (`subjectVersion`) and gives it none of its own: the
 * gateway sets the moved day on no row holding a newer snapshot (db/projection.ts `moveStillApplies`), as
 * permit-inbox.int.test.ts checks for a utility request's permits clock. One case per day a move sets.
 */
describe('a calendar’s move computed on an older version of its subject', () => {
  /** A subject's stored row: its id, the move's subject, and its snapshot at `version` holding `day` (with its event). */
  type Subject = { id: string; subject: string; snapshot(version: number, day: string): Promise<void> }
  type Kind = {
    name: string
    subjectOf(projectId: string, applicationId: string): Subject
    clock: string
    moveEvent: typeof ApprovalDueMovedV1 | typeof AcceptanceDueMovedV1
    /** The row's table and the day the move sets on it. */
    row: { table: string; day: string }
    /** The task's own due date is carried as the subject's day (`subjectDueOn`). */
    subjectDueOn?: true
  }
  const supervisionId = '0190a000-0000-7000-8000-0000000000e1'
  const verifyClock = { limit: { value: 20, unit: 'W' as const }, start: '2026-12-14', suspensions: [] }
  const kinds: Kind[] = [
    {
      name: 'a task’s due date (task-due)',
      subjectOf: (projectId, applicationId) => {
        const t = task(projectId, applicationId)
        return {
          id: t.taskId,
          subject: `task:${t.taskId}`,
          snapshot: (version, day) =>
            w.publish(TaskClaimedV1, { task: { ...t, status: 'claimed', version, dueOn: day }, actor: 'reviewer:r1' }),
        }
      },
      clock: 'committed',
      moveEvent: ApprovalDueMovedV1,
      // The column the inbox orders by and the snapshot's day move together.
      row: {
        table: 'task',
        day: `CASE WHEN to_char(due_on, 'YYYY-MM-DD') = snapshot ->> 'dueOn' THEN snapshot ->> 'dueOn' END`,
      },
      subjectDueOn: true,
    },
    {
      name: 'a task’s 告知承诺 verify-by day (task-verify-by)',
      subjectOf: (projectId, applicationId) => {
        const t = task(projectId, applicationId, {
          status: 'approved',
          nationalCode: 11,
          decision: { outcome: 'approved', decidedAt: '2026-12-14T01:00:00Z' },
        })
        return {
          id: t.taskId,
          subject: `task:${t.taskId}`,
          snapshot: (version, day) =>
            w.publish(TaskDecidedV1, { task: { ...t, version, commitment: { verifyBy: day, verifyClock } } }),
        }
      },
      clock: 'verify-by',
      moveEvent: ApprovalDueMovedV1,
      row: { table: 'task', day: `snapshot #>> '{commitment,verifyBy}'` },
    },
    {
      name: 'a 督办’s reply-by day (task-supervision-due)',
      subjectOf: (projectId, applicationId) => {
        const t = task(projectId, applicationId, { status: 'claimed', updatedAt: '2026-12-28T02:00:00.000Z' })
        const urged = (due: string) => ({
          id: supervisionId,
          note: '请说明审查进度',
          openedOn: '2026-12-28',
          openedAt: '2026-12-28T02:00:00.000Z',
          deadline: { spec: { limit: { value: 5, unit: 'W' as const }, start: '2026-12-28', suspensions: [] }, due },
        })
        return {
          id: t.taskId,
          subject: `task:${t.taskId}/${supervisionId}`,
          snapshot: (version, day) =>
            w.publish(TaskSupervisedV1, {
              task: { ...t, version, supervisions: [urged(day)] },
              actor: 'supervisor-1',
              supervisionId,
              turn: 'issued',
            }),
        }
      },
      clock: 'reply-by',
      moveEvent: ApprovalDueMovedV1,
      row: { table: 'task', day: `snapshot #>> '{supervisions,0,deadline,due}'` },
    },
    {
      name: 'a joint acceptance item’s 告知承诺 verify-by day (case-verify-by)',
      subjectOf: (projectId) => {
        const c = acceptanceCase(projectId)
        const item = (verifyBy: string) => ({
          item: 'fire-acceptance-filing',
          department: 'fire',
          status: 'committed' as const,
          round: 0,
          verifyBy,
        })
        return {
          id: c.caseId,
          subject: `acceptance-case:${c.caseId}/fire-acceptance-filing`,
          snapshot: (version, day) => w.publish(AcceptanceStartedV1, { case: { ...c, version, items: [item(day)] } }),
        }
      },
      clock: 'verify-by',
      moveEvent: AcceptanceDueMovedV1,
      row: { table: 'acceptance_case', day: `snapshot #>> '{items,0,verifyBy}'` },
    },
    {
      name: 'a fix-and-reply loop’s due date (rating-due)',
      subjectOf: (projectId, applicationId) => {
        const rating: Omit<RatingSnapshot, 'fix' | 'version'> = {
          ratingId: uuidv7(),
          taskId: uuidv7(),
          applicationId,
          projectId,
          item: 'construction-permit',
          department: 'housing-construction',
          ownerCreditCode: owners.foshan.creditCode,
          first: { level: 'dissatisfied', ratedAt: '2026-12-28T02:00:00Z', ratedOn: '2026-12-28', ratedBy: 'owner-1' },
          updatedAt: '2026-12-28T02:00:00Z',
        }
        const fix = (dueOn: string) => ({
          limit: { value: 10, unit: 'W' as const },
          start: '2026-12-28',
          dueOn,
          status: 'open' as const,
        })
        return {
          id: rating.ratingId,
          subject: `rating:${rating.ratingId}`,
          snapshot: (version, day) => w.publish(RatingGivenV1, { rating: { ...rating, version, fix: fix(day) } }),
        }
      },
      clock: 'fix',
      moveEvent: ApprovalDueMovedV1,
      row: { table: 'rating', day: `snapshot #>> '{fix,dueOn}'` },
    },
  ]

  it.each(kinds)('keeps a newer snapshot’s day: $name', async (kind) => {
    const project = projectRegistered({ owner: owners.foshan })
    const application = applicationAccepted(project.projectId, { ownerCreditCode: owners.foshan.creditCode })
    await w.publish(ProjectRegisteredV1, project)
    await w.publish(ApplicationAcceptedV1, application)
    const { id, subject, snapshot } = kind.subjectOf(project.projectId, application.applicationId)
    const row = async () =>
      (
        await w.db.pool.query<{ version: number; day: string | null }>(
          `SELECT version, ${kind.row.day} AS day FROM ${kind.row.table} WHERE id = $1`,
          [id],
        )
      ).rows[0]
    await snapshot(3, '2027-01-11')
    await expect.poll(row).toEqual({ version: 3, day: '2027-01-11' })
    // The next change of the subject: a later day, version 4.
    await snapshot(4, '2027-01-18')
    await expect.poll(row).toEqual({ version: 4, day: '2027-01-18' })
    const move = (from: string, to: string, subjectVersion?: number) =>
      moved({
        projectId: project.projectId,
        subject,
        clock: kind.clock,
        from,
        to,
        ...(kind.subjectDueOn ? { subjectDueOn: to } : {}),
        ...(subjectVersion === undefined ? {} : { subjectVersion }),
      })
    // Applied once its timeline entry is in (the entry is written whether or not the row moves).
    const applied = async (from: string, to: string) =>
      (
        await w.db.pool.query(`SELECT 1 FROM timeline_entry WHERE project_id = $1 AND summary LIKE $2`, [
          project.projectId,
          `${subject} ${kind.clock} clock: due date moved from ${from} to ${to}:%`,
        ])
      ).rowCount
    // Computed on version 3, delivered after version 4 (a redelivery, a replayed dead letter): version 4's day stays.
    await w.publish(kind.moveEvent, move('2027-01-11', '2027-01-12', 3))
    await expect.poll(() => applied('2027-01-11', '2027-01-12')).toBe(1)
    expect(await row()).toEqual({ version: 4, day: '2027-01-18' })
    // Published before moves named their version: applied only where the row's day is still the one it moved from.
    await w.publish(kind.moveEvent, move('2027-01-11', '2027-01-13'))
    await expect.poll(() => applied('2027-01-11', '2027-01-13')).toBe(1)
    expect(await row()).toEqual({ version: 4, day: '2027-01-18' })
    // Computed on the version the row holds: its day moves, the version stays (a move gives none of its own).
    await w.publish(kind.moveEvent, move('2027-01-18', '2027-01-19', 4))
    await expect.poll(row).toEqual({ version: 4, day: '2027-01-19' })
    await w.publish(kind.moveEvent, move('2027-01-19', '2027-01-20'))
    await expect.poll(row).toEqual({ version: 4, day: '2027-01-20' })
    // Two publications between two changes of the subject both name version 4: the first's move replayed after the
    // second's (a redelivery, a replayed dead letter) finds the row no longer at its from day and moves nothing.
    await w.publish(kind.moveEvent, move('2027-01-20', '2027-01-21', 4))
    await expect.poll(row).toEqual({ version: 4, day: '2027-01-21' })
    await w.publish(kind.moveEvent, move('2027-01-18', '2027-01-19', 4))
    await expect.poll(() => applied('2027-01-18', '2027-01-19')).toBe(2)
    expect(await row()).toEqual({ version: 4, day: '2027-01-21' })
    // A move computed on a version the read model has not yet seen (its snapshot on the way) applies.
    await w.publish(kind.moveEvent, move('2027-01-21', '2027-01-22', 5))
    await expect.poll(row).toEqual({ version: 4, day: '2027-01-22' })
  })
})
