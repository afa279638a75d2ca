import { schemaDifferences } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prismaSchemaDir } from '../src/index.js'
import { aComplaint, act, agent, call, hotlineWorld, owner, unit, type World } from './helpers.js'

describe('hotline service', () => {
  let w: World
  beforeAll(async () => {
    // Monday 2026-03-02, 10:00 in Guangzhou.
    w = await hotlineWorld('2026-03-02T02:00:00Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  it('answers /readyz when its database and broker answer', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/readyz' })
    expect(res.statusCode).toBe(200)
  })

  it('the schema the migrations make is the one Prisma models', async () => {
    expect(await schemaDifferences(prismaSchemaDir, w.db.pool, w.db.schema)).toEqual([])
  })

  it('registers a ticket with its dispatch due the next working day, and keeps hidden data out', async () => {
    const res = await call(w, agent, 'POST', '/tickets', aComplaint({ hidden: ['phone'] }))
    expect(res.statusCode, res.body).toBe(201)
    const [view] = res.json().tickets
    expect(view.ticket.status).toBe('registered')
    expect(view.ticket.dispatch.due).toBe('2026-03-03')
    // The running clock as approval's are shown: its state today and its due date explained.
    expect(view.clocks).toEqual([
      expect.objectContaining({ clock: 'dispatch', limit: 1, start: '2026-03-02', due: '2026-03-03', level: 'green' }),
    ])
    expect(view.clocks[0].explanation).toContain('2026-03-03')
    expect(view.ticket.realName).toBe(false)
    expect(view.requester).toEqual({ name: '张三', idNumber: '440600198001010018' })
    const { rows } = await w.db.pool.query(`SELECT requester::text AS r, state::text AS s FROM ticket`)
    expect(rows[0].r).not.toContain('13800138000')
    expect(rows[0].s).not.toContain('张三')
  })

  it('an owner sees its own ticket and nobody else’s', async () => {
    const mine = await call(w, owner, 'POST', '/tickets', aComplaint())
    expect(mine.statusCode, mine.body).toBe(201)
    const id = mine.json().tickets[0].ticket.ticketId
    expect((await call(w, owner, 'GET', `/tickets/${id}`)).statusCode).toBe(200)
    const other = { sub: 'owner-2', role: 'owner' as const, creditCode: '91440101MA59XXXX1A' }
    expect((await call(w, other, 'GET', `/tickets/${id}`)).statusCode).toBe(404)
  })

  it('a clerk registers at the 办不成事 window a ticket that runs to dispatch like any other, and follows it', async () => {
    const clerk = { sub: 'clerk-window-1', role: 'clerk' as const }
    const res = await call(w, clerk, 'POST', '/tickets', aComplaint({ title: '办不成：施工许可跨部门卡住' }))
    expect(res.statusCode, res.body).toBe(201)
    const [view] = res.json().tickets
    expect(view.ticket).toMatchObject({ channel: 'window', windowClerk: 'clerk-window-1', status: 'registered' })
    expect(view.ticket.dispatch.due).toBe('2026-03-03')
    const id = view.ticket.ticketId
    const { rows } = await w.db.pool.query<{ channel: string; clerk: string }>(
      `SELECT payload->'ticket'->>'channel' AS channel, payload->'ticket'->>'windowClerk' AS clerk
         FROM outbox_message WHERE aggregate_id = $1 AND subject = 'permit.hotline.ticket.registered.v1'`,
      [id],
    )
    expect(rows).toEqual([{ channel: 'window', clerk: 'clerk-window-1' }])
    // She follows what she took in; another clerk does not see it, and she neither dispatches nor handles.
    expect((await call(w, clerk, 'GET', `/tickets/${id}`)).statusCode).toBe(200)
    const colleague = { sub: 'clerk-window-2', role: 'clerk' as const }
    expect((await call(w, colleague, 'GET', `/tickets/${id}`)).statusCode).toBe(404)
    const dispatchByClerk = await call(w, clerk, 'POST', `/tickets/${id}/actions`, {
      action: 'dispatch',
      department: 'housing',
    })
    expect(dispatchByClerk.json().code).toBe('HOTLINE_NOT_YOUR_TICKET')
    // The centre dispatches it and the unit takes it, as a call's.
    expect((await act(w, agent, id, { action: 'dispatch', department: 'housing' })).ticket.status).toBe('dispatched')
    const accepted = await act(w, unit('housing'), id, { action: 'accept' })
    expect(accepted.ticket).toMatchObject({ status: 'handling', channel: 'window', department: 'housing' })
    expect((await call(w, clerk, 'GET', `/tickets/${id}`)).json().ticket.status).toBe('handling')
  })

  it('refuses unreachable calls with a problem naming the call and the rule it broke, as members', async () => {
    const res = await call(w, agent, 'POST', '/tickets', aComplaint())
    const id = res.json().tickets[0].ticket.ticketId
    await act(w, agent, id, { action: 'dispatch', department: 'housing' })
    await act(w, unit('housing'), id, { action: 'accept' })
    // Thursday 03-05, 10:00 in Guangzhou; the second call 14 minutes 59 seconds after the first.
    w.clock.set('2026-03-05T02:00:00Z')
    const calls = ['2026-03-05T01:00:00Z', '2026-03-05T01:14:59Z', '2026-03-05T01:40:00Z']
    const refused = await call(w, unit('housing'), 'POST', `/tickets/${id}/actions`, {
      action: 'reply',
      mode: 'unreachable',
      process: '三次电话联系均未接通',
      result: '无法联系诉求人',
      replyMethod: 'unreachable',
      mediation: 'none',
      calls,
    })
    w.clock.set('2026-03-02T02:00:00Z')
    expect(refused.statusCode, refused.body).toBe(422)
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(refused.json()).toMatchObject({
      code: 'HOTLINE_CALLS_INVALID',
      field: '/body/calls/1',
      reason: 'too-close',
      call: 2,
      callAt: calls[1],
      previousAt: calls[0],
      minutes: 14,
    })
  })
})

describe('the tickets’ timer', () => {
  let w: World
  beforeAll(async () => {
    w = await hotlineWorld('2026-03-02T02:00:00Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })
  const subjects = async (id: string) =>
    (
      await w.db.pool.query<{ subject: string; clock: string | null }>(
        `SELECT subject, payload->>'clock' AS clock FROM outbox_message WHERE aggregate_id = $1 ORDER BY position`,
        [id],
      )
    ).rows.map((r) => `${r.subject.split('.')[3]}${r.clock ? `:${r.clock}` : ''}`)

  it('warns and then records overdue once each, however many passes, and closes a lapsed rating window unrated', async () => {
    const res = await call(w, agent, 'POST', '/tickets', aComplaint({ type: 'consultation' }))
    const id = res.json().tickets[0].ticket.ticketId
    await act(w, agent, id, { action: 'dispatch', department: 'housing' })
    // 2 WD from Monday: due Wednesday 03-04. Thursday it is overdue; the check (2 WD too) likewise.
    w.clock.set('2026-03-05T02:00:00Z')
    await w.app.scanner.runOnce()
    await w.app.scanner.runOnce()
    expect(await subjects(id)).toEqual([
      'registered',
      'dispatched',
      'warned:check',
      'overdue:check',
      'warned:handling',
      'overdue:handling',
    ])
    await act(w, unit('housing'), id, {
      action: 'reply',
      process: '已答复',
      result: '已告知办理流程',
      replyMethod: 'phone',
      replySummary: '电话答复',
      basis: '《广州市工程建设项目审批制度改革实施方案》',
    })
    const reviewed = await act(w, agent, id, { action: 'review', approve: true })
    expect(reviewed.ticket.ratings[0]?.windowEnds).toBe('2026-03-10')
    w.clock.set('2026-03-10T15:00:00Z') // 23:00 on the last day: still open
    await w.app.scanner.runOnce()
    expect((await call(w, agent, 'GET', `/tickets/${id}`)).json().ticket.status).toBe('rating')
    w.clock.set('2026-03-11T02:00:00Z')
    await w.app.scanner.runOnce()
    await w.app.scanner.runOnce()
    const closed = (await call(w, agent, 'GET', `/tickets/${id}`)).json().ticket
    expect([closed.status, closed.closure, closed.ratings[0].lapsed]).toEqual(['closed', 'unrated', true])
    expect((await subjects(id)).filter((s) => s === 'rated')).toHaveLength(1)
  })
})
