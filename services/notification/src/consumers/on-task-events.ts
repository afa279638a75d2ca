import {
  assignmentsOf,
  rectificationOf,
  StepTasksAssignedV1,
  supervisionActOf,
  TaskAssignedV1,
  type TaskClockAlertV1,
  TaskClockOverdueV1,
  TaskClockWarnedV1,
  TaskCommitmentOverdueV1,
  type TaskEventBody,
  type TaskRectificationEventV1,
  TaskRectificationOverdueV1,
  TaskRectificationReportedV1,
  TaskSupervisedV1,
  TaskSupervisionOverdueV1,
} from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { legalDateOf } from '@onewindow/workdays'
import { recordOccurrence } from '../commands.js'
import { notificationRepository, type Tx } from '../db/notifications.js'
import { SUPERVISION } from '../domain/messages.js'
import { departmentOf, projectFacts, projectOf, taskRecipients } from './occurrence.js'

/** 分派 — the task reached its department: owner, department and lead are told, with the clock's last day. */
async function tellAssigned(
  tx: Tx,
  project: Awaited<ReturnType<typeof projectOf>>,
  { id, body: { task } }: { id: string; body: TaskEventBody },
  now: Date,
) {
  await notificationRepository(tx).learnFromTask(task)
  await recordOccurrence(
    tx,
    {
      eventId: id,
      kind: 'task-assigned',
      projectId: task.projectId,
      facts: {
        ...projectFacts(project),
        ...(task.departmentName ? { departmentName: task.departmentName } : {}),
        ...(task.itemName ? { itemName: task.itemName } : {}),
        on: legalDateOf(task.updatedAt),
        ...(task.dueOn ? { dueOn: task.dueOn } : {}),
      },
      recipients: taskRecipients(project, task),
    },
    now,
  )
}

/** A step's tasks assigned together: each told as its own assignment, keyed by its task (`assignmentsOf`). */
export const onStepTasksAssigned = defineConsumer<typeof StepTasksAssignedV1, Tx>({
  durable: 'notification-step-tasks-assigned',
  event: StepTasksAssignedV1,
  async handle({ event, tx, now }) {
    const project = await projectOf(tx, event.projectId)
    for (const assignment of assignmentsOf(event)) await tellAssigned(tx, project, assignment, now)
  },
})

/** One task's assignment as approval published it before a step's went in one event (still in the stream). */
export const onTaskAssigned = defineConsumer<typeof TaskAssignedV1, Tx>({
  durable: 'notification-task-assigned',
  event: TaskAssignedV1,
  async handle({ event, eventId, tx, now }) {
    await tellAssigned(tx, await projectOf(tx, event.task.projectId), { id: eventId, body: event }, now)
  },
})

type OccurrenceKind = Parameters<typeof recordOccurrence>[1]['kind']

/**
 * A later turn of one task (a clock's alert, a commitment due): owner, department and the step's lead are told, with
 * the day it concerns. The department's name comes from the event, else from what the notifier learnt at assignment.
 */
async function tellAboutTask(
  { eventId, tx, now }: { eventId: string; tx: Tx; now: Date },
  kind: OccurrenceKind,
  task: TaskClockAlertV1['task'],
  dueOn: string | undefined,
) {
  const repo = notificationRepository(tx)
  const project = await projectOf(tx, task.projectId)
  const departmentName = task.departmentName ?? (await repo.departmentName(task.department))
  await recordOccurrence(
    tx,
    {
      eventId,
      kind,
      projectId: task.projectId,
      facts: {
        ...projectFacts(project),
        ...(departmentName ? { departmentName } : {}),
        ...(task.itemName ? { itemName: task.itemName } : {}),
        ...(dueOn ? { dueOn } : {}),
      },
      recipients: taskRecipients(project, task, await repo.leadOf(task.applicationId)),
    },
    now,
  )
}

const onClockAlert =
  (kind: 'clock-yellow' | 'clock-red') => (m: { event: TaskClockAlertV1; eventId: string; tx: Tx; now: Date }) =>
    tellAboutTask(m, kind, m.event.task, m.event.dueOn)

/** 预警 (yellow) and 超时 (red) of a task clock: each raised once by approval, each told once here. */
export const onTaskClockWarned = defineConsumer<typeof TaskClockWarnedV1, Tx>({
  durable: 'notification-task-clock-warned',
  event: TaskClockWarnedV1,
  startsAtCreation: true,
  handle: onClockAlert('clock-yellow'),
})
export const onTaskClockOverdue = defineConsumer<typeof TaskClockOverdueV1, Tx>({
  durable: 'notification-task-clock-overdue',
  event: TaskClockOverdueV1,
  startsAtCreation: true,
  handle: onClockAlert('clock-red'),
})

/** 告知承诺 fell due unverified: the department owes its check, the owner and the lead are told too. */
export const onCommitmentOverdue = defineConsumer<typeof TaskCommitmentOverdueV1, Tx>({
  durable: 'notification-commitment-overdue',
  event: TaskCommitmentOverdueV1,
  startsAtCreation: true,
  handle: (m) => tellAboutTask(m, 'commitment-due', m.event.task, m.event.task.commitment?.verifyBy),
})

/**
 * 督办 (docs/legal-time.md#督办): an issued one tells the task's department (its reviewers read the department's
 * messages) the 督办意见 and the reply-by day; an answered one tells the supervising office the answer, marked late when
 * given after the reply-by day. The office is one party (`SUPERVISION`): the notifier addresses no single supervisor,
 * so every supervisor reads it, the one who issued it among them. A snapshot naming neither turn is refused, to be
 * retried and dead-lettered, never dropped silently.
 */
export const onTaskSupervised = defineConsumer<typeof TaskSupervisedV1, Tx>({
  durable: 'notification-task-supervised',
  event: TaskSupervisedV1,
  async handle({ event, eventId, tx, now }) {
    const { task } = event
    const found = supervisionActOf(event)
    if (!found) {
      const which = event.supervisionId
        ? `督办 ${event.supervisionId} ${event.turn}`
        : `督办 issued or answered at ${task.updatedAt}`
      throw new Error(`task ${task.taskId} v${task.version}: no ${which}`)
    }
    const { turn, supervision: s } = found
    const project = await projectOf(tx, task.projectId)
    const departmentName = task.departmentName ?? (await notificationRepository(tx).departmentName(task.department))
    const about = {
      ...projectFacts(project),
      ...(departmentName ? { departmentName } : {}),
      ...(task.itemName ? { itemName: task.itemName } : {}),
      dueOn: s.deadline.due,
    }
    if (turn === 'issued') {
      await recordOccurrence(
        tx,
        {
          eventId,
          kind: 'task-supervised',
          projectId: task.projectId,
          facts: { ...about, on: s.openedOn, reason: s.note },
          recipients: [departmentOf(task.department)],
        },
        now,
      )
      return
    }
    const on = s.deadline.doneOn ?? legalDateOf(s.respondedAt ?? task.updatedAt)
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'task-supervision-answered',
        projectId: task.projectId,
        facts: { ...about, on, response: s.response ?? '', ...(on > s.deadline.due ? { late: true } : {}) },
        recipients: [SUPERVISION],
      },
      now,
    )
  },
})

/**
 * 督办逾期未回复 (docs/legal-time.md#督办): approval's timer reports a 督办 unanswered past its reply-by day once; the
 * supervising office (`SUPERVISION`, one party, as of an answer) is told, with the day that passed and the 督办意见.
 */
export const onSupervisionOverdue = defineConsumer<typeof TaskSupervisionOverdueV1, Tx>({
  durable: 'notification-supervision-overdue',
  event: TaskSupervisionOverdueV1,
  startsAtCreation: true,
  async handle({ event, eventId, tx, now }) {
    const { task } = event
    const s = (task.supervisions ?? []).find((x) => x.id === event.supervisionId)
    const project = await projectOf(tx, task.projectId)
    const departmentName = task.departmentName ?? (await notificationRepository(tx).departmentName(task.department))
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'task-supervision-overdue',
        projectId: task.projectId,
        facts: {
          ...projectFacts(project),
          ...(departmentName ? { departmentName } : {}),
          ...(task.itemName ? { itemName: task.itemName } : {}),
          on: s?.overdueOn ?? legalDateOf(task.updatedAt),
          dueOn: event.dueOn,
          ...(s ? { reason: s.note } : {}),
        },
        recipients: [SUPERVISION],
      },
      now,
    )
  },
})

/**
 * 整改 followed through (docs/legal-time.md#整改-followed-through): the finding's department — whose reviewers confirm
 * it — is told when the owner reports the 整改 done, with the owner's statement, and when its day passed with none
 * confirmed (逾期未整改), when it may take the further measure. Each alert's durable starts at its creation: deployed
 * over a running platform it tells no past one now.
 */
async function tellRectification(
  kind: 'rectification-reported' | 'rectification-overdue',
  { event, eventId, tx, now }: { event: TaskRectificationEventV1; eventId: string; tx: Tx; now: Date },
) {
  const { task } = event
  const found = rectificationOf(event)
  const rectification = found?.rectification
  // A snapshot without the finding's 整改 is no 整改 to tell: refused, to be retried and dead-lettered, never dropped.
  if (!found?.finding?.rectifyBy || !rectification) {
    throw new Error(`task ${task.taskId} v${task.version}: no 整改 ${event.deficiency?.material ?? 'of its 告知承诺'}`)
  }
  const project = await projectOf(tx, task.projectId)
  const departmentName = task.departmentName ?? (await notificationRepository(tx).departmentName(task.department))
  const last = rectification.reports.at(-1)
  await recordOccurrence(
    tx,
    {
      eventId,
      kind,
      projectId: task.projectId,
      facts: {
        ...projectFacts(project),
        ...(departmentName ? { departmentName } : {}),
        ...(task.itemName ? { itemName: task.itemName } : {}),
        ...(event.deficiency ? { material: event.deficiency.material } : {}),
        dueOn: found.finding.rectifyBy,
        ...(kind === 'rectification-reported'
          ? { on: last?.reportedOn ?? legalDateOf(task.updatedAt), ...(last ? { reason: last.statement } : {}) }
          : { on: rectification.overdueOn ?? legalDateOf(task.updatedAt) }),
      },
      recipients: [departmentOf(task.department)],
    },
    now,
  )
}

export const onRectificationReported = defineConsumer<typeof TaskRectificationReportedV1, Tx>({
  durable: 'notification-rectification-reported',
  event: TaskRectificationReportedV1,
  // An owner's act the department still has to review, whenever the notifier came (docs/notifications.md).
  handle: (m) => tellRectification('rectification-reported', m),
})

export const onRectificationOverdue = defineConsumer<typeof TaskRectificationOverdueV1, Tx>({
  durable: 'notification-rectification-overdue',
  event: TaskRectificationOverdueV1,
  startsAtCreation: true,
  handle: (m) => tellRectification('rectification-overdue', m),
})
