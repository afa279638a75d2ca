import { StepClockOverdueV1, StepClockWarnedV1 } from '@onewindow/contracts'
import { addDays, defaultCalendar } from '@onewindow/workdays'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  approveFirstStep,
  expectStatus,
  lowRiskFactory,
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
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Monday 2026-03-02, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'
const calendar = defaultCalendar()

/** Working days after `from` through `to`, day by day on the calendar: independent of workdays' due-date walk. */
const workingDaysAfter = (from: string, to: string): number => {
  let n = 0
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) n += 1
  return n
}

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
})
