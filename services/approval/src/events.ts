import {
  ApplicationWithdrawnV1,
  type ClockChangeReason,
  DrawingReportIssuedV1,
  DrawingReportReliedOnV1,
  DrawingReviewClockOverdueV1,
  DrawingReviewClockWarnedV1,
  DrawingReviewCommentedV1,
  DrawingSetSubmittedV1,
  type EventDefinition,
  FlowClockChangedV1,
  StepClocksChangedV1,
  StepDecidedV1,
  StepTasksAssignedV1,
  SupplementNoticeIssuedV1,
  TaskClaimedV1,
  TaskClockPausedV1,
  TaskClockResumedV1,
  TaskCommitmentBreachedV1,
  TaskCommitmentKeptV1,
  TaskCommitmentOverdueV1,
  TaskDecidedV1,
  TaskDeficiencyOverdueV1,
  TaskExtendedV1,
  TaskRectificationOverdueV1,
  TaskRectificationReportedV1,
  TaskRectificationReviewedV1,
  TaskRevokedV1,
  TaskSpecialProcedureEndedV1,
  TaskSpecialProcedureStartedV1,
  TaskSupervisedV1,
  TaskSupervisionOverdueV1,
  TaskSupplementProvidedV1,
  TaskSupplementRequestedV1,
  TaskWithdrawnV1,
} from '@onewindow/contracts'
import type { PendingEvent } from '@onewindow/messaging'
import type { Static } from 'typebox'
import type { ReviewChange, ReviewEvent } from './domain/drawing-review.js'
import { type FlowClock, flowClockSpec } from './domain/flow-clock.js'
import type { Notice } from './domain/notice.js'
import type { StepOutcome } from './domain/step.js'
import type { StepClocks } from './domain/step-clock.js'
import { type Task, type TaskEvent, toSnapshot } from './domain/task.js'

const contractOf: Record<TaskEvent['type'], EventDefinition> = {
  claimed: TaskClaimedV1,
  'supplement-requested': TaskSupplementRequestedV1,
  'supplement-provided': TaskSupplementProvidedV1,
  'special-procedure-started': TaskSpecialProcedureStartedV1,
  'special-procedure-ended': TaskSpecialProcedureEndedV1,
  approved: TaskDecidedV1,
  rejected: TaskDecidedV1,
  closed: TaskDecidedV1,
  withdrawn: TaskWithdrawnV1,
  revoked: TaskRevokedV1,
  'clock-paused': TaskClockPausedV1,
  'clock-resumed': TaskClockResumedV1,
  'approved-on-commitment': TaskDecidedV1,
  'commitment-kept': TaskCommitmentKeptV1,
  'commitment-breached': TaskCommitmentBreachedV1,
  'commitment-overdue': TaskCommitmentOverdueV1,
  'deficiency-overdue': TaskDeficiencyOverdueV1,
  // 容缺后补 not kept is a breach of the owner's promise, told as a commitment's is: one breach, whose readers (the
  // bars of intake and acceptance, the gateway) need no second event to hear (`deficiency` names the material).
  'deficiency-breached': TaskCommitmentBreachedV1,
  extended: TaskExtendedV1,
  supervised: TaskSupervisedV1,
  'supervision-answered': TaskSupervisedV1,
  'supervision-overdue': TaskSupervisionOverdueV1,
  'rectification-reported': TaskRectificationReportedV1,
  'rectification-reviewed': TaskRectificationReviewedV1,
  'rectification-overdue': TaskRectificationOverdueV1,
  // 逾期未整改's further measure is the breach's, told as the breach is (`rectification`): intake's and acceptance's
  // bars read it through `commitmentBarOf` with no second event to hear.
  'rectification-escalated': TaskCommitmentBreachedV1,
}

const noteOf = (e: TaskEvent): string | undefined => {
  switch (e.type) {
    case 'supplement-requested':
      return e.reason
    case 'special-procedure-started':
      return e.note ?? e.legalBasis
    case 'rejected':
    case 'closed':
    case 'withdrawn':
      return e.reason
    case 'revoked':
      return `${e.reason} (${e.legalBasis})`
    case 'clock-paused':
      return "补正 for the whole step: the lead's consolidated notice"
    case 'approved-on-commitment':
      return `告知承诺: approved on the owner's commitment, to be verified by ${e.verifyBy}`
    case 'commitment-breached':
    case 'deficiency-breached':
    case 'rectification-escalated':
      return e.note
    case 'rectification-reported':
      return e.report.statement
    case 'rectification-reviewed':
      return e.review.note ?? (e.review.result === 'done' ? '整改完成' : undefined)
    case 'rectification-overdue':
      return `逾期未整改: not confirmed by ${e.rectifyBy}`
    case 'deficiency-overdue':
      return `容缺: ${e.material} not submitted by ${e.promisedOn}`
    case 'extended':
      return e.extension.reason
    case 'supervised':
      return e.supervision.note
    // The hotline's word for its own supervision answered (services/hotline/src/domain/ticket.ts respondSupervision).
    case 'supervision-answered':
      return 'answered'
    default:
      return undefined
  }
}

/**
 * The outbox row of one task event: the contract event carrying the task as it stands after it. A breach (of a
 * commitment or of a 容缺 promise) also names the step's owner, when known: whom its `bar-commitment` bars at the
 * window (intake); a 容缺 one names its material, as does the deficiency's overdue report.
 */
export function taskEventRow(event: TaskEvent, after: Task, ownerCreditCode?: string): PendingEvent {
  const note = noteOf(event)
  const breach =
    event.type === 'commitment-breached' ||
    event.type === 'deficiency-breached' ||
    event.type === 'rectification-escalated'
  const owner = breach && ownerCreditCode ? { ownerCreditCode } : {}
  return {
    event: contractOf[event.type],
    aggregateId: after.taskId,
    body: {
      task: toSnapshot(after),
      ...(event.by ? { actor: event.by } : {}),
      ...(note ? { note } : {}),
      ...owner,
      ...supervisionNames(event),
      ...deficiencyNames(event),
      ...rectificationNames(event),
    },
  }
}

/**
 * A `task.supervised` names its 督办 and the act, so no reader infers them from the snapshot's instants; a
 * `task.supervision-overdue` its 督办 and the day that passed.
 */
const supervisionNames = (e: TaskEvent) =>
  e.type === 'supervised'
    ? { supervisionId: e.supervision.id, turn: 'issued' as const }
    : e.type === 'supervision-answered'
      ? { supervisionId: e.supervisionId, turn: 'answered' as const }
      : e.type === 'supervision-overdue'
        ? { supervisionId: e.supervisionId, dueOn: e.dueOn }
        : {}

const deficiencyNames = (e: TaskEvent) =>
  e.type === 'deficiency-breached'
    ? { deficiency: { material: e.material } }
    : e.type === 'deficiency-overdue'
      ? { material: e.material, promisedOn: e.promisedOn }
      : {}

/** A 整改 event names its finding's 容缺 material (none: the 告知承诺's); a further measure says it is one. */
const rectificationNames = (e: TaskEvent) => {
  switch (e.type) {
    case 'rectification-reported':
    case 'rectification-reviewed':
    case 'rectification-overdue':
      return e.material === undefined ? {} : { deficiency: { material: e.material } }
    case 'rectification-escalated':
      return {
        ...(e.material === undefined ? {} : { deficiency: { material: e.material } }),
        rectification: { escalated: true as const },
      }
    default:
      return {}
  }
}

/** The outbox row of an opened step: its tasks assigned, one event for them all (each as it stands, version 1). */
export const tasksAssignedRow = (
  step: { applicationId: string; projectId: string; step?: string },
  tasks: readonly Task[],
): PendingEvent => ({
  event: StepTasksAssignedV1,
  aggregateId: step.applicationId,
  body: {
    applicationId: step.applicationId,
    projectId: step.projectId,
    ...(step.step ? { step: step.step } : {}),
    tasks: tasks.map(toSnapshot),
  },
})

export const noticeRow = (notice: Notice): PendingEvent => ({
  event: SupplementNoticeIssuedV1,
  aggregateId: notice.noticeId,
  body: notice,
})

export function stepDecidedRow(
  step: { applicationId: string; projectId: string; step?: string },
  outcome: StepOutcome,
  tasks: readonly Task[],
  at: string,
  today: string,
): PendingEvent {
  // 分阶段办理: every task of a phase's application names the phase (domain/task.ts `openTasks`).
  const phase = tasks.find((t) => t.phase)?.phase
  // 按照单位工程办理: likewise every task of a building's application names the building.
  const part = tasks.find((t) => t.part !== undefined)?.part
  // 后续事项: a follow-on's one task names what it follows; its decision says so, so no reader takes it for an application.
  const followOnOf = tasks.find((t) => t.followOnOf)?.followOnOf
  return {
    event: StepDecidedV1,
    aggregateId: step.applicationId,
    body: {
      applicationId: step.applicationId,
      projectId: step.projectId,
      ...(step.step ? { step: step.step } : {}),
      ...(phase ? { phase } : {}),
      ...(part === undefined ? {} : { part }),
      ...(followOnOf ? { followOnOf } : {}),
      outcome,
      decidedAt: at,
      decidedOn: today,
      // The decided tasks; a claimed task a rejection left to its reviewer is not decided yet.
      tasks: tasks.flatMap((t) =>
        t.decision
          ? [
              {
                taskId: t.taskId,
                item: t.item,
                department: t.department,
                outcome: t.decision.outcome,
                ...(t.decision.conditions ? { conditions: t.decision.conditions } : {}),
                ...(t.decision.outcome === 'rejected' && t.decision.reason ? { reason: t.decision.reason } : {}),
              },
            ]
          : [],
      ),
    },
  }
}

type Reason = Static<typeof ClockChangeReason>

/** The step's clocks as they now stand, for the status's clock views. */
export const stepClocksRow = (
  step: { applicationId: string; projectId: string; step?: string },
  clocks: StepClocks,
  dueOn: string | undefined,
  reason: Reason,
  at: string,
): PendingEvent => ({
  event: StepClocksChangedV1,
  aggregateId: step.applicationId,
  body: {
    applicationId: step.applicationId,
    projectId: step.projectId,
    ...(step.step ? { step: step.step } : {}),
    clocks,
    ...(dueOn === undefined ? {} : { dueOn }),
    reason,
    changedAt: at,
  },
})

/** The project's whole-flow cap clock as it now stands: the cap, the steps it counted and the clock they make. */
export const flowClockRow = (flow: FlowClock, dueOn: string, reason: Reason, at: string): PendingEvent => ({
  event: FlowClockChangedV1,
  aggregateId: flow.projectId,
  body: {
    projectId: flow.projectId,
    cap: flow.cap,
    steps: flow.steps,
    clock: flowClockSpec(flow),
    dueOn,
    reason,
    changedAt: at,
  },
})

/** 撤回 of the application: the step and the tasks the withdrawal closed, after their own TaskWithdrawnV1. */
export function applicationWithdrawnRow(
  step: { applicationId: string; projectId: string; step?: string },
  withdrawal: { reason: string; at: string; today: string; actor: string; role: 'owner' | 'clerk' },
  closed: readonly Task[],
): PendingEvent<typeof ApplicationWithdrawnV1> {
  return {
    event: ApplicationWithdrawnV1,
    aggregateId: step.applicationId,
    body: {
      applicationId: step.applicationId,
      projectId: step.projectId,
      ...(step.step ? { step: step.step } : {}),
      reason: withdrawal.reason,
      withdrawnAt: withdrawal.at,
      withdrawnOn: withdrawal.today,
      actor: withdrawal.actor,
      actorRole: withdrawal.role,
      tasks: closed.map((t) => ({ taskId: t.taskId, item: t.item, department: t.department })),
    },
  }
}

const reviewContractOf: Record<ReviewEvent, EventDefinition> = {
  submitted: DrawingSetSubmittedV1,
  commented: DrawingReviewCommentedV1,
  'report-issued': DrawingReportIssuedV1,
  'relied-on': DrawingReportReliedOnV1,
  'clock-warned': DrawingReviewClockWarnedV1,
  'clock-overdue': DrawingReviewClockOverdueV1,
}

/** The outbox row of one 联合审图 change: the contract event carrying the whole review after it. */
export function drawingReviewRow(change: ReviewChange, actor?: string): PendingEvent {
  return {
    event: reviewContractOf[change.event],
    aggregateId: change.review.reviewId,
    body: { review: change.review, ...(actor ? { actor } : {}) },
  }
}
