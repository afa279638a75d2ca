import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { owners } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const project = {
  name: '项目',
  owner: owners.shanwei,
  projectCode: '2026-441500-47-01-999998',
  projectType: 'social-simple-low-risk',
  region: '441500',
  siteAreaM2: 1,
  floorAreaM2: 1,
  heightM: 1,
  investmentFen: 1,
  location: 'x',
  facts: {},
}

describe('a service the gateway forwards to is down', () => {
  it("passes a service's own 503 and its retry-after through unchanged", async () => {
    w.intake.answer(
      503,
      { type: 'urn:onewindow:problem:DEPENDENCY_UNAVAILABLE', status: 503, code: 'DEPENDENCY_UNAVAILABLE' },
      'application/problem+json',
      { 'retry-after': '2' },
    )
    const res = await w.api('POST', '/api/v1/projects', w.token({ role: 'clerk' }), project)
    expect(res.status).toBe(503)
    expect(res.headers['retry-after']).toBe('2')
    expect(res.body.code).toBe('DEPENDENCY_UNAVAILABLE')
  })

  it('answers 503 problem+json with retry-after when the service refuses the connection (down or restarting)', async () => {
    await w.intake.close()
    const res = await w.api('POST', '/api/v1/projects', w.token({ role: 'clerk' }), project)
    expect(res.status).toBe(503)
    expect(String(res.headers['content-type'])).toMatch(/application\/problem\+json/)
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
    expect(res.body).toMatchObject({ status: 503, code: 'GATEWAY_UPSTREAM_UNAVAILABLE' })
  })
})
