import {
  ApprovalDueMovedV1,
  type SupplementAnswerBody,
  type TaskActionBody,
  TaskClockOverdueV1,
  TaskClockWarnedV1,
  type TaskSnapshot,
} from '@onewindow/contracts'
import {
  type AuditedRunner,
  type CalendarChange,
  type CalendarSource,
  movedDues,
  type Outbox,
  type PendingEvent,
  sweep,
  type TransactionRunner,
} from '@onewindow/messaging'
import type { Result, TimeSource } from '@onewindow/vocabulary'
import { legalDateOf } from '@onewindow/workdays'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { type AlertedTask, type Tx, taskRepository } from './db/tasks.js'
import { type AlertDue, alertKey, alertsDue } from './domain/alerts.js'
import { answerNotice, joinNotice, type Notice } from './domain/notice.js'
import { closesOnRejection, stepOutcome } from './domain/step.js'
import {
  type Actor,
  decide,
  dueOnOf,
  evolve,
  type Task,
  type TaskCommand,
  type TaskEvent,
  toSnapshot,
} from './domain/task.js'
import { noticeRow, stepDecidedRow, taskEventRow } from './events.js'

export type CommandDeps = {
  transaction: TransactionRunner<Tx>
  /** Where a command opens its transaction: its audit entry is appended last in it (docs/security.md#audit-log). */
  audited: AuditedRunner<Tx>
  outbox: Outbox
  clock: TimeSource
  /** The working-day calendar: bundled years plus the published ones (`calendar_entry`), swapped on publication. */
  calendar: CalendarSource
  supplementRounds: number
}

type Snapshot = Static<typeof TaskSnapshot>

const notFound = (taskId: string): Result<never> => ({
  ok: false,
  error: { code: 'APPROVAL_TASK_NOT_FOUND', message: `No task ${taskId}.`, details: { taskId } },
})

function commandOf(body: TaskActionBody, actor: Actor): TaskCommand {
  switch (body.action) {
    case 'claim':
      return { type: 'Claim', actor }
    case 'supplement':
      return {
        type: 'RequestSupplement',
        actor,
        materials: body.materials,
        reason: body.reason,
        suspensionId: uuidv7(),
      }
    case 'special-procedure-start':
      return {
        type: 'StartSpecialProcedure',
        actor,
        kind: body.kind,
        legalBasis: body.legalBasis,
        note: body.note,
        limit: body.limit,
        suspensionId: uuidv7(),
      }
    case 'special-procedure-end':
      return { type: 'EndSpecialProcedure', actor }
    case 'approve':
      return { type: 'Approve', actor, conditions: body.conditions }
    case 'reject':
      return { type: 'Reject', actor, reason: body.reason }
  }
}

const apply = (deps: CommandDeps, task: Task, events: readonly TaskEvent[], rows: PendingEvent[]): Task =>
  events.reduce((t, e) => {
    const next = evolve(t, e, deps.calendar.current())
    rows.push(taskEventRow(e, next))
    return next
  }, task)

const clockNow = (clock: TimeSource) => {
  const now = clock.now()
  return { at: now.toISOString(), today: legalDateOf(now) }
}

/**
 * One reviewer action on one task, in one transaction: the step row is locked first, then the task; a 补正
 * joins the application's open notice; a decision may close the other tasks (on a rejection) and decide the
 * step once (fan-in). A refused action writes its audit entry only.
 */
export async function actOnTask(
  deps: CommandDeps,
  taskId: string,
  actor: Actor,
  body: TaskActionBody,
): Promise<Result<Snapshot>> {
  const { at, today } = clockNow(deps.clock)
  const command = commandOf(body, actor)
  const audit = { actor, action: `approval.task.${body.action}`, object: `task:${taskId}` }
  return deps.audited(audit, async (tx): Promise<Result<Snapshot>> => {
    const repo = taskRepository(tx)
    const peek = await repo.findTask(taskId)
    if (!peek) return notFound(taskId)
    const step = await repo.lockStep(peek.applicationId)
    const task = await repo.findTask(taskId, true)
    if (!task) return notFound(taskId)
    const decision = decide(task, command, { at, today, supplementRounds: deps.supplementRounds })
    if (!decision.ok) return decision

    const rows: PendingEvent[] = []
    const next = apply(deps, task, decision.value, rows)
    const changed: Task[] = [next]

    const requested = decision.value.find((e) => e.type === 'supplement-requested')
    if (requested) {
      const notice = joinNotice(
        await repo.lockOpenNotice(next.applicationId),
        {
          taskId: next.taskId,
          department: next.department,
          item: next.item,
          materials: requested.materials,
          reason: requested.reason,
          requestedOn: today,
        },
        { noticeId: uuidv7(), applicationId: next.applicationId, projectId: next.projectId },
        at,
      )
      await repo.saveNotice(notice)
      rows.push(noticeRow(notice))
    }

    if (next.status === 'approved' || next.status === 'rejected') {
      const all = (await repo.lockTasksOf(next.applicationId)).map((t) => (t.taskId === next.taskId ? next : t))
      const current = all.map((t) => {
        if (next.status !== 'rejected' || t.taskId === next.taskId || !closesOnRejection(t.status)) return t
        const closing = decide(
          t,
          { type: 'Close', reason: `${next.department} rejected the application` },
          {
            at,
            today,
            supplementRounds: deps.supplementRounds,
          },
        )
        // Every status closesOnRejection accepts can be closed; a refusal here is a broken invariant, not a choice.
        if (!closing.ok) throw new Error(`closing task ${t.taskId} was refused: ${closing.error.code}`)
        const closed = apply(deps, t, closing.value, rows)
        changed.push(closed)
        return closed
      })
      // A rejection decides the step at once; otherwise the step waits for its last task.
      const outcome = next.status === 'rejected' ? 'rejected' : stepOutcome(current)
      if (step && outcome && (await repo.decideStep(step.applicationId, outcome, at))) {
        rows.push(stepDecidedRow(step, outcome, current, at, today))
      }
    }

    await repo.saveTasks(changed)
    await deps.outbox.add(tx, rows)
    return { ok: true, value: toSnapshot(next) }
  })
}

export type OwnerActor = { sub: string; role: string; creditCode?: string | undefined }

/**
 * The owner's one answer to a consolidated 补正 notice, in one transaction: the notice is answered and every
 * task it named leaves 补正 (its suspension closed today) and runs again.
 */
export async function answerSupplement(
  deps: CommandDeps,
  applicationId: string,
  actor: OwnerActor,
  body: SupplementAnswerBody,
): Promise<Result<{ notice: Notice; tasks: Snapshot[] }>> {
  const { at, today } = clockNow(deps.clock)
  const audit = { actor, action: 'approval.notice.answer', object: `application:${applicationId}` }
  return deps.audited(audit, async (tx): Promise<Result<{ notice: Notice; tasks: Snapshot[] }>> => {
    const repo = taskRepository(tx)
    const step = await repo.lockStep(applicationId)
    if (actor.role !== 'owner' || (step?.ownerCreditCode && step.ownerCreditCode !== actor.creditCode)) {
      return {
        ok: false,
        error: { code: 'APPROVAL_NOT_THE_OWNER', message: 'Only the owner of the application may answer its notice.' },
      }
    }
    const answered = answerNotice(await repo.lockNotice(body.noticeId), applicationId, body.materials, at)
    if (!answered.ok) return answered
    const rows: PendingEvent[] = [noticeRow(answered.value)]
    const changed: Task[] = []
    for (const taskId of new Set(answered.value.requests.map((r) => r.taskId))) {
      const task = await repo.findTask(taskId, true)
      if (!task) continue
      const d = decide(
        task,
        { type: 'ProvideSupplement', actor: actor.sub },
        {
          at,
          today,
          supplementRounds: deps.supplementRounds,
        },
      )
      // A task closed meanwhile (another department rejected) has nothing to resume.
      if (!d.ok) continue
      changed.push(apply(deps, task, d.value, rows))
    }
    await repo.saveNotice(answered.value, body.materials)
    await repo.saveTasks(changed)
    await deps.outbox.add(tx, rows)
    return { ok: true, value: { notice: answered.value, tasks: changed.map(toSnapshot) } }
  })
}

export async function getTask(deps: CommandDeps, taskId: string): Promise<Result<Snapshot>> {
  return deps.transaction(async (tx): Promise<Result<Snapshot>> => {
    const task = await taskRepository(tx).findTask(taskId)
    return task ? { ok: true, value: toSnapshot(task) } : notFound(taskId)
  })
}

/**
 * One pass of the task clocks (DESIGN §6), through `sweep`: every open task once, a transaction per batch; a task
 * whose clocks call for an alert not yet emitted is taken `FOR UPDATE SKIP LOCKED` (replicas share the work), and each
 * alert's key goes into `task_alert` with its event into the outbox, in one transaction. The key is what keeps "once"
 * across passes, restarts and replicas. Resolves to how many alerts were emitted.
 */
export async function scanClocksOnce(
  deps: CommandDeps,
  options: { yellowAt: number; batchSize?: number },
  skipped: (taskId: string, error: unknown) => void,
): Promise<number> {
  const { at, today } = clockNow(deps.clock)
  return sweep({
    transaction: deps.transaction,
    ...(options.batchSize === undefined ? {} : { batch: options.batchSize }),
    skipped,
    candidates: (tx, after, limit) => taskRepository(tx).openTaskIds(after, limit),
    readAll: (tx, ids) => taskRepository(tx).alertedTasks(ids),
    read: (tx, id, lock) => taskRepository(tx).alertedTask(id, lock),
    decide: ({ task, alerted }: AlertedTask) => {
      const alerts = alertsDue(task, today, options.yellowAt, deps.calendar.current()).filter(
        (a) => !alerted.has(alertKey(a)),
      )
      return alerts.length === 0 ? undefined : { task, alerts }
    },
    write: async (tx, { task, alerts }: { task: Task; alerts: AlertDue[] }) => {
      const due = alerts.map((alert) => ({ alert, eventId: uuidv7() }))
      const fresh = await taskRepository(tx).insertAlerts(
        due.map(({ alert, eventId }) => ({ taskId: task.taskId, ...alert, eventId })),
        at,
      )
      const events: PendingEvent[] = due
        .filter((d) => fresh.has(d.eventId))
        .map(({ alert, eventId }) => ({
          id: eventId,
          event: alert.kind === 'overdue' ? TaskClockOverdueV1 : TaskClockWarnedV1,
          aggregateId: task.taskId,
          body: {
            task: toSnapshot(task),
            clock: alert.clock,
            ...(alert.suspensionId ? { suspensionId: alert.suspensionId } : {}),
            ...(alert.suspensionKind ? { suspensionKind: alert.suspensionKind } : {}),
            dueOn: alert.dueOn,
            detectedOn: today,
            detectedAt: at,
            used: alert.used,
            limit: alert.limit,
          },
        }))
      await deps.outbox.add(tx, events)
      return events.length
    },
  })
}

/**
 * A published calendar, in the calendar consumer's transaction: every open task's statutory and committed clock is
 * re-projected (workdays' `reproject`); a task whose due date moved keeps it in its state (no new version: nothing
 * happened to the task), and each moved date is one `clock.due-moved` for the project's timeline.
 */
export async function reprojectTasks(tx: Tx, change: CalendarChange, outbox: Outbox): Promise<void> {
  const repo = taskRepository(tx)
  const tasks = await repo.lockOpenTasks()
  const clocks = tasks.flatMap((task) =>
    (['statutory', 'committed'] as const).flatMap((name) => {
      const spec = task.clocks[name]
      return spec
        ? [
            {
              task,
              projectId: task.projectId,
              subject: `task:${task.taskId}`,
              clock: name,
              department: task.department,
              spec,
            },
          ]
        : []
    }),
  )
  const moved = movedDues(change, clocks)
  const changed = new Map<string, Task>()
  for (const m of moved) {
    const dueOn = dueOnOf(m.open.task.clocks, change.today, change.after)
    if (dueOn !== undefined && dueOn !== m.open.task.dueOn) changed.set(m.open.task.taskId, { ...m.open.task, dueOn })
  }
  await repo.saveTasks([...changed.values()])
  const rows: PendingEvent[] = moved
    .filter((m) => m.moved)
    .map((m) => {
      const dueOn = changed.get(m.open.task.taskId)?.dueOn ?? m.open.task.dueOn
      return {
        event: ApprovalDueMovedV1,
        aggregateId: m.open.task.taskId,
        body: { ...m.body, ...(dueOn === undefined ? {} : { subjectDueOn: dueOn }) },
      }
    })
  if (rows.length > 0) await outbox.add(tx, rows)
}
