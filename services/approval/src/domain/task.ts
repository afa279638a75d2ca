import { type ApplicationAcceptedV1, type NationalCode, nationalStates, type TaskSnapshot } from '@onewindow/contracts'
import type { Limit, Result } from '@onewindow/vocabulary'
import { type Calendar, evaluateClock } from '@onewindow/workdays'
import type { Static } from 'typebox'

export { type NationalCode, nationalStates }

type Snapshot = Static<typeof TaskSnapshot>
export type TaskStatus = Snapshot['status']
export type ClockSpec = NonNullable<Snapshot['clocks']['statutory']>
export type Suspension = ClockSpec['suspensions'][number]
export type SuspensionKind = Suspension['kind']
export type SpecialProcedureKind = Exclude<SuspensionKind, 'supplement'>
export type ClockName = 'statutory' | 'committed'
export type Actor = { sub: string; role: string; department?: string | undefined }

/** A task as the domain keeps it: the snapshot every event carries, plus what the domain alone needs. */
export type Task = Snapshot & {
  /** The 特别程序 the accepted item allows, with their own limits (pinned at acceptance). */
  specialProcedures: Array<{ kind: SuspensionKind; limit?: Limit }>
  /** 容缺受理: approval is then 办结（容缺通过）, code 12. */
  withDeficiencies: boolean
  /** The suspension running now (补正 or 特别程序), if any. */
  openSuspension?: { id: string; kind: SuspensionKind }
}

export const openStatuses: readonly TaskStatus[] = ['assigned', 'claimed', 'supplement-requested', 'special-procedure']
export const isOpen = (status: TaskStatus) => openStatuses.includes(status)

/** When a command happens: the instant (audit) and its legal day (clocks). Passed in, never read here. */
export type At = { at: string; today: string }

export type TaskCommand =
  | { type: 'Claim'; actor: Actor }
  | { type: 'RequestSupplement'; actor: Actor; materials: string[]; reason: string; suspensionId: string }
  | { type: 'ProvideSupplement'; actor?: string }
  | {
      type: 'StartSpecialProcedure'
      actor: Actor
      kind: SpecialProcedureKind
      legalBasis?: string | undefined
      note?: string | undefined
      limit?: Limit | undefined
      suspensionId: string
    }
  | { type: 'EndSpecialProcedure'; actor: Actor }
  | { type: 'Approve'; actor: Actor; conditions?: string[] | undefined }
  | { type: 'Reject'; actor: Actor; reason: string }
  /** Closed as no longer needed: another department rejected the application. */
  | { type: 'Close'; reason: string }

export type TaskEvent = At & { by?: string | undefined } & (
    | { type: 'claimed' }
    | { type: 'supplement-requested'; suspensionId: string; materials: string[]; reason: string }
    | { type: 'supplement-provided' }
    | {
        type: 'special-procedure-started'
        suspensionId: string
        kind: SpecialProcedureKind
        legalBasis?: string | undefined
        note?: string | undefined
        limit?: Limit | undefined
      }
    | { type: 'special-procedure-ended' }
    | { type: 'approved'; conditions?: string[] | undefined }
    | { type: 'rejected'; reason: string }
    | { type: 'closed'; reason: string }
  )

export type DecideOptions = At & {
  /** How many 补正 requests a department may make on one task. */
  supplementRounds: number
}

const refuse = (code: string, message: string, details?: Record<string, unknown>): Result<TaskEvent[]> => ({
  ok: false,
  error: { code, message, ...(details ? { details } : {}) },
})

const conflict = (task: Task, action: string): Result<TaskEvent[]> =>
  refuse('APPROVAL_TASK_STATE_CONFLICT', `A task that is ${task.status} cannot ${action}.`, {
    taskId: task.taskId,
    taskStatus: task.status,
    nationalCode: task.nationalCode,
    task: toSnapshot(task),
  })

/** The commands a reviewer gives; each must come from a reviewer of the task's department. */
const byReviewer = (command: TaskCommand): Actor | undefined =>
  'actor' in command && typeof command.actor === 'object' ? command.actor : undefined

/** Decides a command on a task: the events it causes, or why it is refused. Pure. */
export function decide(task: Task, command: TaskCommand, opts: DecideOptions): Result<TaskEvent[]> {
  const at: At = { at: opts.at, today: opts.today }
  const reviewer = byReviewer(command)
  if (reviewer && (reviewer.role !== 'reviewer' || reviewer.department !== task.department)) {
    return refuse('APPROVAL_NOT_YOUR_DEPARTMENT', `Only a reviewer of ${task.department} may act on this task.`, {
      taskId: task.taskId,
      department: task.department,
    })
  }
  const by = reviewer?.sub
  switch (command.type) {
    case 'Claim':
      if (task.status !== 'assigned') return conflict(task, 'be claimed')
      return { ok: true, value: [{ ...at, by, type: 'claimed' }] }
    case 'RequestSupplement':
      if (task.status !== 'claimed') return conflict(task, 'ask for 补正')
      if (task.supplementRoundsUsed >= opts.supplementRounds) {
        return refuse(
          'APPROVAL_SUPPLEMENT_ROUNDS_EXHAUSTED',
          `${task.department} has used its ${opts.supplementRounds} 补正 round(s) on this task.`,
          {
            taskId: task.taskId,
            supplementRoundsUsed: task.supplementRoundsUsed,
            supplementRounds: opts.supplementRounds,
          },
        )
      }
      return {
        ok: true,
        value: [
          {
            ...at,
            by,
            type: 'supplement-requested',
            suspensionId: command.suspensionId,
            materials: command.materials,
            reason: command.reason,
          },
        ],
      }
    case 'ProvideSupplement':
      if (task.status !== 'supplement-requested') return conflict(task, 'resume from 补正')
      return { ok: true, value: [{ ...at, by: command.actor, type: 'supplement-provided' }] }
    case 'StartSpecialProcedure': {
      if (task.status !== 'claimed') return conflict(task, 'start a special procedure')
      const limit = command.limit ?? task.specialProcedures.find((p) => p.kind === command.kind)?.limit
      return {
        ok: true,
        value: [
          {
            ...at,
            by,
            type: 'special-procedure-started',
            suspensionId: command.suspensionId,
            kind: command.kind,
            legalBasis: command.legalBasis,
            note: command.note,
            limit,
          },
        ],
      }
    }
    case 'EndSpecialProcedure':
      if (task.status !== 'special-procedure') return conflict(task, 'end a special procedure')
      return { ok: true, value: [{ ...at, by, type: 'special-procedure-ended' }] }
    case 'Approve':
      if (task.status !== 'claimed') return conflict(task, 'be approved')
      return { ok: true, value: [{ ...at, by, type: 'approved', conditions: command.conditions }] }
    case 'Reject':
      if (task.status !== 'claimed') return conflict(task, 'be rejected')
      return { ok: true, value: [{ ...at, by, type: 'rejected', reason: command.reason }] }
    case 'Close':
      if (!isOpen(task.status)) return conflict(task, 'be closed')
      return { ok: true, value: [{ ...at, type: 'closed', reason: command.reason }] }
  }
}

const mapClocks = (task: Task, fn: (c: ClockSpec) => ClockSpec): Task['clocks'] => ({
  ...(task.clocks.statutory ? { statutory: fn(task.clocks.statutory) } : {}),
  ...(task.clocks.committed ? { committed: fn(task.clocks.committed) } : {}),
})

const openSuspensionOn = (task: Task, s: Suspension): Task['clocks'] =>
  mapClocks(task, (c) => ({ ...c, suspensions: [...c.suspensions, s] }))

const closeSuspensionOn = (task: Task, id: string | undefined, today: string): Task['clocks'] =>
  id === undefined
    ? task.clocks
    : mapClocks(task, (c) => ({
        ...c,
        suspensions: c.suspensions.map((s) => (s.id === id && s.to === undefined ? { ...s, to: today } : s)),
      }))

const withoutOpenSuspension = (task: Task): Task => {
  const { openSuspension: _, ...rest } = task
  return rest
}

/** Applies one event: the next state, version +1, national code and due date as of the event's day. Pure. */
export function evolve(task: Task, event: TaskEvent, calendar: Calendar): Task {
  const base = { ...task, version: task.version + 1, updatedAt: event.at }
  let next: Task
  switch (event.type) {
    case 'claimed':
      next = { ...base, status: 'claimed', nationalCode: 8, ...(event.by ? { claimedBy: event.by } : {}) }
      break
    case 'supplement-requested':
      next = {
        ...base,
        status: 'supplement-requested',
        nationalCode: 6,
        supplementRoundsUsed: task.supplementRoundsUsed + 1,
        clocks: openSuspensionOn(task, { id: event.suspensionId, kind: 'supplement', from: event.today }),
        openSuspension: { id: event.suspensionId, kind: 'supplement' },
      }
      break
    case 'supplement-provided':
      next = withoutOpenSuspension({
        ...base,
        status: 'claimed',
        nationalCode: 7,
        clocks: closeSuspensionOn(task, task.openSuspension?.id, event.today),
      })
      break
    case 'special-procedure-started':
      next = {
        ...base,
        status: 'special-procedure',
        nationalCode: 9,
        clocks: openSuspensionOn(task, {
          id: event.suspensionId,
          kind: event.kind,
          from: event.today,
          ...(event.limit ? { limit: event.limit } : {}),
          ...(event.legalBasis ? { legalBasis: event.legalBasis } : {}),
          ...(event.note ? { note: event.note } : {}),
        }),
        openSuspension: { id: event.suspensionId, kind: event.kind },
      }
      break
    case 'special-procedure-ended':
      next = withoutOpenSuspension({
        ...base,
        status: 'claimed',
        nationalCode: 10,
        clocks: closeSuspensionOn(task, task.openSuspension?.id, event.today),
      })
      break
    case 'approved':
      next = {
        ...base,
        status: 'approved',
        nationalCode: task.withDeficiencies ? 12 : 11,
        decision: {
          outcome: 'approved',
          decidedAt: event.at,
          ...(event.conditions?.length ? { conditions: event.conditions } : {}),
          ...(event.by ? { decidedBy: event.by } : {}),
        },
      }
      break
    case 'rejected':
      next = {
        ...base,
        status: 'rejected',
        nationalCode: 13,
        decision: {
          outcome: 'rejected',
          reason: event.reason,
          decidedAt: event.at,
          ...(event.by ? { decidedBy: event.by } : {}),
        },
      }
      break
    case 'closed':
      next = withoutOpenSuspension({
        ...base,
        status: 'closed',
        nationalCode: 14,
        clocks: closeSuspensionOn(task, task.openSuspension?.id, event.today),
        decision: { outcome: 'closed', reason: event.reason, decidedAt: event.at },
      })
      break
  }
  return withDueOn(next, event.today, calendar)
}

/** The due date of the committed clock, else the statutory one, as of `today` (an open suspension runs to today). */
export function dueOnOf(clocks: Task['clocks'], today: string, calendar: Calendar): string | undefined {
  const clock = clocks.committed ?? clocks.statutory
  if (!clock) return undefined
  return evaluateClock(calendar, clock, today).due
}

export const withDueOn = (task: Task, today: string, calendar: Calendar): Task => {
  const { dueOn: _, ...rest } = task
  const due = dueOnOf(task.clocks, today, calendar)
  return due ? { ...rest, dueOn: due } : rest
}

/** The snapshot events carry: the task without what only the domain needs. */
export function toSnapshot(task: Task): Snapshot {
  const { specialProcedures: _s, withDeficiencies: _w, openSuspension: _o, ...snapshot } = task
  return snapshot
}

export type OpenedStep = {
  applicationId: string
  projectId: string
  step?: string
  withDeficiencies: boolean
  ownerCreditCode?: string
}

// Only a six-digit division code selects a regional overlay; anything else counts on the national calendar.
const clockOf = (limit: Limit | undefined, start: string, region: string | undefined): ClockSpec | undefined =>
  limit ? { limit, start, suspensions: [], ...(region && /^\d{6}$/.test(region) ? { region } : {}) } : undefined

/**
 * 并联审批 opens: one task per (item, department) of the accepted application, each with its statutory and
 * committed clock from the acceptance day, state 已受理 (3). `taskIds` are minted by the caller, one per item.
 */
export function openTasks(
  event: ApplicationAcceptedV1,
  taskIds: readonly string[],
  at: string,
  calendar: Calendar,
): { step: OpenedStep; tasks: Task[] } {
  const tasks = event.items.map((item, i): Task => {
    const statutory = clockOf(item.statutoryLimit, event.acceptedOn, event.region)
    const committed = clockOf(item.committedLimit, event.acceptedOn, event.region)
    const clocks = { ...(statutory ? { statutory } : {}), ...(committed ? { committed } : {}) }
    const taskId = taskIds[i]
    if (!taskId) throw new RangeError(`openTasks: no id for item ${i}`)
    const task: Task = {
      taskId,
      applicationId: event.applicationId,
      projectId: event.projectId,
      ...(event.step ? { step: event.step } : {}),
      item: item.item,
      ...(item.itemName ? { itemName: item.itemName } : {}),
      department: item.department,
      ...(item.departmentName ? { departmentName: item.departmentName } : {}),
      status: 'assigned',
      nationalCode: 3,
      version: 1,
      supplementRoundsUsed: 0,
      clocks,
      updatedAt: at,
      specialProcedures: item.specialProcedures ?? [],
      withDeficiencies: event.withDeficiencies,
    }
    return withDueOn(task, event.acceptedOn, calendar)
  })
  return {
    step: {
      applicationId: event.applicationId,
      projectId: event.projectId,
      ...(event.step ? { step: event.step } : {}),
      withDeficiencies: event.withDeficiencies,
      ...(event.ownerCreditCode ? { ownerCreditCode: event.ownerCreditCode } : {}),
    },
    tasks,
  }
}
