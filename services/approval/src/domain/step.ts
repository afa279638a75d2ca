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
