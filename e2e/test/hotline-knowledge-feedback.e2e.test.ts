import { KnowledgeFeedbackOverdueV1, KnowledgeFeedbackRaisedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectStatus, published, workingDaysAfter } from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// 知识点反馈 (seeds/004_33317a5f04b53a73.txt:1680–1682) through the gateway and the real hotline service on an
// injected clock: the centre reports an outdated point and asks for a missing one; the department answers within
// 2 working days (1 for a sudden hot topic), each due day checked against a day-by-day count; an unanswered one is
// overdue once, the day after its due day, and still taken late.
// Thursday 2026-11-05, 09:00 Shanghai; November 2026 has no holiday.
const START = '2026-11-05T01:00:00Z'
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

type FeedbackView = {
  id: string
  status: string
  dueOn: string
  limit: number
  overdue: boolean
  overdueOn?: string
  version: number
  answer?: { action: string; late: boolean; pointId?: string; pointVersion?: number }
}

const raise = async (body: object) => {
  const res = await request('POST', '/api/v1/hotline/knowledge/feedback', agent(), body)
  expectStatus(res, 201)
  return res.body.feedback as FeedbackView
}

const overdueEventsOf = async (id: string) =>
  (await published(world, KnowledgeFeedbackOverdueV1)).filter((e) => e.feedback.id === id)

describe('知识点反馈 through the gateway', () => {
  let point: { id: string; version: number }
  let outdated: FeedbackView
  let urgent: FeedbackView
  let missing: FeedbackView

  it('the centre raises feedback on a point and asks for a new one; each due day is the seed’s count', async () => {
    const created = await request('POST', '/api/v1/hotline/knowledge', reviewer(), {
      question: '建设用地规划许可需要哪些材料？',
      answer: '申请表、用地批准文件。',
      kind: 'guide',
      source: '建设用地规划许可办事指南',
      validFrom: '2026-11-02',
      validTo: '2027-05-31',
    })
    expectStatus(created, 201)
    point = created.body.point

    outdated = await raise({ pointId: point.id, kind: 'outdated', note: '材料清单已按新规调整，知识点未更新' })
    expect(outdated).toMatchObject({ status: 'open', limit: 2, overdue: false, point: { id: point.id, version: 1 } })
    // Raised Thu 11-05: the 2 working days are Fri 11-06 and Mon 11-09.
    expect(outdated.dueOn).toBe('2026-11-09')
    expect(workingDaysAfter('2026-11-05', outdated.dueOn)).toBe(2)

    urgent = await raise({ pointId: point.id, kind: 'error', urgent: true, note: '突发：系统入口变更，口径有误' })
    expect(urgent).toMatchObject({ limit: 1, dueOn: '2026-11-06' })
    expect(workingDaysAfter('2026-11-05', urgent.dueOn)).toBe(1)

    missing = await raise({ department: DEPARTMENT, kind: 'new-point', note: '缺少临时用地审批的知识点' })
    expect(missing).toMatchObject({ dueOn: '2026-11-09' })
    // The relay publishes after the commit: the third event reaches the stream a moment after its 201.
    await expect
      .poll(
        async () =>
          (await published(world, KnowledgeFeedbackRaisedV1)).filter((e) => e.feedback.department === DEPARTMENT)
            .length,
      )
      .toBe(3)

    // Only the centre raises; a department's feedback is its own to read.
    expectStatus(
      await request('POST', '/api/v1/hotline/knowledge/feedback', reviewer(), {
        pointId: point.id,
        kind: 'error',
        note: 'x',
      }),
      403,
    )
    const target = await request('POST', '/api/v1/hotline/knowledge/feedback', agent(), {
      pointId: point.id,
      department: 'housing',
      kind: 'error',
      note: 'x',
    })
    expectStatus(target, 422)
    expect(target.body.code).toBe('HOTLINE_FEEDBACK_TARGET_INVALID')
    const own = await request('GET', '/api/v1/hotline/knowledge/feedback?status=open', reviewer())
    expectStatus(own, 200)
    // Soonest due first: the urgent one leads.
    expect(own.body.feedback.map((f: FeedbackView) => f.id)).toEqual([urgent.id, outdated.id, missing.id])
    const stranger = await request(
      'GET',
      '/api/v1/hotline/knowledge/feedback',
      world.token('reviewer', { department: 'housing' }),
    )
    expect(stranger.body.feedback.map((f: FeedbackView) => f.id)).not.toContain(outdated.id)
    expectStatus(
      await request(
        'POST',
        `/api/v1/hotline/knowledge/feedback/${outdated.id}/answer`,
        world.token('reviewer', { department: 'housing' }),
        { action: 'none', note: '不是我们的' },
      ),
      404,
    )
  })

  it('the department answers: "revised" only after revising, "none" with its reason', async () => {
    world.clock.set(at('2026-11-06'))
    const early = await request('POST', `/api/v1/hotline/knowledge/feedback/${outdated.id}/answer`, reviewer(), {
      action: 'revised',
      note: '已更新材料清单',
    })
    expectStatus(early, 409)
    expect(early.body.code).toBe('HOTLINE_FEEDBACK_NOT_ACTED')
    const revised = await request('PUT', `/api/v1/hotline/knowledge/${point.id}`, reviewer(), {
      question: '建设用地规划许可需要哪些材料？',
      answer: '申请表、用地批准文件、宗地图。',
      kind: 'guide',
      source: '建设用地规划许可办事指南（2026年修订）',
      validFrom: '2026-11-02',
      validTo: '2027-05-31',
      version: 1,
    })
    expectStatus(revised, 200)
    const answered = await request('POST', `/api/v1/hotline/knowledge/feedback/${outdated.id}/answer`, reviewer(), {
      action: 'revised',
      note: '已更新材料清单',
    })
    expectStatus(answered, 200)
    expect(answered.body.feedback).toMatchObject({
      status: 'answered',
      answer: { action: 'revised', pointId: point.id, pointVersion: 2, late: false },
    })
    const urgentAnswer = await request('POST', `/api/v1/hotline/knowledge/feedback/${urgent.id}/answer`, reviewer(), {
      action: 'none',
      note: '经核实口径无误，入口变更已在知识点中说明',
    })
    expectStatus(urgentAnswer, 200)
    expect(urgentAnswer.body.feedback.answer).toMatchObject({ action: 'none', late: false })
    const twice = await request('POST', `/api/v1/hotline/knowledge/feedback/${urgent.id}/answer`, reviewer(), {
      action: 'none',
      note: '再答',
    })
    expectStatus(twice, 409)
    expect(twice.body.code).toBe('HOTLINE_FEEDBACK_ANSWERED')
  })

  it('unanswered past its due day: overdue once, seen by the centre, and still taken late', async () => {
    // Mon 11-09 is its last day: nothing yet.
    world.clock.set(at('2026-11-09'))
    const onDue = await request('GET', '/api/v1/hotline/knowledge/feedback?status=open', agent())
    expect(onDue.body.feedback.find((f: FeedbackView) => f.id === missing.id)?.overdue).toBe(false)
    world.clock.set(at('2026-11-10'))
    await expect.poll(async () => (await overdueEventsOf(missing.id)).length, { timeout: 15_000 }).toBe(1)
    const seen = await request('GET', '/api/v1/hotline/knowledge/feedback?status=open', agent())
    expect(seen.body.feedback.find((f: FeedbackView) => f.id === missing.id)).toMatchObject({
      overdue: true,
      overdueOn: '2026-11-10',
    })
    // A later pass raises it no more: a feedback raised now and overdue later is the sentinel.
    const sentinel = await raise({ department: DEPARTMENT, kind: 'new-point', urgent: true, note: '哨兵' })
    world.clock.set(at('2026-11-12'))
    await expect.poll(async () => (await overdueEventsOf(sentinel.id)).length, { timeout: 15_000 }).toBe(1)
    expect(await overdueEventsOf(missing.id)).toHaveLength(1)

    const added = await request('POST', '/api/v1/hotline/knowledge', reviewer(), {
      question: '临时用地审批需要哪些材料？',
      answer: '申请书、临时用地合同、复垦方案。',
      kind: 'guide',
      source: '临时用地审批办事指南',
      validFrom: '2026-11-12',
      validTo: '2027-11-11',
    })
    expectStatus(added, 201)
    const late = await request('POST', `/api/v1/hotline/knowledge/feedback/${missing.id}/answer`, reviewer(), {
      action: 'added',
      note: '已新增临时用地知识点',
      pointId: added.body.point.id,
    })
    expectStatus(late, 200)
    expect(late.body.feedback).toMatchObject({
      status: 'answered',
      overdueOn: '2026-11-10',
      answer: { action: 'added', late: true, pointId: added.body.point.id },
    })
  })
})
