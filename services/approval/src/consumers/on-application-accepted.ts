import { ApplicationAcceptedV1 } from '@onewindow/contracts'
import { type CalendarSource, defineConsumer } from '@onewindow/messaging'
import { v7 as uuidv7 } from 'uuid'
import { stepOpened } from '../commands.js'
import { type Tx, taskRepository } from '../db/tasks.js'
import { stepOutcome } from '../domain/step.js'
import { stepDueOn } from '../domain/step-clock.js'
import { openTasks } from '../domain/task.js'
import { stepDecidedRow, taskEventRow, tasksAssignedRow } from '../events.js'

/**
 * 并联审批 starts here: one task per (item, department), each with its own clocks, and the step they decide, with the
 * step's own clocks and the project's whole-flow cap clock.
 */
export const onApplicationAccepted = (calendar: CalendarSource) =>
  defineConsumer<typeof ApplicationAcceptedV1, Tx>({
    durable: 'approval-open-tasks',
    event: ApplicationAcceptedV1,
    async handle({ event, tx, now, outbox }) {
      const at = now.toISOString()
      const current = calendar.current()
      const opened = openTasks(
        event,
        event.items.map(() => uuidv7()),
        at,
        current,
      )
      // A step whose every item was taken on commitment (告知承诺) is decided with its tasks.
      const outcome = opened.decided.length > 0 ? stepOutcome(opened.tasks) : undefined
      const dueOn = stepDueOn(opened.step.clocks, event.acceptedOn, current)
      // One round trip for the step, its tasks, its 用地清单 (the list bounding every 补正 of its tasks) and the flow
      // clock's lock. The same acceptance under another event id (a re-sent copy past the inbox) opens nothing twice.
      const written = await taskRepository(tx).openStep(opened.step, opened.tasks, {
        dueOn,
        at,
        ...(outcome === undefined ? {} : { outcome }),
        ...(event.landList ? { landList: event.landList } : {}),
      })
      if (!written) return
      // One event for the step's N assignments: N publishes, deliveries and reader applications were most of the cost
      // of opening a step (docs/performance.md).
      const rows = [
        tasksAssignedRow(opened.step, opened.assigned),
        ...opened.decided.map((d) => taskEventRow(d.event, d.after)),
      ]
      if (outcome) rows.push(stepDecidedRow(opened.step, outcome, opened.tasks, at, event.acceptedOn))
      // The step's clocks shown as they open; the project's whole-flow cap clock opens or counts this step.
      const decidedAtOnce = outcome !== undefined
      rows.push(
        ...(await stepOpened(tx, event, { step: opened.step, dueOn, flow: written.flow, decidedAtOnce }, at, current)),
      )
      await outbox.add(tx, rows)
    },
  })
