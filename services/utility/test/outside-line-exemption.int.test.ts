import { type EventBody, UtilityRequestAdvancedV1, UtilityRequestOpenedV1 } from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accept,
  act,
  anAcceptance,
  aProject,
  published,
  type RequestRow,
  registerProject,
  requestsOf,
  SHANWEI,
  utilityWorld,
  type World,
} from './helpers.js'

// Monday 2 March 2026, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'

/** Foshan's 社会投资简易低风险 type and the step whose acceptance opens its hookups (its `utilityHookup.step`). */
const SIMPLE = { projectType: 'social-simple-low-risk', step: 'planning-and-construction-permits' }
const EXEMPTION = {
  projectType: 'social-simple-low-risk',
  projectTypeName: '社会投资简易低风险工程建设项目',
  source: 'seeds/004_33317a5f04b53a73.txt:2159',
}
/** Over every threshold of Foshan's low-risk outside lines (500 m, DN200, 200 m² of green, 004:2139). */
const LONG = { lengthM: 600, diameterMm: 300, greenSpaceM2: 250 }

let w: World
beforeAll(async () => {
  w = await utilityWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const byProvider = (rows: RequestRow[], provider: string): RequestRow => {
  const row = rows.find((r) => r.provider === provider)
  if (!row) throw new Error(`no ${provider} request`)
  return row
}

const openedFor = async (applicationId: string, n: number) => {
  let opened: Array<EventBody<typeof UtilityRequestOpenedV1>> = []
  await expect
    .poll(async () => {
      opened = (await published(w.nc, w.topology, UtilityRequestOpenedV1)).filter(
        (e) => e.request.applicationId === applicationId,
      )
      return opened.length
    })
    .toBe(n)
  return opened
}

describe('非禁免批: the outside lines of a Foshan simple low-risk project (004:2159)', () => {
  it('opens its long water, drainage, power and gas lines as needing no permit, saying why; files them; telecom is left to the thresholds', async () => {
    const project = { ...aProject(), projectType: SIMPLE.projectType }
    await registerProject(w, project)
    const body = anAcceptance(project, {
      step: SIMPLE.step,
      utilities: [
        { provider: 'water', ...LONG },
        { provider: 'drainage', ...LONG },
        { provider: 'power', lengthM: 2000, voltageKv: 10, newChannel: true, newChannelLengthM: 1500 },
        { provider: 'gas', ...LONG },
        { provider: 'telecom', lengthM: 600 },
      ],
    })
    await accept(w, body)
    const rows = await requestsOf(w, body.applicationId, 5)
    const opened = await openedFor(body.applicationId, 5)
    expect(opened.map((e) => [e.request.provider, e.request.lowRisk, e.request.permitsExemption]).sort()).toEqual([
      ['drainage', true, EXEMPTION],
      ['gas', true, EXEMPTION],
      ['power', true, EXEMPTION],
      ['telecom', false, undefined],
      ['water', true, EXEMPTION],
    ])

    // The 600 m water line is filed at its plan and goes straight to construction: no department is asked.
    const water = byProvider(rows, 'water')
    await act(w, water, { action: 'survey-done' })
    const planned = await act(w, water, { action: 'plan-done' })
    expect(planned.status).toBe(200)
    expect(planned.body.request).toMatchObject({
      stage: 'construction',
      lowRisk: true,
      permitsExemption: EXEMPTION,
      permits: [
        { kind: 'road-excavation', status: 'filed', filedOn: '2026-03-02' },
        { kind: 'green-space', status: 'filed', filedOn: '2026-03-02' },
      ],
    })
    expect(planned.body.request.permitsClock).toBeUndefined()
    await expect
      .poll(async () =>
        (await published(w.nc, w.topology, UtilityRequestAdvancedV1))
          .filter((e) => e.request.requestId === water.id)
          .map((e) => [e.request.stage, e.request.permitsExemption?.projectType]),
      )
      .toEqual([
        ['plan', 'social-simple-low-risk'],
        ['construction', 'social-simple-low-risk'],
      ])

    // Telecom is not named by the seed line: over no threshold rule of its own, it is sent for its permits.
    const telecom = byProvider(rows, 'telecom')
    await act(w, telecom, { action: 'survey-done' })
    expect((await act(w, telecom, { action: 'plan-done' })).body.request).toMatchObject({
      stage: 'outside-line-permits',
      permits: [
        { kind: 'road-excavation', status: 'requested' },
        // Foshan's outside-line permits step lists 公安's review of the traffic plan (004:1846).
        { kind: 'traffic-organisation', status: 'requested' },
      ],
    })

    // The request as the provider's list reads it keeps the reason.
    const one = await w.app.inject({
      method: 'GET',
      url: `/utility-requests/${water.id}`,
      headers: await asCaller('utility', undefined, w.clock),
    })
    expect(one.json().request).toMatchObject({ permitsExemption: EXEMPTION })
  })

  it('sends the same long line of another Foshan type, and of a Shanwei project, for its permits', async () => {
    for (const project of [aProject(), aProject(SHANWEI.region)]) {
      await registerProject(w, project)
      const body = anAcceptance(project, { utilities: [{ provider: 'water', ...LONG }] })
      await accept(w, body)
      const [water] = await requestsOf(w, body.applicationId, 1)
      if (!water) throw new Error('not opened')
      const [opened] = await openedFor(body.applicationId, 1)
      expect([project.projectType, opened?.request.lowRisk, opened?.request.permitsExemption]).toEqual([
        project.projectType,
        false,
        undefined,
      ])
      await act(w, water, { action: 'survey-done' })
      expect((await act(w, water, { action: 'plan-done' })).body.request).toMatchObject({
        stage: 'outside-line-permits',
        permits: [
          { kind: 'road-excavation', status: 'requested' },
          { kind: 'green-space', status: 'requested' },
          // Both regions' outside-line permits steps list 公安's review of the traffic plan (004:1846).
          { kind: 'traffic-organisation', status: 'requested', department: 'public-security' },
        ],
      })
    }
  })
})
