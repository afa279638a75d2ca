import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  applicationIn,
  approveFirstStep,
  committedClock,
  expectStatus,
  lowRiskFactory,
  ofDepartment,
  one,
  openApplication,
  owners,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  status,
  statusWhen,
  taskIn,
  taskOf,
} from '../src/flows.js'
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

/** Registers a low-risk factory, opens the six-item bundle (施工许可 among them) and waits for every task. */
async function acceptedBundle(extra: object = {}, owner = owners.b) {
  const projectId = await registerProject(world, lowRiskFactory(owner))
  await approveFirstStep(world, projectId)
  const application = expectStatus(
    await openApplication(world, projectId, {
      step: 'six-item-bundle',
      form: { builder: '示例建设工程有限公司' },
      materials: sixItemMaterials,
      ...extra,
    }),
    201,
  ).application
  const tasks = await Promise.all(sixItemDepartments.map((d) => taskOf(world, d, application.applicationId)))
  return { projectId, application, tasks }
}

async function approveAll(tasks: Array<{ taskId: string; department: string }>) {
  for (const task of tasks) {
    expectStatus(await act(world, task, { action: 'claim' }), 200)
    expectStatus(await act(world, task, { action: 'approve' }), 200)
  }
}

describe('一窗受理 → 并联审批 → status, through the gateway', () => {
  it('takes a social-investment project through the construction-permit bundle: every department in parallel, one decision', async () => {
    const { projectId, application, tasks } = await acceptedBundle()
    expect(application.outcome).toBe('accepted')
    expect(application.receiptNumber).toMatch(/^441500-/)
    expect(tasks.map((t) => t.department).sort()).toEqual([...sixItemDepartments].sort())
    // Every task starts with the national code 3 (已受理) and a 4 W clock from the acceptance day.
    for (const t of tasks) expect(t.nationalCode).toBe(3)

    // A reviewer claims its task: 8 部门开始办理 in the owner's status.
    const [first, ...rest] = tasks as [(typeof tasks)[number], ...typeof tasks]
    expectStatus(await act(world, first, { action: 'claim' }), 200)
    const started = await statusWhen(world, projectId, (x) => taskIn(x, first.taskId).nationalCode === 8)
    expect(taskIn(started, first.taskId)).toMatchObject({ status: 'claimed', nationalName: '部门开始办理' })
    expectStatus(await act(world, first, { action: 'approve' }), 200)
    await approveAll(rest)

    const s = await statusWhen(world, projectId, (x) =>
      x.applications.some((a) => a.applicationId === application.applicationId && a.decision?.outcome),
    )
    const app = applicationIn(s, application.applicationId)
    expect(app.decision?.outcome).toBe('approved')
    expect(app.certificate).toBe('released')
    const mine = s.tasks.filter((t) => t.applicationId === application.applicationId)
    expect(mine).toHaveLength(6)
    for (const t of mine) {
      expect(t.status).toBe('approved')
      expect(t.nationalCode).toBe(11)
      // Each clock is shown: limit, due date, used and remaining days, level and an explanation.
      expect(committedClock(t)).toMatchObject({ limit: { value: 4, unit: 'W' }, level: 'green' })
      expect(committedClock(t).due).toBe('2026-03-06')
      expect(typeof committedClock(t).explanation).toBe('string')
      expect(committedClock(t).explanation.length).toBeGreaterThan(0)
    }
    // One decision of the bundle; the other is the first step's, approved in the setup (step order).
    const stepDecisions = s.timeline.filter((e) => e.type === 'step.decided')
    expect(stepDecisions.map((e) => e.summary.split(' ')[1]).sort()).toEqual([
      'land-planning-and-filing',
      'six-item-bundle',
    ])
  })

  it('consolidates 补正 from two departments into one notice; one answer resumes both clocks without the suspended days', async () => {
    const { projectId, application, tasks } = await acceptedBundle()
    const planning = ofDepartment(tasks, 'natural-resources')
    const housing = ofDepartment(tasks, 'housing-construction')
    for (const t of [planning, housing]) expectStatus(await act(world, t, { action: 'claim' }), 200)

    // Tuesday: both ask at once.
    world.clock.advanceDays(1)
    const asked = await Promise.all([
      act(world, planning, { action: 'supplement', materials: ['design-scheme'], reason: '总平面图比例尺不符' }),
      act(world, housing, { action: 'supplement', materials: ['construction-contract'], reason: '合同未盖章' }),
    ])
    for (const r of asked) expectStatus(r, 200)

    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    const withNotice = await statusWhen(world, projectId, (x) => {
      const app = applicationIn(x, application.applicationId)
      return app?.notices?.[0]?.requests?.length === 2
    })
    const notices = applicationIn(withNotice, application.applicationId).notices
    expect(notices).toHaveLength(1)
    const notice = one(notices, (n) => n.status === 'open', 'open notice')

    // The owner answers on Thursday, once; both clocks stopped Tuesday..Thursday.
    world.clock.advanceDays(2)
    expectStatus(
      await world.api('POST', `/api/v1/applications/${application.applicationId}/materials`, owner, {
        noticeId: notice.noticeId,
        materials: [
          { code: 'design-scheme', documentRef: 'doc://design-scheme-v2.pdf' },
          { code: 'construction-contract', documentRef: 'doc://contract-signed.pdf' },
        ],
      }),
      200,
    )

    const resumed = await statusWhen(world, projectId, (x) =>
      x.tasks.filter((t) => [planning.taskId, housing.taskId].includes(t.taskId)).every((t) => t.nationalCode === 7),
    )
    for (const id of [planning.taskId, housing.taskId]) {
      const t = taskIn(resumed, id)
      expect(t.status).toBe('claimed')
      // 4 W from Monday 2 March is Friday 6 March; three suspended working days (Tue–Thu) push it to Wednesday 11 March.
      expect(committedClock(t).due).toBe('2026-03-11')
      expect(committedClock(t).explanation).toMatch(/补正|supplement/)
    }
    // The other departments' clocks never stopped.
    const other = taskIn(resumed, ofDepartment(tasks, 'water-supply').taskId)
    expect(committedClock(other).due).toBe('2026-03-06')
    // A second answer to the same notice is a conflict: nobody asked again.
    const again = await world.api('POST', `/api/v1/applications/${application.applicationId}/materials`, owner, {
      noticeId: notice.noticeId,
      materials: [{ code: 'design-scheme', documentRef: 'doc://again.pdf' }],
    })
    expect(again.status).toBe(409)
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/)
  })

  it('raises its own warning when a 特别程序 (专家评审) overruns its sub-limit', async () => {
    world.clock.set(START)
    const { projectId, tasks } = await acceptedBundle()
    const housing = ofDepartment(tasks, 'housing-construction')
    expectStatus(await act(world, housing, { action: 'claim' }), 200)
    expectStatus(
      await act(world, housing, {
        action: 'special-procedure-start',
        kind: 'expert-review',
        legalBasis: '专家评审',
        limit: { value: 2, unit: 'W' },
      }),
      200,
    )
    // Monday + 2 W = Wednesday; on Thursday the expert review has overrun its own limit.
    world.clock.advanceDays(3)
    const s = await statusWhen(world, projectId, (x) =>
      x.alerts.some((a) => a.taskId === housing.taskId && a.clock === 'special-procedure'),
    )
    const alert = one(s.alerts, (a) => a.taskId === housing.taskId && a.clock === 'special-procedure', 'alert')
    expect(alert.suspensionKind).toBe('expert-review')
    // The task clock itself is stopped, not warned: the procedure's days are not counted.
    const t = taskIn(s, housing.taskId)
    expect(t.nationalCode).toBe(9)
    expect(committedClock(t).suspended).toBe(true)
  })

  it('decides the step as rejected when one department rejects, and closes the others as no longer needed', async () => {
    world.clock.set(START)
    const { projectId, application, tasks } = await acceptedBundle()
    const first = ofDepartment(tasks, 'housing-construction')
    const second = ofDepartment(tasks, 'natural-resources')
    const rest = tasks.filter((t) => t !== first && t !== second)
    const closedLater = one(rest, () => true, 'another task')
    expectStatus(await act(world, first, { action: 'claim' }), 200)
    expectStatus(await act(world, first, { action: 'approve' }), 200)
    expectStatus(await act(world, second, { action: 'claim' }), 200)
    expectStatus(await act(world, second, { action: 'reject', reason: '用地性质与规划不符' }), 200)

    const s = await statusWhen(world, projectId, (x) =>
      x.applications.some((a) => a.applicationId === application.applicationId && a.decision?.outcome),
    )
    expect(applicationIn(s, application.applicationId).decision?.outcome).toBe('rejected')
    const byId = new Map(s.tasks.map((t) => [t.taskId, t]))
    expect(byId.get(first.taskId)).toMatchObject({ status: 'approved', nationalCode: 11 })
    expect(byId.get(second.taskId)).toMatchObject({ status: 'rejected', nationalCode: 13 })
    const closed = await statusWhen(world, projectId, (x) =>
      rest.every((r) => taskIn(x, r.taskId)?.status === 'closed'),
    )
    // Closed by another department's rejection: the step is concluded as not passed (13), not withdrawn (14).
    for (const r of rest)
      expect(taskIn(closed, r.taskId)).toMatchObject({ nationalCode: 13, nationalName: '办结（不通过）' })
    // A closed task can no longer be approved: 409 with its current state.
    const late = await act(world, closedLater, { action: 'approve' })
    expect(late.status).toBe(409)
    // Rejection needs a reason: the field is named.
    const noReason = await act(world, closedLater, { action: 'reject' })
    expect(noReason.status).toBe(400)
    expect(JSON.stringify(noReason.body)).toMatch(/reason/)
  })

  it('容缺: accepts with a deficiency, approves, and withholds the certificate until the owner cures it', async () => {
    world.clock.set(START)
    const { projectId, application, tasks } = await acceptedBundle({
      materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
      deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-20' }],
    })
    expect(application.outcome).toBe('accepted-with-deficiencies')
    await approveAll(tasks)
    const approved = await statusWhen(world, projectId, (x) =>
      x.applications.some((a) => a.applicationId === application.applicationId && a.decision?.outcome),
    )
    const app = applicationIn(approved, application.applicationId)
    expect(app.decision?.outcome).toBe('approved')
    expect(app.certificate).toBe('withheld')
    // 办结（容缺通过）: approved while a material is owed.
    for (const t of approved.tasks.filter((x) => x.applicationId === application.applicationId)) {
      expect(t.nationalCode).toBe(12)
    }

    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    expectStatus(
      await world.api('POST', `/api/v1/applications/${application.applicationId}/materials`, owner, {
        materials: [{ code: 'construction-contract', documentRef: 'doc://contract.pdf' }],
      }),
      200,
    )
    const released = await statusWhen(world, projectId, (x) =>
      x.applications.some((a) => a.applicationId === application.applicationId && a.certificate === 'released'),
    )
    const cured = applicationIn(released, application.applicationId)
    expect(cured.deficiencies.every((d) => d.cured)).toBe(true)
    // Nothing is owed any more: a second cure is a conflict.
    const again = await world.api('POST', `/api/v1/applications/${application.applicationId}/materials`, owner, {
      materials: [{ code: 'construction-contract', documentRef: 'doc://contract.pdf' }],
    })
    expect(again.status).toBe(409)
  })

  it('refuses an incomplete application with one complete notice and leaves nothing behind', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(owners.c))
    const firstStep = await approveFirstStep(world, projectId)
    const res = await openApplication(world, projectId, {
      step: 'six-item-bundle',
      form: {},
      materials: [{ code: 'no-such-material', documentRef: 'doc://x' }],
      deficiencies: [{ code: 'design-scheme', promisedOn: '2026-03-20' }],
    })
    expect(res.status).toBe(422)
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    const text = JSON.stringify(res.body)
    // Every problem at once (一次性告知): the unknown material, the material that may not be owed, the missing ones.
    for (const code of [
      'no-such-material',
      'design-scheme',
      'construction-contract',
      'construction-drawings-uploaded',
    ]) {
      expect(text).toContain(code)
    }
    // Nothing but the first step, approved in the setup (step order).
    const s = await status(world, projectId)
    expect(s.applications.map((a) => a.applicationId)).toEqual([firstStep])
    expect(s.tasks.filter((t) => t.applicationId !== firstStep)).toEqual([])

    expect((await openApplication(world, projectId, { step: 'no-such-step', form: {}, materials: [] })).status).toBe(
      404,
    )
    const unknownProject = await openApplication(world, '01890000-0000-7000-8000-000000000000', {
      step: 'six-item-bundle',
      form: {},
      materials: [],
    })
    expect(unknownProject.status).toBe(404)
  })
})
