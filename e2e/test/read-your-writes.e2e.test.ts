import { ApplicationAcceptedV1, StepTasksAssignedV1 } from '@onewindow/contracts'
import { READ_MODEL } from '@onewindow/gateway'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  expectStatus,
  landPlanningDepartments,
  landPlanningMaterials,
  lowRiskFactory,
  owners,
  published,
  statusWhen,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

const START = '2026-03-02T01:00:00Z'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

describe('read-your-own-writes', () => {
  it('answers 200 with what is pending while the read model is held back, and without it once the events are applied', async () => {
    // Held back as a second gateway replica would hold it: this transaction keeps the read model's cursor row locked,
    // so the reader's next batch waits on it and applies nothing, whatever arrives.
    const lock = await world.schemas.gateway.pool.connect()
    await lock.query('BEGIN')
    await lock.query('INSERT INTO read_model_cursor (name, last_sequence) VALUES ($1, 0) ON CONFLICT DO NOTHING', [
      READ_MODEL,
    ])
    await lock.query('SELECT last_sequence FROM read_model_cursor WHERE name = $1 FOR UPDATE', [READ_MODEL])
    let projectId = ''
    let applicationId = ''
    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    try {
      const clerk = world.token('clerk')
      projectId = expectStatus(await world.api('POST', '/api/v1/projects', clerk, lowRiskFactory()), 201).project
        .projectId
      const page = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}`, owner), 200)
      expect(page.project).toMatchObject({ projectId, owner: owners.b, region: '441500' })
      expect(page.pending).toEqual([{ kind: 'project-registered', id: projectId, since: expect.any(String) }])

      applicationId = expectStatus(
        await world.api('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
          // The project's first step: a later one waits for it to be approved (step order).
          step: 'land-planning-and-filing',
          form: {},
          materials: landPlanningMaterials,
        }),
        201,
      ).application.applicationId
      // Intake's acceptance and approval's tasks are on the stream: only the held read model is missing them.
      await until(async () =>
        (await published(world, StepTasksAssignedV1)).some((e) => e.applicationId === applicationId),
      )
      expect((await published(world, ApplicationAcceptedV1)).map((e) => e.applicationId)).toContain(applicationId)
      const held = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, owner), 200)
      expect(held).toMatchObject({ applications: [], tasks: [], timeline: [] })
      expect(held.pending).toEqual([
        { kind: 'project-registered', id: projectId, since: expect.any(String) },
        { kind: 'application-accepted', id: applicationId, since: expect.any(String) },
      ])
      // The same authorisation as for the row: another owner gets the unknown-id 404.
      const other = world.token('owner', { creditCode: owners.a.creditCode })
      expect((await world.api('GET', `/api/v1/projects/${projectId}/status`, other)).status).toBe(404)
    } finally {
      await lock.query('ROLLBACK')
      lock.release()
    }

    const caughtUp = await statusWhen(
      world,
      projectId,
      (s) => s.tasks.filter((t) => t.applicationId === applicationId).length === landPlanningDepartments.length,
    )
    expect(caughtUp.pending).toEqual([])
    expect(caughtUp.applications.map((a) => a.applicationId)).toEqual([applicationId])
    expect(caughtUp.timeline.map((e) => e.type).slice(0, 2)).toEqual(['project.registered', 'application.accepted'])
    expect(expectStatus(await world.api('GET', `/api/v1/projects/${projectId}`, owner), 200).pending).toEqual([])
  })
})
