import type { EventBody, EventDefinition, TaskSnapshot } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import type { Static } from 'typebox'
import { recordOccurrence } from '../commands.js'
import { notificationRepository, type ProjectFacts, type Tx } from '../db/notifications.js'
import type { KnownProject, Told } from '../domain/later-stages.js'
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

/**
 * How one event of a project is read: `about` names the project, `read` says what is told and to whom (undefined or
 * none: no one; several when the parties read different words, each party in one of them) from the event, the project the notifier copied and the transaction (for the names it learnt); `concerns` as
 * `defineConsumer`'s, from the body alone.
 */
export type Reading<E extends EventDefinition> = {
  about: (event: EventBody<E>) => string
  read: (
    event: EventBody<E>,
    project: KnownProject,
    tx: Tx,
  ) => Told | readonly Told[] | undefined | Promise<Told | readonly Told[] | undefined>
  concerns?: (event: EventBody<E>) => boolean
  /**
   * An alert of a moment (预警, 超时, 未到): its durable, first created, starts then (`defineConsumer`'s
   * `startsAtCreation`), so deployed over a running platform it does not tell of every past one now
   * (docs/notifications.md#which-durables-start-at-their-creation).
   */
  startsAtCreation?: true
}

/**
 * A consumer that tells what one event says, whose domain function decides it all: the project looked up (one not
 * known yet is retried, then dead-lettered: {@link projectOf}), the event read, what it tells recorded; the message
 * outbox's unique (event, party, channel) makes a redelivery add nothing. One durable per event, named as
 * infra/nats/authorization.conf lists it.
 */
export const occurrenceConsumer = <E extends EventDefinition>(
  durable: string,
  event: E,
  { about, read, concerns, startsAtCreation }: Reading<E>,
) =>
  defineConsumer<E, Tx>({
    durable,
    event,
    ...(concerns ? { concerns } : {}),
    ...(startsAtCreation ? { startsAtCreation } : {}),
    async handle({ event: e, eventId, tx, now }) {
      const projectId = about(e)
      const told = await read(e, await projectOf(tx, projectId), tx)
      for (const one of Array.isArray(told) ? told : told ? [told as Told] : []) {
        await recordOccurrence(tx, { eventId, projectId, ...one }, now)
      }
    },
  })
