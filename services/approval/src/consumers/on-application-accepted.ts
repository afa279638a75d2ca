import { ApplicationAcceptedV1 } from '@onewindow/contracts'
import { type CalendarSource, defineConsumer } from '@onewindow/messaging'
import { v7 as uuidv7 } from 'uuid'
import { type Tx, taskRepository } from '../db/tasks.js'
import { openTasks } from '../domain/task.js'
import { taskAssignedRow } from '../events.js'

/** 并联审批 starts here: one task per (item, department), each with its own clocks, and the step they decide. */
export const onApplicationAccepted = (calendar: CalendarSource) =>
  defineConsumer<typeof ApplicationAcceptedV1, Tx>({
    durable: 'approval-open-tasks',
    event: ApplicationAcceptedV1,
    async handle({ event, tx, now, outbox }) {
      const opened = openTasks(
        event,
        event.items.map(() => uuidv7()),
        now.toISOString(),
        calendar.current(),
      )
      const repo = taskRepository(tx)
      // The same acceptance under another event id (a re-sent copy past the inbox) opens nothing twice.
      if (!(await repo.openStep(opened.step, opened.tasks))) return
      await outbox.add(tx, opened.tasks.map(taskAssignedRow))
    },
  })
