import {
  AcceptanceOpinionRecordedV1,
  AcceptanceStartedV1,
  CertificateIssuedV1,
  ProjectRegisteredV1,
  RegistrationPreSurveyStartedV1,
  UtilityRequestAdvancedV1,
  UtilityRequestOpenedV1,
} from '@onewindow/contracts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  acceptanceCase,
  owners,
  projectRegistered,
  registrationCase,
  signedCertificate,
  utilityRequest,
} from './events.js'
import { type GatewayWorld, gatewayWorld, START } from './world.js'

let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

// biome-ignore lint/suspicious/noExplicitAny: status bodies are read loosely
const statusWhen = async (projectId: string, check: (s: any) => boolean) => {
  // biome-ignore lint/suspicious/noExplicitAny: status bodies are read loosely
  let last: any
  await expect
    .poll(async () => {
      const res = await w.api('GET', `/api/v1/projects/${projectId}/status`, w.token({ role: 'supervisor' }))
      last = res.body
      return res.status === 200 && check(last)
    })
    .toBe(true)
  return last
}

/** A Foshan project with one acceptance case, one water request, a registration case and a certificate, projected. */
async function completedWorld() {
  const project = projectRegistered({ owner: owners.foshan, region: '440600', cap: { value: 12, unit: 'W' } })
  const opened = acceptanceCase(project.projectId)
  const recorded = {
    ...opened,
    status: 'rectifying' as const,
    items: opened.items.map((i) =>
      i.department === 'fire'
        ? { ...i, status: 'rectify' as const, defects: ['疏散指示标志缺失'], round: 1 }
        : { ...i, status: 'passed' as const, round: 1 },
    ),
    version: 2,
    updatedAt: '2026-03-05T02:00:00Z',
  }
  const water = utilityRequest(project.projectId)
  const registration = registrationCase(project.projectId, { acceptanceCaseId: opened.caseId })
  const certificate = signedCertificate(project.projectId, { kind: 'permit', item: 'construction-permit' })
  await w.publish(ProjectRegisteredV1, project)
  // The newer snapshot first: the older must not overwrite it.
  await w.publish(AcceptanceOpinionRecordedV1, { case: recorded, actor: 'reviewer:fire' })
  await w.publish(AcceptanceStartedV1, { case: opened })
  await w.publish(UtilityRequestOpenedV1, { request: water })
  await w.publish(RegistrationPreSurveyStartedV1, { case: registration })
  await w.publish(CertificateIssuedV1, { certificate, issuedAt: '2026-03-03T08:00:00Z' })
  const status = await statusWhen(project.projectId, (s) => s.timeline.length === 6)
  return { project, opened, recorded, water, registration, certificate, status }
}

describe('joint acceptance, utilities, registration and certificates in the read model', () => {
  it('shows the newest snapshots, the certificates, one timeline and the whole-flow clock', async () => {
    const { opened, water, registration, certificate, status } = await completedWorld()
    expect(status.acceptance).toHaveLength(1)
    expect(status.acceptance[0]).toMatchObject({ caseId: opened.caseId, status: 'rectifying', version: 2 })
    expect(status.acceptance[0].items.find((i: { department: string }) => i.department === 'fire')).toMatchObject({
      status: 'rectify',
      defects: ['疏散指示标志缺失'],
    })
    expect(status.acceptance[0].clockState).toMatchObject({ limit: { value: 8, unit: 'W' }, start: '2026-03-04' })
    expect(status.utilities).toEqual([expect.objectContaining({ requestId: water.requestId, stage: 'survey' })])
    expect(status.registration).toEqual([
      expect.objectContaining({ caseId: registration.caseId, status: 'pre-survey' }),
    ])
    expect(status.certificates).toEqual([
      {
        certificateId: certificate.body.certificateId,
        kind: 'permit',
        number: certificate.body.number,
        title: certificate.body.title,
        item: 'construction-permit',
      },
    ])
    expect(status.timeline.map((e: { type: string }) => e.type).sort()).toEqual(
      [
        'project.registered',
        'acceptance.started',
        'acceptance.opinion-recorded',
        'utility.opened',
        'registration.pre-survey-started',
        'certificate.issued',
      ].sort(),
    )
    expect(status.wholeFlow).toMatchObject({ allowed: { value: 12, unit: 'W' }, withinCap: true })
    expect(status.wholeFlow.steps.map((s: { step: string }) => s.step)).toEqual(['six-item-bundle', 'joint-acceptance'])
  })
})

describe('the issue-4 routes', () => {
  it("forwards the lead's inspection with the actor; another department's lead gets 404 and nothing is sent", async () => {
    const { opened } = await completedWorld()
    const body = { date: '2026-03-09', place: '项目现场', participants: ['housing-construction', 'fire'] }
    const url = `/api/v1/acceptance/${opened.caseId}/inspection`
    w.acceptance.answer(200, { case: opened })
    const before = w.acceptance.calls.length
    const other = await w.api('POST', url, w.token({ role: 'lead', department: 'fire' }), body)
    expect(other.status).toBe(404)
    expect(w.acceptance.calls.length).toBe(before)
    const owner = await w.api('POST', url, w.token({ role: 'owner', creditCode: owners.foshan.creditCode }), body)
    expect(owner.status).toBe(403)
    const lead = w.token({ role: 'lead', department: 'housing-construction', sub: 'lead-1' })
    const res = await w.api('POST', url, lead, body)
    expect(res.status).toBe(200)
    expect(w.acceptance.calls.at(-1)).toMatchObject({
      method: 'POST',
      url: `/acceptance/${opened.caseId}/inspection`,
      body,
    })
    expect(JSON.parse(w.acceptance.calls.at(-1)?.actor ?? '{}')).toEqual({
      sub: 'lead-1',
      role: 'lead',
      department: 'housing-construction',
    })
  })

  it('lets a participating reviewer give an opinion and hides the case from a department outside it', async () => {
    const { opened } = await completedWorld()
    const url = `/api/v1/acceptance/${opened.caseId}/opinions`
    w.acceptance.answer(200, { case: opened })
    const body = { item: 'fire-acceptance-filing', opinion: 'pass' }
    expect((await w.api('POST', url, w.token({ role: 'reviewer', department: 'fire' }), body)).status).toBe(200)
    const before = w.acceptance.calls.length
    expect((await w.api('POST', url, w.token({ role: 'reviewer', department: 'water' }), body)).status).toBe(404)
    expect((await w.api('POST', url, w.token({ role: 'clerk' }), body)).status).toBe(403)
    expect(w.acceptance.calls.length).toBe(before)
  })

  it('opens acceptance for the owner of the project only, answering 201 with what acceptance answered', async () => {
    const { project, opened } = await completedWorld()
    const url = `/api/v1/projects/${project.projectId}/acceptance`
    w.acceptance.answer(201, { case: opened })
    const res = await w.api('POST', url, w.token({ role: 'owner', creditCode: owners.foshan.creditCode }), {})
    expect(res.status).toBe(201)
    expect(res.body.case.caseId).toBe(opened.caseId)
    const other = await w.api('POST', url, w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }), {})
    expect(other.status).toBe(404)
    const bad = await w.api('POST', url, w.token({ role: 'owner', creditCode: owners.foshan.creditCode }), {
      parts: 'A',
    })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toMatch(/parts/)
  })

  it("lists a provider's own requests only and forwards its actions; another provider gets 404", async () => {
    const { water } = await completedWorld()
    const power = utilityRequest(water.projectId, { provider: 'power', line: { lengthM: 300, voltageKv: 10 } })
    await w.publish(UtilityRequestOpenedV1, { request: power })
    await w.publish(UtilityRequestAdvancedV1, {
      request: { ...water, stage: 'plan', version: 2, updatedAt: '2026-03-04T02:00:00Z' },
    })
    const waterToken = w.token({ role: 'utility', provider: 'water' })
    await expect
      .poll(async () => {
        const list = await w.api('GET', `/api/v1/utility-requests?project=${water.projectId}`, waterToken)
        return list.body.requests.map((r: { requestId: string; stage: string }) => `${r.requestId}:${r.stage}`)
      })
      .toEqual([`${water.requestId}:plan`])
    w.utility.answer(200, { request: water })
    const url = `/api/v1/utility-requests/${water.requestId}/actions`
    expect((await w.api('POST', url, waterToken, { action: 'survey-done' })).status).toBe(200)
    expect(w.utility.calls.at(-1)).toMatchObject({ url: `/utility-requests/${water.requestId}/actions` })
    const before = w.utility.calls.length
    const powerToken = w.token({ role: 'utility', provider: 'power' })
    expect((await w.api('POST', url, powerToken, { action: 'survey-done' })).status).toBe(404)
    expect((await w.api('GET', '/api/v1/utility-requests', w.token({ role: 'clerk' }))).status).toBe(403)
    expect(w.utility.calls.length).toBe(before)
  })

  it('lists registrations for a registrar and forwards its actions', async () => {
    const { registration } = await completedWorld()
    const registrar = w.token({ role: 'registrar' })
    const list = await w.api('GET', `/api/v1/registrations?project=${registration.projectId}`, registrar)
    expect(list.status).toBe(200)
    expect(list.body.registrations.map((r: { caseId: string }) => r.caseId)).toEqual([registration.caseId])
    w.registration.answer(200, { case: registration })
    const url = `/api/v1/registrations/${registration.caseId}/actions`
    expect((await w.api('POST', url, registrar, { action: 'pass-pre-survey' })).status).toBe(200)
    expect(w.registration.calls.at(-1)).toMatchObject({ body: { action: 'pass-pre-survey' } })
    expect((await w.api('GET', '/api/v1/registrations', w.token({ role: 'supervisor' }))).status).toBe(403)
  })

  it('shows a certificate to its owner, not to another owner; verification forwards with no token and no actor', async () => {
    const { certificate } = await completedWorld()
    const url = `/api/v1/certificates/${certificate.body.certificateId}`
    const mine = await w.api('GET', url, w.token({ role: 'owner', creditCode: owners.foshan.creditCode }))
    expect(mine.status).toBe(200)
    expect(mine.body.certificate).toEqual(certificate)
    expect((await w.api('GET', url, w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }))).status).toBe(
      404,
    )
    expect((await w.api('GET', url, w.token({ role: 'registrar' }))).status).toBe(200)
    expect((await w.api('GET', url, w.token({ role: 'utility', provider: 'water' }))).status).toBe(403)

    w.registration.answer(200, { genuine: true })
    const verified = await w.api('POST', '/api/v1/certificates/verify', undefined, { certificate })
    expect(verified.status).toBe(200)
    expect(verified.body).toEqual({ genuine: true })
    expect(w.registration.calls.at(-1)).toMatchObject({ url: '/certificates/verify', actor: undefined })
    expect(w.registration.calls.at(-1)?.body).toEqual({ certificate })
    const bad = await w.api('POST', '/api/v1/certificates/verify', undefined, { certificate: { body: {} } })
    expect(bad.status).toBe(400)
  })
})
