import {
  RatingFixOverdueV1,
  RatingGivenV1,
  RatingRepliedV1,
  type RatingSnapshot,
  TicketDispatchedV1,
  TicketDueMovedV1,
  TicketExtendedV1,
  TicketOverdueV1,
  TicketRepliedV1,
  TicketReturnDecidedV1,
  TicketReviewedV1,
  TicketWarnedV1,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  aProject,
  aTask,
  aTicket,
  deadline,
  messagesOfEvent,
  messagesOfEventOnce,
  notificationWorld,
  OWNER,
  publishEvent,
  registerProject,
  settled,
  type World,
} from './helpers.js'

// 12345 tickets and 好差评 as messages (docs/notifications.md): on the real NATS stream and PostgreSQL, the events as
// the hotline and approval publish them.

describe('notifications of 12345 tickets and bad ratings', () => {
  let w: World
  beforeAll(async () => {
    w = await notificationWorld('2026-03-02T02:00:00.000Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  const parties = (eventId: string, count: number) => messagesOfEventOnce(w, eventId, count)

  it('a dispatch tells the lead to sign for it and each co-handler its part, with the handling due day', async () => {
    const sent = await publishEvent(w, TicketDispatchedV1, { ticket: aTicket() })
    const rows = await parties(sent.eventId, 2)
    const lead = rows.find((r) => r.party === 'housing-construction')
    const co = rows.find((r) => r.party === 'natural-resources')
    expect(lead?.title).toBe('12345 工单已派发')
    expect(lead?.body).toContain('12345 投诉工单“施工噪声扰民”')
    expect(lead?.body).toContain('2 个工作日内签收')
    expect(lead?.body).toContain('2026年3月16日')
    expect(co?.title).toBe('12345 工单协办')
    expect(co?.body).toContain('协办单位')
    // An approved return re-dispatches: the new unit is told; a rejected one (back to the unit, handling) tells no one.
    const redispatched = await publishEvent(w, TicketReturnDecidedV1, {
      ticket: aTicket({ department: 'urban-management', coHandlers: [], version: 5 }),
    })
    expect((await parties(redispatched.eventId, 1))[0]?.party).toBe('urban-management')
    const rejected = await publishEvent(w, TicketReturnDecidedV1, { ticket: aTicket({ status: 'handling' }) })
    await settled(w, 'notification-ticket-return-decided', rejected.seq)
    expect(await messagesOfEvent(w, rejected.eventId)).toEqual([])
  })

  it('a clock near or over its limit tells the unit that owes the act; the dispatch clock is the centre’s', async () => {
    const yellow = await publishEvent(w, TicketWarnedV1, { ticket: aTicket({ status: 'handling' }), clock: 'handling' })
    const y = await parties(yellow.eventId, 2)
    expect(y.map((r) => r.title)).toEqual(['12345 工单时限预警', '12345 工单时限预警'])
    expect(y[0]?.body).toContain('办理时限即将届满，届满日为2026年3月16日')
    const red = await publishEvent(w, TicketOverdueV1, { ticket: aTicket(), clock: 'check' })
    const r = await parties(red.eventId, 1)
    expect([r[0]?.party, r[0]?.title]).toEqual(['housing-construction', '12345 工单已超时'])
    expect(r[0]?.body).toContain('签收时限')
    const centre = await publishEvent(w, TicketOverdueV1, {
      ticket: aTicket({ status: 'registered', coHandlers: [] }),
      clock: 'dispatch',
    })
    await settled(w, 'notification-ticket-overdue', centre.seq)
    expect(await messagesOfEvent(w, centre.eventId)).toEqual([])
  })

  it('a due date a published calendar moved: the lead is told its running clocks’ days, each co-handler its handling day', async () => {
    const moved = aTicket({
      status: 'handling',
      check: { ...deadline('2026-03-02', 2, '2026-03-04'), doneOn: '2026-03-03' },
      handling: deadline('2026-03-02', 10, '2026-03-17'),
      version: 4,
    })
    const sent = await publishEvent(w, TicketDueMovedV1, { ticket: moved, note: '关于调整2026年部分节假日安排的通知' })
    const rows = await parties(sent.eventId, 2)
    const lead = rows.find((r) => r.party === 'housing-construction')
    const co = rows.find((r) => r.party === 'natural-resources')
    expect(lead?.title).toBe('热线工单到期日调整')
    // The check was done: only the handling limit is the unit's still. The text lists what runs, not what moved.
    expect(lead?.body).toContain('的期限已按新的节假日安排重新计算，当前期限：办理时限至2026年3月17日。')
    expect(co?.title).toBe('热线工单到期日调整')
    expect(co?.body).toContain('当前办理期限至2026年3月17日。本单位为协办单位')
    // A co-handler that gave its part of this round owes nothing more: only the lead is told.
    const given = aTicket({
      ...moved,
      contributions: [
        {
          department: 'natural-resources',
          opinion: '已核查',
          round: 1,
          submittedOn: '2026-03-05',
          submittedAt: '2026-03-05T02:00:00.000Z',
          late: false,
        },
      ],
      version: 5,
    })
    const leadOnly = await publishEvent(w, TicketDueMovedV1, { ticket: given })
    expect((await parties(leadOnly.eventId, 1)).map((r) => r.party)).toEqual(['housing-construction'])
    // Not yet dispatched: the dispatch clock is the centre's own, no unit is told.
    const { department: _d, check: _c, handling: _h, ...registered } = aTicket({ status: 'registered' })
    const undispatched = await publishEvent(w, TicketDueMovedV1, { ticket: registered })
    await settled(w, 'notification-ticket-due-moved', undispatched.seq)
    expect(await messagesOfEvent(w, undispatched.eventId)).toEqual([])
  })

  it('a hard ticket is told nothing of a handling day the hotline did not count; a supervised one its supervision’s day', async () => {
    // 疑难工单: the returning unit is still the department, but its handling clock waits (only the coordinating
    // office's opinion runs), so the recount moved no day of the unit's and none is told.
    const hard = aTicket({
      status: 'hard',
      handling: deadline('2026-03-02', 10, '2026-03-16'),
      hard: {
        kind: 'duty',
        openedOn: '2026-03-05',
        opinion: deadline('2026-03-05', 5, '2026-03-13'),
      },
      version: 9,
    })
    const hardSent = await publishEvent(w, TicketDueMovedV1, { ticket: hard })
    await settled(w, 'notification-ticket-due-moved', hardSent.seq)
    expect(await messagesOfEvent(w, hardSent.eventId)).toEqual([])
    // Replied, the centre reviewing: no handling clock runs, but a 督办 supervision's response limit does.
    const supervised = aTicket({
      status: 'replied',
      coHandlers: [],
      check: { ...deadline('2026-03-02', 2, '2026-03-04'), doneOn: '2026-03-03' },
      handling: { ...deadline('2026-03-02', 10, '2026-03-16'), doneOn: '2026-03-10' },
      supervisions: [
        {
          id: uuidv7(),
          kind: 'feedback',
          note: '答复不符合要求',
          openedOn: '2026-03-11',
          deadline: deadline('2026-03-11', 5, '2026-03-19'),
        },
      ],
      version: 10,
    })
    const supervisedSent = await publishEvent(w, TicketDueMovedV1, { ticket: supervised })
    const [unitRow, ...none] = await parties(supervisedSent.eventId, 1)
    expect(none).toEqual([])
    expect(unitRow?.party).toBe('housing-construction')
    expect(unitRow?.body).toContain('当前期限：督办反馈时限至2026年3月19日。')
  })

  it('the reply is told to the owner that filed online; a phone caller’s is not a message here', async () => {
    const report = {
      mode: 'handled' as const,
      process: '已核查',
      result: '已处理',
      reply: { method: 'phone' as const, summary: '电话答复' },
      mediation: 'none' as const,
      submittedOn: '2026-03-05',
      submittedAt: '2026-03-05T02:00:00.000Z',
      late: false,
    }
    const online = await publishEvent(w, TicketRepliedV1, { ticket: aTicket({ status: 'replied', report }) })
    const rows = await parties(online.eventId, 1)
    expect([rows[0]?.party_kind, rows[0]?.party, rows[0]?.title]).toEqual([
      'owner',
      OWNER.creditCode,
      '12345 工单已答复',
    ])
    expect(rows[0]?.body).toContain('2026年3月5日')
    const { ownerCreditCode: _none, ...byPhone } = aTicket({ status: 'replied', channel: 'phone', report })
    const phone = await publishEvent(w, TicketRepliedV1, { ticket: byPhone })
    await settled(w, 'notification-ticket-replied', phone.seq)
    expect(await messagesOfEvent(w, phone.eventId)).toEqual([])
  })

  it('a passed review asks the online owner to rate by the last of its 5 natural days; sent back, or by phone, no one', async () => {
    const rating = { round: 1 as const, notifiedOn: '2026-03-06', windowEnds: '2026-03-11' }
    const handled = { check: { ...deadline('2026-03-02', 2, '2026-03-04'), doneOn: '2026-03-03' } }
    const asked = await publishEvent(w, TicketReviewedV1, {
      ticket: aTicket({ ...handled, status: 'rating', ratings: [rating], version: 7 }),
      note: 'passed',
    })
    const rows = await parties(asked.eventId, 1)
    expect([rows[0]?.party_kind, rows[0]?.party, rows[0]?.title]).toEqual([
      'owner',
      OWNER.creditCode,
      '请评价 12345 工单办理情况',
    ])
    expect(rows[0]?.body).toContain('于2026年3月6日审核通过')
    expect(rows[0]?.body).toContain('评价截止日为2026年3月11日')
    // Sent back to the unit: no rating is asked.
    const back = await publishEvent(w, TicketReviewedV1, {
      ticket: aTicket({ ...handled, status: 'handling', version: 7 }),
      note: 'sent back',
    })
    await settled(w, 'notification-ticket-reviewed', back.seq)
    expect(await messagesOfEvent(w, back.eventId)).toEqual([])
    // A phone caller is asked by the centre, not by a message here.
    const { ownerCreditCode: _none, ...byPhone } = aTicket({
      ...handled,
      status: 'rating',
      channel: 'phone',
      ratings: [rating],
    })
    const phone = await publishEvent(w, TicketReviewedV1, { ticket: byPhone, note: 'passed' })
    await settled(w, 'notification-ticket-reviewed', phone.seq)
    expect(await messagesOfEvent(w, phone.eventId)).toEqual([])
  })

  it('an extension tells the online owner the reason and the new handling due day (告知诉求人, 004:1570)', async () => {
    const extension = {
      days: 5,
      reason: '需会同规划部门现场核查',
      requestedOn: '2026-03-13',
      dueBefore: '2026-03-16',
      dueAfter: '2026-03-23',
    }
    const ticket = aTicket({
      status: 'handling',
      handling: deadline('2026-03-02', 15, '2026-03-23'),
      extensions: [extension],
      version: 4,
    })
    const sent = await publishEvent(w, TicketExtendedV1, { ticket })
    const rows = await parties(sent.eventId, 1)
    expect([rows[0]?.party_kind, rows[0]?.party, rows[0]?.title]).toEqual([
      'owner',
      OWNER.creditCode,
      '12345 工单办理期限延长',
    ])
    expect(rows[0]?.body).toContain('于2026年3月13日办理延期')
    expect(rows[0]?.body).toContain('办理期限延至2026年3月23日')
    expect(rows[0]?.body).toContain('延期理由：需会同规划部门现场核查')
    // The second extension is told with its own reason and day, not the first's.
    const second = {
      ...extension,
      reason: '涉及多个部门',
      requestedOn: '2026-03-20',
      dueBefore: '2026-03-23',
      dueAfter: '2026-03-30',
    }
    const again = await publishEvent(w, TicketExtendedV1, {
      ticket: aTicket({ ...ticket, extensions: [extension, second], version: 5 }),
    })
    const [row] = await parties(again.eventId, 1)
    expect(row?.body).toContain('办理期限延至2026年3月30日')
    expect(row?.body).toContain('延期理由：涉及多个部门')
    expect(row?.body).not.toContain('现场核查')
    // A phone caller is told by the unit.
    const { ownerCreditCode: _none, ...byPhone } = aTicket({ ...ticket, channel: 'phone' })
    const phone = await publishEvent(w, TicketExtendedV1, { ticket: byPhone })
    await settled(w, 'notification-ticket-extended', phone.seq)
    expect(await messagesOfEvent(w, phone.eventId)).toEqual([])
  })

  it('a 举报 about a project never names the project in its messages', async () => {
    const project = aProject()
    await registerProject(w, project)
    const about = await publishEvent(w, TicketDispatchedV1, {
      ticket: aTicket({ coHandlers: [], projectId: project.projectId }),
    })
    expect((await parties(about.eventId, 1))[0]?.body).toContain(project.name)
    const report = await publishEvent(w, TicketDispatchedV1, {
      ticket: aTicket({ type: 'report', coHandlers: [], projectId: project.projectId }),
    })
    const body = (await parties(report.eventId, 1))[0]?.body ?? ''
    expect(body).toContain('12345 举报工单')
    expect(body).not.toContain(project.name)
  })

  it('a bad first rating tells the rated department to fix and reply by its due day; a good one tells no one', async () => {
    const project = aProject()
    await registerProject(w, project)
    const task = aTask(project)
    const first = {
      level: 'very-dissatisfied' as const,
      ratedAt: '2026-03-02T02:00:00.000Z',
      ratedOn: '2026-03-02',
      ratedBy: 'owner-1',
    }
    const rating: RatingSnapshot = {
      ratingId: uuidv7(),
      taskId: task.taskId,
      applicationId: task.applicationId,
      projectId: project.projectId,
      item: task.item,
      itemName: '建设用地规划许可证核发',
      department: task.department,
      departmentName: '自然资源部门',
      ownerCreditCode: OWNER.creditCode,
      first,
      fix: { limit: { value: 10, unit: 'W' }, start: '2026-03-02', dueOn: '2026-03-16', status: 'open' },
      version: 1,
      updatedAt: '2026-03-02T02:00:00.000Z',
    }
    const bad = await publishEvent(w, RatingGivenV1, { rating })
    const rows = await parties(bad.eventId, 1)
    expect([rows[0]?.party_kind, rows[0]?.party, rows[0]?.title]).toEqual(['department', task.department, '差评整改'])
    expect(rows[0]?.body).toContain('非常不满意')
    expect(rows[0]?.body).toContain('整改反馈期限至2026年3月16日')
    expect(rows[0]?.body).toContain(project.name)
    const { fix: _no, ...good } = { ...rating, ratingId: uuidv7(), first: { ...first, level: 'satisfied' as const } }
    const fine = await publishEvent(w, RatingGivenV1, { rating: good })
    await settled(w, 'notification-rating-given', fine.seq)
    expect(await messagesOfEvent(w, fine.eventId)).toEqual([])
  })

  it('a reply to a bad rating tells the owner who rated; an overdue loop tells the supervising office', async () => {
    const project = aProject()
    await registerProject(w, project)
    const task = aTask(project)
    const rating: RatingSnapshot = {
      ratingId: uuidv7(),
      taskId: task.taskId,
      applicationId: task.applicationId,
      projectId: project.projectId,
      item: task.item,
      itemName: '建设用地规划许可证核发',
      department: task.department,
      departmentName: '自然资源部门',
      ownerCreditCode: OWNER.creditCode,
      first: { level: 'dissatisfied', ratedAt: '2026-03-02T02:00:00.000Z', ratedOn: '2026-03-02', ratedBy: 'owner-1' },
      fix: {
        limit: { value: 10, unit: 'W' },
        start: '2026-03-02',
        dueOn: '2026-03-16',
        status: 'open',
        overdueOn: '2026-03-17',
      },
      version: 2,
      updatedAt: '2026-03-17T01:00:00.000Z',
    }
    const overdue = await publishEvent(w, RatingFixOverdueV1, { rating })
    const [supervision, ...others] = await parties(overdue.eventId, 1)
    expect(others).toEqual([])
    expect([supervision?.party_kind, supervision?.party, supervision?.title]).toEqual([
      'supervisor',
      'supervision',
      '差评整改逾期',
    ])
    expect(supervision?.body).toContain('自然资源部门未在期限内整改反馈，整改反馈期限为2026年3月16日')
    expect(supervision?.body).toContain(project.name)

    const replied = await publishEvent(w, RatingRepliedV1, {
      rating: {
        ...rating,
        fix: { ...(rating.fix as NonNullable<RatingSnapshot['fix']>), status: 'replied', repliedOn: '2026-03-18' },
        version: 3,
      },
    })
    const [owner, ...more] = await parties(replied.eventId, 1)
    expect(more).toEqual([])
    expect([owner?.party_kind, owner?.party, owner?.title]).toEqual(['owner', OWNER.creditCode, '差评整改已反馈'])
    expect(owner?.body).toContain('“不满意”评价，自然资源部门已于2026年3月18日整改并反馈')
  })
})
