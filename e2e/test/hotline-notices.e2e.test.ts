import { ChangeNoticeFiledV1, OutageNoticeOverdueV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectStatus, owners, published } from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// 变动通报 and 故障通报 (seeds/004_33317a5f04b53a73.txt:1684–1694) through the gateway, the real hotline and
// notification services, on an injected clock: a department tells the centre in advance of a change, which the
// centre acknowledges; it reports an outage whose answer script is due within 1 natural day of the report; unmet,
// the script is overdue once the day after (a message to the unit and the centre); the fault lasting 2 natural days
// owes a progress update; the recovery ends the progress clock, not an unmet script's. Another department reads none
// of it and acts on none of it.
// Thursday 2026-11-05, 09:00 Shanghai.
const START = '2026-11-05T01:00:00Z'
const DEPARTMENT = 'housing'
let world: World
beforeAll(async () => {
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: START,
    hotline: true,
    notification: true,
  })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const unit = () => world.token('reviewer', { department: DEPARTMENT })
const stranger = () => world.token('lead', { department: 'water' })
const agent = () => world.token('agent')

const request = async (method: 'GET' | 'POST', url: string, bearer: string, payload?: object) => {
  const res = await world.gateway.inject({
    method,
    url,
    headers: { authorization: `Bearer ${bearer}` },
    ...(payload ? { payload } : {}),
  })
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined }
}

type Outage = {
  id: string
  status: string
  reportedOn: string
  script: { dueOn: string; metOn?: string; overdueOn?: string }
  progress?: { owedFrom: string; dueOn: string; metOn?: string; overdueOn?: string }
  overdue: { script: boolean; progress: boolean }
}

const outagesOf = async (bearer: string): Promise<Outage[]> =>
  expectStatus(await request('GET', '/api/v1/hotline/notices', bearer), 200).outages
const overdueEventsOf = async (id: string) =>
  (await published(world, OutageNoticeOverdueV1)).filter((e) => e.notice.id === id)
const messagesOf = async (bearer: string): Promise<Array<{ kind: string; body: string }>> =>
  expectStatus(await request('GET', '/api/v1/notifications', bearer), 200).messages

describe('变动通报 and 故障通报 through the gateway', () => {
  let outage: Outage

  it('a change is notified in advance, the centre told and acknowledging it once', async () => {
    const body = {
      kind: 'rule-change',
      title: '公积金租房提取额度调整',
      content: '自12月1日起，租房提取额度按新标准执行。',
      effectiveOn: '2026-11-05',
      measures: ['update-knowledge', 'train-agents'],
    }
    // Taking effect today is not in advance.
    const sameDay = await request('POST', '/api/v1/hotline/notices/changes', unit(), body)
    expectStatus(sameDay, 422)
    expect(sameDay.body).toMatchObject({
      code: 'HOTLINE_NOTICE_NOT_IN_ADVANCE',
      field: '/body/effectiveOn',
      errors: [{ field: '/body/effectiveOn' }],
    })
    // An unknown case or measure is the schema's 400.
    expectStatus(await request('POST', '/api/v1/hotline/notices/changes', unit(), { ...body, kind: 'six' }), 400)
    expectStatus(
      await request('POST', '/api/v1/hotline/notices/changes', unit(), { ...body, measures: ['party'] }),
      400,
    )
    // The centre files none; an owner is not let in.
    expectStatus(await request('POST', '/api/v1/hotline/notices/changes', agent(), body), 403)
    expectStatus(
      await request('GET', '/api/v1/hotline/notices', world.token('owner', { creditCode: owners.a.creditCode })),
      403,
    )

    const filed = await request('POST', '/api/v1/hotline/notices/changes', unit(), {
      ...body,
      effectiveOn: '2026-12-01',
    })
    expectStatus(filed, 201)
    const notice = filed.body.notice
    expect(notice).toMatchObject({ department: DEPARTMENT, filedOn: '2026-11-05', status: 'filed', version: 1 })
    await expect
      .poll(async () => (await published(world, ChangeNoticeFiledV1)).filter((e) => e.notice.id === notice.id).length)
      .toBe(1)
    await expect
      .poll(async () => (await messagesOf(agent())).filter((m) => m.kind === 'change-notice-filed').length, {
        timeout: 15_000,
      })
      .toBe(1)
    const [message] = (await messagesOf(agent())).filter((m) => m.kind === 'change-notice-filed')
    expect(message?.body).toContain('自2026年12月1日起施行')
    expect(message?.body).toContain('更新热线知识点、培训热线话务人员')

    expectStatus(await request('POST', `/api/v1/hotline/notices/changes/${notice.id}/acknowledge`, unit()), 403)
    const acked = await request('POST', `/api/v1/hotline/notices/changes/${notice.id}/acknowledge`, agent())
    expectStatus(acked, 200)
    expect(acked.body.notice).toMatchObject({ status: 'acknowledged', acknowledged: { on: '2026-11-05' } })
    const twice = await request('POST', `/api/v1/hotline/notices/changes/${notice.id}/acknowledge`, agent())
    expectStatus(twice, 409)
    expect(twice.body.code).toBe('HOTLINE_NOTICE_ACKNOWLEDGED')
    // Another department does not see it.
    const theirs = expectStatus(await request('GET', '/api/v1/hotline/notices', stranger()), 200)
    expect(theirs.changes).toEqual([])
  })

  it('an outage: the script due the natural day after the report, overdue once on the day after, the unit and the centre told', async () => {
    // Started 20:00 on Wednesday 11-04 in Shanghai.
    const reported = await request('POST', '/api/v1/hotline/notices/outages', unit(), {
      system: '住房公积金网上办事大厅',
      cause: '数据库服务器故障',
      startedAt: '2026-11-04T12:00:00Z',
      affectedScope: '公积金提取、缴存查询',
      expectedRecoveryAt: '2026-11-09T10:00:00Z',
    })
    expectStatus(reported, 201)
    outage = reported.body.notice
    expect(outage).toMatchObject({
      reportedOn: '2026-11-05',
      script: { dueOn: '2026-11-06' },
      // Begun Wednesday 11-04, it has lasted 2 natural days at the end of Friday 11-06: a progress update owed from
      // Saturday 11-07, due Sunday 11-08 (natural days).
      progress: { owedFrom: '2026-11-07', dueOn: '2026-11-08' },
      overdue: { script: false, progress: false },
    })
    // The centre is told of the fault, with the script's due day.
    await expect
      .poll(async () => (await messagesOf(agent())).filter((m) => m.kind === 'outage-reported').length, {
        timeout: 15_000,
      })
      .toBe(1)
    expect((await messagesOf(agent())).find((m) => m.kind === 'outage-reported')?.body).toContain(
      '应答口径期限至2026年11月6日',
    )
    // A start in the future is refused naming its field; another department cannot act on it (404, as unknown).
    const future = await request('POST', '/api/v1/hotline/notices/outages', unit(), {
      system: 'x',
      cause: 'x',
      startedAt: '2026-11-06T00:00:00Z',
      affectedScope: 'x',
      expectedRecoveryAt: '2026-11-07T00:00:00Z',
    })
    expectStatus(future, 422)
    expect(future.body).toMatchObject({ code: 'HOTLINE_NOTICE_TIME_INVALID', field: '/body/startedAt' })
    const foreign = await request('POST', `/api/v1/hotline/notices/outages/${outage.id}/actions`, stranger(), {
      action: 'script',
      text: 'x',
    })
    expectStatus(foreign, 404)
    expect(foreign.body.code).toBe('HOTLINE_NOTICE_NOT_FOUND')

    // 23:59 on Friday 11-06 in Shanghai: still the due day, nothing overdue.
    world.clock.set('2026-11-06T15:59:00Z')
    expect((await outagesOf(agent())).find((o) => o.id === outage.id)?.overdue.script).toBe(false)
    // 00:00 on Saturday 11-07: the script is overdue; the timer records it once.
    world.clock.set('2026-11-06T16:00:00Z')
    await expect.poll(async () => (await overdueEventsOf(outage.id)).length, { timeout: 15_000 }).toBe(1)
    const [event] = await overdueEventsOf(outage.id)
    expect(event).toMatchObject({ clock: 'script', notice: { script: { overdueOn: '2026-11-07' } } })
    const seen = (await outagesOf(agent())).find((o) => o.id === outage.id)
    expect(seen?.overdue).toEqual({ script: true, progress: false })
    for (const bearer of [agent(), unit()])
      await expect
        .poll(async () => (await messagesOf(bearer)).filter((m) => m.kind === 'outage-overdue').length, {
          timeout: 15_000,
        })
        .toBe(1)
    expect((await messagesOf(stranger())).filter((m) => m.kind === 'outage-overdue')).toEqual([])
  })

  it('a late script is taken; the progress update meets its clock; the recovery ends the progress clock, not an unmet script', async () => {
    const scripted = await request('POST', `/api/v1/hotline/notices/outages/${outage.id}/actions`, unit(), {
      action: 'script',
      text: '系统抢修中，请诉求人于恢复后再办理，逾期不影响其权益。',
    })
    expectStatus(scripted, 200)
    // Given on the 7th: it meets both the (late) script and the progress update owed from that day.
    expect(scripted.body.notice).toMatchObject({
      script: { metOn: '2026-11-07', overdueOn: '2026-11-07' },
      progress: { metOn: '2026-11-07' },
      overdue: { script: false, progress: false },
    })
    world.clock.set('2026-11-09T02:00:00Z')
    const recovered = await request('POST', `/api/v1/hotline/notices/outages/${outage.id}/actions`, unit(), {
      action: 'recover',
      recoveredAt: '2026-11-09T01:30:00Z',
    })
    expectStatus(recovered, 200)
    expect(recovered.body.notice.status).toBe('recovered')
    const after = await request('POST', `/api/v1/hotline/notices/outages/${outage.id}/actions`, unit(), {
      action: 'progress',
      text: '已恢复',
    })
    expectStatus(after, 409)
    expect(after.body.code).toBe('HOTLINE_NOTICE_RECOVERED')
    // Days later, the timer raises nothing more for it. A second outage, recovered within the hour and before any
    // script, still owes its script (the requests it caused need answering): the timer records it overdue once.
    world.clock.set('2026-11-20T02:00:00Z')
    const brief = expectStatus(
      await request('POST', '/api/v1/hotline/notices/outages', unit(), {
        system: '网上预约系统',
        cause: '证书过期',
        startedAt: '2026-11-20T01:00:00Z',
        affectedScope: '预约办理',
        expectedRecoveryAt: '2026-11-21T01:00:00Z',
      }),
      201,
    ).notice
    const back = await request('POST', `/api/v1/hotline/notices/outages/${brief.id}/actions`, unit(), {
      action: 'recover',
      recoveredAt: '2026-11-20T01:50:00Z',
    })
    expectStatus(back, 200)
    expect(back.body.notice).toMatchObject({ status: 'recovered', script: { dueOn: '2026-11-21' } })
    world.clock.set('2026-11-22T02:00:00Z')
    await expect.poll(async () => (await overdueEventsOf(brief.id)).length, { timeout: 15_000 }).toBe(1)
    const [late] = await overdueEventsOf(brief.id)
    expect(late).toMatchObject({
      clock: 'script',
      notice: { status: 'recovered', script: { overdueOn: '2026-11-22' } },
    })
    expect((await outagesOf(agent())).find((o) => o.id === brief.id)?.overdue).toEqual({
      script: true,
      progress: false,
    })
    expect(await overdueEventsOf(outage.id)).toHaveLength(1)
    // The recovered outage takes its late script, and nothing else.
    const scriptAfter = await request('POST', `/api/v1/hotline/notices/outages/${brief.id}/actions`, unit(), {
      action: 'script',
      text: '系统已于11月20日恢复，请诉求人重新预约。',
    })
    expectStatus(scriptAfter, 200)
    expect(scriptAfter.body.notice).toMatchObject({
      status: 'recovered',
      script: { metOn: '2026-11-22', overdueOn: '2026-11-22' },
      overdue: { script: false, progress: false },
    })
    const again = await request('POST', `/api/v1/hotline/notices/outages/${brief.id}/actions`, unit(), {
      action: 'script',
      text: '再次更新',
    })
    expectStatus(again, 409)
    expect(again.body.code).toBe('HOTLINE_NOTICE_RECOVERED')
    // The timer does not record it again.
    world.clock.set('2026-11-25T02:00:00Z')
    const sentinel = expectStatus(
      await request('POST', '/api/v1/hotline/notices/outages', unit(), {
        system: '哨兵',
        cause: '哨兵',
        startedAt: '2026-11-25T01:00:00Z',
        affectedScope: '哨兵',
        expectedRecoveryAt: '2026-11-26T01:00:00Z',
      }),
      201,
    ).notice
    world.clock.set('2026-11-27T02:00:00Z')
    await expect.poll(async () => (await overdueEventsOf(sentinel.id)).length, { timeout: 15_000 }).toBe(1)
    expect(await overdueEventsOf(brief.id)).toHaveLength(1)
  })

  it('pages every notice of a kind, open first, then newest, none twice or missed; a cursor answers its kind only', async () => {
    const filer = world.token('lead', { department: 'natural-resources' })
    const filed: string[] = []
    for (let i = 0; i < 25; i++) {
      const res = await request('POST', '/api/v1/hotline/notices/changes', filer, {
        kind: 'rule-change',
        title: `规则调整第${i + 1}号`,
        content: '按新标准执行。',
        effectiveOn: '2026-12-01',
        measures: ['update-knowledge'],
      })
      filed.push(expectStatus(res, 201).notice.id)
    }
    // Every third acknowledged: closed ones come after every open one.
    for (const id of filed.filter((_, i) => i % 3 === 0)) {
      expectStatus(await request('POST', `/api/v1/hotline/notices/changes/${id}/acknowledge`, agent()), 200)
    }
    type Change = { id: string; status: string; createdAt: string }
    const seen: Change[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const query = `?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const page = expectStatus(await request('GET', `/api/v1/hotline/notices${query}`, filer), 200)
      seen.push(...page.changes)
      // The first page has both kinds; a change cursor answers changes only.
      if (cursor) expect(page.outages).toEqual([])
      expect(page.next.outages).toBeUndefined()
      cursor = page.next.changes
      pages += 1
    } while (cursor && pages < 10)
    expect(pages).toBe(4)
    expect(seen.map((n) => n.id).sort()).toEqual([...filed].sort())
    const open = seen.findLastIndex((n) => n.status === 'filed')
    const closed = seen.findIndex((n) => n.status === 'acknowledged')
    expect(open).toBeLessThan(closed)
    for (const group of [seen.slice(0, closed), seen.slice(closed)]) {
      const order = group.map((n) => `${n.createdAt}~${n.id}`)
      expect(order).toEqual([...order].sort().reverse())
    }
    // A cursor of that shape naming no real instant (30 February) is the 400 of a malformed field.
    const forged = `change~1~2026-02-30 00:00:00~${filed[0]}`
    const bad = await request('GET', `/api/v1/hotline/notices?cursor=${encodeURIComponent(forged)}`, filer)
    expectStatus(bad, 400)
    expect(JSON.stringify(bad.body)).toContain('/querystring/cursor')
  })
})
