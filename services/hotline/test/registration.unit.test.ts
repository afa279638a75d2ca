import type { Actor, RegisterTicketBody } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import { viewOf } from '../src/commands.js'
import { type Context, mayAct, maySee, register } from '../src/domain/ticket.js'

// The owner's online registration and the agent's desk send the same body: the 身份证号码 checked (第十条, 004:1497),
// the hidden fields kept from every reader (第九条第二款, 004:1493), one ticket per unit (第十一条第二款, 004:1511).

const ctx: Context = { at: '2026-03-02T02:00:00.000Z', today: '2026-03-02', calendar: defaultCalendar() }
const owner: Actor = { sub: 'owner-1', role: 'owner', creditCode: '91440600MA4UJ8XX0X' }
const body: RegisterTicketBody = {
  type: 'report',
  title: '工地违规施工',
  content: '项目工地夜间违规施工。',
  requester: { name: '张三', idNumber: '11010519491231002X', phone: '13800138000' },
}
const ids = { groupId: 'g', ticketIds: ['a', 'b'] }

describe('the requester’s ID number (第十条)', () => {
  it('takes a valid number, X check character included', () => {
    const r = register(body, owner, ids, ctx)
    expect(r.ok && r.value[0]?.requester).toEqual(body.requester)
    expect(r.ok && r.value[0]?.ticket.realName).toBe(true)
  })

  it.each([
    ['110105194912310021', 'check'],
    ['110105194902300026', 'birth-date'],
  ])('refuses %s (%s) on its field, nothing registered', (idNumber, kind) => {
    const r = register({ ...body, requester: { ...body.requester, idNumber } }, owner, ids, ctx)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('HOTLINE_ID_NUMBER_INVALID')
    expect(r.error.details?.['field']).toBe('/body/requester/idNumber')
    expect(r.error.details).toMatchObject({
      problem: { kind },
      errors: [{ field: '/body/requester/idNumber' }],
    })
  })

  it('checks a number the requester asked to hide too: it is refused, not silently dropped', () => {
    const r = register(
      { ...body, requester: { ...body.requester, idNumber: '110105194912310021' }, hidden: ['idNumber'] },
      owner,
      ids,
      ctx,
    )
    expect(!r.ok && r.error.code).toBe('HOTLINE_ID_NUMBER_INVALID')
  })
})

describe('who reads the requester’s data (第九条第二款, 第四十三条)', () => {
  const split = register({ ...body, hidden: ['idNumber'], departments: ['housing', 'ecology'] }, owner, ids, ctx)
  if (!split.ok) throw new Error(split.error.code)
  const [housing, ecology] = split.value.map((r) => ({ ...r, ticket: { ...r.ticket } }))
  if (!housing || !ecology) throw new Error('two tickets')
  housing.ticket.department = 'housing'
  ecology.ticket.department = 'ecology'

  it('a split ticket carries the same data to each unit, the hidden field to none', () => {
    for (const t of [housing, ecology]) {
      const asUnit: Actor = { sub: 'r', role: 'reviewer', department: t.ticket.department as string }
      expect(viewOf(t, asUnit, ctx, 0.8).requester).toEqual({ name: '张三', phone: '13800138000' })
    }
  })

  it('the row rule: each unit its own ticket only, a co-handler too, the owner its own, another owner none', () => {
    const unit = (department: string): Actor => ({ sub: 'r', role: 'reviewer', department })
    expect([maySee(housing.ticket, unit('housing')), maySee(housing.ticket, unit('ecology'))]).toEqual([true, false])
    expect([maySee(ecology.ticket, unit('ecology')), maySee(ecology.ticket, unit('housing'))]).toEqual([true, false])
    const coHandled = { ...housing.ticket, coHandlers: ['ecology'] }
    expect(maySee(coHandled, { sub: 'l', role: 'lead', department: 'ecology' })).toBe(true)
    expect(maySee(housing.ticket, owner)).toBe(true)
    expect(maySee(housing.ticket, { sub: 'owner-2', role: 'owner', creditCode: '91440300MA5DC6XX1Y' })).toBe(false)
    expect(maySee(housing.ticket, { sub: 'c', role: 'clerk' })).toBe(false)
  })

  it('the owner reads its own data without the hidden field, the supervisor none', () => {
    expect(viewOf(housing, owner, ctx, 0.8).requester).toEqual({ name: '张三', phone: '13800138000' })
    expect(viewOf(housing, { sub: 's', role: 'supervisor' }, ctx, 0.8).requester).toEqual({})
  })
})

describe('the channel is the registering role’s (办不成事 window, 000:344)', () => {
  const channelOfRegistered = (actor: Actor) => {
    const r = register(body, actor, ids, ctx)
    return r.ok ? [r.value[0]?.ticket.channel, r.value[0]?.ticket.windowClerk] : r.error.code
  }

  it('an agent on the phone, an owner online, a clerk at the window — and only the clerk is kept as its clerk', () => {
    expect(channelOfRegistered({ sub: 'a', role: 'agent' })).toEqual(['phone', undefined])
    expect(channelOfRegistered(owner)).toEqual(['online', undefined])
    expect(channelOfRegistered({ sub: 'clerk-1', role: 'clerk' })).toEqual(['window', 'clerk-1'])
    expect(channelOfRegistered({ sub: 'r', role: 'reviewer', department: 'housing' })).toBe('HOTLINE_NOT_YOUR_TICKET')
  })

  it('the window clerk sees the ticket she registered, not another clerk’s, and acts on none of it', () => {
    const r = register(body, { sub: 'clerk-1', role: 'clerk' }, ids, ctx)
    if (!r.ok) throw new Error(r.error.code)
    const ticket = r.value[0]?.ticket
    if (!ticket) throw new Error('one ticket')
    expect(maySee(ticket, { sub: 'clerk-1', role: 'clerk' })).toBe(true)
    expect(maySee(ticket, { sub: 'clerk-2', role: 'clerk' })).toBe(false)
    for (const action of ['dispatch', 'accept', 'reply', 'rate', 'withdraw', 'add-information'] as const)
      expect(mayAct(ticket, { sub: 'clerk-1', role: 'clerk' }, action)).toBe(false)
  })
})
