import {
  AcceptanceStartedV1,
  ApplicationAcceptedV1,
  ProjectRegisteredV1,
  SupplementNoticeIssuedV1,
  TaskAssignedV1,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { acceptanceCase, applicationAccepted, notice, owners, projectRegistered, task } from './events.js'
import { projecting } from './projecting.js'
import { type GatewayWorld, gatewayWorld, START } from './world.js'

// One bad stored row never takes down a list or a view other rows share: it is left out and named in `unreadable`,
// and the others answer (domain/rows.ts). Each case below stores good rows as the gateway's consumer projects them,
// spoils one by hand as an older or damaged row might be, and reads the route that once answered 500 for all of them.

let w: GatewayWorld
let project: ReturnType<typeof projecting>['project']
beforeAll(async () => {
  w = await gatewayWorld()
  ;({ project } = projecting(w))
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

const supervisor = () => w.token({ role: 'supervisor' })

type Case = { kind: string; id: string; project: { projectId: string } }
type Clock = { taskId: string }

describe('GET /api/v1/supervision/clocks with a bad stored case', () => {
  // Every running case is on the dashboard: each test's spoilt row goes once read, so each case is seen on its own.
  const spoilt: string[] = []
  afterEach(async () => {
    await w.db.pool.query('DELETE FROM acceptance_case WHERE id = ANY($1::uuid[])', [spoilt.splice(0)])
  })

  /** A project with an open task and two running acceptance cases, all red on 1 April; the second case spoilt. */
  async function dashboard(spoil: string) {
    const registered = projectRegistered({ owner: owners.foshan })
    await project(ProjectRegisteredV1, registered)
    const accepted = applicationAccepted(registered.projectId)
    await project(ApplicationAcceptedV1, accepted)
    const t = task(registered.projectId, accepted.applicationId, { department: `dept-${uuidv7()}` })
    await project(TaskAssignedV1, { task: t })
    const good = acceptanceCase(registered.projectId)
    const bad = acceptanceCase(registered.projectId)
    await project(AcceptanceStartedV1, { case: good })
    await project(AcceptanceStartedV1, { case: bad })
    await w.db.pool.query(`UPDATE acceptance_case SET snapshot = ${spoil} WHERE id = $1`, [bad.caseId])
    spoilt.push(bad.caseId)
    // The committed task clock (4 W from 2 March) and the cases' (8 W from 4 March) are overdue by then.
    w.clock.set('2026-04-01T02:00:00Z')
    const res = await w.api('GET', '/api/v1/supervision/clocks', supervisor())
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const mine = new Set([good.caseId, bad.caseId])
    return {
      good,
      bad,
      task: t,
      body: res.body as { clocks: Clock[]; cases: Case[]; unreadable: unknown[] },
      cases: (res.body.cases as Case[]).filter((c) => mine.has(c.id)),
    }
  }

  for (const [what, spoil, reason] of [
    // Once collected into the projects' `in` list: Prisma's "Can not use undefined value within array".
    ['without its projectId', `snapshot - 'projectId'`, '/project/projectId'],
    // Once collected into the projects' `in` list: not a uuid for the cast.
    ['with a projectId that is no uuid', `jsonb_set(snapshot, '{projectId}', '"project-1"')`, '/project/projectId'],
  ] as const) {
    it(`leaves out and names a case ${what}; the other case and the task clocks answer`, async () => {
      const { good, bad, task: t, body, cases } = await dashboard(spoil)
      expect(cases).toEqual([
        expect.objectContaining({
          kind: 'acceptance',
          id: good.caseId,
          project: expect.objectContaining({ projectId: good.projectId }),
        }),
      ])
      expect(body.clocks.filter((c) => c.taskId === t.taskId)).toHaveLength(2)
      expect(body.unreadable).toEqual([{ kind: 'acceptance', id: bad.caseId, reason: expect.stringContaining(reason) }])
    })
  }

  it('leaves out and names a case whose snapshot is JSON null; the other case and the task clocks answer', async () => {
    const { good, task: t, body, cases } = await dashboard(`'null'::jsonb`)
    expect(cases.map((c) => c.id)).toEqual([good.caseId])
    expect(body.clocks.filter((c) => c.taskId === t.taskId)).toHaveLength(2)
    // A snapshot with nothing in it cannot say its id: it is named by its kind, as every list names such a row.
    expect(body.unreadable).toEqual([{ kind: 'acceptance', id: '?', reason: 'cannot be evaluated' }])
  })
})

describe('GET /api/v1/assisted-cases/:id/notices with a bad stored notice', () => {
  it('answers the helper’s other notices and names the one whose request lacks its reason', async () => {
    const registered = projectRegistered()
    await project(ProjectRegisteredV1, registered)
    const [first, second] = [applicationAccepted(registered.projectId), applicationAccepted(registered.projectId)]
    if (!first || !second) throw new Error('two applications')
    const tasks = [first, second].map((a) => task(registered.projectId, a.applicationId))
    for (const a of [first, second]) await project(ApplicationAcceptedV1, a)
    const [good, bad] = tasks.map((t) => notice(t))
    if (!good || !bad) throw new Error('two notices')
    for (const n of [good, bad]) await project(SupplementNoticeIssuedV1, n)
    await w.db.pool.query(`UPDATE supplement_notice SET requests = requests #- '{0,reason}' WHERE id = $1`, [
      bad.noticeId,
    ])
    const caseId = uuidv7()
    const step = 'six-item-bundle'
    w.intake.answer(200, {
      caseId,
      projectId: registered.projectId,
      ownerCreditCode: owners.shanwei.creditCode,
      applications: [first, second].map((a, i) => ({
        applicationId: a.applicationId,
        step,
        stage: 'construction-permit',
        stepName: '六证合一',
        receiptNumber: `441500-20260302-00000${i}`,
        nationalCode: 3,
        status: 'open',
        receivedOn: '2026-03-02',
        owed: { kind: 'none', materials: [] },
      })),
    })

    const res = await w.api('GET', `/api/v1/assisted-cases/${caseId}/notices`, w.token({ role: 'helper' }))
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({ caseId, projectId: registered.projectId })
    expect(res.body.notices).toEqual([
      {
        noticeId: good.noticeId,
        applicationId: first.applicationId,
        step,
        version: 1,
        status: 'open',
        requests: good.requests,
        issuedAt: '2026-03-03T02:00:00.000Z',
      },
    ])
    expect(res.body.unreadable).toEqual([
      { kind: 'supplement-notice', id: bad.noticeId, reason: expect.stringMatching(/^\/requests\/0 .*reason/) },
    ])
  })
})

describe('GET /api/v1/projects/:id/status with a receipt whose receivedAt is no string', () => {
  it('answers the status with the good application and names the bad ones', async () => {
    const registered = projectRegistered()
    await project(ProjectRegisteredV1, registered)
    const good = applicationAccepted(registered.projectId)
    const bad = [applicationAccepted(registered.projectId), applicationAccepted(registered.projectId)]
    for (const a of [good, ...bad]) await project(ApplicationAcceptedV1, a)
    await project(TaskAssignedV1, { task: task(registered.projectId, good.applicationId) })
    // Two of them, so that whatever order the rows come in, one is compared first (a sort compares each row after the
    // first with those before it).
    await w.db.pool.query(
      `UPDATE application SET receipt = jsonb_build_object('nationalCode', 3, 'receivedAt', 5, 'receivedOn', '2026-03-02')
        WHERE id = ANY($1::uuid[])`,
      [bad.map((a) => a.applicationId)],
    )

    const res = await w.api('GET', `/api/v1/projects/${registered.projectId}/status`, supervisor())
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.applications.map((a: { applicationId: string }) => a.applicationId)).toEqual([good.applicationId])
    expect(res.body.tasks).toHaveLength(1)
    // The flow reads too, whatever order the rows came in: the bad receipts are named once, as applications.
    expect(res.body.flow.length).toBeGreaterThan(0)
    expect(res.body.unreadable.map((u: { kind: string }) => u.kind)).not.toContain('project-flow')
    for (const a of bad) {
      expect(res.body.unreadable).toContainEqual({
        kind: 'application',
        id: a.applicationId,
        reason: expect.stringContaining('/receipt'),
      })
    }
  })
})

// PostgreSQL stores 'infinity' in a date or timestamptz column, which is no instant: pg reads it as the number
// Infinity, Prisma as an Invalid Date, and `toISOString` threw on either — for every row of the list beside it.
describe("a stored 'infinity' instant", () => {
  it('leaves that project out of GET /api/v1/projects and names it; the others answer', async () => {
    const marker = `无限-${uuidv7()}`
    const good = projectRegistered({ owner: owners.foshan, name: `${marker} 甲` })
    const bad = projectRegistered({ owner: owners.foshan, name: `${marker} 乙` })
    await project(ProjectRegisteredV1, good)
    await project(ProjectRegisteredV1, bad)
    await w.db.pool.query(`UPDATE project SET registered_at = 'infinity' WHERE id = $1`, [bad.projectId])
    const res = await w.api('GET', `/api/v1/projects?search=${encodeURIComponent(marker)}`, supervisor())
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.projects.map((p: { projectId: string }) => p.projectId)).toEqual([good.projectId])
    expect(res.body.unreadable).toEqual([
      { kind: 'project', id: bad.projectId, reason: expect.stringMatching(/^\/registeredAt /) },
    ])
    // Its own page is a 500 naming the code, not a registration instant that reads 'Invalid Date'.
    const page = await w.api('GET', `/api/v1/projects/${bad.projectId}`, supervisor())
    expect(page.status).toBe(500)
    expect(page.headers['content-type']).toContain('application/problem+json')
    expect(page.body.code).toBe('GATEWAY_PROJECT_UNREADABLE')
    expect((await w.api('GET', `/api/v1/projects/${good.projectId}`, supervisor())).status).toBe(200)
  })

  it('leaves that entry out of GET /api/v1/admin/audit and names it; the others answer and the pages go on', async () => {
    const chain = `chain-${uuidv7()}`
    const actor = `actor-${uuidv7()}`
    const at = ['2026-03-02T01:00:00Z', 'infinity', '2026-03-02T03:00:00Z', '2026-03-02T04:00:00Z']
    for (const [i, instant] of at.entries()) {
      await w.db.pool.query(
        `INSERT INTO audit_copy (chain, position, at, actor, role, action, object, outcome, code, trace_id, hash)
         VALUES ($1, $2, $3::timestamptz, $4, 'clerk', 'intake.project.register', 'project:x', 'done', NULL, NULL,
                 repeat('0', 64))`,
        [chain, i + 1, instant, actor],
      )
    }
    // Newest first: the 'infinity' entry sorts before every real one; two a page.
    const seen: number[] = []
    const named: unknown[] = []
    let cursor: string | undefined
    for (let pages = 0; pages < 4; pages++) {
      const res = await w.api(
        'GET',
        `/api/v1/admin/audit?actor=${actor}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        w.token({ role: 'admin' }),
      )
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      seen.push(...res.body.entries.map((e: { position: number }) => e.position))
      named.push(...res.body.unreadable)
      cursor = res.body.nextCursor
      if (cursor === undefined) break
    }
    expect(seen).toEqual([4, 3, 1])
    expect(named).toEqual([{ kind: 'audit-entry', id: `${chain}:2`, reason: expect.stringMatching(/^\/at /) }])
  })

  it('pages the audit log past pages whose every entry is unreadable: each entry once, in order, at every page size', async () => {
    const prefix = `chain-${uuidv7()}`
    const [a, b] = [`${prefix}-a`, `${prefix}-b`]
    const actor = `actor-${uuidv7()}`
    for (const [chain, position, at] of [
      [a, 1, '-infinity'],
      [a, 2, '2026-03-02T01:00:00Z'],
      [a, 3, 'infinity'],
      [b, 1, 'infinity'],
      [b, 2, '2026-03-02T02:00:00.5Z'],
      [b, 3, '-infinity'],
    ] as const) {
      await w.db.pool.query(
        `INSERT INTO audit_copy (chain, position, at, actor, role, action, object, outcome, code, trace_id, hash)
         VALUES ($1, $2, $3::timestamptz, $4, 'clerk', 'intake.project.register', 'project:x', 'done', NULL, NULL,
                 repeat('0', 64))`,
        [chain, position, at, actor],
      )
    }
    const admin = w.token({ role: 'admin' })
    const get = async (query: string) => {
      const res = await w.api('GET', `/api/v1/admin/audit?actor=${actor}&${query}`, admin)
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200)
      return res.body as {
        entries: Array<{ chain: string; position: number; at: string }>
        unreadable: Array<{ kind: string; id: string; reason: string }>
        nextCursor?: string
      }
    }
    // Newest first: 'infinity' before every instant, '-infinity' after; then chain and position, both descending. The
    // first page of one or two rows holds only unreadable entries, and so does the last.
    const order = [`${b}:1`, `${a}:3`, `${b}:2`, `${a}:2`, `${b}:3`, `${a}:1`]
    for (const limit of [1, 2, 3, 4]) {
      const shown: string[] = []
      const named: string[] = []
      let pages = 0
      let cursor: string | undefined
      do {
        const body = await get(`limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
        pages++
        shown.push(...body.entries.map((e) => `${e.chain}:${e.position}`))
        named.push(...body.unreadable.map((u) => u.id))
        expect(body.unreadable.every((u) => u.kind === 'audit-entry' && u.reason.startsWith('/at '))).toBe(true)
        cursor = body.nextCursor
      } while (cursor !== undefined && pages < 10)
      expect({ limit, shown, named, pages }).toEqual({
        limit,
        shown: [`${b}:2`, `${a}:2`],
        named: order.filter((id) => id !== `${b}:2` && id !== `${a}:2`),
        pages: Math.ceil(order.length / limit),
      })
    }
    expect((await get('limit=3')).entries.map((e) => e.at)).toEqual(['2026-03-02T02:00:00.500Z'])

    // A cursor names its row as PostgreSQL writes the instant, 'infinity' too; anything else is refused as a cursor,
    // never a cast error — an ISO instant too, as this list's cursors once held (the other lists' cursors changed form
    // without keeping the old one: a page in flight across a deploy starts again from the first).
    const cursorOf = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url')
    const after = async (key: unknown[]) =>
      (await get(`cursor=${cursorOf(key)}`)).entries.map((e) => `${e.chain}:${e.position}`)
    expect(await after(['infinity', a, 3])).toEqual([`${b}:2`, `${a}:2`])
    expect(await after(['2026-03-02 02:00:00.5', b, 2])).toEqual([`${a}:2`])
    for (const at of [
      '2026-03-02T02:00:00.500Z',
      '2026-02-30 00:00:00',
      '2026-03-02 02:00:00.50',
      '2026-03-02 24:00:00',
      'Infinity',
      ' infinity',
      'now',
      '294277-01-01 00:00:00',
      '4714-11-23 23:59:59 BC',
      "infinity'::timestamp) OR true --",
    ]) {
      const res = await w.api('GET', `/api/v1/admin/audit?actor=${actor}&cursor=${cursorOf([at, a, 1])}`, admin)
      expect({ at, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
        at,
        status: 400,
        fields: ['/querystring/cursor'],
      })
    }
  })

  it("names a promise whose since is 'infinity' on GET /projects/:id and its status; the other promise stays pending", async () => {
    const since = '2026-03-02T01:00:00Z'
    /** A projected project with two applications promised and not yet projected, the second one's `since` spoilt. */
    const promising = async () => {
      const registered = projectRegistered({ owner: owners.foshan })
      await project(ProjectRegisteredV1, registered)
      const [good, bad] = [uuidv7(), uuidv7()]
      for (const id of [good, bad]) {
        await w.db.pool.query(
          `INSERT INTO pending_write (id, kind, project_id, owner_credit_code, since)
           VALUES ($1, 'application-accepted', $2, $3, $4::timestamptz)`,
          [id, registered.projectId, owners.foshan.creditCode, since],
        )
      }
      await w.db.pool.query(`UPDATE pending_write SET since = 'infinity' WHERE id = $1`, [bad])
      return { projectId: registered.projectId, good, bad }
    }
    const read = async (url: string) => {
      const res = await w.api('GET', url, supervisor())
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body as { pending: unknown[]; unreadable: unknown[] }
    }
    const named = (id: string) => ({ kind: 'pending', id, reason: expect.stringMatching(/^\/since /) })
    const pending = (id: string) => [{ kind: 'application-accepted', id, since: '2026-03-02T01:00:00.000Z' }]

    const p = await promising()
    const page = await read(`/api/v1/projects/${p.projectId}`)
    expect(page.pending).toEqual(pending(p.good))
    expect(page.unreadable).toEqual([named(p.bad)])
    // The status is built, then sent as kept: the promise is named in every answer.
    for (let i = 0; i < 3; i++) {
      const status = await read(`/api/v1/projects/${p.projectId}/status`)
      expect(status.pending).toEqual(pending(p.good))
      expect(status.unreadable).toEqual([named(p.bad)])
    }

    // Named after the rows the status itself could not show.
    const q = await promising()
    const application = applicationAccepted(q.projectId)
    await project(ApplicationAcceptedV1, application)
    await w.db.pool.query(
      `UPDATE application SET receipt = jsonb_build_object('nationalCode', 3, 'receivedAt', 5, 'receivedOn', '2026-03-02')
        WHERE id = $1`,
      [application.applicationId],
    )
    for (let i = 0; i < 3; i++) {
      const status = await read(`/api/v1/projects/${q.projectId}/status`)
      expect(status.pending).toEqual(pending(q.good))
      expect(status.unreadable).toContainEqual({
        kind: 'application',
        id: application.applicationId,
        reason: expect.stringContaining('/receipt'),
      })
      expect(status.unreadable.at(-1)).toEqual(named(q.bad))
    }
  })
})
