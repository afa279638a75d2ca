import {
  type AnswerDrawingReviewBody,
  type ApplicationAcceptedV1,
  ApprovalDueMovedV1,
  type ClockChangeReason,
  type Actor as ContractActor,
  DEFAULT_SUPERVISION_REPLY_W,
  type DrawingReportSubject,
  type EventDefinition,
  FlowClockOverdueV1,
  FlowClockWarnedV1,
  type ForwardedDrawingSetBody,
  type LeadNoticeBody,
  type OnBehalfOf,
  type ProjectTitle,
  type RateTaskBody,
  RatingFixOverdueV1,
  RatingGivenV1,
  RatingRepliedV1,
  type RatingReplyBody,
  type RectificationEscalationBody,
  type RectificationReportBody,
  type RectificationReviewBody,
  type RespondSupervisionBody,
  StepClockOverdueV1,
  StepClockWarnedV1,
  type StepDecidedV1,
  StepExtendedV1,
  type StepExtensionBody,
  StepLeadAlertedV1,
  type SuperviseTaskBody,
  type SupplementAnswerBody,
  type TaskActionBody,
  TaskClockOverdueV1,
  TaskClockWarnedV1,
  type TaskCommitmentBody,
  type TaskDeficiencyFindingBody,
  type TaskFollowOnOf,
  type TaskSnapshot,
  type WithdrawApplicationBody,
} from '@onewindow/contracts'
import { type StoredRows, UnreadableStoredRow } from '@onewindow/db'
import {
  type AuditedRunner,
  assertPublishable,
  type CalendarChange,
  type CalendarSource,
  countedOrLeftOut,
  movedDues,
  type Outbox,
  type PendingEvent,
  projectTitles,
  reprojectable,
  sweep,
  type TransactionRunner,
} from '@onewindow/messaging'
import type { Result, TimeSource } from '@onewindow/vocabulary'
import { type Calendar, legalDateOf } from '@onewindow/workdays'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { drawingReviewRepository } from './db/drawing-reviews.js'
import { type AlertedFlow, flowRepository } from './db/flow-clocks.js'
import { landListRepository } from './db/land-lists.js'
import { projectRepository } from './db/projects.js'
import { ratingRepository } from './db/ratings.js'
import { type AlertedStep, type AlertedTask, type StepRow, type Tx, taskRepository } from './db/tasks.js'
import {
  type AlertDue,
  alertKey,
  alertsDue,
  LEAD_ALERT_KEY,
  leadAlertDue,
  taskClockStates,
  taskLookOn,
} from './domain/alerts.js'
import {
  answerReview,
  type DrawingReview,
  submitDrawingSet as decideSubmission,
  isReviewBodyOf,
  refuseCoveredSupplement,
  relyOn,
  reviewClockAlerts,
} from './domain/drawing-review.js'
import {
  closeFlowStep,
  type FlowAlertDue,
  type FlowClock,
  type FlowSpan,
  flowAlertsDue,
  flowClockSpec,
  flowDueOn,
  flowLookOn,
  isRunning,
  openFlowSpan,
  openFlowStep,
  pauseFlow,
  resumeFlow,
} from './domain/flow-clock.js'
import { followOnsOf } from './domain/follow-on.js'
import { refuseOutsideGuide } from './domain/guide.js'
import { refuseSupplementOutsideList } from './domain/land-list.js'
import { LOOK_NOW } from './domain/next-look.js'
import { answerNotice, joinNotice, type Notice, withdrawNotice } from './domain/notice.js'
import { fixOverdue, type Rater, type Rating, type Replier, rate, reply } from './domain/rating.js'
import {
  closesOnRejection,
  decideWithdrawal,
  refusedIfWithdrawn,
  stepOutcome,
  type WithdrawingActor,
} from './domain/step.js'
import {
  extendStep,
  pauseStep,
  resumeStep,
  type StepAlertDue,
  type StepClocks,
  stepAlertKey,
  stepAlertsDue,
  stepDueOn,
  stepLookOn,
} from './domain/step-clock.js'
import {
  type Actor,
  decide,
  dueOnOf,
  evolve,
  openTasks,
  type Task,
  type TaskCommand,
  type TaskEvent,
  toSnapshot,
} from './domain/task.js'
import { dependentItem } from './drawing-review-catalogue.js'
import {
  applicationWithdrawnRow,
  drawingReviewRow,
  flowClockRow,
  noticeRow,
  stepClocksRow,
  stepDecidedRow,
  taskEventRow,
  tasksAssignedRow,
} from './events.js'

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

const stepNotFound = (applicationId: string): Result<never> => ({
  ok: false,
  error: {
    code: 'APPROVAL_STEP_NOT_FOUND',
    message: `No step of application ${applicationId}.`,
    details: { applicationId },
  },
})

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
    case 'extend':
      return { type: 'Extend', actor, approvedBy: body.approvedBy, reason: body.reason }
    case 'revoke':
      return { type: 'Revoke', actor, reason: body.reason, legalBasis: body.legalBasis }
  }
}

const apply = (
  deps: CommandDeps,
  task: Task,
  events: readonly TaskEvent[],
  rows: PendingEvent[],
  ownerCreditCode?: string,
): Task =>
  events.reduce((t, e) => {
    const next = evolve(t, e, deps.calendar.current())
    rows.push(taskEventRow(e, next, ownerCreditCode))
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
    // 联合审图: a task of an item decided on the drawing-review report neither asks for what it covers nor decides
    // without being recorded on it (domain/drawing-review.ts).
    const review = dependentItem(task.item)
      ? await drawingReviewRepository(tx).findByProject(task.projectId, true)
      : undefined
    if (body.action === 'supplement') {
      const covered = refuseCoveredSupplement(review, task.item, body.materials)
      if (!covered.ok) return covered
      const listed = refuseSupplementOutsideList(await landListRepository(tx).of(task.applicationId), body.materials)
      if (!listed.ok) return listed
      const guided = refuseOutsideGuide(task, body.materials)
      if (!guided.ok) return guided
    }
    const decision = decide(task, command, {
      at,
      today,
      supplementRounds: deps.supplementRounds,
      calendar: deps.calendar.current(),
    })
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
      // The step waits on the owner while the notice is open: its clocks pause with it (one pause per notice), and so
      // does the whole flow's.
      if (step) {
        const calendar = deps.calendar.current()
        rows.push(
          ...(await stepClocksChanged(
            tx,
            step,
            pauseStep(step.clocks, notice.noticeId, today),
            'paused',
            at,
            today,
            calendar,
          )),
        )
        rows.push(
          ...(await flowChanged(
            tx,
            step.projectId,
            (f) => pauseFlow(f, notice.noticeId, today),
            'paused',
            at,
            today,
            calendar,
          )),
        )
      }
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
            calendar: deps.calendar.current(),
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
        // The step's span of the whole flow ends: the flow's clock stops until the next step is accepted.
        rows.push(
          ...(await flowChanged(
            tx,
            step.projectId,
            (f) => closeFlowStep(f, step.applicationId, today),
            'decided',
            at,
            today,
            deps.calendar.current(),
          )),
        )
      }
    }

    if (review && (next.status === 'approved' || next.status === 'rejected')) {
      const relied = relyOn(review, { ...next, outcome: next.status }, at)
      if (relied) {
        await drawingReviewRepository(tx).save(relied.review)
        rows.push(drawingReviewRow(relied, actor.sub))
      }
    }

    await repo.saveTasks(changed)
    await deps.outbox.add(tx, rows)
    return { ok: true, value: toSnapshot(next) }
  })
}

/**
 * A task command that touches the task alone (督办 and its reply): the step row is locked first, then the task, as
 * every task command does, so two commands on one application never wait on each other in opposite orders.
 */
async function actOnTaskAlone(
  deps: CommandDeps,
  taskId: string,
  audit: { actor: Actor; action: string; object: string },
  command: TaskCommand,
): Promise<Result<Snapshot>> {
  const { at, today } = clockNow(deps.clock)
  return deps.audited(audit, async (tx): Promise<Result<Snapshot>> => {
    const repo = taskRepository(tx)
    const peek = await repo.findTask(taskId)
    if (!peek) return notFound(taskId)
    await repo.lockStep(peek.applicationId)
    const task = await repo.findTask(taskId, true)
    if (!task) return notFound(taskId)
    const decision = decide(task, command, {
      at,
      today,
      supplementRounds: deps.supplementRounds,
      calendar: deps.calendar.current(),
    })
    if (!decision.ok) return decision
    const rows: PendingEvent[] = []
    const next = apply(deps, task, decision.value, rows)
    await repo.saveTasks([next])
    await deps.outbox.add(tx, rows)
    return { ok: true, value: toSnapshot(next) }
  })
}

/** 督办 (跟踪督办, 004:1794, 004:1868): the supervising office urges the department on an open task. */
export const superviseTask = (deps: CommandDeps, taskId: string, actor: Actor, body: SuperviseTaskBody) =>
  actOnTaskAlone(
    deps,
    taskId,
    { actor, action: 'approval.task.supervise', object: `task:${taskId}` },
    {
      type: 'Supervise',
      supervisor: actor,
      supervisionId: uuidv7(),
      note: body.note,
      replyWithin: body.replyWithin ?? DEFAULT_SUPERVISION_REPLY_W,
    },
  )

/** 督办回复: a reviewer of the task's department answers one 督办, once. */
export const respondToSupervision = (
  deps: CommandDeps,
  taskId: string,
  supervisionId: string,
  actor: Actor,
  body: RespondSupervisionBody,
) =>
  actOnTaskAlone(
    deps,
    taskId,
    { actor, action: 'approval.task.respond-supervision', object: `task:${taskId}` },
    { type: 'RespondSupervision', actor, supervisionId, response: body.response },
  )

export type OwnerActor = { sub: string; role: string; creditCode?: string | undefined }

/**
 * One act on the 整改 a finding of the task ordered (docs/legal-time.md#整改-followed-through), in one transaction
 * under the step's lock then the task's, as every act on a task: `command` is given the step's owner — whom alone a
 * report may come from, and whom a further measure's `bar-commitment` bars at the window (the breach names it).
 */
async function actOnRectification(
  deps: CommandDeps,
  taskId: string,
  audit: { actor: Actor | OwnerActor; action: string; object: string },
  command: (ownerCreditCode: string | undefined) => TaskCommand,
): Promise<Result<Snapshot>> {
  const { at, today } = clockNow(deps.clock)
  return deps.audited(audit, async (tx): Promise<Result<Snapshot>> => {
    const repo = taskRepository(tx)
    const peek = await repo.findTask(taskId)
    if (!peek) return notFound(taskId)
    const step = await repo.lockStep(peek.applicationId)
    const task = await repo.findTask(taskId, true)
    if (!task) return notFound(taskId)
    const owner = step?.ownerCreditCode
    const d = decide(task, command(owner), { at, today, supplementRounds: 0, calendar: deps.calendar.current() })
    if (!d.ok) return d
    return { ok: true, value: await saveBreach(deps, tx, task, d.value, owner) }
  })
}

/** 整改 reported (责令限期整改, 004:1860): the project's owner says what it put right, for the department to review. */
export const reportRectification = (
  deps: CommandDeps,
  taskId: string,
  owner: OwnerActor,
  body: RectificationReportBody,
) =>
  actOnRectification(
    deps,
    taskId,
    { actor: owner, action: 'approval.rectification.report', object: `task:${taskId}` },
    (ownerCreditCode) => ({ type: 'ReportRectification', owner, ownerCreditCode, body }),
  )

/** The finding's department confirms the owner's 整改 (整改完成) or finds it not done. */
export const reviewRectification = (deps: CommandDeps, taskId: string, actor: Actor, body: RectificationReviewBody) =>
  actOnRectification(
    deps,
    taskId,
    { actor, action: `approval.rectification.${body.result}`, object: `task:${taskId}` },
    () => ({ type: 'ReviewRectification', actor, body }),
  )

/**
 * 逾期未整改's further measure: 依法撤销许可 (the permit revoked in the same transaction, as a breach's `revoke`) and/or
 * 禁止选择告知承诺 (the breach told again naming the owner, whom intake and acceptance then bar).
 */
export const escalateRectification = (
  deps: CommandDeps,
  taskId: string,
  actor: Actor,
  body: RectificationEscalationBody,
) =>
  actOnRectification(
    deps,
    taskId,
    { actor, action: 'approval.rectification.escalate', object: `task:${taskId}` },
    () => ({ type: 'EscalateRectification', actor, body }),
  )

/**
 * The owner's one answer to a consolidated 补正 notice, in one transaction: the notice is answered and every
 * task it named leaves 补正 (its suspension closed today) and runs again.
 */
export async function answerSupplement(
  deps: CommandDeps,
  applicationId: string,
  actor: OwnerActor,
  body: SupplementAnswerBody & { onBehalfOf?: OnBehalfOf | undefined },
): Promise<Result<{ notice: Notice; tasks: Snapshot[] }>> {
  const audit = { actor, action: 'approval.notice.answer', object: `application:${applicationId}` }
  return deps.audited(audit, async (tx): Promise<Result<{ notice: Notice; tasks: Snapshot[] }>> => {
    const repo = taskRepository(tx)
    const step = await repo.lockStep(applicationId)
    // Read once the step is held: an answer that waited for the lock is answered (and its helper's grant judged) now.
    const { at, today } = clockNow(deps.clock)
    const { onBehalfOf } = body
    // 帮办代办: the case's helper answers for the owner; the gateway asked intake, which keeps the cases, and sends
    // on whose behalf. Approval still checks that it is this helper and this application's owner.
    const helping =
      actor.role === 'helper' &&
      onBehalfOf !== undefined &&
      onBehalfOf.helper === actor.sub &&
      step !== undefined &&
      step.ownerCreditCode === onBehalfOf.ownerCreditCode
    const owning = actor.role === 'owner' && !(step?.ownerCreditCode && step.ownerCreditCode !== actor.creditCode)
    // The helper's authority was granted by intake for a short while (`validUntil`); once it lapsed intake may close
    // the case, so a late answer is refused here, in the answer's own transaction, rather than land on a closed case.
    if (helping && (onBehalfOf.validUntil === undefined || Date.parse(onBehalfOf.validUntil) < Date.parse(at))) {
      return {
        ok: false,
        error: {
          code: 'APPROVAL_HELPER_AUTHORITY_LAPSED',
          message: `The helper's authority to answer for the owner lapsed${onBehalfOf.validUntil ? ` at ${onBehalfOf.validUntil}` : ''}: send the answer again.`,
          details: {
            caseId: onBehalfOf.caseId,
            ...(onBehalfOf.validUntil ? { validUntil: onBehalfOf.validUntil } : {}),
          },
        },
      }
    }
    if (!helping && !owning) {
      return {
        ok: false,
        error: { code: 'APPROVAL_NOT_THE_OWNER', message: 'Only the owner of the application may answer its notice.' },
      }
    }
    const withdrawn = step ? refusedIfWithdrawn(step) : undefined
    if (withdrawn) return withdrawn
    const answered = answerNotice(await repo.lockNotice(body.noticeId), applicationId, body.materials, at)
    if (!answered.ok) return answered
    const rows: PendingEvent[] = [noticeRow(helping ? { ...answered.value, onBehalfOf } : answered.value)]
    if (step) {
      const calendar = deps.calendar.current()
      const noticeId = answered.value.noticeId
      rows.push(
        ...(await stepClocksChanged(
          tx,
          step,
          resumeStep(step.clocks, noticeId, today),
          'resumed',
          at,
          today,
          calendar,
        )),
      )
      rows.push(
        ...(await flowChanged(
          tx,
          step.projectId,
          (f) => resumeFlow(f, noticeId, today),
          'resumed',
          at,
          today,
          calendar,
        )),
      )
    }
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
          calendar: deps.calendar.current(),
        },
      )
      // A task closed meanwhile (another department rejected) has nothing to resume.
      if (!d.ok) continue
      changed.push(apply(deps, task, d.value, rows))
    }
    // Tasks the lead's notice paused with the step (the region's setting `step`) run again with the answer.
    const named = new Set(answered.value.requests.map((r) => r.taskId))
    for (const task of await repo.lockTasksOf(applicationId)) {
      if (named.has(task.taskId) || !task.noticePause) continue
      const d = decide(
        task,
        { type: 'ResumeFromNotice', actor: actor.sub },
        { at, today, supplementRounds: 0, calendar: deps.calendar.current() },
      )
      if (d.ok) changed.push(apply(deps, task, d.value, rows))
    }
    await repo.saveNotice(answered.value, body.materials)
    await repo.saveTasks(changed)
    await deps.outbox.add(tx, rows)
    return { ok: true, value: { notice: answered.value, tasks: changed.map(toSnapshot) } }
  })
}

export type WithdrawalAnswer = { applicationId: string; step?: string; withdrawnAt: string; tasks: Snapshot[] }

/**
 * 撤回: the owner (or the clerk for the owner) withdraws an application still in approval, in one transaction under
 * the step row's lock — every open task closes with code 14 (its clocks stop today), the step ends `withdrawn` so its
 * clocks are no longer scanned, and ApplicationWithdrawnV1 follows the tasks' TaskWithdrawnV1. A refusal writes its
 * audit entry only.
 */
export async function withdrawApplication(
  deps: CommandDeps,
  applicationId: string,
  actor: WithdrawingActor,
  body: WithdrawApplicationBody,
): Promise<Result<WithdrawalAnswer>> {
  const { at, today } = clockNow(deps.clock)
  const audit = { actor, action: 'approval.application.withdraw', object: `application:${applicationId}` }
  return deps.audited(audit, async (tx): Promise<Result<WithdrawalAnswer>> => {
    const repo = taskRepository(tx)
    const step = await repo.lockStep(applicationId)
    if (!step) return stepNotFound(applicationId)
    const allowed = decideWithdrawal(step, actor)
    if (!allowed.ok) return allowed
    const rows: PendingEvent[] = []
    const closed: Task[] = []
    const opts = { at, today, supplementRounds: deps.supplementRounds, calendar: deps.calendar.current() }
    for (const task of await repo.lockTasksOf(applicationId)) {
      const d = decide(task, { type: 'Withdraw', reason: body.reason, by: actor.sub }, opts)
      // A task decided already (approved on commitment, say) keeps its decision; only open ones are withdrawn.
      if (!d.ok) continue
      closed.push(apply(deps, task, d.value, rows))
    }
    await repo.decideStep(applicationId, 'withdrawn', at)
    // Under the step's lock, as answering it takes it: the notice cannot be answered or issued meanwhile.
    const notice = await repo.lockOpenNotice(applicationId)
    rows.push(
      applicationWithdrawnRow(step, { reason: body.reason, at, today, actor: actor.sub, role: allowed.value }, closed),
      // A withdrawn step is no longer being approved: its span of the whole flow ends on the withdrawal day, as a
      // decided one does, or the cap's clock would run on a step nobody holds; and its 补正 notice no longer waits on
      // the owner, or the cap's clock would stay paused through every later step.
      ...(await flowChanged(
        tx,
        step.projectId,
        (f) => {
          const ended = closeFlowStep(f, applicationId, today)
          return notice ? resumeFlow(ended, notice.noticeId, today) : ended
        },
        'decided',
        at,
        today,
        deps.calendar.current(),
      )),
    )
    if (notice) {
      const ended = withdrawNotice(notice, at)
      await repo.saveNotice(ended)
      rows.push(noticeRow(ended))
    }
    await repo.saveTasks(closed)
    await deps.outbox.add(tx, rows)
    return {
      ok: true,
      value: {
        applicationId,
        ...(step.step ? { step: step.step } : {}),
        withdrawnAt: at,
        tasks: closed.map(toSnapshot),
      },
    }
  })
}

export async function getTask(deps: CommandDeps, taskId: string): Promise<Result<Snapshot>> {
  return deps.transaction(async (tx): Promise<Result<Snapshot>> => {
    const task = await taskRepository(tx).findTask(taskId)
    return task ? { ok: true, value: toSnapshot(task) } : notFound(taskId)
  })
}

/**
 * Batches of candidates the clock scans read at once (`sweep`'s `ahead`): their candidates are the rows whose stored
 * day has come, found through that day and then sorted, and after a migration or a published calendar every row is.
 */
const LOOK_AHEAD = 100

/** What the task scan decided on a task: the alerts due, the lead's, and the day to look at it again. */
type TaskScanDecision = { task: Task; alerts: AlertDue[]; lead: AlertDue | undefined; lookOn: string }

/**
 * One pass of the task clocks (DESIGN §6), through `sweep`: every open task whose day to be looked at has come
 * (`look_on`), a thousand a batch. A task whose clocks call for an alert not yet emitted is taken `FOR UPDATE SKIP
 * LOCKED` (replicas share the work), and each alert's key goes into `task_alert` with its event into the outbox, in one
 * transaction — the key is what keeps "once" across passes, restarts and replicas — with the next day the task may
 * call for one (domain/alerts.ts `taskLookOn`); a task with nothing due gets that day alone, the batch's in one
 * statement. Until that day no pass reads the task; every change of it sets the day back. Resolves to how many alerts
 * were emitted.
 */
export async function scanClocksOnce(
  deps: CommandDeps,
  options: { yellowAt: number; batchSize?: number },
  skipped: (taskId: string, error: unknown) => void,
): Promise<number> {
  const { at, today } = clockNow(deps.clock)
  const generation = deps.calendar.generation()
  return sweep({
    transaction: deps.transaction,
    ...(options.batchSize === undefined ? {} : { batch: options.batchSize }),
    // Every task due at once (the first pass after this migration or a published calendar): read a batch at a time,
    // PostgreSQL spent 6.8 s on a first pass over 100,000 tasks; a hundred batches at a time, 3.5 s, most of it the
    // days written.
    ahead: LOOK_AHEAD,
    skipped,
    candidates: (tx, after, limit) => taskRepository(tx).openTaskIds(today, after, limit),
    readAll: (tx, ids) => taskRepository(tx).alertedTasks(ids),
    read: (tx, id, lock) => taskRepository(tx).alertedTask(id, lock),
    // Always a decision, with the day to look again: one with nothing due is only that day, written with the batch's.
    decide: ({ task, alerted }: AlertedTask): TaskScanDecision => {
      // At each decision, not kept from the pass's start: the one inside a batch's transaction counts with the
      // calendar its BEGIN found stored (calendarGuard); a day counted with an older one is not stored (`generation`).
      const calendar = deps.calendar.current()
      const states = taskClockStates(task, today, options.yellowAt, calendar)
      const all = alertsDue(task, today, options.yellowAt, calendar, states)
      const alerts = all.filter((a) => !alerted.has(alertKey(a)))
      const lead = leadAlertDue(task, all, alerted)
      const emitted = new Set([...alerted, ...alerts.map(alertKey), ...(lead ? [LEAD_ALERT_KEY] : [])])
      return { task, alerts, lead, lookOn: taskLookOn(task, emitted, today, options.yellowAt, calendar, states) }
    },
    settle: {
      quiet: ({ alerts, lead }) => alerts.length === 0 && lead === undefined,
      write: (tx, quiet) => {
        const repo = taskRepository(tx)
        const looks = quiet.map(({ task, lookOn }) => ({ taskId: task.taskId, version: task.version, lookOn }))
        return settleDays(deps, generation, repo.saveTaskLooks(looks), (ids) => repo.lookAgainAtTasks(ids))
      },
    },
    write: async (tx, { task, alerts, lead, lookOn }: TaskScanDecision) => {
      await taskRepository(tx).saveTaskLooks([
        { taskId: task.taskId, version: task.version, lookOn: lookOnIfCurrent(deps, generation, lookOn) },
      ])
      const due = alerts.map((alert) => ({ alert, eventId: uuidv7() }))
      const leadEventId = uuidv7()
      const fresh = await taskRepository(tx).insertAlerts(
        [
          ...due.map(({ alert, eventId }) => ({ taskId: task.taskId, ...alert, eventId })),
          // Keyed `lead/warned/`: the lead's one alert per task, whichever clock turned yellow first.
          ...(lead
            ? [
                {
                  taskId: task.taskId,
                  clock: 'lead',
                  kind: 'warned',
                  suspensionId: '',
                  dueOn: lead.dueOn,
                  eventId: leadEventId,
                },
              ]
            : []),
        ],
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
      if (lead && task.lead && fresh.has(leadEventId)) {
        events.push({
          id: leadEventId,
          event: StepLeadAlertedV1,
          aggregateId: task.taskId,
          body: {
            lead: task.lead,
            task: toSnapshot(task),
            clock: lead.clock,
            dueOn: lead.dueOn,
            detectedOn: today,
            detectedAt: at,
            used: lead.used,
            limit: lead.limit,
          },
        })
      }
      await deps.outbox.add(tx, events)
      return events.length
    },
  })
}

/**
 * 一次性告知 by the step's lead department (牵头部门): one consolidated 补正 notice issued on the departments' behalf, in
 * one transaction under the step lock. Each request is its department's 补正 (its round, its clock stopped); when the
 * region stops every clock of the step (`consolidatedNoticeStops: step`, pinned at acceptance), every other task still
 * running is paused with it, to run again when the owner answers. Refused whole when any request is.
 */
export async function issueLeadNotice(
  deps: CommandDeps,
  applicationId: string,
  actor: Actor,
  body: LeadNoticeBody,
): Promise<Result<{ notice: Notice; tasks: Snapshot[] }>> {
  const { at, today } = clockNow(deps.clock)
  const audit = { actor, action: 'approval.notice.lead-issue', object: `application:${applicationId}` }
  return deps.audited(audit, async (tx): Promise<Result<{ notice: Notice; tasks: Snapshot[] }>> => {
    const repo = taskRepository(tx)
    const step = await repo.lockStep(applicationId)
    if (!step) return stepNotFound(applicationId)
    const tasks = await repo.lockTasksOf(applicationId)
    const lead = tasks.find((t) => t.lead)?.lead
    if (actor.role !== 'lead' || !lead || actor.department !== lead) {
      return {
        ok: false,
        error: {
          code: 'APPROVAL_NOT_THE_LEAD',
          message: lead
            ? `Only the lead department of this step (${lead}) issues its consolidated notice.`
            : 'This step has no lead department.',
          ...(lead ? { details: { lead } } : {}),
        },
      }
    }
    const byId = new Map(tasks.map((t) => [t.taskId, t]))
    const unknown = body.requests.flatMap((r, i) =>
      byId.has(r.taskId)
        ? []
        : [{ field: `/body/requests/${i}/taskId`, message: `${r.taskId} is not a task of this step` }],
    )
    const repeated = body.requests.flatMap((r, i) =>
      body.requests.findIndex((o) => o.taskId === r.taskId) === i
        ? []
        : [{ field: `/body/requests/${i}/taskId`, message: `${r.taskId} is asked twice` }],
    )
    if (unknown.length + repeated.length > 0) {
      return {
        ok: false,
        error: {
          code: 'APPROVAL_NOTICE_INVALID',
          message: 'Some requests do not name a task of this step once.',
          details: { errors: [...unknown, ...repeated] },
        },
      }
    }
    const rows: PendingEvent[] = []
    const changed = new Map<string, Task>()
    let notice = await repo.lockOpenNotice(applicationId)
    const noticeId = notice?.status === 'open' ? notice.noticeId : uuidv7()
    // 联合审图: the lead may no more ask for what the report covers than the department itself.
    const review = tasks.some((t) => dependentItem(t.item))
      ? await drawingReviewRepository(tx).findByProject(step.projectId)
      : undefined
    // 用地清单: the lead asks within the list as the departments do.
    const landList = await landListRepository(tx).of(applicationId)
    for (const [i, request] of body.requests.entries()) {
      const task = byId.get(request.taskId) as Task
      const covered = refuseCoveredSupplement(review, task.item, request.materials, `/body/requests/${i}/materials`)
      if (!covered.ok) return covered
      const listed = refuseSupplementOutsideList(landList, request.materials, `/body/requests/${i}/materials`)
      if (!listed.ok) return listed
      const guided = refuseOutsideGuide(task, request.materials, `/body/requests/${i}/materials`)
      if (!guided.ok) return guided
      const d = decide(
        task,
        {
          type: 'RequestSupplement',
          actor,
          materials: request.materials,
          reason: request.reason,
          suspensionId: uuidv7(),
          byLead: true,
        },
        { at, today, supplementRounds: deps.supplementRounds, calendar: deps.calendar.current() },
      )
      if (!d.ok) {
        return { ok: false, error: { ...d.error, details: { ...d.error.details, field: `/body/requests/${i}` } } }
      }
      const next = apply(deps, task, d.value, rows)
      changed.set(next.taskId, next)
      notice = joinNotice(
        notice,
        {
          taskId: next.taskId,
          department: next.department,
          item: next.item,
          materials: request.materials,
          reason: request.reason,
          requestedOn: today,
        },
        { noticeId, applicationId, projectId: step.projectId },
        at,
      )
    }
    if (!notice) throw new Error('a lead notice with requests must have a notice')
    if (tasks.some((t) => t.noticeStops === 'step')) {
      for (const task of tasks) {
        if (changed.has(task.taskId) || (task.status !== 'assigned' && task.status !== 'claimed') || task.noticePause) {
          continue
        }
        const d = decide(
          task,
          { type: 'PauseForNotice', suspensionId: uuidv7() },
          { at, today, supplementRounds: 0, calendar: deps.calendar.current() },
        )
        if (d.ok) changed.set(task.taskId, apply(deps, task, d.value, rows))
      }
    }
    await repo.saveNotice(notice)
    rows.push(noticeRow(notice))
    // The step waits on the owner while the notice is open: its clocks pause with it (one pause per notice), and so
    // does the whole flow's.
    const calendar = deps.calendar.current()
    rows.push(
      ...(await stepClocksChanged(tx, step, pauseStep(step.clocks, noticeId, today), 'paused', at, today, calendar)),
    )
    rows.push(
      ...(await flowChanged(tx, step.projectId, (f) => pauseFlow(f, noticeId, today), 'paused', at, today, calendar)),
    )
    await repo.saveTasks([...changed.values()])
    await deps.outbox.add(tx, rows)
    return { ok: true, value: { notice, tasks: [...changed.values()].map(toSnapshot) } }
  })
}

/**
 * 告知承诺 verified (事后核查) on a task approved on commitment, by the item's department: kept, or breached with the
 * findings and measures, through the rules joint acceptance uses (`verifyCommitment` of @onewindow/vocabulary), and
 * with `revoke` the permit granted on the task revoked (撤销, 15) in the same transaction, as a 容缺 finding's is.
 */
export async function verifyTaskCommitment(
  deps: CommandDeps,
  taskId: string,
  actor: Actor,
  body: TaskCommitmentBody,
): Promise<Result<Snapshot>> {
  const { at, today } = clockNow(deps.clock)
  const audit = { actor, action: `approval.commitment.${body.result}`, object: `task:${taskId}` }
  return deps.audited(audit, async (tx): Promise<Result<Snapshot>> => {
    const repo = taskRepository(tx)
    const task = await repo.findTask(taskId, true)
    if (!task) return notFound(taskId)
    const d = decide(
      task,
      { type: 'VerifyCommitment', actor, body },
      { at, today, supplementRounds: 0, calendar: deps.calendar.current() },
    )
    if (!d.ok) return d
    // A breach names the owner it may bar (intake refuses its 告知承诺 until `barredUntil`).
    const owner = body.result === 'breached' ? (await repo.findStep(task.applicationId))?.ownerCreditCode : undefined
    return { ok: true, value: await saveBreach(deps, tx, task, d.value, owner) }
  })
}

/** A breach found on one task (a commitment's verification or a 容缺 finding): the task saved, its events out. */
async function saveBreach(
  deps: CommandDeps,
  tx: Tx,
  task: Parameters<typeof apply>[1],
  decided: Parameters<typeof apply>[2],
  owner: string | undefined,
): Promise<Snapshot> {
  const rows: PendingEvent[] = []
  const next = apply(deps, task, decided, rows, owner)
  await taskRepository(tx).saveTasks([next])
  await deps.outbox.add(tx, rows)
  return toSnapshot(next)
}

/**
 * 容缺后补 not kept (seeds/004:1860): the task's department records its finding on a 容缺 material of the task's
 * application overdue past its promised day — the measures of a commitment breach, and with `revoke` the permit
 * granted on the task revoked (撤销, 15) in the same transaction. The breach names the step's owner, as a commitment
 * breach does, whom its `bar-commitment` bars at the window.
 */
export async function recordDeficiencyFinding(
  deps: CommandDeps,
  taskId: string,
  actor: Actor,
  body: TaskDeficiencyFindingBody,
): Promise<Result<Snapshot>> {
  const { at, today } = clockNow(deps.clock)
  const audit = { actor, action: 'approval.deficiency.breached', object: `task:${taskId}` }
  return deps.audited(audit, async (tx): Promise<Result<Snapshot>> => {
    const repo = taskRepository(tx)
    const task = await repo.findTask(taskId, true)
    if (!task) return notFound(taskId)
    const d = decide(
      task,
      { type: 'RecordDeficiencyFinding', actor, body },
      { at, today, supplementRounds: 0, calendar: deps.calendar.current() },
    )
    if (!d.ok) return d
    const owner = (await repo.findStep(task.applicationId))?.ownerCreditCode
    return { ok: true, value: await saveBreach(deps, tx, task, d.value, owner) }
  })
}

/**
 * 容缺逾期 heard from intake (the consumer's transaction): each task of the application whose guide lists the
 * material — every task of it when none does, or none lists materials — records it overdue once, so its department is
 * told and may record its finding. Follow-ons have no application and owe nothing; a task refusing (withdrawn, told
 * already) is left as it is. Resolves to the rows to publish.
 */
export async function recordDeficiencyOverdue(
  tx: Tx,
  overdue: { applicationId: string; material: string; promisedOn: string },
  at: string,
  calendar: Calendar,
): Promise<PendingEvent[]> {
  const repo = taskRepository(tx)
  const tasks = (await repo.lockTasksOf(overdue.applicationId)).filter((t) => !t.followOnOf)
  const listing = tasks.filter((t) => t.guideMaterials?.includes(overdue.material))
  const rows: PendingEvent[] = []
  const changed: Task[] = []
  const today = legalDateOf(new Date(at))
  for (const task of listing.length > 0 ? listing : tasks) {
    const d = decide(
      task,
      { type: 'ReportDeficiencyOverdue', material: overdue.material, promisedOn: overdue.promisedOn },
      { at, today, supplementRounds: 0, calendar },
    )
    if (!d.ok) continue
    changed.push(
      d.value.reduce((t, e) => {
        const next = evolve(t, e, calendar)
        rows.push(taskEventRow(e, next))
        return next
      }, task),
    )
  }
  await repo.saveTasks(changed)
  return rows
}

/**
 * A task timer: each task `candidates` finds (a page after `after`, no locks) is read under its lock and, when
 * `command` still applies to it, changed and told in one transaction — so each is reported once. Resolves to how many
 * events it wrote.
 */
function scanTasksOnce(
  deps: CommandDeps,
  skipped: (taskId: string, error: unknown) => void,
  candidates: (
    repo: ReturnType<typeof taskRepository>,
    today: string,
    after: string | undefined,
    limit: number,
  ) => Promise<string[]>,
  command: TaskCommand,
): Promise<number> {
  const { at, today } = clockNow(deps.clock)
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => candidates(taskRepository(tx), today, after, limit),
    read: (tx, id, lock) => taskRepository(tx).taskIfFree(id, lock),
    decide: (task: Task) => {
      const d = decide(task, command, { at, today, supplementRounds: 0, calendar: deps.calendar.current() })
      return d.ok ? { task, events: d.value } : undefined
    },
    write: async (tx, { task, events }: { task: Task; events: TaskEvent[] }) => {
      const rows: PendingEvent[] = []
      const next = apply(deps, task, events, rows)
      await taskRepository(tx).saveTasks([next])
      await deps.outbox.add(tx, rows)
      return rows.length
    },
  })
}

/**
 * The later verification's timer: each task approved on commitment whose verify-by day passed unverified is reported
 * overdue once (TaskCommitmentOverdueV1), the mark and the event in one transaction. Resolves to how many.
 */
export const scanCommitmentsOnce = (deps: CommandDeps, skipped: (taskId: string, error: unknown) => void) =>
  scanTasksOnce(deps, skipped, (repo, today, after, limit) => repo.unverifiedCommitmentIds(today, after, limit), {
    type: 'ReportCommitmentOverdue',
  })

/**
 * 督办逾期未回复: each 督办 of an open task unanswered past its reply-by day is reported once
 * (TaskSupervisionOverdueV1, the 督办's `overdueOn`), the mark and the event in one transaction. Resolves to how many.
 */
export const scanSupervisionsOnce = (deps: CommandDeps, skipped: (taskId: string, error: unknown) => void) =>
  scanTasksOnce(deps, skipped, (repo, today, after, limit) => repo.overdueSupervisionIds(today, after, limit), {
    type: 'ReportSupervisionsOverdue',
  })

/**
 * 逾期未整改: each finding whose `rectifyBy` passed with no 整改 confirmed is reported once
 * (TaskRectificationOverdueV1, the finding's `rectification.overdueOn`), the mark and the event in one transaction.
 * Resolves to how many.
 */
export const scanRectificationsOnce = (deps: CommandDeps, skipped: (taskId: string, error: unknown) => void) =>
  scanTasksOnce(deps, skipped, (repo, today, after, limit) => repo.overdueRectificationIds(today, after, limit), {
    type: 'ReportRectificationsOverdue',
  })

export type StepActor = { sub: string; role: string }

/**
 * 延长 of a joint step's statutory clock (行政许可法第四十二条: +15 W once, approved by the people's government's
 * head), in one transaction under the step row's lock: the clock's limit grows, StepExtendedV1 records who and why.
 */
export async function extendStepClock(
  deps: CommandDeps,
  applicationId: string,
  actor: StepActor,
  body: StepExtensionBody,
): Promise<Result<{ applicationId: string; step?: string; clocks: StepRow['clocks'] }>> {
  const { at, today } = clockNow(deps.clock)
  const audit = { actor, action: 'approval.step.extend', object: `application:${applicationId}` }
  return deps.audited(audit, async (tx) => {
    // The head's approval is recorded by the supervising office (综合窗口/监督), not by one department's reviewer.
    if (actor.role !== 'supervisor' && actor.role !== 'admin') {
      return {
        ok: false as const,
        error: {
          code: 'APPROVAL_STEP_EXTENSION_FORBIDDEN',
          message: "Only a supervisor or an admin records a step's extension.",
        },
      }
    }
    const repo = taskRepository(tx)
    const step = await repo.lockStep(applicationId)
    if (!step) return stepNotFound(applicationId)
    const extended = extendStep(
      step.clocks,
      step.decidedAt !== undefined,
      body,
      actor.sub,
      today,
      deps.calendar.current(),
    )
    if (!extended.ok) return extended
    // StepExtendedV1 carries the clocks whole: the status's view of them follows it without another event.
    await repo.saveStepClocks(
      applicationId,
      extended.value.clocks,
      stepDueOn(extended.value.clocks, today, deps.calendar.current()),
    )
    await deps.outbox.add(tx, [
      {
        event: StepExtendedV1,
        aggregateId: applicationId,
        body: {
          applicationId,
          projectId: step.projectId,
          ...(step.step ? { step: step.step } : {}),
          clocks: extended.value.clocks,
          extendedAt: at,
          actor: actor.sub,
        },
      },
    ])
    return {
      ok: true as const,
      value: { applicationId, ...(step.step ? { step: step.step } : {}), clocks: extended.value.clocks },
    }
  })
}

/**
 * The day a scan stores for a clock it evaluated, counted with the calendar of its pass: when a calendar was published
 * since (this process's calendar replaced, in the publication's transaction, which set every clock's day back), the
 * day counted with the old one is not stored and the clock is looked at again on the next pass.
 */
const lookOnIfCurrent = (deps: CommandDeps, generation: number, day: string) =>
  deps.calendar.generation() === generation ? day : LOOK_NOW

/**
 * The same for the quiet decisions of a batch (`sweep`'s `settle`): `saved` is their days written in one guarded
 * statement, answering the rows it wrote, whose locks it then holds; a calendar published while they were counted is
 * seen only after those locks, so the rows written are set back (`again`) to be counted on the next pass.
 */
async function settleDays(
  deps: CommandDeps,
  generation: number,
  saved: Promise<string[]>,
  again: (written: string[]) => Promise<void>,
): Promise<void> {
  const written = await saved
  if (deps.calendar.generation() !== generation) await again(written)
}

/** What every clock's alert carries, and its event says beside the clock's own fields. */
type AlertFigures = { kind: string; dueOn: string; used: number; gross: number; limit: number }

type AlertClock<Seen extends { alerted: ReadonlySet<string> }, Alert extends AlertFigures> = {
  candidates(tx: Tx, today: string, after: string | undefined, limit: number): Promise<string[]>
  readAll(tx: Tx, ids: readonly string[]): Promise<Map<string, Seen | UnreadableStoredRow>>
  read(tx: Tx, id: string, lock: boolean): Promise<Seen | undefined>
  alertsDue(seen: Seen, today: string, yellowAt: number, calendar: Calendar): Alert[]
  keyOf(alert: Alert): string
  lookOn(seen: Seen, emitted: ReadonlySet<string>, today: string, yellowAt: number, calendar: Calendar): string
  /** Writes each clock's day to be looked at in one statement; answers the ids of the rows written. */
  saveLooks(tx: Tx, looks: ReadonlyArray<{ seen: Seen; lookOn: string }>): Promise<string[]>
  lookAgain(tx: Tx, ids: readonly string[]): Promise<void>
  /** Inserts the alerts' keys; answers the event ids of those not already there. */
  insertAlerts(
    tx: Tx,
    seen: Seen,
    due: ReadonlyArray<{ alert: Alert; eventId: string }>,
    at: string,
  ): Promise<Set<string>>
  /** The alert's event, its aggregate and the fields of its body that name the clock (the figures are added). */
  eventOf(seen: Seen, alert: Alert): { event: EventDefinition; aggregateId: string; names: Record<string, string> }
}

/**
 * A pass of a clock that raises alerts of its own beside the task clocks — a step's, a whole flow's — through the same
 * `sweep`: every clock whose day to be looked at has come (`look_on`), one whose clock calls for an alert not yet
 * emitted taken `FOR UPDATE SKIP LOCKED`, its keys into the clock's alert table with the alert events into the outbox
 * in one transaction — once across passes, restarts and replicas — and, with them or alone, the next day it may call
 * for one (domain/next-look.ts): until then no pass reads it. `Seen` is a clock as read with the keys of the alerts it
 * has emitted; what differs between the clocks is said by `clock` (`stepAlertClock`, `flowAlertClock`).
 */
export async function scanAlertClocksOnce<Seen extends { alerted: ReadonlySet<string> }, Alert extends AlertFigures>(
  deps: CommandDeps,
  clock: AlertClock<Seen, Alert>,
  options: { yellowAt: number; batchSize?: number },
  skipped: (id: string, error: unknown) => void,
): Promise<number> {
  const { at, today } = clockNow(deps.clock)
  const generation = deps.calendar.generation()
  return sweep({
    transaction: deps.transaction,
    ...(options.batchSize === undefined ? {} : { batch: options.batchSize }),
    skipped,
    ahead: LOOK_AHEAD,
    candidates: (tx, after, limit) => clock.candidates(tx, today, after, limit),
    readAll: (tx, ids) => clock.readAll(tx, ids),
    read: (tx, id, lock) => clock.read(tx, id, lock),
    // Always a decision: a candidate's day has come, so it is written on, with the alerts due or none — the day alone
    // with the batch's others (`settle`). A clock whose alert events would fail their schema (a stored step name
    // longer than a step code) throws here, so the sweep skips it — named once by `skipped` — as it skips a task that
    // does not read, and the pass goes on to the clocks after it and to the timers after this one.
    decide: (seen: Seen): AlertDecision<Seen, Alert> => {
      const calendar = deps.calendar.current()
      const alerts = clock
        .alertsDue(seen, today, options.yellowAt, calendar)
        .filter((a) => !seen.alerted.has(clock.keyOf(a)))
      const events = alerts.map((alert) => ({ alert, event: alertEvent(clock, seen, alert, today, at) }))
      assertPublishable(events.map(({ event }) => event))
      const emitted = new Set([...seen.alerted, ...alerts.map(clock.keyOf)])
      return { seen, alerts: events, lookOn: clock.lookOn(seen, emitted, today, options.yellowAt, calendar) }
    },
    settle: {
      quiet: ({ alerts }) => alerts.length === 0,
      write: (tx, quiet) => settleDays(deps, generation, clock.saveLooks(tx, quiet), (ids) => clock.lookAgain(tx, ids)),
    },
    write: async (tx, { seen, alerts, lookOn }) => {
      await clock.saveLooks(tx, [{ seen, lookOn: lookOnIfCurrent(deps, generation, lookOn) }])
      if (alerts.length === 0) return 0
      const due = alerts.map(({ alert, event }) => ({ alert, eventId: uuidv7(), event }))
      const fresh = await clock.insertAlerts(tx, seen, due, at)
      const events: PendingEvent[] = due
        .filter((d) => fresh.has(d.eventId))
        .map(({ eventId, event }) => ({ ...event, id: eventId }))
      await deps.outbox.add(tx, events)
      return events.length
    },
  })
}

/** A clock's decision in a pass: its alerts not yet emitted, each with its event (checked), and its next day. */
type AlertDecision<Seen, Alert> = {
  seen: Seen
  alerts: Array<{ alert: Alert; event: PendingEvent }>
  lookOn: string
}

/** The event of one clock alert: the fields naming the clock, its figures, and the day and instant it was found. */
function alertEvent<Seen extends { alerted: ReadonlySet<string> }, Alert extends AlertFigures>(
  clock: AlertClock<Seen, Alert>,
  seen: Seen,
  alert: Alert,
  today: string,
  at: string,
): PendingEvent {
  const { event, aggregateId, names } = clock.eventOf(seen, alert)
  const { dueOn, used, gross, limit } = alert
  return { event, aggregateId, body: { ...names, dueOn, detectedOn: today, detectedAt: at, used, gross, limit } }
}

/** A step's clocks (its statutory limit, and a committed one): alerts keyed by clock and kind, on `step_alert`. */
export const stepAlertClock: AlertClock<AlertedStep, StepAlertDue> = {
  candidates: (tx, today, after, limit) => taskRepository(tx).openStepIds(today, after, limit),
  readAll: (tx, ids) => taskRepository(tx).alertedSteps(ids),
  read: (tx, id, lock) => taskRepository(tx).alertedStep(id, lock),
  alertsDue: ({ step }, today, yellowAt, calendar) => stepAlertsDue(step.clocks, today, yellowAt, calendar),
  keyOf: stepAlertKey,
  lookOn: ({ step }, emitted, today, yellowAt, calendar) => stepLookOn(step.clocks, emitted, today, yellowAt, calendar),
  saveLooks: (tx, looks) =>
    taskRepository(tx).saveStepLooks(
      looks.map(({ seen: { step }, lookOn }) => ({ applicationId: step.applicationId, clocks: step.clocks, lookOn })),
    ),
  lookAgain: (tx, ids) => taskRepository(tx).lookAgainAtSteps(ids),
  insertAlerts: (tx, { step }, due, at) =>
    taskRepository(tx).insertStepAlerts(
      due.map(({ alert, eventId }) => ({
        applicationId: step.applicationId,
        clock: alert.clock,
        kind: alert.kind,
        dueOn: alert.dueOn,
        eventId,
      })),
      at,
    ),
  eventOf: ({ step }, alert) => ({
    event: alert.kind === 'overdue' ? StepClockOverdueV1 : StepClockWarnedV1,
    aggregateId: step.applicationId,
    names: {
      applicationId: step.applicationId,
      projectId: step.projectId,
      ...(step.step ? { step: step.step } : {}),
      clock: alert.clock,
    },
  }),
}

/**
 * A published calendar, in the calendar consumer's transaction: every open task's statutory and committed clock is
 * re-projected (workdays' `reproject`); a task whose due date moved keeps it in its state (no new version: nothing
 * happened to the task), and each moved date is one `clock.due-moved` for the project's timeline.
 */
async function reprojectTasks(tx: Tx, change: CalendarChange, outbox: Outbox): Promise<void> {
  const repo = taskRepository(tx)
  const tasks = reprojectable(change, await repo.lockOpenTasks())
  // Every open task's clocks are looked at again: the day one turns yellow may move though its due date does not.
  await repo.lookAgainAtOpenTasks()
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
              // The gateway sets the moved day on no newer snapshot of the task (the move gives it no new version).
              subjectVersion: task.version,
              spec,
            },
          ]
        : []
    }),
  )
  const moved = movedDues(change, clocks)
  const changed = new Map<string, Task>()
  // A task whose due date cannot be counted (its other clock runs past the supported dates) is named, and keeps its day.
  const uncounted = new Set<string>()
  for (const m of moved) {
    const { task } = m.open
    if (uncounted.has(task.taskId)) continue
    const counted = countedOrLeftOut(change, 'task', task.taskId, () => ({
      dueOn: dueOnOf(task.clocks, change.today, change.after),
    }))
    if (!counted) uncounted.add(task.taskId)
    else if (counted.dueOn !== undefined && counted.dueOn !== task.dueOn)
      changed.set(task.taskId, { ...task, dueOn: counted.dueOn })
  }
  // A decided task's 督办 still owed runs to its reply-by day as an open task's does (docs/legal-time.md#督办).
  const owing = reprojectable(change, await repo.lockDecidedTasksOwingSupervision())
  const supervisions = reprojectSupervisions(change, [...tasks, ...owing], changed)
  await repo.saveTasks([...changed.values()])
  const rows: PendingEvent[] = moved
    .filter((m) => m.moved && !uncounted.has(m.open.task.taskId))
    .map((m) => {
      const dueOn = changed.get(m.open.task.taskId)?.dueOn ?? m.open.task.dueOn
      return {
        event: ApprovalDueMovedV1,
        aggregateId: m.open.task.taskId,
        body: { ...m.body, ...(dueOn === undefined ? {} : { subjectDueOn: dueOn }) },
      }
    })
  const commitments = await reprojectCommitments(tx, change)
  const all = [...rows, ...supervisions, ...commitments]
  if (all.length > 0) await outbox.add(tx, all)
}

/**
 * 督办 of a task, open or decided, on a publication: each unanswered one's reply-by day (`deadline.due`, its `deadline.spec`
 * counted from `openedOn`) is re-projected as the task's own clocks are; an answered one keeps its day (the reply is
 * in), and so does one already reported overdue (`overdueOn`). A moved day is kept in the task's state (`changed`, no new version: nothing happened to the task) and is one
 * `clock.due-moved` (subject `task:<taskId>/<supervisionId>`, clock `reply-by`, no `subjectDueOn`: the task's own due
 * date is not this one).
 */
export function reprojectSupervisions(
  change: CalendarChange,
  tasks: readonly Task[],
  changed: Map<string, Task>,
): PendingEvent[] {
  const clocks = tasks.flatMap((task) =>
    (task.supervisions ?? []).flatMap((s) =>
      // One reported overdue keeps the day it was reported against (the alert is raised once, on that day).
      s.response === undefined && s.deadline.doneOn === undefined && s.overdueOn === undefined
        ? [
            {
              taskId: task.taskId,
              supervisionId: s.id,
              projectId: task.projectId,
              subject: `task:${task.taskId}/${s.id}`,
              clock: 'reply-by',
              department: task.department,
              // The task's version the move is computed on: the gateway sets it on no newer snapshot.
              subjectVersion: task.version,
              spec: s.deadline.spec,
            },
          ]
        : [],
    ),
  )
  const moved = movedDues(change, clocks).filter((m) => m.moved)
  const byId = new Map(tasks.map((t) => [t.taskId, t]))
  for (const { open, to } of moved) {
    const task = changed.get(open.taskId) ?? byId.get(open.taskId)
    if (!task) continue
    changed.set(open.taskId, {
      ...task,
      supervisions: (task.supervisions ?? []).map((s) =>
        s.id === open.supervisionId ? { ...s, deadline: { ...s.deadline, due: to } } : s,
      ),
    })
  }
  return moved.map((m) => ({ event: ApprovalDueMovedV1, aggregateId: m.open.taskId, body: m.body }))
}

/**
 * 告知承诺 in the approval stage, on a publication: each open commitment's verify-by day (its `verifyClock`) is
 * re-projected; a moved day is kept in the task's state (no new version) and is one `clock.due-moved` (clock
 * `verify-by`, no `subjectDueOn`: the task's own due date is not this one).
 */
async function reprojectCommitments(tx: Tx, change: CalendarChange): Promise<PendingEvent[]> {
  const repo = taskRepository(tx)
  const clocks = reprojectable(change, await repo.lockOpenCommitments(change.today)).flatMap((task) =>
    task.commitment?.verifyClock
      ? [
          {
            task,
            projectId: task.projectId,
            subject: `task:${task.taskId}`,
            clock: 'verify-by',
            department: task.department,
            // The task's version the move is computed on: the gateway sets it on no newer snapshot.
            subjectVersion: task.version,
            spec: task.commitment.verifyClock,
          },
        ]
      : [],
  )
  const moved = movedDues(change, clocks).filter((m) => m.moved)
  await repo.saveTasks(
    moved.map(({ open: { task }, to }) => ({ ...task, commitment: { ...task.commitment, verifyBy: to } })),
  )
  return moved.map((m) => ({ event: ApprovalDueMovedV1, aggregateId: m.open.task.taskId, body: m.body }))
}

type ChangeReason = Static<typeof ClockChangeReason>

/**
 * The step's clocks changed (a pause, a resumption): stored with their due date (the earliest of the two, what a
 * published calendar re-projects), and published whole for the status's clock views. Runs in the caller's transaction
 * under the step's lock.
 */
async function stepClocksChanged(
  tx: Tx,
  step: StepRow,
  clocks: StepClocks,
  reason: ChangeReason,
  at: string,
  today: string,
  calendar: Calendar,
): Promise<PendingEvent[]> {
  const dueOn = stepDueOn(clocks, today, calendar)
  await taskRepository(tx).saveStepClocks(step.applicationId, clocks, dueOn)
  return stepClocksRows(step, clocks, dueOn, reason, at)
}

/** The step's clocks as published: nothing for a step without a clock. */
const stepClocksRows = (
  step: StepRow,
  clocks: StepClocks,
  dueOn: string | undefined,
  reason: ChangeReason,
  at: string,
): PendingEvent[] => (clocks.statutory || clocks.committed ? [stepClocksRow(step, clocks, dueOn, reason, at)] : [])

/**
 * The project's whole-flow cap clock changed by `change` (nothing when the project type has no cap, or nothing
 * changed): stored with its due date and whether it runs, and published whole. Its row is locked last, after the
 * step's and the tasks', in every transaction that takes it.
 */
async function flowChanged(
  tx: Tx,
  projectId: string,
  change: (flow: FlowClock) => FlowClock,
  reason: ChangeReason,
  at: string,
  today: string,
  calendar: Calendar,
): Promise<PendingEvent[]> {
  const repo = flowRepository(tx)
  const before = await repo.lockFlow(projectId)
  if (!before) return []
  const after = change(before)
  if (after === before) return []
  return (await saveFlow(tx, after, reason, at, today, calendar)) ?? []
}

/** Stores the flow clock and its event row; `undefined` when `opening` a new one found another's row there first. */
async function saveFlow(
  tx: Tx,
  flow: FlowClock,
  reason: ChangeReason,
  at: string,
  today: string,
  calendar: Calendar,
  opening = false,
): Promise<PendingEvent[] | undefined> {
  const dueOn = flowDueOn(flow, today, calendar)
  const saved = await flowRepository(tx).saveFlow(flow, isRunning(flow), dueOn, at, opening)
  return saved ? [flowClockRow(flow, dueOn, reason, at)] : undefined
}

/**
 * Opens an accepted step's tasks, in the caller's transaction — the one way a task opens: one task per (item,
 * department), each with its own clocks, and the step they decide, with the step's clocks and the project's whole-flow
 * cap clock. The same acceptance again (a re-sent copy past the inbox) opens nothing and publishes nothing.
 * A follow-on (后续事项, `followOnOf`) opens the same way from the acceptance its approved item stands for; it is on no
 * step of the flow (nobody applied for it), so it has no step clocks and the whole-flow clock does not count it.
 */
export async function openAcceptedStep(
  tx: Tx,
  event: ApplicationAcceptedV1,
  at: string,
  calendar: Calendar,
  followOnOf?: TaskFollowOnOf,
): Promise<PendingEvent[]> {
  const opened = openTasks(
    event,
    event.items.map(() => uuidv7()),
    at,
    calendar,
    followOnOf,
  )
  // A step whose every item was taken on commitment (告知承诺) is decided with its tasks.
  const outcome = opened.decided.length > 0 ? stepOutcome(opened.tasks) : undefined
  const dueOn = stepDueOn(opened.step.clocks, event.acceptedOn, calendar)
  // One round trip for the step, its tasks, its 用地清单 (the list bounding every 补正 of its tasks) and the flow
  // clock's lock.
  const written = await taskRepository(tx).openStep(opened.step, opened.tasks, {
    dueOn,
    at,
    ...(outcome === undefined ? {} : { outcome }),
    ...(event.landList ? { landList: event.landList } : {}),
  })
  if (!written) return []
  // One event for the step's N assignments: N publishes, deliveries and reader applications were most of the cost
  // of opening a step (docs/performance.md).
  const rows: PendingEvent[] = [
    tasksAssignedRow(opened.step, opened.assigned),
    ...opened.decided.map((d) => taskEventRow(d.event, d.after)),
  ]
  if (outcome) rows.push(stepDecidedRow(opened.step, outcome, opened.tasks, at, event.acceptedOn))
  if (followOnOf) return rows
  // The step's clocks shown as they open; the project's whole-flow cap clock opens or counts this step.
  const decidedAtOnce = outcome !== undefined
  rows.push(
    ...(await stepOpened(tx, event, { step: opened.step, dueOn, flow: written.flow, decidedAtOnce }, at, calendar)),
  )
  return rows
}

/**
 * 后续事项: a step approved (its `step.decided`, the follow-on consumer's transaction) opens, for each follow-on its
 * acceptance pinned whose item a department approved, the follow-on's task for its department on the same project —
 * no application, no materials. Its id is derived from the decision and the follow-on (`followOnId`), so a redelivery
 * opens nothing twice; one opened on the id an earlier release derived (`itemOnlyFollowOnId`) is found there. A stored
 * follow-on that does not read comes back in `unreadable` for the consumer to name.
 */
export async function openFollowOns(
  tx: Tx,
  decided: StepDecidedV1,
  at: string,
  calendar: Calendar,
): Promise<StoredRows<PendingEvent>> {
  if (decided.outcome !== 'approved') return { rows: [], unreadable: [] }
  const repo = taskRepository(tx)
  const read = await repo.followOnsOf(decided.applicationId)
  if (!read) return { rows: [], unreadable: [] }
  // A follow-on whose stored value does not read is named, not opened; the others open (and the decision stands).
  const rows: PendingEvent[] = []
  for (const f of read.pinned ? followOnsOf(decided, read.pinned) : []) {
    // Opened by a release that derived its id from the application and item alone: that one stands.
    const [item] = f.acceptance.items
    const opened = item ? { item: item.item, department: item.department, after: f.followOnOf.item } : undefined
    if (opened && (await repo.followOnOpenedOn(f.openedEarlierAs, opened))) continue
    rows.push(...(await openAcceptedStep(tx, f.acceptance, at, calendar, f.followOnOf)))
  }
  return { rows, unreadable: read.unreadable }
}

/**
 * A step accepted (the approval consumer's transaction), its row written with its clocks' due day by the repository's
 * `openStep`, which also read and locked the project's whole-flow cap clock (`flow`): the step's clocks are published,
 * and the flow clock opens on its first step (when the project type has a cap) or counts this one; a step decided at
 * once (every item on commitment) ends its span the same day.
 */
export async function stepOpened(
  tx: Tx,
  event: ApplicationAcceptedV1,
  opened: { step: StepRow; dueOn: string | undefined; flow: FlowClock | undefined; decidedAtOnce: boolean },
  at: string,
  calendar: Calendar,
): Promise<PendingEvent[]> {
  const today = event.acceptedOn
  const rows = stepClocksRows(opened.step, opened.step.clocks, opened.dueOn, 'opened', at)
  const counted = (before: FlowClock | undefined): FlowClock | undefined => {
    const after = openFlowStep(before, event)
    return after && opened.decidedAtOnce ? closeFlowStep(after, event.applicationId, today) : after
  }
  const flow = counted(opened.flow)
  if (!flow || flow === opened.flow) return rows
  const saved = await saveFlow(tx, flow, 'opened', at, today, calendar, opened.flow === undefined)
  if (saved) return [...rows, ...saved]
  // No row to lock when `openStep` read it: another application of the project, accepted alongside, opened the flow
  // since (its insert committed before ours went on). This step is counted on that flow, under its row's lock.
  const recounted = await flowChanged(tx, event.projectId, (f) => counted(f) ?? f, 'opened', at, today, calendar)
  return [...rows, ...recounted]
}

/**
 * A joint-acceptance or first-registration case seen (its opening or its decision; the consumers' transaction): the
 * project's whole-flow cap clock counts it from its opening and, once decided, up to its decision. Nothing for a
 * project without a flow clock (a type without a cap).
 */
export async function flowCaseSeen(
  tx: Tx,
  projectId: string,
  span: FlowSpan,
  at: string,
  calendar: Calendar,
): Promise<PendingEvent[]> {
  const today = legalDateOf(new Date(at))
  const { to, ...open } = span
  return flowChanged(
    tx,
    projectId,
    (f) => {
      const opened = openFlowSpan(f, open)
      return to === undefined ? opened : closeFlowStep(opened, span.id, to)
    },
    to === undefined ? 'opened' : 'decided',
    at,
    today,
    calendar,
  )
}

/** A project's whole-flow cap clock: alerts keyed by kind, on `flow_alert`. */
export const flowAlertClock: AlertClock<AlertedFlow, FlowAlertDue> = {
  candidates: (tx, today, after, limit) => flowRepository(tx).runningFlowIds(today, after, limit),
  readAll: (tx, ids) => flowRepository(tx).alertedFlows(ids),
  read: (tx, id, lock) => flowRepository(tx).alertedFlow(id, lock),
  alertsDue: ({ flow }, today, yellowAt, calendar) => flowAlertsDue(flow, today, yellowAt, calendar),
  keyOf: (alert) => alert.kind,
  lookOn: ({ flow }, emitted, today, yellowAt, calendar) => flowLookOn(flow, emitted, today, yellowAt, calendar),
  saveLooks: (tx, looks) =>
    flowRepository(tx).saveFlowLooks(looks.map(({ seen: { flow }, lookOn }) => ({ flow, lookOn }))),
  lookAgain: (tx, ids) => flowRepository(tx).lookAgainAtFlows(ids),
  insertAlerts: (tx, { flow }, due, at) =>
    flowRepository(tx).insertFlowAlerts(
      due.map(({ alert, eventId }) => ({ projectId: flow.projectId, kind: alert.kind, dueOn: alert.dueOn, eventId })),
      at,
    ),
  eventOf: ({ flow }, alert) => ({
    event: alert.kind === 'overdue' ? FlowClockOverdueV1 : FlowClockWarnedV1,
    aggregateId: flow.projectId,
    names: { projectId: flow.projectId },
  }),
}

/**
 * A published calendar, in the calendar consumer's transaction: every undecided step's clocks, every open task's and
 * every project's whole-flow clock are re-projected (workdays' `reproject`), locked in the order commands take them
 * (steps, tasks, flows); each stored due date follows, and each moved date is one `clock.due-moved` for the
 * project's timeline (`step:<application>` statutory / committed, `task:<id>`, `project:<id>` whole-flow).
 */
export async function reprojectClocks(tx: Tx, change: CalendarChange, outbox: Outbox): Promise<void> {
  const repo = taskRepository(tx)
  const steps = reprojectable(change, await repo.lockOpenSteps())
  // The days the scan would next look at each clock were counted with the old calendar.
  await repo.lookAgainAtOpenSteps()
  const stepClocks = steps.flatMap((step) =>
    (['statutory', 'committed'] as const).flatMap((name) => {
      const spec = step.clocks[name]
      return spec ? [{ step, projectId: step.projectId, subject: `step:${step.applicationId}`, clock: name, spec }] : []
    }),
  )
  const stepDue = new Map<string, string | undefined>()
  // A step whose due date cannot be counted (one of its clocks runs past the supported dates) is named and keeps what
  // it stored, its moves untold.
  const uncounted = new Set<string>()
  const movedSteps = movedDues(change, stepClocks).filter((moved) => {
    const id = moved.open.step.applicationId
    if (!moved.moved || uncounted.has(id)) return false
    if (stepDue.has(id)) return true
    const counted = countedOrLeftOut(change, 'step', id, () => ({
      dueOn: stepDueOn(moved.open.step.clocks, change.today, change.after),
    }))
    if (!counted) uncounted.add(id)
    else stepDue.set(id, counted.dueOn)
    return counted !== undefined
  })
  for (const [id, dueOn] of stepDue) await repo.saveStepDue(id, dueOn)
  await reprojectTasks(tx, change, outbox)
  // 好差评: each open fix-and-reply loop's due date, as every other clock's.
  const movedLoops = await reprojectRatings(tx, change)
  const flows = flowRepository(tx)
  const locked = reprojectable(change, await flows.lockAllFlows())
  await flows.lookAgainAtAllFlows()
  // A flow clock with no step, or whose days cannot be counted, is named and left as it was.
  const flowClocks = locked.flatMap((flow) => {
    if (flow.steps.length === 0) {
      change.unreadable.push(new UnreadableStoredRow('flow clock', flow.projectId, 'no step'))
      return []
    }
    const spec = countedOrLeftOut(change, 'flow clock', flow.projectId, () => flowClockSpec(flow))
    return spec
      ? [{ flow, projectId: flow.projectId, subject: `project:${flow.projectId}`, clock: 'whole-flow', spec }]
      : []
  })
  const movedFlows = movedDues(change, flowClocks)
  for (const m of movedFlows.filter((moved) => moved.moved)) await flows.saveFlowDue(m.open.projectId, m.to)
  const rows: PendingEvent[] = [
    ...movedSteps
      .filter((m) => m.moved)
      .map((m) => {
        const dueOn = stepDue.get(m.open.step.applicationId)
        return {
          event: ApprovalDueMovedV1,
          aggregateId: m.open.step.applicationId,
          body: { ...m.body, ...(dueOn === undefined ? {} : { subjectDueOn: dueOn }) },
        }
      }),
    ...movedFlows
      .filter((m) => m.moved)
      .map((m) => ({
        event: ApprovalDueMovedV1,
        aggregateId: m.open.projectId,
        body: { ...m.body, subjectDueOn: m.to },
      })),
    ...movedLoops,
  ]
  if (rows.length > 0) await outbox.add(tx, rows)
}

// ——— 好差评: the owner's ratings of the departments' handling, and the fix-and-reply loop (issue 17 part 6) ———

const ratingNotFound = (id: string): Result<never> => ({
  ok: false,
  error: { code: 'APPROVAL_RATING_NOT_FOUND', message: `No rating ${id}.`, details: { ratingId: id } },
})

const ratingRow = (
  event: typeof RatingGivenV1 | typeof RatingRepliedV1 | typeof RatingFixOverdueV1,
  rating: Rating,
  actor?: string,
): PendingEvent => ({
  event,
  aggregateId: rating.ratingId,
  body: { rating, ...(actor === undefined ? {} : { actor }) },
})

/**
 * The owner rates the department's handling of a decided task (first rating, or the second after the reply), in one
 * transaction under the task's and the rating's locks; a bad first rating opens the loop with its due date.
 */
export async function rateTask(
  deps: CommandDeps,
  taskId: string,
  actor: Rater,
  body: RateTaskBody,
): Promise<Result<Rating>> {
  const { at, today } = clockNow(deps.clock)
  const audit = { actor, action: 'approval.rating.give', object: `task:${taskId}` }
  return deps.audited(audit, async (tx): Promise<Result<Rating>> => {
    const repo = taskRepository(tx)
    const task = await repo.findTask(taskId, true)
    if (!task) return notFound(taskId)
    const step = await repo.findStep(task.applicationId)
    const ratings = ratingRepository(tx)
    const existing = await ratings.byTask(taskId, true)
    const rated = rate(task, existing, body, {
      at,
      today,
      rater: actor,
      ownerCreditCode: step?.ownerCreditCode,
      ratingId: uuidv7(),
      calendar: deps.calendar.current(),
    })
    if (!rated.ok) return rated
    if (existing) await ratings.save(rated.value)
    else if (!(await ratings.insert(rated.value))) {
      // The task's lock serialises its ratings, so a lost insert is a broken invariant, not a race to answer.
      throw new Error(`rating of task ${taskId} inserted twice`)
    }
    await deps.outbox.add(tx, [ratingRow(RatingGivenV1, rated.value, actor.sub)])
    return rated
  })
}

/** 整改 and 反馈: the rated department's reviewer or lead replies to a bad rating, once. */
export async function replyToRating(
  deps: CommandDeps,
  ratingId: string,
  actor: Replier,
  body: RatingReplyBody,
): Promise<Result<Rating>> {
  const { at, today } = clockNow(deps.clock)
  const audit = { actor, action: 'approval.rating.reply', object: `rating:${ratingId}` }
  return deps.audited(audit, async (tx): Promise<Result<Rating>> => {
    const ratings = ratingRepository(tx)
    const rating = await ratings.byId(ratingId, true)
    if (!rating) return ratingNotFound(ratingId)
    const replied = reply(rating, body, { at, today, replier: actor })
    if (!replied.ok) return replied
    await ratings.save(replied.value)
    await deps.outbox.add(tx, [ratingRow(RatingRepliedV1, replied.value, actor.sub)])
    return replied
  })
}

export async function getRating(deps: CommandDeps, ratingId: string): Promise<Result<Rating>> {
  return deps.transaction(async (tx): Promise<Result<Rating>> => {
    const rating = await ratingRepository(tx).byId(ratingId)
    return rating ? { ok: true, value: rating } : ratingNotFound(ratingId)
  })
}

// ── 联合审图 — the joint drawing review (docs/shared-results.md) ──────────────────────────────────────────────────

const reviewNotFound = (what: string): Result<never> => ({
  ok: false,
  error: { code: 'APPROVAL_DRAWING_REVIEW_NOT_FOUND', message: `No drawing review ${what}.`, details: { what } },
})

/**
 * The owner submits its drawing set: version 1 opens the project's one review, a re-submission after comments is
 * the next version of it. The review row is locked (or inserted) in the transaction that writes the event.
 */
export async function submitDrawingSet(
  deps: CommandDeps,
  projectId: string,
  actor: ContractActor,
  body: ForwardedDrawingSetBody,
): Promise<Result<DrawingReview>> {
  const { at, today } = clockNow(deps.clock)
  const audit = { actor, action: 'approval.drawing-review.submit', object: `project:${projectId}` }
  const { project: copy, ...submission } = body
  return deps.audited(audit, async (tx): Promise<Result<DrawingReview>> => {
    const repo = drawingReviewRepository(tx)
    const existing = await repo.findByProject(projectId, true)
    // The gateway sends the project as its read model holds it: approval keeps it as its copy when it has none — a
    // registration older than the stream's retention it never heard, and never will (docs/architecture.md).
    if (copy) await projectRepository(tx).insertTitle({ projectId, ...copy })
    // The clock counts on the project's calendar (its regional rest days), as its tasks' clocks do: a project approval
    // has not heard of yet has no known calendar, and is refused until it has (the gateway then asks again).
    const { known, region } = await repo.projectOf(projectId)
    if (!existing && !known) {
      return {
        ok: false,
        error: { code: 'APPROVAL_PROJECT_NOT_FOUND', message: `No project ${projectId}.`, details: { projectId } },
      }
    }
    const d = decideSubmission(
      existing,
      { reviewId: uuidv7(), projectId, actor, body: submission, ...(region ? { region } : {}) },
      { at, today, calendar: deps.calendar.current() },
    )
    if (!d.ok) return d
    if (existing) await repo.save(d.value.review)
    else if (!(await repo.insert(d.value.review))) {
      return {
        ok: false,
        error: {
          code: 'APPROVAL_DRAWING_REVIEW_STATE_CONFLICT',
          message: 'The project’s drawing review was opened at the same moment; submit again.',
        },
      }
    }
    await deps.outbox.add(tx, [drawingReviewRow(d.value, actor.sub)])
    return { ok: true, value: d.value.review }
  })
}

/** The named review body answers the version under review; anyone else is told there is no such review. */
export async function answerDrawingReview(
  deps: CommandDeps,
  reviewId: string,
  actor: ContractActor,
  body: AnswerDrawingReviewBody,
): Promise<Result<DrawingReview>> {
  const { at } = clockNow(deps.clock)
  const audit = { actor, action: `approval.drawing-review.${body.outcome}`, object: `drawing-review:${reviewId}` }
  return deps.audited(audit, async (tx): Promise<Result<DrawingReview>> => {
    const repo = drawingReviewRepository(tx)
    const review = await repo.find(reviewId, true)
    if (!review || !isReviewBodyOf(review, actor)) return reviewNotFound(reviewId)
    const d = answerReview(review, body, at)
    if (!d.ok) return d
    await repo.save(d.value.review)
    await deps.outbox.add(tx, [drawingReviewRow(d.value, actor.sub)])
    return { ok: true, value: d.value.review }
  })
}

/** The project's review, as the gateway authorised the caller to see it (the owner's own, a supervisor, an admin). */
export async function getDrawingReview(deps: CommandDeps, projectId: string): Promise<Result<DrawingReview>> {
  const review = await deps.transaction((tx) => drawingReviewRepository(tx).findByProject(projectId))
  return review ? { ok: true, value: review } : reviewNotFound(`of project ${projectId}`)
}

/** The reviews a review body was named on (its worklist), with the titles of their projects (it reads no project). */
export async function reviewsOfBody(
  deps: CommandDeps,
  actor: ContractActor,
): Promise<StoredRows<DrawingReview> & { projects: ProjectTitle[] }> {
  if (actor.role !== 'review_body' || !actor.creditCode) return { rows: [], unreadable: [], projects: [] }
  const creditCode = actor.creditCode
  return deps.transaction(async (tx) => {
    const list = await drawingReviewRepository(tx).ofReviewBody(creditCode, 200)
    const projects = await projectTitles(
      tx,
      list.rows.map((r) => r.projectId),
    )
    return { ...list, projects }
  })
}

/**
 * What a department's task decides on: the project's report, for an item that depends on it. The gateway has checked
 * the task is the caller's department's; a task of an item that does not depend on the review has no report.
 */
export async function drawingReportOfTask(
  deps: CommandDeps,
  taskId: string,
  actor: ContractActor,
): Promise<
  Result<{ taskId: string; item: string; subjects: DrawingReportSubject[]; source: string; review: DrawingReview }>
> {
  return deps.transaction(async (tx) => {
    const task = await taskRepository(tx).findTask(taskId)
    if (!task || (actor.role === 'reviewer' && actor.department !== task.department)) return notFound(taskId)
    const dependent = dependentItem(task.item)
    const review = dependent ? await drawingReviewRepository(tx).findByProject(task.projectId) : undefined
    if (!dependent || !review) return reviewNotFound(`for task ${taskId}`)
    return {
      ok: true as const,
      value: { taskId, item: task.item, subjects: [...dependent.subjects], source: dependent.source, review },
    }
  })
}

/**
 * The loop's durable timer (DESIGN §6): each open loop found past its due date with no reply is marked overdue and
 * announced once (RatingFixOverdueV1), the mark and the event in one transaction. Resolves to how many.
 */
export async function scanRatingsOnce(
  deps: CommandDeps,
  skipped: (ratingId: string, error: unknown) => void,
): Promise<number> {
  const { at, today } = clockNow(deps.clock)
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => ratingRepository(tx).overdueCandidates(today, after, limit),
    read: (tx, id, lock) => ratingRepository(tx).ifFree(id, lock),
    decide: (rating: Rating) => fixOverdue(rating, at, today, deps.calendar.current()),
    write: async (tx, rating: Rating) => {
      await ratingRepository(tx).save(rating)
      await deps.outbox.add(tx, [ratingRow(RatingFixOverdueV1, rating)])
      return 1
    },
  })
}

/**
 * A published calendar, in the calendar consumer's transaction: each open fix-and-reply loop's due date re-projected
 * from its clock (the rating's day, 10 W); a moved one is kept in the rating's state (no new version: nothing happened
 * to the rating) and told as one `clock.due-moved` (subject `rating:<id>`, clock `fix`) for the timeline and the
 * gateway's copy. A loop already found overdue keeps that record.
 */
async function reprojectRatings(tx: Tx, change: CalendarChange): Promise<PendingEvent[]> {
  const ratings = ratingRepository(tx)
  const clocks = reprojectable(change, await ratings.lockOpenLoops(change.today)).flatMap((rating) =>
    rating.fix
      ? [
          {
            rating,
            projectId: rating.projectId,
            subject: `rating:${rating.ratingId}`,
            clock: 'fix',
            department: rating.department,
            // The rating's version the move is computed on: the gateway sets it on no newer snapshot.
            subjectVersion: rating.version,
            spec: { limit: rating.fix.limit, start: rating.fix.start, suspensions: [] },
          },
        ]
      : [],
  )
  const moved = movedDues(change, clocks).filter((m) => m.moved)
  for (const { open, to } of moved) {
    const { rating } = open
    if (rating.fix) await ratings.save({ ...rating, fix: { ...rating.fix, dueOn: to } })
  }
  return moved.map((m) => ({
    event: ApprovalDueMovedV1,
    aggregateId: m.open.rating.ratingId,
    body: { ...m.body, subjectDueOn: m.to },
  }))
}

/**
 * One pass of the review clocks' alerts: a review under review with an alert due is taken `FOR UPDATE SKIP LOCKED`
 * and marked in the same transaction as its events, which keeps each alert to once across passes and replicas.
 */
export async function scanDrawingReviewsOnce(
  deps: CommandDeps,
  options: { yellowAt: number },
  skipped: (reviewId: string, error: unknown) => void,
): Promise<number> {
  const { at, today } = clockNow(deps.clock)
  return sweep({
    transaction: deps.transaction,
    skipped,
    candidates: (tx, after, limit) => drawingReviewRepository(tx).reviewingIds(after, limit),
    read: (tx, id, lock) => (lock ? drawingReviewRepository(tx).lockIfFree(id) : drawingReviewRepository(tx).find(id)),
    decide: (review) => {
      const changes = reviewClockAlerts(review, today, at, {
        calendar: deps.calendar.current(),
        yellowAt: options.yellowAt,
      })
      return changes.length > 0 ? changes : undefined
    },
    write: async (tx, changes) => {
      const last = changes[changes.length - 1] as (typeof changes)[number]
      await drawingReviewRepository(tx).save(last.review)
      await deps.outbox.add(
        tx,
        changes.map((c) => drawingReviewRow(c)),
      )
      return changes.length
    },
  })
}
