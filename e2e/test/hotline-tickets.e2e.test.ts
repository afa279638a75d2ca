import { randomUUID } from 'node:crypto'
import { TicketOverdueV1, TicketRatedV1 } from '@onewindow/contracts'
import { addDays } from '@onewindow/workdays'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  expectStatus,
  industrialProject,
  landPlanningMaterials,
  lowRiskFactory,
  nthWorkingDayAfter,
  openApplication,
  owners,
  published,
  registerProject,
  taskOf,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Issue 17, the must-show of the 12345 hotline (docs/hotline.md) through the gateway, with the real services and an
// injected clock. Every due date is checked against `nthWorkingDayAfter`, the calendar walked a day at a time — not
// the hotline's own count.

let world: World
const START = '2026-03-02T01:00:00Z' // Monday 09:00 in Guangzhou

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

/** The legal date of the world's clock (Asia/Shanghai). */
const today = () => new Date(world.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
/** Moves the clock to 10:00 Shanghai of `day`. */
const dayOf = (day: string) => world.clock.set(`${day}T02:00:00Z`)

const agent = () => world.token('agent')
const unit = (department: string) => world.token('reviewer', { department })
const ownerB = () => world.token('owner', { creditCode: owners.b.creditCode })

// biome-ignore lint/suspicious/noExplicitAny: the ticket as the route answers it; the test reads its fields
type Ticket = any

async function actOn(ticketId: string, bearer: string, body: object, status = 200): Promise<Ticket> {
  const res = await world.api('POST', `/api/v1/hotline/tickets/${ticketId}/actions`, bearer, body)
  return expectStatus(res, status).ticket
}

async function refused(
  ticketId: string,
  bearer: string,
  body: object,
): Promise<{ code: string; [k: string]: unknown }> {
  const res = await world.api('POST', `/api/v1/hotline/tickets/${ticketId}/actions`, bearer, body)
  expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400)
  expect(String(res.headers['content-type'])).toMatch(/application\/problem\+json/)
  return res.body
}

const caller = { name: '李四', idNumber: '441500198001010021', phone: '13900139000' }

async function registerByAgent(body: object = {}): Promise<Ticket> {
  const res = await world.api('POST', '/api/v1/hotline/tickets', agent(), {
    type: 'complaint',
    title: '投诉',
    content: '来电投诉',
    requester: caller,
    ...body,
  })
  return expectStatus(res, 201).tickets[0].ticket
}

const handled = { action: 'reply', process: '已核查', result: '已处理', replyMethod: 'phone', replySummary: '电话回复' }

describe('a complaint about a late task, through the hotline', () => {
  it('registered, dispatched, returned once, handled with one extension, re-handled once, rated satisfied, closed', async () => {
    dayOf('2026-03-02')
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
      }),
      201,
    ).application
    const task = await taskOf(world, 'natural-resources', application.applicationId)

    // Weeks later the task is still open; the owner complains online about it.
    dayOf('2026-03-23')
    const registered = expectStatus(
      await world.api('POST', '/api/v1/hotline/tickets', ownerB(), {
        type: 'complaint',
        title: '规划许可超期未办',
        content: '用地规划许可已超过承诺时限仍未办结。',
        requester: { name: '王五', idNumber: '44150019800101003X', phone: '13700137000' },
        projectId,
        applicationId: application.applicationId,
        taskId: task.taskId,
      }),
      201,
    ).tickets[0].ticket
    const id = registered.ticketId
    expect(registered).toMatchObject({ channel: 'online', ownerCreditCode: owners.b.creditCode, taskId: task.taskId })
    expect(registered.dispatch.due).toBe(nthWorkingDayAfter('2026-03-23', 1))

    // Dispatched the same day to the wrong unit; it asks to return it the next day, within its 2 working days.
    let t = await actOn(id, agent(), { action: 'dispatch', department: 'housing-construction' })
    expect(t.check.due).toBe(nthWorkingDayAfter('2026-03-23', 2))
    expect(t.handling.due).toBe(nthWorkingDayAfter('2026-03-23', 10))
    dayOf('2026-03-24')
    t = await actOn(id, unit('housing-construction'), {
      action: 'request-return',
      kind: 'competence',
      grounds: '用地规划许可属自然资源部门职权，不属本单位职责',
      suggestedDepartment: 'natural-resources',
    })
    expect(t.status).toBe('return-requested')
    // Approved on 03-25: dispatched again, and the 10 working days count again from the new unit's receipt.
    dayOf('2026-03-25')
    t = await actOn(id, agent(), { action: 'decide-return', approve: true, department: 'natural-resources' })
    expect(t.department).toBe('natural-resources')
    expect(t.handling.due).toBe(nthWorkingDayAfter('2026-03-25', 10))
    // The unit that returned it sees it no more (404, like an unknown ticket); the right one takes it.
    expect((await refused(id, unit('housing-construction'), { action: 'accept' })).code).toBe(
      'HOTLINE_TICKET_NOT_FOUND',
    )
    t = await actOn(id, unit('natural-resources'), { action: 'accept' })
    // One extension of 5 working days, asked before the limit, counted on from the first due date (over Qingming).
    dayOf('2026-04-02')
    const firstDue = t.handling.due
    t = await actOn(id, unit('natural-resources'), { action: 'extend', days: 5, reason: '需现场核查，已告知诉求人' })
    expect(t.extensions).toHaveLength(1)
    expect(t.handling.due).toBe(nthWorkingDayAfter(firstDue, 5))

    // Handling report with the reply; the centre reviews it and asks for the rating: 5 natural days.
    dayOf('2026-04-08')
    t = await actOn(id, unit('natural-resources'), { ...handled, mediation: 'none' })
    expect(t.report.late).toBe(false)
    t = await actOn(id, agent(), { action: 'review', approve: true })
    expect(t.ratings[0].windowEnds).toBe(addDays('2026-04-08', 5))
    // Rated dissatisfied by the owner; the centre's return visit, then one re-handling with the original 10 days.
    t = await actOn(id, ownerB(), { action: 'rate', value: 'dissatisfied' })
    expect(t.status).toBe('return-visit')
    dayOf('2026-04-09')
    t = await actOn(id, agent(), { action: 'return-visit', note: '诉求人认为仍未解决' })
    t = await actOn(id, agent(), { action: 'rehandle' })
    expect(t.status).toBe('rehandling')
    expect(t.handling.due).toBe(nthWorkingDayAfter('2026-04-09', 10))
    // No extension and no return in a re-handling.
    expect((await refused(id, unit('natural-resources'), { action: 'extend', days: 1, reason: 'x' })).code).toBe(
      'HOTLINE_REHANDLING_NO_EXTENSION',
    )
    expect(
      (await refused(id, unit('natural-resources'), { action: 'request-return', kind: 'competence', grounds: 'x' }))
        .code,
    ).toBe('HOTLINE_REHANDLING_NO_RETURN')
    dayOf('2026-04-14')
    t = await actOn(id, unit('natural-resources'), { ...handled, result: '已督促办结许可', mediation: 'none' })
    t = await actOn(id, agent(), { action: 'review', approve: true })
    expect(t.ratings[1]).toMatchObject({ round: 2, notifiedOn: '2026-04-14', windowEnds: '2026-04-19' })
    t = await actOn(id, ownerB(), { action: 'rate', value: 'satisfied' })
    expect(t).toMatchObject({ status: 'closed', closure: 'rated', rehandled: true })
    // A second re-handling is not possible, and the closing rating reached the stream through the outbox.
    expect((await refused(id, agent(), { action: 'rehandle' })).code).toBe('HOTLINE_REHANDLED_ONCE')
    await until(async () =>
      (await published(world, TicketRatedV1)).some((e) => e.ticket.ticketId === id && e.ticket.status === 'closed'),
    )
  })

  it('another owner is told the ticket does not exist', async () => {
    dayOf('2026-03-02')
    const mine = expectStatus(
      await world.api('POST', '/api/v1/hotline/tickets', ownerB(), {
        type: 'consultation',
        title: '咨询',
        content: '咨询办理流程',
        requester: {},
      }),
      201,
    ).tickets[0].ticket
    const other = world.token('owner', { creditCode: owners.c.creditCode })
    expect((await refused(mine.ticketId, other, { action: 'rate', value: 'satisfied' })).code).toBe(
      'HOTLINE_TICKET_NOT_FOUND',
    )
    // Nor may an owner put a ticket on another owner's project: 404, as for an unknown project.
    const foreignProject = await registerProject(world, lowRiskFactory(owners.b))
    const onAnother = await world.api('POST', '/api/v1/hotline/tickets', other, {
      type: 'complaint',
      title: '投诉',
      content: '挂到别人的项目上',
      requester: {},
      projectId: foreignProject,
    })
    expect([onAnother.status, onAnother.body.code]).toEqual([404, 'GATEWAY_PROJECT_NOT_FOUND'])
    // Nor on another owner's application or task, nor on its own ones under a project they do not belong to.
    const application = expectStatus(
      await openApplication(world, foreignProject, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
      }),
      201,
    ).application
    const task = await taskOf(world, 'natural-resources', application.applicationId)
    const otherProjectOfB = await registerProject(world, lowRiskFactory(owners.b))
    const link = (bearer: string, links: object) =>
      world.api('POST', '/api/v1/hotline/tickets', bearer, {
        type: 'complaint',
        title: '投诉',
        content: '挂到不相干的事项上',
        requester: {},
        ...links,
      })
    const refusals = [
      [other, { taskId: task.taskId }, 'GATEWAY_TASK_NOT_FOUND'],
      [other, { applicationId: application.applicationId }, 'GATEWAY_APPLICATION_NOT_FOUND'],
      [ownerB(), { projectId: otherProjectOfB, taskId: task.taskId }, 'GATEWAY_TASK_NOT_FOUND'],
      [
        ownerB(),
        { projectId: otherProjectOfB, applicationId: application.applicationId },
        'GATEWAY_APPLICATION_NOT_FOUND',
      ],
    ] as const
    for (const [bearer, links, code] of refusals) {
      const res = await link(bearer, links)
      expect([res.status, res.body.code], JSON.stringify(links)).toEqual([404, code])
    }
    // Its own task under its own project and application is linked.
    expectStatus(
      await link(ownerB(), {
        projectId: foreignProject,
        applicationId: application.applicationId,
        taskId: task.taskId,
      }),
      201,
    )
    // A clerk has no part in the hotline: the gateway refuses the role.
    const res = await world.api('POST', `/api/v1/hotline/tickets/${mine.ticketId}/actions`, world.token('clerk'), {
      action: 'accept',
    })
    expect(res.status).toBe(403)
  })
})

describe('joint handling: the co-handlers act (协办, 004:1556)', () => {
  it('each co-handler submits its part to the lead within the clock; the lead’s report cites them', async () => {
    dayOf('2026-03-02')
    const id = (await registerByAgent()).ticketId
    let t = await actOn(id, agent(), {
      action: 'dispatch',
      department: 'housing-construction',
      coHandlers: ['urban-management', 'natural-resources'],
    })
    expect(t.coordination.due).toBe(nthWorkingDayAfter('2026-03-02', 2))
    t = await actOn(id, unit('housing-construction'), { action: 'accept' })
    const part = (opinion: string) => ({ action: 'contribute', opinion })

    // A co-handler may submit its part, but not the lead's report, nor extend or return the ticket.
    dayOf('2026-03-04')
    t = await actOn(id, unit('urban-management'), part('已核查占道经营情况，已责令整改'))
    expect(t.contributions).toEqual([
      expect.objectContaining({ department: 'urban-management', round: 1, submittedOn: '2026-03-04', late: false }),
    ])
    for (const body of [
      { ...handled, mediation: 'none' },
      { action: 'extend', days: 1, reason: '协办单位延期' },
      { action: 'request-return', kind: 'competence', grounds: '协办单位退回' },
    ]) {
      const r = await refused(id, unit('urban-management'), body)
      expect(r.code, body.action).toBe('HOTLINE_NOT_YOUR_TICKET')
    }
    // Once a round.
    expect((await refused(id, unit('urban-management'), part('再交一次'))).code).toBe('HOTLINE_CONTRIBUTION_DONE')
    // The lead does not submit a part; a department not involved may do neither, and does not see the ticket at all.
    expect((await refused(id, unit('housing-construction'), part('牵头单位'))).code).toBe('HOTLINE_NOT_YOUR_TICKET')
    for (const body of [part('无关单位'), { ...handled, mediation: 'none' }]) {
      const r = await refused(id, unit('transport'), body)
      expect([r['status'], r.code]).toEqual([404, 'HOTLINE_TICKET_NOT_FOUND'])
    }
    // A body over its bound is refused naming the field.
    const long = await world.api('POST', `/api/v1/hotline/tickets/${id}/actions`, unit('natural-resources'), {
      action: 'contribute',
      opinion: 'x'.repeat(4001),
    })
    expect(long.status).toBe(400)
    expect(JSON.stringify(long.body)).toContain('opinion')

    // natural-resources sends its part the day after the handling due date: taken, marked late.
    const lateDay = addDays(nthWorkingDayAfter('2026-03-02', 10), 1)
    dayOf(lateDay)
    t = await actOn(id, unit('natural-resources'), part('规划条件已复核'))
    expect(t.contributions[1]).toMatchObject({ department: 'natural-resources', late: true })
    t = await actOn(id, unit('housing-construction'), { ...handled, mediation: 'none' })
    expect(t.report.contributions.map((c: { department: string }) => c.department)).toEqual([
      'urban-management',
      'natural-resources',
    ])
    expect(t.report.late).toBe(true)
    // The co-handler reads the report that cites it, through the read model, and its history line is there.
    await until(async () => {
      const read = await world.api('GET', `/api/v1/hotline/tickets/${id}`, unit('urban-management'))
      return (
        read.status === 200 &&
        read.body.ticket.status === 'replied' &&
        read.body.history.some((h: { type: string }) => h.type === 'ticket.contributed')
      )
    })
  })
})

describe('an online ticket’s supplement notice: 3 natural days (第十二条第二款, 004:1517)', () => {
  it('asked once; supplied in time it is dispatched; not supplied, the timer ends the ticket', async () => {
    dayOf('2026-03-06')
    const file = async () =>
      expectStatus(
        await world.api('POST', '/api/v1/hotline/tickets', ownerB(), {
          type: 'complaint',
          title: '材料补正',
          content: '反映补正材料被重复要求',
          requester: {},
        }),
        201,
      ).tickets[0].ticket.ticketId as string
    const note = { action: 'request-supplement', note: '请补充项目代码及受理编号' }
    // A phone ticket is called instead.
    expect((await refused((await registerByAgent()).ticketId, agent(), note)).code).toBe(
      'HOTLINE_SUPPLEMENT_ONLINE_ONLY',
    )
    // Only the centre asks.
    const kept = await file()
    expect((await refused(kept, ownerB(), note)).code).toBe('HOTLINE_NOT_YOUR_TICKET')
    let t = await actOn(kept, agent(), note)
    // Friday 03-06 + 3 natural days: Monday 03-09.
    expect(t.supplement.windowEnds).toBe(addDays('2026-03-06', 3))
    expect((await refused(kept, agent(), note)).code).toBe('HOTLINE_SUPPLEMENT_ASKED')
    expect((await refused(kept, agent(), { action: 'dispatch', department: 'housing-construction' })).code).toBe(
      'HOTLINE_SUPPLEMENT_PENDING',
    )
    dayOf('2026-03-09')
    t = await actOn(kept, ownerB(), { action: 'add-information', note: '项目代码已补充', affectsHandling: true })
    expect(t.supplement.suppliedOn).toBe('2026-03-09')
    expect(t.dispatch.due).toBe(nthWorkingDayAfter('2026-03-09', 1))
    expect((await actOn(kept, agent(), { action: 'dispatch', department: 'housing-construction' })).status).toBe(
      'dispatched',
    )

    // Another, never supplied: the day after the window the timer ends it (information-missing), once.
    dayOf('2026-03-06')
    const lapsed = await file()
    await actOn(lapsed, agent(), note)
    // On the window's last day it is still open; the day after, the timer ends it.
    dayOf('2026-03-09')
    await until(
      async () =>
        (await world.api('GET', `/api/v1/hotline/tickets/${lapsed}`, agent())).body.ticket?.supplement !== undefined,
    )
    expect((await world.api('GET', `/api/v1/hotline/tickets/${lapsed}`, agent())).body.ticket.status).toBe('registered')
    dayOf('2026-03-10')
    await until(async () => {
      const read = await world.api('GET', `/api/v1/hotline/tickets/${lapsed}`, agent())
      return read.status === 200 && read.body.ticket.closure === 'information-missing'
    })
  })
})

describe('long-term complex items (第二十六条, 004:1622–1626)', () => {
  it('plan in 10 working days, a monthly update, the procedure’s end and the final report in 3 working days, overdue once', async () => {
    dayOf('2026-04-01')
    const id = (await registerByAgent()).ticketId
    const lead = unit('housing-construction')
    await actOn(id, agent(), { action: 'dispatch', department: 'housing-construction' })
    await actOn(id, lead, { action: 'accept' })
    let t = await actOn(id, agent(), { action: 'long-term', note: '集中持续反映，需长期推进' })
    expect(t.longTerm.plan.due).toBe(nthWorkingDayAfter('2026-04-01', 10))
    t = await actOn(id, lead, { action: 'plan', plan: '分期整改' })
    expect(t.longTerm.nextUpdateDue).toBe('2026-05-01')
    dayOf('2026-04-28')
    t = await actOn(id, lead, { action: 'progress', note: '第一期完成' })
    // Only the handling unit reports; a date in the future or before the marking is refused naming the field.
    expect((await refused(id, agent(), { action: 'procedure-ended', procedureEndedOn: '2026-04-28' })).code).toBe(
      'HOTLINE_NOT_YOUR_TICKET',
    )
    for (const bad of ['2026-04-29', '2026-03-31']) {
      const r = await refused(id, lead, { action: 'procedure-ended', procedureEndedOn: bad })
      expect([r.code, r['field']]).toEqual(['HOTLINE_DATE_INVALID', '/body/procedureEndedOn'])
    }
    const notADay = await world.api('POST', `/api/v1/hotline/tickets/${id}/actions`, lead, {
      action: 'procedure-ended',
      procedureEndedOn: '2026-02-30',
    })
    expect(notADay.status).toBe(400)
    // The procedure ended Tuesday 04-28: the final report is due 3 working days later, over 劳动节.
    t = await actOn(id, lead, { action: 'procedure-ended', procedureEndedOn: '2026-04-28' })
    const due = nthWorkingDayAfter('2026-04-28', 3)
    expect(t.longTerm.final.deadline.due).toBe(due)
    expect(t.longTerm.nextUpdateDue).toBeUndefined()
    // Not filed in time: the timer records it overdue once.
    dayOf(addDays(due, 1))
    await until(async () =>
      (await published(world, TicketOverdueV1)).some((e) => e.ticket.ticketId === id && e.clock === 'long-term-final'),
    )
    t = await actOn(id, lead, {
      action: 'final-report',
      guidanceDepartment: 'natural-resources',
      guidance: '同意办理结果',
      result: '整改全部完成',
    })
    expect(t.longTerm.final).toMatchObject({ late: true, reportedOn: addDays(due, 1), guidance: '同意办理结果' })
    expect(t.longTerm.final.deadline.alerts.overdueOn).toBe(addDays(due, 1))
    const overdue = (await published(world, TicketOverdueV1)).filter(
      (e) => e.ticket.ticketId === id && e.clock === 'long-term-final',
    )
    expect(overdue).toHaveLength(1)
    expect((await refused(id, lead, { action: 'progress', note: 'x' })).code).toBe('HOTLINE_TICKET_STATE_CONFLICT')
  })
})

describe('hard tickets, extensions and refusals of re-handling', () => {
  it('the third different unit’s approved return makes a hard ticket, with the staffing office’s 5 WD opinion clock', async () => {
    dayOf('2026-03-02')
    const id = (await registerByAgent()).ticketId
    await actOn(id, agent(), { action: 'dispatch', department: 'housing-construction' })
    const units = ['housing-construction', 'natural-resources', 'urban-management']
    for (const [i, from] of units.entries()) {
      const ret = { action: 'request-return', kind: 'competence', grounds: `第${i + 1}次退回：不属本单位职责` }
      await actOn(id, unit(from), ret)
      const next = units[i + 1]
      const t = await actOn(id, agent(), {
        action: 'decide-return',
        approve: true,
        ...(next ? { department: next } : {}),
      })
      if (next) {
        // Two returns: each re-dispatches, its clock counted again.
        expect([t.status, t.department, t.handling.due]).toEqual(['dispatched', next, nthWorkingDayAfter(today(), 10)])
      } else {
        // 第十八条: returned 3 times (以上 includes the number) by different units — 部门职责分工争议, the staffing office's
        // opinion within 5 working days.
        expect(t.status).toBe('hard')
        expect(t.hard).toMatchObject({ kind: 'duty', openedOn: today() })
        expect(t.hard.opinion.due).toBe(nthWorkingDayAfter(today(), 5))
      }
    }
    // The opinion came: the ticket is dispatched to the unit it names, its clock counted from there.
    dayOf('2026-03-05')
    const t = await actOn(id, agent(), {
      action: 'hard-opinion',
      opinion: '由城管部门承办',
      department: 'urban-management',
    })
    expect([t.status, t.department, t.handling.due]).toEqual([
      'dispatched',
      'urban-management',
      nthWorkingDayAfter('2026-03-05', 10),
    ])
  })

  it('a second extension is allowed, a third refused', async () => {
    dayOf('2026-03-02')
    const id = (await registerByAgent()).ticketId
    let t = await actOn(id, agent(), { action: 'dispatch', department: 'housing-construction' })
    t = await actOn(id, unit('housing-construction'), { action: 'accept' })
    const due0 = t.handling.due
    t = await actOn(id, unit('housing-construction'), { action: 'extend', days: 10, reason: '第一次延期' })
    expect(t.handling.due).toBe(nthWorkingDayAfter(due0, 10))
    t = await actOn(id, unit('housing-construction'), { action: 'extend', days: 10, reason: '第二次延期' })
    expect(t.handling.due).toBe(nthWorkingDayAfter(due0, 20))
    const third = await refused(id, unit('housing-construction'), { action: 'extend', days: 1, reason: '第三次' })
    expect(third.code).toBe('HOTLINE_EXTENSIONS_EXHAUSTED')
    // Longer than the first limit is refused too, naming the field.
    const id2 = (await registerByAgent({ type: 'consultation' })).ticketId
    await actOn(id2, agent(), { action: 'dispatch', department: 'housing-construction' })
    const long = await refused(id2, unit('housing-construction'), { action: 'extend', days: 3, reason: '过长' })
    expect([long.code, long['field']]).toEqual(['HOTLINE_EXTENSION_TOO_LONG', '/body/days'])
  })

  it('refuses re-handling in each of the six cases of 第二十九条', async () => {
    dayOf('2026-03-02')
    const cases: Array<[number, object, object]> = [
      [1, {}, { ...handled, mode: 'classified' }],
      [
        2,
        {},
        {
          ...handled,
          mode: 'unreachable',
          replyMethod: 'unreachable',
          replySummary: undefined,
          // Case 2 is registered at 04:00Z and reported at 05:00Z (below): the calls lie between.
          calls: ['2026-03-02T04:10:00Z', '2026-03-02T04:25:00Z', '2026-03-02T04:40:00Z'],
        },
      ],
      [3, { type: 'suggestion' }, { ...handled, adopted: false }],
      [4, {}, { ...handled, mediation: 'terminated' }],
      [5, {}, { ...handled, mediation: 'none' }],
      [
        6,
        {},
        // The original: case 5's ticket, the same caller's, closed (dissatisfied) before this one is replied to.
        { ...handled, mode: 'repeat', originalTicketId: 'case 5', basis: '原工单依据' },
      ],
    ]
    // Each case two hours after the one before, the same legal day: registered on the hour, reported an hour later.
    const at = (hours: number) => world.clock.set(new Date(Date.parse('2026-03-02T02:00:00Z') + hours * 3_600_000))
    const ids = new Map<string, string>()
    for (const [n, over, reply] of cases) {
      at(2 * (n - 1))
      const id = (await registerByAgent(over)).ticketId
      ids.set(`case ${n}`, id)
      await actOn(id, agent(), { action: 'dispatch', department: 'housing-construction' })
      await actOn(id, unit('housing-construction'), { action: 'accept' })
      at(2 * (n - 1) + 1)
      const original = (reply as { originalTicketId?: string }).originalTicketId
      if (original) {
        // 第二十四条: a ticket the hotline never had is no original; nothing is written.
        const made = '0190f0f0-0000-7000-8000-00000000000a'
        const e = await world.api('POST', `/api/v1/hotline/tickets/${id}/actions`, unit('housing-construction'), {
          ...reply,
          originalTicketId: made,
        })
        expect([e.status, e.body.code, e.body.field]).toEqual([
          422,
          'HOTLINE_ORIGINAL_TICKET_INVALID',
          '/body/originalTicketId',
        ])
      }
      await actOn(id, unit('housing-construction'), {
        ...JSON.parse(JSON.stringify(reply)),
        ...(original ? { originalTicketId: ids.get(original) } : {}),
      })
      await actOn(id, agent(), { action: 'review', approve: true })
      await actOn(id, agent(), { action: 'rate', value: 'very-dissatisfied' })
      // Case 5 is what the return visit finds: a natural disaster or other force majeure.
      await actOn(id, agent(), { action: 'return-visit', note: '回访', ...(n === 5 ? { forceMajeure: true } : {}) })
      const refusal = await refused(id, agent(), { action: 'rehandle' })
      expect([refusal.code, refusal['case']], `case ${n}`).toEqual(['HOTLINE_REHANDLING_NOT_ALLOWED', n])
      // The centre closes it instead.
      expect((await actOn(id, agent(), { action: 'close' })).closure).toBe('dissatisfied')
    }
  })

  it('records a ticket not handled in time as overdue once, through the timer', async () => {
    dayOf('2026-03-02')
    const id = (await registerByAgent({ type: 'consultation' })).ticketId
    const t = await actOn(id, agent(), { action: 'dispatch', department: 'housing-construction' })
    expect(t.handling.due).toBe(nthWorkingDayAfter('2026-03-02', 2))
    dayOf(addDays(t.handling.due, 1))
    await until(async () =>
      (await published(world, TicketOverdueV1)).some((e) => e.ticket.ticketId === id && e.clock === 'handling'),
    )
    const after = await actOn(id, unit('housing-construction'), { action: 'accept' })
    expect(after.handling.alerts.overdueOn).toBe(addDays(t.handling.due, 1))
    const overdue = (await published(world, TicketOverdueV1)).filter(
      (e) => e.ticket.ticketId === id && e.clock === 'handling',
    )
    expect(overdue).toHaveLength(1)
  })
})

describe("a ticket's region: the project's it names, whoever registers it", () => {
  it("a call naming a 佛山 project takes 佛山: its 佛山 unit lists and reads it, 汕尾's does not; a named region stays", async () => {
    // A 佛山 (440600) project; the centre's agent registers a caller's complaint naming it, and no region.
    const projectId = await registerProject(world, industrialProject(owners.a))
    const named = { projectId }
    const call = await registerByAgent(named)
    expect(call.region).toBe('440600')
    // The window clerk's ticket and the owner's own take it by the same rule; a region named stays, a project
    // unknown gives none.
    const atWindow = expectStatus(
      await world.api('POST', '/api/v1/hotline/tickets', world.token('clerk'), {
        type: 'help',
        title: '求助',
        content: '窗口求助',
        requester: caller,
        ...named,
      }),
      201,
    ).tickets[0].ticket
    expect([atWindow.channel, atWindow.region]).toEqual(['window', '440600'])
    const online = expectStatus(
      await world.api('POST', '/api/v1/hotline/tickets', world.token('owner', { creditCode: owners.a.creditCode }), {
        type: 'consultation',
        title: '咨询',
        content: '咨询办理进度',
        requester: {},
        ...named,
      }),
      201,
    ).tickets[0].ticket
    expect(online.region).toBe('440600')
    expect((await registerByAgent({ projectId, region: '441500' })).region).toBe('441500')
    expect((await registerByAgent({ projectId: randomUUID() })).region).toBeUndefined()

    // Dispatched to housing-construction: the 佛山 reviewer of the unit lists it and reads it (the read model and
    // the requester, the hotline's); the 汕尾 one neither lists it nor opens it (404, as an unknown ticket).
    await actOn(call.ticketId, agent(), { action: 'dispatch', department: 'housing-construction' })
    const housing = (region: string) => world.token('reviewer', { department: 'housing-construction', region })
    const inbox = async (token: string) =>
      expectStatus(await world.api('GET', '/api/v1/hotline/tickets/inbox?limit=200', token), 200).tickets.map(
        (r: { ticket: { ticketId: string } }) => r.ticket.ticketId,
      )
    await expect.poll(() => inbox(housing('440600')), { timeout: 20_000 }).toContain(call.ticketId)
    const read = expectStatus(
      await world.api('GET', `/api/v1/hotline/tickets/${call.ticketId}`, housing('440600')),
      200,
    )
    expect(read.ticket).toMatchObject({ ticketId: call.ticketId, region: '440600', department: 'housing-construction' })
    expect(
      expectStatus(await world.api('GET', `/api/v1/hotline/tickets/${call.ticketId}/requester`, housing('440600')), 200)
        .requester.name,
    ).toBe(caller.name)
    expect(await inbox(housing('441500'))).not.toContain(call.ticketId)
    expect((await world.api('GET', `/api/v1/hotline/tickets/${call.ticketId}`, housing('441500'))).status).toBe(404)
    expect(
      (await world.api('GET', `/api/v1/hotline/tickets/${call.ticketId}/requester`, housing('441500'))).status,
    ).toBe(404)
  })
})
