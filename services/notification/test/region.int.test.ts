import {
  type Actor,
  KnowledgeFeedbackRaisedV1,
  KnowledgePointExpiryRemindedV1,
  type NotificationMessage,
  OutageNoticeOverdueV1,
  ProjectRegisteredV1,
  TaskAssignedV1,
  TicketDispatchedV1,
} from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  aProject,
  aTask,
  aTicket,
  messagesOfEventOnce,
  notificationWorld,
  OWNER,
  publishEvent,
  registerProject,
  settled,
  type World,
} from './helpers.js'

// A regional reviewer's or lead's messages (docs/security.md "Regional authority", docs/notifications.md#regional-
// callers): the notifier addresses a department, whose code names no region, so the list keeps a regional caller to
// the messages of projects and of 12345 tickets within its region — on the real NATS stream and PostgreSQL, the
// assertion as the gateway signs it.

const DEPARTMENT = 'housing-construction'

describe('a regional caller’s notifications', () => {
  let w: World
  beforeAll(async () => {
    w = await notificationWorld('2026-03-02T02:00:00.000Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  const inRegion = (region: string) => {
    const p = aProject()
    return { ...p, region, projectCode: `2026-${region}-47-01-${p.projectId.slice(-6)}` }
  }
  const foshan = inRegion('440600')
  const shanwei = inRegion('441500')
  // A copy made before the notifier kept regions: no region, so within none.
  const old = inRegion('441500')

  /** A task of the department assigned on `project`: one message to the department (and its owner and lead). */
  const assigned = async (project: ProjectRegisteredV1) => {
    const sent = await publishEvent(w, TaskAssignedV1, {
      task: aTask(project, { department: DEPARTMENT, departmentName: '市住房和城乡建设局', lead: 'natural-resources' }),
    })
    await messagesOfEventOnce(w, sent.eventId, 3)
  }

  const page = async (actor: Actor, query = 'limit=100') => {
    const read = await w.app.inject({
      method: 'GET',
      url: `/messages?${query}`,
      headers: await asCaller('notification', actor, w.clock),
    })
    expect(read.statusCode, read.body).toBe(200)
    return read.json() as { messages: NotificationMessage[]; next?: string }
  }
  const reviewer = (region?: string): Actor => ({
    sub: `reviewer-${region ?? 'all'}`,
    role: 'reviewer',
    department: DEPARTMENT,
    ...(region ? { region } : {}),
  })
  /** What a caller lists, each message as its project (`-` for none), newest first. */
  const listed = async (actor: Actor) => (await page(actor)).messages.map((m) => m.projectId ?? '-')

  it('keeps a regional reviewer or lead to the messages of projects within its region, cut in SQL', async () => {
    await registerProject(w, foshan)
    await registerProject(w, shanwei)
    await w.db.pool.query(
      'INSERT INTO project (id, project_code, name, owner_credit_code, owner_name) VALUES ($1, $2, $3, $4, $5)',
      [old.projectId, old.projectCode, old.name, OWNER.creditCode, OWNER.name],
    )
    // Oldest first: 佛山's task, a knowledge point about to lapse (no project), three of 汕尾's, the old copy's.
    await assigned(foshan)
    const point = await publishEvent(w, KnowledgePointExpiryRemindedV1, {
      point: {
        id: uuidv7(),
        department: DEPARTMENT,
        kind: 'script',
        question: '施工许可多久办结？',
        answer: '承诺时限内办结。',
        source: '工程建设项目审批服务指南',
        validFrom: '2026-01-01',
        validTo: '2026-03-04',
        retired: false,
        version: 1,
        createdAt: '2026-01-01T02:00:00.000Z',
        updatedAt: '2026-01-01T02:00:00.000Z',
        remindedFor: '2026-03-04',
      },
      department: DEPARTMENT,
      remindOn: '2026-03-02',
      expiresAfter: '2026-03-04',
    })
    await messagesOfEventOnce(w, point.eventId, 1)
    for (let i = 0; i < 3; i++) await assigned(shanwei)
    await assigned(old)

    const s = shanwei.projectId
    const f = foshan.projectId
    // Without a region, every region's (the wide, pre-region scope).
    expect(await listed(reviewer())).toEqual([old.projectId, s, s, s, '-', f])
    // 佛山 (440600) reads its own project's and the one naming no project; not 汕尾's nor the region-less copy's.
    expect(await listed(reviewer('440600'))).toEqual(['-', f])
    expect(await listed({ ...reviewer('440600'), sub: 'lead-1', role: 'lead' })).toEqual(['-', f])
    // 汕尾 (441500) its own; 广东 (440000) both cities'; 禅城 (440604), a county of 佛山, not the city's project.
    expect(await listed(reviewer('441500'))).toEqual([s, s, s, '-'])
    expect(await listed(reviewer('440000'))).toEqual([s, s, s, '-', f])
    expect(await listed(reviewer('440604'))).toEqual(['-'])
    // Another region's message reads as no message at all: its body names neither the project nor its code.
    const foshanBodies = (await page(reviewer('440600'))).messages.map((m) => m.body).join('\n')
    expect(foshanBodies).not.toContain(shanwei.projectCode)

    // The page is cut after the filter: 佛山's first page of one is full though the four newest are not its own.
    const first = await page(reviewer('440600'), 'limit=1')
    expect(first.messages.map((m) => m.projectId ?? '-')).toEqual(['-'])
    expect(first.next).toBeDefined()
    const second = await page(reviewer('440600'), `limit=1&before=${first.next}`)
    expect([second.messages.map((m) => m.projectId), second.next]).toEqual([[f], undefined])
  })

  it('fills the region of a copy made before it was kept when its registration is delivered again', async () => {
    await publishEvent(w, ProjectRegisteredV1, old)
    await expect
      .poll(async () => (await w.db.pool.query('SELECT region FROM project WHERE id = $1', [old.projectId])).rows)
      .toEqual([{ region: '441500' }])
    const s = shanwei.projectId
    expect(await listed(reviewer('441500'))).toEqual([old.projectId, s, s, s, '-'])
    expect(await listed(reviewer('440600'))).toEqual(['-', foshan.projectId])
    // A registration delivered again moves no region a copy holds.
    const again = await publishEvent(w, ProjectRegisteredV1, { ...foshan, region: '441500' })
    await settled(w, 'notification-projects', again.seq)
    expect(await listed(reviewer('440600'))).toEqual(['-', foshan.projectId])
  })

  describe('a 12345 ticket’s message naming no project', () => {
    // Another department's inbox, so the messages above do not mix in.
    const UNIT = 'urban-management'
    const unitReviewer = (region?: string): Actor => ({ ...reviewer(region), department: UNIT })
    /** What a caller lists, each message as its ticket's title (its kind for any other), newest first. */
    const told = async (actor: Actor) =>
      (await page(actor)).messages.map((m) => TITLES.find((t) => m.body.includes(t)) ?? m.kind)
    const TITLES = ['汕尾夜间施工噪声', '佛山道路开挖未围蔽', '工地渣土车抛洒']

    /** The unit told of a ticket dispatched to it alone: one message, listed under no project, the ticket's region kept. */
    const dispatched = async (title: string, region?: string) => {
      const ticket = aTicket({ title, department: UNIT, coHandlers: [], ...(region ? { region } : {}) })
      const sent = await publishEvent(w, TicketDispatchedV1, { ticket })
      await messagesOfEventOnce(w, sent.eventId, 1)
      const stored = 'SELECT project_id, ticket, ticket_region FROM message WHERE event_id = $1'
      expect((await w.db.pool.query(stored, [sent.eventId])).rows).toEqual([
        { project_id: null, ticket: true, ticket_region: region ?? null },
      ])
    }

    it('lists it for a regional caller only when the ticket’s region is within the caller’s, as the ticket', async () => {
      // Oldest first: 汕尾's ticket, 佛山's, one of no region, knowledge feedback and an overdue outage notice.
      await dispatched(TITLES[0] as string, '441500')
      await dispatched(TITLES[1] as string, '440600')
      await dispatched(TITLES[2] as string)
      const feedback = await publishEvent(w, KnowledgeFeedbackRaisedV1, {
        feedback: {
          id: uuidv7(),
          department: UNIT,
          kind: 'outdated',
          urgent: false,
          note: '占道施工审批材料已调整',
          raisedOn: '2026-03-02',
          limit: 2,
          dueOn: '2026-03-04',
          status: 'open',
          version: 1,
          createdAt: '2026-03-02T02:00:00.000Z',
          updatedAt: '2026-03-02T02:00:00.000Z',
        },
      })
      await messagesOfEventOnce(w, feedback.eventId, 1)
      const outage = await publishEvent(w, OutageNoticeOverdueV1, {
        notice: {
          id: uuidv7(),
          department: UNIT,
          system: '城管网上办事大厅',
          cause: '机房断电',
          startedAt: '2026-03-01T01:00:00.000Z',
          affectedScope: '占道施工许可网上申请',
          expectedRecoveryAt: '2026-03-03T01:00:00.000Z',
          reportedAt: '2026-03-01T02:00:00.000Z',
          reportedOn: '2026-03-01',
          status: 'open',
          script: { dueOn: '2026-03-02', overdueOn: '2026-03-03' },
          updates: [],
          version: 1,
          createdAt: '2026-03-01T02:00:00.000Z',
          updatedAt: '2026-03-03T00:00:00.000Z',
        },
        clock: 'script',
      })
      // The unit and the centre.
      await messagesOfEventOnce(w, outage.eventId, 2)

      const [shanweiTicket, foshanTicket, noRegion] = TITLES
      const wide = ['outage-overdue', 'knowledge-feedback-raised']
      // Without a region, every ticket's.
      expect(await told(unitReviewer())).toEqual([...wide, noRegion, foshanTicket, shanweiTicket])
      // 佛山 (440600) its own ticket's, not 汕尾's nor the one of no region; feedback and outages stay department-wide.
      expect(await told(unitReviewer('440600'))).toEqual([...wide, foshanTicket])
      expect(await told({ ...unitReviewer('440600'), sub: 'lead-1', role: 'lead' })).toEqual([...wide, foshanTicket])
      // 汕尾 (441500) its own; 广东 (440000) both cities'; 禅城 (440604), a county of 佛山, neither city's ticket.
      expect(await told(unitReviewer('441500'))).toEqual([...wide, shanweiTicket])
      expect(await told(unitReviewer('440000'))).toEqual([...wide, foshanTicket, shanweiTicket])
      expect(await told(unitReviewer('440604'))).toEqual(wide)
      // Nothing of 汕尾's ticket reaches 佛山: no message names its title.
      const foshanBodies = (await page(unitReviewer('440600'))).messages.map((m) => `${m.title}\n${m.body}`).join('\n')
      expect(foshanBodies).not.toContain(shanweiTicket)

      // The page is cut after the filter: 佛山's page of three is full, though the ticket of no region lies within.
      const three = await page(unitReviewer('440600'), 'limit=3')
      expect([three.messages.length, three.next]).toEqual([3, undefined])
    })

    it('follows the ticket’s own region when the ticket names a project of another region', async () => {
      // An owner's ticket about its 佛山 project that names 汕尾 as what it is about: the gateway shows it to 汕尾.
      const title = '汕尾项目现场核查'
      const ticket = aTicket({ title, department: UNIT, coHandlers: [], projectId: foshan.projectId, region: '441500' })
      const sent = await publishEvent(w, TicketDispatchedV1, { ticket })
      await messagesOfEventOnce(w, sent.eventId, 1)
      const titles = async (actor: Actor) => (await page(actor)).messages.filter((m) => m.body.includes(title)).length
      expect(await titles(unitReviewer('441500'))).toBe(1)
      expect(await titles(unitReviewer('440600'))).toBe(0)
      expect(await titles(unitReviewer())).toBe(1)
    })
  })
})

// The department's own SMS number and e-mail address (and its channels and quiet hours) are one row for every region
// of it: a regional reviewer or lead reads them but changes none (docs/notifications.md#regional-callers), so none can
// redirect the other regions' SMS and e-mail — through the real route, on the real PostgreSQL, audited as refused.
describe('a regional caller and its department’s preferences', () => {
  let w: World
  beforeAll(async () => {
    w = await notificationWorld('2026-03-02T02:00:00.000Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  const caller = (region?: string, role: 'reviewer' | 'lead' = 'reviewer'): Actor => ({
    sub: `${role}-${region ?? 'all'}`,
    role,
    department: DEPARTMENT,
    ...(region ? { region } : {}),
  })
  const preferences = async (method: 'GET' | 'PUT', actor: Actor, payload?: object) =>
    w.app.inject({
      method,
      url: '/preferences',
      headers: await asCaller('notification', actor, w.clock),
      ...(payload ? { payload } : {}),
    })
  const stored = async () =>
    (
      await w.db.pool.query(
        `SELECT channels, quiet_from, quiet_to, phone, email, updated_at FROM preference
          WHERE party_kind = 'department' AND party = $1`,
        [DEPARTMENT],
      )
    ).rows
  const audited = async () =>
    (
      await w.db.pool.query(
        `SELECT actor, outcome, code FROM audit_entry
          WHERE action = 'notification.preferences.put' AND object = $1 ORDER BY position`,
        [`notification-preferences:department:${DEPARTMENT}`],
      )
    ).rows

  const department = {
    channels: ['log', 'sms', 'email'],
    phone: '13800138000',
    email: 'zjj@example.gov.cn',
    quietHours: { from: '22:00', to: '07:00' },
  }

  it('refuses a regional reviewer or lead the SMS number and e-mail address by field, writing nothing', async () => {
    // The department-wide scope (no region) sets them, as before.
    const set = await preferences('PUT', caller(), department)
    expect(set.statusCode, set.body).toBe(200)
    const before = await stored()
    expect(before).toHaveLength(1)

    // 佛山's reviewer points the department's SMS at its own phone: 403, the field named, nothing written.
    const phone = await preferences('PUT', caller('440600'), { ...department, phone: '13900139000' })
    expect(phone.statusCode, phone.body).toBe(403)
    expect(phone.headers['content-type']).toContain('application/problem+json')
    expect(phone.json()).toMatchObject({ status: 403, code: 'NOTIFICATION_PREFERENCES_REGIONAL_CALLER' })
    expect(phone.json().errors.map((e: { field: string }) => e.field)).toEqual(['/body/phone'])
    // 汕尾's lead its own mailbox: the e-mail field.
    const email = await preferences('PUT', caller('441500', 'lead'), { ...department, email: 'shanwei@example.cn' })
    expect([email.statusCode, email.json().code]).toEqual([403, 'NOTIFICATION_PREFERENCES_REGIONAL_CALLER'])
    expect(email.json().errors.map((e: { field: string }) => e.field)).toEqual(['/body/email'])
    // The province's reviewer may not silence SMS or move the quiet hours either: they are every region's too.
    const quieter = await preferences('PUT', caller('440000'), { channels: ['log'], email: department.email })
    expect([quieter.statusCode, quieter.json().code]).toEqual([403, 'NOTIFICATION_PREFERENCES_REGIONAL_CALLER'])
    expect(quieter.json().errors.map((e: { field: string }) => e.field)).toEqual([
      '/body/phone',
      '/body/channels',
      '/body/quietHours',
    ])
    // Even the same preferences again: a regional caller has no say in them (nothing is stamped as set now).
    const same = await preferences('PUT', caller('440604'), department)
    expect([same.statusCode, same.json().code]).toEqual([403, 'NOTIFICATION_PREFERENCES_REGIONAL_CALLER'])
    expect(same.json().errors.map((e: { field: string }) => e.field)).toEqual(['/body'])

    // Nothing written: the row as the department-wide caller left it, to its instant.
    expect(await stored()).toEqual(before)
    // Audited as refused, never as done: only the department-wide caller's PUT changed anything.
    expect(await audited()).toEqual([
      { actor: 'reviewer-all', outcome: 'done', code: null },
      { actor: 'reviewer-440600', outcome: 'refused', code: 'NOTIFICATION_PREFERENCES_REGIONAL_CALLER' },
      { actor: 'lead-441500', outcome: 'refused', code: 'NOTIFICATION_PREFERENCES_REGIONAL_CALLER' },
      { actor: 'reviewer-440000', outcome: 'refused', code: 'NOTIFICATION_PREFERENCES_REGIONAL_CALLER' },
      { actor: 'reviewer-440604', outcome: 'refused', code: 'NOTIFICATION_PREFERENCES_REGIONAL_CALLER' },
    ])

    // A regional caller still reads them, the addresses unmasked: the department's own contacts, not another region's.
    const read = await preferences('GET', caller('440600'))
    expect(read.statusCode).toBe(200)
    expect(read.json().preferences).toMatchObject({
      party: { kind: 'department', id: DEPARTMENT },
      phone: department.phone,
      email: department.email,
    })

    // 汕尾's task tells the department by SMS at the number the department-wide caller set, not 佛山's.
    const shanwei = { ...aProject(), region: '441500' }
    await registerProject(w, shanwei)
    const sent = await publishEvent(w, TaskAssignedV1, {
      task: aTask(shanwei, { department: DEPARTMENT, departmentName: '市住房和城乡建设局', lead: 'natural-resources' }),
    })
    // The owner's and the lead's console copies, and the department's three channels.
    await messagesOfEventOnce(w, sent.eventId, 5)
    const { rows } = await w.db.pool.query(
      `SELECT channel, address FROM message WHERE event_id = $1 AND party = $2 ORDER BY channel`,
      [sent.eventId, DEPARTMENT],
    )
    expect(rows).toEqual([
      { channel: 'email', address: department.email },
      { channel: 'log', address: null },
      { channel: 'sms', address: department.phone },
    ])

    // The department-wide caller still changes them.
    const moved = await preferences('PUT', caller(), { ...department, phone: '13700137000' })
    expect(moved.statusCode, moved.body).toBe(200)
    expect((await stored())[0]).toMatchObject({ phone: '13700137000' })
  })
})
