import { TicketDispatchedV1, type TicketEventBody, TicketRegisteredV1 } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { authorise } from '../src/domain/authorise.js'
import { dueOf, ticketProjectors, ticketRegion } from '../src/domain/tickets.js'

type Ticket = TicketEventBody['ticket']

const deadline = (due: string, doneOn?: string) => ({
  spec: { limit: { value: 1, unit: 'W' as const }, start: '2026-03-02', suspensions: [] },
  due,
  ...(doneOn ? { doneOn } : {}),
})

const base: Ticket = {
  ticketId: '01900000-0000-7000-8000-000000000001',
  groupId: '01900000-0000-7000-8000-000000000002',
  type: 'complaint',
  channel: 'phone',
  status: 'registered',
  title: '投诉',
  content: '内容',
  realName: true,
  hidden: [],
  coHandlers: [],
  registeredAt: '2026-03-02T01:00:00Z',
  registeredOn: '2026-03-02',
  dispatch: deadline('2026-03-03'),
  dispatches: 0,
  originalLimit: 10,
  extensions: [],
  restarts: [],
  returns: [],
  ratings: [],
  returnVisits: [],
  rehandled: false,
  supervisions: [],
  version: 1,
  updatedAt: '2026-03-02T01:00:00Z',
}

describe('what a ticket waits for', () => {
  it('is the dispatch, then the check, then the handling; nothing while the centre or the requester acts', () => {
    expect(dueOf(base)).toBe('2026-03-03')
    const dispatched: Ticket = {
      ...base,
      status: 'dispatched',
      department: 'natural-resources',
      check: deadline('2026-03-04'),
      handling: deadline('2026-03-16'),
    }
    expect(dueOf(dispatched)).toBe('2026-03-04')
    expect(dueOf({ ...dispatched, check: deadline('2026-03-04', '2026-03-03') })).toBe('2026-03-16')
    expect(dueOf({ ...dispatched, status: 'handling' })).toBe('2026-03-16')
    expect(dueOf({ ...dispatched, status: 'return-requested' })).toBe('2026-03-16')
    expect(dueOf({ ...dispatched, status: 'replied' })).toBeUndefined()
    expect(dueOf({ ...dispatched, status: 'rating' })).toBeUndefined()
    expect(dueOf({ ...dispatched, status: 'closed' })).toBeUndefined()
    expect(
      dueOf({
        ...dispatched,
        status: 'hard',
        hard: { kind: 'duty', openedOn: '2026-03-05', opinion: deadline('2026-03-12') },
      }),
    ).toBe('2026-03-12')
  })
})

describe('a ticket projected', () => {
  const projector = (subject: string) => {
    const p = ticketProjectors.find((x) => x.event.subject === subject)
    if (!p) throw new Error(subject)
    return p
  }

  it('writes its history line, and a timeline entry only when linked to a project', () => {
    const registered = projector(TicketRegisteredV1.subject)
    const alone = registered.project({ ticket: base }, '01900000-0000-7000-8000-0000000000aa')
    expect(alone.entry).toMatchObject({ type: 'ticket.registered', status: 'registered', ticketId: base.ticketId })
    expect(alone.timeline).toBeUndefined()
    const linked = registered.project(
      { ticket: { ...base, projectId: '01900000-0000-7000-8000-0000000000bb' } },
      '01900000-0000-7000-8000-0000000000ab',
    )
    expect(linked.timeline).toMatchObject({
      projectId: '01900000-0000-7000-8000-0000000000bb',
      type: 'ticket.registered',
    })
    // The summary carries no content of the request (the project's owner reads the timeline whole).
    expect(linked.timeline?.summary).not.toContain(base.content)
  })

  it('keeps a 举报 off the project timeline', () => {
    const p = projector(TicketDispatchedV1.subject).project(
      { ticket: { ...base, type: 'report', projectId: '01900000-0000-7000-8000-0000000000bb' } },
      '01900000-0000-7000-8000-0000000000ac',
    )
    expect(p.timeline).toBeUndefined()
    expect(p.entry.type).toBe('ticket.dispatched')
  })
})

describe('who reads one ticket', () => {
  const row = { departments: ['natural-resources', 'water'], ownerCreditCode: '91441500MA51XY201H' }
  it('the centre and supervision: any; a unit: its own or co-handled; an owner: the one it filed; a clerk: the one she registered', () => {
    expect(authorise({ sub: 'a', role: 'agent' }, { action: 'ticket.read', row }).allow).toBe(true)
    expect(authorise({ sub: 's', role: 'supervisor' }, { action: 'ticket.read', row }).allow).toBe(true)
    expect(authorise({ sub: 'r', role: 'reviewer', department: 'water' }, { action: 'ticket.read', row }).allow).toBe(
      true,
    )
    expect(authorise({ sub: 'r', role: 'reviewer', department: 'fire' }, { action: 'ticket.read', row })).toMatchObject(
      {
        allow: false,
        status: 404,
      },
    )
    expect(
      authorise({ sub: 'o', role: 'owner', creditCode: '91441500MA51XY201H' }, { action: 'ticket.read', row }).allow,
    ).toBe(true)
    expect(
      authorise({ sub: 'o', role: 'owner', creditCode: '91440600MA4UJ2K7X6' }, { action: 'ticket.read', row }),
    ).toMatchObject({ allow: false, status: 404 })
    // A window clerk: the ticket she registered (her `sub`), another clerk's or one of no window as unknown.
    const windowRow = { departments: ['water'], windowClerk: 'clerk-a' }
    expect(authorise({ sub: 'clerk-a', role: 'clerk' }, { action: 'ticket.read', row: windowRow }).allow).toBe(true)
    expect(authorise({ sub: 'clerk-b', role: 'clerk' }, { action: 'ticket.read', row: windowRow })).toMatchObject({
      allow: false,
      status: 404,
    })
    expect(authorise({ sub: 'c', role: 'clerk' }, { action: 'ticket.read', row })).toMatchObject({
      allow: false,
      status: 404,
    })
    expect(authorise({ sub: 'u', role: 'utility', provider: 'water' }, { action: 'ticket.read', row })).toMatchObject({
      allow: false,
      status: 403,
    })
    expect(authorise({ sub: 'a', role: 'agent' }, { action: 'ticket.read' })).toMatchObject({ status: 404 })
  })
  it('the lists by role', () => {
    expect(authorise({ sub: 'a', role: 'agent' }, { action: 'tickets.list' }).allow).toBe(true)
    expect(authorise({ sub: 'r', role: 'reviewer', department: 'x' }, { action: 'tickets.list' }).allow).toBe(false)
    expect(authorise({ sub: 'l', role: 'lead', department: 'x' }, { action: 'tickets.inbox' }).allow).toBe(true)
    expect(authorise({ sub: 'a', role: 'agent' }, { action: 'tickets.inbox' }).allow).toBe(false)
    expect(authorise({ sub: 'o', role: 'owner', creditCode: 'x' }, { action: 'tickets.own' }).allow).toBe(true)
    expect(authorise({ sub: 'a', role: 'agent' }, { action: 'supervision.tickets' }).allow).toBe(false)
  })
})

describe("a ticket's region at registration (ticketRegion)", () => {
  const projectId = '01900000-0000-7000-8000-000000000009'
  it('is the project’s when the ticket names a project and no region, whoever registers it', () => {
    // The rule reads no role: the agent's call, the clerk's window ticket and the owner's online one alike.
    expect(ticketRegion({ projectId }, '440600')).toBe('440600')
  })
  it('is the named region when one is given, the project’s notwithstanding', () => {
    expect(ticketRegion({ projectId, region: '441500' }, '440600')).toBe('441500')
    expect(ticketRegion({ region: '450700' }, undefined)).toBe('450700')
  })
  it('is none for a project of no known region, and for a ticket naming no project', () => {
    expect(ticketRegion({ projectId }, undefined)).toBeUndefined()
    expect(ticketRegion({}, undefined)).toBeUndefined()
    // A region read for no project named is not the ticket's.
    expect(ticketRegion({}, '440600')).toBeUndefined()
  })
})
