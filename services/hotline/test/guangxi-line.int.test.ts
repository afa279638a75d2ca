import type { Actor } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { act, agent, call, hotlineWorld, unit, type World } from './helpers.js'

// 广西's 优化营商环境专线 (002:340): a 钦州 (450700) enterprise's 求助 is closed and answered within 3 working days, and
// the centre's 整改函 is recorded on the ticket for the unit and the supervisor to see.

const qinzhouFirm: Actor = { sub: 'owner-qz', role: 'owner', creditCode: '91450700MA5KXXXX0X' }
const supervisor: Actor = { sub: 'supervisor-1', role: 'supervisor' }
const aRequestForHelp = (over: object = {}) => ({
  type: 'help',
  title: '施工许可办理求助',
  content: '申请施工许可时系统无法上传材料，请求协助。',
  requester: { name: '李四', phone: '13800138000' },
  ...over,
})

describe('the Guangxi business-environment line', () => {
  let w: World
  let ticketId: string
  beforeAll(async () => {
    // Thursday 2026-03-05, 10:00 in Guangzhou.
    w = await hotlineWorld('2026-03-05T02:00:00Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  it('a Qinzhou enterprise’s 求助 is due 3 working days after its dispatch, across the weekend', async () => {
    const res = await call(w, qinzhouFirm, 'POST', '/tickets', aRequestForHelp({ region: '450700' }))
    expect(res.statusCode, res.body).toBe(201)
    const [view] = res.json().tickets
    expect(view.ticket).toMatchObject({ region: '450700', originalLimit: 3 })
    ticketId = view.ticket.ticketId
    const dispatched = await act(w, agent, ticketId, { action: 'dispatch', department: 'housing' })
    // Dispatched Thursday: Friday 6, Monday 9, Tuesday 10 March.
    expect(dispatched.ticket.handling?.due).toBe('2026-03-10')
    expect(dispatched.clocks).toContainEqual(
      expect.objectContaining({ clock: 'handling', limit: 3, due: '2026-03-10' }),
    )
  })

  it('a caller’s 求助 about the same region keeps 10 working days; a region is six digits', async () => {
    const res = await call(w, agent, 'POST', '/tickets', aRequestForHelp({ region: '450700' }))
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().tickets[0].ticket.originalLimit).toBe(10)
    expect((await call(w, agent, 'POST', '/tickets', aRequestForHelp({ region: '4507' }))).statusCode).toBe(400)
  })

  it('a caller speaking for a Qinzhou enterprise: its 求助 is due in 3 working days, the enterprise kept as the requester is', async () => {
    const firm = { name: '钦州市港城建材有限公司', creditCode: '91450700MA5KQY01AW' }
    const res = await call(
      w,
      agent,
      'POST',
      '/tickets',
      aRequestForHelp({ region: '450700', requester: { name: '李四', phone: '13800138000', enterprise: firm } }),
    )
    expect(res.statusCode, res.body).toBe(201)
    const [view] = res.json().tickets
    expect(view.ticket).toMatchObject({ channel: 'phone', region: '450700', marketEntity: true, originalLimit: 3 })
    expect(view.requester.enterprise).toEqual(firm)
    const id = view.ticket.ticketId
    const dispatched = await act(w, agent, id, { action: 'dispatch', department: 'housing' })
    // Dispatched Thursday: Friday 6, Monday 9, Tuesday 10 March.
    expect(dispatched.ticket.handling?.due).toBe('2026-03-10')
    // Read as the requester's personal data: the handling unit sees it, the supervisor does not (第四十三条).
    expect((await call(w, unit('housing'), 'GET', `/tickets/${id}`)).json().requester.enterprise).toEqual(firm)
    expect((await call(w, supervisor, 'GET', `/tickets/${id}`)).json().requester).toEqual({})
    const { rows } = await w.db.pool.query<{ payload: string }>(
      `SELECT payload::text AS payload FROM outbox_message WHERE aggregate_id = $1`,
      [id],
    )
    expect(rows.length).toBeGreaterThan(0)
    for (const { payload } of rows) {
      expect(payload).not.toContain(firm.creditCode)
      expect(payload).not.toContain(firm.name)
    }
  })

  it('refuses an enterprise’s credit code with a wrong check character on its field, a malformed one as 400, storing nothing', async () => {
    const firm = (creditCode: string) =>
      aRequestForHelp({ region: '450700', requester: { name: '李四', enterprise: { name: '钦州某公司', creditCode } } })
    const before = await w.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket')
    const wrongCheck = await call(w, agent, 'POST', '/tickets', firm('91450700MA5KQY01A1'))
    expect(wrongCheck.statusCode, wrongCheck.body).toBe(422)
    expect(wrongCheck.json()).toMatchObject({
      code: 'HOTLINE_CREDIT_CODE_INVALID',
      field: '/body/requester/enterprise/creditCode',
      expected: 'W',
    })
    // I, O, Z, S and V are no characters of the code; a lower-case letter neither.
    for (const code of ['91450700MA5KQZ01AW', '91450700ma5kqy01aw', '91450700MA5KQY01A']) {
      expect((await call(w, agent, 'POST', '/tickets', firm(code))).statusCode).toBe(400)
    }
    const after = await w.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket')
    expect(after.rows).toEqual(before.rows)
  })

  it('refuses a 整改函 on a ticket no unit has yet', async () => {
    const res = await call(w, qinzhouFirm, 'POST', '/tickets', aRequestForHelp({ region: '450700' }))
    const id = res.json().tickets[0].ticket.ticketId
    const letter = await call(w, agent, 'POST', `/tickets/${id}/rectification-letters`, {
      ground: 'duty-not-performed',
      reason: '未核查即答复',
    })
    expect(letter.statusCode, letter.body).toBe(409)
    expect(letter.json().code).toBe('HOTLINE_NO_HANDLING_UNIT')
  })

  it('refuses a 整改函 on a ticket not of the business line (002:340): a person’s call, a Guangdong enterprise’s', async () => {
    const firm = { name: '汕尾市示例建设有限公司', creditCode: '91441500MA51XY201H' }
    for (const over of [
      { region: '450700' },
      {},
      { region: '441500', requester: { name: '李四', phone: '13800138000', enterprise: firm } },
    ]) {
      const res = await call(w, agent, 'POST', '/tickets', aRequestForHelp(over))
      expect(res.statusCode, res.body).toBe(201)
      const id = res.json().tickets[0].ticket.ticketId
      await act(w, agent, id, { action: 'dispatch', department: 'housing' })
      const letter = await call(w, agent, 'POST', `/tickets/${id}/rectification-letters`, {
        ground: 'duty-not-performed',
        reason: '未核查即答复',
      })
      expect(letter.statusCode, letter.body).toBe(409)
      expect(letter.json().code).toBe('HOTLINE_NOT_BUSINESS_LINE')
      const { rows } = await w.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_message
          WHERE aggregate_id = $1 AND subject = 'permit.hotline.ticket.rectification-letter-issued.v1'`,
        [id],
      )
      expect(rows).toEqual([{ n: 0 }])
    }
  })

  it('the centre’s 整改函 is on the ticket for its unit and the supervisor; the unit cannot send one', async () => {
    const reason = '答复内容与诉求无关，未实际核查。'
    const res = await call(w, agent, 'POST', `/tickets/${ticketId}/rectification-letters`, {
      ground: 'perfunctory',
      reason,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().ticket.status).toBe('dispatched')
    for (const reader of [unit('housing'), supervisor]) {
      const seen = await call(w, reader, 'GET', `/tickets/${ticketId}`)
      expect(seen.json().ticket.rectificationLetters).toEqual([
        expect.objectContaining({ department: 'housing', ground: 'perfunctory', reason, issuedOn: '2026-03-05' }),
      ])
    }
    const byUnit = await call(w, unit('housing'), 'POST', `/tickets/${ticketId}/rectification-letters`, {
      ground: 'perfunctory',
      reason,
    })
    expect(byUnit.statusCode).toBe(403)
    const { rows } = await w.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_message
        WHERE aggregate_id = $1 AND subject = 'permit.hotline.ticket.rectification-letter-issued.v1'`,
      [ticketId],
    )
    expect(rows).toEqual([{ n: 1 }])
  })
})
