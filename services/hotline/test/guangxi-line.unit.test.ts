import {
  type Actor,
  MAX_RECTIFICATION_LETTERS,
  TicketRectificationLetterIssuedV1,
  TicketRegisteredV1,
} from '@onewindow/contracts'
import { defaultCalendar, dueDate, type LegalDate } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import {
  type Context,
  decide,
  handlingLimitOf,
  isMarketEntity,
  issueRectificationLetter,
  type Registration,
  register,
  type Ticket,
} from '../src/domain/ticket.js'

// 广西's 12345 优化营商环境专线 (002:340, 003:291): a market entity's 求助 closed and answered within 3 working days,
// its 投诉 and 举报 within 10; and the 整改函 the line sends a unit that fails its duty or goes through the motions.

const calendar = defaultCalendar()
const at = (day: LegalDate): Context => ({ at: `${day}T02:00:00.000Z`, today: day, calendar })
const agent: Actor = { sub: 'agent-1', role: 'agent' }
/** An enterprise of 钦州 filing online under its 统一社会信用代码. */
const qinzhouFirm: Actor = { sub: 'owner-qz', role: 'owner', creditCode: '91450700MA5KXXXX0X' }

const help: Registration = {
  type: 'help',
  title: '施工许可办理求助',
  content: '申请施工许可时系统无法上传材料，请求协助。',
  requester: { name: '李四', idNumber: '440600198001010018', phone: '13800138000' },
}

function registered(body: Registration, actor: Actor, day: LegalDate = '2026-12-04'): Ticket {
  const r = register(
    body,
    actor,
    { groupId: '0190f0f0-0000-7000-8000-00000000000b', ticketIds: ['0190f0f0-0000-7000-8000-00000000000a'] },
    at(day),
  )
  if (!r.ok) throw new Error(r.error.code)
  return (r.value[0] as { ticket: Ticket }).ticket
}

describe('the handling limit by region (第十四条, 004:1535–1536; 002:340)', () => {
  it.each([
    ['help', 3],
    ['complaint', 10],
    ['report', 10],
  ] as const)('a Guangxi market entity’s %s: %i working days', (type, days) => {
    expect(handlingLimitOf(type, { region: '450700', marketEntity: true })).toBe(days)
    expect(handlingLimitOf(type, { region: '450000', marketEntity: true })).toBe(days)
  })

  it('keeps Guangzhou’s limits for a Guangdong region, no region, or a person in Guangxi', () => {
    expect(handlingLimitOf('help', { region: '440100', marketEntity: true })).toBe(10)
    expect(handlingLimitOf('help', { marketEntity: true })).toBe(10)
    expect(handlingLimitOf('help')).toBe(10)
    expect(handlingLimitOf('help', { region: '450700', marketEntity: false })).toBe(10)
  })

  it('leaves the types the Guangxi line does not name to 第十四条: a consultation 2, a suggestion 10', () => {
    expect(handlingLimitOf('consultation', { region: '450700', marketEntity: true })).toBe(2)
    expect(handlingLimitOf('consultation')).toBe(2)
    expect(handlingLimitOf('suggestion', { region: '450700', marketEntity: true })).toBe(10)
  })

  it('registers a Qinzhou enterprise’s 求助 with 3 working days, counted from the working day after dispatch', () => {
    const ticket = registered({ ...help, region: '450700' }, qinzhouFirm)
    expect(ticket.region).toBe('450700')
    expect(ticket.originalLimit).toBe(3)
    // Dispatched Friday 4 December 2026: Monday, Tuesday, Wednesday — due Wednesday 9 December.
    const r = decide(ticket, { action: 'dispatch', department: 'housing' }, at('2026-12-04'))
    if (!r.ok) throw new Error(r.error.code)
    expect(r.value.ticket.handling?.due).toBe('2026-12-09')
    expect(r.value.ticket.handling?.due).toBe(
      dueDate(calendar, { start: '2026-12-04', limit: { value: 3, unit: 'W' } }),
    )
  })

  it('registers the same 求助 from a caller on the phone (a person) or without a region with 10', () => {
    expect(registered({ ...help, region: '450700' }, agent).originalLimit).toBe(10)
    const noRegion = registered(help, qinzhouFirm)
    expect(noRegion.originalLimit).toBe(10)
    expect(noRegion).not.toHaveProperty('region')
  })
})

describe('a caller or a window applicant speaking for an enterprise (市场主体, 002:340)', () => {
  const clerk: Actor = { sub: 'clerk-qz', role: 'clerk' }
  /** A 钦州 company's 统一社会信用代码, its check character computed (GB 32100). */
  const firm = { name: '钦州市港城建材有限公司', creditCode: '91450700MA5KQY01AW' }
  const forFirm: Registration = { ...help, region: '450700', requester: { ...help.requester, enterprise: firm } }
  const ids = { groupId: '0190f0f0-0000-7000-8000-00000000000b', ticketIds: ['0190f0f0-0000-7000-8000-00000000000a'] }

  it('registers a phone 求助 for an enterprise in 450700 with 3 working days, due 3 working days after dispatch', () => {
    const ticket = registered(forFirm, agent)
    expect(ticket.channel).toBe('phone')
    expect(ticket.marketEntity).toBe(true)
    expect(isMarketEntity(ticket)).toBe(true)
    expect(ticket.originalLimit).toBe(3)
    // Dispatched Friday 4 December 2026: Monday, Tuesday, Wednesday — due Wednesday 9 December.
    const r = decide(ticket, { action: 'dispatch', department: 'housing' }, at('2026-12-04'))
    if (!r.ok) throw new Error(r.error.code)
    expect(r.value.ticket.handling?.due).toBe('2026-12-09')
  })

  it('keeps 10 working days for the same call without an enterprise, and for the enterprise outside Guangxi', () => {
    const person = registered({ ...help, region: '450700' }, agent)
    expect(person.originalLimit).toBe(10)
    expect(person).not.toHaveProperty('marketEntity')
    expect(isMarketEntity(person)).toBe(false)
    expect(registered({ ...forFirm, region: '440100' }, agent).originalLimit).toBe(10)
  })

  it('takes it at the 办不成事 window too, and a 投诉 for it keeps 10', () => {
    const atWindow = registered(forFirm, clerk)
    expect(atWindow.channel).toBe('window')
    expect(atWindow.originalLimit).toBe(3)
    expect(registered({ ...forFirm, type: 'complaint' }, clerk).originalLimit).toBe(10)
  })

  it('keeps the enterprise with the requester, never in the event, which still reads', () => {
    const r = register(forFirm, agent, ids, at('2026-12-04'))
    if (!r.ok) throw new Error(r.error.code)
    const [one] = r.value
    if (!one) throw new Error('no ticket')
    expect(one.requester.enterprise).toEqual(firm)
    expect(JSON.stringify(one.ticket)).not.toContain(firm.creditCode)
    expect(JSON.stringify(one.ticket)).not.toContain(firm.name)
    expect(TicketRegisteredV1.validator.Check({ ticket: one.ticket, actor: 'agent-1' })).toBe(true)
    // An event stored before enterprises could be named has no `marketEntity` and reads.
    const { marketEntity: _, ...old } = one.ticket
    expect(TicketRegisteredV1.validator.Check({ ticket: old })).toBe(true)
  })

  it('refuses a credit code with a wrong check character, naming the field, and stores nothing', () => {
    const bad = {
      ...forFirm,
      requester: { ...help.requester, enterprise: { ...firm, creditCode: '91450700MA5KQY01A1' } },
    }
    const r = register(bad, agent, ids, at('2026-12-04'))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('HOTLINE_CREDIT_CODE_INVALID')
    expect(r.error.details).toMatchObject({
      field: '/body/requester/enterprise/creditCode',
      expected: 'W',
      errors: [{ field: '/body/requester/enterprise/creditCode' }],
    })
  })

  it('refuses an enterprise named by an owner online: it is its own organisation', () => {
    const r = register(forFirm, qinzhouFirm, ids, at('2026-12-04'))
    expect(!r.ok && r.error.code).toBe('HOTLINE_NOT_YOUR_TICKET')
    expect(!r.ok && r.error.details).toMatchObject({ field: '/body/requester/enterprise' })
  })
})

describe('整改函 (002:340)', () => {
  const letter = { ground: 'perfunctory', reason: '答复内容与诉求无关，未实际核查。' } as const
  const id = '0190f0f0-0000-7000-8000-0000000000e1'
  /** A 钦州 enterprise's 求助 filed online: a ticket of the 优化营商环境专线, the letter's tickets. */
  const onLine: Registration = { ...help, region: '450700' }

  it('is refused on a ticket no unit has yet', () => {
    const r = issueRectificationLetter(registered(onLine, qinzhouFirm), letter, at('2026-12-04'), id)
    expect(!r.ok && r.error.code).toBe('HOTLINE_NO_HANDLING_UNIT')
  })

  it('is refused on a ticket not of the business line, as the referral: the paragraph’s tickets are market entities’', () => {
    const guangdongFirm: Actor = { sub: 'owner-sw', role: 'owner', creditCode: '91441500MA51XY201H' }
    for (const t of [
      registered(help, agent),
      registered(onLine, agent),
      registered(help, qinzhouFirm),
      registered({ ...help, region: '441500' }, guangdongFirm),
    ]) {
      const d = decide(t, { action: 'dispatch', department: 'housing' }, at('2026-12-04'))
      if (!d.ok) throw new Error(d.error.code)
      const r = issueRectificationLetter(d.value.ticket, letter, at('2026-12-08'), id)
      expect(!r.ok && r.error.code).toBe('HOTLINE_NOT_BUSINESS_LINE')
    }
  })

  it('is recorded for the handling unit, status and clocks unchanged, and its event reads', () => {
    const d = decide(registered(onLine, qinzhouFirm), { action: 'dispatch', department: 'housing' }, at('2026-12-04'))
    if (!d.ok) throw new Error(d.error.code)
    const before = d.value.ticket
    const r = issueRectificationLetter(before, letter, at('2026-12-08'), id)
    if (!r.ok) throw new Error(r.error.code)
    const after = r.value.ticket
    expect(r.value.event).toBe('rectification-letter-issued')
    expect(after.rectificationLetters).toEqual([
      { id, department: 'housing', ...letter, issuedOn: '2026-12-08', issuedAt: '2026-12-08T02:00:00.000Z' },
    ])
    expect(after.status).toBe(before.status)
    expect(after.handling).toEqual(before.handling)
    expect(after.version).toBe(before.version + 1)
    expect(TicketRectificationLetterIssuedV1.validator.Check({ ticket: after, actor: 'agent-1' })).toBe(true)
  })

  it('is bounded: at most the snapshot’s number of letters a ticket, and a reason of at most 2000 characters', () => {
    const d = decide(registered(onLine, qinzhouFirm), { action: 'dispatch', department: 'housing' }, at('2026-12-04'))
    if (!d.ok) throw new Error(d.error.code)
    let t = d.value.ticket
    for (let i = 0; i < MAX_RECTIFICATION_LETTERS; i++) {
      const r = issueRectificationLetter(t, letter, at('2026-12-08'), `${id.slice(0, -2)}${String(i).padStart(2, '0')}`)
      if (!r.ok) throw new Error(r.error.code)
      t = r.value.ticket
    }
    const full = issueRectificationLetter(t, letter, at('2026-12-08'), id)
    expect(!full.ok && full.error.code).toBe('HOTLINE_RECTIFICATION_LETTERS_FULL')
    const long = {
      ...t,
      rectificationLetters: [{ ...(t.rectificationLetters?.[0] as object), reason: 'x'.repeat(2001) }],
    }
    expect(TicketRectificationLetterIssuedV1.validator.Check({ ticket: long })).toBe(false)
  })
})
