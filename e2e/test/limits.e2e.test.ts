import { FlowClockOverdueV1, FlowClockWarnedV1, StepClockOverdueV1, StepClockWarnedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  approveFirstStep,
  expectStatus,
  lowRiskFactory,
  nthWorkingDayAfter,
  ofDepartment,
  openApplication,
  owners,
  published,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  statusWhen,
  taskIn,
  taskOf,
  until,
  workingDaysAfter,
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

/** Shanwei's six-item bundle (施工许可 among them): a joint step of six items under the catalogue's limits. */
async function acceptedBundle() {
  const projectId = await registerProject(world, lowRiskFactory(owners.b))
  await approveFirstStep(world, projectId)
  const application = expectStatus(
    await openApplication(world, projectId, {
      step: 'six-item-bundle',
      form: { builder: '示例建设工程有限公司' },
      materials: sixItemMaterials,
    }),
    201,
  ).application
  const tasks = await Promise.all(sixItemDepartments.map((d) => taskOf(world, d, application.applicationId)))
  return { projectId, applicationId: application.applicationId as string, tasks }
}

describe('行政许可法 limits through the gateway', () => {
  it('Art. 42: the catalogue gives 施工许可 20 W; one extension moves its statutory due date by exactly 10 W, a second is 409', async () => {
    world.clock.set(START)
    const { projectId, tasks } = await acceptedBundle()
    const housing = ofDepartment(tasks, 'housing-construction')
    expectStatus(await act(world, housing, { action: 'claim' }), 200)
    const before = taskIn(await statusWhen(world, projectId, () => true), housing.taskId).clocks.statutory
    expect(before).toMatchObject({ limit: { value: 20, unit: 'W' }, due: '2026-03-30' })
    world.clock.set('2026-03-16T02:00:00Z')
    const extended = expectStatus(
      await act(world, housing, { action: 'extend', approvedBy: '住建局局长 赵六', reason: '需组织专家论证基坑方案' }),
      200,
    )
    expect(extended.task.clocks.statutory.extended).toMatchObject({ approvedBy: '住建局局长 赵六', value: 10 })
    const s = await statusWhen(
      world,
      projectId,
      (x) => taskIn(x, housing.taskId).clocks.statutory?.extended !== undefined,
    )
    const after = taskIn(s, housing.taskId).clocks.statutory
    if (!before || !after) throw new Error('no statutory clock shown')
    expect(after.due).toBe('2026-04-14')
    expect(workingDaysAfter(before.due, after.due)).toBe(10)
    expect(after.extended).toMatchObject({
      reason: '需组织专家论证基坑方案',
      dueBefore: before.due,
      dueAfter: after.due,
    })
    expect(s.timeline.some((e) => e.summary.includes('extended by 10 W'))).toBe(true)

    const again = await act(world, housing, { action: 'extend', approvedBy: '住建局局长 赵六', reason: '再次延长' })
    expect(again.status).toBe(409)
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(again.body.code).toBe('APPROVAL_ALREADY_EXTENDED')
  })

  it('Art. 45: a special procedure the item does not allow is refused; an allowed one pauses the clocks, net < gross', async () => {
    world.clock.set(START)
    const { projectId, tasks } = await acceptedBundle()
    const housing = ofDepartment(tasks, 'housing-construction')
    expectStatus(await act(world, housing, { action: 'claim' }), 200)
    const auction = await act(world, housing, { action: 'special-procedure-start', kind: 'auction' })
    expect(auction.status).toBe(422)
    expect(auction.body).toMatchObject({
      code: 'APPROVAL_SPECIAL_PROCEDURE_NOT_ALLOWED',
      allowed: ['expert-review'],
      errors: [{ field: '/body/kind' }],
    })
    expectStatus(
      await act(world, housing, {
        action: 'special-procedure-start',
        kind: 'expert-review',
        legalBasis: '行政许可法第四十五条',
      }),
      200,
    )
    world.clock.set('2026-03-05T02:00:00Z')
    expectStatus(await act(world, housing, { action: 'special-procedure-end' }), 200)
    world.clock.set('2026-03-06T02:00:00Z')
    const s = await statusWhen(world, projectId, (x) => taskIn(x, housing.taskId).nationalCode === 10)
    const statutory = taskIn(s, housing.taskId).clocks.statutory
    // 03-03..03-06 are four working days (gross); 03-03..03-05 were the expert review's, so one counted (net).
    expect(statutory).toMatchObject({ gross: 4, net: 1, used: 1 })
    expect(statutory?.suspensions).toEqual([
      expect.objectContaining({ kind: 'expert-review', legalBasis: '行政许可法第四十五条', from: '2026-03-02' }),
    ])
  })

  it('the step clock raises one yellow and one red alert, across restarts of approval', async () => {
    world.clock.set(START)
    const { projectId, applicationId } = await acceptedBundle()
    const mine = async () => ({
      warned: (await published(world, StepClockWarnedV1)).filter((a) => a.applicationId === applicationId),
      overdue: (await published(world, StepClockOverdueV1)).filter((a) => a.applicationId === applicationId),
    })
    // The bundle's 4 W from Monday: Friday 03-06 has used 4 of 4, yellow; Monday 03-09 is past the due Friday.
    world.clock.set('2026-03-06T02:00:00Z')
    await until(async () => (await mine()).warned.length === 1)
    await world.restartApproval()
    world.clock.set('2026-03-09T02:00:00Z')
    await until(async () => (await mine()).overdue.length === 1)
    await world.restartApproval()
    await new Promise((r) => setTimeout(r, 1500))
    const { warned, overdue } = await mine()
    expect(warned.map((a) => [a.clock, a.dueOn, a.used, a.gross, a.limit])).toEqual([
      ['committed', '2026-03-06', 4, 4, 4],
    ])
    expect(overdue.map((a) => [a.clock, a.dueOn, a.detectedOn])).toEqual([['committed', '2026-03-06', '2026-03-09']])
    // The law's 45 W for the joint step runs beside it, still green.
    expect([...warned, ...overdue].some((a) => a.clock === 'statutory')).toBe(false)
    const s = await statusWhen(world, projectId, (x) =>
      x.timeline.some((e) => e.summary.includes('committed clock overdue')),
    )
    expect(s.timeline.filter((e) => e.summary.startsWith('Step six-item-bundle committed clock warned'))).toHaveLength(
      1,
    )
    expect(s.timeline.filter((e) => e.summary.startsWith('Step six-item-bundle committed clock overdue'))).toHaveLength(
      1,
    )
  })

  it('the whole-flow cap clock raises one yellow and one red alert across restarts; step and flow clocks are clock views in the status', async () => {
    world.clock.set(START)
    const { projectId, applicationId } = await acceptedBundle()
    // Shanwei's simple low-risk type: 8 W from the first step's acceptance to first registration
    // (seeds/004_33317a5f04b53a73.txt:1774), counted while a step is being approved. Step 1 was accepted and approved
    // on Monday 03-02 and the bundle accepted the same day: no day between them, so the clock runs on from 03-02.
    const opened = await statusWhen(
      world,
      projectId,
      (x) =>
        x.wholeFlow?.counted?.length === 2 &&
        x.applications.some((a) => a.applicationId === applicationId && a.clocks?.committed !== undefined),
    )
    const bundle = opened.applications.find((a) => a.applicationId === applicationId)
    // The step's clocks, with the task clocks' view shape: the catalogue's 4 W and the law's 45 W for a joint step.
    expect(bundle?.clocks?.committed).toMatchObject({
      limit: { value: 4, unit: 'W' },
      start: '2026-03-02',
      due: nthWorkingDayAfter('2026-03-02', 4),
      used: 0,
      net: 0,
      gross: 0,
      level: 'green',
      provisional: false,
      suspensions: [],
    })
    expect(bundle?.clocks?.statutory).toMatchObject({
      limit: { value: 45, unit: 'W' },
      start: '2026-03-02',
      due: nthWorkingDayAfter('2026-03-02', 45),
    })
    expect(opened.wholeFlow?.capSource).toBe('seeds/004_33317a5f04b53a73.txt:1774')
    expect(opened.wholeFlow?.clock).toMatchObject({
      limit: { value: 8, unit: 'W' },
      start: '2026-03-02',
      due: nthWorkingDayAfter('2026-03-02', 8),
      level: 'green',
    })
    const mine = async () => ({
      warned: (await published(world, FlowClockWarnedV1)).filter((a) => a.projectId === projectId),
      overdue: (await published(world, FlowClockOverdueV1)).filter((a) => a.projectId === projectId),
    })
    // Wednesday 03-11 is the 7th working day: 7 of 8 ≥ 80%, yellow. Friday 03-13 is past the due Thursday 03-12.
    world.clock.set('2026-03-11T02:00:00Z')
    await until(async () => (await mine()).warned.length === 1)
    await world.restartApproval()
    world.clock.set('2026-03-13T02:00:00Z')
    await until(async () => (await mine()).overdue.length === 1)
    await world.restartApproval()
    await new Promise((r) => setTimeout(r, 1500))
    const { warned, overdue } = await mine()
    const due = nthWorkingDayAfter('2026-03-02', 8)
    expect(warned.map((a) => [a.dueOn, a.detectedOn, a.used, a.gross, a.limit])).toEqual([
      [due, '2026-03-11', workingDaysAfter('2026-03-02', '2026-03-11'), 7, 8],
    ])
    expect(overdue.map((a) => [a.dueOn, a.detectedOn])).toEqual([[due, '2026-03-13']])
    const s = await statusWhen(world, projectId, (x) =>
      x.timeline.some((e) => e.summary.startsWith('Whole-flow cap clock overdue')),
    )
    expect(s.timeline.filter((e) => e.summary.startsWith('Whole-flow cap clock warned'))).toHaveLength(1)
    expect(s.timeline.filter((e) => e.summary.startsWith('Whole-flow cap clock overdue'))).toHaveLength(1)
    expect(s.wholeFlow?.clock).toMatchObject({
      due,
      level: 'red',
      used: workingDaysAfter('2026-03-02', '2026-03-13'),
      gross: workingDaysAfter('2026-03-02', '2026-03-13'),
      overdueBy: workingDaysAfter(due, '2026-03-13'),
    })
    // The step's committed clock, read today: red since its due Friday 03-06.
    expect(s.applications.find((a) => a.applicationId === applicationId)?.clocks?.committed).toMatchObject({
      due: nthWorkingDayAfter('2026-03-02', 4),
      level: 'red',
      overdue: true,
    })
  })

  it('the whole-flow cap clock stops between steps and under a 补正 notice: net < gross, each pause with its reason', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    await approveFirstStep(world, projectId)
    // Step 1 accepted and approved on Monday 03-02; the bundle is applied for on Thursday 03-05.
    world.clock.set('2026-03-05T02:00:00Z')
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'six-item-bundle',
        form: { builder: '示例建设工程有限公司' },
        materials: sixItemMaterials,
      }),
      201,
    ).application
    const tasks = await Promise.all(sixItemDepartments.map((d) => taskOf(world, d, application.applicationId)))
    // The housing department asks for 补正 on Monday 03-09; the owner answers on Wednesday 03-11.
    world.clock.set('2026-03-09T02:00:00Z')
    const housing = ofDepartment(tasks, 'housing-construction')
    expectStatus(await act(world, housing, { action: 'claim' }), 200)
    expectStatus(
      await act(world, housing, { action: 'supplement', materials: ['construction-contract'], reason: '合同未盖章' }),
      200,
    )
    const paused = await statusWhen(world, projectId, (x) =>
      (x.wholeFlow?.clock?.suspensions ?? []).some((p) => p.kind === 'supplement'),
    )
    const bundle = paused.applications.find((a) => a.applicationId === application.applicationId)
    expect(bundle?.clocks?.committed?.suspensions).toEqual([
      expect.objectContaining({ kind: 'supplement', from: '2026-03-09', open: true }),
    ])
    const clock = paused.wholeFlow?.clock
    // The days between the steps (03-03 to 03-05: not approval time) and the notice (from 03-09) are its pauses.
    expect(clock?.suspensions.map((p) => [p.kind, p.from, p.to, p.open])).toEqual([
      ['other', '2026-03-03', '2026-03-05', false],
      ['supplement', '2026-03-09', undefined, true],
    ])
    expect(clock?.suspensions[0]?.legalBasis).toContain('seeds/004_33317a5f04b53a73.txt:2125')
    // Counted: Friday 03-06 only; gross: 03-03..03-09, five working days.
    expect(clock).toMatchObject({
      used: 1,
      net: 1,
      gross: workingDaysAfter('2026-03-02', '2026-03-09'),
      suspended: true,
    })
  })
})
