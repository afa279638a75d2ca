import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  expectStatus,
  inbox,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  sixItemMaterials,
  taskOf,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

let world: World
let projectId: string
let applicationId: string
let task: { taskId: string; department: string }

beforeAll(async () => {
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: '2026-03-02T01:00:00Z',
  })
  projectId = await registerProject(world, lowRiskFactory(owners.a))
  applicationId = expectStatus(
    await openApplication(world, projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials }),
    201,
  ).application.applicationId
  task = await taskOf(world, 'housing-construction', applicationId)
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

describe('authorisation per row, on every route', () => {
  it('refuses a request without a valid token', async () => {
    expect((await world.api('GET', `/api/v1/projects/${projectId}`)).status).toBe(401)
    const forged = await world.api('GET', `/api/v1/projects/${projectId}`, `${world.token('clerk')}x`)
    expect(forged.status).toBe(401)
    expect(forged.headers['content-type']).toMatch(/application\/problem\+json/)
  })

  it('lets the owner, a clerk and a reviewer of a department concerned see the project', async () => {
    const own = world.token('owner', { creditCode: owners.a.creditCode })
    expect((await world.api('GET', `/api/v1/projects/${projectId}`, own)).status).toBe(200)
    expect((await world.api('GET', `/api/v1/projects/${projectId}/status`, own)).status).toBe(200)
    expect((await world.api('GET', `/api/v1/projects/${projectId}`, world.token('clerk'))).status).toBe(200)
  })

  it('refuses another owner on every route, without telling it the project exists', async () => {
    const other = world.token('owner', { creditCode: owners.c.creditCode })
    expect((await world.api('GET', `/api/v1/projects/${projectId}`, other)).status).toBe(404)
    expect((await world.api('GET', `/api/v1/projects/${projectId}/status`, other)).status).toBe(404)
    const cure = await world.api('POST', `/api/v1/applications/${applicationId}/materials`, other, {
      materials: [{ code: 'construction-contract', documentRef: 'doc://x' }],
    })
    expect(cure.status).toBe(404)
    expect((await world.api('POST', '/api/v1/projects', other, lowRiskFactory(owners.c))).status).toBe(403)
    const asOwner = await world.api('POST', `/api/v1/projects/${projectId}/applications`, other, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials,
    })
    expect(asOwner.status).toBe(403)
    expect((await world.api('GET', '/api/v1/tasks', other)).status).toBe(403)
    expect((await world.api('POST', `/api/v1/tasks/${task.taskId}/actions`, other, { action: 'claim' })).status).toBe(
      403,
    )
    expect((await world.api('GET', '/api/v1/supervision/clocks?level=red', other)).status).toBe(403)
  })

  it('refuses a reviewer of another department on every route', async () => {
    const other = world.token('reviewer', { department: 'public-security' })
    expect((await inbox(world, 'public-security')).some((t) => t.taskId === task.taskId)).toBe(false)
    expect((await world.api('POST', `/api/v1/tasks/${task.taskId}/actions`, other, { action: 'claim' })).status).toBe(
      404,
    )
    expect((await world.api('GET', `/api/v1/projects/${projectId}`, other)).status).toBe(404)
    expect((await world.api('GET', `/api/v1/projects/${projectId}/status`, other)).status).toBe(404)
    expect((await world.api('POST', '/api/v1/projects', other, lowRiskFactory(owners.c))).status).toBe(403)
    const open = await world.api('POST', `/api/v1/projects/${projectId}/applications`, other, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials,
    })
    expect(open.status).toBe(403)
    const cure = await world.api('POST', `/api/v1/applications/${applicationId}/materials`, other, {
      materials: [{ code: 'construction-contract', documentRef: 'doc://x' }],
    })
    expect(cure.status).toBe(403)
    expect((await world.api('GET', '/api/v1/supervision/clocks?level=yellow', other)).status).toBe(403)
    // The task is untouched: its own department still finds it unclaimed.
    const mine = await taskOf(world, 'housing-construction', applicationId)
    expect(mine.status).toBe('assigned')
  })

  it("lets the task's own department act, and a supervisor read everything but act on nothing", async () => {
    const own = world.token('reviewer', { department: 'housing-construction' })
    expectStatus(await world.api('POST', `/api/v1/tasks/${task.taskId}/actions`, own, { action: 'claim' }), 200)
    const supervisor = world.token('supervisor')
    expect((await world.api('GET', `/api/v1/projects/${projectId}/status`, supervisor)).status).toBe(200)
    expect((await world.api('GET', '/api/v1/supervision/clocks?level=red', supervisor)).status).toBe(200)
    const acting = await world.api('POST', `/api/v1/tasks/${task.taskId}/actions`, supervisor, { action: 'approve' })
    expect(acting.status).toBe(403)
  })
})
