import { ApplicationAcceptedV1, ApplicationReceivedV1, CertificateReleasedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { actors, type IntakeWorld, intakeWorld, landPlanningMaterials, owners, START, uniqueCode } from './world.js'

// 分阶段办理施工许可 in Qinzhou (450700): the construction permit in the four phases of seeds/000_5ff03a50698aa736.txt:166.
let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

const qinzhouProject = () => ({
  name: '钦州市分阶段施工许可示例项目',
  owner: owners.shanwei,
  projectCode: uniqueCode('450700'),
  projectType: 'general',
  region: '450700',
  siteAreaM2: 12000,
  floorAreaM2: 36000,
  heightM: 60,
  investmentFen: 20_000_000_000,
  location: '钦州市钦南区',
})

const materialsOf: Record<string, Array<{ code: string; documentRef: string }>> = {
  'land-planning': landPlanningMaterials,
  'engineering-permit': [{ code: 'design-scheme', documentRef: 'doc://design-scheme.pdf' }],
  'construction-permit': [
    { code: 'construction-contract', documentRef: 'doc://construction-contract.pdf' },
    { code: 'construction-drawings', documentRef: 'doc://construction-drawings.zip' },
  ],
}

const open = (projectId: string, step: string, phase?: string) =>
  w.call('POST', `/projects/${projectId}/applications`, actors.clerk, {
    step,
    ...(phase === undefined ? {} : { phase }),
    form: {},
    materials: materialsOf[step] ?? [],
  })

/** Opens the step (or its phase) and has "approval" approve it, waiting until intake recorded the approval. */
const approve = (projectId: string, step: string, phase?: string) =>
  w.approveApplication(projectId, {
    step,
    ...(phase === undefined ? {} : { phase }),
    form: {},
    materials: materialsOf[step] ?? [],
  })

async function registered(): Promise<string> {
  const res = await w.call('POST', '/projects', actors.clerk, qinzhouProject())
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.project.projectId
}

async function atConstructionPermit(): Promise<string> {
  const projectId = await registered()
  await approve(projectId, 'land-planning')
  await approve(projectId, 'engineering-permit')
  return projectId
}

describe('分阶段办理施工许可 (Qinzhou)', () => {
  it('registers the step with its phases, and refuses an unknown phase or a phase of a step without phases', async () => {
    const projectId = await registered()
    const project = await w.call('GET', `/projects/${projectId}`, actors.clerk)
    const permit = project.body.project.flow.find((s: { step: string }) => s.step === 'construction-permit')
    expect(permit.phases.map((p: { name: string }) => p.name)).toEqual([
      '基坑围护',
      '主体工程底板以下',
      '主体工程底板以上',
      '装饰装修及室外附属工程',
    ])
    const before = await w.outboxRows()
    const plain = await open(projectId, 'land-planning', 'foundation-pit')
    expect(plain.status).toBe(422)
    expect(plain.body).toMatchObject({
      code: 'INTAKE_PHASE_UNKNOWN',
      errors: [{ field: '/body/phase', code: 'INTAKE_PHASE_UNKNOWN' }],
    })
    // A refusal writes nothing.
    expect(await w.outboxRows()).toBe(before)
    await approve(projectId, 'land-planning')
    await approve(projectId, 'engineering-permit')
    const unknown = await open(projectId, 'construction-permit', 'roof')
    expect(unknown.status).toBe(422)
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ field: '/body/phase', code: 'INTAKE_PHASE_UNKNOWN' }),
    ])
    expect(unknown.body.detail).toMatch(
      /known: foundation-pit, below-base-slab, above-base-slab, finishing-and-external/,
    )
    const tooLong = await open(projectId, 'construction-permit', 'x'.repeat(101))
    expect(tooLong.status).toBe(400)
    expect(JSON.stringify(tooLong.body)).toContain('/body/phase')
  })

  it('takes the phases one after another; the step is approved, and not applied for again, after the last', async () => {
    const projectId = await atConstructionPermit()
    const early = await open(projectId, 'construction-permit', 'below-base-slab')
    expect(early.status).toBe(409)
    expect(early.body).toMatchObject({
      code: 'INTAKE_PHASE_OUT_OF_ORDER',
      step: 'construction-permit',
      waitingForPhase: 'foundation-pit',
      waitingForPhaseName: '基坑围护',
    })

    const first = await approve(projectId, 'construction-permit', 'foundation-pit')
    const view = await w.call('GET', `/applications/${first}`)
    expect(view.body.application.phase).toEqual({ code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 })
    const accepted = (await w.published(ApplicationAcceptedV1)).find((e) => e.applicationId === first)
    expect(accepted?.phase).toEqual({ code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 })
    await vi.waitFor(async () => {
      const released = (await w.published(CertificateReleasedV1)).find((e) => e.applicationId === first)
      expect(released?.phase).toMatchObject({ code: 'foundation-pit', number: 1, count: 4 })
    })

    // Under way in phases: the whole step at once is no longer taken, and an approved phase not again.
    const whole = await open(projectId, 'construction-permit')
    expect(whole.status).toBe(409)
    expect(whole.body).toMatchObject({ code: 'INTAKE_PHASE_REQUIRED', nextPhase: 'below-base-slab' })
    const again = await open(projectId, 'construction-permit', 'foundation-pit')
    expect(again.body.code).toBe('INTAKE_PHASE_ALREADY_APPROVED')

    await approve(projectId, 'construction-permit', 'below-base-slab')
    await approve(projectId, 'construction-permit', 'above-base-slab')
    const last = await approve(projectId, 'construction-permit', 'finishing-and-external')
    expect((await w.call('GET', `/applications/${last}`)).body.application.phase).toMatchObject({
      number: 4,
      count: 4,
    })
    const done = await open(projectId, 'construction-permit', 'foundation-pit')
    expect(done.status).toBe(409)
    expect(done.body.code).toBe('INTAKE_STEP_ALREADY_APPROVED')
  })

  it('names the phase on the receipt (接件) already, as its acceptance then names it', async () => {
    const projectId = await atConstructionPermit()
    const res = await w.call('POST', `/projects/${projectId}/applications`, actors.clerk, {
      step: 'construction-permit',
      phase: 'foundation-pit',
      form: {},
      materials: materialsOf['construction-permit'],
      acceptance: 'later',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = res.body.application.applicationId
    const phase = { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 }
    const receivedOf = async () => (await w.published(ApplicationReceivedV1)).find((e) => e.applicationId === id)
    await expect.poll(receivedOf).toBeDefined()
    expect((await receivedOf())?.phase).toEqual(phase)
    expect((await w.published(ApplicationAcceptedV1)).find((e) => e.applicationId === id)).toBeUndefined()
    const accepted = await w.call('POST', `/applications/${id}/accept`, actors.clerk, {})
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200)
    await vi.waitFor(async () => {
      expect((await w.published(ApplicationAcceptedV1)).find((e) => e.applicationId === id)?.phase).toEqual(phase)
    })
  })

  it('takes the whole step at once when no phase is named', async () => {
    const projectId = await atConstructionPermit()
    const whole = await approve(projectId, 'construction-permit')
    expect((await w.call('GET', `/applications/${whole}`)).body.application.phase).toBeUndefined()
    const accepted = (await w.published(ApplicationAcceptedV1)).find((e) => e.applicationId === whole)
    expect(accepted).toBeDefined()
    expect(accepted?.phase).toBeUndefined()
    const phase = await open(projectId, 'construction-permit', 'foundation-pit')
    expect(phase.body.code).toBe('INTAKE_STEP_ALREADY_APPROVED')
  })
})
