import {
  type Actor,
  MAX_REFERRALS,
  type TicketActionBody,
  TicketRatedV1,
  TicketRectificationLetterAnsweredV1,
  TicketReferredV1,
} from '@onewindow/contracts'
import { defaultCalendar, type LegalDate } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import {
  answerRectificationLetter,
  type Context,
  decide,
  isBusinessLine,
  issueRectificationLetter,
  type Registration,
  referTicket,
  register,
  type Ticket,
} from '../src/domain/ticket.js'

// 广西's 优化营商环境专线 (002:340), what follows the 整改函 and the rating: the unit's 整改情况, the 100% call-back of a
// business-line ticket unresolved or rated dissatisfied, and the referral of a serious case.

const calendar = defaultCalendar()
const at = (day: LegalDate): Context => ({ at: `${day}T02:00:00.000Z`, today: day, calendar })
const agent: Actor = { sub: 'agent-1', role: 'agent' }
/** An enterprise of 钦州 filing online under its 统一社会信用代码. */
const qinzhouFirm: Actor = { sub: 'owner-qz', role: 'owner', creditCode: '91450700MA5KXXXX0X' }
/** An enterprise of 汕尾 (Guangdong: no business-environment line of its own). */
const shanweiFirm: Actor = { sub: 'owner-sw', role: 'owner', creditCode: '91441500MA4UXXXX0X' }
const housing: Actor = { sub: 'reviewer-h', role: 'reviewer', department: 'housing' }
const housingLead: Actor = { sub: 'lead-h', role: 'lead', department: 'housing' }
const planning: Actor = { sub: 'reviewer-p', role: 'reviewer', department: 'planning' }

const help: Registration = {
  type: 'help',
  title: '施工许可办理求助',
  content: '申请施工许可时系统无法上传材料，请求协助。',
  requester: { name: '李四', phone: '13800138000' },
}
const ids = { groupId: '0190f0f0-0000-7000-8000-00000000000b', ticketIds: ['0190f0f0-0000-7000-8000-00000000000a'] }

function registered(body: Registration, actor: Actor, day: LegalDate = '2026-12-03'): Ticket {
  const r = register(body, actor, ids, at(day))
  if (!r.ok) throw new Error(r.error.code)
  return (r.value[0] as { ticket: Ticket }).ticket
}

function step(t: Ticket, body: TicketActionBody, day: LegalDate): Ticket {
  const r = decide(t, body, at(day))
  if (!r.ok) throw new Error(`${body.action}: ${r.error.code}`)
  return r.value.ticket
}

/** Dispatched to housing, accepted, replied and reviewed: the requester is asked to rate. */
function asked(t: Ticket): Ticket {
  let x = step(t, { action: 'dispatch', department: 'housing' }, '2026-12-03')
  x = step(x, { action: 'accept' }, '2026-12-04')
  x = step(
    x,
    {
      action: 'reply',
      process: '已核查',
      result: '已协助上传',
      replyMethod: 'phone',
      replySummary: '电话告知',
      measures: '远程协助上传材料',
    },
    '2026-12-07',
  )
  return step(x, { action: 'review', approve: true }, '2026-12-07')
}

const qinzhou = () => registered({ ...help, region: '450700' }, qinzhouFirm)

describe('the business line: the same rule as the 3-day 求助 limit', () => {
  it('is a market entity’s ticket in 广西; not a person’s there, not an enterprise’s elsewhere or without a region', () => {
    expect(isBusinessLine(qinzhou())).toBe(true)
    expect(isBusinessLine(registered({ ...help, region: '450700' }, agent))).toBe(false)
    expect(isBusinessLine(registered({ ...help, region: '441500' }, shanweiFirm))).toBe(false)
    expect(isBusinessLine(registered(help, qinzhouFirm))).toBe(false)
    // A caller who names the enterprise it speaks for is a market entity too.
    const forFirm = {
      ...help,
      region: '450700',
      requester: {
        ...help.requester,
        enterprise: { name: '钦州市港城建材有限公司', creditCode: '91450700MA5KQY01AW' },
      },
    }
    expect(isBusinessLine(registered(forFirm, agent))).toBe(true)
  })
})

describe('整改情况: the unit answers the 整改函 (002:340)', () => {
  const letterId = '0190f0f0-0000-7000-8000-0000000000e1'
  const withLetter = () => {
    const t = step(qinzhou(), { action: 'dispatch', department: 'housing' }, '2026-12-03')
    const r = issueRectificationLetter(t, { ground: 'perfunctory', reason: '未实际核查' }, at('2026-12-04'), letterId)
    if (!r.ok) throw new Error(r.error.code)
    return r.value.ticket
  }
  const answer = { rectification: '已重新核查并当面协助企业上传材料。' }

  it('is recorded on the letter once, by the unit it was sent to; status and clocks unchanged; the event reads', () => {
    const before = withLetter()
    const r = answerRectificationLetter(before, letterId, answer, housing, at('2026-12-07'))
    if (!r.ok) throw new Error(r.error.code)
    const after = r.value.ticket
    expect(r.value.event).toBe('rectification-letter-answered')
    expect(after.rectificationLetters?.[0]?.reply).toEqual({
      ...answer,
      repliedOn: '2026-12-07',
      repliedAt: '2026-12-07T02:00:00.000Z',
    })
    expect(after.status).toBe(before.status)
    expect(after.handling).toEqual(before.handling)
    expect(after.version).toBe(before.version + 1)
    expect(TicketRectificationLetterAnsweredV1.validator.Check({ ticket: after, actor: 'reviewer-h' })).toBe(true)
    // A second answer, by the lead of the same unit too, is refused with its own code.
    const again = answerRectificationLetter(after, letterId, answer, housingLead, at('2026-12-08'))
    expect(!again.ok && again.error.code).toBe('HOTLINE_RECTIFICATION_LETTER_ANSWERED')
    expect(!again.ok && again.error.details).toMatchObject({ repliedOn: '2026-12-07' })
  })

  it('is the letter’s unit’s alone: not the centre’s, not another department’s; an unknown letter is named', () => {
    const t = withLetter()
    for (const who of [agent, planning, qinzhouFirm]) {
      const r = answerRectificationLetter(t, letterId, answer, who, at('2026-12-07'))
      expect(!r.ok && r.error.code, who.sub).toBe('HOTLINE_NOT_YOUR_TICKET')
    }
    const unknown = answerRectificationLetter(
      t,
      '0190f0f0-0000-7000-8000-0000000000e9',
      answer,
      housing,
      at('2026-12-07'),
    )
    expect(!unknown.ok && unknown.error.code).toBe('HOTLINE_RECTIFICATION_LETTER_NOT_FOUND')
  })

  it('is bounded by the event schema: at most 4000 characters', () => {
    const r = answerRectificationLetter(withLetter(), letterId, answer, housing, at('2026-12-07'))
    if (!r.ok) throw new Error(r.error.code)
    const letter = r.value.ticket.rectificationLetters?.[0]
    const long = {
      ...r.value.ticket,
      rectificationLetters: [{ ...letter, reply: { ...letter?.reply, rectification: 'x'.repeat(4001) } }],
    }
    expect(TicketRectificationLetterAnsweredV1.validator.Check({ ticket: long })).toBe(false)
  })
})

describe('100% call-back of a business-line ticket unresolved or rated dissatisfied (002:340)', () => {
  it('dissatisfied: owed from the rating day until the return visit is recorded', () => {
    const rated = step(asked(qinzhou()), { action: 'rate', value: 'dissatisfied' }, '2026-12-08')
    expect(rated.status).toBe('return-visit')
    expect(rated.callBack).toEqual({ reason: 'dissatisfied', owedSince: '2026-12-08' })
    expect(TicketRatedV1.validator.Check({ ticket: rated })).toBe(true)
    const visited = step(rated, { action: 'return-visit', note: '已电话回访企业' }, '2026-12-09')
    expect(visited.callBack).toEqual({ reason: 'dissatisfied', owedSince: '2026-12-08', visitedOn: '2026-12-09' })
    // Guangzhou's rule goes on: the first dissatisfied rating may go back once.
    expect(step(visited, { action: 'rehandle' }, '2026-12-09').status).toBe('rehandling')
  })

  it('satisfied but unresolved: kept open for the call-back, closed as rated after it, never sent back', () => {
    const rated = step(asked(qinzhou()), { action: 'rate', value: 'satisfied', resolved: false }, '2026-12-08')
    expect(rated.status).toBe('return-visit')
    expect(rated.ratings.at(-1)).toMatchObject({ value: 'satisfied', resolved: false, ratedOn: '2026-12-08' })
    expect(rated.callBack).toEqual({ reason: 'unresolved', owedSince: '2026-12-08' })
    const visited = step(rated, { action: 'return-visit', note: '已回访，企业称问题仍在协调' }, '2026-12-08')
    expect(visited.callBack?.visitedOn).toBe('2026-12-08')
    const refused = decide(visited, { action: 'rehandle' }, at('2026-12-08'))
    expect(!refused.ok && refused.error.code).toBe('HOTLINE_TICKET_STATE_CONFLICT')
    const closed = step(visited, { action: 'close' }, '2026-12-08')
    expect(closed.status).toBe('closed')
    expect(closed.closure).toBe('rated')
  })

  it('satisfied and resolved (or not said) closes as before; outside the line nothing is owed', () => {
    for (const body of [
      { action: 'rate', value: 'satisfied', resolved: true },
      { action: 'rate', value: 'basically-satisfied' },
    ] as const) {
      const t = step(asked(qinzhou()), body, '2026-12-08')
      expect(t.status).toBe('closed')
      expect(t.callBack).toBeUndefined()
    }
    // 汕尾's enterprise: Guangzhou's rules alone — dissatisfied waits for its visit, unresolved closes; no call-back.
    const shanwei = () => registered({ ...help, region: '441500' }, shanweiFirm)
    const dissatisfied = step(asked(shanwei()), { action: 'rate', value: 'dissatisfied' }, '2026-12-08')
    expect(dissatisfied.status).toBe('return-visit')
    expect(dissatisfied.callBack).toBeUndefined()
    const unresolved = step(asked(shanwei()), { action: 'rate', value: 'satisfied', resolved: false }, '2026-12-08')
    expect(unresolved.status).toBe('closed')
    expect(unresolved.callBack).toBeUndefined()
  })
})

describe('线索移交: a serious case handed on (002:340)', () => {
  const id = '0190f0f0-0000-7000-8000-0000000000f1'
  const note = '多次敷衍塞责，造成不良影响'

  it('records the body and note on a business-line ticket; status and clocks unchanged; the event reads', () => {
    const before = step(qinzhou(), { action: 'dispatch', department: 'housing' }, '2026-12-03')
    const r = referTicket(before, { to: 'discipline', note }, at('2026-12-04'), id)
    if (!r.ok) throw new Error(r.error.code)
    expect(r.value.event).toBe('referred')
    expect(r.value.ticket.referrals).toEqual([
      { id, to: 'discipline', note, referredOn: '2026-12-04', referredAt: '2026-12-04T02:00:00.000Z' },
    ])
    expect(r.value.ticket.status).toBe(before.status)
    expect(r.value.ticket.handling).toEqual(before.handling)
    expect(TicketReferredV1.validator.Check({ ticket: r.value.ticket, actor: 'agent-1' })).toBe(true)
    const bad = { ...r.value.ticket, referrals: [{ ...r.value.ticket.referrals?.[0], to: 'police' }] }
    expect(TicketReferredV1.validator.Check({ ticket: bad })).toBe(false)
  })

  it('is refused outside the business line, naming why; at most the snapshot’s number a ticket', () => {
    for (const t of [registered({ ...help, region: '450700' }, agent), registered(help, qinzhouFirm)]) {
      const r = referTicket(t, { to: 'inspection', note }, at('2026-12-04'), id)
      expect(!r.ok && r.error.code).toBe('HOTLINE_NOT_BUSINESS_LINE')
    }
    let t = qinzhou()
    for (let i = 0; i < MAX_REFERRALS; i++) {
      const r = referTicket(t, { to: 'business-environment', note }, at('2026-12-04'), `${id.slice(0, -2)}${i}0`)
      if (!r.ok) throw new Error(r.error.code)
      t = r.value.ticket
    }
    const full = referTicket(t, { to: 'inspection', note }, at('2026-12-04'), id)
    expect(!full.ok && full.error.code).toBe('HOTLINE_REFERRALS_FULL')
  })
})
