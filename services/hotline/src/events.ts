import {
  type EventDefinition,
  TicketAcceptedV1,
  TicketClosedV1,
  TicketContributedV1,
  TicketDispatchedV1,
  TicketDueMovedV1,
  TicketDutyStatementV1,
  TicketExtendedV1,
  TicketHardV1,
  TicketInformationAddedV1,
  TicketLongTermV1,
  TicketOverdueV1,
  TicketRatedV1,
  TicketReceptionRatedV1,
  TicketRectificationLetterAnsweredV1,
  TicketRectificationLetterIssuedV1,
  TicketReferredV1,
  TicketRegisteredV1,
  TicketRehandlingOpenedV1,
  TicketRepliedV1,
  TicketRestartedV1,
  TicketReturnDecidedV1,
  TicketReturnedV1,
  TicketReturnVisitedV1,
  TicketReviewedV1,
  TicketSupervisedV1,
  TicketSupplementRequestedV1,
  TicketWarnedV1,
  TicketWithdrawnV1,
} from '@onewindow/contracts'
import type { PendingEvent } from '@onewindow/messaging'
import type { Alert } from './domain/clocks.js'
import type { Ticket, TicketEventKind } from './domain/ticket.js'

const byKind: Record<TicketEventKind, EventDefinition> = {
  registered: TicketRegisteredV1,
  dispatched: TicketDispatchedV1,
  accepted: TicketAcceptedV1,
  returned: TicketReturnedV1,
  'return-decided': TicketReturnDecidedV1,
  hard: TicketHardV1,
  extended: TicketExtendedV1,
  restarted: TicketRestartedV1,
  'information-added': TicketInformationAddedV1,
  contributed: TicketContributedV1,
  'supplement-requested': TicketSupplementRequestedV1,
  replied: TicketRepliedV1,
  reviewed: TicketReviewedV1,
  rated: TicketRatedV1,
  'reception-rated': TicketReceptionRatedV1,
  'return-visited': TicketReturnVisitedV1,
  'rehandling-opened': TicketRehandlingOpenedV1,
  'duty-statement': TicketDutyStatementV1,
  supervised: TicketSupervisedV1,
  'rectification-letter-issued': TicketRectificationLetterIssuedV1,
  'rectification-letter-answered': TicketRectificationLetterAnsweredV1,
  referred: TicketReferredV1,
  'long-term': TicketLongTermV1,
  withdrawn: TicketWithdrawnV1,
  closed: TicketClosedV1,
}

/** The outbox row of a decision: the ticket whole as it stands after it. */
export const ticketRow = (kind: TicketEventKind, ticket: Ticket, actor?: string, note?: string): PendingEvent => ({
  event: byKind[kind],
  aggregateId: ticket.ticketId,
  body: { ticket, ...(actor ? { actor } : {}), ...(note ? { note: note.slice(0, 2000) } : {}) },
})

/** An alert of the timer: raised by the service itself, so no actor. */
export const alertRow = (a: Alert): PendingEvent => ({
  event: a.kind === 'warned' ? TicketWarnedV1 : TicketOverdueV1,
  aggregateId: a.ticket.ticketId,
  body: { ticket: a.ticket, clock: a.clock },
})

/** A due date a newly published calendar moved. */
export const dueMovedRow = (ticket: Ticket, notice: string): PendingEvent => ({
  event: TicketDueMovedV1,
  aggregateId: ticket.ticketId,
  body: { ticket, note: notice.slice(0, 2000) },
})
