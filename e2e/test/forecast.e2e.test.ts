import { legalDateOf } from '@onewindow/workdays'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  approveFirstStep,
  committedClock,
  expectStatus,
  lowRiskFactory,
  nthWorkingDayAfter,
  openApplication,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  status,
  statusWhen,
  taskOf,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

type ProjectStatus = Awaited<ReturnType<typeof status>>

// Monday 2026-09-28, 09:00 in Shanghai: two working days before the National Day holiday (2026-10-01 to 10-07).
const START = '2026-09-28T01:00:00Z'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const today = () => legalDateOf(world.clock.now())

/** A low-risk factory with the six-item bundle (施工许可 among them) accepted today and every task open. */
async function acceptedBundle() {
  const projectId = await registerProject(world, lowRiskFactory())
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

async function approve(task: { taskId: string; department: string }) {
  expectStatus(await act(world, task, { action: 'claim' }), 200)
  expectStatus(await act(world, task, { action: 'approve' }), 200)
}

/** Net working days of every task decided in this file's world, by department and item, as the statuses show them. */
const used: Record<string, number[]> = {}
const record = (s: ProjectStatus, applicationId: string) => {
  for (const t of s.tasks.filter((x) => x.applicationId === applicationId && x.status === 'approved')) {
    const key = `${t.department} ${t.item}`
    used[key] = [...(used[key] ?? []), committedClock(t).used]
  }
}

const nearestRank = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.ceil(q * sorted.length) - 1] as number
}

describe('the owner’s completion forecast, through the gateway', () => {
  it('falls back to the committed limits with no history, lands after National Day, never before today, and moves as tasks are decided', async () => {
    const { projectId, applicationId, tasks } = await acceptedBundle()
    const s = await statusWhen(
      world,
      projectId,
      (x) => x.tasks.filter((t) => t.applicationId === applicationId).length === 6,
    )
    const forecast = s.forecast
    expect(forecast?.currentStep?.step).toBe('six-item-bundle')
    // No department has decided a task of these items yet: each is assumed to take its committed limit, so the
    // step is expected on the latest committed due date — after the holiday, counted on the calendar by the clocks.
    for (const w of forecast?.currentStep?.work ?? []) expect(w.basis).toBe('committed-limit')
    const latestDue = s.tasks
      .filter((t) => t.applicationId === applicationId)
      .map((t) => committedClock(t).due)
      .sort()
      .at(-1)
    expect(forecast?.currentStep?.expectedOn).toBe(latestDue)
    expect((forecast?.currentStep?.expectedOn ?? '') > '2026-10-07').toBe(true)
    const longest = Math.max(
      ...s.tasks.filter((t) => t.applicationId === applicationId).map((t) => committedClock(t).limit.value),
    )
    expect(forecast?.currentStep?.expectedOn).toBe(nthWorkingDayAfter(today(), longest))
    expect((forecast?.wholeFlow?.latestOn ?? '') >= (forecast?.wholeFlow?.expectedOn ?? '~')).toBe(true)

    // Five of the six decide: the step waits on the last one alone.
    const [last, ...others] = tasks as [(typeof tasks)[number], ...typeof tasks]
    for (const t of others) await approve(t)
    const fewer = await statusWhen(world, projectId, (x) => x.forecast?.currentStep?.work.length === 1)
    expect(fewer.forecast?.currentStep?.work[0]?.department).toBe(last.department)

    // Weeks later, past every due date: the forecast never says a day before today.
    world.clock.advanceDays(30)
    const late = await status(world, projectId)
    expect(late.asOf.today).toBe(today())
    expect((late.forecast?.currentStep?.expectedOn ?? '') > today()).toBe(true)
    expect(late.forecast?.currentStep?.expectedOn).toBe(nthWorkingDayAfter(today(), 1))

    // The last decides: the bundle is no longer forecast.
    await approve(last)
    const done = await statusWhen(world, projectId, (x) => x.forecast?.currentStep?.step !== 'six-item-bundle')
    expect(done.forecast?.steps.some((f) => f.step === 'six-item-bundle')).toBe(false)
    record(
      await statusWhen(world, projectId, (x) =>
        x.tasks.filter((t) => t.applicationId === applicationId).every((t) => t.status === 'approved'),
      ),
      applicationId,
    )
  })

  it('forecasts from the departments’ recent decided tasks once there are enough of them', async () => {
    // Five more bundles decided after 1..5 working days each: at least five samples per department and item. Six
    // bundles through the gateway: past the default 60 s at load 28 (fresh-clone run beside five engineers' tests).
    for (let k = 1; k <= 5; k++) {
      const { projectId, applicationId, tasks } = await acceptedBundle()
      const accepted = today()
      world.clock.set(`${nthWorkingDayAfter(accepted, k)}T02:00:00Z`)
      for (const t of tasks) await approve(t)
      const s = await statusWhen(world, projectId, (x) =>
        x.tasks.filter((t) => t.applicationId === applicationId).every((t) => t.status === 'approved'),
      )
      record(s, applicationId)
    }
    const { projectId, applicationId } = await acceptedBundle()
    const s = await statusWhen(
      world,
      projectId,
      (x) =>
        x.tasks.filter((t) => t.applicationId === applicationId).length === 6 &&
        (x.forecast?.currentStep?.work.length ?? 0) === 6,
    )
    const work = s.forecast?.currentStep?.work ?? []
    for (const w of work) {
      const samples = used[`${w.department} ${w.item}`] ?? []
      expect(w).toMatchObject({ basis: 'history', samples: samples.length })
      // A task with nothing used yet: what the tasks that took longer than 0 days took (nearest rank).
      const longer = samples.filter((d) => d > 0)
      expect(w.expected).toBe(nearestRank(longer, 0.5))
      expect(w.late).toBe(nearestRank(longer, 0.9))
    }
    const slowest = Math.max(...work.map((w) => w.expected))
    expect(s.forecast?.currentStep?.expectedOn).toBe(nthWorkingDayAfter(today(), slowest))
  }, 180_000)
})
