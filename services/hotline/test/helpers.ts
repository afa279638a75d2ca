import type { Actor, TicketView } from '@onewindow/contracts'
import { asCaller, serviceWorld } from '@onewindow/testing'
import type { LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import { createHotline, type HotlineOptions, migrationsDir } from '../src/index.js'

/** The hotline on a fresh schema and test stream, with a test clock; its scanner runs only when the test says. */
export const hotlineWorld = (start: string, extra: Partial<HotlineOptions> = {}) =>
  serviceWorld({
    name: 'hotline',
    migrationsDir,
    start,
    create: (wiring) => createHotline({ ...wiring, scanEveryMs: 3_600_000, ...extra }),
  })
export type World = Awaited<ReturnType<typeof hotlineWorld>>

export const agent: Actor = { sub: 'agent-1', role: 'agent' }
export const OWNER_CODE = '91440600MA4UJ8XX0X'
export const owner: Actor = { sub: 'owner-1', role: 'owner', creditCode: OWNER_CODE }
export const unit = (department: string): Actor => ({ sub: `reviewer-${department}`, role: 'reviewer', department })

/** Calls a route as `actor`, through the signed assertion the gateway would send. */
export async function call(
  w: World,
  actor: Actor,
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
): Promise<LightMyRequestResponse> {
  return w.app.inject({
    method,
    url,
    headers: await asCaller('hotline', actor, w.clock),
    ...(payload ? { payload } : {}),
  })
}

/** A rule-change notice the housing unit files in advance (effective Monday 21 December 2026); its id. */
export async function fileChangeNotice(w: World, title: string): Promise<string> {
  const res = await call(w, unit('housing'), 'POST', '/notices/changes', {
    kind: 'rule-change',
    title,
    content: '施工许可申请材料调整，来电咨询请按新清单解答',
    effectiveOn: '2026-12-21',
    measures: ['update-knowledge'],
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().notice.id as string
}

export async function act(w: World, actor: Actor, ticketId: string, payload: object): Promise<TicketView> {
  const res = await call(w, actor, 'POST', `/tickets/${ticketId}/actions`, payload)
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(payload)} → ${res.statusCode} ${res.body}`)
  return res.json() as TicketView
}

export const aComplaint = (over: object = {}) => ({
  type: 'complaint',
  title: '规划许可超期未办',
  content: '建设工程规划许可证申请已超过承诺时限仍未办结。',
  requester: { name: '张三', idNumber: '440600198001010018', phone: '13800138000' },
  ...over,
})
