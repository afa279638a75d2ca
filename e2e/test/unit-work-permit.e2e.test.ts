import type { ProjectStatus } from '@onewindow/gateway'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  approveQinzhouStep,
  completionCalls,
  openApplication,
  owners,
  qinzhouProject,
  registerProject,
  statusWhen,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// 按照单位工程办理施工许可 in Qinzhou (450700): one 建设工程规划许可 covering several unit works (单位工程), the
// construction permit of one building applied for on its own (seeds/000_5ff03a50698aa736.txt:125), with its own tasks,
// decision and permit; that building's joint acceptance may then open, another building's may not.
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

/** Opens the step (or one building’s permit) at the window, and has every department approve its task. */
const approve = (projectId: string, step: string, part?: string) =>
  approveQinzhouStep(world, projectId, step, part ? { part } : {})

const permitStep = (s: ProjectStatus) => s.flow.find((x) => x.step === 'construction-permit')

describe('按照单位工程办理施工许可 through the gateway (Qinzhou 450700)', () => {
  it("grants building 1's permit on its own: its acceptance opens (201), building 2's waits (409)", async () => {
    const projectId = await registerProject(world, qinzhouProject(owner))
    // Only the construction permit's step takes a building.
    const wrong = await openApplication(world, projectId, {
      step: 'land-planning',
      part: '1号楼',
      form: {},
      materials: [],
    })
    expect(wrong.status).toBe(422)
    expect(wrong.body).toMatchObject({ code: 'INTAKE_PART_NOT_ALLOWED', errors: [{ field: '/body/part' }] })
    await approve(projectId, 'land-planning')
    await approve(projectId, 'engineering-permit')

    const one = await approve(projectId, 'construction-permit', '1号楼')
    const app = one.applications.find((a) => a.step === 'construction-permit')
    expect(app?.part).toBe('1号楼')
    // Its tasks name the building; the step stays in progress (a building's permit is not the project's).
    expect(one.tasks.filter((t) => t.step === 'construction-permit').map((t) => t.part)).toEqual(['1号楼'])
    expect(permitStep(one)).toMatchObject({ state: 'in-progress', parts: [{ part: '1号楼', state: 'approved' }] })
    expect(one.currentStep).toBe('construction-permit')
    // The timeline names the building on the application's, the tasks' and the decision's entries.
    const entries = one.timeline.filter((e) => e.part === '1号楼').map((e) => e.type)
    expect(entries).toEqual(expect.arrayContaining(['application.accepted', 'step.decided']))
    // Its own permit, naming the building.
    const withPermit = await statusWhen(world, projectId, (s) =>
      s.certificates.some((c) => c.item === 'construction-permit'),
    )
    expect(withPermit.certificates.filter((c) => c.item === 'construction-permit').map((c) => c.part)).toEqual([
      '1号楼',
    ])

    // Building 1's joint acceptance opens on its own permit.
    let opened: { status: number; body: Record<string, unknown> } | undefined
    await until(async () => {
      opened = await completionCalls(world).applyForAcceptance(projectId, owner, { part: '1号楼' })
      return opened.status === 201
    })
    expect(opened?.status).toBe(201)
    expect(opened?.body['case']).toMatchObject({ part: '1号楼' })
    // Building 2 has no permit of its own, and the project none as a whole: refused, naming the building.
    const other = await completionCalls(world).applyForAcceptance(projectId, owner, { part: '2号楼' })
    expect(other.status).toBe(409)
    expect(other.body).toMatchObject({ code: 'ACCEPTANCE_PART_PERMIT_NOT_GRANTED', part: '2号楼' })
    // Nor the whole project's, which names the building that has its own.
    const whole = await completionCalls(world).applyForAcceptance(projectId, owner)
    expect(whole.status).toBe(409)
    expect(whole.body).toMatchObject({ code: 'ACCEPTANCE_PERMIT_NOT_GRANTED', grantedParts: ['1号楼'] })
  })
})
