import { IssueClockOverdueV1, IssueClockStartedV1, IssueClockWarnedV1 } from '@onewindow/contracts'
import { addDays } from '@onewindow/workdays'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  applicationIn,
  approveFirstStep,
  expectStatus,
  lowRiskFactory,
  nthWorkingDayAfter,
  openApplication,
  owners,
  published,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  statusWhen,
  taskOf,
  until,
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

describe('行政许可法第四十四条: the permits of an approved step are issued within 10 working days of the decision', () => {
  it('runs the issuing clock from the decision, raises its yellow and red once each across restarts of registration, and stops it on issue', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    await approveFirstStep(world, projectId)
    // 容缺: the certificate is withheld while the contract is owed, so the permits wait past the law's 10 days.
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'six-item-bundle',
        form: { builder: '示例建设工程有限公司' },
        materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
        deficiencies: [{ code: 'construction-contract', promisedOn: '2026-04-30' }],
      }),
      201,
    ).application as { applicationId: string; outcome: string }
    expect(application.outcome).toBe('accepted-with-deficiencies')
    const { applicationId } = application
    for (const department of sixItemDepartments) {
      const task = await taskOf(world, department, applicationId)
      expectStatus(await act(world, task, { action: 'claim' }), 200)
      expectStatus(await act(world, task, { action: 'approve' }), 200)
    }

    const due = nthWorkingDayAfter('2026-03-02', 10)
    const started = await statusWhen(
      world,
      projectId,
      (x) => applicationIn(x, applicationId).decision?.issueClock !== undefined,
    )
    const app = applicationIn(started, applicationId)
    expect(app).toMatchObject({ certificate: 'withheld', decision: { outcome: 'approved', decidedOn: '2026-03-02' } })
    expect(app.decision?.issueClock).toMatchObject({
      limit: { value: 10, unit: 'W' },
      start: '2026-03-02',
      due,
      level: 'green',
      provisional: false,
    })
    expect(app.decision?.issueClock?.issuedOn).toBeUndefined()
    expect(
      (await published(world, IssueClockStartedV1)).filter((e) => e.issueClock.applicationId === applicationId),
    ).toHaveLength(1)

    const mine = async () => ({
      warned: (await published(world, IssueClockWarnedV1)).filter((e) => e.issueClock.applicationId === applicationId),
      overdue: (await published(world, IssueClockOverdueV1)).filter(
        (e) => e.issueClock.applicationId === applicationId,
      ),
    })
    // Yellow once 8 of the 10 days are used; red the first day after the due date.
    const yellowDay = nthWorkingDayAfter('2026-03-02', 8)
    const redDay = addDays(due, 1)
    world.clock.set(`${yellowDay}T02:00:00Z`)
    await until(async () => (await mine()).warned.length === 1)
    await world.restartRegistration()
    world.clock.set(`${redDay}T02:00:00Z`)
    await until(async () => (await mine()).overdue.length === 1)
    await world.restartRegistration()
    // Passes of the restarted scanner on the same day raise nothing again.
    await new Promise((r) => setTimeout(r, 1500))
    const { warned, overdue } = await mine()
    expect(warned.map((e) => e.issueClock.warnedOn)).toEqual([yellowDay])
    expect(overdue.map((e) => e.issueClock.overdueOn)).toEqual([redDay])

    // The owner cures the material: the certificate is released, the permits are issued, the clock stops that day.
    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    expectStatus(
      await world.api('POST', `/api/v1/applications/${applicationId}/materials`, owner, {
        materials: [{ code: 'construction-contract', documentRef: 'doc://contract.pdf' }],
      }),
      200,
    )
    const issued = await statusWhen(
      world,
      projectId,
      (x) => applicationIn(x, applicationId).decision?.issueClock?.issuedOn !== undefined,
    )
    expect(applicationIn(issued, applicationId).decision?.issueClock).toMatchObject({
      due,
      issuedOn: redDay,
      warnedOn: yellowDay,
      overdueOn: redDay,
      level: 'red',
      evaluatedOn: redDay,
    })
    const entries = (what: string) =>
      issued.timeline.filter(
        (e) => e.summary.startsWith('Step six-item-bundle issuing clock') && e.summary.includes(what),
      )
    expect(entries('warned')).toHaveLength(1)
    expect(entries('overdue')).toHaveLength(1)
    expect(entries('stopped')).toHaveLength(1)
  })

  it('re-projects a running issuing clock when a calendar is published: the provisional due date moves and becomes final', async () => {
    // Monday 2026-12-28: 10 W run into 2027, whose schedule is not bundled (counted on weekdays, provisional).
    world.clock.set('2026-12-28T01:00:00Z')
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    await approveFirstStep(world, projectId)
    const { applicationId } = expectStatus(
      await openApplication(world, projectId, {
        step: 'six-item-bundle',
        form: { builder: '示例建设工程有限公司' },
        materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
        deficiencies: [{ code: 'construction-contract', promisedOn: '2027-02-26' }],
      }),
      201,
    ).application as { applicationId: string }
    for (const department of sixItemDepartments) {
      const task = await taskOf(world, department, applicationId)
      expectStatus(await act(world, task, { action: 'claim' }), 200)
      expectStatus(await act(world, task, { action: 'approve' }), 200)
    }
    const before = nthWorkingDayAfter('2026-12-28', 10)
    const running = await statusWhen(
      world,
      projectId,
      (x) => applicationIn(x, applicationId).decision?.issueClock !== undefined,
    )
    expect(applicationIn(running, applicationId).decision?.issueClock).toMatchObject({ due: before, provisional: true })

    // An illustrative 2027 schedule (not the real notice): 元旦 Friday 01-01 to Sunday 01-03.
    const schedule = {
      year: 2027,
      source: {
        title: '国务院办公厅关于2027年部分节假日安排的通知',
        number: '国办发明电〔2026〕9号',
        issued: '2026-11-20',
      },
      holidays: [{ name: '元旦', nameEn: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }],
      workdays: [],
    }
    expectStatus(await world.api('POST', '/api/v1/admin/calendars', world.token('admin'), schedule), 201)
    // Counted here: the weekdays after the start, 2027-01-01 no longer among them.
    let after = '2026-12-28'
    for (let counted = 0; counted < 10; ) {
      after = addDays(after, 1)
      const weekday = new Date(`${after}T00:00:00Z`).getUTCDay()
      if (weekday !== 0 && weekday !== 6 && after !== '2027-01-01') counted += 1
    }
    expect(after).not.toBe(before)
    const moved = await statusWhen(world, projectId, (x) =>
      x.timeline.some((e) => e.summary.startsWith(`issue-clock:${applicationId} issue clock: due date moved`)),
    )
    expect(moved.timeline.filter((e) => e.summary.startsWith(`issue-clock:${applicationId}`))).toEqual([
      expect.objectContaining({
        type: 'registration.due-moved',
        summary: expect.stringContaining(`due date moved from ${before} to ${after}`),
      }),
    ])
    expect(applicationIn(moved, applicationId).decision?.issueClock).toMatchObject({ due: after, provisional: false })
  })
})
