import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  approveFirstStep,
  expectStatus,
  inbox,
  industrialPermitMaterials,
  industrialProject,
  lowRiskFactory,
  one,
  openApplication,
  owners,
  registerProject,
  sixItemMaterials,
  statusWhen,
  taskOf,
  until,
} from '../src/flows.js'
import { type Role, startWorld, type World } from '../src/world.js'

let world: World
let projectId: string
let applicationId: string
let task: { taskId: string; department: string }

beforeAll(async () => {
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: '2026-03-02T01:00:00Z',
    // The notification routes are forwarded to the notifier: the matrix below covers them too.
    notification: true,
  })
  projectId = await registerProject(world, lowRiskFactory(owners.a))
  await approveFirstStep(world, projectId)
  applicationId = expectStatus(
    await openApplication(world, projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials }),
    201,
  ).application.applicationId
  task = await taskOf(world, 'housing-construction', applicationId)
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

describe('authorisation per row, on every route', () => {
  it('refuses a request without a valid token', async () => {
    expect((await world.api('GET', `/api/v1/projects/${projectId}`)).status).toBe(401)
    const forged = await world.api('GET', `/api/v1/projects/${projectId}`, `${world.token('clerk')}x`)
    expect(forged.status).toBe(401)
    expect(forged.headers['content-type']).toMatch(/application\/problem\+json/)
  })

  it('lets the owner, a clerk and a reviewer of a department concerned see the project', async () => {
    const own = world.token('owner', { creditCode: owners.a.creditCode })
    expect((await world.api('GET', `/api/v1/projects/${projectId}`, own)).status).toBe(200)
    expect((await world.api('GET', `/api/v1/projects/${projectId}/status`, own)).status).toBe(200)
    expect((await world.api('GET', `/api/v1/projects/${projectId}`, world.token('clerk'))).status).toBe(200)
  })

  it('refuses another owner on every route, without telling it the project exists', async () => {
    const other = world.token('owner', { creditCode: owners.c.creditCode })
    expect((await world.api('GET', `/api/v1/projects/${projectId}`, other)).status).toBe(404)
    expect((await world.api('GET', `/api/v1/projects/${projectId}/status`, other)).status).toBe(404)
    const cure = await world.api('POST', `/api/v1/applications/${applicationId}/materials`, other, {
      materials: [{ code: 'construction-contract', documentRef: 'doc://x' }],
    })
    expect(cure.status).toBe(404)
    expect((await world.api('POST', '/api/v1/projects', other, lowRiskFactory(owners.c))).status).toBe(403)
    const asOwner = await world.api('POST', `/api/v1/projects/${projectId}/applications`, other, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials,
    })
    expect(asOwner.status).toBe(403)
    expect((await world.api('GET', '/api/v1/tasks', other)).status).toBe(403)
    expect((await world.api('POST', `/api/v1/tasks/${task.taskId}/actions`, other, { action: 'claim' })).status).toBe(
      403,
    )
    expect((await world.api('GET', '/api/v1/supervision/clocks?level=red', other)).status).toBe(403)
  })

  it('refuses a reviewer of another department on every route', async () => {
    const other = world.token('reviewer', { department: 'public-security' })
    expect((await inbox(world, 'public-security')).some((t) => t.taskId === task.taskId)).toBe(false)
    expect((await world.api('POST', `/api/v1/tasks/${task.taskId}/actions`, other, { action: 'claim' })).status).toBe(
      404,
    )
    expect((await world.api('GET', `/api/v1/projects/${projectId}`, other)).status).toBe(404)
    expect((await world.api('GET', `/api/v1/projects/${projectId}/status`, other)).status).toBe(404)
    expect((await world.api('POST', '/api/v1/projects', other, lowRiskFactory(owners.c))).status).toBe(403)
    const open = await world.api('POST', `/api/v1/projects/${projectId}/applications`, other, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials,
    })
    expect(open.status).toBe(403)
    const cure = await world.api('POST', `/api/v1/applications/${applicationId}/materials`, other, {
      materials: [{ code: 'construction-contract', documentRef: 'doc://x' }],
    })
    expect(cure.status).toBe(403)
    expect((await world.api('GET', '/api/v1/supervision/clocks?level=yellow', other)).status).toBe(403)
    // The task is untouched: its own department still finds it unclaimed.
    const mine = await taskOf(world, 'housing-construction', applicationId)
    expect(mine.status).toBe('assigned')
  })

  it("lets the task's own department act, and a supervisor read everything but act on nothing", async () => {
    const own = world.token('reviewer', { department: 'housing-construction' })
    expectStatus(await world.api('POST', `/api/v1/tasks/${task.taskId}/actions`, own, { action: 'claim' }), 200)
    const supervisor = world.token('supervisor')
    expect((await world.api('GET', `/api/v1/projects/${projectId}/status`, supervisor)).status).toBe(200)
    expect((await world.api('GET', '/api/v1/supervision/clocks?level=red', supervisor)).status).toBe(200)
    const acting = await world.api('POST', `/api/v1/tasks/${task.taskId}/actions`, supervisor, { action: 'approve' })
    expect(acting.status).toBe(403)
  })
})

// Issue 12: every role × every route of the OpenAPI document × an object of its own and one foreign to it, on a real
// industrial project carried to joint acceptance (tasks, a case, utility requests, a registration case, a signed
// permit). The routes come from GET /docs/json: one the table below does not name fails the test, so a route added
// later must be given its rule here. 0 leaks: a role's own object answers, a foreign one answers exactly like an
// unknown id (404, same bytes), a route outside the role is 403, and a list holds only the caller's own rows.
describe('the role × route × object matrix, from the OpenAPI route list', () => {
  type Claims = { department?: string; creditCode?: string; provider?: string }
  /** `all`: any object; `own`: its own objects, a foreign one is 404 (a list: only its own rows); `no`: 403. */
  type Cell = 'all' | 'own' | 'no'
  type Answer = { status: number; type: string | undefined; body: string }
  type Rule = {
    /** The route's path with the object's id (or none) filled in. */
    url: (id: string) => string
    body?: () => object
    /** The object of the matrix's project the route acts on; undefined for a route without one. */
    object?: () => string
    who: Partial<Record<Role, Cell>>
    /** A list's rows that are not the caller's own (`claims`): must be none. */
    leaks?: (body: unknown, claims: Claims) => string[]
    /** What "it answered" means when 2xx is not it (a replay of an unknown dead letter is the service's 404). */
    ok?: (res: Answer) => boolean
    /** Server-sent events: read on a real socket up to `ready` (the replay sent), not through inject. */
    stream?: true
  }

  const roles: Role[] = ['clerk', 'reviewer', 'lead', 'utility', 'registrar', 'owner', 'supervisor', 'admin']
  const m = {
    projectId: '',
    applicationId: '',
    taskId: '',
    caseId: '',
    caseItem: '',
    caseDepartments: [] as string[],
    requestId: '',
    registrationId: '',
    certificateId: '',
    certificate: undefined as unknown,
    qrDigest: '',
    department: '',
    provider: 'water',
  }
  // The scoped roles' own claims (their own objects are the matrix's) and a stranger's (the same objects are foreign).
  const own = (role: Role): Claims =>
    role === 'reviewer' || role === 'lead'
      ? { department: m.department }
      : role === 'utility'
        ? { provider: m.provider }
        : role === 'owner'
          ? { creditCode: owners.a.creditCode }
          : {}
  const STRANGER_DEPARTMENT = 'market-regulation'
  const foreign = (role: Role): Claims | undefined =>
    role === 'reviewer' || role === 'lead'
      ? { department: STRANGER_DEPARTMENT }
      : role === 'utility'
        ? { provider: 'drainage' }
        : role === 'owner'
          ? { creditCode: owners.c.creditCode }
          : undefined
  const doc = (code: string) => ({ code, documentRef: `doc://${code}.pdf` })

  const rowsOf = (body: unknown, key: string) =>
    ((body as Record<string, unknown> | undefined)?.[key] ?? []) as Array<Record<string, unknown>>
  const outside = (rows: Array<Record<string, unknown>>, field: string, value: unknown, id: string) =>
    rows.filter((r) => r[field] !== value).map((r) => `${String(r[id])} (${field} ${String(r[field])})`)

  const table: Record<string, Rule> = {
    'POST /api/v1/projects': {
      url: () => '/api/v1/projects',
      body: () => lowRiskFactory(owners.b),
      who: { clerk: 'all', admin: 'all' },
    },
    // A list: an owner's holds only its own projects (a stranger owner's holds none of the matrix's).
    'GET /api/v1/projects': {
      url: () => '/api/v1/projects?limit=200',
      who: { owner: 'own', clerk: 'all', admin: 'all', supervisor: 'all' },
      leaks: (body, claims) =>
        // A clerk, supervisor or admin lists every project; an owner (a credit code) its own alone.
        claims.creditCode === undefined
          ? []
          : rowsOf(body, 'projects')
              .filter((p) => (p['owner'] as { creditCode?: string } | undefined)?.creditCode !== claims.creditCode)
              .map((p) => String(p['projectId'])),
    },
    'GET /api/v1/projects/{id}': {
      url: (id) => `/api/v1/projects/${id}`,
      object: () => m.projectId,
      who: { clerk: 'all', admin: 'all', supervisor: 'all', owner: 'own', reviewer: 'own' },
    },
    'GET /api/v1/projects/{id}/status': {
      url: (id) => `/api/v1/projects/${id}/status`,
      object: () => m.projectId,
      who: { clerk: 'all', admin: 'all', supervisor: 'all', owner: 'own', reviewer: 'own' },
    },
    'POST /api/v1/projects/{id}/applications': {
      url: (id) => `/api/v1/projects/${id}/applications`,
      object: () => m.projectId,
      body: () => ({ step: 'permits', form: {}, materials: industrialPermitMaterials.map(doc) }),
      who: { clerk: 'all' },
    },
    'POST /api/v1/applications/{id}/materials': {
      url: (id) => `/api/v1/applications/${id}/materials`,
      object: () => m.applicationId,
      body: () => ({ materials: [doc('construction-contract')] }),
      who: { owner: 'own' },
    },
    // 接件 decided (行政许可法第三十二条): the matrix's application was accepted at once, so intake answers 409
    // INTAKE_RECEIPT_ALREADY_DECIDED to each allowed role — a 409 of the service, not of the gateway.
    'POST /api/v1/applications/{id}/accept': {
      url: (id) => `/api/v1/applications/${id}/accept`,
      object: () => m.applicationId,
      body: () => ({}),
      who: { clerk: 'all' },
    },
    'POST /api/v1/applications/{id}/refuse': {
      url: (id) => `/api/v1/applications/${id}/refuse`,
      object: () => m.applicationId,
      body: () => ({ ground: 'outside-competence', reason: 'matrix' }),
      who: { clerk: 'all' },
    },
    'POST /api/v1/applications/{id}/receipt-notice': {
      url: (id) => `/api/v1/applications/${id}/receipt-notice`,
      object: () => m.applicationId,
      body: () => ({ materials: ['construction-contract'], reason: 'matrix' }),
      who: { clerk: 'all' },
    },
    'POST /api/v1/applications/{id}/withdraw-receipt': {
      url: (id) => `/api/v1/applications/${id}/withdraw-receipt`,
      object: () => m.applicationId,
      body: () => ({ reason: 'matrix' }),
      who: { owner: 'own', clerk: 'all' },
    },
    // 撤回: the matrix's application is decided already, so the allowed roles reach approval and are told 409.
    'POST /api/v1/applications/{id}/withdrawal': {
      url: (id) => `/api/v1/applications/${id}/withdrawal`,
      object: () => m.applicationId,
      body: () => ({ reason: 'matrix: who may withdraw an application' }),
      who: { owner: 'own', clerk: 'all' },
    },
    'GET /api/v1/tasks': {
      url: () => '/api/v1/tasks?limit=200',
      who: { reviewer: 'own' },
      leaks: (body, claims) => outside(rowsOf(body, 'tasks'), 'department', claims.department, 'taskId'),
    },
    'POST /api/v1/tasks/{id}/actions': {
      url: (id) => `/api/v1/tasks/${id}/actions`,
      object: () => m.taskId,
      body: () => ({ action: 'claim' }),
      who: { reviewer: 'own' },
    },
    'POST /api/v1/tasks/{id}/commitment': {
      url: (id) => `/api/v1/tasks/${id}/commitment`,
      object: () => m.taskId,
      body: () => ({ result: 'kept' }),
      // The matrix's task was not approved on commitment: its department is answered by approval (409).
      who: { reviewer: 'own' },
    },
    'GET /api/v1/lead/tasks': {
      url: () => '/api/v1/lead/tasks',
      who: { lead: 'own' },
      leaks: (body, claims) => outside(rowsOf(body, 'tasks'), 'lead', claims.department, 'taskId'),
    },
    'GET /api/v1/lead/alerts': {
      url: () => '/api/v1/lead/alerts',
      who: { lead: 'own' },
    },
    'POST /api/v1/applications/{id}/supplement-notice': {
      url: (id) => `/api/v1/applications/${id}/supplement-notice`,
      object: () => m.applicationId,
      body: () => ({ requests: [{ taskId: m.taskId, materials: ['design-scheme'], reason: '需补正' }] }),
      who: { lead: 'own' },
      // The matrix's Foshan step has no lead department (the seeds name none for Foshan), so even the lead of the
      // matrix's department leads none of it and gets the unknown-application answer; a lead's own notice is in
      // step-lead.e2e.test.ts.
      ok: (res) => res.status === 404 && JSON.parse(res.body).code === 'GATEWAY_APPLICATION_NOT_FOUND',
    },
    'GET /api/v1/supervision/clocks': {
      url: () => '/api/v1/supervision/clocks',
      who: { supervisor: 'all', admin: 'all' },
    },
    'GET /api/v1/supervision/stats': {
      url: () => '/api/v1/supervision/stats?from=2026-01-01&to=2026-12-31',
      who: { supervisor: 'all' },
    },
    'GET /api/v1/supervision/stats/series': {
      url: () => '/api/v1/supervision/stats/series?from=2026-01-01&to=2026-12-31&bucket=month',
      who: { supervisor: 'all' },
    },
    'GET /api/v1/supervision/signals': {
      url: () => '/api/v1/supervision/signals?from=2026-01-01&to=2026-12-31',
      who: { supervisor: 'all' },
    },
    // 延长 of a step: the first allowed role extends (or approval says the step has none), the next is told 409.
    'POST /api/v1/applications/{id}/step-extension': {
      url: (id) => `/api/v1/applications/${id}/step-extension`,
      object: () => m.applicationId,
      body: () => ({ approvedBy: '副市长', reason: 'matrix: who may record a step extension' }),
      who: { supervisor: 'all', admin: 'all' },
    },
    'POST /api/v1/clock/preview': {
      url: () => '/api/v1/clock/preview',
      body: () => ({ start: '2026-03-02', limit: { value: 5, unit: 'W' } }),
      who: Object.fromEntries(roles.map((r) => [r, 'all'])),
    },
    'GET /api/v1/admin/audit': {
      url: () => '/api/v1/admin/audit',
      who: { supervisor: 'all', admin: 'all' },
    },
    'GET /api/v1/admin/dead-letters': {
      url: () => '/api/v1/admin/dead-letters',
      who: { admin: 'all' },
    },
    'GET /api/v1/admin/exports': {
      url: () => '/api/v1/admin/exports',
      who: { admin: 'all' },
    },
    // 数据上报: a batch of what is new (201), or nothing new (200).
    'POST /api/v1/admin/exports': {
      url: () => '/api/v1/admin/exports',
      body: () => ({}),
      who: { admin: 'all' },
    },
    'POST /api/v1/admin/calendars': {
      url: () => '/api/v1/admin/calendars',
      who: { admin: 'all' },
      // An overlay for a region no project here is in: publishing it moves none of the matrix's clocks.
      body: () => ({ region: '110000', name: '北京市示例', source: { title: '示例通知' }, restDays: [] }),
      ok: (res) => res.status === 201,
    },
    'POST /api/v1/admin/dead-letters/{service}/{id}/replay': {
      url: () => `/api/v1/admin/dead-letters/acceptance/${randomUUID()}/replay`,
      who: { admin: 'all' },
      // No letter is dead here: the admin's request reaches acceptance, which does not know the id.
      ok: (res) => res.status === 404 && JSON.parse(res.body).code === 'DEAD_LETTER_NOT_FOUND',
    },
    'POST /api/v1/admin/catalogue/versions': {
      url: () => '/api/v1/admin/catalogue/versions',
      // A document without a region: the admin's request reaches intake, which lists its problems and stores nothing.
      body: () => ({ document: { version: 'authorisation-test' } }),
      who: { admin: 'all' },
      ok: (res) => res.status === 422 && JSON.parse(res.body).code === 'INTAKE_CATALOGUE_INVALID',
    },
    'POST /api/v1/admin/catalogue/versions/{region}/{version}/activate': {
      url: () => '/api/v1/admin/catalogue/versions/441500/2099.404/activate',
      body: () => ({ activeFrom: '2026-12-01' }),
      who: { admin: 'all' },
      ok: (res) => res.status === 404 && JSON.parse(res.body).code === 'INTAKE_CATALOGUE_VERSION_NOT_FOUND',
    },
    'GET /api/v1/admin/catalogue/versions': {
      url: () => '/api/v1/admin/catalogue/versions',
      who: { admin: 'all' },
    },
    'GET /api/v1/catalogue/{region}': {
      url: () => '/api/v1/catalogue/441500',
      who: { clerk: 'all', admin: 'all' },
    },
    'POST /api/v1/projects/{id}/acceptance': {
      url: (id) => `/api/v1/projects/${id}/acceptance`,
      object: () => m.projectId,
      body: () => ({}),
      who: { owner: 'own' },
    },
    'POST /api/v1/acceptance/{id}/inspection': {
      url: (id) => `/api/v1/acceptance/${id}/inspection`,
      object: () => m.caseId,
      body: () => ({ date: '2026-03-20', place: '项目现场', participants: m.caseDepartments }),
      who: { lead: 'own' },
    },
    'POST /api/v1/acceptance/{id}/opinions': {
      url: (id) => `/api/v1/acceptance/${id}/opinions`,
      object: () => m.caseId,
      body: () => ({ item: m.caseItem, opinion: 'rectify', defects: ['消防通道宽度不足'] }),
      who: { reviewer: 'own', lead: 'own' },
    },
    'POST /api/v1/acceptance/{id}/rectifications': {
      url: (id) => `/api/v1/acceptance/${id}/rectifications`,
      object: () => m.caseId,
      body: () => ({ items: [m.caseItem] }),
      who: { owner: 'own' },
    },
    'POST /api/v1/acceptance/{id}/commitments': {
      url: (id) => `/api/v1/acceptance/${id}/commitments`,
      object: () => m.caseId,
      body: () => ({ item: m.caseItem, result: 'kept' }),
      who: { reviewer: 'own', lead: 'own' },
    },
    'GET /api/v1/acceptance': {
      url: () => '/api/v1/acceptance',
      who: { lead: 'own' },
      leaks: (body, claims) => outside(rowsOf(body, 'cases'), 'lead', claims.department, 'caseId'),
    },
    // 消息通知: each party's own; the notifier scopes by the caller. A stranger owner has no message of the matrix's
    // project (a department's list may, when it has a task there too, so only owners are checked for rows).
    'GET /api/v1/notifications': {
      url: () => '/api/v1/notifications?limit=100',
      who: { owner: 'own', reviewer: 'own', lead: 'own' },
      leaks: (body, claims) =>
        claims.creditCode === undefined || claims.creditCode === own('owner').creditCode
          ? []
          : rowsOf(body, 'messages')
              .filter((r) => r['projectId'] === m.projectId)
              .map((r) => String(r['id'])),
    },
    'GET /api/v1/notifications/preferences': {
      url: () => '/api/v1/notifications/preferences',
      who: { owner: 'own', reviewer: 'own', lead: 'own' },
    },
    'PUT /api/v1/notifications/preferences': {
      url: () => '/api/v1/notifications/preferences',
      body: () => ({ channels: ['log'] }),
      who: { owner: 'own', reviewer: 'own', lead: 'own' },
    },
    'GET /api/v1/commitments': {
      url: () => '/api/v1/commitments',
      who: { reviewer: 'own', lead: 'own', supervisor: 'all', admin: 'all' },
      leaks: (body, claims) =>
        claims.department === undefined
          ? []
          : outside(rowsOf(body, 'commitments'), 'department', claims.department, 'item'),
    },
    'GET /api/v1/utility-requests': {
      url: () => '/api/v1/utility-requests',
      who: { utility: 'own' },
      leaks: (body, claims) => outside(rowsOf(body, 'requests'), 'provider', claims.provider, 'requestId'),
    },
    'POST /api/v1/utility-requests/{id}/actions': {
      url: (id) => `/api/v1/utility-requests/${id}/actions`,
      object: () => m.requestId,
      body: () => ({ action: 'survey-done' }),
      who: { utility: 'own' },
    },
    'GET /api/v1/registrations': {
      url: () => '/api/v1/registrations',
      who: { registrar: 'all' },
    },
    'POST /api/v1/registrations/{id}/actions': {
      url: (id) => `/api/v1/registrations/${id}/actions`,
      object: () => m.registrationId,
      body: () => ({ action: 'pass-pre-survey' }),
      who: { registrar: 'all' },
    },
    'GET /api/v1/certificates/{id}': {
      url: (id) => `/api/v1/certificates/${id}`,
      object: () => m.certificateId,
      who: { owner: 'own', clerk: 'all', supervisor: 'all', registrar: 'all' },
    },
    'POST /api/v1/certificates/verify': {
      url: () => '/api/v1/certificates/verify',
      body: () => ({ certificate: m.certificate }),
      who: Object.fromEntries(roles.map((r) => [r, 'all'])),
    },
    // The QR form, the revocation list and the public keys are open to anyone (a token is not even read).
    'GET /api/v1/certificates/verify': {
      url: () => `/api/v1/certificates/verify?id=${m.certificateId}&d=${m.qrDigest}`,
      who: Object.fromEntries(roles.map((r) => [r, 'all'])),
    },
    'GET /api/v1/certificates/revocations': {
      url: () => '/api/v1/certificates/revocations',
      who: Object.fromEntries(roles.map((r) => [r, 'all'])),
    },
    'GET /api/v1/certificates/keys': {
      url: () => '/api/v1/certificates/keys',
      who: Object.fromEntries(roles.map((r) => [r, 'all'])),
    },
    // Live updates, replayed from the start of the window (`lastEventId=0`): a stranger is told nothing of the matrix's
    // project — not its tasks, alerts, cases, requests or certificates — while each role keeps its stream.
    'GET /api/v1/stream': {
      url: () => '/api/v1/stream?lastEventId=0',
      stream: true,
      who: {
        clerk: 'all',
        supervisor: 'all',
        admin: 'all',
        registrar: 'all',
        reviewer: 'own',
        lead: 'own',
        utility: 'own',
        owner: 'own',
      },
      leaks: (body, claims) =>
        Object.values(claims).some((v) => [STRANGER_DEPARTMENT, 'drainage', owners.c.creditCode].includes(v))
          ? changesOf(body as string)
              .filter((c) => c.projectId === m.projectId)
              .map((c) => `${c.kind} of the matrix's project`)
          : [],
    },
    'POST /api/v1/certificates/{id}/revoke': {
      url: (id) => `/api/v1/certificates/${id}/revoke`,
      object: () => m.certificateId,
      body: () => ({ reason: 'matrix: revoked to test who may revoke' }),
      who: { registrar: 'all', admin: 'all' },
      // A certificate is revoked once: the first allowed role revokes it, the next is told it already is (409).
      ok: (res) =>
        res.status === 200 || (res.status === 409 && (res.type ?? '').startsWith('application/problem+json')),
    },
  }

  /** The `data` of each change message of an SSE body (not `ready` or `reset`). */
  const changesOf = (text: string) =>
    text
      .split('\n\n')
      .filter((block) => /^event: (?!ready|reset)/m.test(block))
      .map((block) => JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}') as { projectId: string; kind: string })

  /** A stream read on a real socket until its `ready` line (everything replayed), then closed. */
  async function readStream(url: string, token: string): Promise<Answer> {
    if (!world.gateway.server.listening) await world.gateway.listen({ port: 0, host: '127.0.0.1' })
    const { port } = world.gateway.server.address() as { port: number }
    const ac = new AbortController()
    const res = await fetch(`http://127.0.0.1:${port}${url}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: ac.signal,
    })
    let body = ''
    if (res.status === 200 && res.body) {
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      while (!/^event: ready$/m.test(body)) {
        const { value, done } = await reader.read()
        if (done) break
        body += value
      }
    } else body = await res.text()
    ac.abort()
    return { status: res.status, type: res.headers.get('content-type') ?? undefined, body }
  }

  async function send(
    rule: Rule & { method: 'GET' | 'POST' },
    claims: Claims,
    role: Role,
    id: string,
  ): Promise<Answer> {
    if (rule.stream) return readStream(rule.url(id), world.token(role, claims))
    const body = rule.body?.()
    const res = await world.gateway.inject({
      method: rule.method,
      url: rule.url(id),
      headers: { authorization: `Bearer ${world.token(role, claims)}` },
      ...(body === undefined ? {} : { payload: body }),
    })
    return { status: res.statusCode, type: res.headers['content-type'], body: res.body }
  }

  /** The route answered the caller: 2xx, or a refusal of the owning service (its state or rules), never the gateway's. */
  const answered = (rule: Rule, res: Answer) => {
    if (rule.ok) return rule.ok(res)
    if (res.status < 300) return true
    if (res.status !== 409 && res.status !== 422) return false
    return !String(JSON.parse(res.body).code).startsWith('GATEWAY_')
  }

  beforeAll(async () => {
    const ownerA = world.token('owner', { creditCode: owners.a.creditCode })
    m.projectId = await registerProject(world, industrialProject(owners.a))
    const utilities = [
      { provider: 'water', lengthM: 120, diameterMm: 150 },
      { provider: 'gas', lengthM: 800, diameterMm: 250 },
    ]
    const opened = expectStatus(
      await openApplication(world, m.projectId, {
        step: 'permits',
        form: { utilities },
        materials: industrialPermitMaterials.map(doc),
      }),
      201,
    ).application as { applicationId: string; items: unknown[] }
    m.applicationId = opened.applicationId
    const withTasks = await statusWhen(world, m.projectId, (x) => x.tasks.length === opened.items.length)
    for (const t of withTasks.tasks) {
      expectStatus(await act(world, t, { action: 'claim' }), 200)
      expectStatus(await act(world, t, { action: 'approve' }), 200)
    }
    let accepted = await world.api('POST', `/api/v1/projects/${m.projectId}/acceptance`, ownerA, {})
    await until(async () => {
      if (accepted.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
      accepted = await world.api('POST', `/api/v1/projects/${m.projectId}/acceptance`, ownerA, {})
      return false
    })
    const acceptanceCase = expectStatus(accepted, 201).case as {
      caseId: string
      lead: string
      items: Array<{ item: string; department: string }>
    }
    m.caseId = acceptanceCase.caseId
    m.caseDepartments = [...new Set(acceptanceCase.items.map((i) => i.department))]
    // The department the scoped roles are: the case's lead, with a permit task on the project and an item in the case.
    m.department = acceptanceCase.lead
    m.caseItem = one(acceptanceCase.items, (i) => i.department === m.department, 'an item of the lead').item
    expect(withTasks.tasks.some((t) => t.department === m.department)).toBe(true)
    m.taskId = one(withTasks.tasks, (t) => t.department === m.department, 'a task of the lead').taskId
    for (const d of [STRANGER_DEPARTMENT]) {
      expect(withTasks.tasks.some((t) => t.department === d)).toBe(false)
      expect(acceptanceCase.items.some((i) => i.department === d) || acceptanceCase.lead === d).toBe(false)
    }
    // The joint inspection is scheduled here, so every participant's opinion is one acceptance takes whatever order
    // the routes come in.
    const lead = world.token('lead', { department: m.department })
    expectStatus(
      await world.api('POST', `/api/v1/acceptance/${m.caseId}/inspection`, lead, {
        date: '2026-03-20',
        place: '项目现场',
        participants: m.caseDepartments,
      }),
      200,
    )
    const ready = await statusWhen(
      world,
      m.projectId,
      (x) =>
        x.acceptance.some((c) => c.caseId === m.caseId) &&
        x.utilities.some((u) => u.provider === m.provider) &&
        x.certificates.some((c) => c.kind === 'permit'),
    )
    m.requestId = one(ready.utilities, (u) => u.provider === m.provider, 'the water request').requestId
    m.certificateId = one(ready.certificates, (c) => c.kind === 'permit', 'a permit').certificateId
    const issued = expectStatus(await world.api('GET', `/api/v1/certificates/${m.certificateId}`, ownerA), 200)
    m.certificate = issued.certificate
    m.qrDigest = issued.qr.digest
    await until(async () => {
      const list = (await world.api('GET', '/api/v1/registrations', world.token('registrar'))).body
      m.registrationId =
        list?.registrations?.find((r: { projectId: string }) => r.projectId === m.projectId)?.caseId ?? ''
      return m.registrationId !== ''
    })
  }, 120_000)

  it('has a rule for every route of the OpenAPI document, and none for a route it does not have', async () => {
    const doc = JSON.parse((await world.gateway.inject({ method: 'GET', url: '/docs/json' })).body) as {
      paths: Record<string, Record<string, unknown>>
    }
    const published = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      .sort()
    expect(published.length).toBeGreaterThan(20)
    expect(published.filter((r) => !(r in table))).toEqual([])
    expect(Object.keys(table).filter((r) => !published.includes(r))).toEqual([])
  })

  it('0 leaks: each role on each route answers its own object, 404s a foreign one like an unknown one, 403s a route not its own', async () => {
    const doc = JSON.parse((await world.gateway.inject({ method: 'GET', url: '/docs/json' })).body) as {
      paths: Record<string, Record<string, unknown>>
    }
    const failures: string[] = []
    let cells = 0
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const route = `${method.toUpperCase()} ${path}`
        const listed = table[route]
        if (!listed) continue // the test above names it
        const rule = { ...listed, method: method.toUpperCase() as 'GET' | 'POST' }
        for (const role of roles) {
          const cell = rule.who[role] ?? 'no'
          const mine = own(role)
          const id = rule.object?.() ?? ''
          const fail = (what: string, res: Answer) =>
            failures.push(`${route} as ${role}: ${what}, got ${res.status} ${res.body.slice(0, 160)}`)
          cells += 1
          const res = await send(rule, mine, role, id)
          const json = res.type?.startsWith('application/json') || res.type?.startsWith('application/problem+json')
          const events = rule.stream && res.status === 200 && res.type?.startsWith('text/event-stream')
          if (!json && !events) fail('a JSON answer', res)
          if (cell === 'no') {
            if (res.status !== 403 || JSON.parse(res.body).code !== 'GATEWAY_FORBIDDEN')
              fail('403 GATEWAY_FORBIDDEN', res)
            continue
          }
          if (!answered(rule, res)) fail('an answer for its own object', res)
          const parse = (r: Answer) => (rule.stream ? r.body : JSON.parse(r.body))
          if (rule.leaks) {
            const leaked = res.status === 200 ? rule.leaks(parse(res), mine) : []
            if (leaked.length > 0) fail(`only its own rows (leaked ${leaked.join(', ')})`, res)
          }
          const stranger = foreign(role)
          if (stranger === undefined) continue
          const theirs = await send(rule, stranger, role, id)
          if (cell === 'all') {
            if (!answered(rule, theirs)) fail(`an answer for a stranger ${JSON.stringify(stranger)}`, theirs)
            continue
          }
          if (rule.object) {
            // Foreign: the same answer as for an id that does not exist, once both ids are blanked.
            const unknown = randomUUID()
            const missing = await send(rule, stranger, role, unknown)
            if (theirs.status !== 404) fail(`404 for a foreign object as ${JSON.stringify(stranger)}`, theirs)
            if (theirs.body.replaceAll(id, '<id>') !== missing.body.replaceAll(unknown, '<id>')) {
              fail(`the unknown-id answer ${missing.status} ${missing.body.slice(0, 120)}`, theirs)
            }
          } else if (rule.leaks) {
            if (theirs.status !== 200) fail(`200 for a stranger ${JSON.stringify(stranger)}`, theirs)
            const leaked = rule.leaks(parse(theirs), stranger)
            if (leaked.length > 0) fail(`none of the others' rows (leaked ${leaked.join(', ')})`, theirs)
          }
        }
      }
    }
    expect(failures).toEqual([])
    expect(cells).toBe(Object.keys(table).length * roles.length)
  }, 120_000)

  it('is not vacuous: the own lists hold the matrix objects, the strangers see none of them', async () => {
    const reviewer = world.token('reviewer', own('reviewer'))
    const tasks = expectStatus(await world.api('GET', '/api/v1/tasks?limit=200', reviewer), 200).tasks
    expect(tasks.map((t: { taskId: string }) => t.taskId)).toContain(m.taskId)
    const utility = world.token('utility', own('utility'))
    const requests = expectStatus(await world.api('GET', '/api/v1/utility-requests', utility), 200).requests
    expect(requests.map((r: { requestId: string }) => r.requestId)).toContain(m.requestId)
    const strangerTasks = expectStatus(
      await world.api('GET', '/api/v1/tasks?limit=200', world.token('reviewer', foreign('reviewer'))),
      200,
    ).tasks
    expect(strangerTasks.map((t: { taskId: string }) => t.taskId)).not.toContain(m.taskId)
    // The live stream: the owner's and the department's replay hold the matrix's project, a stranger's none of it.
    const stream = '/api/v1/stream?lastEventId=0'
    const ownerSaw = changesOf((await readStream(stream, world.token('owner', own('owner')))).body)
    expect(ownerSaw.filter((c) => c.projectId === m.projectId).length).toBeGreaterThan(5)
    const reviewerSaw = changesOf((await readStream(stream, reviewer)).body) as Array<{ taskId?: string }>
    expect(reviewerSaw.map((c) => c.taskId)).toContain(m.taskId)
    const strangerSaw = changesOf((await readStream(stream, world.token('owner', foreign('owner')))).body)
    expect(strangerSaw.filter((c) => c.projectId === m.projectId)).toEqual([])
  })
})
