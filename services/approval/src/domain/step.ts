import type { TaskStatus } from './task.js'

export type StepOutcome = 'approved' | 'rejected'

const decided: readonly TaskStatus[] = ['approved', 'rejected', 'closed']

/**
 * Fan-in: the step's outcome once every task is decided — rejected if any department rejected, else approved —
 * or undefined while a task is still open. Pure; the caller holds the step row's lock.
 */
export function stepOutcome(tasks: ReadonlyArray<{ status: TaskStatus }>): StepOutcome | undefined {
  if (tasks.length === 0 || tasks.some((t) => !decided.includes(t.status))) return undefined
  return tasks.some((t) => t.status === 'rejected') ? 'rejected' : 'approved'
}

/**
 * Which other tasks a rejection closes as no longer needed (撤回, 14): every one still open, claimed included. The
 * step is decided rejected at once, so an open task would only keep a clock running (and raise warnings) for a
 * decision nobody needs. A reviewer deciding a claimed task at the same instant gets 409 with the task closed.
 */
export const closesOnRejection = (status: TaskStatus): boolean =>
  status === 'assigned' || status === 'claimed' || status === 'supplement-requested' || status === 'special-procedure'
