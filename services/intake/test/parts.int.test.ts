import { ApplicationAcceptedV1, ApplicationReceivedV1, CertificateReleasedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { actors, type IntakeWorld, intakeWorld, landPlanningMaterials, owners, START, uniqueCode } from './world.js'

// 按照单位工程办理施工许可 (seeds/000_5ff03a50698aa736.txt:125): in Qinzhou (450700), a project whose planning permit
// covers several buildings applies for the construction permit of one building (单位工程) on its own.
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

const materialsOf: Record<string, Array<{ code: string; documentRef: string }>> = {
  'land-planning': landPlanningMaterials,
  'engineering-permit': [{ code: 'design-scheme', documentRef: 'doc://design-scheme.pdf' }],
  'construction-permit': [
    { code: 'construction-contract', documentRef: 'doc://construction-contract.pdf' },
    { code: 'construction-drawings', documentRef: 'doc://construction-drawings.zip' },
  ],
}

const bodyOf = (step: string, extra: { part?: string; phase?: string; acceptance?: 'later' } = {}) => ({
  step,
  ...extra,
  form: {},
  materials: materialsOf[step] ?? [],
})
const open = (projectId: string, step: string, extra: { part?: string; phase?: string } = {}) =>
  w.call('POST', `/projects/${projectId}/applications`, actors.clerk, bodyOf(step, extra))

async function registered(): Promise<string> {
  const res = await w.call('POST', '/projects', actors.clerk, {
    name: '钦州市多单位工程示例项目',
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
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.project.projectId
}

async function atConstructionPermit(): Promise<string> {
  const projectId = await registered()
  await w.approveApplication(projectId, bodyOf('land-planning'))
  await w.approveApplication(projectId, bodyOf('engineering-permit'))
  return projectId
}

describe('按照单位工程办理施工许可 (Qinzhou)', () => {
  it('takes a building only on the construction permit step, never with a phase, and bounds it', async () => {
    const projectId = await registered()
    const before = await w.outboxRows()
    const plain = await open(projectId, 'land-planning', { part: '1号楼' })
    expect(plain.status).toBe(422)
    expect(plain.body).toMatchObject({
      code: 'INTAKE_PART_NOT_ALLOWED',
      step: 'land-planning',
      part: '1号楼',
      errors: [{ field: '/body/part', code: 'INTAKE_PART_NOT_ALLOWED' }],
    })
    // A refusal writes nothing.
    expect(await w.outboxRows()).toBe(before)
    await w.approveApplication(projectId, bodyOf('land-planning'))
    await w.approveApplication(projectId, bodyOf('engineering-permit'))
    const phased = await open(projectId, 'construction-permit', { part: '1号楼', phase: 'foundation-pit' })
    expect(phased.status).toBe(422)
    expect(phased.body).toMatchObject({ code: 'INTAKE_PART_WITH_PHASE', errors: [{ field: '/body/part' }] })
    const tooLong = await open(projectId, 'construction-permit', { part: 'x'.repeat(201) })
    expect(tooLong.status).toBe(400)
    expect(JSON.stringify(tooLong.body)).toContain('/body/part')
    const empty = await open(projectId, 'construction-permit', { part: '' })
    expect(empty.status).toBe(400)
  })

  it("opens one live application per building, two buildings side by side, and the whole project's apart", async () => {
    const projectId = await atConstructionPermit()
    const first = await open(projectId, 'construction-permit', { part: '1号楼' })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body.application.part).toBe('1号楼')
    const id = first.body.application.applicationId
    await vi.waitFor(async () => {
      const accepted = (await w.published(ApplicationAcceptedV1)).find((e) => e.applicationId === id)
      expect(accepted?.part).toBe('1号楼')
      expect(accepted?.phase).toBeUndefined()
    })

    const again = await open(projectId, 'construction-permit', { part: '1号楼' })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'INTAKE_APPLICATION_ALREADY_OPEN', applicationId: id, part: '1号楼' })
    const second = await open(projectId, 'construction-permit', { part: '2号楼' })
    expect(second.status, JSON.stringify(second.body)).toBe(201)
    // The whole project's permit covers every building: not while a building's is open.
    const whole = await open(projectId, 'construction-permit')
    expect(whole.status).toBe(409)
    expect(whole.body.code).toBe('INTAKE_APPLICATION_ALREADY_OPEN')
  })

  it("approves a building's permit on its own: released naming it, not applied for again, the step not approved", async () => {
    const projectId = await atConstructionPermit()
    const one = await w.approveApplication(projectId, bodyOf('construction-permit', { part: '1号楼' }))
    await vi.waitFor(async () => {
      const released = (await w.published(CertificateReleasedV1)).find((e) => e.applicationId === one)
      expect(released?.part).toBe('1号楼')
    })
    const again = await open(projectId, 'construction-permit', { part: '1号楼' })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'INTAKE_PART_ALREADY_APPROVED', part: '1号楼' })
    // One building's permit is not the project's: the whole project's may still be applied for, and once approved it
    // covers every building.
    const whole = await w.approveApplication(projectId, bodyOf('construction-permit'))
    expect((await w.call('GET', `/applications/${whole}`)).body.application.part).toBeUndefined()
    const after = await open(projectId, 'construction-permit', { part: '2号楼' })
    expect(after.status).toBe(409)
    expect(after.body.code).toBe('INTAKE_STEP_ALREADY_APPROVED')
  })

  it('names the building on the receipt (接件) already, as its acceptance then names it', async () => {
    const projectId = await atConstructionPermit()
    const res = await w.call(
      'POST',
      `/projects/${projectId}/applications`,
      actors.clerk,
      bodyOf('construction-permit', { part: '3号楼', acceptance: 'later' }),
    )
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = res.body.application.applicationId
    const receivedOf = async () => (await w.published(ApplicationReceivedV1)).find((e) => e.applicationId === id)
    await expect.poll(receivedOf).toBeDefined()
    expect((await receivedOf())?.part).toBe('3号楼')
    const accepted = await w.call('POST', `/applications/${id}/accept`, actors.clerk, {})
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200)
    await vi.waitFor(async () => {
      expect((await w.published(ApplicationAcceptedV1)).find((e) => e.applicationId === id)?.part).toBe('3号楼')
    })
  })
})
