import type { ProjectStatus } from '@onewindow/gateway'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  approveQinzhouStep,
  completionCalls,
  expectStatus,
  openApplication,
  owners,
  qinzhouProject,
  registerProject,
  statusWhen,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// 分阶段办理施工许可 in Qinzhou (450700): one 建设工程规划许可 covering several unit works, its construction permit
// applied for in the four phases of seeds/000_5ff03a50698aa736.txt:166, one permit each; the step is done, and joint
// acceptance may open, only with the last.
// Monday 2026-03-02, 09:00 in Shanghai: a plain working month, far from any holiday.
const START = '2026-03-02T01:00:00Z'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const owner = owners.a
const ownerToken = () => world.token('owner', { creditCode: owner.creditCode })
const PHASES = ['foundation-pit', 'below-base-slab', 'above-base-slab', 'finishing-and-external']

/** Opens the step (or one phase of it) at the window, and has every department approve its task. */
const approve = (projectId: string, step: string, phase?: string) =>
  approveQinzhouStep(world, projectId, step, phase ? { phase } : {})

const permitStep = (s: ProjectStatus) => s.flow.find((x) => x.step === 'construction-permit')
/** The 施工许可 certificates the owner holds, in the order issued. */
const constructionPermits = (s: ProjectStatus) => s.certificates.filter((c) => c.item === 'construction-permit')

describe('分阶段办理施工许可 through the gateway (Qinzhou 450700)', () => {
  it('keeps the step in progress and joint acceptance shut after phase 1; all four phases approve it', async () => {
    const projectId = await registerProject(world, qinzhouProject(owner))
    await approve(projectId, 'land-planning')
    await approve(projectId, 'engineering-permit')

    const early = await openApplication(world, projectId, {
      step: 'construction-permit',
      phase: 'above-base-slab',
      form: {},
      materials: [],
    })
    expect(early.status).toBe(409)
    expect(early.body).toMatchObject({ code: 'INTAKE_PHASE_OUT_OF_ORDER', waitingForPhase: 'below-base-slab' })

    const first = await approve(projectId, 'construction-permit', 'foundation-pit')
    expect(permitStep(first)).toMatchObject({
      state: 'in-progress',
      phase: { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4, approved: 1 },
    })
    expect(permitStep(first)?.phases?.map((p) => p.code)).toEqual(PHASES)
    // Its tasks name the phase they decide.
    const permitTasks = first.tasks.filter((t) => t.step === 'construction-permit')
    expect(permitTasks.map((t) => t.phase?.code)).toEqual(['foundation-pit'])
    expect(first.currentStep).toBe('construction-permit')
    // Waiting for phase 2 is the owner's time (the works go on): the forecast has no step at the departments, and the
    // permit step is its three phases left, one after another, each applied for the day the one before ends.
    expect(first.forecast?.currentStep).toBeNull()
    const permitForecast = first.forecast?.steps.find((x) => x.step === 'construction-permit')
    const onePhase = Math.max(...(permitForecast?.work ?? []).map((w) => w.expected))
    expect(onePhase).toBeGreaterThan(0)
    expect(permitForecast?.expectedDays).toBe(3 * onePhase)
    // The project page reads its flow from the tables, the status from project_status: both say the phase.
    const page = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}`, world.token('clerk')), 200)
    expect(page.flow.find((x: { step: string }) => x.step === 'construction-permit')).toMatchObject({
      state: 'in-progress',
      phase: { number: 1, count: 4, approved: 1 },
    })
    const withPermit = await statusWhen(world, projectId, (s) => constructionPermits(s).length > 0)
    expect(constructionPermits(withPermit).map((c) => c.phase?.name)).toEqual(['基坑围护'])

    // Only phase 1 of 4: joint acceptance waits for the last, and says so.
    let refused: { status: number; body: Record<string, unknown> } | undefined
    await until(async () => {
      refused = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken(), {})
      return refused.body['code'] === 'ACCEPTANCE_PERMIT_PHASES_OUTSTANDING'
    })
    expect(refused?.status).toBe(409)
    expect(refused?.body).toMatchObject({ phaseNumber: 1, phaseCount: 4, phaseName: '基坑围护' })

    await approve(projectId, 'construction-permit', 'below-base-slab')
    const third = await approve(projectId, 'construction-permit', 'above-base-slab')
    expect(permitStep(third)).toMatchObject({ state: 'in-progress', phase: { number: 3, approved: 3 } })
    const last = await approve(projectId, 'construction-permit', 'finishing-and-external')
    expect(permitStep(last)).toMatchObject({ state: 'approved', phase: { number: 4, count: 4, approved: 4 } })
    expect(last.currentStep).toBe('joint-acceptance')
    const permits = await statusWhen(world, projectId, (s) => constructionPermits(s).length === 4)
    expect(constructionPermits(permits).map((c) => c.phase?.number)).toEqual([1, 2, 3, 4])

    // The whole step is approved: no phase again, and joint acceptance opens.
    const again = await openApplication(world, projectId, {
      step: 'construction-permit',
      phase: 'foundation-pit',
      form: {},
      materials: [],
    })
    expect(again.body.code).toBe('INTAKE_STEP_ALREADY_APPROVED')
    let opened: { status: number; body: Record<string, unknown> } | undefined
    await until(async () => {
      opened = await completionCalls(world).applyForAcceptance(projectId, owner)
      return opened.status === 201
    })
    expect(opened?.status).toBe(201)
  })
})
