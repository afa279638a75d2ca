import { type Catalogue, createCatalogue, loadCatalogue } from '@onewindow/catalogue'
import { passesOf } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  approveFirstStep,
  expectStatus,
  inbox,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  taskOf,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Monday 2026-03-02, 09:00 in Shanghai. The six-item bundle's 4 W run out on Friday 03-06 (W1 = 03-03); its clocks are
// yellow that day (4 of 4 used ≥ 0.8 × 4). A commitment with no committed limit of its own is verified within 20 W:
// by 2026-03-30, so 03-31 finds it overdue.
const START = '2026-03-02T01:00:00Z'
const at = (date: string) => `${date}T01:00:00Z`
const LEAD = 'housing-construction'
// Shanwei's 城区 has no catalogue document of its own: it resolves to Shanwei's, here with the region setting `step`.
const STEP_REGION = '441502'

type Task = {
  taskId: string
  applicationId: string
  department: string
  item: string
  status: string
  nationalCode: number
  lead?: string
  clocks: { committed?: { suspensions: Array<{ kind: string; from: string; to?: string }> } }
  commitment?: { verifyBy: string; verificationOverdueOn?: string; verification?: { result: string } }
}
type LeadAlert = { taskId: string; applicationId: string; department: string; clock: string; detectedOn: string }

const cache = new Map<string, Catalogue>()
/** The bundled catalogues, but 441502 consolidates its notices for the whole step. */
function catalogueFor(region: string): Catalogue {
  let c = cache.get(region)
  if (!c) {
    const data = loadCatalogue(region).data
    c =
      region === STEP_REGION
        ? createCatalogue({ ...data, settings: { consolidatedNotice: { stops: 'step' } } })
        : loadCatalogue(region)
    cache.set(region, c)
  }
  return c
}

let world: World
beforeAll(async () => {
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: START,
    catalogue: catalogueFor,
  })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const lead = (department = LEAD) => world.token('lead', { department })

async function leadTasks(applicationId: string, bearer = lead()): Promise<Task[]> {
  return expectStatus(await world.api('GET', `/api/v1/lead/tasks?application=${applicationId}`, bearer), 200).tasks
}

async function leadAlerts(applicationId: string): Promise<LeadAlert[]> {
  const all: LeadAlert[] = expectStatus(await world.api('GET', '/api/v1/lead/alerts', lead()), 200).alerts
  return all.filter((a) => a.applicationId === applicationId)
}

/** A six-item bundle opened on START; resolves once its lead sees all six tasks. */
async function sixItemStep(
  region = '441500',
  body: object = {},
): Promise<{ projectId: string; applicationId: string }> {
  world.clock.set(START)
  const projectId = await registerProject(world, { ...lowRiskFactory(owners.b), region })
  await approveFirstStep(world, projectId)
  const application = expectStatus(
    await openApplication(world, projectId, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials,
      ...body,
    }),
    201,
  ).application
  await until(async () => (await leadTasks(application.applicationId)).length === sixItemDepartments.length)
  return { projectId, applicationId: application.applicationId }
}

const claim = async (applicationId: string, department: string) => {
  const task = await taskOf(world, department, applicationId)
  expectStatus(await act(world, task, { action: 'claim' }), 200)
  return task
}

const openSuspensions = (t: Task) => (t.clocks.committed?.suspensions ?? []).filter((s) => s.to === undefined)

describe('牵头部门 of a parallel step, through the gateway', () => {
  it('sees every task of its step; another department sees only its own, and no lead view', async () => {
    const { applicationId } = await sixItemStep()
    const tasks = await leadTasks(applicationId)
    expect(tasks.map((t) => t.department).sort()).toEqual([...sixItemDepartments].sort())
    expect(new Set(tasks.map((t) => t.lead))).toEqual(new Set([LEAD]))

    // natural-resources leads no step here: as a lead it sees none of them; as a reviewer, its one task.
    expect(await leadTasks(applicationId, lead('natural-resources'))).toEqual([])
    const own = (await inbox(world, 'natural-resources')).filter((t) => t.applicationId === applicationId)
    expect(own.map((t) => t.department)).toEqual(['natural-resources'])
    const reviewer = world.token('reviewer', { department: 'natural-resources' })
    expect(expectStatus(await world.api('GET', '/api/v1/lead/tasks', reviewer), 403).code).toBe('GATEWAY_FORBIDDEN')
  })

  it("issues one consolidated notice that stops only the requesting departments' clocks by default, and is alerted once per yellow clock", async () => {
    const { applicationId } = await sixItemStep()
    const asked = ['natural-resources', 'civil-air-defence']
    const tasks = await Promise.all(asked.map((d) => claim(applicationId, d)))
    // Another department may not issue it, nor the lead for an application it does not lead.
    const notice = {
      requests: tasks.map((t) => ({
        taskId: t.taskId,
        materials: ['design-scheme'],
        reason: `${t.department} 需补正`,
      })),
    }
    const url = `/api/v1/applications/${applicationId}/supplement-notice`
    expectStatus(await world.api('POST', url, lead('natural-resources'), notice), 404)
    const issued = expectStatus(await world.api('POST', url, lead(), notice), 200)
    expect(issued.notice.requests.map((r: { department: string }) => r.department)).toEqual(asked)
    expect(issued.tasks.map((t: Task) => [t.department, t.status, t.nationalCode])).toEqual([
      ['natural-resources', 'supplement-requested', 6],
      ['civil-air-defence', 'supplement-requested', 6],
    ])

    let seen: Task[] = []
    await until(async () => {
      seen = await leadTasks(applicationId)
      return seen.filter((t) => t.status === 'supplement-requested').length === 2
    })
    for (const t of seen) {
      expect(openSuspensions(t).length, t.department).toBe(asked.includes(t.department) ? 1 : 0)
    }

    // Friday 03-06: the four running clocks have used 4 of 4 W — yellow; the two paused ones have used none.
    world.clock.set(at('2026-03-06'))
    const running = sixItemDepartments.filter((d) => !asked.includes(d)).sort()
    await until(async () => (await leadAlerts(applicationId)).length >= running.length)
    // More passes of the scanner add nothing: one alert per task.
    await passesOf(world.approval.scanner, 3)
    const alerts = await leadAlerts(applicationId)
    expect(alerts.map((a) => a.department).sort()).toEqual(running)
    expect(new Set(alerts.map((a) => a.detectedOn))).toEqual(new Set(['2026-03-06']))
    expect(new Set(alerts.map((a) => a.clock))).toEqual(new Set(['committed']))
    // The departments' own reviewers do not read the lead's alerts.
    const reviewer = world.token('reviewer', { department: LEAD })
    expect(expectStatus(await world.api('GET', '/api/v1/lead/alerts', reviewer), 403).code).toBe('GATEWAY_FORBIDDEN')
  })

  it('stops every clock of the step where the region says so, and the answer starts them all again', async () => {
    const { applicationId } = await sixItemStep(STEP_REGION)
    const task = await claim(applicationId, 'natural-resources')
    const url = `/api/v1/applications/${applicationId}/supplement-notice`
    const body = { requests: [{ taskId: task.taskId, materials: ['design-scheme'], reason: '设计方案需补正' }] }
    const issued = expectStatus(await world.api('POST', url, lead(), body), 200)
    // The asking department in 补正 (6); the five others keep their state, their clocks stopped with the step.
    expect(issued.tasks).toHaveLength(sixItemDepartments.length)

    let seen: Task[] = []
    await until(async () => {
      seen = await leadTasks(applicationId)
      return seen.every((t) => openSuspensions(t).length === 1)
    })
    expect(seen.filter((t) => t.status === 'supplement-requested').map((t) => t.department)).toEqual([
      'natural-resources',
    ])
    expect(seen.filter((t) => t.status === 'assigned')).toHaveLength(sixItemDepartments.length - 1)

    // Friday 03-06: every clock stopped since Monday, so nothing is yellow and the lead is not alerted.
    world.clock.set(at('2026-03-06'))
    await passesOf(world.approval.scanner, 3)
    expect(await leadAlerts(applicationId)).toEqual([])

    // The owner answers the one notice: every clock of the step runs again from today.
    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    const answer = { noticeId: issued.notice.noticeId, materials: [{ code: 'design-scheme', documentRef: 'doc://v2' }] }
    expectStatus(await world.api('POST', `/api/v1/applications/${applicationId}/materials`, owner, answer), 200)
    await until(async () => {
      seen = await leadTasks(applicationId)
      return seen.every((t) => openSuspensions(t).length === 0)
    })
    for (const t of seen) {
      expect(
        t.clocks.committed?.suspensions.map((s) => [s.kind, s.from, s.to]),
        t.department,
      ).toEqual([['supplement', '2026-03-02', '2026-03-06']])
    }
  })
})

describe('告知承诺 in the approval stage, through the gateway', () => {
  it('is decided at once with its certificate; left unverified it is reported overdue once, then breached', async () => {
    const { projectId, applicationId } = await sixItemStep('441500', { commitments: [{ item: 'construction-permit' }] })
    // Approval announces the decision right after the assignment (two events): the read model may show the six tasks
    // assigned a moment before it applies the decision, so the permit's task is read once it is decided.
    let permit: Awaited<ReturnType<typeof leadTasks>>[number] | undefined
    await until(async () => {
      permit = (await leadTasks(applicationId)).find((t) => t.item === 'construction-permit')
      return permit?.status !== 'assigned'
    })
    expect(permit).toMatchObject({
      status: 'approved',
      nationalCode: 11,
      department: LEAD,
      commitment: { verifyBy: '2026-03-30' },
    })
    // The other five still wait on their departments.
    expect((await leadTasks(applicationId)).filter((t) => t.status === 'assigned')).toHaveLength(5)

    // Its permit is signed and issued without waiting for the rest of the step.
    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    let certificates: Array<{ kind: string; item?: string; title: string }> = []
    await until(async () => {
      const s = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, owner), 200)
      // The first step's permit (land-planning-permit, approved before the bundle could open) is set aside.
      certificates = (s.certificates ?? []).filter((c: { item?: string }) => c.item !== 'land-planning-permit')
      return certificates.length > 0
    })
    expect(certificates.map((c) => [c.kind, c.item])).toEqual([['permit', 'construction-permit']])
    // The owner reads the day its commitment is to be verified by on the status (its progress page shows it).
    const ownStatus = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, owner), 200)
    expect(ownStatus.tasks.find((t: { taskId: string }) => t.taskId === permit?.taskId)).toMatchObject({
      commitment: { verifyBy: '2026-03-30' },
    })

    const reviewer = world.token('reviewer', { department: LEAD })
    const commitmentsOf = async (bearer: string) =>
      expectStatus(await world.api('GET', `/api/v1/commitments?project=${projectId}`, bearer), 200)
        .taskCommitments as Array<{ taskId: string; state: string; reportedOverdueOn?: string }>
    expect((await commitmentsOf(reviewer)).map((c) => [c.taskId, c.state])).toEqual([[permit?.taskId, 'due']])
    // Another department does not see it.
    expect(await commitmentsOf(world.token('reviewer', { department: 'natural-resources' }))).toEqual([])

    // The day after 03-30 with no verification: reported overdue once, seen by the department and the supervisor.
    world.clock.set(at('2026-03-31'))
    await until(async () => (await commitmentsOf(reviewer))[0]?.reportedOverdueOn === '2026-03-31')
    await passesOf(world.approval.scanner, 3)
    const supervisor = world.token('supervisor')
    expect(await commitmentsOf(supervisor)).toMatchObject([
      { taskId: permit?.taskId, state: 'overdue', reportedOverdueOn: '2026-03-31' },
    ])
    const timeline = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, supervisor), 200)
      .timeline as Array<{ type: string }>
    expect(timeline.filter((e) => e.type === 'task.commitment-overdue')).toHaveLength(1)

    // Then its department finds it breached (a late verification is still recorded), once.
    const url = `/api/v1/tasks/${permit?.taskId}/commitment`
    const breached = {
      result: 'breached',
      findings: ['施工图未按承诺上传'],
      measures: ['rectify'],
      rectifyBy: '2026-04-10',
    }
    expectStatus(
      await world.api('POST', url, world.token('reviewer', { department: 'natural-resources' }), breached),
      404,
    )
    const verified = expectStatus(await world.api('POST', url, reviewer, breached), 200).task
    expect(verified.commitment).toMatchObject({
      verifyBy: '2026-03-30',
      verificationOverdueOn: '2026-03-31',
      verification: { result: 'breached', on: '2026-03-31', department: LEAD, measures: ['rectify'] },
    })
    expect(expectStatus(await world.api('POST', url, reviewer, { result: 'kept' }), 409).code).toBe(
      'APPROVAL_COMMITMENT_VERIFIED',
    )
    await until(async () => (await commitmentsOf(supervisor))[0]?.state === 'breached')
  })
})
