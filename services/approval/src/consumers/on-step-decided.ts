import { StepDecidedV1 } from '@onewindow/contracts'
import { type CalendarSource, defineConsumer, type WorkerLog } from '@onewindow/messaging'
import { openFollowOns } from '../commands.js'
import type { Tx } from '../db/tasks.js'

/**
 * 后续事项: approval hears its own step decisions, and an approved one opens the follow-on tasks its acceptance pinned
 * (the engineering planning permit's data to public security for the house number, 004:1814; the construction
 * permit's to the drainage authority, 004:1806). Apart from the decision's transaction, so a decision never waits on
 * a follow-on; the inbox and the follow-on's derived id make a redelivery open nothing twice.
 *
 * `report` is required, not the handler's optional `log`: a follow-on left unopened is an operator's to repair, and a
 * consumer started with no log would otherwise drop it without a word.
 */
export const onStepDecided = (calendar: CalendarSource, report: Pick<WorkerLog, 'error'>) =>
  defineConsumer<typeof StepDecidedV1, Tx>({
    durable: 'approval-follow-ons',
    event: StepDecidedV1,
    async handle({ event, tx, now, outbox }) {
      const { rows, unreadable } = await openFollowOns(tx, event, now.toISOString(), calendar.current())
      if (rows.length > 0) await outbox.add(tx, rows)
      // A damaged `step.follow_ons` (a hand edit, a restore from another release) is named for an operator to repair
      // and open by hand; a redelivery would read it no better, so it is not thrown (no dead letter, no retries).
      for (const u of unreadable) {
        report.error(
          { unreadable: { kind: u.kind, id: u.id, reason: u.reason }, consumer: 'approval-follow-ons' },
          `a stored ${u.kind} row cannot be read; its follow-on is not opened`,
        )
      }
    },
  })
