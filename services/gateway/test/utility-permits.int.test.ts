import { ProjectRegisteredV1, UtilityRequestAdvancedV1, UtilityRequestOpenedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { owners, projectRegistered, utilityRequest } from './events.js'
import { type GatewayWorld, gatewayWorld, START } from './world.js'

// The provider's list: each request's outside-line permits as the departments decided them, and its permits clock
// evaluated today, so the page shows the due day, the working days left and the 预警/超时 the service raised.

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

const decided = {
  kind: 'road-excavation' as const,
  status: 'granted' as const,
  department: 'urban-management',
  departmentName: '佛山市城管执法局',
  documentNo: '佛城管许〔2026〕12号',
  decidedOn: '2026-03-03',
}

describe("a provider's list of hookup requests", () => {
  it('carries each permit’s decision as the service recorded it, an old grant with no 文号 as it was, and the permits clock evaluated today', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    const waiting = utilityRequest(project.projectId, {
      provider: 'gas',
      lowRisk: false,
      stage: 'outside-line-permits',
      permits: [
        decided,
        { ...decided, kind: 'green-space', status: 'refused', reason: '绿地为公园用地' },
        // As a release before decisions were recorded granted it.
        { kind: 'road-related', status: 'granted' },
      ],
      permitsClock: { limit: { value: 3, unit: 'W' }, start: '2026-03-03', suspensions: [] },
      permitsClockAlerts: { warnedOn: '2026-03-06' },
      version: 5,
    })
    await w.publish(UtilityRequestAdvancedV1, { request: waiting, actor: 'staff-gas' })
    const gasCo = w.token({ role: 'utility', provider: 'gas' })
    w.clock.set('2026-03-05T02:00:00Z')
    type Listed = { permits: unknown; permitsClockAlerts?: unknown; permitsClockState?: unknown }
    let body: { requests: Listed[]; unreadable: unknown[] } = { requests: [], unreadable: [] }
    await expect
      .poll(async () => {
        body = (await w.api('GET', `/api/v1/utility-requests?project=${project.projectId}`, gasCo)).body
        return body.requests.length
      })
      .toBe(1)
    const [r] = body.requests
    expect(r?.permits).toEqual([
      decided,
      { ...decided, kind: 'green-space', status: 'refused', reason: '绿地为公园用地' },
      { kind: 'road-related', status: 'granted' },
    ])
    expect(r?.permitsClockAlerts).toEqual({ warnedOn: '2026-03-06' })
    // 3 W from Tuesday 3 March (counted from the next working day), read on Thursday 5 March: due Friday, 1 left.
    expect(r?.permitsClockState).toMatchObject({
      start: '2026-03-03',
      evaluatedOn: '2026-03-05',
      due: '2026-03-06',
      remaining: 1,
    })
    expect(body.unreadable).toEqual([])
  })

  it('a request whose region sets the permits no limit has no clock to evaluate; a damaged stored row leaves the others listed', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    const foshan = utilityRequest(project.projectId, { provider: 'telecom', lowRisk: false })
    const other = utilityRequest(project.projectId, { provider: 'telecom' })
    await w.publish(UtilityRequestOpenedV1, { request: foshan }, { request: other })
    const telecom = w.token({ role: 'utility', provider: 'telecom' })
    const list = async () =>
      (await w.api('GET', `/api/v1/utility-requests?project=${project.projectId}`, telecom)).body as {
        requests: Array<{ requestId: string; permitsClockState?: unknown }>
        unreadable: Array<{ id: string }>
      }
    await expect.poll(async () => (await list()).requests.length).toBe(2)
    expect((await list()).requests.find((r) => r.requestId === foshan.requestId)).not.toHaveProperty(
      'permitsClockState',
    )
    await w.db.pool.query(
      `UPDATE utility_request SET snapshot = jsonb_set(snapshot, '{permits}', '[{"kind":"road-excavation","status":"waived"}]') WHERE id = $1`,
      [other.requestId],
    )
    const after = await list()
    expect(after.requests.map((r) => r.requestId)).toEqual([foshan.requestId])
    expect(after.unreadable.map((u) => u.id)).toEqual([other.requestId])
  })
})
