import { StepDecidedV1, TaskClockOverdueV1, TaskClockWarnedV1 } from '@onewindow/contracts'
import type { ProjectStatus } from '@onewindow/gateway'
import { passesOf } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  committedClock,
  expectStatus,
  owners,
  published,
  registerProject,
  status,
  statusWhen,
  taskIn,
  taskOf,
  uniqueCode,
} from '../src/flows.js'
import { parallelCatalogue, parallelStep, parallelType, syntheticDepartment } from '../src/synthetic-catalogue.js'
import { startWorld, type World } from '../src/world.js'

// Monday 2026-03-02, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'
const RACES = 100

let world: World
beforeAll(async () => {
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: START,
    catalogue: parallelCatalogue([2]),
  })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const project = (code = uniqueCode()) => ({
  name: '并联测试项目',
  owner: owners.b,
  projectCode: code,
  projectType: parallelType(2),
  region: '441500',
  siteAreaM2: 1000,
  floorAreaM2: 800,
  heightM: 10,
  investmentFen: 100_000_000,
  location: '汕尾市',
})

/** A project with one accepted two-department application. */
async function acceptedPair() {
  const projectId = await registerProject(world, project())
  const clerk = world.token('clerk')
  const { applicationId } = expectStatus(
    await world.api('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
      step: parallelStep(2),
      form: {},
      materials: [],
    }),
    201,
  ).application
  const tasks = await Promise.all([
    taskOf(world, syntheticDepartment(1), applicationId),
    taskOf(world, syntheticDepartment(2), applicationId),
  ])
  return { projectId, applicationId, tasks }
}

/** The same, with both tasks claimed: ready for the last two decisions. */
async function claimedPair() {
  const pair = await acceptedPair()
  for (const t of pair.tasks) expectStatus(await act(world, t, { action: 'claim' }), 200)
  return pair
}

const stepDecisions = (s: ProjectStatus) => s.timeline.filter((e) => e.type === 'step.decided')

describe('exactly once', () => {
  it(`decides the step exactly once when two reviewers decide the last two tasks at the same instant (${RACES} races)`, {
    timeout: 180_000,
  }, async () => {
    // Set up in batches (the machine has two cores), then race each pair with both decisions in flight together.
    const pairs: Array<Awaited<ReturnType<typeof claimedPair>>> = []
    for (let i = 0; i < RACES; i += 10) {
      pairs.push(...(await Promise.all(Array.from({ length: Math.min(10, RACES - i) }, () => claimedPair()))))
    }
    const outcomes = await Promise.all(
      pairs.map(async ({ tasks: [a, b] }, i) => {
        // Every fifth race has one rejection, so both outcomes of the fan-in race.
        const second = i % 5 === 0 ? { action: 'reject', reason: '不符合' } : { action: 'approve' }
        const [ra, rb] = await Promise.all([act(world, a, { action: 'approve' }), act(world, b, second)])
        return [ra.status, rb.status]
      }),
    )
    for (const [i, [sa, sb]] of outcomes.entries()) {
      expect(sb).toBe(200)
      // With a rejection, the approval lands first (200) or finds its task closed by the rejection (409).
      expect(i % 5 === 0 ? [200, 409] : [200]).toContain(sa)
    }
    for (const [i, { projectId }] of pairs.entries()) {
      const s = await statusWhen(world, projectId, (x) => stepDecisions(x).length > 0)
      expect(stepDecisions(s)).toHaveLength(1)
      expect(s.applications[0]?.decision?.outcome).toBe(i % 5 === 0 ? 'rejected' : 'approved')
    }
    // What approval emitted, read from the stream itself: one decision per application, never two.
    const decisions = await published(world, StepDecidedV1)
    for (const { applicationId } of pairs) {
      expect(decisions.filter((d) => d.applicationId === applicationId)).toHaveLength(1)
    }
  })

  it('emits one warning at 80% and one overdue at 100% of a task clock, no more, across a restart of approval', async () => {
    world.clock.set(START)
    const { projectId, tasks } = await acceptedPair()
    const [task] = tasks
    const alertsOf = (s: ProjectStatus, kind: 'warned' | 'overdue') =>
      s.alerts.filter((a) => a.taskId === task.taskId && a.kind === kind && a.clock === 'committed')

    // 5 W from Monday 2 March: due Monday 9 March. Thursday 5 March is 3/5 = 60%; Friday 6 March is 4/5 = 80%.
    world.clock.set('2026-03-05T02:00:00Z')
    await passesOf(world.approval.scanner, 2)
    expect(alertsOf(await status(world, projectId), 'warned')).toHaveLength(0)
    world.clock.set('2026-03-06T02:00:00Z')
    await statusWhen(world, projectId, (s) => alertsOf(s, 'warned').length > 0)

    await world.restartApproval()

    // Tuesday 10 March: one working day past the due date.
    world.clock.set('2026-03-10T02:00:00Z')
    const overdue = await statusWhen(world, projectId, (s) => alertsOf(s, 'overdue').length > 0)
    expect(committedClock(taskIn(overdue, task.taskId)).level).toBe('red')

    // Restart again and let the scanner pass over the same clocks several times: nothing new may appear.
    await world.restartApproval()
    await passesOf(world.approval.scanner, 3)
    // Counted on the stream, where a second emission would show whatever the gateway made of it.
    const mine = (alerts: Array<{ task: { taskId: string }; clock: string }>) =>
      alerts.filter((a) => a.task.taskId === task.taskId && a.clock === 'committed')
    expect(mine(await published(world, TaskClockWarnedV1))).toHaveLength(1)
    expect(mine(await published(world, TaskClockOverdueV1))).toHaveLength(1)
    const after = await status(world, projectId)
    expect(alertsOf(after, 'warned')).toHaveLength(1)
    expect(alertsOf(after, 'overdue')).toHaveLength(1)
  })
})
