import { ProjectRegisteredV1, UtilityDueMovedV1, UtilityRequestAdvancedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { owners, projectRegistered, utilityRequest } from './events.js'
import { type GatewayWorld, gatewayWorld, START } from './world.js'

// 并联审批 (docs/utility.md "Who decides a permit"): a department's reviewer reads the outside-line permits applied
// to its department and awaiting its decision, soonest due first, a page at a time, within its region; it decides
// them through the gateway, which forwards only a request in its inbox.

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

const urban = (appliedOn: string) => ({
  status: 'requested' as const,
  department: 'urban-management',
  departmentName: '城管执法局',
  appliedOn,
})
const clock = (start: string) => ({ limit: { value: 3, unit: 'W' as const }, start, suspensions: [] })

type Listed = { requestId: string; owner?: unknown; applicationContact?: unknown; permitsClockState?: unknown }
type Body = { requests: Listed[]; projects: Array<{ projectId: string }>; unreadable: unknown[]; next?: string }

describe("a department's inbox of outside-line permits (并联审批)", () => {
  const shanwei = projectRegistered({ owner: owners.shanwei })
  const foshan = projectRegistered({
    owner: owners.foshan,
    region: '440600',
    projectCode: `2026-440600-47-01-${Math.floor(Math.random() * 1e6)}`,
  })
  const waiting = (projectId: string, over: Parameters<typeof utilityRequest>[1]) =>
    utilityRequest(projectId, {
      provider: 'gas',
      lowRisk: false,
      stage: 'outside-line-permits',
      line: { lengthM: 800, diameterMm: 250 },
      owner: owners.shanwei,
      applicationContact: { name: '李工', phone: '13800000000' },
      version: 3,
      ...over,
    })
  // Due soonest first: Shanwei's clock from 3 March (due 6 March), from 5 March (due 10 March), and one from 2 March
  // re-applied after a week with its provider (due 12 March: its start is the earliest, its due day the latest);
  // Foshan's, no clock (no limit), last, earliest applied first.
  const early = waiting(shanwei.projectId, {
    permits: [{ kind: 'road-excavation', ...urban('2026-03-03') }],
    permitsClock: clock('2026-03-03'),
    permitsDueOn: '2026-03-06',
  })
  const later = waiting(shanwei.projectId, {
    provider: 'water',
    permits: [
      { kind: 'road-excavation', ...urban('2026-03-05') },
      { kind: 'road-related', status: 'requested', department: 'transport', appliedOn: '2026-03-05' },
      // 占道施工交通组织方案审核, Shanwei's step listing it (004:1846): in 公安's inbox alone.
      { kind: 'traffic-organisation', status: 'requested', department: 'public-security', appliedOn: '2026-03-05' },
    ],
    permitsClock: clock('2026-03-05'),
    permitsDueOn: '2026-03-10',
  })
  const reapplied = waiting(shanwei.projectId, {
    provider: 'drainage',
    permits: [{ kind: 'green-space', ...urban('2026-03-09') }],
    permitsClock: {
      ...clock('2026-03-02'),
      suspensions: [{ kind: 'supplement', from: '2026-03-03', to: '2026-03-09' }],
    },
    permitsDueOn: '2026-03-12',
  })
  const noClock = waiting(foshan.projectId, { permits: [{ kind: 'green-space', ...urban('2026-03-04') }] })
  const noClockEarlier = waiting(foshan.projectId, {
    provider: 'water',
    permits: [
      { kind: 'road-related', status: 'requested', department: 'transport', appliedOn: '2026-03-01' },
      { kind: 'road-excavation', ...urban('2026-03-02') },
    ],
  })
  const inOrder = [early, later, reapplied, noClockEarlier, noClock].map((r) => r.requestId)
  // Not in urban management's inbox: its permit decided already; one applied to transport only; one the provider records.
  const decided = waiting(shanwei.projectId, {
    provider: 'power',
    permits: [
      { kind: 'road-excavation', ...urban('2026-03-03'), status: 'granted', documentNo: 'A', decidedOn: '2026-03-04' },
      { kind: 'green-space', status: 'requested' },
    ],
    permitsClock: clock('2026-03-02'),
  })
  const transportOnly = waiting(shanwei.projectId, {
    provider: 'telecom',
    permits: [{ kind: 'road-related', status: 'requested', department: 'transport', appliedOn: '2026-03-03' }],
    permitsClock: clock('2026-03-01'),
  })
  const onPaper = waiting(foshan.projectId, {
    provider: 'drainage',
    permits: [{ kind: 'road-excavation', status: 'requested' }],
  })

  beforeAll(async () => {
    await w.publish(ProjectRegisteredV1, shanwei, foshan)
    for (const request of [noClock, reapplied, later, noClockEarlier, early, decided, transportOnly, onPaper]) {
      await w.publish(UtilityRequestAdvancedV1, { request, actor: 'staff' })
    }
    const all = w.token({ role: 'reviewer', department: 'urban-management' })
    // Projected by the read model's consumers: wait until all five are in the inbox (expect.poll is for tests only).
    for (let tries = 0; tries < 100; tries += 1) {
      const listed = (await w.api('GET', '/api/v1/outside-line-permits', all)).body as Body
      if (listed.requests?.length === 5) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })

  it('lists the requests with a permit awaiting the department, soonest due first, without the owner and the contact', async () => {
    const reviewer = w.token({ role: 'reviewer', department: 'urban-management' })
    const res = await w.api('GET', '/api/v1/outside-line-permits', reviewer)
    expect(res.status).toBe(200)
    const body = res.body as Body
    expect(body.requests.map((r) => r.requestId)).toEqual(inOrder)
    for (const r of body.requests) {
      expect(r).not.toHaveProperty('owner')
      expect(r).not.toHaveProperty('applicationContact')
    }
    expect(body.requests[0]?.permitsClockState).toMatchObject({ due: '2026-03-06' })
    expect(body.requests[2]?.permitsClockState).toMatchObject({ due: '2026-03-12' })
    expect(body.requests[4]).not.toHaveProperty('permitsClockState')
    expect(body.projects.map((p) => p.projectId).sort()).toEqual([shanwei.projectId, foshan.projectId].sort())
    expect(body).not.toHaveProperty('next')

    const transport = w.token({ role: 'reviewer', department: 'transport' })
    const theirs = (await w.api('GET', '/api/v1/outside-line-permits', transport)).body as Body
    // transportOnly was written before the due day was carried: its clock's start stands for it.
    expect(theirs.requests.map((r) => r.requestId)).toEqual([
      transportOnly.requestId,
      later.requestId,
      noClockEarlier.requestId,
    ])
    const police = w.token({ role: 'reviewer', department: 'public-security' })
    const reviews = (await w.api('GET', '/api/v1/outside-line-permits', police)).body as Body
    expect(reviews.requests.map((r) => r.requestId)).toEqual([later.requestId])
  })

  it('pages with a cursor, in the same order across the requests with a clock and those without', async () => {
    const reviewer = w.token({ role: 'reviewer', department: 'urban-management' })
    const seen: string[] = []
    const cursors: string[] = []
    let cursor: string | undefined
    do {
      const page = (
        await w.api('GET', `/api/v1/outside-line-permits?limit=2${cursor ? `&cursor=${cursor}` : ''}`, reviewer)
      ).body as Body
      seen.push(...page.requests.map((r) => r.requestId))
      cursor = page.next
      if (cursor) cursors.push(cursor)
    } while (cursor && seen.length < 10)
    expect(seen).toEqual(inOrder)
    expect(cursors).toEqual([`due~2026-03-10~${later.requestId}`, `applied~2026-03-02~${noClockEarlier.requestId}`])
  })

  it('a cursor no page gave is 400 naming /querystring/cursor, never a failed cast', async () => {
    const reviewer = w.token({ role: 'reviewer', department: 'urban-management' })
    const id = early.requestId
    // A page size out of its bounds or no integer, a key twice (the second value is not taken quietly), a key the
    // route does not know: each a problem naming the field.
    for (const [query, field] of [
      ['limit=0', '/querystring/limit'],
      ['limit=101', '/querystring/limit'],
      ['limit=1000000000', '/querystring/limit'],
      ['limit=abc', '/querystring/limit'],
      ['limit=-1', '/querystring/limit'],
      ['limit=2.5', '/querystring/limit'],
      ['limit=2&limit=3', '/querystring/limit'],
      [`cursor=due~2026-03-06~${id}&cursor=due~2026-03-06~${id}`, '/querystring/cursor'],
      ['status=all', '/querystring/status'],
    ] as const) {
      const bad = await w.api('GET', `/api/v1/outside-line-permits?${query}`, reviewer)
      expect([query, bad.status, bad.headers['content-type']]).toEqual([
        query,
        400,
        expect.stringContaining('application/problem+json'),
      ])
      expect([query, JSON.stringify(bad.body.errors)]).toEqual([query, expect.stringContaining(field)])
    }
    for (const cursor of [
      'drop%20table',
      'due~2026-03-03~x',
      // The loose shape the first version took: 36 of [0-9a-fA-F-] is no UUID.
      '2026-03-03~------------------------------------',
      'due~2026-03-03~------------------------------------',
      `due~2026-03-03~${id.replace(/-/g, 'a')}`,
      `due~2026-03-03~${id.toUpperCase()}`,
      // The shape of a day that is none.
      `due~2026-02-30~${id}`,
      `due~2026-13-01~${id}`,
      `applied~2027-02-29~${id}`,
      `due~9999-12-31~${id}`,
      `later~2026-03-03~${id}`,
      `due~2026-03-03~${id}~x`,
    ]) {
      const bad = await w.api('GET', `/api/v1/outside-line-permits?cursor=${cursor}`, reviewer)
      expect([cursor, bad.status, bad.headers['content-type']]).toEqual([
        cursor,
        400,
        expect.stringContaining('application/problem+json'),
      ])
      expect(JSON.stringify(bad.body.errors)).toContain('/querystring/cursor')
    }
  })

  it('a stored day that is no legal date orders by the next rule and still makes a cursor that reads back', async () => {
    const reviewer = w.token({ role: 'reviewer', department: 'urban-management' })
    const damaged = waiting(shanwei.projectId, {
      provider: 'power',
      permits: [{ kind: 'green-space', ...urban('2026-03-08') }],
      permitsClock: clock('2026-03-07'),
      permitsDueOn: '2026-03-11',
    })
    await w.publish(UtilityRequestAdvancedV1, { request: damaged, actor: 'staff' })
    await expect
      .poll(async () => ((await w.api('GET', '/api/v1/outside-line-permits', reviewer)).body as Body).requests.length)
      .toBe(6)
    try {
      // Its due day and start damaged: no due day to order it by, so among the ones with none, by its applied day.
      await w.db.pool.query(
        `UPDATE utility_request SET snapshot = jsonb_set(jsonb_set(snapshot, '{permitsDueOn}', '"2026-02-30"'),
           '{permitsClock,start}', '"2026-02-31"') WHERE id = $1`,
        [damaged.requestId],
      )
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const page = await w.api(
          'GET',
          `/api/v1/outside-line-permits?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
          reviewer,
        )
        expect(page.status).toBe(200)
        const body = page.body as Body
        seen.push(...body.requests.map((r) => r.requestId), ...body.unreadable.map(() => 'unreadable'))
        cursor = body.next
      } while (cursor && seen.length < 10)
      expect(seen).toEqual([...inOrder, 'unreadable'])
    } finally {
      await w.db.pool.query('DELETE FROM utility_request WHERE id = $1', [damaged.requestId])
    }
  })

  // One bad stored row never takes down the list (domain/rows.ts): a request whose snapshot no longer reads as one
  // (`checkUtilityRequest`), ordered among the others by its intact due day, is named in `unreadable` on the page it
  // falls on, and every other request is listed once, in order, at every page size — a page holding only it too.
  for (const [what, spoil, field] of [
    ['an unknown provider', `jsonb_set(snapshot, '{provider}', '"telegraph"')`, '/provider'],
    // A missing property is named by the object that lacks it: `/ must have required properties version`.
    ['no version', `snapshot - 'version'`, 'version'],
  ] as const) {
    it(`a stored request with ${what} is named in unreadable; the others are listed and the pages go past it`, async () => {
      const reviewer = w.token({ role: 'reviewer', department: 'urban-management' })
      // Due 8 March: between the first request (6 March) and the second (10 March).
      const damaged = waiting(shanwei.projectId, {
        provider: 'power',
        permits: [{ kind: 'green-space', ...urban('2026-03-05') }],
        permitsClock: clock('2026-03-05'),
        permitsDueOn: '2026-03-08',
      })
      await w.publish(UtilityRequestAdvancedV1, { request: damaged, actor: 'staff' })
      await expect
        .poll(async () => ((await w.api('GET', '/api/v1/outside-line-permits', reviewer)).body as Body).requests.length)
        .toBe(6)
      try {
        await w.db.pool.query(`UPDATE utility_request SET snapshot = ${spoil} WHERE id = $1`, [damaged.requestId])
        const whole = await w.api('GET', '/api/v1/outside-line-permits', reviewer)
        expect(whole.status, JSON.stringify(whole.body)).toBe(200)
        expect((whole.body as Body).requests.map((r) => r.requestId)).toEqual(inOrder)
        expect((whole.body as Body).unreadable).toEqual([
          { kind: 'utility', id: damaged.requestId, reason: expect.stringContaining(field) },
        ])
        for (const limit of [1, 2, 3]) {
          const listed: string[] = []
          const named: unknown[] = []
          let pages = 0
          let cursor: string | undefined
          do {
            const page = await w.api(
              'GET',
              `/api/v1/outside-line-permits?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
              reviewer,
            )
            expect([limit, page.status]).toEqual([limit, 200])
            const body = page.body as Body
            pages += 1
            listed.push(...body.requests.map((r) => r.requestId))
            named.push(...body.unreadable)
            cursor = body.next
          } while (cursor && pages < 10)
          expect({ limit, listed, named, pages }).toEqual({
            limit,
            listed: inOrder,
            named: [{ kind: 'utility', id: damaged.requestId, reason: expect.stringContaining(field) }],
            pages: Math.ceil((inOrder.length + 1) / limit),
          })
        }
      } finally {
        await w.db.pool.query('DELETE FROM utility_request WHERE id = $1', [damaged.requestId])
      }
    })
  }

  it('a published calendar moving a running permits clock moves the request in the list; a suspended one is left', async () => {
    // Its own department, so the other cases' lists stay as they are.
    const housing = (appliedOn: string) => ({ ...urban(appliedOn), department: 'housing', departmentName: '住建局' })
    const first = waiting(shanwei.projectId, {
      provider: 'power',
      permits: [{ kind: 'road-excavation', ...housing('2026-03-16') }],
      permitsClock: clock('2026-03-16'),
      permitsDueOn: '2026-03-19',
    })
    const second = waiting(shanwei.projectId, {
      provider: 'telecom',
      permits: [{ kind: 'road-excavation', ...housing('2026-03-17') }],
      permitsClock: clock('2026-03-17'),
      permitsDueOn: '2026-03-20',
    })
    const suspended = waiting(shanwei.projectId, {
      provider: 'water',
      // Refused and back with its provider: the clock suspended, no due day, not in the list.
      permits: [
        {
          kind: 'green-space',
          ...housing('2026-03-10'),
          status: 'refused',
          reason: '不予许可',
          decidedOn: '2026-03-11',
        },
      ],
      permitsClock: { ...clock('2026-03-10'), suspensions: [{ kind: 'supplement', from: '2026-03-12' }] },
    })
    for (const request of [first, second, suspended]) {
      await w.publish(UtilityRequestAdvancedV1, { request, actor: 'staff' })
    }
    const reviewer = w.token({ role: 'reviewer', department: 'housing' })
    const listed = async () =>
      ((await w.api('GET', '/api/v1/outside-line-permits', reviewer)).body as Body).requests.map((r) => r.requestId)
    await expect.poll(listed).toEqual([first.requestId, second.requestId])
    const moved = (r: typeof first, from: string, to: string) => ({
      projectId: shanwei.projectId,
      subject: `utility-request:${r.requestId}`,
      clock: 'permits',
      from,
      to,
      provisionalBefore: true,
      provisionalAfter: false,
      calendar: { key: 'year-2026', version: 2, notice: '' },
      changes: '2026-03-19 working day → holiday',
      movedAt: '2026-03-14T02:00:00.000Z',
    })
    await w.publish(
      UtilityDueMovedV1,
      moved(first, '2026-03-19', '2026-03-23'),
      moved(suspended, '2026-03-16', '2026-03-18'),
    )
    // The first's due day now after the second's: utility keeps the moved day, the gateway's row follows it.
    await expect.poll(listed).toEqual([second.requestId, first.requestId])
    const rows = await w.db.pool.query<{ id: string; due: string | null }>(
      `SELECT id::text, snapshot ->> 'permitsDueOn' AS due FROM utility_request WHERE id = ANY($1::uuid[])`,
      [[first.requestId, suspended.requestId]],
    )
    expect(Object.fromEntries(rows.rows.map((r) => [r.id, r.due]))).toEqual({
      [first.requestId]: '2026-03-23',
      // Suspended: its due day moves every day, so none is stored.
      [suspended.requestId]: null,
    })
  })

  it('a move computed on an older version of the request never overwrites a newer snapshot’s due day', async () => {
    // Its own department, so the other cases' lists stay as they are.
    const water = { ...urban('2026-03-10'), department: 'water', departmentName: '水务局' }
    const older = waiting(shanwei.projectId, {
      provider: 'power',
      permits: [{ kind: 'road-excavation', ...water }],
      permitsClock: clock('2026-03-10'),
      permitsDueOn: '2026-03-13',
      version: 3,
    })
    // The next change of the request (a re-application after a pause, say): a later due day, version 4.
    const newer = { ...older, version: 4, permitsDueOn: '2026-03-20' }
    const row = async () =>
      (
        await w.db.pool.query<{ version: number; due: string | null }>(
          `SELECT version, snapshot ->> 'permitsDueOn' AS due FROM utility_request WHERE id = $1`,
          [older.requestId],
        )
      ).rows[0]
    await w.publish(UtilityRequestAdvancedV1, { request: older, actor: 'staff' })
    await expect.poll(row).toEqual({ version: 3, due: '2026-03-13' })
    await w.publish(UtilityRequestAdvancedV1, { request: newer, actor: 'staff' })
    await expect.poll(row).toEqual({ version: 4, due: '2026-03-20' })
    const move = (from: string, to: string, subjectVersion?: number) => ({
      projectId: shanwei.projectId,
      subject: `utility-request:${older.requestId}`,
      clock: 'permits',
      from,
      to,
      ...(subjectVersion === undefined ? {} : { subjectVersion }),
      provisionalBefore: false,
      provisionalAfter: false,
      calendar: { key: 'year-2026', version: 3, notice: '' },
      changes: '2026-03-12 working day → holiday',
      movedAt: '2026-03-11T02:00:00.000Z',
    })
    // Applied once its timeline entry is in (the entry is written whether or not the row moves).
    const applied = async (from: string, to: string) =>
      (
        await w.db.pool.query(`SELECT 1 FROM timeline_entry WHERE project_id = $1 AND summary LIKE $2`, [
          shanwei.projectId,
          `utility-request:${older.requestId} permits clock: due date moved from ${from} to ${to}:%`,
        ])
      ).rowCount
    // Computed on version 3, delivered after version 4 (a redelivery, a replayed dead letter): version 4's day stays.
    await w.publish(UtilityDueMovedV1, move('2026-03-13', '2026-03-16', 3))
    await expect.poll(() => applied('2026-03-13', '2026-03-16')).toBe(1)
    expect(await row()).toEqual({ version: 4, due: '2026-03-20' })
    // Published before moves named their version: applied only where the row's day is still the one it moved from.
    await w.publish(UtilityDueMovedV1, move('2026-03-13', '2026-03-17'))
    await expect.poll(() => applied('2026-03-13', '2026-03-17')).toBe(1)
    expect(await row()).toEqual({ version: 4, due: '2026-03-20' })
    // Computed on the version the row holds: its day moves, the version stays (a move gives none of its own).
    await w.publish(UtilityDueMovedV1, move('2026-03-20', '2026-03-23', 4))
    await expect.poll(row).toEqual({ version: 4, due: '2026-03-23' })
    await w.publish(UtilityDueMovedV1, move('2026-03-23', '2026-03-24'))
    await expect.poll(row).toEqual({ version: 4, due: '2026-03-24' })
  })

  it('a regional reviewer reads its region’s only; other roles are refused', async () => {
    const shanweiOnly = w.token({ role: 'reviewer', department: 'urban-management', region: '441500' })
    const body = (await w.api('GET', '/api/v1/outside-line-permits', shanweiOnly)).body as Body
    expect(body.requests.map((r) => r.requestId)).toEqual([early.requestId, later.requestId, reapplied.requestId])
    expect(body.projects.map((p) => p.projectId)).toEqual([shanwei.projectId])
    for (const other of [
      w.token({ role: 'utility', provider: 'gas' }),
      w.token({ role: 'lead', department: 'urban-management' }),
      w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }),
      w.token({ role: 'supervisor' }),
    ]) {
      const res = await w.api('GET', '/api/v1/outside-line-permits', other)
      expect([res.status, res.body.code]).toEqual([403, 'GATEWAY_FORBIDDEN'])
    }
  })

  it('forwards the department’s decision on a request in its inbox; another department, region or role never reaches the service', async () => {
    const url = (id: string) => `/api/v1/utility-requests/${id}/permit-decision`
    const decision = { kind: 'road-excavation', outcome: 'granted', documentNo: '汕城管许〔2026〕3号' }
    const calls = w.utility.calls.length
    w.utility.answer(200, { request: early })
    const reviewer = w.token({ role: 'reviewer', department: 'urban-management', sub: 'reviewer-urban' })
    const ok = await w.api('POST', url(early.requestId), reviewer, decision)
    expect(ok.status).toBe(200)
    expect(w.utility.calls.at(-1)).toMatchObject({
      method: 'POST',
      url: `/utility-requests/${early.requestId}/permit-decision`,
      body: decision,
    })
    expect(JSON.parse(w.utility.calls.at(-1)?.actor ?? '{}')).toMatchObject({
      sub: 'reviewer-urban',
      role: 'reviewer',
      department: 'urban-management',
    })

    const refusals: Array<[string, string, number, string]> = [
      [w.token({ role: 'reviewer', department: 'transport' }), early.requestId, 404, 'UTILITY_REQUEST_NOT_FOUND'],
      [
        w.token({ role: 'reviewer', department: 'urban-management', region: '440600' }),
        early.requestId,
        404,
        'UTILITY_REQUEST_NOT_FOUND',
      ],
      [reviewer, onPaper.requestId, 404, 'UTILITY_REQUEST_NOT_FOUND'],
      [w.token({ role: 'utility', provider: 'gas' }), early.requestId, 403, 'GATEWAY_FORBIDDEN'],
      [w.token({ role: 'lead', department: 'urban-management' }), early.requestId, 403, 'GATEWAY_FORBIDDEN'],
      [w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }), early.requestId, 403, 'GATEWAY_FORBIDDEN'],
      [w.token({ role: 'supervisor' }), early.requestId, 403, 'GATEWAY_FORBIDDEN'],
      // An id no request has: the read model's answer, as for one outside the inbox.
      [reviewer, '01890000-0000-7000-8000-0000000000ff', 404, 'UTILITY_REQUEST_NOT_FOUND'],
    ]
    for (const [token, id, status, code] of refusals) {
      const res = await w.api('POST', url(id), token, decision)
      expect([res.status, res.body.code]).toEqual([status, code])
    }
    // Hostile input: a problem naming the field, and nothing forwarded (the service is where it would be written).
    const refusal = { kind: 'road-excavation', outcome: 'refused', reason: '主干道禁止开挖' }
    for (const [what, path, body, field] of [
      [
        'a 文号 over 50 characters',
        url(early.requestId),
        { ...decision, documentNo: 'x'.repeat(51) },
        '/body/documentNo',
      ],
      [
        'a reason over 2,000 characters',
        url(early.requestId),
        { ...refusal, reason: '理'.repeat(2001) },
        '/body/reason',
      ],
      [
        'a refusal with no reason',
        url(early.requestId),
        { kind: 'road-excavation', outcome: 'refused' },
        '/body/reason',
      ],
      [
        'a grant with no 文号',
        url(early.requestId),
        { kind: 'road-excavation', outcome: 'granted' },
        '/body/documentNo',
      ],
      ['a day of its own', url(early.requestId), { ...decision, decidedOn: '2026-03-01' }, '/body/decidedOn'],
      ['its own department', url(early.requestId), { ...decision, department: 'transport' }, '/body/department'],
      ['an unknown outcome', url(early.requestId), { ...decision, outcome: 'approved' }, '/body/outcome'],
      ['no outcome', url(early.requestId), { kind: 'road-excavation', documentNo: 'A' }, '/body/outcome'],
      ['an unknown permit', url(early.requestId), { ...decision, kind: 'water-main' }, '/body/kind'],
      ['a key on the prototype', url(early.requestId), JSON.parse('{"__proto__":{"x":1}}'), '/body/__proto__'],
      ['an id that is no UUID', url('not-a-uuid'), decision, '/params/id'],
      ['an id in capitals', url(early.requestId.toUpperCase()), decision, '/params/id'],
    ] as const) {
      const res = await w.api('POST', path, reviewer, body)
      expect([what, res.status, res.headers['content-type'], JSON.stringify(res.body.errors)]).toEqual([
        what,
        400,
        expect.stringContaining('application/problem+json'),
        expect.stringContaining(field),
      ])
    }
    expect(w.utility.calls.length).toBe(calls + 1)

    // 公安's review of the traffic plan is forwarded as any permit's decision, by its own reviewer.
    const review = { kind: 'traffic-organisation', outcome: 'granted', documentNo: '汕公交〔2026〕12号' }
    w.utility.answer(200, { request: later })
    const police = w.token({ role: 'reviewer', department: 'public-security', sub: 'reviewer-police' })
    const reviewed = await w.api('POST', url(later.requestId), police, review)
    expect(reviewed.status).toBe(200)
    expect(w.utility.calls.at(-1)).toMatchObject({
      url: `/utility-requests/${later.requestId}/permit-decision`,
      body: review,
    })
    expect(w.utility.calls.length).toBe(calls + 2)
  })
})
