import { randomUUID } from 'node:crypto'
import { connect } from 'node:net'
import { asCaller } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  applicationIn,
  approveFirstStep,
  expectStatus,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  statusWhen,
  taskOf,
  until,
} from '../src/flows.js'
import { type Role, startWorld, type World } from '../src/world.js'

// Issue 10, the gateway's edges, on the real services: the actor header and unauthenticated routes, foreign rows
// that answer like unknown ones, what each role sees of a project, the server's own limits as problem+json, and
// stored rows that cannot be read.

const START = '2026-03-02T01:00:00Z'
const ARCHIVE = 'urban-construction-archive-acceptance'
const owner = owners.a
const ADMIN = { sub: 'mallory', role: 'admin' } as const
/** What an attacker would send the gateway: a valid internal assertion naming an admin (and the header of before). */
const adminAssertion = async () => ({
  ...(await asCaller('gateway', ADMIN, world.clock)),
  'x-onewindow-actor': JSON.stringify(ADMIN),
})

let world: World
let projectId: string
let applicationId: string
let acceptanceCase: { caseId: string; lead: string; items: Array<{ item: string; department: string }> }

const ownerToken = () => world.token('owner', { creditCode: owner.creditCode })

/** One request to the gateway as bytes: status, content type and the body exactly as sent. */
async function raw(method: 'GET' | 'POST', url: string, bearer?: string, payload?: object) {
  const res = await world.gateway.inject({
    method,
    url,
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
    ...(payload === undefined ? {} : { payload }),
  })
  return { status: res.statusCode, type: res.headers['content-type'], body: res.body }
}

beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
  // A Shanwei six-item bundle: two departments ask for 补正 in one consolidated notice, the owner answers, every
  // department approves; then the owner applies for joint acceptance with the archive item on commitment.
  projectId = await registerProject(world, lowRiskFactory(owner))
  await approveFirstStep(world, projectId)
  applicationId = expectStatus(
    await openApplication(world, projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials }),
    201,
  ).application.applicationId
  const planning = await taskOf(world, 'natural-resources', applicationId)
  const housing = await taskOf(world, 'housing-construction', applicationId)
  for (const t of [planning, housing]) expectStatus(await act(world, t, { action: 'claim' }), 200)
  expectStatus(
    await act(world, planning, { action: 'supplement', materials: ['design-scheme'], reason: '总平面图比例尺不符' }),
    200,
  )
  expectStatus(
    await act(world, housing, { action: 'supplement', materials: ['construction-contract'], reason: '合同未盖章' }),
    200,
  )
  const noticed = await statusWhen(
    world,
    projectId,
    (x) => applicationIn(x, applicationId)?.notices?.[0]?.requests?.length === 2,
  )
  const notice = applicationIn(noticed, applicationId).notices[0]
  expectStatus(
    await world.api('POST', `/api/v1/applications/${applicationId}/materials`, ownerToken(), {
      noticeId: notice?.noticeId,
      materials: [
        { code: 'design-scheme', documentRef: 'doc://design-scheme-v2.pdf' },
        { code: 'construction-contract', documentRef: 'doc://contract-signed.pdf' },
      ],
    }),
    200,
  )
  await statusWhen(world, projectId, (x) => applicationIn(x, applicationId)?.notices?.[0]?.status === 'answered')
  for (const department of sixItemDepartments) {
    const task = await taskOf(world, department, applicationId)
    if (task.status !== 'claimed') expectStatus(await act(world, task, { action: 'claim' }), 200)
    expectStatus(await act(world, task, { action: 'approve' }), 200)
  }
  let opened = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken(), {
    commitments: [ARCHIVE],
  })
  await until(async () => {
    if (opened.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
    opened = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken(), {
      commitments: [ARCHIVE],
    })
    return false
  })
  acceptanceCase = expectStatus(opened, 201).case
  await statusWhen(world, projectId, (x) => x.acceptance.some((c) => c.caseId === acceptanceCase.caseId))
}, 120_000)
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

describe('the gateway trusts only its token', () => {
  // Open without a token, and nothing else: health, the API docs, what a certificate's verifier needs — verification
  // (the certificate, or its QR code's id and digest), the revocation list and the public keys — and the CORS
  // preflight (a browser sends it without credentials; it carries no data and reaches no route).
  // — and the published results of the quality-safety inspections (一公开, 004:1856).
  const publicReads = [
    '/api/v1/certificates/verify',
    '/api/v1/certificates/revocations',
    '/api/v1/certificates/keys',
    '/api/v1/quality-inspections/published',
  ]
  const open = (method: string, url: string) =>
    ['/healthz', '/readyz', '/docs'].includes(url) ||
    url.startsWith('/docs/') ||
    (method === 'POST' && url === '/api/v1/certificates/verify') ||
    (method === 'OPTIONS' && url === '*') ||
    ((method === 'GET' || method === 'HEAD') && publicReads.includes(url))

  it('answers 401 on every registered route outside the allow-list when no token is given', async () => {
    const routes = world.gateway.routeTable
    expect(routes.length).toBeGreaterThan(20)
    const reachable: string[] = []
    for (const { method, url } of routes) {
      if (open(method, url)) continue
      const path = url
        .replaceAll(':service', 'acceptance')
        .replace(/:[A-Za-z]+/g, randomUUID())
        .replace('*', 'x')
      const res = await world.gateway.inject({
        method: method as 'GET',
        url: path,
        headers: { ...(await adminAssertion()), 'content-type': 'application/json' },
        payload: method === 'POST' ? '{}' : undefined,
      })
      if (res.statusCode !== 401) reachable.push(`${method} ${url} → ${res.statusCode}`)
      else expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    }
    expect(reachable).toEqual([])
  })

  it('allows no origin by default: a preflight or a request from a browser page gets no Access-Control-Allow-Origin', async () => {
    const origin = 'https://elsewhere.example'
    const preflight = await world.gateway.inject({
      method: 'OPTIONS',
      url: '/api/v1/projects',
      headers: { origin, 'access-control-request-method': 'POST' },
    })
    expect(preflight.statusCode).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
    expect(preflight.body).toBe('')
    const read = await world.gateway.inject({
      method: 'GET',
      url: `/api/v1/projects/${projectId}`,
      headers: { origin, authorization: `Bearer ${world.token('clerk')}` },
    })
    expect(read.statusCode).toBe(200)
    expect(read.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('has no internal admin route; an internal assertion (or the actor header of before) names nobody, with or without a token', async () => {
    const anonymous = await world.gateway.inject({
      method: 'GET',
      url: '/admin/dead-letters',
      headers: await adminAssertion(),
    })
    expect(anonymous.statusCode).toBe(404)
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/)
    const replay = await world.gateway.inject({
      method: 'POST',
      url: `/admin/dead-letters/${randomUUID()}/replay`,
      headers: await adminAssertion(),
    })
    expect(replay.statusCode).toBe(404)
    const admin = await world.gateway.inject({
      method: 'GET',
      url: '/admin/dead-letters',
      headers: { authorization: `Bearer ${world.token('admin')}` },
    })
    expect(admin.statusCode).toBe(404)
    // Through the API: the assertion alone is 401, a clerk's token with an admin assertion is still a clerk (403).
    const noToken = await world.gateway.inject({
      method: 'GET',
      url: '/api/v1/admin/dead-letters',
      headers: await adminAssertion(),
    })
    expect(noToken.statusCode).toBe(401)
    const clerk = await world.gateway.inject({
      method: 'GET',
      url: '/api/v1/admin/dead-letters',
      headers: { authorization: `Bearer ${world.token('clerk')}`, ...(await adminAssertion()) },
    })
    expect(clerk.statusCode).toBe(403)
    expect((await raw('GET', '/api/v1/admin/dead-letters', world.token('admin'))).status).toBe(200)
  })

  it('does not publish the internal route in OpenAPI', async () => {
    const doc = JSON.parse((await raw('GET', '/docs/json')).body) as { paths: Record<string, unknown> }
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/v1/') && !p.startsWith('/docs'))).toEqual([
      '/healthz',
      '/readyz',
    ])
  })
})

describe('a foreign object answers exactly like an unknown one', () => {
  const unknown = randomUUID()
  /** The two answers with the ids made equal: they must then be the same bytes. */
  async function same(
    method: 'GET' | 'POST',
    path: (id: string) => string,
    foreignId: string,
    bearer: string,
    body?: object,
  ) {
    const foreign = await raw(method, path(foreignId), bearer, body)
    const missing = await raw(method, path(unknown), bearer, body)
    expect(foreign.status).toBe(404)
    expect(foreign.type).toMatch(/^application\/problem\+json/)
    expect({ ...foreign, body: foreign.body.replaceAll(foreignId, '<id>') }).toEqual({
      ...missing,
      body: missing.body.replaceAll(unknown, '<id>'),
    })
  }

  it('on the acceptance routes, whether the gateway or acceptance answers', async () => {
    const { caseId, lead } = acceptanceCase
    const stranger = 'market-regulation'
    expect(acceptanceCase.items.some((i) => i.department === stranger)).toBe(false)
    const otherLead = world.token('lead', { department: stranger })
    const schedule = { date: '2026-03-10', place: '现场', participants: [lead] }
    await same('POST', (id) => `/api/v1/acceptance/${id}/inspection`, caseId, otherLead, schedule)
    const opinion = { item: acceptanceCase.items[0]?.item ?? 'x', opinion: 'pass' }
    await same('POST', (id) => `/api/v1/acceptance/${id}/opinions`, caseId, otherLead, opinion)
    const otherOwner = world.token('owner', { creditCode: owners.c.creditCode })
    const rectified = { items: [acceptanceCase.items[0]?.item ?? 'x'] }
    await same('POST', (id) => `/api/v1/acceptance/${id}/rectifications`, caseId, otherOwner, rectified)
  })

  it("on another department's commitment in a case the caller takes part in; nothing is forwarded", async () => {
    const { caseId } = acceptanceCase
    const participant = acceptanceCase.items.find((i) => i.item !== ARCHIVE)?.department ?? ''
    expect(participant).not.toBe('')
    const reviewer = world.token('reviewer', { department: participant })
    await same('POST', (id) => `/api/v1/acceptance/${id}/commitments`, caseId, reviewer, {
      item: ARCHIVE,
      result: 'kept',
    })
    // The archive item is still unverified: the foreign verification was never carried out.
    const s = await statusWhen(world, projectId, () => true)
    const archive = s.acceptance[0]?.items.find((i) => i.item === ARCHIVE) as { verification?: unknown } | undefined
    expect(archive?.verification).toBeUndefined()
  })

  it('on projects, applications and tasks', async () => {
    const stranger = world.token('owner', { creditCode: owners.c.creditCode })
    await same('GET', (id) => `/api/v1/projects/${id}/status`, projectId, stranger)
    await same('GET', (id) => `/api/v1/projects/${id}`, projectId, stranger)
    await same('POST', (id) => `/api/v1/applications/${id}/materials`, applicationId, stranger, {
      materials: [{ code: 'construction-contract', documentRef: 'doc://x' }],
    })
    const task = await taskOf(world, 'water-supply', applicationId)
    await same(
      'POST',
      (id) => `/api/v1/tasks/${id}/actions`,
      task.taskId,
      world.token('reviewer', { department: 'power-supply' }),
      { action: 'claim' },
    )
  })
})

describe('the clock preview', () => {
  it('answers every signed-in role, as documented', async () => {
    const roles: Array<[Role, object]> = [
      ['clerk', {}],
      ['reviewer', { department: 'natural-resources' }],
      ['lead', { department: 'housing-construction' }],
      ['owner', { creditCode: owner.creditCode }],
      ['supervisor', {}],
      ['admin', {}],
      ['utility', { provider: 'water' }],
      ['registrar', {}],
    ]
    for (const [role, claims] of roles) {
      const res = await world.api('POST', '/api/v1/clock/preview', world.token(role, claims), {
        start: '2026-03-02',
        limit: { value: 5, unit: 'W' },
      })
      expect(res.status, role).toBe(200)
    }
  })
})

describe('what each role sees of the project', () => {
  it("shows a reviewer its own 补正 requests only, in the notice and on the timeline, and no one else's business", async () => {
    const planner = world.token('reviewer', { department: 'natural-resources' })
    const s = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, planner), 200)
    const app = s.applications.find((a: { applicationId: string }) => a.applicationId === applicationId)
    const requests = app.notices.flatMap((n: { requests: Array<{ department: string }> }) => n.requests)
    expect(requests.map((r: { department: string }) => r.department)).toEqual(['natural-resources'])
    expect(app.decision.tasks.map((t: { department: string }) => t.department)).toEqual(['natural-resources'])
    const summaries: string[] = s.timeline.map((e: { summary: string }) => e.summary)
    expect(summaries.some((x) => x.includes('natural-resources asks for design-scheme'))).toBe(true)
    // Housing's request (its department, its material) appears nowhere; that housing leads the acceptance may.
    expect(summaries.filter((x) => /housing-construction asks|construction-contract|合同未盖章/.test(x))).toEqual([])
    expect(JSON.stringify(s)).not.toMatch(/construction-contract|合同未盖章/)
    // Of the bundle, its own task; the first step's (step order) is its department's too.
    const bundleTasks = s.tasks.filter((t: { applicationId: string }) => t.applicationId === applicationId)
    expect(bundleTasks.map((t: { department: string }) => t.department)).toEqual(['natural-resources'])
    expect(s.tasks.every((t: { department: string }) => t.department === 'natural-resources')).toBe(true)
    expect(s.utilities).toEqual([])
    expect(s.registration).toEqual([])
    for (const c of s.acceptance) {
      if (c.lead !== 'natural-resources') {
        for (const i of c.items) expect(i.department).toBe('natural-resources')
      }
    }
  })

  it('shows the owner and a supervisor the whole project', async () => {
    for (const bearer of [ownerToken(), world.token('supervisor')]) {
      const s = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, bearer), 200)
      const app = s.applications.find((a: { applicationId: string }) => a.applicationId === applicationId)
      expect(app.notices[0].requests).toHaveLength(2)
      expect(s.tasks.filter((t: { applicationId: string }) => t.applicationId === applicationId)).toHaveLength(
        sixItemDepartments.length,
      )
      expect(s.acceptance[0].items).toHaveLength(acceptanceCase.items.length)
    }
  })
})

describe("the server's own limits, over real HTTP", () => {
  let port = 0
  const send = (request: string) =>
    new Promise<{ status: number; head: string; body: string }>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1')
      let text = ''
      socket.on('data', (c) => {
        text += c.toString('utf8')
      })
      socket.on('error', (err) => (text ? undefined : reject(err)))
      socket.on('close', () => {
        const [head = '', ...rest] = text.split('\r\n\r\n')
        resolve({ status: Number(head.split(' ')[1]), head, body: rest.join('\r\n\r\n') })
      })
      socket.write(request)
    })

  it('431 for a 100 KB bearer token and 414 for a 5,000-character id, both problem+json', async () => {
    if (!world.gateway.server.listening) await world.gateway.listen({ host: '127.0.0.1', port: 0 })
    port = (world.gateway.server.address() as { port: number }).port
    const big = await send(
      `GET /api/v1/projects/${projectId}/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(100_000)}\r\nConnection: close\r\n\r\n`,
    )
    expect(big.status).toBe(431)
    expect(big.head).toMatch(/content-type: application\/problem\+json/i)
    expect(JSON.parse(big.body)).toMatchObject({ status: 431, code: expect.any(String) })
    const long = await send(
      `GET /api/v1/projects/${'a'.repeat(5_000)}/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${world.token('clerk')}\r\nConnection: close\r\n\r\n`,
    )
    expect(long.status).toBe(414)
    expect(long.head).toMatch(/content-type: application\/problem\+json/i)
    expect(JSON.parse(long.body)).toMatchObject({ status: 414, code: expect.any(String) })
  })
})

describe('a stored row that cannot be read', () => {
  it('is reported and skipped: the status, the supervision clocks and the inbox still answer 200', async () => {
    const db = world.schemas.gateway
    const t = (name: string) => `"${db.schema}".${name}`
    // Planted as a careless service once wrote them: a task reopened with its clock from month 13, and the joint
    // acceptance case with a public-notice period from 30 February.
    const water = await taskOf(world, 'water-supply', applicationId)
    await db.pool.query(
      `UPDATE ${t('task')} SET status = 'claimed',
         snapshot = jsonb_set(jsonb_set(snapshot, '{status}', '"claimed"'), '{clocks,committed,start}', '"2026-13-01"')
       WHERE id = $1`,
      [water.taskId],
    )
    await db.pool.query(
      `UPDATE ${t('acceptance_case')}
          SET snapshot = jsonb_set(snapshot, '{clock,suspensions}',
                '[{"kind":"public-notice","from":"2026-02-30","to":"2026-04-31"}]'::jsonb)
        WHERE id = $1`,
      [acceptanceCase.caseId],
    )

    const supervisor = world.token('supervisor')
    const s = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, supervisor), 200)
    expect(s.unreadable).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'task', id: water.taskId, department: 'water-supply' }),
        expect.objectContaining({ kind: 'acceptance', id: acceptanceCase.caseId }),
      ]),
    )
    expect(s.tasks.some((x: { taskId: string }) => x.taskId === water.taskId)).toBe(false)
    expect(s.tasks.filter((t: { applicationId: string }) => t.applicationId === applicationId)).toHaveLength(
      sixItemDepartments.length - 1,
    )
    expect(s.acceptance).toEqual([])

    const clocks = expectStatus(await world.api('GET', '/api/v1/supervision/clocks', supervisor), 200)
    expect(clocks.unreadable.map((u: { id: string }) => u.id).sort()).toEqual(
      [water.taskId, acceptanceCase.caseId].sort(),
    )
    expect((await world.api('GET', '/api/v1/supervision/clocks?level=red', world.token('admin'))).status).toBe(200)

    const inbox = await world.api('GET', '/api/v1/tasks', world.token('reviewer', { department: 'water-supply' }))
    expect(inbox.status).toBe(200)
    const commitments = await world.api('GET', '/api/v1/commitments', supervisor)
    expect(commitments.status).toBe(200)

    // What a department sees of the bad rows is its own: water sees its task, planning sees none.
    const waterStatus = expectStatus(
      await world.api(
        'GET',
        `/api/v1/projects/${projectId}/status`,
        world.token('reviewer', { department: 'water-supply' }),
      ),
      200,
    )
    expect(waterStatus.unreadable.map((u: { id: string }) => u.id)).toEqual([water.taskId])
    const planning = expectStatus(
      await world.api(
        'GET',
        `/api/v1/projects/${projectId}/status`,
        world.token('reviewer', { department: 'natural-resources' }),
      ),
      200,
    )
    expect(planning.unreadable).toEqual([])

    // A project whose stored flow lost its fields still answers: without a flow, the flow named unreadable.
    await db.pool.query(`UPDATE ${t('project')} SET flow = '[{"step": 7}]'::jsonb WHERE id = $1`, [projectId])
    const page = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}`, supervisor), 200)
    expect(page).toMatchObject({ flow: [], currentStep: null, unreadable: [{ kind: 'project-flow', id: projectId }] })
    const after = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, supervisor), 200)
    expect(after.unreadable.map((u: { kind: string }) => u.kind)).toContain('project-flow')
  })

  it('after all of the above, every status and the supervision clocks still answer 200', async () => {
    for (const bearer of [ownerToken(), world.token('supervisor'), world.token('clerk'), world.token('admin')]) {
      expect((await world.api('GET', `/api/v1/projects/${projectId}/status`, bearer)).status).toBe(200)
      expect((await world.api('GET', `/api/v1/projects/${projectId}`, bearer)).status).toBe(200)
    }
    for (const department of sixItemDepartments) {
      const bearer = world.token('reviewer', { department })
      expect((await world.api('GET', `/api/v1/projects/${projectId}/status`, bearer)).status).toBe(200)
      expect((await world.api('GET', '/api/v1/tasks', bearer)).status).toBe(200)
    }
    expect((await world.api('GET', '/api/v1/supervision/clocks', world.token('supervisor'))).status).toBe(200)
  })
})
