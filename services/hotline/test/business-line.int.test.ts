import type { Actor } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { act, agent, call, hotlineWorld, unit, type World } from './helpers.js'

// 广西's 优化营商环境专线 (002:340) on PostgreSQL and NATS: the unit's 整改情况 to the centre's 整改函, the 100% call-back
// of a business-line ticket rated dissatisfied or unresolved, and the referral of a serious case.

const qinzhouFirm: Actor = { sub: 'owner-qz', role: 'owner', creditCode: '91450700MA5KXXXX0X' }
const supervisor: Actor = { sub: 'supervisor-1', role: 'supervisor' }
const housingLead: Actor = { sub: 'lead-housing', role: 'lead', department: 'housing' }
const aRequestForHelp = (over: object = {}) => ({
  type: 'help',
  title: '施工许可办理求助',
  content: '申请施工许可时系统无法上传材料，请求协助。',
  requester: { name: '李四', phone: '13800138000' },
  ...over,
})

describe('the business line’s follow-up', () => {
  let w: World
  let ticketId: string
  const published = async (subject: string) => {
    const { rows } = await w.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox_message WHERE aggregate_id = $1 AND subject = $2',
      [ticketId, subject],
    )
    return rows[0]?.n
  }
  beforeAll(async () => {
    // Thursday 2026-03-05, 10:00 in Guangzhou.
    w = await hotlineWorld('2026-03-05T02:00:00Z')
    const res = await call(w, qinzhouFirm, 'POST', '/tickets', aRequestForHelp({ region: '450700' }))
    expect(res.statusCode, res.body).toBe(201)
    ticketId = res.json().tickets[0].ticket.ticketId
    await act(w, agent, ticketId, { action: 'dispatch', department: 'housing' })
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  it('the letter’s unit answers it once; the centre and the supervisor read the answer; others are refused', async () => {
    const sent = await call(w, agent, 'POST', `/tickets/${ticketId}/rectification-letters`, {
      ground: 'perfunctory',
      reason: '答复内容与诉求无关，未实际核查。',
    })
    expect(sent.statusCode, sent.body).toBe(200)
    const letterId = sent.json().ticket.rectificationLetters[0].id
    const path = `/tickets/${ticketId}/rectification-letters/${letterId}/reply`
    const rectification = '已重新核查，并当面协助企业上传材料。'
    // Not the centre's; a department the ticket is not with does not see it.
    const byAgent = await call(w, agent, 'POST', path, { rectification })
    expect(byAgent.statusCode, byAgent.body).toBe(403)
    expect(byAgent.json().code).toBe('HOTLINE_NOT_YOUR_TICKET')
    expect((await call(w, unit('planning'), 'POST', path, { rectification })).statusCode).toBe(404)
    // Required, bounded; an unknown letter named.
    expect((await call(w, unit('housing'), 'POST', path, {})).statusCode).toBe(400)
    expect((await call(w, unit('housing'), 'POST', path, { rectification: 'x'.repeat(4001) })).statusCode).toBe(400)
    const unknown = await call(
      w,
      unit('housing'),
      'POST',
      `/tickets/${ticketId}/rectification-letters/0190f0f0-0000-7000-8000-0000000000e9/reply`,
      { rectification },
    )
    expect(unknown.statusCode, unknown.body).toBe(404)
    expect(unknown.json().code).toBe('HOTLINE_RECTIFICATION_LETTER_NOT_FOUND')

    const answered = await call(w, unit('housing'), 'POST', path, { rectification })
    expect(answered.statusCode, answered.body).toBe(200)
    expect(answered.json().ticket.status).toBe('dispatched')
    for (const reader of [agent, supervisor]) {
      const seen = await call(w, reader, 'GET', `/tickets/${ticketId}`)
      expect(seen.json().ticket.rectificationLetters[0].reply).toEqual({
        rectification,
        repliedOn: '2026-03-05',
        repliedAt: expect.any(String),
      })
    }
    const again = await call(w, housingLead, 'POST', path, { rectification })
    expect(again.statusCode, again.body).toBe(409)
    expect(again.json().code).toBe('HOTLINE_RECTIFICATION_LETTER_ANSWERED')
    expect(await published('permit.hotline.ticket.rectification-letter-answered.v1')).toBe(1)
  })

  it('a serious case is handed on by the centre, read by the centre and the supervisor, not by the unit or the requester', async () => {
    const note = '多次敷衍塞责，造成不良影响'
    const byUnit = await call(w, unit('housing'), 'POST', `/tickets/${ticketId}/referrals`, { to: 'discipline', note })
    expect(byUnit.statusCode).toBe(403)
    expect((await call(w, agent, 'POST', `/tickets/${ticketId}/referrals`, { to: 'police', note })).statusCode).toBe(
      400,
    )
    const referred = await call(w, agent, 'POST', `/tickets/${ticketId}/referrals`, { to: 'discipline', note })
    expect(referred.statusCode, referred.body).toBe(200)
    for (const reader of [agent, supervisor]) {
      const seen = await call(w, reader, 'GET', `/tickets/${ticketId}`)
      expect(seen.json().ticket.referrals).toEqual([
        expect.objectContaining({ to: 'discipline', note, referredOn: '2026-03-05' }),
      ])
    }
    for (const reader of [unit('housing'), qinzhouFirm]) {
      const seen = await call(w, reader, 'GET', `/tickets/${ticketId}`)
      expect(seen.statusCode).toBe(200)
      expect(seen.json().ticket.referrals).toBeUndefined()
    }
    expect(await published('permit.hotline.ticket.referred.v1')).toBe(1)
    // A caller's ticket (a person, no enterprise) is not the business line's.
    const person = await call(w, agent, 'POST', '/tickets', aRequestForHelp({ region: '450700' }))
    const personId = person.json().tickets[0].ticket.ticketId
    const refused = await call(w, agent, 'POST', `/tickets/${personId}/referrals`, { to: 'inspection', note })
    expect(refused.statusCode, refused.body).toBe(409)
    expect(refused.json().code).toBe('HOTLINE_NOT_BUSINESS_LINE')
  })

  it('rated satisfied but unresolved, the ticket is owed its call-back until the return visit', async () => {
    await act(w, unit('housing'), ticketId, { action: 'accept' })
    await act(w, unit('housing'), ticketId, {
      action: 'reply',
      process: '已核查',
      result: '已协助上传',
      replyMethod: 'phone',
      replySummary: '电话告知',
      measures: '远程协助上传材料',
    })
    await act(w, agent, ticketId, { action: 'review', approve: true })
    const rated = await act(w, qinzhouFirm, ticketId, { action: 'rate', value: 'satisfied', resolved: false })
    expect(rated.ticket.status).toBe('return-visit')
    expect(rated.ticket.callBack).toEqual({ reason: 'unresolved', owedSince: '2026-03-05' })
    const visited = await act(w, agent, ticketId, { action: 'return-visit', note: '已电话回访企业' })
    expect(visited.ticket.callBack).toEqual({ reason: 'unresolved', owedSince: '2026-03-05', visitedOn: '2026-03-05' })
    const closed = await act(w, agent, ticketId, { action: 'close' })
    expect(closed.ticket).toMatchObject({ status: 'closed', closure: 'rated' })
  })
})
