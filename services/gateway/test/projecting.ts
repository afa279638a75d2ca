import { ApplicationAcceptedV1, type EventDefinition, ProjectRegisteredV1, TaskAssignedV1 } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { v7 as uuidv7 } from 'uuid'
import { createPrisma } from '../src/db/client.js'
import { applyProjection } from '../src/db/projection.js'
import { projectors } from '../src/index.js'
import { applicationAccepted, projectRegistered, task } from './events.js'
import type { GatewayWorld } from './world.js'

/**
 * Events projected as the ordered reader projects them (one transaction each), on a connection of the test's own,
 * without the trip through NATS: for tests of what the read model's rows make of an answer.
 */
export function projecting(w: GatewayWorld) {
  const db = createPrisma(w.db.pool, w.db.schema)
  w.defer(() => db.$disconnect())

  async function project<E extends EventDefinition>(event: E, body: unknown) {
    const projector = projectors.find((p) => p.event === event)
    if (!projector) throw new Error(`no projector for ${event.subject}`)
    await db.$transaction((tx) => applyProjection(tx, projector.project(body as never, uuidv7()), defaultCalendar()))
  }

  /** A project with one application and one task of `department` on it, projected; returns the task. */
  async function projectWithTask(department = 'housing-construction'): Promise<ReturnType<typeof task>> {
    const registered = projectRegistered()
    await project(ProjectRegisteredV1, registered)
    const accepted = applicationAccepted(registered.projectId)
    await project(ApplicationAcceptedV1, accepted)
    const t = task(registered.projectId, accepted.applicationId, { department })
    await project(TaskAssignedV1, { task: t })
    return t
  }

  return { db, project, projectWithTask }
}
