import { ApplicationAcceptedV1 } from '@onewindow/contracts'
import { type CalendarSource, defineConsumer } from '@onewindow/messaging'
import { openAcceptedStep } from '../commands.js'
import type { Tx } from '../db/tasks.js'

/**
 * 并联审批 starts here: one task per (item, department), each with its own clocks, and the step they decide, with the
 * step's own clocks and the project's whole-flow cap clock.
 */
export const onApplicationAccepted = (calendar: CalendarSource) =>
  defineConsumer<typeof ApplicationAcceptedV1, Tx>({
    durable: 'approval-open-tasks',
    event: ApplicationAcceptedV1,
    async handle({ event, tx, now, outbox }) {
      const rows = await openAcceptedStep(tx, event, now.toISOString(), calendar.current())
      if (rows.length > 0) await outbox.add(tx, rows)
    },
  })
