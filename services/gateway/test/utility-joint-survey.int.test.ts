import { UtilityRequestOpenedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { owners } from './events.js'
import { cancelled, confirmed, jointSurvey, proposed, waterAndPower } from './joint-survey.js'
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

describe('联合踏勘 in the read model', () => {
  it("GET /utility-requests answers it on each provider's request; the owner's status carries it on both", async () => {
    const { project, water, power } = await waterAndPower(w)
    await proposed(w, project.projectId, [water, power])
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
    const { project, water } = await waterAndPower(w)
    await proposed(w, project.projectId, [water])
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

  it("a confirmation shows on every provider's request; a cancellation takes it off them and the owner's page, and the timeline says why", async () => {
    const { project, water, power } = await waterAndPower(w)
    const { rows, survey } = await confirmed(
      w,
      project.projectId,
      await proposed(w, project.projectId, [water, power]),
      power,
    )
    const listed = async (provider: 'water' | 'power') =>
      (
        await w.api(
          'GET',
          `/api/v1/utility-requests?project=${project.projectId}`,
          w.token({ role: 'utility', provider }),
        )
      ).body.requests as Array<{ jointSurvey?: { confirmations?: unknown } }>
    // Water, the proposer, sees power's confirmation on its own request.
    await expect.poll(async () => (await listed('water'))[0]?.jointSurvey?.confirmations).toEqual(survey.confirmations)
    await cancelled(w, project.projectId, rows, '现场尚未平整')
    await expect.poll(async () => (await listed('water'))[0]?.jointSurvey).toBeUndefined()
    await expect.poll(async () => (await listed('power'))[0]?.jointSurvey).toBeUndefined()
    const owner = w.token({ role: 'owner', creditCode: owners.foshan.creditCode })
    const status = await w.api('GET', `/api/v1/projects/${project.projectId}/status`, owner)
    expect(status.status).toBe(200)
    const utilities = status.body.utilities as Array<{ provider: string; jointSurvey?: unknown }>
    expect(utilities.map((u) => [u.provider, u.jointSurvey])).toEqual([
      ['power', undefined],
      ['water', undefined],
    ])
    const timeline = status.body.timeline as Array<{ type: string; summary: string }>
    expect(timeline.filter((t) => t.type.startsWith('joint-survey.')).map((t) => [t.type, t.summary])).toEqual(
      expect.arrayContaining([
        ['joint-survey.proposed', 'Utility water: 联合踏勘 on 2026-03-06 9:00-11:00 at 项目东门'],
        ['joint-survey.confirmed', 'Utility power: will attend the 联合踏勘 on 2026-03-06'],
        ['joint-survey.cancelled', 'Utility water: 联合踏勘 on 2026-03-06 cancelled — 现场尚未平整'],
      ]),
    )
  })

  it('its cancellation and confirmation are the own provider’s commands too: forwarded for it, 404 for another', async () => {
    const { project, water, power } = await waterAndPower(w)
    const waterCo = w.token({ role: 'utility', provider: 'water' })
    const powerCo = w.token({ role: 'utility', provider: 'power' })
    for (const token of [waterCo, powerCo]) {
      await expect
        .poll(
          async () =>
            (await w.api('GET', `/api/v1/utility-requests?project=${project.projectId}`, token)).body.requests.length,
        )
        .toBe(1)
    }
    const sent = w.utility.calls.length
    const url = (id: string, what: string) => `/api/v1/utility-requests/${id}/joint-survey/${what}`
    const notOurs = await w.api('POST', url(water.requestId, 'cancellation'), powerCo, { reason: '现场未平整' })
    expect([notOurs.status, notOurs.body.code]).toEqual([404, 'UTILITY_REQUEST_NOT_FOUND'])
    const notOursEither = await w.api('POST', url(power.requestId, 'confirmation'), waterCo, {
      proposedAt: jointSurvey.proposedAt,
    })
    expect(notOursEither.status).toBe(404)
    expect(
      (await w.api('POST', url(power.requestId, 'confirmation'), powerCo, { proposedAt: '2026-03-04' })).status,
    ).toBe(400)
    expect(
      (await w.api('POST', url(water.requestId, 'cancellation'), waterCo, { reason: 'x'.repeat(501) })).status,
    ).toBe(400)
    expect(w.utility.calls.length).toBe(sent)
    await w.api('POST', url(power.requestId, 'confirmation'), powerCo, { proposedAt: jointSurvey.proposedAt })
    expect(w.utility.calls.at(-1)).toMatchObject({
      method: 'POST',
      url: `/utility-requests/${power.requestId}/joint-survey/confirmation`,
      body: { proposedAt: jointSurvey.proposedAt },
    })
    await w.api('POST', url(water.requestId, 'cancellation'), waterCo, { reason: '现场未平整' })
    expect(w.utility.calls.at(-1)).toMatchObject({
      method: 'POST',
      url: `/utility-requests/${water.requestId}/joint-survey/cancellation`,
      body: { reason: '现场未平整' },
    })
  })

  it("POST /utility-requests/:id/joint-survey is the request's own provider's: forwarded for it, 404 for another provider", async () => {
    const { project, water } = await waterAndPower(w)
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
