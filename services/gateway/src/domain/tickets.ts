import { type Actor, type EventDefinition, hotlineEvents, type TicketEventBody } from '@onewindow/contracts'
import type { TimelineRow } from './projectors.js'

// 12345 热线工单 — the hotline's tickets as the read model keeps them (docs/hotline.md, "Read model"). Every hotline
// event carries the ticket whole with a version, so projecting one is taking its snapshot; what this file decides is
// which due day a list orders by, what the ticket's history says, and which tickets reach a project's timeline.

export type TicketSnapshot = TicketEventBody['ticket']

/** One line of a ticket's history. */
export type TicketEntryRow = {
  eventId: string
  ticketId: string
  occurredAt: string
  /** The subject without `permit.hotline.` and `.v1`, e.g. `ticket.dispatched`. */
  type: string
  status: TicketSnapshot['status']
  summary: string
  actor?: string
  department?: string
}

/** The columns the lists filter and order by, besides the snapshot itself. */
export type TicketRow = {
  ticket: TicketSnapshot
  /** The due day of the act the ticket waits for; undefined when nothing is due of the unit or the centre. */
  dueOn?: string
  handlingDueOn?: string
}

export type TicketProjection = { row: TicketRow; entry: TicketEntryRow; timeline?: TimelineRow }

export type TicketProjector = {
  event: EventDefinition
  type: string
  project(body: unknown, eventId: string): TicketProjection
}

/**
 * What the ticket waits for, by its state: the centre's dispatch (1 WD), the unit's check (2 WD), its handling (2 or
 * 10 WD, extended or restarted), the hard ticket's opinion, the duty-performed statement (5 WD). Nothing while the
 * centre reviews, the requester rates or the centre visits back, and nothing once closed: the unit has nothing due.
 */
export function dueOf(t: TicketSnapshot): string | undefined {
  switch (t.status) {
    case 'registered':
      // Waiting for the requester's supplement, nothing is due of the centre; the window's end is what comes next.
      return t.supplement && t.supplement.suppliedOn === undefined ? t.supplement.windowEnds : t.dispatch.due
    case 'dispatched':
      return t.check?.doneOn === undefined ? (t.check?.due ?? t.handling?.due) : t.handling?.due
    case 'handling':
    case 'return-requested':
    case 'rehandling':
      return t.handling?.due
    case 'hard':
      return t.hard?.opinion.due
    case 'duty-statement':
      return t.dutyStatement?.deadline.due
    default:
      return undefined
  }
}

/**
 * The channel a role registers on, the one each has (the hotline decides it the same way): the centre's agent takes
 * calls, an owner files online, a service centre's clerk registers at the 办不成事 window (the window for things that
 * could not get done, seeds/000_5ff03a50698aa736.txt:344). Undefined: the role registers no ticket.
 */
export function registeringChannel(role: Actor['role']): TicketSnapshot['channel'] | undefined {
  if (role === 'agent') return 'phone'
  if (role === 'owner') return 'online'
  if (role === 'clerk') return 'window'
  return undefined
}

/**
 * The region a ticket is registered about (docs/hotline.md "A ticket's region"): the one it names, else the region of
 * the project it names — `projectRegion`, that project's as the read model knows it — whoever registers it: an owner
 * online, the centre's agent for a caller, a clerk at the 办不成事 window. A ticket naming neither, or a project of no
 * known region, is about none: no regional unit reads it. The gateway checks a named region (`checkRegionKnown`); a
 * project's is the project's own.
 */
export const ticketRegion = (
  named: { region?: string | undefined; projectId?: string | undefined },
  projectRegion: string | undefined,
): string | undefined => named.region ?? (named.projectId === undefined ? undefined : projectRegion)

/** Whether the ticket is still open (not closed). */
export const isOpen = (t: Pick<TicketSnapshot, 'status'>) => t.status !== 'closed'

const typeNames: Record<TicketSnapshot['type'], string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '意见建议',
  praise: '表扬',
}

const unitOf = (t: TicketSnapshot) =>
  `${t.department ?? '?'}${t.coHandlers.length > 0 ? ` (with ${t.coHandlers.join(', ')})` : ''}`

const lastOf = <T>(xs: readonly T[]): T | undefined => xs[xs.length - 1]

const verbs: Record<string, (t: TicketSnapshot) => string> = {
  'ticket.registered': (t) => `registered (${t.channel}); dispatch due ${t.dispatch.due}`,
  'ticket.dispatched': (t) =>
    `dispatched to ${unitOf(t)}; check due ${t.check?.due ?? '?'}, handling due ${t.handling?.due ?? '?'}`,
  'ticket.accepted': (t) => `${t.department ?? '?'} took it as its own; handling due ${t.handling?.due ?? '?'}`,
  'ticket.returned': (t) => {
    const r = lastOf(t.returns)
    return `退回 requested by ${r?.department ?? t.department ?? '?'} (${r?.kind ?? '?'} dispute)`
  },
  'ticket.return-decided': (t) => {
    const r = lastOf(t.returns)
    return r?.decision === 'approved'
      ? `退回 approved; to be dispatched again (the clock restarts)`
      : `退回 rejected; back to ${t.department ?? '?'}, handling due ${t.handling?.due ?? '?'} (the clock runs on)`
  },
  'ticket.hard': (t) => `疑难工单 (${t.hard?.kind ?? '?'} dispute); opinion due ${t.hard?.opinion.due ?? '?'}`,
  'ticket.extended': (t) => {
    const x = lastOf(t.extensions)
    return `延期 ${t.extensions.length} of 2: +${x?.days ?? '?'} WD, due ${x?.dueBefore ?? '?'} → ${x?.dueAfter ?? '?'}`
  },
  'ticket.restarted': (t) => {
    const r = lastOf(t.restarts)
    return `new information on ${r?.on ?? '?'}: handling clock restarted, due ${r?.dueBefore ?? '?'} → ${r?.dueAfter ?? '?'}`
  },
  'ticket.information-added': () => 'the requester added information (the clock runs on)',
  'ticket.supplement-requested': (t) =>
    `supplement asked of the requester; due ${t.supplement?.windowEnds ?? '?'} (3 natural days)`,
  'ticket.contributed': (t) => {
    const c = lastOf(t.contributions ?? [])
    return `协办 part submitted by ${c?.department ?? '?'} to the lead ${t.department ?? '?'}${c?.late ? ' (after the due date)' : ''}`
  },
  'ticket.replied': (t) =>
    `handling report and reply by ${t.department ?? '?'}${t.report?.late ? ' (逾期办理: after the due date)' : ''}`,
  'ticket.reviewed': (t) =>
    t.status === 'rating' ? 'report passed review; rating asked' : 'report sent back to the unit',
  'ticket.rated': (t) => {
    const r = lastOf(t.ratings)
    return r?.lapsed ? 'not rated in 5 days (未评价)' : `rated ${r?.value ?? '?'} (round ${r?.round ?? '?'})`
  },
  'ticket.reception-rated': (t) => `the centre's reception rated ${t.reception?.value ?? '?'}`,
  'ticket.return-visited': () => '回访 recorded',
  'ticket.rehandling-opened': (t) => `再次办理 by ${t.department ?? '?'}; due ${t.handling?.due ?? '?'}`,
  'ticket.duty-statement': () => '履职尽责意见 filed',
  'ticket.supervised': (t) => {
    const s = lastOf(t.supervisions)
    return s?.response
      ? `督办 (${s.kind}) answered`
      : `督办 (${s?.kind ?? '?'})${s?.deadline ? `; response due ${s.deadline.due}` : ''}`
  },
  'ticket.rectification-letter-issued': (t) => {
    const l = lastOf(t.rectificationLetters ?? [])
    return `整改函 sent to ${l?.department ?? '?'} (${l?.ground ?? '?'})`
  },
  'ticket.rectification-letter-answered': (t) => {
    const l = (t.rectificationLetters ?? [])
      .filter((x) => x.reply)
      .sort((a, b) => (a.reply?.repliedAt ?? '').localeCompare(b.reply?.repliedAt ?? ''))
      .at(-1)
    return `整改函 answered by ${l?.department ?? '?'} (整改情况)`
  },
  'ticket.referred': (t) => `case handed on to ${lastOf(t.referrals ?? [])?.to ?? '?'} (线索移交)`,
  'ticket.long-term': (t) => {
    const f = t.longTerm?.final
    if (f?.reportedOn) return `long-term item: final report filed${f.late ? ' (after its 3 working days)' : ''}`
    if (f) return `long-term item: procedure ended ${f.procedureEndedOn}; final report due ${f.deadline.due}`
    return `long-term item; plan due ${t.longTerm?.plan.due ?? '?'}`
  },
  'ticket.withdrawn': () => 'withdrawn by the requester',
  'ticket.closed': (t) => `closed (${t.closure ?? '?'})`,
  'ticket.warned': () => 'a clock turned yellow (预警)',
  'ticket.overdue': () => 'a clock passed its due date (超时)',
  'ticket.due-moved': (t) => `a published calendar moved its due dates; now due ${dueOf(t) ?? '—'}`,
}

/** The history line of an event: its verb, without the requester's content or personal data. */
export const ticketSummary = (type: string, t: TicketSnapshot) =>
  `12345 ${typeNames[t.type]}: ${(verbs[type] ?? (() => type))(t)}`

/**
 * Whether a linked ticket appears on its project's timeline, which the project's owner reads whole. A 举报 does not:
 * whoever reported a breach of the law is protected, and the owner may be the one reported on.
 */
const onTimeline = (t: TicketSnapshot): t is TicketSnapshot & { projectId: string } =>
  t.projectId !== undefined && t.type !== 'report'

/**
 * The history lines only the centre and the supervisor read (and the admin, who reads every ticket): 线索移交 (002:340)
 * — a clue handed to the discipline organs is about the unit's people, so neither the unit nor the requester learns of
 * it, not from the ticket, its history, the project's timeline or the live stream.
 */
export const centreOnly = (type: string): boolean => type === 'ticket.referred'

function ticketProjector(event: EventDefinition): TicketProjector {
  const type = event.subject.split('.').slice(2, -1).join('.')
  return {
    event,
    type,
    project(body, eventId) {
      const e = body as TicketEventBody
      const t = e.ticket
      const summary = ticketSummary(type, t)
      const dueOn = dueOf(t)
      const base = {
        eventId,
        occurredAt: t.updatedAt,
        ...(e.actor === undefined ? {} : { actor: e.actor }),
        ...(t.department === undefined ? {} : { department: t.department }),
      }
      return {
        row: {
          ticket: t,
          ...(dueOn === undefined ? {} : { dueOn }),
          ...(t.handling === undefined ? {} : { handlingDueOn: t.handling.due }),
        },
        entry: { ...base, ticketId: t.ticketId, type, status: t.status, summary },
        ...(onTimeline(t) && !centreOnly(type)
          ? { timeline: { ...base, projectId: t.projectId, type, subject: event.subject, summary } }
          : {}),
      }
    },
  }
}

/** One projector per hotline event. */
export const ticketProjectors: readonly TicketProjector[] = hotlineEvents.map((e) => ticketProjector(e))
