import { ok, type Result, refuse } from '@onewindow/vocabulary'
import type { TaskStatus } from './task.js'

export type StepOutcome = 'approved' | 'rejected'
/** How a step ended: decided by its departments, or withdrawn by the applicant (撤回). */
export type StepEnd = StepOutcome | 'withdrawn'

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
 * Which other tasks a rejection closes as no longer needed (办结（不通过）, 13: the step is concluded as not passed;
 * 撤回, 14, is the applicant's withdrawal alone): every one still open, claimed included. The
 * step is decided rejected at once, so an open task would only keep a clock running (and raise warnings) for a
 * decision nobody needs. A reviewer deciding a claimed task at the same instant gets 409 with the task closed.
 */
export const closesOnRejection = (status: TaskStatus): boolean =>
  status === 'assigned' || status === 'claimed' || status === 'supplement-requested' || status === 'special-procedure'

/**
 * 撤回 ends the application for good: any later command on its step (a second withdrawal, the owner's answer to its
 * 补正 notice) is refused with the one stable code. Undefined while it is not withdrawn.
 */
export function refusedIfWithdrawn(step: {
  applicationId: string
  outcome?: string
  decidedAt?: string
}): Result<never> | undefined {
  if (step.outcome !== 'withdrawn') return undefined
  return refuse({
    code: 'APPROVAL_APPLICATION_WITHDRAWN',
    message: `Application ${step.applicationId} was withdrawn on ${step.decidedAt ?? 'an earlier day'}; nothing more can be done on it.`,
    details: { applicationId: step.applicationId, withdrawnAt: step.decidedAt },
  })
}

/** Who may withdraw (撤回) an application: its owner, or the window clerk acting on the owner's behalf. */
export type WithdrawingActor = { sub: string; role: string; creditCode?: string | undefined }

/**
 * Whether the step may be withdrawn by this actor (撤回): only while it is still in approval — not once decided,
 * and not twice — and only by the owner whose application it is or by a clerk at the window. Pure.
 */
export function decideWithdrawal(
  step: { applicationId: string; ownerCreditCode?: string; outcome?: string; decidedAt?: string },
  actor: WithdrawingActor,
): Result<'owner' | 'clerk'> {
  const role = actor.role === 'owner' || actor.role === 'clerk' ? actor.role : undefined
  if (!role) {
    return refuse({
      code: 'APPROVAL_WITHDRAWAL_FORBIDDEN',
      message: 'Only the owner, or the window clerk on the owner’s behalf, withdraws an application.',
      details: { role: actor.role },
    })
  }
  if (role === 'owner' && step.ownerCreditCode && step.ownerCreditCode !== actor.creditCode) {
    return refuse({ code: 'APPROVAL_NOT_THE_OWNER', message: 'Only the owner of the application may withdraw it.' })
  }
  const withdrawn = refusedIfWithdrawn(step)
  if (withdrawn) return withdrawn
  if (step.decidedAt) {
    return refuse({
      code: 'APPROVAL_STEP_DECIDED',
      message: `The step of application ${step.applicationId} was decided ${step.outcome ?? ''} on ${step.decidedAt}; only an application still in approval can be withdrawn.`,
      details: { applicationId: step.applicationId, outcome: step.outcome, decidedAt: step.decidedAt },
    })
  }
  return ok(role)
}
