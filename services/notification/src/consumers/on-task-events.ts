import {
  TaskAssignedV1,
  type TaskClockAlertV1,
  TaskClockOverdueV1,
  TaskClockWarnedV1,
  TaskCommitmentOverdueV1,
} from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { legalDateOf } from '@onewindow/workdays'
import { recordOccurrence } from '../commands.js'
import { notificationRepository, type Tx } from '../db/notifications.js'
import { projectFacts, projectOf, taskRecipients } from './occurrence.js'

/** 分派 — the task reached its department: owner, department and lead are told, with the clock's last day. */
export const onTaskAssigned = defineConsumer<typeof TaskAssignedV1, Tx>({
  durable: 'notification-task-assigned',
  event: TaskAssignedV1,
  async handle({ event, eventId, tx, now }) {
    const { task } = event
    await notificationRepository(tx).learnFromTask(task)
    const project = await projectOf(tx, task.projectId)
    await recordOccurrence(
      tx,
      {
        eventId,
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
  },
})

const onClockAlert =
  (kind: 'clock-yellow' | 'clock-red') =>
  async ({ event, eventId, tx, now }: { event: TaskClockAlertV1; eventId: string; tx: Tx; now: Date }) => {
    const { task } = event
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
          dueOn: event.dueOn,
        },
        recipients: taskRecipients(project, task, await repo.leadOf(task.applicationId)),
      },
      now,
    )
  }

/** 预警 (yellow) and 超时 (red) of a task clock: each raised once by approval, each told once here. */
export const onTaskClockWarned = defineConsumer<typeof TaskClockWarnedV1, Tx>({
  durable: 'notification-task-clock-warned',
  event: TaskClockWarnedV1,
  handle: onClockAlert('clock-yellow'),
})
export const onTaskClockOverdue = defineConsumer<typeof TaskClockOverdueV1, Tx>({
  durable: 'notification-task-clock-overdue',
  event: TaskClockOverdueV1,
  handle: onClockAlert('clock-red'),
})

/** 告知承诺 fell due unverified: the department owes its check, the owner and the lead are told too. */
export const onCommitmentOverdue = defineConsumer<typeof TaskCommitmentOverdueV1, Tx>({
  durable: 'notification-commitment-overdue',
  event: TaskCommitmentOverdueV1,
  async handle({ event, eventId, tx, now }) {
    const { task } = event
    const repo = notificationRepository(tx)
    const project = await projectOf(tx, task.projectId)
    const departmentName = task.departmentName ?? (await repo.departmentName(task.department))
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'commitment-due',
        projectId: task.projectId,
        facts: {
          ...projectFacts(project),
          ...(departmentName ? { departmentName } : {}),
          ...(task.itemName ? { itemName: task.itemName } : {}),
          ...(task.commitment?.verifyBy ? { dueOn: task.commitment.verifyBy } : {}),
        },
        recipients: taskRecipients(project, task, await repo.leadOf(task.applicationId)),
      },
      now,
    )
  },
})
