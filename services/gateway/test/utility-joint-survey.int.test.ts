import { ProjectRegisteredV1, UtilityJointSurveyProposedV1, UtilityRequestOpenedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { owners, projectRegistered, utilityRequest } from './events.js'
import { type GatewayWorld, gatewayWorld, START } from './world.js'

// 联合踏勘: the one joint site survey a provider proposed for a project reaches the read model on every request of the
// project at survey, so each provider's list and the owner's status carry it; proposing it is the provider's own
// command, through its own request.

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

const jointSurvey = {
  day: '2026-03-06',
  time: '9:00-11:00',
  place: '项目东门',
  contact: '王工 13800000000',
  proposedBy: 'water' as const,
  proposedAt: '2026-03-04T02:00:00.000Z',
}

async function waterAndPower() {
  const project = projectRegistered({ owner: owners.foshan })
  await w.publish(ProjectRegisteredV1, project)
  const water = utilityRequest(project.projectId, { provider: 'water' })
  const power = utilityRequest(project.projectId, { provider: 'power', line: { lengthM: 80, voltageKv: 10 } })
  await w.publish(UtilityRequestOpenedV1, { request: water }, { request: power })
  return { project, water, power }
}

describe('联合踏勘 in the read model', () => {
  it("GET /utility-requests answers it on each provider's request; the owner's status carries it on both", async () => {
    const { project, water, power } = await waterAndPower()
    const after = { version: 2, updatedAt: jointSurvey.proposedAt, jointSurvey }
    await w.publish(UtilityJointSurveyProposedV1, {
      projectId: project.projectId,
      jointSurvey,
      requests: [
        { ...water, ...after },
        { ...power, ...after },
      ],
      actor: 'staff-water',
    })
    for (const provider of ['water', 'power'] as const) {
      const token = w.token({ role: 'utility', provider })
      let listed: Array<{ provider: string; jointSurvey?: unknown }> = []
      await expect
        .poll(async () => {
          listed = (await w.api('GET', `/api/v1/utility-requests?project=${project.projectId}`, token)).body.requests
          return listed.map((r) => r.jointSurvey)
        })
        .toEqual([jointSurvey])
      expect(listed.map((r) => r.provider)).toEqual([provider])
    }
    const owner = w.token({ role: 'owner', creditCode: owners.foshan.creditCode })
    const status = await w.api('GET', `/api/v1/projects/${project.projectId}/status`, owner)
    expect(status.status).toBe(200)
    const utilities = status.body.utilities as Array<{ provider: string; jointSurvey?: unknown }>
    expect(utilities.map((u) => [u.provider, u.jointSurvey])).toEqual([
      ['power', jointSurvey],
      ['water', jointSurvey],
    ])
    expect(JSON.stringify(status.body.timeline)).toContain('联合踏勘 on 2026-03-06 9:00-11:00 at 项目东门')
  })

  it('an older snapshot of a request, published late, does not take the appointment away', async () => {
    const { project, water } = await waterAndPower()
    await w.publish(UtilityJointSurveyProposedV1, {
      projectId: project.projectId,
      jointSurvey,
      requests: [{ ...water, version: 2, updatedAt: jointSurvey.proposedAt, jointSurvey }],
    })
    await w.publish(UtilityRequestOpenedV1, { request: water })
    const token = w.token({ role: 'utility', provider: 'water' })
    await expect
      .poll(
        async () =>
          (await w.api('GET', `/api/v1/utility-requests?project=${project.projectId}`, token)).body.requests[0]
            ?.jointSurvey,
      )
      .toEqual(jointSurvey)
  })

  it("POST /utility-requests/:id/joint-survey is the request's own provider's: forwarded for it, 404 for another provider", async () => {
    const { project, water } = await waterAndPower()
    const waterCo = w.token({ role: 'utility', provider: 'water' })
    await expect
      .poll(
        async () =>
          (await w.api('GET', `/api/v1/utility-requests?project=${project.projectId}`, waterCo)).body.requests.length,
      )
      .toBe(1)
    const body = { day: '2026-03-06', time: '9:00-11:00', place: '项目东门', contact: '王工 13800000000' }
    const sent = w.utility.calls.length
    const refused = await w.api(
      'POST',
      `/api/v1/utility-requests/${water.requestId}/joint-survey`,
      w.token({ role: 'utility', provider: 'power' }),
      body,
    )
    expect([refused.status, refused.body.code]).toEqual([404, 'UTILITY_REQUEST_NOT_FOUND'])
    expect(w.utility.calls.length).toBe(sent)
    const bad = await w.api('POST', `/api/v1/utility-requests/${water.requestId}/joint-survey`, waterCo, {
      ...body,
      day: '2026-02-30',
    })
    expect(bad.status).toBe(400)
    expect(w.utility.calls.length).toBe(sent)
    const ok = await w.api('POST', `/api/v1/utility-requests/${water.requestId}/joint-survey`, waterCo, body)
    expect(ok.status).toBe(200)
    const call = w.utility.calls.at(-1)
    expect(call).toMatchObject({ method: 'POST', url: `/utility-requests/${water.requestId}/joint-survey` })
  })
})
