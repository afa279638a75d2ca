import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectStatus, status, statusWhen, uniqueCode, until } from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Monday 2026-03-02, 09:00 in Shanghai: a plain working week, far from any holiday.
const START = '2026-03-02T01:00:00Z'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

// The README's "Try it", request by request: its bodies, its roles, its order.
const readmeProject = {
  name: '低风险厂房',
  owner: { name: '汕尾市示例实业有限公司', creditCode: '91441500MA51XY201H' },
  projectCode: '2026-441500-47-01-000001',
  projectType: 'social-simple-low-risk',
  region: '441500',
  siteAreaM2: 6000,
  floorAreaM2: 4200,
  heightM: 15,
  investmentFen: 1200000000,
  location: '汕尾市城区',
  facts: {
    publicFunds: false,
    use: 'factory',
    singleBuildingAreaM2: 4200,
    simpleStructure: true,
    singleFunction: true,
  },
}
const readmeFirstStep = {
  step: 'land-planning-and-filing',
  form: {},
  materials: [
    { code: 'land-sale-confirmation', documentRef: 'doc://4' },
    { code: 'land-transfer-contract', documentRef: 'doc://5' },
    { code: 'land-price-commitment', documentRef: 'doc://6' },
  ],
}
const readmeBundle = {
  step: 'six-item-bundle',
  form: {},
  materials: [
    { code: 'design-scheme', documentRef: 'doc://1' },
    { code: 'construction-contract', documentRef: 'doc://2' },
    { code: 'construction-drawings-uploaded', documentRef: 'doc://3' },
  ],
}

/** `GET /api/v1/tasks?limit=20` as the department's reviewer, once its inbox holds a task: the first task's id. */
async function firstTask(department: string): Promise<string> {
  const reviewer = world.token('reviewer', { department })
  let taskId: string | undefined
  await until(async () => {
    taskId = expectStatus(await world.api('GET', '/api/v1/tasks?limit=20', reviewer), 200).tasks[0]?.taskId
    return taskId !== undefined
  })
  return taskId as string
}

describe('step order through the gateway (README walk-through)', () => {
  it('refuses the bundle before its first step with 409 naming it, then follows the README to the bundle', async () => {
    const clerk = world.token('clerk')
    const projectId = expectStatus(await world.api('POST', '/api/v1/projects', clerk, readmeProject), 201).project
      .projectId
    const applications = `/api/v1/projects/${projectId}/applications`

    const early = await world.api('POST', applications, clerk, readmeBundle)
    expect(early.status).toBe(409)
    expect(early.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(early.body).toMatchObject({
      code: 'INTAKE_STEP_OUT_OF_ORDER',
      step: 'six-item-bundle',
      waitingFor: 'land-planning-and-filing',
      errors: [{ field: '/step', code: 'INTAKE_STEP_OUT_OF_ORDER' }],
    })
    expect(early.body.detail).toContain('land-planning-and-filing')

    const first = expectStatus(await world.api('POST', applications, clerk, readmeFirstStep), 201).application
    for (const department of ['natural-resources', 'development-reform']) {
      const reviewer = world.token('reviewer', { department })
      const taskId = await firstTask(department)
      for (const action of ['claim', 'approve']) {
        expectStatus(await world.api('POST', `/api/v1/tasks/${taskId}/actions`, reviewer, { action }), 200)
      }
    }
    // Intake learns the approval from approval's step.decided; until then the bundle still waits.
    let bundle: { status: number; body: { application?: { applicationId: string }; code?: string } } | undefined
    await until(async () => {
      bundle = await world.api('POST', applications, clerk, readmeBundle)
      if (bundle.status !== 201) expect(bundle.body.code).toBe('INTAKE_STEP_OUT_OF_ORDER')
      return bundle.status === 201
    })
    const bundleId = bundle?.body.application?.applicationId
    expect(bundleId).toBeDefined()

    const again = await world.api('POST', applications, clerk, readmeFirstStep)
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'INTAKE_STEP_ALREADY_APPROVED', step: 'land-planning-and-filing' })

    const housing = world.token('reviewer', { department: 'housing-construction' })
    await until(async () => {
      const page = expectStatus(await world.api('GET', '/api/v1/tasks?limit=20', housing), 200)
      return page.tasks.some((t: { applicationId: string }) => t.applicationId === bundleId)
    })
    const s = await statusWhen(world, projectId, (x) => x.applications.length === 2)
    expect(s.flow.map((step) => [step.step, step.state])).toEqual([
      ['land-planning-and-filing', 'approved'],
      ['six-item-bundle', 'in-progress'],
      ['joint-acceptance', 'not-started'],
      ['first-registration', 'not-started'],
    ])
    expect(s.currentStep).toBe('six-item-bundle')
    expect(s.applications.find((a) => a.applicationId === first.applicationId)?.decision?.outcome).toBe('approved')
  })

  it('shows a skipIf step as skipped in the status, and refuses an application for it', async () => {
    // 电网工程 of at most 1,000,000 CNY needs no construction permit (seeds/004_33317a5f04b53a73.txt:2211).
    const clerk = world.token('clerk')
    const projectId = expectStatus(
      await world.api('POST', '/api/v1/projects', clerk, {
        ...readmeProject,
        name: '10千伏配电工程',
        owner: { name: '佛山市示例制造有限公司', creditCode: '91440600MA4UJ2K7X6' },
        projectCode: uniqueCode(),
        projectType: 'power-grid',
        region: '440600',
        investmentFen: 80_000_000,
        location: '佛山市南海区',
        facts: { projectKind: 'power-grid', realEstateSubstation: false },
      }),
      201,
    ).project.projectId
    const s = await statusWhen(world, projectId, (x) => x.flow.length === 4)
    expect(s.flow.map((step) => [step.step, step.state, step.skippedBy])).toEqual([
      ['land-preexam-site-selection', 'not-started', undefined],
      ['planning-permit', 'not-started', undefined],
      ['construction-permit', 'skipped', 'small-works'],
      ['joint-acceptance', 'not-started', undefined],
    ])
    expect(s.currentStep).toBe('land-preexam-site-selection')
    const skipped = await world.api('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
      step: 'construction-permit',
      form: {},
      materials: [],
    })
    expect(skipped.status).toBe(409)
    expect(skipped.body).toMatchObject({
      code: 'INTAKE_STEP_SKIPPED',
      step: 'construction-permit',
      rule: 'small-works',
    })
    expect((await status(world, projectId)).applications).toEqual([])
  })
})
