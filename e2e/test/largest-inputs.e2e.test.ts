import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  approveStep,
  completionCalls,
  departmentsOf,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  landPlanningDepartments,
  landPlanningMaterials,
  lowRiskFactory,
  type OpenedAcceptanceCase,
  one,
  owners,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  statusWhen,
  taskIn,
  taskOf,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Every event is validated against its schema when the command that causes it writes it (docs/messaging.md), so an
// event bound below what a request may carry fails that command with a 500 after everything else was checked. The
// hostile-input fuzzing sends what must be refused; this sends what must be taken: every text at its bound, from
// people whose token `sub` is as long as a token allows (255), through registration, receipt, acceptance, an approval
// with the most conditions, a special procedure, an extension and a rejection, and through joint acceptance to the
// property certificate — and the owner's status shows each.

// Monday 2026-03-02, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'
let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

/** A token `sub` of 255 characters, the longest OpenID Connect allows and the gateway takes. */
const longSub = (role: string, department = '') => `${role}-${department}-`.padEnd(255, 'x')
/** Text of exactly `n` characters, each three bytes in UTF-8. */
const text = (n: number, character = '审') => character.repeat(n)

describe('the largest inputs a request may carry go through', () => {
  it('from registration to a rejected joint step, every text at its bound and every actor at its longest', async () => {
    const clerk = world.token('clerk', { sub: longSub('clerk') })
    const reviewer = (department: string) =>
      world.token('reviewer', { department, sub: longSub('reviewer', department) })
    const act = (task: { taskId: string; department: string }, body: object) =>
      world.api('POST', `/api/v1/tasks/${task.taskId}/actions`, reviewer(task.department), body)

    const project = {
      ...lowRiskFactory({ ...owners.b, name: text(200, '企') }),
      name: text(200, '项'),
      location: text(500, '址'),
    }
    const projectId: string = expectStatus(await world.api('POST', '/api/v1/projects', clerk, project), 201).project
      .projectId

    // 接件, then 受理 a day later, by the same long-named clerk.
    const received = expectStatus(
      await world.api('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
        acceptance: 'later',
      }),
      201,
    ).application
    world.clock.set('2026-03-03T02:00:00Z')
    expectStatus(await world.api('POST', `/api/v1/applications/${received.applicationId}/accept`, clerk, {}), 200)

    const [planning, reform] = landPlanningDepartments
    const planningTask = await taskOf(world, planning, received.applicationId)
    const reformTask = await taskOf(world, reform, received.applicationId)
    expectStatus(await act(planningTask, { action: 'claim' }), 200)
    const conditions = Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(2000, '条'))
    expectStatus(await act(planningTask, { action: 'approve', conditions }), 200)
    expectStatus(await act(reformTask, { action: 'claim' }), 200)
    expectStatus(await act(reformTask, { action: 'approve', conditions }), 200)

    const approved = await statusWhen(
      world,
      projectId,
      (s) =>
        s.timeline.some(
          (e) => e.type === 'application.certificate-released' && e.summary.includes('land-planning-and-filing'),
        ) && s.tasks.some((t) => t.taskId === reformTask.taskId && t.status === 'approved'),
    )
    expect(approved.project).toMatchObject({ name: project.name, location: project.location })
    expect(taskIn(approved, planningTask.taskId)).toMatchObject({ status: 'approved', decision: { conditions } })

    // The joint step: an extension with the longest reason, then a rejection with the longest reason.
    const bundle = expectStatus(
      await world.api('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
        step: 'six-item-bundle',
        form: { builder: text(2000, '建') },
        materials: sixItemMaterials,
      }),
      201,
    ).application
    const housingDepartment = sixItemDepartments.find((d) => d === 'housing-construction')
    if (!housingDepartment) throw new Error('the six-item bundle has no housing-construction task')
    const housing = await taskOf(world, housingDepartment, bundle.applicationId)
    expectStatus(await act(housing, { action: 'claim' }), 200)
    expectStatus(
      await act(housing, {
        action: 'special-procedure-start',
        kind: 'expert-review',
        legalBasis: text(500, '法'),
        note: text(2000, '注'),
        limit: { value: 3650, unit: 'N' },
      }),
      200,
    )
    expectStatus(await act(housing, { action: 'special-procedure-end' }), 200)
    expectStatus(await act(housing, { action: 'extend', approvedBy: text(200, '长'), reason: text(2000, '延') }), 200)
    const reason = text(2000, '驳')
    expectStatus(await act(housing, { action: 'reject', reason }), 200)

    const rejected = await statusWhen(world, projectId, (s) =>
      s.tasks.some((t) => t.taskId === housing.taskId && t.status === 'rejected'),
    )
    expect(taskIn(rejected, housing.taskId)).toMatchObject({
      decision: { outcome: 'rejected', reason },
      clocks: {
        statutory: {
          extended: { approvedBy: text(200, '长'), reason: text(2000, '延') },
          suspensions: [expect.objectContaining({ kind: 'expert-review', legalBasis: text(500, '法') })],
        },
      },
    })
  })

  // Completion: an opinion with the most defects a request may give (its note joins them: 100 × 2,000 characters,
  // cut to what an event carries), the longest rectification note, and a property certificate whose parcel is the
  // project's location at its longest (500) under the longest owner name (200).
  it('from the permits step to the property certificate, through an opinion with the most defects', async () => {
    world.clock.set(START)
    const owner = { ...owners.a, name: text(200, '企') }
    const project = { ...industrialProject(owner), name: text(200, '项'), location: text(500, '址') }
    const projectId = await registerProject(world, project)
    await approveStep(world, projectId, 'permits', industrialPermitMaterials, {
      documentRef: (code) => `doc://${text(490, code[0])}`,
    })

    world.clock.set('2026-03-04T01:00:00Z')
    const calls = completionCalls(world)
    const ownerToken = world.token('owner', { creditCode: owner.creditCode, sub: longSub('owner') })
    const acceptance: OpenedAcceptanceCase = expectStatus(
      await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken, { part: text(200, '部') }),
      201,
    ).case
    let registrationId: string | undefined
    await until(async () => {
      registrationId = await calls.registrationOf(projectId)
      return registrationId !== undefined
    })
    expectStatus(await calls.passPreSurvey(registrationId as string), 200)
    const lead = world.token('lead', { department: acceptance.lead, sub: longSub('lead', acceptance.lead) })
    const schedule = (date: string) =>
      world.api('POST', `/api/v1/acceptance/${acceptance.caseId}/inspection`, lead, {
        date,
        place: text(500, '场'),
        participants: departmentsOf(acceptance),
      })
    const opinion = (item: { item: string; department: string }, body: object) =>
      world.api(
        'POST',
        `/api/v1/acceptance/${acceptance.caseId}/opinions`,
        world.token('reviewer', { department: item.department, sub: longSub('reviewer', item.department) }),
        { item: item.item, ...body },
      )
    expectStatus(await schedule('2026-03-05'), 200)
    const fire = one(acceptance.items, (i) => i.item === 'fire-acceptance-filing', 'the fire item')
    const defects = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(2000, '缺'))
    for (const item of acceptance.items)
      expectStatus(await opinion(item, item === fire ? { opinion: 'rectify', defects } : { opinion: 'pass' }), 200)
    expectStatus(
      await world.api('POST', `/api/v1/acceptance/${acceptance.caseId}/rectifications`, ownerToken, {
        items: ['fire-acceptance-filing'],
        note: text(2000, '改'),
      }),
      200,
    )
    world.clock.set('2026-03-09T01:00:00Z')
    expectStatus(await schedule('2026-03-09'), 200)
    expectStatus(await opinion(fire, { opinion: 'pass' }), 200)

    const done = await statusWhen(world, projectId, (x) =>
      (x as unknown as { certificates: Array<{ kind: string }> }).certificates.some((c) => c.kind === 'property'),
    )
    const property = (
      done as unknown as { certificates: Array<{ kind: string; certificateId: string }> }
    ).certificates.find((c) => c.kind === 'property')
    const certificate = expectStatus(
      await world.api('GET', `/api/v1/certificates/${property?.certificateId}`, ownerToken),
      200,
    ).certificate
    expect(certificate.body).toMatchObject({ parcel: project.location, owner: { name: owner.name } })
    const opinionEntry = done.timeline.find(
      (e) => e.type === 'acceptance.opinion-recorded' && e.summary.includes('rectify'),
    )
    expect(opinionEntry).toBeDefined()
  })
})
