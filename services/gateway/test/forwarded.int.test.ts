import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Actor } from '@onewindow/contracts'
import {
  createAssertionSigner,
  createService,
  InMemorySpanExporter,
  ProblemError,
  type ServiceApp,
  startTelemetry,
  systemClock,
  type Telemetry,
} from '@onewindow/service-kit'
import { assertedCaller, testAssertionKey } from '@onewindow/testing'
import { Type } from 'typebox'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { forwardedCommand, type Held } from '../src/routes/forwarded.js'
import type { RoutePlugin } from '../src/routes/plugin.js'

// A stand-in for the owning service: records what it was sent (the actor of the gateway's verified assertion) and
// answers with fixed bytes. Telemetry runs, as in main.ts, so the assertion carries the request's trace id.
type Seen = { method: string; url: string; actor: string | undefined; contentType: string | undefined; body: string }
const traces: Array<string | undefined> = []
let telemetry: Telemetry
let upstream: Server
let baseUrl: string
const seen: Seen[] = []
const ANSWER = '{"case":{"caseId":"c-1","status":"scheduled"},  "spacing":"kept"}'

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: 'forwarded-test', exporter: new InMemorySpanExporter() })
  upstream = createServer(async (req: IncomingMessage, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    const caller = await assertedCaller(req.headers['x-onewindow-assertion'], 'acceptance', systemClock)
    traces.push(caller.traceId)
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      actor: JSON.stringify(caller.actor),
      contentType: req.headers['content-type'],
      body,
    })
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(ANSWER)
  })
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve))
  await telemetry?.shutdown()
})

let app: ServiceApp | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
  seen.length = 0
  traces.length = 0
})

const ID = '0190a5a0-0000-7000-8000-000000000001'
const caller: Actor = { sub: 'lead-1', role: 'lead', department: 'fire' }
const Body = Type.Object({ date: Type.String() }, { additionalProperties: false })
const Answer = Type.Object({ case: Type.Object({ caseId: Type.String() }) })

// biome-ignore lint/suspicious/noConfusingVoidType: as forwardedCommand's own authorise, most rules return nothing.
async function gateway(authorise: (id: string, body: { date: string }) => Held | void) {
  app = await createService(
    'forwarded-test',
    { clock: systemClock },
    { logger: false, swagger: { title: 'forwarded-test', version: '1' } },
  )
  app.decorateRequest('actor', null as unknown as Actor)
  app.addHook('onRequest', async (request) => {
    request.actor = caller
  })
  const routes: RoutePlugin = async (api) => {
    forwardedCommand(api, {
      url: '/acceptance/:id/inspection',
      summary: 'Schedules the inspection — lead of the case',
      body: Body,
      response: { 200: Answer },
      to: {
        name: 'acceptance',
        baseUrl,
        signer: await createAssertionSigner({ key: testAssertionKey, clock: systemClock }),
      },
      authorise: (_request, id, body) => authorise(id, body),
    })
  }
  await app.register(routes, { prefix: '/api/v1' } as never)
  await app.ready()
  return app
}

describe('forwardedCommand', () => {
  it('sends the body with the caller to the same path on the service, and answers its bytes unchanged', async () => {
    const calls: Array<[string, { date: string }]> = []
    const gw = await gateway((id, body) => {
      calls.push([id, body])
    })
    const res = await gw.inject({
      method: 'POST',
      url: `/api/v1/acceptance/${ID}/inspection`,
      payload: { date: '2026-12-01' },
    })
    expect(calls).toEqual([[ID, { date: '2026-12-01' }]])
    expect(seen).toEqual([
      {
        method: 'POST',
        url: `/acceptance/${ID}/inspection`,
        actor: JSON.stringify(caller),
        contentType: 'application/json',
        body: '{"date":"2026-12-01"}',
      },
    ])
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.body).toBe(ANSWER)
  })

  it('adds to the body it sends what authorise answers the gateway holds, and the caller could not send', async () => {
    const gw = await gateway(() => ({ with: { project: { region: '441500' } } }))
    await gw.inject({ method: 'POST', url: `/api/v1/acceptance/${ID}/inspection`, payload: { date: '2026-12-01' } })
    expect(seen.map((s) => JSON.parse(s.body))).toEqual([{ date: '2026-12-01', project: { region: '441500' } }])
    const forged = await gw.inject({
      method: 'POST',
      url: `/api/v1/acceptance/${ID}/inspection`,
      payload: { date: '2026-12-01', project: { region: '110000' } },
    })
    expect(forged.statusCode).toBe(400)
    expect(seen).toHaveLength(1)
  })

  it('signs the trace of the request into the assertion', async () => {
    const gw = await gateway(() => {})
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
    await gw.inject({
      method: 'POST',
      url: `/api/v1/acceptance/${ID}/inspection`,
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      payload: { date: '2026-12-01' },
    })
    expect(traces).toEqual([traceId])
  })

  it('sends nothing when authorise refuses, and answers its problem', async () => {
    const gw = await gateway((id) => {
      throw new ProblemError(404, 'ACCEPTANCE_CASE_NOT_FOUND', `No acceptance case ${id}.`, { caseId: id })
    })
    const res = await gw.inject({
      method: 'POST',
      url: `/api/v1/acceptance/${ID}/inspection`,
      payload: { date: '2026-12-01' },
    })
    expect(seen).toEqual([])
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({
      code: 'ACCEPTANCE_CASE_NOT_FOUND',
      detail: `No acceptance case ${ID}.`,
      caseId: ID,
    })
  })

  it('refuses a bad id or body with 400 before authorise runs or anything is sent', async () => {
    let authorised = 0
    const gw = await gateway(() => {
      authorised++
    })
    const badId = await gw.inject({ method: 'POST', url: '/api/v1/acceptance/nope/inspection', payload: { date: 'x' } })
    const badBody = await gw.inject({
      method: 'POST',
      url: `/api/v1/acceptance/${ID}/inspection`,
      payload: { when: 'x' },
    })
    expect([badId.statusCode, badBody.statusCode]).toEqual([400, 400])
    expect(badBody.json().code).toBe('VALIDATION_FAILED')
    expect(authorised).toBe(0)
    expect(seen).toEqual([])
  })

  it('publishes the command in OpenAPI with its summary, the commands tag, the id parameter and its answer', async () => {
    const gw = await gateway(() => {})
    const op = gw.swagger().paths?.['/api/v1/acceptance/{id}/inspection']?.post
    expect(op).toMatchObject({
      summary: 'Schedules the inspection — lead of the case',
      tags: ['commands'],
      parameters: [expect.objectContaining({ name: 'id', in: 'path', required: true })],
    })
    expect(Object.keys(op?.responses ?? {})).toContain('200')
  })
})
