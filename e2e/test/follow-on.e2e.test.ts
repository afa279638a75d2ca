import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  approveFirstStep,
  approveStep,
  expectStatus,
  inbox,
  lowRiskFactory,
  owners,
  registerProject,
  statusWhen,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Monday 2026-03-02, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

describe('后续事项 through the gateway (Shanwei simple low-risk, 004:1814 and 004:1806)', () => {
  it('the approved six-item bundle opens 门牌 for public security and the drainage notice for water, with no application', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    await approveFirstStep(world, projectId)
    // 004:1814's two facts, stated when applying for the planning permit (absent, the house number would not follow).
    const { applicationId, tasks } = await approveStep(
      world,
      projectId,
      'six-item-bundle',
      ['design-scheme', 'construction-contract', 'construction-drawings-uploaded'],
      { form: { entranceOrientationDetermined: true, facingStreetNamed: true } },
    )
    const planning = tasks.find((t) => t.item === 'engineering-planning-permit')
    const construction = tasks.find((t) => t.item === 'construction-permit')
    const followOns = (s: { tasks: Array<{ followOnOf?: unknown }> }) => s.tasks.filter((t) => t.followOnOf)
    const status = await statusWhen(world, projectId, (s) => followOns(s).length === 2)
    const numbers = status.tasks.find((t) => t.item === 'house-number-allocation')
    expect(numbers).toMatchObject({
      department: 'public-security',
      departmentName: '汕尾市公安局',
      itemName: '门牌号码核准发放',
      status: 'assigned',
      followOnOf: { applicationId, taskId: planning?.taskId, item: 'engineering-planning-permit' },
    })
    expect(numbers?.applicationId).not.toBe(applicationId)
    expect(status.tasks.find((t) => t.item === 'drainage-construction-notice')).toMatchObject({
      department: 'water',
      departmentName: '汕尾市水务局',
      followOnOf: { applicationId, taskId: construction?.taskId, item: 'construction-permit' },
    })
    // No application was made for either: the owner's applications are the two steps it applied for.
    expect(status.applications.map((a) => a.step).sort()).toEqual(['land-planning-and-filing', 'six-item-bundle'])
    // The bundle's application says what follows it by itself, as its acceptance pinned them.
    expect(
      status.applications.find((a) => a.applicationId === applicationId)?.followOns?.map((f) => [f.item, f.opens]),
    ).toEqual([
      ['house-number-allocation', true],
      ['drainage-construction-notice', true],
    ])

    // Public security's reviewers have it in their inbox, named as the planning permit's follow-on.
    const mine = (await inbox(world, 'public-security')).filter((t) => t.projectId === projectId)
    expect(mine.map((t) => [t.item, t.followOnOf?.item])).toEqual([
      ['house-number-allocation', 'engineering-planning-permit'],
    ])
    // The owner's own status shows it too.
    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    const own = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, owner), 200)
    expect(own.tasks.filter((t: { followOnOf?: unknown }) => t.followOnOf)).toHaveLength(2)

    // Public security issues the number: the task is done, and still no application appears for it.
    const task = { taskId: numbers?.taskId as string, department: 'public-security' }
    expectStatus(await act(world, task, { action: 'claim' }), 200)
    expectStatus(await act(world, task, { action: 'approve' }), 200)
    const done = await statusWhen(
      world,
      projectId,
      (s) => s.tasks.find((t) => t.item === 'house-number-allocation')?.status === 'approved',
    )
    expect(done.applications.map((a) => a.step)).toEqual(status.applications.map((a) => a.step))
  })

  it('a bundle stating the facing street not named opens no 门牌, and the status says it is applied for separately', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    await approveFirstStep(world, projectId)
    // The desk asks the two facts as the project's pinned catalogue words them (the gateway forwards intake's answer).
    const asked = expectStatus(
      await world.api('GET', `/api/v1/projects/${projectId}/checklist?step=six-item-bundle`, world.token('clerk')),
      200,
    )
    expect(
      asked.statedFacts.map((f: { fact: string; required?: boolean; followOn: { item: string } }) => [
        f.fact,
        f.required,
        f.followOn.item,
      ]),
    ).toEqual([
      // Through the gateway's schema too: the answer each fact needs (是), which the desk's card words.
      ['entranceOrientationDetermined', true, 'house-number-allocation'],
      ['facingStreetNamed', true, 'house-number-allocation'],
    ])
    const { applicationId, withheldFollowOns } = await approveStep(
      world,
      projectId,
      'six-item-bundle',
      ['design-scheme', 'construction-contract', 'construction-drawings-uploaded'],
      { form: { entranceOrientationDetermined: true, facingStreetNamed: false } },
    )
    // The 201 through the gateway's response schema: the withheld one whole, its every rule with the answer it needs.
    expect(withheldFollowOns).toEqual([
      {
        after: 'engineering-planning-permit',
        afterName: '建设工程规划许可证核发',
        item: 'house-number-allocation',
        itemName: '门牌号码核准发放',
        department: 'public-security',
        departmentName: '汕尾市公安局',
        source: 'seeds/004_33317a5f04b53a73.txt:1814',
        unmet: [
          { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: true, required: true },
        ],
        onlyIf: [
          { rule: 'entrance-orientation-determined', condition: '建筑物门口朝向已确定', required: true },
          { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', required: true },
        ],
      },
    ])
    const status = await statusWhen(world, projectId, (s) => s.tasks.some((t) => t.followOnOf))
    expect(status.tasks.filter((t) => t.followOnOf).map((t) => t.item)).toEqual(['drainage-construction-notice'])
    expect((await inbox(world, 'public-security')).filter((t) => t.projectId === projectId)).toEqual([])
    expect(status.applications.find((a) => a.applicationId === applicationId)?.followOns).toEqual([
      {
        item: 'drainage-construction-notice',
        itemName: expect.any(String),
        after: 'construction-permit',
        afterName: expect.any(String),
        department: 'water',
        departmentName: '汕尾市水务局',
        opens: true,
        // 004:1806: the permit's data pushed for information (免于办理…推送施工许可信息), not handled.
        forInformation: true,
      },
      {
        item: 'house-number-allocation',
        itemName: '门牌号码核准发放',
        after: 'engineering-planning-permit',
        afterName: expect.any(String),
        department: 'public-security',
        departmentName: '汕尾市公安局',
        opens: false,
        unmet: [
          { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: true, required: true },
        ],
        // Every rule, held or not: the owner's page says what was stated of each, and the route in the seed's words.
        onlyIf: [
          { rule: 'entrance-orientation-determined', condition: '建筑物门口朝向已确定', required: true },
          { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', required: true },
        ],
      },
    ])
    // The planning permit's reviewer reads the same on its part of the status, where its task page says it.
    const part = expectStatus(
      await world.api(
        'GET',
        `/api/v1/projects/${projectId}/status`,
        world.token('reviewer', { department: 'natural-resources' }),
      ),
      200,
    ) as typeof status
    expect(part.applications.find((a) => a.applicationId === applicationId)?.followOns).toEqual(
      status.applications.find((a) => a.applicationId === applicationId)?.followOns,
    )
  })
})
