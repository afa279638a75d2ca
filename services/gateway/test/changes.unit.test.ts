import type { Actor } from '@onewindow/contracts'
import {
  AcceptanceStartedV1,
  Role,
  StepTasksAssignedV1,
  TaskAssignedV1,
  TaskClockWarnedV1,
  TicketReferredV1,
  TicketRegisteredV1,
  UtilityDueMovedV1,
  UtilityRequestAdvancedV1,
  UtilityRestorationDeclaredV1,
} from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { authorise } from '../src/domain/authorise.js'
import { changeData, changeOf, changeOfEvent, ticketChangeOf, utilityParties } from '../src/domain/changes.js'
import { projectionsOf } from '../src/domain/projectors.js'
import { ticketProjectors } from '../src/domain/tickets.js'
import { visibleChange } from '../src/domain/visibility.js'
import { projectors } from '../src/index.js'
import { acceptanceCase, task, ticketRegistered, utilityRequest, warned } from './events.js'

// Which change the live stream tells whom: one rule (visibility.ts), the status's own.

const projectorOf = (subject: string) => {
  const p = projectors.find((x) => x.event.subject === subject)
  if (!p) throw new Error(subject)
  return p
}
const PROJECT = '01890000-0000-7000-8000-000000000001'
const APP = '01890000-0000-7000-8000-000000000002'
const t = task(PROJECT, APP, { department: 'planning', lead: 'development-reform' })
const assigned = changeOf(projectorOf(TaskAssignedV1.subject).project({ task: t }, crypto.randomUUID()), 7)
const alert = changeOf(projectorOf(TaskClockWarnedV1.subject).project(warned(t), crypto.randomUUID()), 8)
const wide = { kind: 'application.accepted', event: 'application' as const }
const owner = { ...assigned, ownerCreditCode: '91441500MA51XY201H' }

const actor = (a: Partial<Actor> & Pick<Actor, 'role'>): Actor => ({ sub: 'x', ...a })

describe('changeOf', () => {
  it('names the event, the task, its department and its lead, and carries no view', () => {
    expect(assigned).toMatchObject({ id: 7, event: 'task', kind: 'task.assigned', taskId: t.taskId })
    expect(assigned).toMatchObject({ department: 'planning', lead: 'development-reform', projectId: PROJECT })
    expect(alert).toMatchObject({ id: 8, event: 'alert', kind: 'task.clock-warned', taskId: t.taskId })
    expect(changeData(assigned)).toEqual({ projectId: PROJECT, taskId: t.taskId, kind: 'task.assigned' })
  })

  it("names a joint acceptance case's lead department, which is told of it; another lead is not", () => {
    const started = { case: acceptanceCase(PROJECT, { lead: 'housing-construction' }) }
    const change = changeOf(projectorOf(AcceptanceStartedV1.subject).project(started, crypto.randomUUID()), 9)
    expect(change).toMatchObject({ event: 'acceptance', lead: 'housing-construction' })
    expect(visibleChange(actor({ role: 'lead', department: 'housing-construction' }), change)).toBe(true)
    expect(visibleChange(actor({ role: 'lead', department: 'natural-resources' }), change)).toBe(false)
  })

  it('names every department with a part in the case, whose reviewers and leads are told of it; no other', () => {
    const started = { case: acceptanceCase(PROJECT, { lead: 'housing-construction' }) }
    const change = changeOf(projectorOf(AcceptanceStartedV1.subject).project(started, crypto.randomUUID()), 9)
    expect(change.parties).toEqual(['housing-construction', 'fire'])
    for (const role of ['reviewer', 'lead'] as const) {
      expect(visibleChange(actor({ role, department: 'fire' }), change)).toBe(true)
      expect(visibleChange(actor({ role, department: 'housing-construction' }), change)).toBe(true)
      expect(visibleChange(actor({ role, department: 'natural-resources' }), change)).toBe(false)
    }
  })

  it('names the departments a utility request’s permits were applied to, whose reviewers are told of it; not their leads, no other department', () => {
    const advanced = (permits: ReturnType<typeof utilityRequest>['permits']) =>
      changeOf(
        projectorOf(UtilityRequestAdvancedV1.subject).project(
          {
            request: utilityRequest(PROJECT, {
              provider: 'gas',
              stage: 'outside-line-permits',
              lowRisk: false,
              permits,
            }),
            permitsApplied: ['road-excavation'],
          },
          crypto.randomUUID(),
        ),
        10,
      )
    // 城管's two permits (one granted by one of its reviewers), 交通运输's applied, and one the provider records.
    const change = advanced([
      { kind: 'road-excavation', status: 'requested', department: 'urban-management', appliedOn: '2026-03-03' },
      {
        kind: 'green-space',
        status: 'granted',
        department: 'urban-management',
        appliedOn: '2026-03-03',
        documentNo: '汕城管许〔2026〕1号',
        decidedOn: '2026-03-04',
      },
      { kind: 'road-related', status: 'requested', department: 'transport', appliedOn: '2026-03-03' },
      { kind: 'traffic-organisation', status: 'requested', department: 'public-security' },
    ])
    expect(change).toMatchObject({ event: 'utility', provider: 'gas', parties: ['urban-management', 'transport'] })
    expect(visibleChange(actor({ role: 'reviewer', department: 'urban-management' }), change)).toBe(true)
    expect(visibleChange(actor({ role: 'reviewer', department: 'transport' }), change)).toBe(true)
    // 公安's permit was never applied for on the platform: the request is not in its list, nor is it told.
    expect(visibleChange(actor({ role: 'reviewer', department: 'public-security' }), change)).toBe(false)
    expect(visibleChange(actor({ role: 'lead', department: 'urban-management' }), change)).toBe(false)
    expect(visibleChange(actor({ role: 'utility', provider: 'gas' }), change)).toBe(true)
    // A request with no permit applied on the platform names no department.
    const recorded = advanced([{ kind: 'road-excavation', status: 'requested' }])
    expect(recorded).not.toHaveProperty('parties')
    expect(visibleChange(actor({ role: 'reviewer', department: 'urban-management' }), recorded)).toBe(false)
  })

  it('names the departments a low-risk line’s works plan was pushed to (告知承诺免审批), whose reviewers are told of its restoration; not their leads, no other department', () => {
    const request = utilityRequest(PROJECT, {
      provider: 'water',
      stage: 'awaiting-acceptance',
      lowRisk: true,
      permits: [{ kind: 'road-excavation', status: 'filed', filedOn: '2026-03-03' }],
      worksPlanPush: {
        commitment: '按不低于原貌标准恢复道路和绿化',
        plans: [{ kind: 'works-plan', reference: 'SW-施工-001', description: '沿人民路东侧人行道开挖埋管120米' }],
        departments: [
          { code: 'transport', name: '汕尾市交通运输局' },
          { code: 'water', name: '汕尾市水务局' },
        ],
        pushedOn: '2026-03-03',
        pushedAt: '2026-03-03T02:00:00Z',
        source: 'seeds/004_33317a5f04b53a73.txt:1852',
      },
      restoration: { status: 'declared', declaredAt: '2026-03-09T02:00:00Z', reviews: [] },
    })
    const change = changeOf(
      projectorOf(UtilityRestorationDeclaredV1.subject).project({ request }, crypto.randomUUID()),
      11,
    )
    expect(change).toMatchObject({ event: 'utility', provider: 'water', parties: ['transport', 'water'] })
    expect(visibleChange(actor({ role: 'reviewer', department: 'transport' }), change)).toBe(true)
    expect(visibleChange(actor({ role: 'reviewer', department: 'water' }), change)).toBe(true)
    expect(visibleChange(actor({ role: 'lead', department: 'transport' }), change)).toBe(false)
    expect(visibleChange(actor({ role: 'reviewer', department: 'urban-management' }), change)).toBe(false)
    // Pushed to, and a permit applied to, the same department: named once.
    expect(
      utilityParties({
        permits: [{ kind: 'road-excavation', status: 'requested', department: 'transport', appliedOn: '2026-03-03' }],
        ...(request.worksPlanPush ? { worksPlanPush: request.worksPlanPush } : {}),
      }),
    ).toEqual(['transport', 'water'])
  })

  it('tells of a published calendar moving a request’s permits clock as a utility change, naming the request whose row names its provider and departments', () => {
    const requestId = crypto.randomUUID()
    const change = changeOf(
      projectorOf(UtilityDueMovedV1.subject).project(
        {
          projectId: PROJECT,
          subject: `utility-request:${requestId}`,
          clock: 'permits',
          from: '2026-03-19',
          to: '2026-03-23',
          provisionalBefore: true,
          provisionalAfter: false,
          calendar: { key: 'year-2026', version: 2, notice: '' },
          changes: '2026-03-19 working day → holiday',
          movedAt: '2026-03-14T02:00:00.000Z',
        },
        crypto.randomUUID(),
      ),
      12,
    )
    // The event names neither: db/changes.ts reads them from the request's row (live-stream.int).
    expect(change).toMatchObject({ event: 'utility', kind: 'utility.due-moved', utilityRequestId: requestId })
    expect(change).not.toHaveProperty('provider')
    expect(change).not.toHaveProperty('parties')
    // Told as the row names it: the request's department's reviewer and its provider, not the department's lead.
    const stored = { ...change, provider: 'gas', parties: ['urban-management'] }
    expect(visibleChange(actor({ role: 'reviewer', department: 'urban-management' }), stored)).toBe(true)
    expect(visibleChange(actor({ role: 'utility', provider: 'gas' }), stored)).toBe(true)
    expect(visibleChange(actor({ role: 'lead', department: 'urban-management' }), stored)).toBe(false)
  })
})

describe('visibleChange', () => {
  it('tells a reviewer its own department and the project-wide entries, never another department', () => {
    expect(visibleChange(actor({ role: 'reviewer', department: 'planning' }), assigned)).toBe(true)
    expect(visibleChange(actor({ role: 'reviewer', department: 'planning' }), alert)).toBe(true)
    expect(visibleChange(actor({ role: 'reviewer', department: 'fire' }), assigned)).toBe(false)
    expect(visibleChange(actor({ role: 'reviewer', department: 'fire' }), wide)).toBe(true)
    expect(visibleChange(actor({ role: 'reviewer', department: 'fire' }), { ...wide, kind: 'utility.connected' })).toBe(
      false,
    )
  })

  it("tells an owner its own projects' changes only", () => {
    expect(visibleChange(actor({ role: 'owner', creditCode: '91441500MA51XY201H' }), owner)).toBe(true)
    expect(visibleChange(actor({ role: 'owner', creditCode: '91440600MA4UJ2K7X6' }), owner)).toBe(false)
    expect(visibleChange(actor({ role: 'owner', creditCode: '91441500MA51XY201H' }), assigned)).toBe(false)
  })

  it('tells a supervisor, a clerk and an admin everything; a lead its steps; a utility its requests', () => {
    for (const role of ['supervisor', 'clerk', 'admin'] as const)
      expect(visibleChange(actor({ role }), alert)).toBe(true)
    expect(visibleChange(actor({ role: 'lead', department: 'development-reform' }), alert)).toBe(true)
    expect(visibleChange(actor({ role: 'lead', department: 'planning' }), alert)).toBe(false)
    const request = { kind: 'utility.request-opened', event: 'utility' as const, provider: 'water' }
    expect(visibleChange(actor({ role: 'utility', provider: 'water' }), request)).toBe(true)
    expect(visibleChange(actor({ role: 'utility', provider: 'power' }), request)).toBe(false)
    expect(visibleChange(actor({ role: 'registrar' }), alert)).toBe(false)
  })

  it('tells a registrar of a 证照异议 on a project it has a registration case on, of no other objection', () => {
    const raised = { kind: 'objection.raised', event: 'timeline' as const }
    const registrar = actor({ role: 'registrar' })
    expect(visibleChange(registrar, { ...raised, onRegistrationCase: true })).toBe(true)
    expect(visibleChange(registrar, { kind: 'objection.answered', event: 'timeline', onRegistrationCase: true })).toBe(
      true,
    )
    expect(visibleChange(registrar, raised)).toBe(false)
    // The case is what tells it of an objection, of nothing else on the project's timeline.
    expect(visibleChange(registrar, { kind: 'booking.booked', event: 'timeline', onRegistrationCase: true })).toBe(
      false,
    )
  })
})

describe('a ticket’s change', () => {
  const registered = ticketProjectors.find((p) => p.event.subject === TicketRegisteredV1.subject)
  const { ownerCreditCode: _online, ...atWindow } = ticketRegistered({ channel: 'window', windowClerk: 'clerk-a' })
  const projection = registered?.project({ ticket: atWindow }, crypto.randomUUID())
  if (!projection) throw new Error('no projector of ticket.registered')
  const change = ticketChangeOf(projection, 9, { coHandlers: [], windowClerk: 'clerk-a' })

  it('names the window clerk of its scope, and tells her — not another clerk, nor a clerk of a ticket with none', () => {
    expect(change).toMatchObject({ ticketId: atWindow.ticketId, event: 'ticket', windowClerk: 'clerk-a' })
    expect(changeData(change)).toEqual({ ticketId: atWindow.ticketId, kind: 'ticket.registered' })
    expect(visibleChange(actor({ role: 'clerk', sub: 'clerk-a' }), change)).toBe(true)
    expect(visibleChange(actor({ role: 'clerk', sub: 'clerk-b' }), change)).toBe(false)
    const { windowClerk: _none, ...unnamed } = change
    expect(visibleChange(actor({ role: 'clerk', sub: 'clerk-a' }), unnamed)).toBe(false)
    // Her subject is what tells her, not her role's: a reviewer of the same name reads the ticket by its units only.
    expect(visibleChange(actor({ role: 'reviewer', sub: 'clerk-a', department: 'fire' }), change)).toBe(false)
    expect(visibleChange(actor({ role: 'agent' }), change)).toBe(true)
  })
})

describe('a ticket’s change and its page: one rule (`ticket.read`)', () => {
  const registered = ticketProjectors.find((p) => p.event.subject === TicketRegisteredV1.subject)
  const { ownerCreditCode: _online, ...atWindow } = ticketRegistered({ channel: 'window', windowClerk: 'clerk-a' })
  // 汕尾's (441500); the window ticket names no region, so no regional unit reads it.
  const online = ticketRegistered({ region: '441500' })
  const ofTicket = (ticket: typeof online, id: number, scope: Parameters<typeof ticketChangeOf>[2]) => {
    const projection = registered?.project({ ticket }, crypto.randomUUID())
    if (!projection) throw new Error('no projector of ticket.registered')
    return ticketChangeOf(projection, id, scope)
  }
  const tickets: Array<{ ticket: typeof online; change: ReturnType<typeof ofTicket> }> = [
    {
      ticket: atWindow,
      change: ofTicket(atWindow, 12, { department: 'housing', coHandlers: [], windowClerk: 'clerk-a' }),
    },
    {
      ticket: online,
      change: ofTicket(online, 13, {
        department: 'housing',
        coHandlers: ['fire'],
        ...(online.ownerCreditCode ? { ownerCreditCode: online.ownerCreditCode } : {}),
        region: '441500',
      }),
    },
  ]
  it('tells each change exactly to whom the ticket’s page answers, every role, its own ticket or another’s', () => {
    const claims = [
      { sub: 'clerk-a' },
      { sub: 'clerk-b' },
      { department: 'housing' },
      { department: 'fire' },
      { department: 'water' },
      // Regional units (docs/security.md "Regional authority"): 佛山's, 汕尾's, 广东's, and 汕尾's of another department.
      { department: 'housing', region: '440600' },
      { department: 'housing', region: '441500' },
      { department: 'fire', region: '440000' },
      { department: 'water', region: '441500' },
      { creditCode: online.ownerCreditCode ?? '' },
      { creditCode: '91440600MA4UJ2K7X6' },
      { provider: 'water' },
    ]
    let told = 0
    for (const role of Role.anyOf.map((r) => r.const))
      for (const claim of claims)
        for (const { ticket, change } of tickets) {
          const reader = actor({ role, ...claim })
          const row = {
            departments: [...(change.department ? [change.department] : []), ...(change.coHandlers ?? [])],
            ...(ticket.ownerCreditCode ? { ownerCreditCode: ticket.ownerCreditCode } : {}),
            ...(ticket.windowClerk ? { windowClerk: ticket.windowClerk } : {}),
            region: ticket.region ?? null,
          }
          const page = authorise(reader, { action: 'ticket.read', row }).allow
          expect(visibleChange(reader, change), `${role} ${JSON.stringify(claim)} ${ticket.channel}`).toBe(page)
          if (page) told += 1
        }
    // A role `ticket.read` does not name is told of no ticket: the utility, the registrar, the review body…
    for (const role of ['utility', 'registrar', 'review_body', 'surveyor', 'helper', 'intermediary'] as const)
      for (const { change } of tickets) expect(visibleChange(actor({ role, provider: 'water' }), change)).toBe(false)
    expect(told).toBeGreaterThan(0)
    // The region is weighed: 佛山's housing unit is told of 汕尾's ticket no more than its page answers it; 汕尾's and
    // 广东's units are; no regional unit of a ticket that names no region.
    const [window, shanwei] = tickets.map((t) => t.change) as [ReturnType<typeof ofTicket>, ReturnType<typeof ofTicket>]
    expect(visibleChange(actor({ role: 'reviewer', department: 'housing', region: '440600' }), shanwei)).toBe(false)
    expect(visibleChange(actor({ role: 'lead', department: 'housing', region: '441500' }), shanwei)).toBe(true)
    expect(visibleChange(actor({ role: 'reviewer', department: 'fire', region: '440000' }), shanwei)).toBe(true)
    expect(visibleChange(actor({ role: 'reviewer', department: 'housing', region: '440000' }), window)).toBe(false)
    expect(visibleChange(actor({ role: 'reviewer', department: 'housing' }), window)).toBe(true)
  })
})

describe('a referral’s change (线索移交, 002:340)', () => {
  it('is told to the centre and the supervisor only: not the unit, the co-handlers, the owner that filed it', () => {
    const referred = ticketProjectors.find((p) => p.event.subject === TicketReferredV1.subject)
    const ticket = { ...ticketRegistered(), department: 'housing', coHandlers: ['fire'] }
    const projection = referred?.project({ ticket }, crypto.randomUUID())
    if (!projection || !ticket.ownerCreditCode) throw new Error('no projector of ticket.referred')
    const scope = { department: 'housing', coHandlers: ['fire'], ownerCreditCode: ticket.ownerCreditCode }
    const change = ticketChangeOf(projection, 10, scope)
    expect(change).toMatchObject({ kind: 'ticket.referred', coHandlers: [] })
    for (const role of ['reviewer', 'lead'] as const)
      for (const department of ['housing', 'fire'])
        expect(visibleChange(actor({ role, department }), change), `${role} ${department}`).toBe(false)
    expect(visibleChange(actor({ role: 'owner', creditCode: ticket.ownerCreditCode }), change)).toBe(false)
    for (const role of ['agent', 'supervisor'] as const) expect(visibleChange(actor({ role }), change)).toBe(true)
    // The same ticket's other changes still reach its unit and its owner.
    const registered = ticketProjectors.find((p) => p.event.subject === TicketRegisteredV1.subject)
    const before = registered?.project({ ticket }, crypto.randomUUID())
    if (!before) throw new Error('no projector of ticket.registered')
    const told = ticketChangeOf(before, 11, scope)
    expect(visibleChange(actor({ role: 'reviewer', department: 'housing' }), told)).toBe(true)
    expect(visibleChange(actor({ role: 'owner', creditCode: ticket.ownerCreditCode }), told)).toBe(true)
  })
})

describe('changeOfEvent', () => {
  const eventId = crypto.randomUUID()
  const [planning, water] = ['planning', 'water'].map((department) =>
    task(PROJECT, APP, { department, lead: 'development-reform' }),
  ) as [ReturnType<typeof task>, ReturnType<typeof task>]
  const step = (tasks: ReturnType<typeof task>[]) =>
    projectionsOf(StepTasksAssignedV1.subject, { applicationId: APP, projectId: PROJECT, tasks }, eventId) ?? []

  it("tells a step's assignments once, at the event's sequence and id, to the departments with a task in it", () => {
    const c = changeOfEvent(step([planning, water]), 9, eventId)
    expect(c).toEqual({
      id: 9,
      eventId,
      projectId: PROJECT,
      kind: 'task.assigned',
      event: 'task',
      lead: 'development-reform',
      parties: ['planning', 'water'],
    })
    expect(visibleChange(actor({ role: 'reviewer', department: 'water' }), c)).toBe(true)
    expect(visibleChange(actor({ role: 'reviewer', department: 'fire' }), c)).toBe(false)
    expect(visibleChange(actor({ role: 'lead', department: 'development-reform' }), c)).toBe(true)
  })

  it("a step of one task is that task's change, under the event's id", () => {
    expect(changeOfEvent(step([planning]), 10, eventId)).toEqual({
      ...changeOf(projectorOf(TaskAssignedV1.subject).project({ task: planning }, eventId), 10),
      eventId,
    })
    expect(changeOfEvent(step([planning]), 10, eventId)).toMatchObject({ eventId, taskId: planning.taskId })
  })
})
