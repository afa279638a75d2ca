import { TaskSupervisedV1, type TaskSupervision, TaskSupervisionOverdueV1 } from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  aProject,
  aTask,
  messagesOfEvent,
  messagesOfEventOnce,
  notificationWorld,
  publishEvent,
  registerProject,
  settled,
  type World,
} from './helpers.js'

// 督办 of a task as messages (docs/notifications.md, docs/legal-time.md#督办): on the real NATS stream and PostgreSQL,
// `permit.approval.task.supervised.v1` as approval publishes it — the snapshot after the 督办 or after its answer.

const ISSUED_AT = '2026-03-02T02:00:00.000Z'

/** A 督办 issued on Monday 2026-03-02 with 3 working days to reply (by Thursday 2026-03-05). */
const aSupervision = (over: Partial<TaskSupervision> = {}): TaskSupervision => ({
  id: uuidv7(),
  note: '该事项已超过承诺时限，请说明原因并加快办理',
  openedOn: '2026-03-02',
  openedAt: ISSUED_AT,
  openedBy: 'supervisor-1',
  deadline: { spec: { limit: { value: 3, unit: 'W' }, start: '2026-03-02', suspensions: [] }, due: '2026-03-05' },
  ...over,
})

/** The answer as approval's evolve writes it: the response, its instant and day (`deadline.doneOn`), the task's version. */
const answered = (s: TaskSupervision, at: string, on: string, response: string): TaskSupervision => ({
  ...s,
  response,
  respondedAt: at,
  respondedBy: 'reviewer-1',
  deadline: { ...s.deadline, doneOn: on },
})

describe('notifications of a task’s 督办', () => {
  let w: World
  beforeAll(async () => {
    w = await notificationWorld('2026-03-02T02:00:00.000Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  const messagesOf = async (actor: object) =>
    (
      await w.app.inject({
        method: 'GET',
        url: '/messages?limit=100',
        headers: await asCaller('notification', actor, w.clock),
      })
    ).json() as { messages: { kind: string; title: string; body: string }[] }

  it('an issued 督办 tells the task’s department its 督办意见 and reply-by day, once across redeliveries', async () => {
    const project = aProject()
    await registerProject(w, project)
    const s = aSupervision()
    const task = aTask(project, { status: 'claimed', version: 3, supervisions: [s], updatedAt: ISSUED_AT })
    const body = { task, actor: 'supervisor-1', note: s.note }
    const first = await publishEvent(w, TaskSupervisedV1, body)
    const [dept, ...others] = await messagesOfEventOnce(w, first.eventId, 1)
    // The department alone: a 督办 is the office's word to the department, not the owner's or the lead's business.
    expect(others).toEqual([])
    expect([dept?.party_kind, dept?.party, dept?.channel, dept?.title]).toEqual([
      'department',
      'natural-resources',
      'log',
      '督办通知',
    ])
    expect(dept?.body).toContain(`项目“${project.name}”（项目代码 ${project.projectCode}）`)
    expect(dept?.body).toContain('（市自然资源局办理）发出督办')
    expect(dept?.body).toContain(`督办意见：“${s.note}”，请于2026年3月5日前回复。`)

    // The same event again (a relay re-sending it): the inbox drops it.
    const again = await publishEvent(w, TaskSupervisedV1, body, first.eventId)
    await settled(w, 'notification-task-supervised', again.seq)
    // And once more with its inbox row gone (a replayed dead letter): the message outbox holds.
    await w.db.pool.query('DELETE FROM inbox_message WHERE event_id = $1', [first.eventId])
    const replay = await publishEvent(w, TaskSupervisedV1, body, first.eventId)
    await settled(w, 'notification-task-supervised', replay.seq)
    expect((await w.db.pool.query('SELECT 1 FROM inbox_message WHERE event_id = $1', [first.eventId])).rowCount).toBe(1)
    expect(await messagesOfEvent(w, first.eventId)).toHaveLength(1)

    // A reviewer of the department reads it in its list.
    const reviewer = await messagesOf({ sub: 'reviewer-1', role: 'reviewer', department: 'natural-resources' })
    expect(
      reviewer.messages.filter((m) => m.kind === 'task-supervised' && m.body.includes(project.projectCode)),
    ).toHaveLength(1)
  })

  it('the answer tells the supervising office, once; a late one is marked with the day that passed', async () => {
    const project = aProject()
    await registerProject(w, project)
    // A second 督办 on a task that has one answered already: the event is about the one answered at `updatedAt`.
    const earlier = answered(aSupervision({ note: '首次督办' }), '2026-02-25T03:00:00.000Z', '2026-02-25', '早前的回复')
    const s = aSupervision()
    const inTimeAt = '2026-03-04T06:00:00.000Z'
    const task = aTask(project, {
      status: 'claimed',
      version: 5,
      supervisions: [earlier, answered(s, inTimeAt, '2026-03-04', '已于今日出具审查意见，三个工作日内办结')],
      updatedAt: inTimeAt,
    })
    const body = { task, actor: 'reviewer-1', note: 'answered' }
    const first = await publishEvent(w, TaskSupervisedV1, body)
    const [office, ...others] = await messagesOfEventOnce(w, first.eventId, 1)
    expect(others).toEqual([])
    expect([office?.party_kind, office?.party, office?.title]).toEqual(['supervisor', 'supervision', '督办已回复'])
    expect(office?.body).toContain('市自然资源局已于2026年3月4日回复对')
    expect(office?.body).toContain('的督办：“已于今日出具审查意见，三个工作日内办结”。')
    expect(office?.body).not.toContain('早前的回复')

    const again = await publishEvent(w, TaskSupervisedV1, body, first.eventId)
    await settled(w, 'notification-task-supervised', again.seq)
    await w.db.pool.query('DELETE FROM inbox_message WHERE event_id = $1', [first.eventId])
    const replay = await publishEvent(w, TaskSupervisedV1, body, first.eventId)
    await settled(w, 'notification-task-supervised', replay.seq)
    expect(await messagesOfEvent(w, first.eventId)).toHaveLength(1)

    // Answered on Friday 2026-03-06, the day after its reply-by day.
    const lateAt = '2026-03-06T02:00:00.000Z'
    const late = await publishEvent(w, TaskSupervisedV1, {
      task: { ...task, version: 6, supervisions: [answered(s, lateAt, '2026-03-06', '已办结')], updatedAt: lateAt },
      actor: 'reviewer-1',
      note: 'answered',
    })
    const [lateRow] = await messagesOfEventOnce(w, late.eventId, 1)
    expect(lateRow?.title).toBe('督办已回复（逾期）')
    expect(lateRow?.body).toContain('（逾期回复，回复期限为2026年3月5日）：“已办结”。')

    // Every supervisor reads the office's messages (the notifier addresses the office, not one supervisor).
    const supervisor = await messagesOf({ sub: 'supervisor-2', role: 'supervisor' })
    expect(
      supervisor.messages.filter((m) => m.kind === 'task-supervision-answered' && m.body.includes(project.projectCode)),
    ).toHaveLength(2)
  })
})

describe('a task.supervised that names its 督办 and turn', () => {
  let w: World
  beforeAll(async () => {
    w = await notificationWorld('2026-03-02T02:00:00.000Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  it('tells the party the fields name, where the snapshot’s instants would name another 督办 or none', async () => {
    const project = aProject()
    await registerProject(w, project)
    // One 督办 answered and another issued at the same instant: the instants alone read it as the answer.
    const earlier = answered(aSupervision({ note: '首次督办' }), ISSUED_AT, '2026-03-02', '早前的回复')
    const s = aSupervision({ note: '请于三日内说明办理进度' })
    const task = aTask(project, { status: 'claimed', version: 4, supervisions: [earlier, s], updatedAt: ISSUED_AT })
    const issued = await publishEvent(w, TaskSupervisedV1, {
      task,
      actor: 'supervisor-1',
      note: s.note,
      supervisionId: s.id,
      turn: 'issued',
    })
    const [dept, ...others] = await messagesOfEventOnce(w, issued.eventId, 1)
    expect(others).toEqual([])
    expect([dept?.party_kind, dept?.party, dept?.title]).toEqual(['department', 'natural-resources', '督办通知'])
    expect(dept?.body).toContain(`督办意见：“${s.note}”，请于2026年3月5日前回复。`)

    // The answer, its snapshot stamped at another instant than the answer's (nothing at `updatedAt`): told by its id.
    const at = '2026-03-04T06:00:00.000Z'
    const reply = await publishEvent(w, TaskSupervisedV1, {
      task: {
        ...task,
        version: 5,
        supervisions: [earlier, answered(s, at, '2026-03-04', '已出具审查意见')],
        updatedAt: '2026-03-04T06:00:01.000Z',
      },
      actor: 'reviewer-1',
      note: 'answered',
      supervisionId: s.id,
      turn: 'answered',
    })
    const [office, ...rest] = await messagesOfEventOnce(w, reply.eventId, 1)
    expect(rest).toEqual([])
    expect([office?.party_kind, office?.party, office?.title]).toEqual(['supervisor', 'supervision', '督办已回复'])
    expect(office?.body).toContain('的督办：“已出具审查意见”。')
    expect(office?.body).not.toContain('早前的回复')
  })
})

describe('a 督办 unanswered past its reply-by day', () => {
  let w: World
  beforeAll(async () => {
    w = await notificationWorld('2026-03-06T02:00:00.000Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  it('tells the supervising office once (督办逾期未回复), with the day that passed', async () => {
    const project = aProject()
    await registerProject(w, project)
    const s = { ...aSupervision(), overdueOn: '2026-03-06' }
    const task = aTask(project, {
      status: 'claimed',
      version: 4,
      supervisions: [s],
      updatedAt: '2026-03-06T02:00:00.000Z',
    })
    const body = { task, supervisionId: s.id, dueOn: '2026-03-05' }
    const first = await publishEvent(w, TaskSupervisionOverdueV1, body)
    const [office, ...others] = await messagesOfEventOnce(w, first.eventId, 1)
    expect(others).toEqual([])
    expect([office?.party_kind, office?.party, office?.title]).toEqual(['supervisor', 'supervision', '督办逾期未回复'])
    expect(office?.body).toContain('未在2026年3月5日前回复对')
    expect(office?.body).toContain(`（督办意见：“${s.note}”），已逾期。`)
    const again = await publishEvent(w, TaskSupervisionOverdueV1, body, first.eventId)
    await settled(w, 'notification-supervision-overdue', again.seq)
    expect(await messagesOfEvent(w, first.eventId)).toHaveLength(1)
  })
})

describe('the supervising office’s preferences', () => {
  let w: World
  beforeAll(async () => {
    w = await notificationWorld('2026-03-02T02:00:00.000Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  // One party every supervisor reads: none of them may redirect its SMS and e-mail; an admin sets them, naming it.
  it('are set by an admin naming the office, never by a supervisor', async () => {
    const put = (actor: Parameters<typeof asCaller>[1], url: string) =>
      asCaller('notification', actor, w.clock).then((headers) =>
        w.app.inject({ method: 'PUT', url, headers, payload: { channels: ['sms'], phone: '13800000000' } }),
      )
    const supervisor = await put({ sub: 'supervisor-1', role: 'supervisor' }, '/preferences')
    expect([supervisor.statusCode, supervisor.json().code, supervisor.json().party]).toEqual([
      403,
      'NOTIFICATION_OFFICE_PREFERENCES_ADMIN_ONLY',
      { kind: 'supervisor', id: 'supervision' },
    ])
    const reviewer = await put(
      { sub: 'r-1', role: 'reviewer', department: 'natural-resources' },
      '/preferences?office=supervision',
    )
    expect([reviewer.statusCode, reviewer.json().code]).toEqual([403, 'NOTIFICATION_OFFICE_PREFERENCES_ADMIN_ONLY'])
    const admin = await put({ sub: 'admin-1', role: 'admin' }, '/preferences?office=supervision')
    expect(admin.statusCode, admin.body).toBe(200)
    expect(admin.json().preferences).toMatchObject({
      party: { kind: 'supervisor', id: 'supervision' },
      phone: '13800000000',
    })
    const { rows } = await w.db.pool.query<{ actor: string; role: string }>(
      `SELECT actor, role FROM audit_entry WHERE action = 'notification.preferences.put' AND object = $1`,
      ['notification-preferences:supervisor:supervision'],
    )
    expect(rows).toEqual([{ actor: 'admin-1', role: 'admin' }])
  })
})
