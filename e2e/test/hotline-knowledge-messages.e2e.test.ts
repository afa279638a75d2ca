import { KnowledgeFeedbackDueMovedV1, KnowledgePointExpiryRemindedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectStatus, published, workingDaysAfter } from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// The knowledge base's messages to its departments (docs/hotline.md#knowledge-base), through the gateway, the real
// hotline and notification services and an injected clock: a point's expiry reminder is a message to its department —
// none before its day, exactly one on it, none on a second sweep, and a renewal clears it until the new period's own
// day; a published calendar that moves an open 知识点反馈's due day tells the department the new day, once.
// Monday 2026-11-30, 09:00 Shanghai; no holiday before 2027.
const START = '2026-11-30T01:00:00Z'
const DEPARTMENT = 'natural-resources'
let world: World
beforeAll(async () => {
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: START,
    hotline: true,
    notification: true,
    // The knowledge timer sweeps only when the test says (`runOnce`), so "before" and "a second sweep" are exact.
    scanEveryMs: 3_600_000,
  })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const reviewer = () => world.token('reviewer', { department: DEPARTMENT })
const agent = () => world.token('agent')
const at = (day: string) => `${day}T01:00:00Z`

const request = async (method: 'GET' | 'POST' | 'PUT', url: string, bearer: string, payload?: object) => {
  const res = await world.gateway.inject({
    method,
    url,
    headers: { authorization: `Bearer ${bearer}` },
    ...(payload ? { payload } : {}),
  })
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined }
}

type Message = { kind: string; title: string; body: string }

/** The department's messages of one kind that name `text`, as its reviewer reads them through the gateway. */
const messagesOf = async (kind: string, text: string): Promise<Message[]> => {
  const res = await request('GET', '/api/v1/notifications?limit=100', reviewer())
  expectStatus(res, 200)
  return (res.body.messages as Message[]).filter((m) => m.kind === kind && m.body.includes(text))
}

const sweep = () => {
  const hotline = world.hotline
  if (!hotline) throw new Error('the world runs no hotline')
  return hotline.knowledgeScanner.runOnce()
}

const point = (question: string, validFrom: string, validTo: string) => ({
  question,
  answer: '承诺时限内办结。',
  kind: 'script',
  source: '工程建设项目审批服务指南',
  validFrom,
  validTo,
})

const createPoint = async (body: object) => {
  const res = await request('POST', '/api/v1/hotline/knowledge', reviewer(), body)
  expectStatus(res, 201)
  return res.body.point as { id: string; version: number; validTo: string; remindedFor?: string }
}

/**
 * A point due its reminder today, swept and its message awaited: once it is in, every event the sweep raised before
 * it has been turned into messages too, so a count read after it is final.
 */
const sentinel = async (question: string, today: string, validTo: string) => {
  const p = await createPoint(point(question, today, validTo))
  expect(await sweep()).toBeGreaterThanOrEqual(1)
  await expect.poll(async () => (await messagesOf('knowledge-point-expiring', question)).length).toBe(1)
  return p
}

describe('知识库 messages to the department', () => {
  let script: { id: string; version: number; validTo: string }
  const QUESTION = '规划许可多久办结？'

  it('the expiry reminder: no message before its day, exactly one on it, none again on a second sweep', async () => {
    // Valid to Fri 12-04: its last two working days are Thu 12-03 and Fri 12-04, so it is reminded Wed 12-02.
    script = await createPoint(point(QUESTION, '2026-11-30', '2026-12-04'))
    expect(workingDaysAfter('2026-12-02', '2026-12-04')).toBe(2)

    // Mon 11-30 and Tue 12-01: swept, not due; a sentinel due each day proves the notifier has caught up.
    await sweep()
    await sentinel('哨兵一', '2026-11-30', '2026-12-02')
    world.clock.set(at('2026-12-01'))
    await sweep()
    await sentinel('哨兵二', '2026-12-01', '2026-12-03')
    expect(await messagesOf('knowledge-point-expiring', QUESTION)).toEqual([])

    // Wed 12-02: its day. One event, one message, to the owning department.
    world.clock.set(at('2026-12-02'))
    expect(await sweep()).toBe(1)
    await expect.poll(async () => (await messagesOf('knowledge-point-expiring', QUESTION)).length).toBe(1)
    const [message] = await messagesOf('knowledge-point-expiring', QUESTION)
    expect(message?.title).toBe('知识点即将到期')
    expect(message?.body).toContain(`知识点“${QUESTION}”有效期至2026年12月4日`)
    // Another department is told nothing.
    const other = await request(
      'GET',
      '/api/v1/notifications?limit=100',
      world.token('reviewer', { department: 'housing' }),
    )
    expect((other.body.messages as Message[]).filter((m) => m.body.includes(QUESTION))).toEqual([])

    // A second sweep the same day raises nothing; the next day's sentinel shows the notifier has seen all there was.
    expect(await sweep()).toBe(0)
    world.clock.set(at('2026-12-03'))
    await sentinel('哨兵三', '2026-12-03', '2026-12-07')
    expect(await messagesOf('knowledge-point-expiring', QUESTION)).toHaveLength(1)
    expect(
      (await published(world, KnowledgePointExpiryRemindedV1)).filter((e) => e.point.id === script.id),
    ).toHaveLength(1)
  })

  it('a renewal clears it: confirmed for a new period, no reminder until that period’s own day', async () => {
    // Thu 12-03: the department confirms the point to Fri 2027-05-28 (a 答复口径 is valid at most 6 months).
    const renewed = await request('PUT', `/api/v1/hotline/knowledge/${script.id}`, reviewer(), {
      ...point(QUESTION, '2026-11-30', '2027-05-28'),
      version: script.version,
    })
    expectStatus(renewed, 200)
    expect(renewed.body.point.remindedFor).toBeUndefined()
    script = renewed.body.point
    const listed = await request('GET', '/api/v1/hotline/knowledge', reviewer())
    const own = (listed.body.points as Array<{ id: string; remindedFor?: string }>).find((p) => p.id === script.id)
    expect(own?.remindedFor).toBeUndefined()
    expect(await sweep()).toBe(0)
    await sentinel('哨兵四', '2026-12-03', '2026-12-07')
    expect(await messagesOf('knowledge-point-expiring', QUESTION)).toHaveLength(1)
  })

  it('a published calendar that moves an open feedback’s due day tells the department the new day, once', async () => {
    // Wed 12-30 raised: 2 working days are Thu 12-31 and Fri 2027-01-01 while 2027 is unpublished (weekdays alone);
    // with 元旦 01-01..01-03 published, Thu 12-31 and Mon 01-04. The urgent one's 1 day, Thu 12-31, does not move.
    world.clock.set(at('2026-12-30'))
    const raise = async (urgent: boolean) => {
      const res = await request('POST', '/api/v1/hotline/knowledge/feedback', agent(), {
        pointId: script.id,
        kind: urgent ? 'error' : 'outdated',
        urgent,
        note: urgent ? '突发：口径有误' : '办结时限已调整',
      })
      expectStatus(res, 201)
      return res.body.feedback as { id: string; dueOn: string }
    }
    const plain = await raise(false)
    const urgent = await raise(true)
    expect([plain.dueOn, urgent.dueOn]).toEqual(['2027-01-01', '2026-12-31'])
    expect(await messagesOf('knowledge-feedback-due-moved', QUESTION)).toEqual([])

    const schedule2027 = {
      year: 2027,
      source: {
        title: '国务院办公厅关于2027年部分节假日安排的通知',
        number: '国办发明电〔2026〕9号',
        issued: '2026-11-20',
      },
      holidays: [{ name: '元旦', nameEn: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }],
      workdays: [],
    }
    expectStatus(await request('POST', '/api/v1/admin/calendars', world.token('admin'), schedule2027), 201)

    await expect
      .poll(async () => (await messagesOf('knowledge-feedback-due-moved', QUESTION)).length, { timeout: 30_000 })
      .toBe(1)
    const [moved] = await messagesOf('knowledge-feedback-due-moved', QUESTION)
    expect(moved?.title).toBe('知识点反馈答复期限调整')
    expect(moved?.body).toContain('答复期限由2027年1月1日调整为2027年1月4日')
    // The department reads the new day and the one it replaces beside the feedback.
    const own = await request('GET', '/api/v1/hotline/knowledge/feedback?status=open', reviewer())
    expectStatus(own, 200)
    const byId = new Map(
      (own.body.feedback as Array<{ id: string; dueOn: string; dueMoved?: { from: string } }>).map((f) => [f.id, f]),
    )
    expect(byId.get(plain.id)).toMatchObject({ dueOn: '2027-01-04', dueMoved: { from: '2027-01-01' } })
    expect(byId.get(urgent.id)?.dueOn).toBe('2026-12-31')
    expect(byId.get(urgent.id)?.dueMoved).toBeUndefined()
    // One event, for the feedback whose day changed only.
    expect((await published(world, KnowledgeFeedbackDueMovedV1)).map((e) => e.feedback.id)).toEqual([plain.id])
  })

  it('the renewed point is reminded on its new period’s day, once', async () => {
    // Valid to Fri 2027-05-28: reminded Wed 05-26 (the two working days 05-27 and 05-28 after it).
    // (The sweep's count now includes the two feedback the department let run overdue: the stream is read instead.)
    const reminders = async () =>
      (await published(world, KnowledgePointExpiryRemindedV1)).filter((e) => e.point.id === script.id)
    world.clock.set(at('2027-05-25'))
    await sweep()
    expect(await reminders()).toHaveLength(1)
    world.clock.set(at('2027-05-26'))
    await sweep()
    await expect.poll(async () => (await reminders()).map((e) => e.remindOn)).toEqual(['2026-12-02', '2027-05-26'])
    await expect.poll(async () => (await messagesOf('knowledge-point-expiring', QUESTION)).length).toBe(2)
    const messages = await messagesOf('knowledge-point-expiring', QUESTION)
    expect(messages.filter((m) => m.body.includes('有效期至2027年5月28日'))).toHaveLength(1)
  })
})
