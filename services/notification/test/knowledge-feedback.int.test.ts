import {
  KnowledgeFeedbackAnsweredV1,
  KnowledgeFeedbackDueMovedV1,
  KnowledgeFeedbackOverdueV1,
  KnowledgeFeedbackRaisedV1,
  type KnowledgeFeedbackSnapshot,
  KnowledgePointExpiryRemindedV1,
  type KnowledgePointSnapshot,
} from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  messagesOfEvent,
  messagesOfEventOnce,
  notificationWorld,
  publishEvent,
  settled,
  type World,
} from './helpers.js'

// 知识点反馈 as messages (docs/notifications.md, docs/hotline.md#knowledge-base): on the real NATS stream and
// PostgreSQL, the events as the hotline publishes them. The department owing the answer is told when feedback is
// raised; the 12345 centre (every agent) when it is answered, and both when it runs overdue.

const PLANNING = 'natural-resources'

/** Feedback raised Monday 2026-03-02 on a guide point of natural-resources; 2 WD → due Wednesday 2026-03-04. */
function aFeedback(over: Partial<KnowledgeFeedbackSnapshot> = {}): KnowledgeFeedbackSnapshot {
  return {
    id: uuidv7(),
    department: PLANNING,
    point: { id: uuidv7(), version: 1, question: '建设用地规划许可需要哪些材料？' },
    kind: 'outdated',
    urgent: false,
    note: '材料清单已按新办法调整',
    raisedOn: '2026-03-02',
    limit: 2,
    dueOn: '2026-03-04',
    status: 'open',
    version: 1,
    createdAt: '2026-03-02T02:00:00.000Z',
    updatedAt: '2026-03-02T02:00:00.000Z',
    ...over,
  }
}

describe('notifications of knowledge-point feedback', () => {
  let w: World
  beforeAll(async () => {
    w = await notificationWorld('2026-03-02T02:00:00.000Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  const parties = (eventId: string, count: number) => messagesOfEventOnce(w, eventId, count)
  const messagesOf = async (actor: object) =>
    (
      await w.app.inject({
        method: 'GET',
        url: '/messages?limit=100',
        headers: await asCaller('notification', actor, w.clock),
      })
    ).json()

  it('raised: the department that must answer is told, with its due day; urgent feedback says 1 working day', async () => {
    const raised = await publishEvent(w, KnowledgeFeedbackRaisedV1, { feedback: aFeedback() })
    const [dept, ...others] = await parties(raised.eventId, 1)
    expect(others).toEqual([])
    expect([dept?.party_kind, dept?.party, dept?.title]).toEqual(['department', PLANNING, '知识点反馈'])
    expect(dept?.body).toContain('就知识点“建设用地规划许可需要哪些材料？”提出反馈（内容过期）')
    expect(dept?.body).toContain('2 个工作日内')
    expect(dept?.body).toContain('答复期限至2026年3月4日')

    // A new point asked for, urgent (突发事项): 1 WD, due Tuesday 2026-03-03; no point to name.
    const { point: _none, ...newPoint } = aFeedback({ kind: 'new-point', urgent: true, limit: 1, dueOn: '2026-03-03' })
    const urgent = await publishEvent(w, KnowledgeFeedbackRaisedV1, { feedback: newPoint })
    const [u] = await parties(urgent.eventId, 1)
    expect(u?.title).toBe('突发事项知识点反馈')
    expect(u?.body).toContain('就需新增的知识点提出反馈（需要采编新知识点）')
    expect(u?.body).toContain('1 个工作日内')
    expect(u?.body).toContain('答复期限至2026年3月3日')

    const reviewer = await messagesOf({ sub: 'reviewer-1', role: 'reviewer', department: PLANNING })
    expect(reviewer.messages.map((m: { title: string }) => m.title)).toContain('知识点反馈')
  })

  it('answered: the centre is told what the department did, late or not; every agent reads it', async () => {
    const answered = aFeedback({
      status: 'answered',
      answer: { action: 'revised', note: '已更新材料清单', pointVersion: 2, answeredOn: '2026-03-05', late: true },
      version: 3,
    })
    const sent = await publishEvent(w, KnowledgeFeedbackAnsweredV1, { feedback: answered })
    const [centre, ...others] = await parties(sent.eventId, 1)
    expect(others).toEqual([])
    expect([centre?.party_kind, centre?.party, centre?.title]).toEqual(['centre', 'hotline-centre', '知识点反馈已答复'])
    expect(centre?.body).toContain('已于2026年3月5日答复')
    expect(centre?.body).toContain('已修改或审核知识点（逾期答复）')

    const agent = await messagesOf({ sub: 'agent-1', role: 'agent' })
    expect(agent.messages.map((m: { title: string }) => m.title)).toEqual(['知识点反馈已答复'])
  })

  it('overdue: the centre and the department are told the due day that passed', async () => {
    const overdue = aFeedback({ overdueOn: '2026-03-05', version: 2, updatedAt: '2026-03-05T00:00:00.000Z' })
    const sent = await publishEvent(w, KnowledgeFeedbackOverdueV1, { feedback: overdue })
    const rows = await parties(sent.eventId, 2)
    expect(rows.map((r) => [r.party_kind, r.party, r.title])).toEqual([
      ['centre', 'hotline-centre', '知识点反馈答复逾期'],
      ['department', PLANNING, '知识点反馈答复逾期'],
    ])
    expect(rows[0]?.body).toContain('未在期限内答复，答复期限为2026年3月4日')
  })

  it('due day moved by a published calendar: the department is told the new day and the one it replaces', async () => {
    const moved = aFeedback({
      dueOn: '2026-03-05',
      dueMoved: { from: '2026-03-04', notice: '关于调整2026年部分节假日安排的通知' },
      version: 2,
      updatedAt: '2026-03-02T08:00:00.000Z',
    })
    const sent = await publishEvent(w, KnowledgeFeedbackDueMovedV1, { feedback: moved })
    const [dept, ...others] = await parties(sent.eventId, 1)
    expect(others).toEqual([])
    expect([dept?.party_kind, dept?.party, dept?.title]).toEqual(['department', PLANNING, '知识点反馈答复期限调整'])
    expect(dept?.body).toContain('答复期限由2026年3月4日调整为2026年3月5日')

    // An answered one (a stale copy) tells nobody: its clock has stopped.
    const answered = await publishEvent(w, KnowledgeFeedbackDueMovedV1, {
      feedback: { ...moved, status: 'answered' },
    })
    await settled(w, 'notification-knowledge-feedback-due-moved', answered.seq)
    expect(await messagesOfEvent(w, answered.eventId)).toEqual([])
  })

  it('expiry reminded: the point’s department is asked to confirm it before its last valid day', async () => {
    const point: KnowledgePointSnapshot = {
      id: uuidv7(),
      department: PLANNING,
      kind: 'script',
      question: '规划许可多久办结？',
      answer: '承诺时限内办结。',
      source: '工程建设项目审批服务指南',
      validFrom: '2026-01-01',
      validTo: '2026-03-04',
      retired: false,
      version: 1,
      createdAt: '2026-01-01T02:00:00.000Z',
      updatedAt: '2026-01-01T02:00:00.000Z',
      remindedFor: '2026-03-04',
    }
    const sent = await publishEvent(w, KnowledgePointExpiryRemindedV1, {
      point,
      department: PLANNING,
      remindOn: '2026-03-02',
      expiresAfter: '2026-03-04',
    })
    const [dept, ...others] = await parties(sent.eventId, 1)
    expect(others).toEqual([])
    expect([dept?.party_kind, dept?.party, dept?.title]).toEqual(['department', PLANNING, '知识点即将到期'])
    expect(dept?.body).toContain('具体事项答复口径类知识点“规划许可多久办结？”有效期至2026年3月4日')
    const reviewer = await messagesOf({ sub: 'reviewer-1', role: 'reviewer', department: PLANNING })
    expect(reviewer.messages.map((m: { title: string }) => m.title)).toContain('知识点即将到期')
  })

  it('the centre’s preferences are set by an admin, never by an agent (a shared office party)', async () => {
    const put = await w.app.inject({
      method: 'PUT',
      url: '/preferences',
      headers: await asCaller('notification', { sub: 'agent-1', role: 'agent' }, w.clock),
      payload: { channels: ['log'] },
    })
    expect([put.statusCode, put.json().code]).toEqual([403, 'NOTIFICATION_OFFICE_PREFERENCES_ADMIN_ONLY'])
    const admin = await w.app.inject({
      method: 'PUT',
      url: '/preferences?office=hotline-centre',
      headers: await asCaller('notification', { sub: 'admin-1', role: 'admin' }, w.clock),
      payload: { channels: ['log'] },
    })
    expect(admin.statusCode, admin.body).toBe(200)
    expect(admin.json().preferences.party).toEqual({ kind: 'centre', id: 'hotline-centre' })
  })
})
