import type { InboxTask, ProjectStatusAnswer } from '@onewindow/gateway'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { act, expectStatus, inbox, owners } from '../src/flows.js'
import { parallelCatalogue, parallelStep, parallelType, syntheticDepartment } from '../src/synthetic-catalogue.js'
import { startWorld, type World } from '../src/world.js'

// 200 applications at once, two departments each (kept small so the run stays short on two cores), while the
// owner's and the supervisor's status are sampled throughout. Every status read anywhere in this file is checked.
// About a minute alone on a loaded two-core machine, two beside the other e2e files: the bound below is generous.
const DEPARTMENTS = 2
const APPLICATIONS = 200
const CLERKS = 16
/** Every second application is decided (claim and approve in both departments); the rest stay open in the inboxes. */
const decidedOne = (i: number) => i % 2 === 0
const START = '2026-03-02T01:00:00Z'
const departments = Array.from({ length: DEPARTMENTS }, (_, i) => syntheticDepartment(i + 1))

let world: World
beforeAll(async () => {
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: START,
    catalogue: parallelCatalogue([DEPARTMENTS]),
  })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const decided = (status: string | undefined) => status === 'approved' || status === 'rejected' || status === 'closed'

/**
 * What the status shows ahead of its cause, as sentences (none when it is consistent). Under the old per-event
 * durables these could all happen: a task projected before its application (another durable), a timeline entry of
 * one durable counted before the row of another; only the step decision was held back, by redelivery.
 */
function causesMissing(s: ProjectStatusAnswer, who: string): string[] {
  const where = `${who} reading ${s.project.projectId}`
  const missing: string[] = []
  const applications = new Map(s.applications.map((a) => [a.applicationId, a]))
  const tasks = new Map(s.tasks.map((t) => [t.taskId, t]))
  for (const t of s.tasks) {
    if (!applications.has(t.applicationId)) missing.push(`${where}: task ${t.taskId} without its application`)
  }
  for (const a of s.applications) {
    for (const d of a.decision?.tasks ?? []) {
      if (!decided(tasks.get(d.taskId)?.status))
        missing.push(`${where}: step decision without its decided task ${d.taskId}`)
    }
    if (a.certificate === 'released' && a.decision?.outcome !== 'approved') {
      missing.push(`${where}: certificate released without its approved step`)
    }
  }
  for (const c of s.certificates) {
    if (!s.acceptance.some((x) => x.status === 'passed')) {
      missing.push(`${where}: certificate ${c.certificateId} without its acceptance`)
    }
  }
  const entries = (type: string) => s.timeline.filter((e) => e.type === type).length
  const rows: Array<[string, number]> = [
    ['application.accepted', s.applications.filter((a) => a.acceptedAt !== null).length],
    ['task.assigned', s.tasks.length],
    ['task.claimed', s.tasks.filter((t) => t.status !== 'assigned').length],
    ['task.decided', s.tasks.filter((t) => decided(t.status)).length],
    ['step.decided', s.applications.filter((a) => a.decision !== null).length],
    ['application.certificate-released', s.applications.filter((a) => a.certificate === 'released').length],
  ]
  for (const [type, shown] of rows) {
    if (entries(type) > shown)
      missing.push(`${where}: ${entries(type)} ${type} entries but ${shown} row(s) they describe`)
  }
  return missing
}

// Collected, not thrown: a status read inside `until` is retried on a throw, which would hide a passing violation.
const violations: string[] = []
let reads = 0
const decidedProjects = new Set<string>()
const ownerToken = () => world.token('owner', { creditCode: owners.b.creditCode })
/** The status as `who` reads it, checked. A project the gateway answered 201 for is never 404. */
async function checkedStatus(projectId: string, who: 'owner' | 'supervisor'): Promise<ProjectStatusAnswer> {
  const bearer = who === 'owner' ? ownerToken() : world.token('supervisor')
  const res = await world.api('GET', `/api/v1/projects/${projectId}/status`, bearer)
  reads += 1
  if (res.status !== 200) {
    violations.push(`${who} reading ${projectId}: ${res.status} ${JSON.stringify(res.body)}`)
    throw new Error(`status ${res.status}`)
  }
  const s: ProjectStatusAnswer = res.body
  violations.push(...causesMissing(s, who))
  return s
}

/**
 * Polls from every 100 ms to every second, bounded: 16 clerks polling every 20 ms (`until`) spent most of the two cores
 * on status reads (about 5 ms of CPU each). A failed read throws at once (and is a violation), instead of being
 * retried as `until` would.
 */
async function poll(check: () => Promise<boolean>, what: string) {
  for (let tries = 0, pause = 100; !(await check()); tries += 1, pause = Math.min(pause * 1.5, 1_000)) {
    if (tries > 200) throw new Error(`never happened: ${what}`)
    await new Promise((r) => setTimeout(r, pause))
  }
}

/** One project through the window: registered, applied for, and (every second one) every task approved. */
async function oneApplication(i: number, projects: string[]) {
  const clerk = world.token('clerk')
  const created = expectStatus(
    await world.api('POST', '/api/v1/projects', clerk, {
      name: `causality ${i}`,
      owner: owners.b,
      projectCode: `2026-441500-47-04-${String(process.pid % 10_000).padStart(4, '0')}${String(i).padStart(5, '0')}`,
      projectType: parallelType(DEPARTMENTS),
      region: '441500',
      siteAreaM2: 1000,
      floorAreaM2: 800,
      heightM: 10,
      investmentFen: 100_000_000,
      location: 'causality',
    }),
    201,
  )
  const projectId: string = created.project.projectId
  projects.push(projectId)
  await checkedStatus(projectId, 'owner')
  const opened = expectStatus(
    await world.api('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
      step: parallelStep(DEPARTMENTS),
      form: {},
      materials: [],
    }),
    201,
  )
  const applicationId: string = opened.application.applicationId
  let mine: ProjectStatusAnswer['tasks'] = []
  await poll(async () => {
    mine = (await checkedStatus(projectId, 'owner')).tasks.filter((t) => t.applicationId === applicationId)
    return mine.length === DEPARTMENTS
  }, `the tasks of ${applicationId}`)
  if (!decidedOne(i)) return
  decidedProjects.add(projectId)
  for (const task of mine) {
    expectStatus(await act(world, task, { action: 'claim' }), 200)
    expectStatus(await act(world, task, { action: 'approve' }), 200)
  }
  // The decision and the release are not waited for here: the sampler sees them come, and the end state checks them.
}

describe('an effect never shows without its cause', () => {
  it(`holds under ${APPLICATIONS} concurrent applications: sampled statuses and every inbox task in the owner's status`, async () => {
    const projects: string[] = []
    let next = 0
    let running = true
    const clerks = Array.from({ length: CLERKS }, async () => {
      for (let i = next++; i < APPLICATIONS; i = next++) await oneApplication(i, projects)
    })
    const all = Promise.all(clerks).finally(() => {
      running = false
    })

    // The sampler: the owner's and the supervisor's view of a random project, and a department's inbox whose tasks
    // must each be in the owner's status read after it.
    const verified = new Set<string>()
    let samples = 0
    const sampler = (async () => {
      for (let round = 0; running; round += 1) {
        const projectId = projects[Math.floor(Math.random() * projects.length)]
        if (projectId) {
          await checkedStatus(projectId, 'owner')
          await checkedStatus(projectId, 'supervisor')
          samples += 1
        }
        if (round % 4 === 0) {
          const open = await inbox(world, departments[round % DEPARTMENTS] as string)
          // The newest tasks first: they are the ones whose causes are most likely still on the way.
          for (const t of open.filter((x) => !verified.has(x.taskId)).slice(-12)) {
            const s = await checkedStatus(t.projectId, 'owner')
            if (!s.tasks.some((x) => x.taskId === t.taskId)) {
              violations.push(
                `task ${t.taskId} in ${t.department}'s inbox but not in the owner's status of ${t.projectId}`,
              )
            }
            verified.add(t.taskId)
          }
        }
        await new Promise((r) => setTimeout(r, 20))
      }
    })()
    await Promise.all([all, sampler])
    expect(violations).toEqual([])

    // The end state: every application decided and released, every inbox task in its project's status.
    expect(projects).toHaveLength(APPLICATIONS)
    for (const department of departments) {
      const tasks = await inbox(world, department)
      const byProject = new Map<string, InboxTask[]>()
      for (const t of tasks) byProject.set(t.projectId, [...(byProject.get(t.projectId) ?? []), t])
      expect(byProject.size).toBe(APPLICATIONS)
    }
    for (const projectId of projects) {
      let s = await checkedStatus(projectId, 'owner')
      if (decidedProjects.has(projectId)) {
        await poll(async () => {
          s = await checkedStatus(projectId, 'owner')
          return s.applications[0]?.certificate === 'released'
        }, `the release of ${projectId}`)
        expect(s.applications[0]).toMatchObject({ certificate: 'released', decision: { outcome: 'approved' } })
        expect(s.tasks.map((t) => t.status)).toEqual(['approved', 'approved'])
      } else {
        expect(s.applications[0]).toMatchObject({ certificate: 'pending', decision: null })
        expect(s.tasks.map((t) => t.status)).toEqual(['assigned', 'assigned'])
      }
      expect(s.pending).toEqual([])
    }
    expect(decidedProjects.size).toBe(APPLICATIONS / 2)
    expect(violations).toEqual([])
    expect(samples).toBeGreaterThan(0)
    expect(verified.size).toBeGreaterThan(0)
    console.log(`causality: ${reads} status reads checked, ${samples} samples, ${verified.size} inbox tasks verified`)
  }, 300_000)
})
