import type { Actor, RegisterTicketBody, TicketActionBody } from '@onewindow/contracts'
import { addDays, defaultCalendar, type LegalDate, LegalDateError } from '@onewindow/workdays'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { alertsOf, lookOn, recount, timerDecisions } from '../src/domain/clocks.js'
import {
  type Context,
  decide,
  mayAct,
  monthAfter,
  type RepeatFacts,
  register,
  rehandlingBar,
  repeatProblem,
  type Ticket,
} from '../src/domain/ticket.js'

const calendar = defaultCalendar()

/**
 * The independent count: the n-th working day after `from` (not counted), walking the calendar's days one by one —
 * the rule of docs/legal-time.md, not the package's `dueDate`.
 */
function nthWorkingDay(from: LegalDate, n: number): LegalDate {
  let d = from
  let left = n
  while (left > 0) {
    d = addDays(d, 1)
    if (calendar.isWorkingDay(d)) left -= 1
  }
  return d
}

const at = (day: LegalDate): Context => ({ at: `${day}T02:00:00.000Z`, today: day, calendar })
const agent: Actor = { sub: 'agent-1', role: 'agent' }
const owner: Actor = { sub: 'owner-1', role: 'owner', creditCode: '91440600MA4UJ8XX0X' }
const unit = (department: string): Actor => ({ sub: `r-${department}`, role: 'reviewer', department })

const complaint: RegisterTicketBody = {
  type: 'complaint',
  title: '规划许可超期',
  content: '申请已超过承诺时限仍未办结。',
  requester: { name: '张三', idNumber: '440600198001010018', phone: '13800138000' },
}

function registered(body: Partial<RegisterTicketBody> = {}, day: LegalDate = '2026-03-02'): Ticket {
  const r = register({ ...complaint, ...body }, agent, { groupId: 'g', ticketIds: ['t1', 't2', 't3'] }, at(day))
  if (!r.ok) throw new Error(r.error.code)
  return (r.value[0] as { ticket: Ticket }).ticket
}

function step(ticket: Ticket, body: TicketActionBody, day: LegalDate, repeat?: RepeatFacts): Ticket {
  const r = decide(ticket, body, at(day), {
    supervisionId: '0190f0f0-0000-7000-8000-000000000001',
    ...(repeat ? { repeat } : {}),
  })
  if (!r.ok) throw new Error(`${body.action}: ${r.error.code} ${r.error.message}`)
  return r.value.ticket
}

function refusal(ticket: Ticket, body: TicketActionBody, day: LegalDate, repeat?: RepeatFacts) {
  const r = decide(ticket, body, at(day), repeat ? { repeat } : {})
  if (r.ok) throw new Error(`${body.action} was not refused`)
  return r.error
}

/**
 * 第二十四条: what the command reads for a repeat of `complaint`'s caller — an earlier ticket of the same caller
 * (`over` changes it), handled to the end and rated, with the requester of the ticket replied to.
 */
function repeatOf(over: { original?: Partial<RegisterTicketBody>; end?: 'rated' | 'withdrawn' } = {}): RepeatFacts {
  const body = { ...complaint, ...over.original }
  const r = register(body, agent, { groupId: 'g0', ticketIds: ['t0'] }, at('2026-02-02'))
  if (!r.ok) throw new Error(r.error.code)
  const { ticket, requester } = r.value[0] as { ticket: Ticket; requester: RepeatFacts['requester'] }
  let t = step(ticket, { action: 'dispatch', department: 'housing' }, '2026-02-02')
  t = step(t, { action: 'accept' }, '2026-02-03')
  if (over.end === 'withdrawn')
    return {
      original: { ticket: step(t, { action: 'withdraw' }, '2026-02-04'), requester },
      requester: complaint.requester,
    }
  t = step(t, { ...report } as TicketActionBody, '2026-02-04')
  t = step(
    step(t, { action: 'review', approve: true }, '2026-02-04'),
    { action: 'rate', value: 'satisfied' },
    '2026-02-04',
  )
  return { original: { ticket: t, requester }, requester: complaint.requester }
}

const report = {
  action: 'reply',
  process: '已核查',
  result: '已督促办结',
  replyMethod: 'phone',
  replySummary: '电话告知办理结果',
  mediation: 'none',
} as const

describe('registration (第九条–第十一条)', () => {
  it('is dispatched within 1 working day: due the next working day, over a weekend', () => {
    // Friday 2026-03-06: due Monday 03-09.
    const t = registered({}, '2026-03-06')
    expect(t.dispatch.due).toBe(nthWorkingDay('2026-03-06', 1))
    expect(t.dispatch.due).toBe('2026-03-09')
    expect(t.status).toBe('registered')
    expect(t.realName).toBe(true)
  })

  it('keeps the hidden fields out of the stored requester, and the ticket is then not under the real name', () => {
    const r = register(
      { ...complaint, hidden: ['phone', 'idNumber'] },
      agent,
      { groupId: 'g', ticketIds: ['t'] },
      at('2026-03-02'),
    )
    expect(r.ok && r.value[0]?.requester).toEqual({ name: '张三' })
    expect(r.ok && r.value[0]?.ticket.realName).toBe(false)
  })

  it('refuses a matter that needs the real name when a field is missing or hidden (第十条)', () => {
    const hidden = register(
      { ...complaint, realNameReason: 'dispute', hidden: ['name'] },
      agent,
      { groupId: 'g', ticketIds: ['t'] },
      at('2026-03-02'),
    )
    expect(!hidden.ok && hidden.error.code).toBe('HOTLINE_REAL_NAME_REQUIRED')
    const missing = register(
      { ...complaint, realNameReason: 'own-information', requester: { name: '张三' } },
      agent,
      { groupId: 'g', ticketIds: ['t'] },
      at('2026-03-02'),
    )
    expect(!missing.ok && missing.error.details?.['missing']).toEqual(['idNumber', 'phone'])
  })

  it('splits a request naming two units into one ticket each, one group (第十一条第二款)', () => {
    const r = register(
      { ...complaint, departments: ['housing', 'natural-resources'] },
      agent,
      { groupId: 'g', ticketIds: ['a', 'b'] },
      at('2026-03-02'),
    )
    expect(r.ok && r.value.map((x) => [x.ticket.ticketId, x.ticket.groupId, x.ticket.intendedDepartment])).toEqual([
      ['a', 'g', 'housing'],
      ['b', 'g', 'natural-resources'],
    ])
  })

  it('an owner registers online as its organisation, and acts on its own ticket as the requester only', () => {
    const r = register(complaint, owner, { groupId: 'g', ticketIds: ['t'] }, at('2026-03-02'))
    const t = r.ok ? (r.value[0]?.ticket as Ticket) : undefined
    expect(t?.channel).toBe('online')
    expect(t?.ownerCreditCode).toBe(owner.creditCode)
    expect(mayAct(t as Ticket, owner, 'rate')).toBe(true)
    expect(mayAct(t as Ticket, owner, 'dispatch')).toBe(false)
    expect(mayAct(t as Ticket, { ...owner, creditCode: '91440101MA59XXXX1A' }, 'rate')).toBe(false)
  })
})

describe('dispatch and the handling clock (第十三条–第十六条)', () => {
  it('runs 10 working days for a complaint and 2 for a consultation from the working day after the dispatch', () => {
    const c = step(registered(), { action: 'dispatch', department: 'natural-resources' }, '2026-03-02')
    expect(c.handling?.due).toBe(nthWorkingDay('2026-03-02', 10))
    expect(c.check?.due).toBe(nthWorkingDay('2026-03-02', 2))
    const q = step(registered({ type: 'consultation' }), { action: 'dispatch', department: 'housing' }, '2026-03-02')
    expect(q.handling?.due).toBe(nthWorkingDay('2026-03-02', 2))
  })

  it('counts over the Qingming holiday as the calendar has it', () => {
    // 2026-04-03 (Fri) dispatch; 04-04..04-06 is the Qingming break.
    const c = step(registered({}, '2026-04-03'), { action: 'dispatch', department: 'housing' }, '2026-04-03')
    expect(c.handling?.due).toBe(nthWorkingDay('2026-04-03', 10))
  })

  it('notes a late dispatch as the timer’s overdue, once', () => {
    const t = registered({}, '2026-03-02')
    const alerts = alertsOf(t, at('2026-03-04'), 0.8)
    expect(alerts.map((a) => [a.kind, a.clock])).toEqual([
      ['warned', 'dispatch'],
      ['overdue', 'dispatch'],
    ])
    const after = alerts.at(-1)?.ticket as Ticket
    expect(alertsOf(after, at('2026-03-05'), 0.8)).toEqual([])
  })
})

describe('returns (第十六条, 第十七条) and hard tickets (第十八条)', () => {
  const dispatched = () => step(registered(), { action: 'dispatch', department: 'housing' }, '2026-03-02')
  const ret = { action: 'request-return', kind: 'competence', grounds: '不属于本单位职权' } as const

  it('is asked within 2 working days of receipt; later it is refused', () => {
    expect(refusal(dispatched(), ret, nthWorkingDay('2026-03-02', 3)).code).toBe('HOTLINE_RETURN_LATE')
    expect(step(dispatched(), ret, nthWorkingDay('2026-03-02', 2)).status).toBe('return-requested')
  })

  it('names the document when the grounds are a document', () => {
    expect(refusal(dispatched(), { ...ret, kind: 'document' }, '2026-03-02').code).toBe(
      'HOTLINE_RETURN_GROUNDS_MISSING',
    )
  })

  it('approved: dispatched again, the limit counts from the new unit’s receipt; rejected: back, the limit unchanged', () => {
    const asked = step(dispatched(), ret, '2026-03-03')
    const approved = step(
      asked,
      { action: 'decide-return', approve: true, department: 'natural-resources' },
      '2026-03-04',
    )
    expect(approved.department).toBe('natural-resources')
    expect(approved.handling?.due).toBe(nthWorkingDay('2026-03-04', 10))
    expect(approved.dispatches).toBe(2)
    const rejected = step(asked, { action: 'decide-return', approve: false }, '2026-03-04')
    expect(rejected.status).toBe('handling')
    expect(rejected.handling?.due).toBe(nthWorkingDay('2026-03-02', 10))
  })

  it('returned by three different units, it is a hard ticket with the opinion limit of its kind', () => {
    let t = dispatched()
    const units = ['natural-resources', 'urban-management']
    for (const [i, next] of units.entries()) {
      const day = addDays('2026-03-02', i)
      t = step(t, ret, day)
      t = step(t, { action: 'decide-return', approve: true, department: next }, day)
      expect(t.status).toBe('dispatched')
    }
    t = step(t, ret, '2026-03-05')
    t = step(t, { action: 'decide-return', approve: true }, '2026-03-05')
    expect(t.status).toBe('hard')
    expect(t.hard?.kind).toBe('duty')
    expect(t.hard?.opinion.due).toBe(nthWorkingDay('2026-03-05', 5))
    const after = step(t, { action: 'hard-opinion', opinion: '由住建部门承办', department: 'housing' }, '2026-03-09')
    expect(after.status).toBe('dispatched')
    expect(after.handling?.due).toBe(nthWorkingDay('2026-03-09', 10))
  })

  it('a district dispute asks the guidance department within 2 working days', () => {
    let t = dispatched()
    for (const next of ['natural-resources', 'urban-management']) {
      t = step(t, { ...ret, kind: 'jurisdiction' }, '2026-03-02')
      t = step(t, { action: 'decide-return', approve: true, department: next }, '2026-03-02')
    }
    t = step(t, { ...ret, kind: 'jurisdiction' }, '2026-03-02')
    t = step(t, { action: 'decide-return', approve: true }, '2026-03-02')
    expect(t.hard?.kind).toBe('district')
    expect(t.hard?.opinion.due).toBe(nthWorkingDay('2026-03-02', 2))
  })

  it('joint handling: the lead names its co-handlers within 2 working days', () => {
    const t = step(
      registered(),
      { action: 'dispatch', department: 'housing', coHandlers: ['urban-management'] },
      '2026-03-02',
    )
    expect(t.coHandlers).toEqual(['urban-management'])
    expect(t.coordination?.due).toBe(nthWorkingDay('2026-03-02', 2))
    expect(mayAct(t, unit('urban-management'), 'reply')).toBe(false)
    expect(mayAct(t, unit('housing'), 'reply')).toBe(true)
    // Returned and dispatched to a unit alone, the co-handlers and their notice go with the first dispatch.
    const asked = step(t, { action: 'request-return', kind: 'competence', grounds: 'x' }, '2026-03-02')
    const alone = step(asked, { action: 'decide-return', approve: true, department: 'natural-resources' }, '2026-03-03')
    expect([alone.coHandlers, alone.coordination]).toEqual([[], undefined])
  })
})

describe('the online supplement notice: 3 natural days (第十二条第二款, 004:1517)', () => {
  const online = () => {
    const r = register(complaint, owner, { groupId: 'g', ticketIds: ['t'] }, at('2026-03-06'))
    if (!r.ok) throw new Error(r.error.code)
    return (r.value[0] as { ticket: Ticket }).ticket
  }
  const ask = { action: 'request-supplement', note: '请补充项目代码及申请受理编号' } as const

  it('once, online only; the ticket is not dispatched while it waits, and its dispatch clock does not run', () => {
    expect(refusal(registered(), ask, '2026-03-06').code).toBe('HOTLINE_SUPPLEMENT_ONLINE_ONLY')
    // Friday 03-06: 3 natural days, to Monday 03-09 (natural days: the weekend counts).
    const t = step(online(), ask, '2026-03-06')
    expect(t.supplement).toMatchObject({ requestedOn: '2026-03-06', windowEnds: '2026-03-09' })
    expect(refusal(t, ask, '2026-03-06').code).toBe('HOTLINE_SUPPLEMENT_ASKED')
    expect(refusal(t, { action: 'dispatch', department: 'housing' }, '2026-03-07').code).toBe(
      'HOTLINE_SUPPLEMENT_PENDING',
    )
    expect(alertsOf(t, at('2026-03-09'), 0.8)).toEqual([])
    expect(lookOn(t)).toBe('2026-03-10')
  })

  it('supplied on the last day: recorded, and dispatch is due 1 working day from then', () => {
    let t = step(online(), ask, '2026-03-06')
    t = step(
      t,
      { action: 'add-information', note: '项目代码 2026-440600-48-01-000001', affectsHandling: true },
      '2026-03-09',
    )
    expect(t.supplement?.suppliedOn).toBe('2026-03-09')
    expect(t.dispatch.due).toBe(nthWorkingDay('2026-03-09', 1))
    expect(step(t, { action: 'dispatch', department: 'housing' }, '2026-03-10').status).toBe('dispatched')
  })

  it('not supplied in the 3 natural days: a late supplement is refused and the timer ends the ticket', () => {
    const t = step(online(), ask, '2026-03-06')
    expect(timerDecisions(t, at('2026-03-09'), 0.8).lapse).toBeUndefined()
    expect(refusal(t, { action: 'add-information', note: 'x', affectsHandling: true }, '2026-03-10').code).toBe(
      'HOTLINE_SUPPLEMENT_LATE',
    )
    const lapse = timerDecisions(t, at('2026-03-10'), 0.8).lapse
    expect(lapse?.ticket).toMatchObject({ status: 'closed', closure: 'information-missing' })
    expect(lapse?.event).toBe('closed')
  })
})

describe('co-handlers act (协办, 第十七条第三款, 004:1556)', () => {
  const joint = () =>
    step(
      registered(),
      { action: 'dispatch', department: 'housing', coHandlers: ['urban-management', 'ecology'] },
      '2026-03-02',
    )
  const part = (opinion: string) => ({ action: 'contribute', opinion }) as const
  const contributeAs = (t: Ticket, department: string, opinion: string, day: LegalDate) => {
    const r = decide(t, part(opinion), at(day), { coHandler: department })
    if (!r.ok) throw new Error(`contribute: ${r.error.code}`)
    expect(r.value.event).toBe('contributed')
    return r.value.ticket
  }

  it('a co-handler submits its part, not the report; the lead the report, not a part; an outsider neither', () => {
    const t = joint()
    expect(mayAct(t, unit('urban-management'), 'contribute')).toBe(true)
    expect(mayAct(t, { ...unit('ecology'), role: 'lead' }, 'contribute')).toBe(true)
    expect(mayAct(t, unit('urban-management'), 'reply')).toBe(false)
    expect(mayAct(t, unit('urban-management'), 'extend')).toBe(false)
    expect(mayAct(t, unit('housing'), 'contribute')).toBe(false)
    expect(mayAct(t, unit('transport'), 'contribute')).toBe(false)
    expect(mayAct(t, agent, 'contribute')).toBe(false)
    expect(mayAct(t, owner, 'contribute')).toBe(false)
    // The domain checks the department it is given too, whatever the caller.
    expect(decide(t, part('x'), at('2026-03-03'), { coHandler: 'housing' })).toMatchObject({
      ok: false,
      error: { code: 'HOTLINE_NOT_YOUR_TICKET' },
    })
    expect(decide(t, part('x'), at('2026-03-03'))).toMatchObject({
      ok: false,
      error: { code: 'HOTLINE_NOT_YOUR_TICKET' },
    })
  })

  it('once a round, within the handling limit (late is marked), and the lead’s report cites the parts', () => {
    let t = step(joint(), { action: 'accept' }, '2026-03-03')
    t = contributeAs(t, 'urban-management', '已核查占道情况', '2026-03-04')
    expect(t.contributions).toEqual([
      expect.objectContaining({ department: 'urban-management', round: 1, submittedOn: '2026-03-04', late: false }),
    ])
    expect(decide(t, part('再次'), at('2026-03-05'), { coHandler: 'urban-management' })).toMatchObject({
      ok: false,
      error: { code: 'HOTLINE_CONTRIBUTION_DONE' },
    })
    // ecology sends its part the day after the handling due date: taken, marked late.
    const due = t.handling?.due as LegalDate
    expect(due).toBe(nthWorkingDay('2026-03-02', 10))
    const lateDay = addDays(due, 1)
    t = contributeAs(t, 'ecology', '已现场检测', lateDay)
    expect(t.contributions?.[1]).toMatchObject({ department: 'ecology', late: true })
    t = step(t, report, lateDay)
    expect(t.report?.contributions?.map((c) => c.department)).toEqual(['urban-management', 'ecology'])
    expect(t.report?.missingContributions).toBeUndefined()
    // Replied, no part is taken any more.
    expect(decide(t, part('x'), at(lateDay), { coHandler: 'ecology' })).toMatchObject({
      ok: false,
      error: { code: 'HOTLINE_TICKET_STATE_CONFLICT', details: { ticketStatus: 'replied', action: 'contribute' } },
    })
  })

  it('the report names the co-handlers that sent no part; a re-handling takes a part again', () => {
    let t = step(joint(), { action: 'accept' }, '2026-03-03')
    t = contributeAs(t, 'ecology', '无异议', '2026-03-04')
    t = step(t, report, '2026-03-05')
    expect(t.report?.missingContributions).toEqual(['urban-management'])
    t = step(t, { action: 'review', approve: true }, '2026-03-05')
    t = step(t, { action: 'rate', value: 'dissatisfied' }, '2026-03-06')
    t = step(t, { action: 'return-visit', note: '不满意' }, '2026-03-06')
    t = step(t, { action: 'rehandle' }, '2026-03-09')
    t = contributeAs(t, 'ecology', '再次核查', '2026-03-10')
    expect(t.contributions?.map((c) => [c.department, c.round])).toEqual([
      ['ecology', 1],
      ['ecology', 2],
    ])
    t = step(t, report, '2026-03-11')
    expect(t.report?.contributions?.map((c) => c.round)).toEqual([2])
    expect(t.firstReport?.contributions?.map((c) => c.round)).toEqual([1])
  })

  it('a ticket with no co-handlers takes no part and its report cites none', () => {
    let t = step(
      step(registered(), { action: 'dispatch', department: 'housing' }, '2026-03-02'),
      { action: 'accept' },
      '2026-03-03',
    )
    expect(decide(t, part('x'), at('2026-03-03'), { coHandler: 'housing' })).toMatchObject({ ok: false })
    t = step(t, report, '2026-03-04')
    expect(t.report).not.toHaveProperty('contributions')
  })

  it('a re-dispatch to another unit drops the parts given to the previous lead', () => {
    let t = step(joint(), { action: 'accept' }, '2026-03-03')
    t = contributeAs(t, 'ecology', '无异议', '2026-03-03')
    t = step(t, { action: 'request-return', kind: 'competence', grounds: 'x' }, '2026-03-04')
    t = step(
      t,
      { action: 'decide-return', approve: true, department: 'transport', coHandlers: ['ecology'] },
      '2026-03-04',
    )
    expect(t.contributions).toEqual([])
  })
})

describe('extensions (第十九条) and new information (第二十条)', () => {
  const handling = () =>
    step(
      step(registered(), { action: 'dispatch', department: 'housing' }, '2026-03-02'),
      { action: 'accept' },
      '2026-03-02',
    )

  it('two extensions are allowed, a third is refused; each counts on from the current due date', () => {
    let t = handling()
    const first = t.handling?.due as LegalDate
    t = step(t, { action: 'extend', days: 10, reason: '需现场核查' }, '2026-03-10')
    expect(t.handling?.due).toBe(nthWorkingDay(first, 10))
    t = step(t, { action: 'extend', days: 5, reason: '需会商' }, '2026-03-11')
    expect(t.handling?.due).toBe(nthWorkingDay(nthWorkingDay(first, 10), 5))
    expect(refusal(t, { action: 'extend', days: 1, reason: '再延' }, '2026-03-12').code).toBe(
      'HOTLINE_EXTENSIONS_EXHAUSTED',
    )
  })

  it('an extension is at most the first limit, and asked before the limit ends', () => {
    const c = step(registered({ type: 'consultation' }), { action: 'dispatch', department: 'housing' }, '2026-03-02')
    expect(refusal(c, { action: 'extend', days: 3, reason: 'x' }, '2026-03-02').code).toBe('HOTLINE_EXTENSION_TOO_LONG')
    const late = addDays(c.handling?.due as LegalDate, 1)
    expect(refusal(c, { action: 'extend', days: 2, reason: 'x' }, late).code).toBe('HOTLINE_EXTENSION_LATE')
  })

  it('information that affects the handling restarts the limit from the day it came; other information does not', () => {
    const t = handling()
    const restarted = step(
      t,
      { action: 'add-information', note: '补充了新的事实', affectsHandling: true },
      '2026-03-05',
    )
    expect(restarted.handling?.due).toBe(nthWorkingDay('2026-03-05', 10))
    expect(restarted.restarts).toHaveLength(1)
    // The ticket's events bound what it records: the 51st restart is refused, the ticket unchanged.
    let many = t
    for (let i = 0; i < 50; i += 1)
      many = step(many, { action: 'add-information', note: `第${i + 1}次`, affectsHandling: true }, '2026-03-05')
    const more = refusal(many, { action: 'add-information', note: 'x', affectsHandling: true }, '2026-03-05')
    expect(more.code).toBe('HOTLINE_TICKET_LIMIT_REACHED')
    const kept = step(t, { action: 'add-information', note: '补充联系方式', affectsHandling: false }, '2026-03-05')
    expect(kept.handling?.due).toBe(t.handling?.due)
  })

  it('property: however extensions are asked, at most 2 are granted, each at most the first limit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'complaint' | 'consultation'>('complaint', 'consultation'),
        fc.array(fc.record({ days: fc.integer({ min: 1, max: 10 }), offset: fc.integer({ min: 0, max: 3 }) }), {
          maxLength: 6,
        }),
        (type, asks) => {
          let t = step(registered({ type }), { action: 'dispatch', department: 'housing' }, '2026-03-02')
          let day: LegalDate = '2026-03-02'
          for (const a of asks) {
            day = addDays(day, a.offset)
            const r = decide(t, { action: 'extend', days: a.days, reason: 'x' }, at(day))
            if (r.ok) t = r.value.ticket
          }
          expect(t.extensions.length).toBeLessThanOrEqual(2)
          for (const e of t.extensions) expect(e.days).toBeLessThanOrEqual(t.originalLimit)
          const added = t.extensions.reduce((s, e) => s + e.days, 0)
          expect(t.handling?.due).toBe(nthWorkingDay('2026-03-02', t.originalLimit + added))
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('reply, review, rating and re-handling (第二十一条–第三十条)', () => {
  const replied = (over: Record<string, unknown> = {}, type: RegisterTicketBody['type'] = 'complaint') => {
    let t = step(registered({ type }), { action: 'dispatch', department: 'housing' }, '2026-03-02')
    t = step(t, { action: 'accept' }, '2026-03-03')
    return step(
      t,
      { ...report, ...over } as TicketActionBody,
      '2026-03-06',
      over['mode'] === 'repeat' ? repeatOf() : undefined,
    )
  }
  const rated = (t: Ticket, value: 'dissatisfied' | 'satisfied', day: LegalDate) =>
    step(step(t, { action: 'review', approve: true }, day), { action: 'rate', value }, day)

  it('asks each type for its content', () => {
    const t = step(
      step(registered({ type: 'report' }), { action: 'dispatch', department: 'housing' }, '2026-03-02'),
      { action: 'accept' },
      '2026-03-02',
    )
    const { mediation: _m, ...plain } = report
    expect(refusal(t, plain, '2026-03-03').details?.['field']).toBe('/body/measures')
    const s = step(
      step(registered({ type: 'suggestion' }), { action: 'dispatch', department: 'housing' }, '2026-03-02'),
      { action: 'accept' },
      '2026-03-02',
    )
    expect(refusal(s, plain, '2026-03-03').details?.['field']).toBe('/body/adopted')
  })

  // 2026-03-05 09:00, 09:15 and 09:40 in Shanghai: the last two exactly 15 and 25 minutes apart.
  const calls = ['2026-03-05T01:00:00Z', '2026-03-05T01:15:00Z', '2026-03-05T01:40:00Z']

  it('unreachable: the 3 unanswered calls, each at least 15 minutes after the one before, none after the report', () => {
    const handling = step(
      step(registered(), { action: 'dispatch', department: 'housing' }, '2026-03-02'),
      { action: 'accept' },
      '2026-03-03',
    )
    const body = { ...report, mode: 'unreachable', replyMethod: 'unreachable', replySummary: undefined } as const
    const missing = refusal(handling, body, '2026-03-06')
    expect([missing.code, missing.details?.['field']]).toEqual(['HOTLINE_REPORT_INCOMPLETE', '/body/calls'])
    const close = ['2026-03-05T01:00:00Z', '2026-03-05T01:14:59Z', '2026-03-05T01:40:00Z']
    const tooClose = refusal(handling, { ...body, calls: close }, '2026-03-06')
    // The second call is the one too close to the first: the pointer names it, counted from 0.
    expect([tooClose.code, tooClose.details?.['field']]).toEqual(['HOTLINE_CALLS_INVALID', '/body/calls/1'])
    // Named in `errors` too, as a refused form reads its fields.
    expect(tooClose.details?.['errors']).toEqual([{ field: '/body/calls/1', message: tooClose.message }])
    const unordered = [calls[1], calls[0], calls[2]] as string[]
    expect(refusal(handling, { ...body, calls: unordered }, '2026-03-06').code).toBe('HOTLINE_CALLS_INVALID')
    // The report is decided at 10:00 Shanghai (02:00Z): a call at 10:30 has not been made yet.
    const later = ['2026-03-06T01:00:00Z', '2026-03-06T01:15:00Z', '2026-03-06T02:30:00Z']
    expect(refusal(handling, { ...body, calls: later }, '2026-03-06').code).toBe('HOTLINE_CALLS_INVALID')
    // Registered on 2026-03-02: calls of the day before are not about this ticket.
    const earlier = ['2026-03-01T01:00:00Z', '2026-03-01T01:15:00Z', '2026-03-01T01:40:00Z']
    const before = refusal(handling, { ...body, calls: earlier }, '2026-03-06')
    expect([before.code, before.message]).toEqual([
      'HOTLINE_CALLS_INVALID',
      'A call is recorded before the ticket was registered.',
    ])
    const t = step(handling, { ...body, calls }, '2026-03-06')
    expect([t.report?.mode, t.report?.reply.method, t.report?.calls]).toEqual(['unreachable', 'unreachable', calls])
  })

  // Registered 2026-03-02 at 02:00Z, the report decided 2026-03-06 at 02:00Z. `call` counts from 1 as listed.
  const inOrder = 'Each call is made at least 15 minutes after the one before, in order.'
  it.each([
    [
      'a call before the registration',
      ['2026-03-05T01:00:00Z', '2026-03-01T01:00:00Z', '2026-03-05T01:40:00Z'],
      'A call is recorded before the ticket was registered.',
      {
        reason: 'before-registration',
        call: 2,
        callAt: '2026-03-01T01:00:00Z',
        registeredAt: '2026-03-02T02:00:00.000Z',
      },
    ],
    [
      'a call after the report',
      ['2026-03-06T01:00:00Z', '2026-03-06T01:15:00Z', '2026-03-06T02:30:00Z'],
      'A call is recorded after the report.',
      { reason: 'after-report', call: 3, callAt: '2026-03-06T02:30:00Z', reportedAt: '2026-03-06T02:00:00.000Z' },
    ],
    [
      'a call listed before the one it follows',
      ['2026-03-05T01:15:00Z', '2026-03-05T01:00:00Z', '2026-03-05T01:40:00Z'],
      inOrder,
      { reason: 'out-of-order', call: 2, callAt: '2026-03-05T01:00:00Z', previousAt: '2026-03-05T01:15:00Z' },
    ],
    [
      'a second call 14:59 after the first',
      ['2026-03-05T01:00:00Z', '2026-03-05T01:14:59Z', '2026-03-05T01:40:00Z'],
      inOrder,
      {
        reason: 'too-close',
        call: 2,
        callAt: '2026-03-05T01:14:59Z',
        previousAt: '2026-03-05T01:00:00Z',
        minutes: 14,
      },
    ],
    [
      'a third call at the same minute as the second',
      ['2026-03-05T01:00:00Z', '2026-03-05T01:15:00Z', '2026-03-05T01:15:00Z'],
      inOrder,
      { reason: 'too-close', call: 3, callAt: '2026-03-05T01:15:00Z', previousAt: '2026-03-05T01:15:00Z', minutes: 0 },
    ],
  ])('unreachable, refused for %s: names the call and the rule of 第二十一条 as data', (_, listed, message, reason) => {
    const handling = step(
      step(registered(), { action: 'dispatch', department: 'housing' }, '2026-03-02'),
      { action: 'accept' },
      '2026-03-03',
    )
    const body = { ...report, mode: 'unreachable', replyMethod: 'unreachable', replySummary: undefined } as const
    const refused = refusal(handling, { ...body, calls: listed }, '2026-03-06')
    const field = `/body/calls/${reason.call - 1}`
    expect(refused).toEqual({
      code: 'HOTLINE_CALLS_INVALID',
      message,
      details: { field, errors: [{ field, message }], ...reason },
    })
  })

  it('repeat: names another ticket and tells its result with its basis (第二十四条)', () => {
    const handling = step(
      step(registered(), { action: 'dispatch', department: 'housing' }, '2026-03-02'),
      { action: 'accept' },
      '2026-03-03',
    )
    const original = '0190f0f0-0000-7000-8000-00000000000a'
    const body = { ...report, mode: 'repeat', originalTicketId: original } as const
    expect(refusal(handling, body, '2026-03-06').details?.['field']).toBe('/body/basis')
    const self = refusal(
      handling,
      { ...body, basis: '《条例》第十条', originalTicketId: handling.ticketId },
      '2026-03-06',
    )
    expect(self.details?.['field']).toBe('/body/originalTicketId')
    const t = step(handling, { ...body, basis: '《条例》第十条' }, '2026-03-06', repeatOf())
    expect([t.report?.mode, t.report?.originalTicketId, t.report?.basis]).toEqual([
      'repeat',
      original,
      '《条例》第十条',
    ])
  })

  it('repeat: refuses an original that does not exist, was not handled to the end, or is another requester’s', () => {
    const handling = step(
      step(registered(), { action: 'dispatch', department: 'housing' }, '2026-03-02'),
      { action: 'accept' },
      '2026-03-03',
    )
    const body = {
      ...report,
      mode: 'repeat',
      originalTicketId: '0190f0f0-0000-7000-8000-00000000000a',
      basis: '《条例》第十条',
    } as const
    const refusedFor = (facts: RepeatFacts) => {
      const e = refusal(handling, body, '2026-03-06', facts)
      expect([e.code, e.details?.['field']]).toEqual(['HOTLINE_ORIGINAL_TICKET_INVALID', '/body/originalTicketId'])
      return e.message
    }
    expect(refusedFor({ original: undefined, requester: complaint.requester })).toMatch(/not a ticket of the hotline/)
    expect(refusedFor(repeatOf({ end: 'withdrawn' }))).toMatch(/not handled to the end.*closed \(withdrawn\)/)
    const open = repeatOf()
    const stillOpen = {
      ...open,
      original: { ...(open.original as NonNullable<RepeatFacts['original']>), ticket: handling },
    }
    expect(refusedFor(stillOpen)).toMatch(/not handled to the end.*handling/)
    const stranger = { name: '李四', idNumber: '440600199002020028', phone: '13900139000' }
    expect(refusedFor(repeatOf({ original: { requester: stranger } }))).toMatch(/another requester/)
    // The same caller by phone number alone (the ID number hidden on the earlier call) is the same requester.
    const byPhone = repeatOf({ original: { requester: { phone: complaint.requester.phone } } })
    expect(repeatProblem(handling, byPhone)).toBeUndefined()
    // A caller who hid both on the earlier call cannot be shown to be the same.
    expect(refusedFor(repeatOf({ original: { requester: { name: '张三' } } }))).toMatch(/another requester/)
  })

  it('review passed: 5 natural days to rate; none given, the timer closes it unrated', () => {
    const t = step(replied(), { action: 'review', approve: true }, '2026-03-06')
    expect(t.ratings[0]?.windowEnds).toBe('2026-03-11')
    expect(timerDecisions(t, at('2026-03-11'), 0.8).lapse).toBeUndefined()
    const lapse = timerDecisions(t, at('2026-03-12'), 0.8).lapse
    expect(lapse?.ticket.closure).toBe('unrated')
    expect(refusal(t, { action: 'rate', value: 'satisfied' }, '2026-03-12').code).toBe('HOTLINE_RATING_LATE')
  })

  it('dissatisfied → return visit → re-handled once with the original limit, no return or extension → second rating', () => {
    let t = rated(replied(), 'dissatisfied', '2026-03-06')
    expect(t.status).toBe('return-visit')
    expect(refusal(t, { action: 'rehandle' }, '2026-03-09').code).toBe('HOTLINE_RETURN_VISIT_FIRST')
    t = step(t, { action: 'return-visit', note: '对结果不满意' }, '2026-03-09')
    t = step(t, { action: 'rehandle' }, '2026-03-09')
    expect(t.status).toBe('rehandling')
    expect(t.handling?.due).toBe(nthWorkingDay('2026-03-09', 10))
    expect(refusal(t, { action: 'extend', days: 1, reason: 'x' }, '2026-03-10').code).toBe(
      'HOTLINE_REHANDLING_NO_EXTENSION',
    )
    expect(refusal(t, { action: 'request-return', kind: 'competence', grounds: 'x' }, '2026-03-10').code).toBe(
      'HOTLINE_REHANDLING_NO_RETURN',
    )
    t = step(t, report, '2026-03-12')
    t = rated(t, 'dissatisfied', '2026-03-12')
    t = step(t, { action: 'return-visit', note: '仍不满意' }, '2026-03-13')
    expect(t.status).toBe('duty-statement')
    expect(refusal(t, { action: 'rehandle' }, '2026-03-13').code).toBe('HOTLINE_REHANDLED_ONCE')
    expect(t.dutyStatement?.deadline.due).toBe(nthWorkingDay('2026-03-13', 5))
    const closed = step(t, { action: 'duty-statement', text: '已依法依规办理' }, '2026-03-16')
    expect(closed.closure).toBe('duty-statement')
    const lapsed = timerDecisions(t, at(addDays(t.dutyStatement?.deadline.due as LegalDate, 1)), 0.8).lapse
    expect(lapsed?.ticket.closure).toBe('duty-statement')
  })

  it('refuses re-handling in each of the six cases of 第二十九条', () => {
    const visited = (t: Ticket, forceMajeure = false) =>
      step(rated(t, 'dissatisfied', '2026-03-06'), { action: 'return-visit', note: 'x', forceMajeure }, '2026-03-06')
    const cases: [number, Ticket][] = [
      [1, visited(replied({ mode: 'classified' }))],
      [2, visited(replied({ mode: 'unreachable', replyMethod: 'unreachable', calls }))],
      [3, visited(replied({ adopted: false, mediation: undefined }, 'suggestion'))],
      [4, visited(replied({ mediation: 'terminated' }))],
      [5, visited(replied(), true)],
      [6, visited(replied({ mode: 'repeat', originalTicketId: '0190f0f0-0000-7000-8000-00000000000a', basis: 'x' }))],
    ]
    for (const [n, t] of cases) {
      expect(rehandlingBar(t)).toBe(n)
      const e = refusal(t, { action: 'rehandle' }, '2026-03-09')
      expect([e.code, e.details?.['case']]).toEqual(['HOTLINE_REHANDLING_NOT_ALLOWED', n])
    }
  })

  it('property: a ticket is re-handled at most once, whatever the centre asks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('rehandle', 'reply', 'review', 'rate-bad', 'visit'), { maxLength: 12 }),
        (acts) => {
          let t = rated(replied(), 'dissatisfied', '2026-03-06')
          let opened = 0
          for (const a of acts) {
            const body: TicketActionBody =
              a === 'rehandle'
                ? { action: 'rehandle' }
                : a === 'reply'
                  ? report
                  : a === 'review'
                    ? { action: 'review', approve: true }
                    : a === 'rate-bad'
                      ? { action: 'rate', value: 'very-dissatisfied' }
                      : { action: 'return-visit', note: 'x' }
            const r = decide(t, body, at('2026-03-09'))
            if (r.ok) {
              if (r.value.event === 'rehandling-opened') opened += 1
              t = r.value.ticket
            }
          }
          expect(opened).toBeLessThanOrEqual(1)
          expect(t.ratings.length).toBeLessThanOrEqual(2)
        },
      ),
      { numRuns: 100 },
    )
  })
})

describe('the reception service rated (受理服务, 第二十七条 (一), 004:1630–1632)', () => {
  it('asks from registration: the same 5 natural days, counted by hand over a weekend', () => {
    // Friday 2026-03-06 + 5 natural days = Wednesday 03-11 (weekend days count: 自然日).
    const t = registered({}, '2026-03-06')
    expect(t.reception).toEqual({ notifiedOn: '2026-03-06', windowEnds: '2026-03-11' })
  })

  it('is rated once with the five options, by the requester, apart from the handling and its status', () => {
    const t = step(registered(), { action: 'dispatch', department: 'housing' }, '2026-03-02')
    expect(mayAct(t, agent, 'rate-reception')).toBe(true)
    expect(mayAct(t, unit('housing'), 'rate-reception')).toBe(false)
    const r = decide(t, { action: 'rate-reception', value: 'very-dissatisfied' }, at('2026-03-07'))
    expect(r.ok && r.value.event).toBe('reception-rated')
    const rated = r.ok ? r.value.ticket : t
    expect(rated.reception).toEqual({
      notifiedOn: '2026-03-02',
      windowEnds: '2026-03-07',
      value: 'very-dissatisfied',
      ratedOn: '2026-03-07',
    })
    // Dissatisfied with the reception opens no return visit and moves nothing of the handling.
    expect(rated.status).toBe('dispatched')
    expect(rated.ratings).toEqual([])
    expect(rated.handling).toEqual(t.handling)
    expect(rated.version).toBe(t.version + 1)
    expect(refusal(rated, { action: 'rate-reception', value: 'satisfied' }, '2026-03-07').code).toBe(
      'HOTLINE_TICKET_STATE_CONFLICT',
    )
  })

  it('late (the day after the window) is refused, 未评价; a withdrawn ticket still rates its reception', () => {
    const t = registered({}, '2026-03-02')
    const late = refusal(t, { action: 'rate-reception', value: 'satisfied' }, '2026-03-08')
    expect(late.code).toBe('HOTLINE_RATING_LATE')
    expect(late.details).toEqual({ windowEnds: '2026-03-07' })
    const withdrawn = step(t, { action: 'withdraw' }, '2026-03-03')
    expect(withdrawn.status).toBe('closed')
    expect(step(withdrawn, { action: 'rate-reception', value: 'satisfied' }, '2026-03-04').reception?.value).toBe(
      'satisfied',
    )
  })

  it('a ticket stored before the reception was modelled has no notice, and is refused', () => {
    const { reception: _r, ...old } = registered()
    expect(refusal(old, { action: 'rate-reception', value: 'satisfied' }, '2026-03-03').code).toBe(
      'HOTLINE_TICKET_STATE_CONFLICT',
    )
  })
})

describe('special closures, supervision and long-term items (第二十三条–第二十六条)', () => {
  it('a praise is closed once read', () => {
    const t = step(registered({ type: 'praise' }), { action: 'dispatch', department: 'housing' }, '2026-03-02')
    expect(step(t, { action: 'read' }, '2026-03-03').closure).toBe('praise-read')
  })

  it('a withdrawn report may still be investigated; then it closes after review, unrated', () => {
    let t = step(registered({ type: 'report' }), { action: 'dispatch', department: 'housing' }, '2026-03-02')
    t = step(t, { action: 'withdraw', continueInvestigation: true }, '2026-03-03')
    expect(t.status).toBe('dispatched')
    t = step(t, { ...report, measures: '已立案调查', caseFiled: true }, '2026-03-04')
    expect(step(t, { action: 'review', approve: true }, '2026-03-04').closure).toBe('withdrawn')
    const c = registered()
    expect(refusal(c, { action: 'withdraw', continueInvestigation: true }, '2026-03-02').code).toBe(
      'HOTLINE_NOT_REPORT',
    )
  })

  it('督办 limits: 2 working days for an overdue ticket, 5 for feedback, none for a long-term item', () => {
    const t = step(registered(), { action: 'dispatch', department: 'housing' }, '2026-03-02')
    const s = step(t, { action: 'supervise', kind: 'overdue', note: '逾期' }, '2026-03-16').supervisions[0]
    expect(s?.deadline?.due).toBe(nthWorkingDay('2026-03-16', 2))
    const f = step(t, { action: 'supervise', kind: 'feedback', note: 'x' }, '2026-03-16').supervisions[0]
    expect(f?.deadline?.due).toBe(nthWorkingDay('2026-03-16', 5))
    expect(
      step(t, { action: 'supervise', kind: 'long-term', note: 'x' }, '2026-03-16').supervisions[0]?.deadline,
    ).toBeUndefined()
  })

  it('a long-term item: plan in 10 working days, then progress at most a month apart, a missed one overdue once', () => {
    let t = step(registered(), { action: 'dispatch', department: 'housing' }, '2026-03-02')
    t = step(t, { action: 'long-term' }, '2026-03-02')
    expect(t.longTerm?.plan.due).toBe(nthWorkingDay('2026-03-02', 10))
    t = step(t, { action: 'plan', plan: '分三期推进' }, '2026-03-10')
    expect(t.longTerm?.nextUpdateDue).toBe('2026-04-10')
    const missed = alertsOf(t, at('2026-04-11'), 0.8).filter((a) => a.clock === 'long-term-update')
    expect(missed).toHaveLength(1)
    expect(monthAfter('2026-01-31')).toBe('2026-02-28')
  })

  it('a long-term item’s final report: due 3 working days after the procedure ended, with the guidance opinion (004:1626)', () => {
    let t = step(registered(), { action: 'dispatch', department: 'housing' }, '2026-03-02')
    t = step(t, { action: 'accept' }, '2026-03-02')
    t = step(t, { action: 'long-term' }, '2026-03-02')
    // Before the plan there is no final report, and before the procedure ended none is taken.
    expect(refusal(t, { action: 'procedure-ended', procedureEndedOn: '2026-03-02' }, '2026-03-03').code).toBe(
      'HOTLINE_NOT_LONG_TERM',
    )
    t = step(t, { action: 'plan', plan: '分三期推进' }, '2026-03-10')
    const final = {
      action: 'final-report',
      guidanceDepartment: 'natural-resources',
      guidance: '同意',
      result: '已办结',
    } as const
    expect(refusal(t, final, '2026-03-11').code).toBe('HOTLINE_PROCEDURE_NOT_ENDED')
    // The day the procedure ended: not in the future, not before the item was marked.
    for (const bad of ['2026-05-01', '2026-03-01']) {
      const r = refusal(t, { action: 'procedure-ended', procedureEndedOn: bad }, '2026-04-28')
      expect([r.code, r.details?.['field']]).toEqual(['HOTLINE_DATE_INVALID', '/body/procedureEndedOn'])
    }
    // Ended Wednesday 2026-04-29, recorded the next day: due 3 working days later — over 劳动节 (05-01 to 05-05) and
    // the make-up Saturday 05-09 — counted by hand: 04-30 (1), 05-06 (2), 05-07 (3).
    t = step(t, { action: 'procedure-ended', procedureEndedOn: '2026-04-29' }, '2026-04-30')
    expect(t.longTerm?.final?.deadline.due).toBe(nthWorkingDay('2026-04-29', 3))
    expect(t.longTerm?.nextUpdateDue).toBeUndefined()
    expect(refusal(t, { action: 'progress', note: 'x' }, '2026-04-30').code).toBe('HOTLINE_TICKET_STATE_CONFLICT')
    // The timer: overdue once the day after, named long-term-final.
    const due = t.longTerm?.final?.deadline.due as LegalDate
    const alerts = alertsOf(t, at(addDays(due, 1)), 0.8).filter((a) => a.clock === 'long-term-final')
    expect(alerts.map((a) => a.kind)).toContain('overdue')
    expect(lookOn(t)).not.toBeNull()
    // Filed late: taken, marked late; the clock is done and a second report refused.
    const late = step(t, final, addDays(due, 1))
    expect(late.longTerm?.final).toMatchObject({ late: true, reportedOn: addDays(due, 1), guidance: '同意' })
    expect(late.longTerm?.final?.deadline.doneOn).toBe(addDays(due, 1))
    expect(refusal(late, final, addDays(due, 2)).code).toBe('HOTLINE_TICKET_STATE_CONFLICT')
    // On time: not late. Then the unit replies as for any ticket.
    const onTime = step(t, final, due)
    expect(onTime.longTerm?.final?.late).toBe(false)
    expect(step(onTime, report, due).status).toBe('replied')
    expect(mayAct(t, agent, 'final-report')).toBe(false)
    expect(mayAct(t, unit('housing'), 'final-report')).toBe(true)
  })

  it('looks again no later than the day after a due date, and not at all once closed', () => {
    const t = registered({}, '2026-03-02')
    expect(lookOn(t)).toBe('2026-03-03')
    const praise = step(
      step(registered({ type: 'praise' }), { action: 'dispatch', department: 'housing' }, '2026-03-02'),
      { action: 'read' },
      '2026-03-02',
    )
    expect(lookOn(praise)).toBeNull()
  })
})

describe('a published calendar recounts the running clocks (节假日安排公布)', () => {
  // 2027 is not bundled: its weekdays count until the State Council's schedule is published with 元旦 on 01-01.
  const with2027 = calendar.withYear({
    year: 2027,
    source: { title: '国务院办公厅关于2027年部分节假日安排的通知', number: '国办发明电〔2026〕9号' },
    holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
    workdays: [],
  })
  const on = (day: LegalDate): Context => ({ ...at(day), calendar: with2027 })
  /** A complaint dispatched and accepted Mon 2026-12-28: 10 WD, the 10th Mon 01-11 on weekdays alone, Tue 01-12 with 元旦. */
  const handled = () =>
    step(
      step(registered({}, '2026-12-28'), { action: 'dispatch', department: 'housing' }, '2026-12-28'),
      { action: 'accept' },
      '2026-12-28',
    )
  const handlingAlerts = (t: Ticket, ctx: Context) =>
    alertsOf(t, ctx, 0.8)
      .filter((a) => a.clock === 'handling')
      .map((a) => a.kind)

  it('an overdue record the later day undoes is dropped, so the timer fires on the new day; the warning stays', () => {
    const t = handled()
    expect(t.handling?.due).toBe('2027-01-11')
    const alerts = alertsOf(t, at('2027-01-12'), 0.8)
    expect(alerts.map((a) => [a.kind, a.clock])).toEqual([
      ['warned', 'handling'],
      ['overdue', 'handling'],
    ])
    const alerted = alerts.at(-1)?.ticket as Ticket
    const moved = recount(alerted, with2027, 0.8)
    expect(moved.handling?.due).toBe(nthWorkingDayIn(with2027, '2026-12-28', 10))
    expect(moved.handling?.due).toBe('2027-01-12')
    // 01-12 is the last day now: 9 of 10 used, yellow, so the warning recorded that day stands.
    expect(moved.handling?.alerts).toEqual({ warnedOn: '2027-01-12' })
    expect(lookOn(moved)).toBe('2027-01-13')
    expect(handlingAlerts(moved, on('2027-01-12'))).toEqual([])
    expect(handlingAlerts(moved, on('2027-01-13'))).toEqual(['overdue'])
  })

  it('a warning recorded before the new calendar’s warning day is dropped and raised again on that day', () => {
    const t = handled()
    // Weekdays alone, the 8th working day (80 % of 10) is Thu 01-07; with 元旦 it is Fri 01-08.
    const warned = alertsOf(t, at('2027-01-07'), 0.8).at(-1)?.ticket as Ticket
    expect(warned.handling?.alerts).toEqual({ warnedOn: '2027-01-07' })
    const moved = recount(warned, with2027, 0.8)
    expect(moved.handling?.alerts).toBeUndefined()
    expect(handlingAlerts(moved, on('2027-01-07'))).toEqual([])
    expect(handlingAlerts(moved, on('2027-01-08'))).toEqual(['warned'])
  })

  it('a record the new day does not undo stays; an unmoved ticket is the same ticket; a waiting clock is not counted', () => {
    const t = handled()
    const late = alertsOf(t, at('2027-01-13'), 0.8).at(-1)?.ticket as Ticket
    expect(recount(late, with2027, 0.8).handling).toMatchObject({
      due: '2027-01-12',
      alerts: { warnedOn: '2027-01-13', overdueOn: '2027-01-13' },
    })
    const unmoved = handled()
    expect(recount(unmoved, calendar, 0.8)).toBe(unmoved)
    // A return asked: the handling clock waits for the centre's decision, so no calendar moves it.
    const returning = step(
      step(registered({}, '2026-12-28'), { action: 'dispatch', department: 'housing' }, '2026-12-28'),
      { action: 'request-return', kind: 'competence', grounds: '不属于本单位职权' },
      '2026-12-29',
    )
    expect(returning.status).toBe('return-requested')
    expect(recount(returning, with2027, 0.8)).toBe(returning)
  })

  it('a clock counted past the legal dates (a start edited to late 2099) is thrown as a count error, naming it', () => {
    const t = handled()
    if (!t.handling) throw new Error('not handling')
    const edited: Ticket = { ...t, handling: { ...t.handling, spec: { ...t.handling.spec, start: '2099-12-28' } } }
    expect(() => recount(edited, with2027, 0.8)).toThrow(LegalDateError)
    expect(() => recount(edited, with2027, 0.8)).toThrow('handling: 10 W from 2099-12-28 falls due 2100-01-11')
  })
})

/** The n-th working day after `from` in `cal`, walked a day at a time (as `nthWorkingDay`, on another calendar). */
function nthWorkingDayIn(cal: typeof calendar, from: LegalDate, n: number): LegalDate {
  let d = from
  let left = n
  while (left > 0) {
    d = addDays(d, 1)
    if (cal.isWorkingDay(d)) left -= 1
  }
  return d
}
