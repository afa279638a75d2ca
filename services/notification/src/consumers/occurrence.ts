import type { TaskSnapshot } from '@onewindow/contracts'
import type { Static } from 'typebox'
import { notificationRepository, type ProjectFacts, type Tx } from '../db/notifications.js'
import type { Party } from '../domain/messages.js'

/**
 * The project an event is about. Registration comes long before any task, so a project not yet known is a message
 * that arrived early: thrown, so the consumer retries it (and dead-letters it in the end, nothing dropped silently).
 */
export async function projectOf(tx: Tx, projectId: string): Promise<ProjectFacts> {
  const project = await notificationRepository(tx).project(projectId)
  if (!project) throw new Error(`project ${projectId} is not known to the notifier yet`)
  return project
}

/** The owner organisation, the task's department and its step's lead: who is told about a task. */
export const taskRecipients = (project: ProjectFacts, task: Static<typeof TaskSnapshot>, lead?: string): Party[] => [
  { kind: 'owner', id: project.ownerCreditCode },
  { kind: 'department', id: task.department },
  ...((task.lead ?? lead) ? [{ kind: 'department' as const, id: (task.lead ?? lead) as string }] : []),
]

/** A department as the party a message is addressed to. */
export const departmentOf = (code: string): Party => ({ kind: 'department', id: code })

export const projectFacts = (p: ProjectFacts) => ({ projectName: p.name, projectCode: p.projectCode })
