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
 * Which other tasks a rejection closes as no longer needed (撤回, 14): those waiting on nobody's decision right
 * now — unclaimed, in 补正, in a 特别程序. A claimed task is left to its reviewer, who may be deciding it at this
 * very instant: their decision still records (the step is already decided rejected), rather than failing
 * because another department got there a moment earlier.
 */
export const closesOnRejection = (status: TaskStatus): boolean =>
  status === 'assigned' || status === 'supplement-requested' || status === 'special-procedure'
