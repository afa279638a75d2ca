import { type EventDefinition, ProjectRegisteredV1, TaskAssignedV1 } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrisma } from '../src/db/client.js'
import { applyProjection } from '../src/db/projection.js'
import { projectors } from '../src/index.js'
import { projectRegistered, task } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// The lead department's list (牵头部门, issue 13): one bad stored row is named in `unreadable` and the rest answered,
// as on every other list — never a 500 for the lead's whole list.

type Task = ReturnType<typeof task>

let w: GatewayWorld
let db: ReturnType<typeof createPrisma>
let projectId: string
const APP = '01890000-0000-7000-8000-00000000dddd'

beforeAll(async () => {
  w = await gatewayWorld()
  db = createPrisma(w.db.pool, w.db.schema)
  w.defer(() => db.$disconnect())
  const project = projectRegistered()
  projectId = project.projectId
  await w.publish(ProjectRegisteredV1, project)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** Writes a task event's projection as the gateway's consumer does, without the trip through NATS. */
async function project(event: EventDefinition, t: Task) {
  const projector = projectors.find((p) => p.event === event)
  if (!projector) throw new Error(`no projector for ${event.subject}`)
  await db.$transaction((tx) => applyProjection(tx, projector.project({ task: t }, uuidv7()), defaultCalendar()))
}

describe('GET /api/v1/lead/tasks with a bad stored row', () => {
  it('answers the readable tasks of the steps the lead leads and names the unreadable one', async () => {
    const lead = `lead-${uuidv7()}`
    const days = ['2026-03-04', '2026-03-05', '2026-03-06']
    const tasks = days.map((dueOn, i) => task(projectId, APP, { department: `${lead}-d${i}`, lead, dueOn }))
    const elsewhere = task(projectId, APP, { department: `${lead}-d9`, lead: `${lead}-other` })
    for (const t of [...tasks, elsewhere]) await project(TaskAssignedV1, t)
    const bad = tasks[1] as Task
    await w.db.pool.query(
      `UPDATE "${w.db.schema}".task SET snapshot = jsonb_set(snapshot, '{status}', '"sleeping"') WHERE id = $1`,
      [bad.taskId],
    )
    const res = await w.api('GET', '/api/v1/lead/tasks', w.token({ role: 'lead', department: lead }))
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.tasks.map((t: Task) => t.taskId)).toEqual([tasks[0]?.taskId, tasks[2]?.taskId])
    expect(res.body.unreadable).toEqual([expect.objectContaining({ id: bad.taskId })])
  })
})
