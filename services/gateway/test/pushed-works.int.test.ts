import {
  ProjectRegisteredV1,
  UtilityRequestOpenedV1,
  UtilityRestorationDeclaredV1,
  UtilityWorksPlanPushedV1,
} from '@onewindow/contracts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { owners, projectRegistered, utilityRequest } from './events.js'
import { type GatewayWorld, gatewayWorld, START } from './world.js'

// 告知承诺免审批 (Shanwei 004:1852): the departments a low-risk outside line's plans were pushed to read it, with its
// restoration, and no one else does; another department's reviewer is answered as for an unknown request.

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

const FIVE = [
  { code: 'natural-resources', name: '汕尾市自然资源局' },
  { code: 'public-security', name: '汕尾市公安局' },
  { code: 'transport', name: '汕尾市交通运输局' },
  { code: 'water', name: '汕尾市水务局' },
  { code: 'housing-construction', name: '汕尾市住房城乡建设局' },
]
const worksPlanPush = {
  commitment: '按不低于原貌标准恢复道路和绿化',
  plans: [{ kind: 'works-plan' as const, reference: 'SW-施工-001', description: '沿人民路东侧人行道开挖埋管120米' }],
  departments: FIVE,
  pushedOn: '2026-03-03',
  pushedAt: '2026-03-03T02:00:00Z',
  source: 'seeds/004_33317a5f04b53a73.txt:1852',
}

type Listed = { requestId: string; applicationContact?: unknown; owner?: unknown; restoration?: { status: string } }
type Body = { requests: Listed[]; projects: Array<{ projectId: string; name: string }>; unreadable: unknown[] }

describe("a department's pushed works (告知承诺免审批)", () => {
  it('lists the requests pushed to it, without the owner and the contact; not another department’s; by restoration', async () => {
    const project = projectRegistered({ owner: owners.shanwei })
    await w.publish(ProjectRegisteredV1, project)
    const pushed = utilityRequest(project.projectId, {
      stage: 'construction',
      permits: [{ kind: 'road-excavation', status: 'filed', filedOn: '2026-03-03' }],
      owner: owners.shanwei,
      applicationContact: { name: '李工', phone: '13800000000' },
      worksPlanPush,
      version: 3,
      updatedAt: '2026-03-03T02:00:00Z',
    })
    const unpushed = utilityRequest(project.projectId, { provider: 'gas', lowRisk: false })
    await w.publish(UtilityRequestOpenedV1, { request: unpushed })
    await w.publish(UtilityWorksPlanPushedV1, { request: pushed, actor: 'staff-water' })

    const transport = w.token({ role: 'reviewer', department: 'transport' })
    let body: Body = { requests: [], projects: [], unreadable: [] }
    await expect
      .poll(async () => {
        body = (await w.api('GET', '/api/v1/pushed-works', transport)).body
        return body.requests.map((r) => r.requestId)
      })
      .toEqual([pushed.requestId])
    expect(body.requests[0]).not.toHaveProperty('applicationContact')
    expect(body.requests[0]).not.toHaveProperty('owner')
    expect(body.projects.map((p) => [p.projectId, p.name])).toEqual([[project.projectId, project.name]])
    expect(body.unreadable).toEqual([])

    const stranger = w.token({ role: 'reviewer', department: 'development-reform' })
    expect((await w.api('GET', '/api/v1/pushed-works', stranger)).body.requests).toEqual([])
    for (const other of [
      w.token({ role: 'utility', provider: 'water' }),
      w.token({ role: 'lead', department: 'transport' }),
    ]) {
      const res = await w.api('GET', '/api/v1/pushed-works', other)
      expect([res.status, res.body.code]).toEqual([403, 'GATEWAY_FORBIDDEN'])
    }

    const ids = async (query: string) =>
      ((await w.api('GET', `/api/v1/pushed-works?${query}`, transport)).body as Body).requests.map((r) => r.requestId)
    expect(await ids('restoration=none')).toEqual([pushed.requestId])
    expect(await ids('restoration=declared')).toEqual([])
    const declared = {
      ...pushed,
      stage: 'awaiting-acceptance' as const,
      restoration: { status: 'declared' as const, declaredAt: '2026-03-09T02:00:00Z', reviews: [] },
      version: 5,
      updatedAt: '2026-03-09T02:00:00Z',
    }
    await w.publish(UtilityRestorationDeclaredV1, { request: declared, actor: 'staff-water' })
    await expect.poll(() => ids('restoration=declared')).toEqual([pushed.requestId])
    expect(await ids('restoration=none')).toEqual([])
    expect((await w.api('GET', '/api/v1/pushed-works?restoration=done', transport)).status).toBe(400)
  })

  it('answers another department’s reviewer 修复验收 as for an unknown request, and refuses a provider', async () => {
    const project = projectRegistered({ owner: owners.shanwei })
    await w.publish(ProjectRegisteredV1, project)
    const pushed = utilityRequest(project.projectId, { stage: 'awaiting-acceptance', worksPlanPush, version: 4 })
    await w.publish(UtilityWorksPlanPushedV1, { request: pushed })
    const transport = w.token({ role: 'reviewer', department: 'transport' })
    await expect
      .poll(async () => (await w.api('GET', '/api/v1/pushed-works', transport)).body.requests.length)
      .toBeGreaterThan(0)
    const url = (id: string) => `/api/v1/utility-requests/${id}/restoration-review`
    const stranger = w.token({ role: 'reviewer', department: 'development-reform' })
    const theirs = await w.api('POST', url(pushed.requestId), stranger, { outcome: 'accepted' })
    expect([theirs.status, theirs.body.code]).toEqual([404, 'UTILITY_REQUEST_NOT_FOUND'])
    const provider = await w.api('POST', url(pushed.requestId), w.token({ role: 'utility', provider: 'water' }), {
      outcome: 'accepted',
    })
    expect([provider.status, provider.body.code]).toEqual([403, 'GATEWAY_FORBIDDEN'])
  })
})
