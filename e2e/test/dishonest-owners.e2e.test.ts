import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  approveFirstStep,
  expectStatus,
  lowRiskFactory,
  openApplication,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  taskOf,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

let world: World
beforeAll(async () => {
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: '2026-03-02T01:00:00Z',
  })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

// 失信 (004:2235): 对被纳入不诚信名单的申请人……不允许其通过告知承诺、容缺受理等方式办理有关手续.
describe('the dishonesty list through the gateway', () => {
  const owner = { name: '汕尾市失信示例有限公司', creditCode: '91441500MA51XY302A' }
  const path = `/api/v1/admin/dishonest-owners/${owner.creditCode}`

  it('an administrator lists an owner; the window may not take its 告知承诺; a supervisor reads the list; delisted, it may', async () => {
    const projectId = await registerProject(world, lowRiskFactory(owner))
    await approveFirstStep(world, projectId)

    const reason = '汕尾市信用办公示：严重失信主体'
    const listed = expectStatus(await world.api('PUT', path, world.token('admin'), { reason }), 200)
    expect(listed.owner).toMatchObject({ creditCode: owner.creditCode, reason })
    const read = expectStatus(
      await world.api(
        'GET',
        `/api/v1/admin/dishonest-owners?creditCode=${owner.creditCode}`,
        world.token('supervisor'),
      ),
      200,
    )
    expect(read.owners).toEqual([listed.owner])
    expect((await world.api('PUT', path, world.token('clerk'), { reason })).status).toBe(403)
    // Bounded: a reason of 501 characters is refused at the gateway, naming the field.
    const long = await world.api('PUT', path, world.token('admin'), { reason: '失'.repeat(501) })
    expect(long.status).toBe(400)
    expect(long.headers['content-type']).toMatch(/application\/problem\+json/)

    const body = {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials,
      commitments: [{ item: 'construction-permit' }],
    }
    const refused = await openApplication(world, projectId, body)
    expect(refused.status).toBe(422)
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/)
    const problem = refused.body
    expect(problem.code).toBe('INTAKE_APPLICATION_INCOMPLETE')
    expect(problem.errors).toEqual([
      expect.objectContaining({ field: '/commitments', code: 'INTAKE_OWNER_ON_DISHONESTY_LIST' }),
    ])

    expect(expectStatus(await world.api('DELETE', path, world.token('admin')), 200)).toEqual({
      creditCode: owner.creditCode,
      delisted: true,
    })
    const listAfter = expectStatus(await world.api('GET', '/api/v1/admin/dishonest-owners', world.token('admin')), 200)
    expect(listAfter.owners.map((o: { creditCode: string }) => o.creditCode)).not.toContain(owner.creditCode)
    expect((await openApplication(world, projectId, body)).status).toBe(201)
  })
})

// The same list reaches joint acceptance (联合验收) through intake's events: a listed owner may not choose 告知承诺 for
// any acceptance item either, and may again once delisted.
describe('the dishonesty list in joint acceptance', () => {
  const owner = { name: '汕尾市失信验收示例有限公司', creditCode: '91441500MA51XY304G' }
  const path = `/api/v1/admin/dishonest-owners/${owner.creditCode}`
  const ARCHIVE = 'urban-construction-archive-acceptance'
  const ownerToken = () => world.token('owner', { creditCode: owner.creditCode })

  /** A Shanwei low-risk factory whose six-item bundle (施工许可 among it) every department approved. */
  async function permittedProject(): Promise<string> {
    const projectId = await registerProject(world, lowRiskFactory(owner))
    await approveFirstStep(world, projectId)
    const application = expectStatus(
      await openApplication(world, projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials }),
      201,
    ).application
    for (const department of sixItemDepartments) {
      const task = await taskOf(world, department, application.applicationId)
      expectStatus(await act(world, task, { action: 'claim' }), 200)
      expectStatus(await act(world, task, { action: 'approve' }), 200)
    }
    return projectId
  }

  /** The owner's acceptance application, once acceptance has learned the permit was granted. */
  async function applyForAcceptance(projectId: string, body: object) {
    let res = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken(), body)
    await until(async () => {
      if (res.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
      res = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken(), body)
      return false
    })
    return res
  }

  /** Whether acceptance holds the owner listed, as intake's last event of it left it (its own copy of the list). */
  const listedInAcceptance = async () =>
    (
      await world.schemas.acceptance.pool.query('SELECT listed FROM dishonest_owner WHERE credit_code = $1', [
        owner.creditCode,
      ])
    ).rows[0]?.listed

  it('listed in intake, acceptance refuses its 告知承诺 naming the field; delisted, it takes it', async () => {
    const projectId = await permittedProject()
    expectStatus(await world.api('PUT', path, world.token('admin'), { reason: '汕信用〔2026〕9号' }), 200)

    const body = { commitments: [ARCHIVE] }
    // Acceptance hears it through intake's outbox and the stream: the test waits for its copy before applying.
    await expect.poll(listedInAcceptance).toBe(true)
    const refused = await applyForAcceptance(projectId, body)
    expect(refused.status).toBe(422)
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(refused.body).toMatchObject({
      code: 'ACCEPTANCE_OWNER_ON_DISHONESTY_LIST',
      errors: [{ field: '/body/commitments' }],
    })

    expect(expectStatus(await world.api('DELETE', path, world.token('admin')), 200).delisted).toBe(true)
    await expect.poll(listedInAcceptance).toBe(false)
    const accepted = await applyForAcceptance(projectId, body)
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201)
    expect(accepted.body.case.items.find((i: { item: string; status: string }) => i.item === ARCHIVE)?.status).toBe(
      'committed',
    )
  })
})
