import {
  handlingRound,
  runningDeadlines,
  TicketDispatchedV1,
  TicketDueMovedV1,
  type TicketEventBody,
  TicketExtendedV1,
  TicketOverdueV1,
  TicketRepliedV1,
  TicketReturnDecidedV1,
  TicketReviewedV1,
  TicketWarnedV1,
} from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { legalDateOf } from '@onewindow/workdays'
import { recordOccurrence } from '../commands.js'
import { notificationRepository, type Tx } from '../db/notifications.js'

import { chineseDate, type TemplateFacts } from '../domain/templates.js'
import { departmentOf, projectFacts } from './occurrence.js'

// 12345 热线工单 (docs/hotline.md) as messages: a ticket dispatched to a department, a ticket's clock near or over its
// limit, the unit's reply, an extension and the request to rate to an owner who filed online. A ticket may name no project; a phone caller is no party here
// (the centre tells it by phone).

type Ticket = TicketEventBody['ticket']
type Handled = { event: TicketEventBody; eventId: string; tx: Tx; now: Date }

const TYPE_NAMES: Record<Ticket['type'], string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '意见建议',
  praise: '表扬',
}

const CLOCK_NAMES: Record<NonNullable<TicketEventBody['clock']>, string> = {
  dispatch: '派单时限',
  check: '签收时限',
  coordination: '协办通知时限',
  handling: '办理时限',
  'hard-opinion': '疑难工单协调意见时限',
  'duty-statement': '履职尽责意见时限',
  'long-term-plan': '解决方案时限',
  'long-term-update': '进展通报时限',
  'long-term-final': '最终情况报送时限',
  supervision: '督办反馈时限',
  rating: '评价时限',
}

/** What every ticket message says of the ticket: its title and type, and its project when the notifier knows it. */
async function ticketFacts(tx: Tx, t: Ticket): Promise<TemplateFacts> {
  const repo = notificationRepository(tx)
  // A 举报 never names the project to anyone: whoever was reported on may read the project's messages.
  const project = t.projectId && t.type !== 'report' ? await repo.project(t.projectId) : undefined
  const departmentName = t.department ? await repo.departmentName(t.department) : undefined
  return {
    ...(project ? projectFacts(project) : {}),
    ticketTitle: t.title,
    ticketType: TYPE_NAMES[t.type],
    ...(departmentName ? { departmentName } : {}),
  }
}

/**
 * The project a message is listed under (never for a 举报: see above), and the ticket's region: a regional caller
 * lists a ticket's message naming no project only when the ticket is within its region, as it reads the ticket.
 */
const listedUnder = (t: Ticket) => ({
  ...(t.projectId && t.type !== 'report' ? { projectId: t.projectId } : {}),
  ticket: t.region ? { region: t.region } : {},
})

/**
 * 派单 — the lead unit is told to sign for it (2 WD) and the handling due day; each co-handler that its part is owed to
 * the lead within the same limit (004:1541, 004:1556). A re-dispatch after an approved return is a dispatch too.
 */
async function tellDispatched({ event, eventId, tx, now }: Handled) {
  const t = event.ticket
  if (t.status !== 'dispatched' || !t.department) return
  const facts = {
    ...(await ticketFacts(tx, t)),
    on: legalDateOf(t.updatedAt),
    ...(t.handling ? { dueOn: t.handling.due } : {}),
  }
  await recordOccurrence(
    tx,
    { eventId, kind: 'ticket-dispatched', ...listedUnder(t), facts, recipients: [departmentOf(t.department)] },
    now,
  )
  if (t.coHandlers.length > 0)
    await recordOccurrence(
      tx,
      // The same event tells the co-handlers apart: its id is one party's row per (event, party, channel).
      {
        eventId,
        kind: 'ticket-dispatched',
        ...listedUnder(t),
        facts: { ...facts, coHandling: true },
        recipients: t.coHandlers.map(departmentOf),
      },
      now,
    )
}

export const onTicketDispatched = defineConsumer<typeof TicketDispatchedV1, Tx>({
  durable: 'notification-ticket-dispatched',
  event: TicketDispatchedV1,
  handle: tellDispatched,
})
export const onTicketReturnDecided = defineConsumer<typeof TicketReturnDecidedV1, Tx>({
  durable: 'notification-ticket-return-decided',
  event: TicketReturnDecidedV1,
  handle: tellDispatched,
})

/** The due day of the clock an alert names, as the ticket carries it. */
function dueOfClock(t: Ticket, clock: TicketEventBody['clock']): string | undefined {
  switch (clock) {
    case 'dispatch':
      return t.dispatch.due
    case 'check':
      return t.check?.due
    case 'coordination':
      return t.coordination?.due
    case 'handling':
      return t.handling?.due
    case 'hard-opinion':
      return t.hard?.opinion.due
    case 'duty-statement':
      return t.dutyStatement?.deadline.due
    case 'long-term-plan':
      return t.longTerm?.plan.due
    case 'long-term-update':
      return t.longTerm?.nextUpdateDue
    case 'long-term-final':
      return t.longTerm?.final?.deadline.due
    default:
      return undefined
  }
}

/**
 * 预警 and 超时 of a ticket's clock: the unit that owes the act is told (the lead; the co-handlers too for the handling
 * limit, which their parts are due within). The dispatch clock is the centre's own, which has no inbox here.
 */
const tellAlert =
  (kind: 'ticket-yellow' | 'ticket-red') =>
  async ({ event, eventId, tx, now }: Handled) => {
    const t = event.ticket
    if (!t.department || event.clock === 'dispatch') return
    const dueOn = dueOfClock(t, event.clock)
    const recipients = [t.department, ...(event.clock === 'handling' ? t.coHandlers : [])].map(departmentOf)
    await recordOccurrence(
      tx,
      {
        eventId,
        kind,
        ...listedUnder(t),
        facts: {
          ...(await ticketFacts(tx, t)),
          ...(event.clock ? { clockName: CLOCK_NAMES[event.clock] } : {}),
          ...(dueOn ? { dueOn } : {}),
        },
        recipients,
      },
      now,
    )
  }

export const onTicketWarned = defineConsumer<typeof TicketWarnedV1, Tx>({
  durable: 'notification-ticket-warned',
  event: TicketWarnedV1,
  startsAtCreation: true,
  handle: tellAlert('ticket-yellow'),
})
export const onTicketOverdue = defineConsumer<typeof TicketOverdueV1, Tx>({
  durable: 'notification-ticket-overdue',
  event: TicketOverdueV1,
  startsAtCreation: true,
  handle: tellAlert('ticket-red'),
})

/** 答复 — the owner that filed the ticket online is told the unit replied (a phone caller is called back by the unit). */
export const onTicketReplied = defineConsumer<typeof TicketRepliedV1, Tx>({
  durable: 'notification-ticket-replied',
  event: TicketRepliedV1,
  async handle({ event, eventId, tx, now }) {
    const t = event.ticket
    if (!t.ownerCreditCode) return
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'ticket-replied',
        ...listedUnder(t),
        facts: { ...(await ticketFacts(tx, t)), on: t.report?.submittedOn ?? legalDateOf(t.updatedAt) },
        recipients: [{ kind: 'owner', id: t.ownerCreditCode }],
      },
      now,
    )
  },
})

/**
 * 满意度评价 notice (第二十七条 (二)/(三), 004:1634–1636): the review passed and the online owner is asked to rate the
 * unit's handling by the window's last day — the 5 natural days the hotline counts from this notice (`windowEnds` of
 * the round's rating). A report sent back (status not `rating`) and a withdrawn ticket (closed, not rated) tell no one.
 */
export const onTicketReviewed = defineConsumer<typeof TicketReviewedV1, Tx>({
  durable: 'notification-ticket-reviewed',
  event: TicketReviewedV1,
  async handle({ event, eventId, tx, now }) {
    const t = event.ticket
    const asked = t.ratings.at(-1)
    if (!t.ownerCreditCode || t.status !== 'rating' || !asked || asked.value !== undefined) return
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'ticket-rating-asked',
        ...listedUnder(t),
        facts: { ...(await ticketFacts(tx, t)), on: asked.notifiedOn, dueOn: asked.windowEnds },
        recipients: [{ kind: 'owner', id: t.ownerCreditCode }],
      },
      now,
    )
  },
})

/**
 * 延期 (第十九条, 004:1570): the requester is told the reason and the new handling due day. An online owner is told
 * here; a phone caller is told by the unit (it is no party of the notifier).
 */
export const onTicketExtended = defineConsumer<typeof TicketExtendedV1, Tx>({
  durable: 'notification-ticket-extended',
  event: TicketExtendedV1,
  async handle({ event, eventId, tx, now }) {
    const t = event.ticket
    const x = t.extensions.at(-1)
    if (!t.ownerCreditCode || !x) return
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'ticket-extended',
        ...listedUnder(t),
        facts: { ...(await ticketFacts(tx, t)), on: x.requestedOn, dueOn: x.dueAfter, reason: x.reason },
        recipients: [{ kind: 'owner', id: t.ownerCreditCode }],
      },
      now,
    )
  },
})

/**
 * The unit's own running clocks, in words with their due days, as the hotline counts them (`runningDeadlines`, the one
 * definition its timer and calendar recount use): what a published calendar counted again. The dispatch clock is the
 * centre's and the hard-ticket opinion the coordinating office's; the rating window counts natural days (no calendar
 * moves it, and it is no running deadline). Each 督办 supervision's response limit is listed under its own name.
 */
function departmentDues(t: Ticket): string[] {
  return runningDeadlines(t)
    .filter(({ name }) => name !== 'dispatch' && name !== 'hard-opinion')
    .map(({ name, deadline }) => `${CLOCK_NAMES[name]}至${chineseDate(deadline.due)}`)
}

/** The co-handlers whose part of the current handling round is still owed, while the handling clock runs (004:1556). */
function coHandlersOwing(t: Ticket): { handlingDue?: string; departments: string[] } {
  const handling = runningDeadlines(t).find(({ name }) => name === 'handling')
  if (!handling) return { departments: [] }
  const round = handlingRound(t)
  const given = new Set((t.contributions ?? []).filter((c) => c.round === round).map((c) => c.department))
  return { handlingDue: handling.deadline.due, departments: t.coHandlers.filter((d) => !given.has(d)) }
}

/**
 * 节假日安排公布 — a published calendar moved the ticket's due dates (`ticket.due-moved`, raised only when one moved):
 * the lead unit is told the days its own running clocks end on after the recount (each listed, whether or not it was
 * the one that moved), and each co-handler whose part is still owed the handling day it is due within — as the
 * dispatch told each of them that day — so a new day is never learnt only from an alert.
 */
export const onTicketDueMoved = defineConsumer<typeof TicketDueMovedV1, Tx>({
  durable: 'notification-ticket-due-moved',
  event: TicketDueMovedV1,
  async handle({ event, eventId, tx, now }) {
    const t = event.ticket
    if (!t.department) return
    const dues = departmentDues(t)
    const co = coHandlersOwing(t)
    if (dues.length === 0 && co.departments.length === 0) return
    const facts = { ...(await ticketFacts(tx, t)), on: legalDateOf(t.updatedAt) }
    if (dues.length > 0)
      await recordOccurrence(
        tx,
        {
          eventId,
          kind: 'ticket-due-moved',
          ...listedUnder(t),
          facts: { ...facts, clockDues: dues },
          recipients: [departmentOf(t.department)],
        },
        now,
      )
    if (co.handlingDue && co.departments.length > 0)
      await recordOccurrence(
        tx,
        // One row per (event, party, channel): the same event tells the co-handlers apart from the lead.
        {
          eventId,
          kind: 'ticket-due-moved',
          ...listedUnder(t),
          facts: { ...facts, coHandling: true, dueOn: co.handlingDue },
          recipients: co.departments.map(departmentOf),
        },
        now,
      )
  },
})
