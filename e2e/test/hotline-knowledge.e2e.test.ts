import { KnowledgePointExpiryRemindedV1, TicketClosedV1, TicketRegisteredV1 } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectStatus, published, workingDaysAfter } from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// The hotline's knowledge base (知识库, issue 17 part 7) through the gateway and the real hotline service, on an
// injected clock: a consultation answered from a valid point closes at once, citing it; an expired point is neither
// offered nor citable; a point's expiry reminder is raised once, on the day an independent count says.
// Monday 2026-11-02, 09:00 Shanghai; November 2026 has no holiday.
const START = '2026-11-02T01:00:00Z'
const DEPARTMENT = 'natural-resources'
let world: World
beforeAll(async () => {
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: START,
    hotline: true,
  })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const reviewer = () => world.token('reviewer', { department: DEPARTMENT })
const agent = () => world.token('agent')
/** 09:00 Shanghai on a legal day. */
const at = (day: string) => `${day}T01:00:00Z`

const request = async (method: 'GET' | 'POST' | 'PUT', url: string, bearer: string, payload?: object) => {
  const res = await world.gateway.inject({
    method,
    url,
    headers: { authorization: `Bearer ${bearer}` },
    ...(payload ? { payload } : {}),
  })
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers }
}

const createPoint = async (body: object) => {
  const res = await request('POST', '/api/v1/hotline/knowledge', reviewer(), body)
  expectStatus(res, 201)
  return res.body.point as { id: string; version: number; validTo: string; status: string }
}

const offered = async (q?: string) => {
  const res = await request('GET', `/api/v1/hotline/knowledge${q ? `?q=${encodeURIComponent(q)}` : ''}`, agent())
  expectStatus(res, 200)
  return (res.body.points as Array<{ id: string; status: string }>).map((p) => p.id)
}

const consultation = { title: '施工许可咨询', content: '施工许可需要哪些材料？', requester: { name: '张三' } }

/** Reminders raised for one point, as the stream holds them. */
const remindersOf = async (id: string) =>
  (await published(world, KnowledgePointExpiryRemindedV1)).filter((e) => e.point.id === id)

describe('知识库 through the gateway', () => {
  let script: { id: string; validTo: string; version: number; status: string }
  let guide: { id: string; validTo: string }

  it('a department adds its points, each bounded by its kind; the agent is offered those valid today', async () => {
    // A 答复口径 valid at most 6 months: from 11-02 the last allowed day is 2027-05-01.
    const tooLong = await request('POST', '/api/v1/hotline/knowledge', reviewer(), {
      question: '施工许可需要哪些材料？',
      answer: '按办事指南提交。',
      kind: 'script',
      source: '广州市建设工程施工许可办事指南',
      validFrom: '2026-11-02',
      validTo: '2027-05-02',
    })
    expectStatus(tooLong, 422)
    expect(tooLong.body.code).toBe('HOTLINE_KNOWLEDGE_VALIDITY_INVALID')
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: '/body/validTo' })])

    script = await createPoint({
      question: '施工许可需要哪些材料？',
      answer: '按办事指南提交：申请表、用地批准书、工程规划许可证、施工图审查合格书。',
      kind: 'script',
      source: '广州市建设工程施工许可办事指南',
      validFrom: '2026-11-02',
      validTo: '2026-12-03',
    })
    guide = await createPoint({
      question: '规划许可多久办结？',
      answer: '承诺时限内办结。',
      kind: 'guide',
      source: '工程建设项目审批服务指南',
      validFrom: '2026-11-02',
      validTo: '2026-11-10',
    })
    expect(script.status).toBe('valid')
    expect(await offered()).toEqual(expect.arrayContaining([script.id, guide.id]))
    expect(await offered('施工许可')).toEqual([script.id])

    // Only the department's reviewer or lead manages points; another department does not see them.
    const byAgent = await request('POST', '/api/v1/hotline/knowledge', agent(), {
      question: 'q',
      answer: 'a',
      kind: 'guide',
      source: 's',
      validFrom: '2026-11-02',
      validTo: '2026-11-30',
    })
    expectStatus(byAgent, 403)
    const other = await request(
      'PUT',
      `/api/v1/hotline/knowledge/${script.id}`,
      world.token('reviewer', { department: 'housing' }),
      {
        question: 'q',
        answer: 'a',
        kind: 'script',
        source: 's',
        validFrom: '2026-11-02',
        validTo: '2026-11-30',
        version: 1,
      },
    )
    expectStatus(other, 404)
    expectStatus(
      await request('GET', '/api/v1/hotline/knowledge', world.token('owner', { creditCode: '91440101MA59XXXX0X' })),
      403,
    )
  })

  it('a consultation answered from a valid point is registered and closed at once, citing the point', async () => {
    const res = await request('POST', `/api/v1/hotline/knowledge/${script.id}/consultations`, agent(), consultation)
    expectStatus(res, 201)
    const ticket = res.body.ticket
    expect(ticket).toMatchObject({
      type: 'consultation',
      status: 'closed',
      closure: 'answered',
      knowledgePoint: { id: script.id, version: script.version, department: DEPARTMENT },
    })
    // Registered and closed in one go: both facts are in the stream, and no dispatch clock runs.
    await expect
      .poll(
        async () =>
          (await published(world, TicketClosedV1)).filter((e) => e.ticket.ticketId === ticket.ticketId).length,
      )
      .toBe(1)
    const registered = (await published(world, TicketRegisteredV1)).filter((e) => e.ticket.ticketId === ticket.ticketId)
    expect(registered).toHaveLength(1)
  })

  it('an expired point is not offered, not shown to the agent and refused if named, with nothing written', async () => {
    world.clock.set(at('2026-11-11'))
    expect(await offered()).toEqual([script.id])
    expectStatus(await request('GET', `/api/v1/hotline/knowledge/${guide.id}`, agent()), 404)
    const before = (await published(world, TicketRegisteredV1)).length
    const refused = await request('POST', `/api/v1/hotline/knowledge/${guide.id}/consultations`, agent(), consultation)
    expectStatus(refused, 422)
    expect(refused.body).toMatchObject({ code: 'HOTLINE_KNOWLEDGE_NOT_VALID', pointStatus: 'expired' })
    // The department still sees its lapsed point, marked so.
    const own = await request('GET', '/api/v1/hotline/knowledge', reviewer())
    expect(own.body.points.find((p: { id: string }) => p.id === guide.id)?.status).toBe('expired')
    // A valid answer registers the next ticket: had the refused one been written, it would show among them.
    expectStatus(
      await request('POST', `/api/v1/hotline/knowledge/${script.id}/consultations`, agent(), consultation),
      201,
    )
    await expect.poll(async () => (await published(world, TicketRegisteredV1)).length).toBe(before + 1)
  })

  it('the expiry reminder is raised once, to the owning department, two working days before the last valid one', async () => {
    const calendar = defaultCalendar()
    // The lapsed guide was reminded when the clock passed its day: valid to Tue 11-10, reminded Fri 11-06.
    await expect.poll(async () => (await remindersOf(guide.id)).length).toBe(1)
    const [guideReminder] = await remindersOf(guide.id)
    expect(guideReminder?.remindOn).toBe('2026-11-06')
    expect(workingDaysAfter('2026-11-06', '2026-11-10')).toBe(2)

    // The day before the script's reminder day: a point made now that is due today is reminded, the script is not.
    world.clock.set(at('2026-11-30'))
    const sentinel = await createPoint({
      question: '哨兵一',
      answer: '今天提醒',
      kind: 'script',
      source: '测试',
      validFrom: '2026-11-30',
      validTo: '2026-12-02',
    })
    await expect.poll(async () => (await remindersOf(sentinel.id)).length).toBe(1)
    expect(await remindersOf(script.id)).toHaveLength(0)

    // Its day: valid to Thu 12-03, the two working days 12-02 and 12-03 after it, so Tue 12-01 (counted here day by day).
    world.clock.set(at('2026-12-01'))
    expect(calendar.isWorkingDay('2026-12-01')).toBe(true)
    expect(workingDaysAfter('2026-12-01', script.validTo)).toBe(2)
    await expect.poll(async () => (await remindersOf(script.id)).length).toBe(1)
    const [reminder] = await remindersOf(script.id)
    expect(reminder).toMatchObject({ department: DEPARTMENT, remindOn: '2026-12-01', expiresAfter: '2026-12-03' })

    // Later passes raise it no more: once the next day's sentinel is reminded, the script has still one.
    world.clock.set(at('2026-12-02'))
    const second = await createPoint({
      question: '哨兵二',
      answer: '今天提醒',
      kind: 'script',
      source: '测试',
      validFrom: '2026-12-02',
      validTo: '2026-12-04',
    })
    await expect.poll(async () => (await remindersOf(second.id)).length).toBe(1)
    expect(await remindersOf(script.id)).toHaveLength(1)
  })
})
