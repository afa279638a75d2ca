import { setTimeout as sleep } from 'node:timers/promises'
import { ApplicationAcceptedV1, ProjectRegisteredV1, StepTasksAssignedV1 } from '@onewindow/contracts'
import { READ_MODEL } from '@onewindow/gateway'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  applicationIn,
  approveFirstStep,
  approveStep,
  expectStatus,
  landPlanningDepartments,
  landPlanningMaterials,
  lowRiskFactory,
  owners,
  published,
  sixItemMaterials,
  statusWhen,
  taskOf,
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

  describe('past the gateway: a service that copies the project from its event', () => {
    // Acceptance held back: this transaction's SHARE lock on acceptance's copy of the projects keeps
    // `project.registered` from being written there (the consumer's insert waits on it), while a command still reads
    // the table and finds no project: exactly a service that has not yet heard of it.
    const hold = async (service: 'acceptance' | 'approval', table: string) => {
      const lock = await world.schemas[service].pool.connect()
      await lock.query('BEGIN')
      await lock.query(`LOCK TABLE ${table} IN SHARE MODE`)
      return {
        async [Symbol.asyncDispose]() {
          await lock.query('ROLLBACK')
          lock.release()
        },
      }
    }
    // The read model held back as in the test above: the gateway holds the project only as promised after its 201, so
    // it sends no copy of it (a stored row it sends, and the service keeps it — no waiting for the event).
    const holdReadModel = async () => {
      const lock = await world.schemas.gateway.pool.connect()
      await lock.query('BEGIN')
      await lock.query('INSERT INTO read_model_cursor (name, last_sequence) VALUES ($1, 0) ON CONFLICT DO NOTHING', [
        READ_MODEL,
      ])
      await lock.query('SELECT last_sequence FROM read_model_cursor WHERE name = $1 FOR UPDATE', [READ_MODEL])
      return {
        async [Symbol.asyncDispose]() {
          await lock.query('ROLLBACK')
          lock.release()
        },
      }
    }
    const owner = () => world.token('owner', { creditCode: owners.b.creditCode })
    const registered = async () => {
      const projectId = expectStatus(
        await world.api('POST', '/api/v1/projects', world.token('clerk'), lowRiskFactory()),
        201,
      ).project.projectId as string
      await until(async () => (await published(world, ProjectRegisteredV1)).some((e) => e.projectId === projectId))
      return projectId
    }
    const openAcceptance = (projectId: string) =>
      world.api('POST', `/api/v1/projects/${projectId}/acceptance`, owner(), {})

    it('answers what acceptance decides once it has heard of the project, never its 404', async () => {
      let opening: ReturnType<typeof openAcceptance> | undefined
      let projectId = ''
      {
        await using _promised = await holdReadModel()
        await using _held = await hold('acceptance', 'project')
        projectId = await registered()
        opening = openAcceptance(projectId)
        // Let the command reach acceptance while it cannot know the project; the hold ends with this block.
        await sleep(300)
      }
      // No construction permit: acceptance, knowing the project, refuses for that — not for an unknown project.
      const answer = await opening
      expect(answer.status, JSON.stringify(answer.body)).toBe(409)
      expect(answer.body.code).toBe('ACCEPTANCE_PERMIT_NOT_GRANTED')
      expect(
        (await world.schemas.acceptance.pool.query('SELECT 1 FROM project WHERE id = $1', [projectId])).rowCount,
      ).toBe(1)
    })

    it('answers 503 with retry-after while acceptance stays behind, and the same command succeeds after', async () => {
      let projectId = ''
      {
        await using _promised = await holdReadModel()
        await using _held = await hold('acceptance', 'project')
        projectId = await registered()
        const behind = await openAcceptance(projectId)
        expect(behind.status, JSON.stringify(behind.body)).toBe(503)
        expect(behind.body).toMatchObject({ code: 'GATEWAY_UPSTREAM_BEHIND', upstream: 'acceptance' })
        expect(behind.headers['retry-after']).toBeDefined()
        expect(behind.headers['content-type']).toMatch(/application\/problem\+json/)
      }
      const later = await openAcceptance(projectId)
      expect(later.status, JSON.stringify(later.body)).toBe(409)
      expect(later.body.code).toBe('ACCEPTANCE_PERMIT_NOT_GRANTED')
    })

    it('waits for approval to open the step of an application just accepted before withdrawing it', async () => {
      const projectId = await registered()
      let withdrawing: ReturnType<typeof world.api> | undefined
      let applicationId = ''
      {
        // Approval opens the step when it hears of the acceptance; held, it has not, and answers 404 for it.
        await using _held = await hold('approval', 'step')
        applicationId = expectStatus(
          await world.api('POST', `/api/v1/projects/${projectId}/applications`, world.token('clerk'), {
            step: 'land-planning-and-filing',
            form: {},
            materials: landPlanningMaterials,
          }),
          201,
        ).application.applicationId
        withdrawing = world.api('POST', `/api/v1/applications/${applicationId}/withdrawal`, owner(), {
          reason: '建设单位调整建设方案',
        })
        await sleep(300)
      }
      const withdrawn = await withdrawing
      expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200)
      expect(withdrawn.body.applicationId).toBe(applicationId)
      expect(withdrawn.body.tasks.length).toBe(landPlanningDepartments.length)
    })

    it('counts a drawing review just after the registration on the project’s own calendar', async () => {
      // Approval learns the project's region from its registration: held, it has not, and would count nationally.
      let projectId = ''
      let submitting: ReturnType<typeof world.api> | undefined
      {
        await using _held = await hold('approval', 'project')
        projectId = await registered()
        submitting = world.api('POST', `/api/v1/projects/${projectId}/drawing-review`, owner(), {
          reviewBody: { name: '审查中心', creditCode: '91441500MA51XY202F' },
          title: '施工图',
          documentRef: 'doc://drawings-v1.zip',
        })
        await sleep(300)
      }
      const submitted = await submitting
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200)
      expect(submitted.body.review.projectId).toBe(projectId)
      expect(submitted.body.review.versions[0].clock.region).toBe(lowRiskFactory().region)
    })

    it('opens a drawing review for a project whose registration approval never heard, from the gateway’s copy', async () => {
      // Registered longer ago than the stream keeps events, and approval's copy not kept (a service started later, a
      // schema restored): it will never hear of the project, so waiting for it would answer 503 forever.
      const projectId = await registered()
      const copied = async (service: 'approval' | 'gateway') =>
        (await world.schemas[service].pool.query('SELECT 1 FROM project WHERE id = $1', [projectId])).rowCount
      await until(async () => (await copied('gateway')) === 1 && (await copied('approval')) === 1)
      await world.schemas.approval.pool.query('DELETE FROM project WHERE id = $1', [projectId])

      const submitted = await world.api('POST', `/api/v1/projects/${projectId}/drawing-review`, owner(), {
        reviewBody: { name: '审查中心', creditCode: '91441500MA51XY202F' },
        title: '施工图',
        documentRef: 'doc://drawings-v1.zip',
      })
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200)
      expect(submitted.body.review.versions[0].clock.region).toBe(lowRiskFactory().region)
      // Approval keeps the copy again, as the gateway holds it: the title the review body's list names the project by.
      const copyIn = async (service: 'approval' | 'gateway') =>
        (
          await world.schemas[service].pool.query(
            'SELECT name, project_code, region, location FROM project WHERE id = $1',
            [projectId],
          )
        ).rows
      expect(await copyIn('approval')).toEqual(await copyIn('gateway'))
      expect(await copyIn('approval')).toMatchObject([
        { name: lowRiskFactory().name, location: lowRiskFactory().location },
      ])
    })

    it('opens a joint acceptance and commissions a survey for a project whose registration acceptance never heard', async () => {
      // As for approval above: acceptance's copy gone, the registration older than the stream keeps events.
      const projectId = await registered()
      const copied = async (service: 'acceptance' | 'gateway') =>
        (await world.schemas[service].pool.query('SELECT 1 FROM project WHERE id = $1', [projectId])).rowCount
      await until(async () => (await copied('gateway')) === 1 && (await copied('acceptance')) === 1)
      await world.schemas.acceptance.pool.query('DELETE FROM project WHERE id = $1', [projectId])

      // Acceptance decides on the copy the gateway sends: no construction permit yet — not 503, not its 404.
      const opened = await openAcceptance(projectId)
      expect(opened.status, JSON.stringify(opened.body)).toBe(409)
      expect(opened.body.code).toBe('ACCEPTANCE_PERMIT_NOT_GRANTED')
      await world.schemas.acceptance.pool.query('DELETE FROM project WHERE id = $1', [projectId])
      const commissioned = await world.api('POST', `/api/v1/projects/${projectId}/survey-commissions`, owner(), {
        stage: 'permits',
        surveyor: { name: '汕尾测绘院', creditCode: '91441500MA51XY303G' },
      })
      expect(commissioned.status, JSON.stringify(commissioned.body)).toBe(201)
      expect(commissioned.body.commission).toMatchObject({ projectId, stage: 'permits' })
      // Acceptance keeps the copy again, as the gateway holds it.
      const copyIn = async (service: 'acceptance' | 'gateway') =>
        (
          await world.schemas[service].pool.query(
            `SELECT name, project_code, region, location, project_type, owner_name, owner_credit_code,
                    catalogue_version, registered_at FROM project WHERE id = $1`,
            [projectId],
          )
        ).rows
      expect(await copyIn('acceptance')).toEqual(await copyIn('gateway'))
      expect(await copyIn('acceptance')).toMatchObject([
        { name: lowRiskFactory().name, owner_credit_code: owners.b.creditCode, region: lowRiskFactory().region },
      ])
    })

    it('opens a joint acceptance on the permit the gateway holds, for a permit decision acceptance never heard', async () => {
      // The construction permit (施工许可, in Shanwei's six-item bundle) decided longer ago than the stream keeps events,
      // and acceptance's records of it and of the project gone (a service restored from an older backup): without the
      // gateway's copy of the decision it would refuse ACCEPTANCE_PERMIT_NOT_GRANTED for a permit that was granted.
      const projectId = await registered()
      await approveFirstStep(world, projectId)
      const { applicationId } = await approveStep(
        world,
        projectId,
        'six-item-bundle',
        sixItemMaterials.map((m) => m.code),
        { form: { builder: '示例建设工程有限公司' } },
      )
      const permitIn = async () =>
        (
          await world.schemas.acceptance.pool.query(
            `SELECT application_id::text AS "applicationId", decided_at AS "decidedAt" FROM approved_item
              WHERE project_id = $1 AND item = 'construction-permit'`,
            [projectId],
          )
        ).rows
      await until(async () => (await permitIn()).length === 1)
      const heard = await permitIn()
      expect(heard).toMatchObject([{ applicationId }])
      await world.schemas.acceptance.pool.query('DELETE FROM approved_item WHERE project_id = $1', [projectId])
      await world.schemas.acceptance.pool.query('DELETE FROM project WHERE id = $1', [projectId])

      // The caller cannot send a permit: the gateway's own schema closes the body, and nothing reaches acceptance.
      const forged = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, owner(), {
        permit: { applicationId, decidedAt: '2026-01-05T01:00:00.000Z' },
      })
      expect([forged.status, forged.body.code]).toEqual([400, 'VALIDATION_FAILED'])
      expect(JSON.stringify(forged.body.errors)).toContain('/body/permit')
      expect(await permitIn()).toEqual([])

      const opened = await openAcceptance(projectId)
      expect(opened.status, JSON.stringify(opened.body)).toBe(201)
      expect(opened.body.case).toMatchObject({ projectId, status: 'open' })
      // Recorded again as acceptance first heard it: the same application, decided at the same instant.
      expect(await permitIn()).toEqual(heard)
    })

    it('opens the next step once intake has heard that the step before it, approved on the status, was approved', async () => {
      const projectId = await registered()
      const clerk = world.token('clerk')
      const first = expectStatus(
        await world.api('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
          step: 'land-planning-and-filing',
          form: {},
          materials: landPlanningMaterials,
        }),
        201,
      ).application.applicationId as string
      let opening: ReturnType<typeof world.api> | undefined
      // Intake records the step's decision under the application's row lock: held, it has not heard of it, while the
      // read model, which hears approval's event itself, shows the step approved.
      const lock = await world.schemas.intake.pool.connect()
      await lock.query('BEGIN')
      await lock.query('SELECT 1 FROM application WHERE id = $1 FOR UPDATE', [first])
      try {
        for (const department of landPlanningDepartments) {
          const task = await taskOf(world, department, first)
          expectStatus(await act(world, task, { action: 'claim' }), 200)
          expectStatus(await act(world, task, { action: 'approve' }), 200)
        }
        await statusWhen(world, projectId, (s) => applicationIn(s, first).decision?.outcome === 'approved')
        opening = world.api('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
          step: 'six-item-bundle',
          form: { builder: '示例建设工程有限公司' },
          materials: sixItemMaterials,
        })
        await sleep(300)
      } finally {
        await lock.query('ROLLBACK')
        lock.release()
      }
      const opened = await opening
      expect(opened.status, JSON.stringify(opened.body)).toBe(201)
      // Out of order stays refused at once where the status agrees: a step whose predecessor is not approved.
      const other = await registered()
      const early = await world.api('POST', `/api/v1/projects/${other}/applications`, clerk, {
        step: 'six-item-bundle',
        form: { builder: '示例建设工程有限公司' },
        materials: sixItemMaterials,
      })
      expect(early.status, JSON.stringify(early.body)).toBe(409)
      expect(early.body.code).toBe('INTAKE_STEP_OUT_OF_ORDER')
    })

    it('still answers 404 at once for a project nobody registered', async () => {
      const unknown = await openAcceptance('01890000-0000-7000-8000-00000000abcd')
      expect(unknown.status).toBe(404)
      expect(unknown.body.code).toBe('GATEWAY_PROJECT_NOT_FOUND')
    })
  })
})
