import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { approveStep, expectStatus, inbox, owners, registerProject, statusWhen, uniqueCode } from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Monday 2026-03-02, 09:00 in Shanghai: a plain working week, far from any holiday.
const START = '2026-03-02T01:00:00Z'
const SOURCE = 'seeds/004_33317a5f04b53a73.txt:1842'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

/** A Shanwei old-compound renovation (城镇老旧小区及既有建筑改造), its building facts as the owner declares them. */
const renovation = (building: Record<string, boolean>) => ({
  name: '老旧小区改造项目',
  owner: owners.b,
  projectCode: uniqueCode(),
  projectType: 'old-compound-renovation',
  region: '441500',
  siteAreaM2: 12000,
  floorAreaM2: 18000,
  heightM: 18,
  investmentFen: 300_000_000,
  location: '汕尾市城区',
  facts: { projectKind: 'old-compound-renovation', ...building },
})
const unchanged = {
  addsFloorArea: false,
  changesStructure: false,
  changesHeightOrStoreys: false,
  affectsBuildingSafety: false,
}

/**
 * The joint review approved, then the parallel approvals opened at the window with their whole checklist: the
 * materials asked, the items the application opened (intake's answer) and the tasks approval opened for them.
 */
async function parallelApprovals(projectId: string) {
  await approveStep(world, projectId, 'joint-scheme-review', [])
  const clerk = world.token('clerk')
  const checklist = expectStatus(
    await world.api('GET', `/api/v1/projects/${projectId}/checklist?step=parallel-approvals`, clerk),
    200,
  ) as { materials: Array<{ code: string }> }
  const materials = checklist.materials.map((m) => m.code)
  const application = expectStatus(
    await world.api('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
      step: 'parallel-approvals',
      form: {},
      materials: materials.map((code) => ({ code, documentRef: `doc://${code}.pdf` })),
    }),
    201,
  ).application as { applicationId: string; items: Array<{ item: string }> }
  const { applicationId } = application
  const opened = application.items.map((i) => i.item).sort()
  const s = await statusWhen(
    world,
    projectId,
    (x) => x.tasks.filter((t) => t.applicationId === applicationId).length === opened.length,
  )
  const tasks = s.tasks
    .filter((t) => t.applicationId === applicationId)
    .map((t) => t.item)
    .sort()
  return { applicationId, materials: materials.sort(), opened, tasks }
}

describe("old-compound renovation: the approvals spared on the owner's declared facts open no task", () => {
  it('an unchanged building: told at registration the planning permit is spared and why; no task opens for it', async () => {
    const projectId = await registerProject(world, renovation(unchanged))
    const registered = await statusWhen(world, projectId, (x) => x.flow.length === 3)
    const parallel = registered.flow.find((s) => s.step === 'parallel-approvals')
    expect(parallel?.state).toBe('not-started')
    expect(parallel?.items).toEqual(['project-approval', 'engineering-planning-permit', 'construction-permit'])
    expect(parallel?.itemNames).toEqual(['项目审批（立项）', '建设工程规划许可证核发', '建筑工程施工许可证核发'])
    expect(parallel?.exemptItems).toEqual([
      {
        item: 'engineering-planning-permit',
        rule: 'building-unchanged',
        reason: '不改变建筑面积、建筑结构、总高度、层数，不影响建筑安全',
        source: SOURCE,
      },
    ])

    const { applicationId, materials, opened, tasks } = await parallelApprovals(projectId)
    // The planning permit's design scheme is not asked, and neither the application nor approval opens the permit.
    expect(materials).toEqual(['construction-contract', 'construction-drawings-uploaded'])
    expect(opened).toEqual(['construction-permit', 'project-approval'])
    expect(tasks).toEqual(['construction-permit', 'project-approval'])
    // Natural resources, whose item it was, has nothing of the application in its inbox.
    expect((await inbox(world, 'natural-resources')).filter((t) => t.applicationId === applicationId)).toEqual([])
  })

  it('added floor area: the planning permit opens beside the construction permit in the same step', async () => {
    const projectId = await registerProject(world, renovation({ ...unchanged, addsFloorArea: true }))
    const registered = await statusWhen(world, projectId, (x) => x.flow.length === 3)
    expect(registered.flow.find((s) => s.step === 'parallel-approvals')?.exemptItems).toBeUndefined()
    const { materials, tasks } = await parallelApprovals(projectId)
    expect(materials).toContain('design-scheme')
    expect(tasks).toEqual(['construction-permit', 'engineering-planning-permit', 'project-approval'])
  })

  it('facts not declared spare nothing', async () => {
    const projectId = expectStatus(
      await world.api('POST', '/api/v1/projects', world.token('clerk'), renovation({})),
      201,
    ).project.projectId as string
    const registered = await statusWhen(world, projectId, (x) => x.flow.length === 3)
    expect(registered.flow.some((s) => s.exemptItems !== undefined)).toBe(false)
  })
})
