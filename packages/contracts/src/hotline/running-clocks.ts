import type { Static } from 'typebox'
import type { TicketClockName, TicketDeadline, TicketSnapshot, TicketStatus } from './events.js'

// Which of a ticket's clocks run, defined once beside the snapshot they are read from: the hotline's timer and its
// calendar recount move exactly these, and whoever tells a unit of its days (notification) lists exactly these, so a
// day is never told that was not counted, nor counted and not told.

type Ticket = Static<typeof TicketSnapshot>
type Deadline = Static<typeof TicketDeadline>

/** A running clock: its name, what it stands at, and where in the snapshot it is kept (`hard.opinion`, `supervisions.0.deadline`). */
export type RunningDeadline = { name: Static<typeof TicketClockName>; deadline: Deadline; path: string }

/** The statuses in which the unit is handling the ticket (its handling clock runs). */
export const HANDLING_STATUSES: readonly Static<typeof TicketStatus>[] = ['dispatched', 'handling', 'rehandling']

/** The handling round: the second after a re-handling (each round takes one part per co-handler and one rating). */
export const handlingRound = (ticket: Ticket): 1 | 2 => (ticket.rehandled ? 2 : 1)

/** Whether an online ticket waits for the information its requester was asked for (no clock of the centre runs). */
export const ticketSupplementPending = (ticket: Ticket): boolean =>
  ticket.status === 'registered' && ticket.supplement !== undefined && ticket.supplement.suppliedOn === undefined

/**
 * The ticket's running deadlines: each not yet done and in a status where it runs — the check while dispatched, the
 * handling and the co-handling notice while handled (not while a return or a hard ticket waits), the hard-ticket
 * opinion while hard, the duty statement while owed, the long-term plan and final report, each 督办 supervision's
 * response limit. None on a closed ticket.
 */
export function runningDeadlines(ticket: Ticket): RunningDeadline[] {
  if (ticket.status === 'closed') return []
  const out: RunningDeadline[] = []
  const add = (name: RunningDeadline['name'], d: Deadline | undefined, path: string) => {
    if (d && d.doneOn === undefined) out.push({ name, deadline: d, path })
  }
  const handled = HANDLING_STATUSES.includes(ticket.status)
  if (!ticketSupplementPending(ticket)) add('dispatch', ticket.dispatch, 'dispatch')
  if (ticket.status === 'dispatched') add('check', ticket.check, 'check')
  if (handled) add('coordination', ticket.coordination, 'coordination')
  if (handled) add('handling', ticket.handling, 'handling')
  if (ticket.status === 'hard') add('hard-opinion', ticket.hard?.opinion, 'hard.opinion')
  if (ticket.status === 'duty-statement')
    add('duty-statement', ticket.dutyStatement?.deadline, 'dutyStatement.deadline')
  add('long-term-plan', ticket.longTerm?.plan, 'longTerm.plan')
  add('long-term-final', ticket.longTerm?.final?.deadline, 'longTerm.final.deadline')
  for (const [i, s] of ticket.supervisions.entries()) add('supervision', s.deadline, `supervisions.${i}.deadline`)
  return out
}
