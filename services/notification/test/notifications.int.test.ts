import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  NOTIFICATION_BODY_MAX,
  NOTIFICATION_TITLE_MAX,
  NotificationMessageListResponse,
  StepDecidedV1,
  StepTasksAssignedV1,
  TaskAssignedV1,
} from '@onewindow/contracts'
import { asCaller, logLines, schemaDifferences } from '@onewindow/testing'
import { Value } from 'typebox/value'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prismaSchemaDir } from '../src/index.js'
import {
  aProject,
  aTask,
  emptyFile,
  messagesOfEvent,
  messagesOfEventOnce,
  notificationWorld,
  OWNER,
  publishEvent,
  registerProject,
  settled,
  type World,
} from './helpers.js'

const owner = { sub: 'owner-1', role: 'owner', creditCode: OWNER.creditCode }
const reviewer = { sub: 'reviewer-1', role: 'reviewer', department: 'natural-resources' }

/** A real SMS gateway stand-in: answers 503 while `failing` says so, records every request it got. */
function smsGateway() {
  const received: Array<{ id: string; to: string; text: string; auth: string | undefined; key: string | undefined }> =
    []
  let failuresLeft = 0
  const server: Server = createServer((req, res) => {
    let data = ''
    req.on('data', (c) => {
      data += c
    })
    req.on('end', () => {
      const body = JSON.parse(data) as { id: string; to: string; text: string }
      received.push({
        ...body,
        auth: req.headers.authorization,
        key: req.headers['idempotency-key'] as string | undefined,
      })
      if (failuresLeft > 0) {
        failuresLeft -= 1
        res.writeHead(503).end('busy')
      } else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
  })
  return {
    received,
    failNext: (n: number) => {
      failuresLeft = n
    },
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const address = server.address()
      if (!address || typeof address === 'string') throw new Error('no port')
      return `http://127.0.0.1:${address.port}/send`
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

type LogLine = { level?: number; unreadable?: { kind?: string; id?: string; reason?: string } }

describe('notification service', () => {
  const log = logLines<LogLine>()
  const file = join(tmpdir(), `notify-${uuidv7()}.jsonl`)
  const gateway = smsGateway()
  let w: World
  const RETRY = { maxAttempts: 3, baseMs: 1_000 }

  beforeAll(async () => {
    emptyFile(file)
    const url = await gateway.start()
    // 2026-03-02 10:00 in Shanghai.
    w = await notificationWorld('2026-03-02T02:00:00.000Z', {
      channels: { file, sms: { url, token: 'test-token' } },
      retry: RETRY,
      logger: { stream: log.stream },
      logLevel: 'warn',
    })
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
    await gateway.close()
  })

  const put = async (actor: object, payload: object) =>
    w.app.inject({
      method: 'PUT',
      url: '/preferences',
      headers: await asCaller('notification', actor, w.clock),
      payload,
    })
  const fileLines = () =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; party: { kind: string; id: string }; body: string })

  it('the schema the migrations make is the one Prisma models', async () => {
    expect(await schemaDifferences(prismaSchemaDir, w.db.pool, w.db.schema)).toEqual([])
  })

  it('one message per event per recipient, across a restart and redeliveries of the event', async () => {
    const project = aProject()
    await registerProject(w, project)
    const task = aTask(project)
    const body = { task }
    const first = await publishEvent(w, TaskAssignedV1, body)
    // Who must be told, from the task itself: its owner organisation, its department, its step's lead.
    const expected = [
      `department:${task.department}`,
      `department:${task.lead}`,
      `owner:${project.owner.creditCode}`,
    ].sort()
    await expect.poll(async () => (await messagesOfEvent(w, first.eventId)).length).toBe(expected.length)
    await w.app.deliverer.runOnce()
    const rows = await messagesOfEvent(w, first.eventId)
    expect(rows.map((r) => `${r.party_kind}:${r.party}`).sort()).toEqual(expected)
    expect(rows.every((r) => r.sent && r.channel === 'log')).toBe(true)
    expect(rows[0]?.body).toContain(project.name)
    expect(rows[0]?.body).toContain('2026年3月30日')

    await w.restart()
    // The same event again after the restart (a relay re-sending it): the inbox drops it.
    const again = await publishEvent(w, TaskAssignedV1, body, first.eventId)
    await settled(w, 'notification-task-assigned', again.seq)
    // And once more with its inbox row gone (a replayed dead letter, a restored backup): the message outbox holds.
    await w.db.pool.query('DELETE FROM inbox_message WHERE event_id = $1', [first.eventId])
    const replay = await publishEvent(w, TaskAssignedV1, body, first.eventId)
    await settled(w, 'notification-task-assigned', replay.seq)
    expect((await w.db.pool.query('SELECT 1 FROM inbox_message WHERE event_id = $1', [first.eventId])).rowCount).toBe(1)
    await w.app.deliverer.runOnce()
    expect((await messagesOfEvent(w, first.eventId)).length).toBe(expected.length)
    const ids = new Set(rows.map((r) => r.party))
    const delivered = fileLines().filter((l) => ids.has(l.party.id) && l.body.includes(project.projectCode))
    expect(delivered.map((l) => `${l.party.kind}:${l.party.id}`).sort()).toEqual(expected)
  })

  it("a step's tasks assigned in one event: each task's parties told as its own task.assigned tells them, once", async () => {
    const project = aProject()
    await registerProject(w, project)
    const applicationId = uuidv7()
    const tasks = ['natural-resources', 'fire', 'civil-defence'].map((department) =>
      aTask(project, { applicationId, department, departmentName: `${department} bureau` }),
    )
    const body = { applicationId, projectId: project.projectId, tasks }
    const first = await publishEvent(w, StepTasksAssignedV1, body)
    for (const t of tasks) {
      // Keyed by its task (contracts' assignmentsOf), with its own department, the step's lead and the owner.
      const rows = await messagesOfEventOnce(w, t.taskId, 3)
      expect(rows.map((r) => `${r.party_kind}:${r.party}`).sort()).toEqual(
        [`department:${t.department}`, `department:${t.lead}`, `owner:${project.owner.creditCode}`].sort(),
      )
      expect(rows.every((r) => r.body.includes(project.name) && r.body.includes(`${t.department} bureau`))).toBe(true)
    }
    // A re-sent copy past the inbox (its row gone) adds no message: each task's occurrence is kept once.
    await w.db.pool.query('DELETE FROM inbox_message WHERE event_id = $1', [first.eventId])
    const replay = await publishEvent(w, StepTasksAssignedV1, body, first.eventId)
    await settled(w, 'notification-step-tasks-assigned', replay.seq)
    for (const t of tasks) expect(await messagesOfEvent(w, t.taskId)).toHaveLength(3)
    expect(await messagesOfEvent(w, first.eventId)).toEqual([])
  })

  it('preferences are validated, each refusal naming its field as problem+json', async () => {
    const badPhone = await put(owner, { channels: ['sms'], phone: '12345' })
    expect(badPhone.statusCode).toBe(400)
    expect(badPhone.headers['content-type']).toContain('application/problem+json')
    expect(badPhone.json().errors.map((e: { field: string }) => e.field)).toContain('/body/phone')

    const badHours = await put(owner, { channels: ['log'], quietHours: { from: '25:00', to: '07:00' } })
    expect(badHours.statusCode).toBe(400)
    expect(badHours.json().errors.map((e: { field: string }) => e.field)).toContain('/body/quietHours/from')

    const noPhone = await put(owner, { channels: ['sms'] })
    expect(noPhone.statusCode).toBe(400)
    expect(noPhone.json().code).toBe('NOTIFICATION_PREFERENCES_INVALID')
    expect(noPhone.json().errors).toEqual([{ field: '/body/phone', message: 'is required when sms is a channel' }])

    const clerk = await put({ sub: 'clerk-1', role: 'clerk' }, { channels: ['log'] })
    expect(clerk.statusCode).toBe(403)

    const saved = await put(reviewer, { channels: ['log', 'email'], email: 'zrzy@example.cn' })
    expect(saved.statusCode).toBe(200)
    const got = await w.app.inject({
      method: 'GET',
      url: '/preferences',
      headers: await asCaller('notification', reviewer, w.clock),
    })
    expect(got.json().preferences).toMatchObject({
      party: { kind: 'department', id: 'natural-resources' },
      channels: ['log', 'email'],
      email: 'zrzy@example.cn',
    })
    // Back to the console only, so the later cases send this department no e-mail.
    expect((await put(reviewer, { channels: ['log'] })).statusCode).toBe(200)
  })

  it('SMS failures are retried with backoff, then sent once; the gateway sees the same id each time', async () => {
    expect((await put(owner, { channels: ['sms'], phone: '13800138000' })).statusCode).toBe(200)
    const project = aProject()
    await registerProject(w, project)
    const before = gateway.received.length
    gateway.failNext(2)
    const { eventId } = await publishEvent(w, TaskAssignedV1, { task: aTask(project) })
    await expect.poll(async () => (await messagesOfEvent(w, eventId)).length).toBe(3)
    const sms = async () => (await messagesOfEvent(w, eventId)).find((r) => r.channel === 'sms')

    await w.app.deliverer.runOnce()
    expect(gateway.received.length - before).toBe(1)
    expect(await sms()).toMatchObject({ attempts: 1, sent: false, dead: false })
    await w.app.deliverer.runOnce() // not due yet: the first wait is a second
    expect(gateway.received.length - before).toBe(1)
    w.clock.advance(RETRY.baseMs)
    await w.app.deliverer.runOnce()
    expect(await sms()).toMatchObject({ attempts: 2, sent: false })
    w.clock.advance(RETRY.baseMs * 2)
    await w.app.deliverer.runOnce()
    expect(await sms()).toMatchObject({ attempts: 3, sent: true, dead: false })
    const got = gateway.received.slice(before)
    expect(got.length).toBe(3)
    expect(new Set(got.map((r) => r.id)).size).toBe(1)
    expect(got.every((r) => r.to === '13800138000' && r.auth === 'Bearer test-token' && r.key === r.id)).toBe(true)
    expect(got[0]?.text).toContain(project.name)
    await w.app.deliverer.runOnce()
    expect(gateway.received.length - before).toBe(3)
  })

  it('an SMS the gateway keeps refusing is dead-lettered after its tries, its text kept', async () => {
    const project = aProject()
    await registerProject(w, project)
    const before = gateway.received.length
    gateway.failNext(1_000)
    const { eventId } = await publishEvent(w, TaskAssignedV1, { task: aTask(project) })
    await expect.poll(async () => (await messagesOfEvent(w, eventId)).length).toBe(3)
    for (let i = 0; i < RETRY.maxAttempts + 2; i++) {
      await w.app.deliverer.runOnce()
      w.clock.advance(RETRY.baseMs * 2 ** i)
    }
    gateway.failNext(0)
    expect(gateway.received.length - before).toBe(RETRY.maxAttempts)
    const sms = (await messagesOfEvent(w, eventId)).find((r) => r.channel === 'sms')
    expect(sms).toMatchObject({ attempts: RETRY.maxAttempts, sent: false, dead: true })
    expect(sms?.body).toContain(project.projectCode)
    const { rows } = await w.db.pool.query(
      `SELECT consumer, subject, deliveries, error, payload FROM dead_letter WHERE event_id = $1`,
      [eventId],
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ consumer: 'notification-delivery', subject: 'notification.sms', deliveries: 3 })
    expect(rows[0].error).toContain('503')
    expect(JSON.parse(rows[0].payload).body).toBe(sms?.body)
    // Where the admin reads it: the service's dead-letter route (the gateway's GET /admin/dead-letters?service=notification).
    const listed = await w.app.inject({
      method: 'GET',
      url: '/admin/dead-letters?consumer=notification-delivery',
      headers: await asCaller('notification', { sub: 'admin-1', role: 'admin' }, w.clock),
    })
    expect(listed.statusCode).toBe(200)
    expect(listed.json().deadLetters.map((d: { eventId: string }) => d.eventId)).toContain(eventId)
  })

  it('a refused step tells the owner each refusing department’s reason, by its name, and the right to appeal', async () => {
    const project = aProject()
    await registerProject(w, project)
    const applicationId = uuidv7()
    // The department's name as its assignment gave it.
    const assigned = aTask(project, { applicationId, department: 'fire', departmentName: '市消防救援支队' })
    await messagesOfEventOnce(w, (await publishEvent(w, TaskAssignedV1, { task: assigned })).eventId, 3)
    const { eventId } = await publishEvent(w, StepDecidedV1, {
      applicationId,
      projectId: project.projectId,
      outcome: 'rejected',
      decidedAt: '2026-03-02T03:00:00.000Z',
      decidedOn: '2026-03-02',
      tasks: [
        {
          taskId: assigned.taskId,
          item: 'fire-design-review',
          department: 'fire',
          outcome: 'rejected',
          reason: '疏散宽度不足',
        },
        { taskId: uuidv7(), item: 'planning-permit', department: 'natural-resources', outcome: 'closed' },
      ],
    })
    await expect.poll(async () => (await messagesOfEvent(w, eventId)).some((r) => r.party_kind === 'owner')).toBe(true)
    const told = (await messagesOfEvent(w, eventId)).find((r) => r.party_kind === 'owner')
    expect(told?.body).toContain('结果：不予许可。市消防救援支队不予许可的理由：“疏散宽度不足”。')
    expect(told?.body).toContain('如对本决定不服，可以依法申请行政复议或者提起行政诉讼。')
    // Sent now (an occurrence's messages are written together), so the next test counts only its own.
    await w.app.deliverer.runOnce()
  })

  it('quiet hours hold an SMS until they end (Asia/Shanghai); the console message goes at once', async () => {
    expect(
      (await put(owner, { channels: ['sms', 'log'], phone: '13800138000', quietHours: { from: '22:00', to: '07:00' } }))
        .statusCode,
    ).toBe(200)
    const project = aProject()
    await registerProject(w, project)
    w.clock.set('2026-03-02T15:30:00.000Z') // 23:30 in Shanghai
    const before = gateway.received.length
    const { eventId } = await publishEvent(w, StepDecidedV1, {
      applicationId: uuidv7(),
      projectId: project.projectId,
      outcome: 'approved',
      decidedAt: '2026-03-02T15:30:00.000Z',
      decidedOn: '2026-03-02',
      tasks: [{ taskId: uuidv7(), item: 'planning-permit', department: 'natural-resources', outcome: 'approved' }],
    })
    const ownerRows = async () => (await messagesOfEvent(w, eventId)).filter((r) => r.party_kind === 'owner')
    await expect.poll(async () => (await ownerRows()).length).toBe(2)
    await w.app.deliverer.runOnce()
    const held = (await ownerRows()).find((r) => r.channel === 'sms')
    // 07:00 the next morning in Shanghai is 23:00 UTC the same date.
    expect(held?.due_at.toISOString()).toBe('2026-03-02T23:00:00.000Z')
    expect(held?.sent).toBe(false)
    expect((await ownerRows()).find((r) => r.channel === 'log')?.sent).toBe(true)
    w.clock.set('2026-03-02T22:59:00.000Z')
    await w.app.deliverer.runOnce()
    expect(gateway.received.length - before).toBe(0)
    w.clock.set('2026-03-02T23:00:00.000Z')
    await w.app.deliverer.runOnce()
    expect(gateway.received.length - before).toBe(1)
    expect((await ownerRows()).find((r) => r.channel === 'sms')?.sent).toBe(true)
  })

  it("lists the caller's own messages, newest first, in pages", async () => {
    const list = async (query: string) =>
      (
        await w.app.inject({
          method: 'GET',
          url: `/messages${query}`,
          headers: await asCaller('notification', owner, w.clock),
        })
      ).json()
    const { rows } = await w.db.pool.query<{ id: string }>(
      `SELECT id::text FROM message WHERE party_kind = 'owner' AND party = $1 ORDER BY id DESC`,
      [OWNER.creditCode],
    )
    const first = await list('?limit=2')
    expect(first.messages.map((m: { id: string }) => m.id)).toEqual(rows.slice(0, 2).map((r) => r.id))
    const second = await list(`?limit=2&before=${first.next}`)
    expect(second.messages.map((m: { id: string }) => m.id)).toEqual(rows.slice(2, 4).map((r) => r.id))
    const dept = await w.app.inject({
      method: 'GET',
      url: '/messages?limit=100',
      headers: await asCaller('notification', reviewer, w.clock),
    })
    expect(dept.json().messages.every((m: { body: string }) => typeof m.body === 'string')).toBe(true)
    expect(dept.json().messages.length).toBeGreaterThan(0)
  })

  it('lists a stored row longer than the contract allows cut to its bound, not failing the page', async () => {
    const { rows } = await w.db.pool.query<{ id: string }>(
      `SELECT id::text FROM message WHERE party_kind = 'owner' AND party = $1 ORDER BY id DESC LIMIT 1`,
      [OWNER.creditCode],
    )
    const id = rows[0]?.id
    // A row written before the templates were bounded: a 补正 list of hundreds of materials.
    await w.db.pool.query(`UPDATE message SET title = $2, body = $3 WHERE id = $1`, [
      id,
      '补'.repeat(NOTIFICATION_TITLE_MAX + 5),
      '材'.repeat(NOTIFICATION_BODY_MAX * 4),
    ])
    const res = await w.app.inject({
      method: 'GET',
      url: '/messages?limit=100',
      headers: await asCaller('notification', owner, w.clock),
    })
    expect(res.statusCode, res.body).toBe(200)
    const listed = res.json().messages.find((m: { id: string }) => m.id === id)
    expect([...listed.title]).toHaveLength(NOTIFICATION_TITLE_MAX)
    expect([...listed.body]).toHaveLength(NOTIFICATION_BODY_MAX)
    expect(listed.body.endsWith('…')).toBe(true)
    expect(Value.Check(NotificationMessageListResponse, res.json())).toBe(true)
  })

  it('leaves out a stored row that does not read as a message, lists the others, and names it in the log once', async () => {
    const { rows } = await w.db.pool.query<{ id: string }>(
      `SELECT id::text FROM message WHERE party_kind = 'owner' AND party = $1 ORDER BY id DESC`,
      [OWNER.creditCode],
    )
    // The messages the tests above left: one damaged, the rest still listed.
    expect(rows.length).toBeGreaterThan(2)
    const [retired, ...others] = rows.map((r) => r.id)
    // A kind the contract no longer has (retired, renamed, a hand edit): no CHECK on the column keeps it out.
    await w.db.pool.query(`UPDATE message SET kind = 'retired-kind' WHERE id = $1`, [retired])
    const list = async (query: string) => {
      const res = await w.app.inject({
        method: 'GET',
        url: `/messages${query}`,
        headers: await asCaller('notification', owner, w.clock),
      })
      expect(res.statusCode, res.body).toBe(200)
      expect(Value.Check(NotificationMessageListResponse, res.json())).toBe(true)
      return res.json() as { messages: Array<{ id: string }>; next?: string; unreadable?: unknown }
    }
    const named = () => log.lines.filter((l) => l.unreadable !== undefined)

    const all = await list('?limit=100')
    expect(all.messages.map((m) => m.id)).toEqual(others)
    // The answer is the contract's; the row it left out is named in the service's log, with its id and why.
    expect(all).not.toHaveProperty('unreadable')
    expect(named()).toHaveLength(1)
    expect(named()[0]?.unreadable).toMatchObject({
      kind: 'message',
      id: retired,
      reason: expect.stringMatching(/^\/kind /),
    })
    expect(named()[0]?.level).toBeGreaterThanOrEqual(40)

    // A page that ends at the damaged row still pages on past it; listed again, the row is not named twice.
    const first = await list('?limit=1')
    expect(first.messages).toEqual([])
    expect(first.next).toBe(retired)
    const second = await list(`?limit=1&before=${first.next}`)
    expect(second.messages.map((m) => m.id)).toEqual(others.slice(0, 1))
    expect(named()).toHaveLength(1)
  })

  it('an instant the driver reads as no date (infinity) leaves out that row only, named in the log', async () => {
    const { rows } = await w.db.pool.query<{ id: string }>(
      `SELECT id::text FROM message WHERE party_kind = 'owner' AND party = $1 AND kind <> 'retired-kind' ORDER BY id DESC`,
      [OWNER.creditCode],
    )
    expect(rows.length).toBeGreaterThan(1)
    const [endless, ...others] = rows.map((r) => r.id)
    await w.db.pool.query(`UPDATE message SET created_at = 'infinity' WHERE id = $1`, [endless])
    const res = await w.app.inject({
      method: 'GET',
      url: '/messages?limit=100',
      headers: await asCaller('notification', owner, w.clock),
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().messages.map((m: { id: string }) => m.id)).toEqual(others)
    const named = log.lines.filter((l) => l.unreadable?.id === endless)
    expect(named).toHaveLength(1)
    expect(named[0]?.unreadable).toMatchObject({ kind: 'message', reason: expect.stringMatching(/^\/createdAt /) })
  })
})
