import {
  type ApplicationAcceptedV1,
  MAX_LIST,
  MAX_TASK_SUPERVISIONS,
  type NationalCode,
  nationalStates,
  orderedFinding,
  type RectificationChange,
  type RectificationRefusal,
  type RectificationReport,
  rectificationAfter,
  rectificationDueOverdue,
  rectificationEscalation,
  rectificationRefusal,
  rectificationReport,
  rectificationReview,
  supervisionState,
  type TaskDeficiency,
  type TaskFollowOnOf,
  type TaskRectification,
  type TaskSnapshot,
  type TaskSupervision,
} from '@onewindow/contracts'
import {
  type CommitmentMeasure,
  type DomainDetails,
  type IsWorkingDay,
  isVerificationOverdue,
  type Limit,
  type Result,
  summaryNote,
  type VerificationInput,
  type VerificationOutcome,
  verificationErrors,
  verifyCommitment,
} from '@onewindow/vocabulary'
import { type Calendar, dueDate, evaluateClock } from '@onewindow/workdays'
import type { Static } from 'typebox'
import { type PinnedFollowOns, pinnedFollowOns } from './follow-on.js'
import { openStepClocks, type StepClocks } from './step-clock.js'

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
  /** The region's setting pinned at acceptance: the lead's consolidated notice stops every clock of the step or not. */
  noticeStops?: 'requesting' | 'step'
  /** The clocks are stopped by the step's consolidated notice though this department asked for nothing. */
  noticePause?: { suspensionId: string }
}

export const openStatuses: readonly TaskStatus[] = ['assigned', 'claimed', 'supplement-requested', 'special-procedure']
export const isOpen = (status: TaskStatus) => openStatuses.includes(status)

/** When a command happens: the instant (audit) and its legal day (clocks). Passed in, never read here. */
export type At = { at: string; today: string }

export type TaskCommand =
  | { type: 'Claim'; actor: Actor }
  | {
      type: 'RequestSupplement'
      actor: Actor
      materials: string[]
      reason: string
      suspensionId: string
      /** Asked by the step's lead department (牵头部门) on this department's behalf, in its consolidated notice. */
      byLead?: boolean
    }
  /** The lead's consolidated notice stops this task's clocks too (the region's setting `step`). */
  | { type: 'PauseForNotice'; suspensionId: string }
  /** The owner answered the step's notice: the paused clocks run again. */
  | { type: 'ResumeFromNotice'; actor?: string }
  /** 告知承诺: approved at once on the owner's written commitment, verified by `verifyBy` (the due date of `verifyClock`). */
  | { type: 'ApproveOnCommitment'; verifyBy: string; verifyClock?: ClockSpec }
  /** 事后核查: kept, or breached with its measures; 依法撤销许可 revokes the permit with it ({@link withMeasures}). */
  | { type: 'VerifyCommitment'; actor: Actor; body: VerificationInput }
  | { type: 'ReportCommitmentOverdue' }
  /** 容缺逾期: intake found a material of the task's application owed past its promised day; recorded once. */
  | { type: 'ReportDeficiencyOverdue'; material: string; promisedOn: string }
  /** 容缺后补 not kept (004:1860): the task's department records its finding on one overdue material, once. */
  | { type: 'RecordDeficiencyFinding'; actor: Actor; body: DeficiencyFindingInput }
  /**
   * 整改 reported (责令限期整改, 004:1860): the project's owner says it put right what a finding ordered (`material`: a
   * 容缺 material's finding, else the 告知承诺's). `owner`, not `actor`: the one task command no reviewer gives but the
   * owner; `ownerCreditCode` is the step's owner, whom alone it may come from.
   */
  | { type: 'ReportRectification'; owner: OwnerActor; ownerCreditCode: string | undefined; body: RectificationInput }
  /** The finding's department confirms the last report (整改完成) or finds it not done, saying what is missing. */
  | { type: 'ReviewRectification'; actor: Actor; body: RectificationReviewInput }
  /**
   * 逾期未整改: the timer reports each finding whose `rectifyBy` passed with no 整改 confirmed, once — not while a report
   * made by `rectifyBy` awaits review (`rectificationState`): found not done, it is reported on the next pass.
   */
  | { type: 'ReportRectificationsOverdue' }
  /** 逾期未整改's further measure (依法撤销许可, 禁止选择告知承诺), once, through the breach's one path ({@link withMeasures}). */
  | { type: 'EscalateRectification'; actor: Actor; body: RectificationEscalationInput }
  /** 督办逾期未回复: the timer reports each 督办 of an open task unanswered past its reply-by day, once. */
  | { type: 'ReportSupervisionsOverdue' }
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
  /** 延长 (行政许可法第四十二条): the statutory clock, once, by the extension pinned on it; `approvedBy` is the head who approved. */
  | { type: 'Extend'; actor: Actor; approvedBy: string; reason: string }
  /** Closed as no longer needed: another department rejected the application (办结（不通过）, 13, for the step). */
  | { type: 'Close'; reason: string }
  /** 撤回 (14): the applicant withdrew the application; `by` is the owner or the clerk acting for the owner. */
  | { type: 'Withdraw'; reason: string; by: string }
  /** 撤销 (15): the approving department revokes the permit it granted, with the reason and the legal basis. */
  | { type: 'Revoke'; actor: Actor; reason: string; legalBasis: string }
  /**
   * 督办 (跟踪督办, 004:1794, 004:1868): the supervising office urges the department on an open task, the reply due
   * `replyWithin` working days from today. `supervisor`, not `actor`: the one command no reviewer gives.
   */
  | { type: 'Supervise'; supervisor: Actor; supervisionId: string; note: string; replyWithin: number }
  /** 督办回复: a reviewer of the task's department answers one 督办, once. */
  | { type: 'RespondSupervision'; actor: Actor; supervisionId: string; response: string }

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
    | { type: 'withdrawn'; reason: string }
    | { type: 'revoked'; reason: string; legalBasis: string }
    | { type: 'clock-paused'; suspensionId: string }
    | { type: 'clock-resumed' }
    | { type: 'approved-on-commitment'; verifyBy: string; verifyClock?: ClockSpec }
    | { type: 'commitment-kept'; verification: Verification }
    | { type: 'commitment-breached'; verification: Verification; note: string }
    | { type: 'commitment-overdue' }
    | { type: 'deficiency-overdue'; material: string; promisedOn: string }
    | { type: 'deficiency-breached'; material: string; verification: Verification; note: string }
    | { type: 'extended'; extension: Extension }
    | { type: 'supervised'; supervision: TaskSupervision }
    | { type: 'supervision-answered'; supervisionId: string; response: string }
    | { type: 'supervision-overdue'; supervisionId: string; dueOn: string }
    | { type: 'rectification-reported'; material?: string | undefined; report: RectificationReport }
    | { type: 'rectification-reviewed'; material?: string | undefined; review: RectificationReviewRecord }
    | { type: 'rectification-overdue'; material?: string | undefined; rectifyBy: string }
    | { type: 'rectification-escalated'; material?: string | undefined; escalation: Escalation; note: string }
  )

export type OwnerActor = { sub: string; role: string; creditCode?: string | undefined }
type RectificationReviewRecord = NonNullable<RectificationReport['review']>
type Escalation = NonNullable<TaskRectification['escalation']>
/** What the owner reports of its 整改 (the body of a report; `material` names a 容缺 finding). */
export type RectificationInput = {
  material?: string | undefined
  statement: string
  materials?: ReadonlyArray<{ code: string; documentRef: string }> | undefined
}
export type RectificationReviewInput = {
  material?: string | undefined
  result: 'done' | 'not-done'
  note?: string | undefined
}
export type RectificationEscalationInput = {
  material?: string | undefined
  measures: ReadonlyArray<'revoke' | 'bar-commitment'>
  barredUntil?: string | undefined
  note?: string | undefined
}

export type Extension = NonNullable<ClockSpec['extended']>

type Verification = NonNullable<NonNullable<Snapshot['commitment']>['verification']>

/** What a department says of an overdue 容缺 material: always a breach, with its findings and measures. */
export type DeficiencyFindingInput = Omit<VerificationInput, 'result'> & { material: string }

export type DecideOptions = At & {
  /** How many 补正 requests a department may make on one task. */
  supplementRounds: number
  /** The working-day calendar an extension's due dates are counted on. */
  calendar: Calendar
}

const refuse = (code: string, message: string, details?: DomainDetails): Result<TaskEvent[]> => ({
  ok: false,
  error: { code, message, ...(details ? { details } : {}) },
})

/**
 * Every pause of a task's clock stays on the clock, and the task's events carry at most `MAX_LIST` of them: a task
 * paused that often gets a clear refusal for one more, where its event would fail the command on publish.
 */
const pausesFull = (task: Task): boolean =>
  Math.max(0, ...[task.clocks.statutory, task.clocks.committed].map((c) => c?.suspensions.length ?? 0)) >= MAX_LIST
const pausesExhausted = (task: Task) =>
  refuse(
    'APPROVAL_TASK_PAUSES_EXHAUSTED',
    `The task's clock has been paused ${MAX_LIST} times (补正 and 特别程序), the most it keeps; it cannot be paused again.`,
    { taskId: task.taskId, most: MAX_LIST },
  )

const conflict = (task: Task, action: string): Result<TaskEvent[]> =>
  refuse('APPROVAL_TASK_STATE_CONFLICT', `A task that is ${task.status} cannot ${action}.`, {
    taskId: task.taskId,
    taskStatus: task.status,
    nationalCode: task.nationalCode,
    task: toSnapshot(task),
  })

/**
 * 后续事项 (004:1814, 004:1806): the approved item's data is shared with the department, no application is made, so a
 * follow-on asks the owner for nothing (补正 asks the applicant for the application's materials; the catalogue lists
 * none for a follow-on) and has no application whose time limit a 特别程序 (行政许可法第四十五条) could stop. Its
 * department decides it, or records receipt of it, on the data it was sent.
 */
const followOnHasNoApplication = (task: Task, action: 'supplement' | 'special-procedure-start', what: string) =>
  refuse(
    'APPROVAL_FOLLOW_ON_NO_APPLICATION',
    `The task ${task.item} follows the approval of ${task.followOnOf?.item ?? 'another item'} with no application: there is no ${what}.`,
    {
      taskId: task.taskId,
      item: task.item,
      action,
      errors: [{ field: '/body/action', message: `${task.item} is a follow-on with no application: no ${what}` }],
    },
  )

/** The commands a reviewer gives; each must come from a reviewer of the task's department. */
const byReviewer = (command: TaskCommand): Actor | undefined =>
  'actor' in command && typeof command.actor === 'object' ? command.actor : undefined

/** The step's lead department asking on a department's behalf: the one actor besides the department's reviewers. */
const isLeadOf = (task: Task, command: TaskCommand, actor: Actor): boolean =>
  command.type === 'RequestSupplement' &&
  command.byLead === true &&
  actor.role === 'lead' &&
  task.lead !== undefined &&
  actor.department === task.lead

/** Decides a command on a task: the events it causes, or why it is refused. Pure. */
export function decide(task: Task, command: TaskCommand, opts: DecideOptions): Result<TaskEvent[]> {
  const at: At = { at: opts.at, today: opts.today }
  const reviewer = byReviewer(command)
  if (
    reviewer &&
    !isLeadOf(task, command, reviewer) &&
    (reviewer.role !== 'reviewer' || reviewer.department !== task.department)
  ) {
    return refuse('APPROVAL_NOT_YOUR_DEPARTMENT', `Only a reviewer of ${task.department} may act on this task.`, {
      taskId: task.taskId,
      department: task.department,
    })
  }
  const by = reviewer?.sub
  // 撤回 ends the application for good: every later command on its tasks is refused with the one stable code — but
  // a 督办's reply, which is owed to the office for the days the task was open, not an act on the application
  // (docs/legal-time.md#督办-of-an-approval-task), and the timer that raises it unanswered.
  if (
    task.status === 'withdrawn' &&
    command.type !== 'RespondSupervision' &&
    command.type !== 'ReportSupervisionsOverdue'
  ) {
    return refuse(
      'APPROVAL_APPLICATION_WITHDRAWN',
      `The application of this task was withdrawn on ${task.decision?.decidedAt ?? 'an earlier day'}; nothing more can be done on it.`,
      {
        taskId: task.taskId,
        applicationId: task.applicationId,
        taskStatus: task.status,
        nationalCode: task.nationalCode,
      },
    )
  }
  switch (command.type) {
    case 'Claim':
      if (task.status !== 'assigned') return conflict(task, 'be claimed')
      return { ok: true, value: [{ ...at, by, type: 'claimed' }] }
    case 'RequestSupplement':
      if (task.followOnOf) return followOnHasNoApplication(task, 'supplement', '补正 to ask of the owner')
      if (task.status !== 'claimed') return conflict(task, 'ask for 补正')
      if (pausesFull(task)) return pausesExhausted(task)
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
      if (task.followOnOf) {
        return followOnHasNoApplication(task, 'special-procedure-start', '特别程序 to stop its time limit for')
      }
      if (task.status !== 'claimed') return conflict(task, 'start a special procedure')
      // 行政许可法第四十五条 stops the clock only for a procedure the item's law requires: the catalogue lists them.
      const allowed = task.specialProcedures.find((p) => p.kind === command.kind)
      if (!allowed) {
        return refuse(
          'APPROVAL_SPECIAL_PROCEDURE_NOT_ALLOWED',
          `The item ${task.item} does not allow a ${command.kind} (特别程序) to stop its clock; it allows ${
            task.specialProcedures.map((p) => p.kind).join(', ') || 'none'
          }.`,
          {
            taskId: task.taskId,
            item: task.item,
            kind: command.kind,
            allowed: task.specialProcedures.map((p) => p.kind),
            errors: [{ field: '/body/kind', message: `${command.kind} is not a special procedure of ${task.item}` }],
          },
        )
      }
      if (pausesFull(task)) return pausesExhausted(task)
      const limit = command.limit ?? allowed.limit
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
      // 信息推送 (004:1806): the drainage authority is told of the construction permit in place of the 临时排水许可 the
      // measure exempts; a refusal would stand in for the permit nobody applied for. It records receipt (approve).
      if (task.followOnOf?.forInformation) {
        return refuse(
          'APPROVAL_FOLLOW_ON_FOR_INFORMATION',
          `The task ${task.item} tells its department of ${task.followOnOf.item} for its information; it is received, not refused.`,
          {
            taskId: task.taskId,
            item: task.item,
            errors: [{ field: '/body/action', message: `${task.item} is for information: it cannot be rejected` }],
          },
        )
      }
      return { ok: true, value: [{ ...at, by, type: 'rejected', reason: command.reason }] }
    case 'Extend': {
      if (!isOpen(task.status)) return conflict(task, 'be extended')
      const clock = task.clocks.statutory
      if (!clock?.extensionAllowed) {
        return refuse('APPROVAL_EXTENSION_NOT_ALLOWED', `The item ${task.item} has no statutory extension to grant.`, {
          taskId: task.taskId,
          item: task.item,
          errors: [{ field: '/body/action', message: `${task.item} has no statutory clock with an extension` }],
        })
      }
      if (clock.extended) {
        return refuse(
          'APPROVAL_ALREADY_EXTENDED',
          `The statutory clock of this task was already extended on ${clock.extended.on}; the law allows one extension.`,
          {
            taskId: task.taskId,
            extended: clock.extended,
            errors: [{ field: '/body/action', message: 'the statutory clock was already extended once' }],
          },
        )
      }
      const extension = extend(clock, command, by, opts.today, opts.calendar)
      return { ok: true, value: [{ ...at, by, type: 'extended', extension }] }
    }
    case 'Close':
      if (!isOpen(task.status)) return conflict(task, 'be closed')
      return { ok: true, value: [{ ...at, type: 'closed', reason: command.reason }] }
    case 'Withdraw':
      if (!isOpen(task.status)) return conflict(task, 'be withdrawn')
      return { ok: true, value: [{ ...at, by: command.by, type: 'withdrawn', reason: command.reason }] }
    case 'Revoke':
      if (task.status === 'revoked') {
        return refuse(
          'APPROVAL_ALREADY_REVOKED',
          `The permit of this task was revoked on ${task.revocation?.revokedOn ?? 'an earlier day'}.`,
          {
            taskId: task.taskId,
            revocation: task.revocation,
          },
        )
      }
      // Only a granted permit can be revoked (行政许可法第六十九条 speaks of a 行政许可 already given).
      if (task.status !== 'approved') return conflict(task, 'have its permit revoked')
      return {
        ok: true,
        value: [{ ...at, by, type: 'revoked', reason: command.reason, legalBasis: command.legalBasis }],
      }
    case 'Supervise':
      return supervise(task, command, at, opts.calendar)
    case 'RespondSupervision': {
      const s = (task.supervisions ?? []).find((x) => x.id === command.supervisionId)
      if (!s) {
        return refuse('APPROVAL_SUPERVISION_NOT_FOUND', 'No such 督办 on this task.', {
          taskId: task.taskId,
          supervisionId: command.supervisionId,
          errors: [{ field: '/params/supervisionId', message: 'no such 督办 on this task' }],
        })
      }
      if (s.response !== undefined) {
        return refuse(
          'APPROVAL_SUPERVISION_ANSWERED',
          `This 督办 was answered on ${s.deadline.doneOn ?? 'an earlier day'}.`,
          {
            taskId: task.taskId,
            supervisionId: s.id,
          },
        )
      }
      return {
        ok: true,
        value: [{ ...at, by, type: 'supervision-answered', supervisionId: s.id, response: command.response }],
      }
    }
    case 'PauseForNotice':
      // Only a running clock is paused: a task in 补正 or 特别程序 has its clocks stopped already.
      if ((task.status !== 'assigned' && task.status !== 'claimed') || task.noticePause) {
        return conflict(task, 'be paused by the step notice')
      }
      return { ok: true, value: [{ ...at, type: 'clock-paused', suspensionId: command.suspensionId }] }
    case 'ResumeFromNotice':
      if (!task.noticePause) return conflict(task, 'resume from the step notice')
      return { ok: true, value: [{ ...at, by: command.actor, type: 'clock-resumed' }] }
    case 'ApproveOnCommitment':
      if (task.status !== 'assigned') return conflict(task, 'be approved on commitment')
      return {
        ok: true,
        value: [
          {
            ...at,
            type: 'approved-on-commitment',
            verifyBy: command.verifyBy,
            ...(command.verifyClock ? { verifyClock: command.verifyClock } : {}),
          },
        ],
      }
    case 'VerifyCommitment': {
      if (!task.commitment) {
        return refuse('APPROVAL_NOT_COMMITTED', `${task.item} was not approved on commitment.`, {
          taskId: task.taskId,
          taskStatus: task.status,
        })
      }
      const outcome = verifyCommitment(
        task.commitment,
        task.item,
        { department: task.department, by: command.actor.sub },
        command.body,
        opts.today,
        workedWhereTaskRuns(opts.calendar, task),
      )
      if (!outcome.ok && outcome.reason === 'verified') {
        return refuse('APPROVAL_COMMITMENT_VERIFIED', `${task.item} was verified on ${outcome.on}.`, {
          taskId: task.taskId,
          verification: task.commitment.verification,
        })
      }
      const findings = (command.body.findings ?? []).join('；')
      return withMeasures(
        task,
        outcome,
        command.body.measures,
        'The verification cannot be recorded as given.',
        ({ verification, note }) =>
          verification.result === 'kept'
            ? { ...at, by, type: 'commitment-kept', verification }
            : { ...at, by, type: 'commitment-breached', verification, note: note ?? task.item },
        {
          reason: summaryNote(
            `告知承诺事项${task.itemName ? `《${task.itemName}》` : ''}经核查与承诺不符：${findings}`,
          ),
          legalBasis: COMMITMENT_REVOCATION_BASIS,
        },
        at,
        by,
      )
    }
    case 'ReportCommitmentOverdue':
      if (!task.commitment || !isVerificationOverdue(task.commitment, opts.today)) {
        return conflict(task, 'be reported as an overdue commitment')
      }
      return { ok: true, value: [{ ...at, type: 'commitment-overdue' }] }
    case 'ReportDeficiencyOverdue':
      if ((task.deficiencies ?? []).some((d) => d.material === command.material)) {
        return conflict(task, `be told again that ${command.material} is overdue`)
      }
      return {
        ok: true,
        value: [{ ...at, type: 'deficiency-overdue', material: command.material, promisedOn: command.promisedOn }],
      }
    case 'RecordDeficiencyFinding':
      return deficiencyFinding(task, command, at, by ?? command.actor.sub, opts.calendar)
    case 'ReportRectification':
      return reportRectification(task, command, at)
    case 'ReviewRectification':
      return reviewRectification(task, command, at, by ?? command.actor.sub)
    case 'EscalateRectification':
      return escalateRectification(task, command, at, by ?? command.actor.sub, opts.calendar)
    case 'ReportRectificationsOverdue': {
      const due = overdueRectifications(task, opts.today)
      if (due.length === 0) return conflict(task, 'be reported for an overdue 整改')
      return {
        ok: true,
        value: due.map((o) => ({ ...at, type: 'rectification-overdue', material: o.material, rectifyBy: o.rectifyBy })),
      }
    }
    case 'ReportSupervisionsOverdue': {
      // Whatever the task's state: a decision does not answer a 督办, so its reply stays owed (docs/legal-time.md).
      const due = overdueSupervisions(task, opts.today)
      if (due.length === 0) return conflict(task, 'be reported for an overdue 督办')
      return {
        ok: true,
        value: due.map((s) => ({ ...at, type: 'supervision-overdue', supervisionId: s.id, dueOn: s.deadline.due })),
      }
    }
  }
}

/** The legal basis a 容缺 finding's revocation names (行政许可法第六十九条 on a permit obtained on a promise not kept). */
export const DEFICIENCY_REVOCATION_BASIS =
  '《中华人民共和国行政许可法》第六十九条；容缺后补未履行（004:1860 依法撤销许可）'

/** The legal basis a 告知承诺 breach's revocation names: the permit was granted on a commitment found not true. */
export const COMMITMENT_REVOCATION_BASIS =
  '《中华人民共和国行政许可法》第六十九条；告知承诺与实际情况不符（004:1860 依法撤销许可）'

/**
 * A verification of the owner's promise on the task — a 告知承诺's (事后核查) or a 容缺 finding — as its events, or why
 * not; the one rule for 依法撤销许可 (seeds/004:1860, the `revoke` measure) on either. With `revoke` the permit granted on
 * the task is revoked in the same decision, so in the same transaction: `recorded` followed by the `revoked` event of
 * 撤销 (15) with `revocation`'s reason and legal basis, told on as a reviewer's 撤销 is. Only a granted permit can be
 * revoked, so the task must be approved — one never granted, or revoked already, is refused naming /body/measures,
 * beside whatever else the body got wrong; the reviewer records the breach with its other measures.
 */
function withMeasures(
  task: Task,
  outcome: Exclude<VerificationOutcome, { reason: 'verified' }>,
  measures: readonly CommitmentMeasure[] | undefined,
  refusal: string,
  recorded: (outcome: Extract<VerificationOutcome, { ok: true }>) => TaskEvent,
  revocation: { reason: string; legalBasis: string },
  at: At,
  by: string | undefined,
): Result<TaskEvent[]> {
  const errors = outcome.ok ? [] : [...outcome.errors]
  const revokes = measures?.includes('revoke') === true
  if (revokes && task.status !== 'approved') {
    errors.push({
      field: '/body/measures',
      message:
        task.status === 'revoked'
          ? `revoke is for a granted permit; it was revoked on ${task.revocation?.revokedOn ?? 'an earlier day'}`
          : `revoke is for a granted permit; the task is ${task.status}`,
    })
  }
  if (!outcome.ok || errors.length > 0) return refuse('APPROVAL_VERIFICATION_INVALID', refusal, { errors })
  const event = recorded(outcome)
  return { ok: true, value: revokes ? [event, { ...at, by, type: 'revoked', ...revocation }] : [event] }
}

const findingRefused = (task: Task, code: string, message: string, field: string, fieldMessage: string) =>
  refuse(code, message, { taskId: task.taskId, errors: [{ field, message: fieldMessage }] })

/**
 * 容缺后补 (seeds/004:1860): the department's finding on one material of the task's application that was not made good
 * by its promised day — a breach of the owner's promise, recorded as a commitment's is (`verifyCommitment`, the same
 * fields and measures) and once per material. A material cured by its day was never reported overdue, so there is
 * nothing to find (APPROVAL_DEFICIENCY_NOT_OVERDUE). 整改's `rectifyBy` is a working day after today; 依法撤销许可
 * revokes the permit granted on the task, as on a 告知承诺 breach ({@link withMeasures}).
 */
function deficiencyFinding(
  task: Task,
  command: Extract<TaskCommand, { type: 'RecordDeficiencyFinding' }>,
  at: At,
  by: string,
  calendar: Calendar,
): Result<TaskEvent[]> {
  const { material, ...body } = command.body
  const owed = (task.deficiencies ?? []).find((d) => d.material === material)
  if (!owed) {
    return findingRefused(
      task,
      'APPROVAL_DEFICIENCY_NOT_OVERDUE',
      `${material} is not a 容缺 material of this task overdue past its promised day: it was made good in time, is not yet due, or was never owed.`,
      '/body/material',
      'no overdue 容缺 material of this task',
    )
  }
  const outcome = verifyCommitment(
    { verification: owed.finding },
    `${task.item} ${material}`,
    { department: task.department, by },
    { ...body, result: 'breached' },
    at.today,
    workedWhereTaskRuns(calendar, task),
  )
  if (!outcome.ok && outcome.reason === 'verified') {
    return refuse('APPROVAL_DEFICIENCY_FOUND', `The finding on ${material} was recorded on ${outcome.on}.`, {
      taskId: task.taskId,
      material,
      finding: owed.finding,
    })
  }
  return withMeasures(
    task,
    outcome,
    body.measures,
    'The finding cannot be recorded as given.',
    ({ verification, note }) => ({
      ...at,
      by,
      type: 'deficiency-breached',
      material,
      verification,
      note: note ?? material,
    }),
    {
      // The material's code is not Chinese and its name is not on the task: the sentence names none (the breach names it).
      reason: summaryNote(`容缺材料未于承诺日 ${owed.promisedOn} 补正：${(body.findings ?? []).join('；')}`),
      legalBasis: DEFICIENCY_REVOCATION_BASIS,
    },
    at,
    by,
  )
}

/**
 * Whether a day is worked where the task's clocks run, for the one `rectifyBy` rule of `verifyCommitment` (a 告知承诺
 * breach and a 容缺 finding alike); the calendar counts weekdays in a year it has no schedule for.
 */
const workedWhereTaskRuns =
  (calendar: Calendar, task: Task): IsWorkingDay =>
  (day) =>
    calendar.isWorkingDay(day, (task.clocks.statutory ?? task.clocks.committed)?.region)

const withDeficiency = (task: Task, material: string, change: (d: TaskDeficiency) => TaskDeficiency) =>
  (task.deficiencies ?? []).map((d) => (d.material === material ? change(d) : d))

/** A finding that ordered 整改 (`rectify` by `rectifyBy`) and the 整改 followed through on it. */
type OrderedRectification = {
  material: string | undefined
  finding: Verification & { rectifyBy: string }
  rectification: TaskRectification
}

/**
 * The 整改 a finding of the task ordered: the 告知承诺 verification's (no `material`) or the named 容缺 material's;
 * undefined when that finding ordered none (or there is no such finding) — contracts' `orderedFinding`.
 */
export function orderedRectification(task: Task, material: string | undefined): OrderedRectification | undefined {
  const holder =
    material === undefined
      ? task.commitment && { finding: task.commitment.verification, rectification: task.commitment.rectification }
      : (task.deficiencies ?? []).find((d) => d.material === material)
  const finding = orderedFinding(holder && ('finding' in holder ? holder.finding : undefined))
  if (!finding) return undefined
  return { material, finding, rectification: holder?.rectification ?? { reports: [] } }
}

/** Every finding of the task that ordered 整改: the 告知承诺's first, then each 容缺 material's. */
const orderedRectifications = (task: Task): OrderedRectification[] =>
  [undefined, ...(task.deficiencies ?? []).map((d) => d.material)].flatMap((m) => orderedRectification(task, m) ?? [])

/** 逾期未整改 on `today` and not yet reported: what the timer reports, each finding once. */
export const overdueRectifications = (task: Task, today: string) =>
  orderedRectifications(task)
    .filter((o) => rectificationDueOverdue(o.finding, o.rectification, today))
    .map((o) => ({ material: o.material, rectifyBy: o.finding.rectifyBy }))

/** The finding's 整改 changed: on the task's 告知承诺, or on the named 容缺 material. */
const withRectification = (
  task: Task,
  material: string | undefined,
  today: string,
  change: RectificationChange,
): Task =>
  material === undefined
    ? {
        ...task,
        commitment: {
          ...committed(task, today),
          rectification: rectificationAfter(task.commitment?.rectification, change),
        },
      }
    : {
        ...task,
        deficiencies: withDeficiency(task, material, (d) => ({
          ...d,
          rectification: rectificationAfter(d.rectification, change),
        })),
      }

const rectificationField = (material: string | undefined) => (material === undefined ? '/params/id' : '/body/material')

const notOrdered = (task: Task, material: string | undefined) =>
  findingRefused(
    task,
    'APPROVAL_RECTIFICATION_NOT_ORDERED',
    material === undefined
      ? `No finding on the 告知承诺 of ${task.item} ordered 整改.`
      : `No finding on the 容缺 material ${material} of this task ordered 整改.`,
    rectificationField(material),
    'no finding ordering 整改',
  )

/** A refusal of contracts' 整改 rules, named as approval names it: the task and the 容缺 material if any. */
const rectificationRefused = (task: Task, o: OrderedRectification, refusal: RectificationRefusal) => {
  const { code, message, details } = rectificationRefusal('APPROVAL', refusal, {
    taskId: task.taskId,
    ...(o.material ? { material: o.material } : {}),
  })
  // Contracts' details name the finding's ids and what the reason names, none of the problem's own members.
  return refuse(code, message, details as DomainDetails)
}

/**
 * 整改 reported: the step's owner alone, on a finding that ordered 整改 and is still open (contracts'
 * `rectificationReport`: one report awaiting the department at a time; a timely one holds off 逾期未整改).
 */
function reportRectification(
  task: Task,
  command: Extract<TaskCommand, { type: 'ReportRectification' }>,
  at: At,
): Result<TaskEvent[]> {
  const { owner, body } = command
  if (owner.role !== 'owner' || !command.ownerCreditCode || owner.creditCode !== command.ownerCreditCode) {
    return refuse('APPROVAL_NOT_THE_OWNER', "Only the project's owner reports its 整改.", { taskId: task.taskId })
  }
  const o = orderedRectification(task, body.material)
  if (!o) return notOrdered(task, body.material)
  const r = rectificationReport(o.finding, o.rectification, body, { ...at, by: owner.sub })
  if (!r.ok) return rectificationRefused(task, o, r.refusal)
  return {
    ok: true,
    value: [{ ...at, by: owner.sub, type: 'rectification-reported', material: body.material, report: r.value }],
  }
}

/** The department's review of the last report: 整改完成, or not done with what is missing (`note`). */
function reviewRectification(
  task: Task,
  command: Extract<TaskCommand, { type: 'ReviewRectification' }>,
  at: At,
  by: string,
): Result<TaskEvent[]> {
  const { body } = command
  const o = orderedRectification(task, body.material)
  if (!o) return notOrdered(task, body.material)
  const r = rectificationReview(o.finding, o.rectification, body, { today: at.today, by })
  if (!r.ok) return rectificationRefused(task, o, r.refusal)
  return { ok: true, value: [{ ...at, by, type: 'rectification-reviewed', material: body.material, review: r.value }] }
}

/**
 * 逾期未整改's further measure (seeds/004:1860 依法撤销许可、禁止选择告知承诺; 004:2235): once the finding is overdue and
 * no report awaits its review (contracts' `rectificationEscalation`), the finding's department may revoke the permit
 * and bar the owner's 告知承诺, once — through the breach's own rules: `barredUntil` with `bar-commitment`
 * (`verificationErrors`), and 依法撤销许可 only of a granted permit, in the same decision ({@link withMeasures}).
 */
function escalateRectification(
  task: Task,
  command: Extract<TaskCommand, { type: 'EscalateRectification' }>,
  at: At,
  by: string,
  calendar: Calendar,
): Result<TaskEvent[]> {
  const { body } = command
  const o = orderedRectification(task, body.material)
  if (!o) return notOrdered(task, body.material)
  const ruled = rectificationEscalation(o.finding, o.rectification, body, { today: at.today, by })
  if (!ruled.ok) return rectificationRefused(task, o, ruled.refusal)
  const escalation = ruled.value
  const errors = verificationErrors(
    { result: 'breached', findings: [], measures: body.measures, barredUntil: body.barredUntil },
    at.today,
    workedWhereTaskRuns(calendar, task),
  )
  const outcome: Exclude<VerificationOutcome, { reason: 'verified' }> =
    errors.length > 0 ? { ok: false, reason: 'invalid', errors } : { ok: true, verification: o.finding }
  const what = o.material === undefined ? `告知承诺事项${task.itemName ? `《${task.itemName}》` : ''}` : '容缺材料'
  return withMeasures(
    task,
    outcome,
    body.measures,
    'The further measure cannot be taken as given.',
    () => ({
      ...at,
      by,
      type: 'rectification-escalated',
      material: o.material,
      escalation,
      note: summaryNote(`逾期未整改（整改期限 ${o.finding.rectifyBy}）：${body.measures.join(', ')}`),
    }),
    {
      reason: summaryNote(
        `${what}责令限期整改，逾期未整改（整改期限 ${o.finding.rectifyBy}）：${(o.finding.findings ?? []).join('；')}`,
      ),
      legalBasis: o.material === undefined ? COMMITMENT_REVOCATION_BASIS : DEFICIENCY_REVOCATION_BASIS,
    },
    at,
    by,
  )
}

/** 督办 unanswered past their reply-by day on `today` and not yet reported: what the timer reports, each once. */
export const overdueSupervisions = (task: Pick<Task, 'supervisions'>, today: string): TaskSupervision[] =>
  (task.supervisions ?? []).filter((s) => s.overdueOn === undefined && supervisionState(s, today) === 'overdue')

/**
 * 督办 on an open task only: a decided task has nothing left to urge (409). The reply-by day is a working-day clock
 * from today on the task's own calendar overlay, as a 12345 ticket's supervision deadline is.
 */
function supervise(
  task: Task,
  command: Extract<TaskCommand, { type: 'Supervise' }>,
  at: At,
  calendar: Calendar,
): Result<TaskEvent[]> {
  if (command.supervisor.role !== 'supervisor') {
    return refuse('APPROVAL_NOT_SUPERVISOR', 'Only the supervising office issues a 督办.', { taskId: task.taskId })
  }
  if (!isOpen(task.status)) {
    return refuse(
      'APPROVAL_SUPERVISION_TASK_DECIDED',
      `A task that is ${task.status} is decided: there is nothing left to urge.`,
      { taskId: task.taskId, taskStatus: task.status, nationalCode: task.nationalCode },
    )
  }
  const kept = task.supervisions ?? []
  if (kept.length >= MAX_TASK_SUPERVISIONS) {
    return refuse('APPROVAL_TOO_MANY_SUPERVISIONS', `A task keeps at most ${MAX_TASK_SUPERVISIONS} 督办.`, {
      taskId: task.taskId,
      most: MAX_TASK_SUPERVISIONS,
    })
  }
  const region = (task.clocks.statutory ?? task.clocks.committed)?.region
  const limit = { value: command.replyWithin, unit: 'W' as const }
  const spec = { limit, start: at.today, suspensions: [], ...(region ? { region } : {}) }
  const supervision: TaskSupervision = {
    id: command.supervisionId,
    note: command.note,
    openedOn: at.today,
    openedAt: at.at,
    openedBy: command.supervisor.sub,
    deadline: { spec, due: dueDate(calendar, { start: at.today, limit, ...(region ? { region } : {}) }) },
  }
  return { ok: true, value: [{ ...at, by: command.supervisor.sub, type: 'supervised', supervision }] }
}

/**
 * The one extension of a statutory clock (行政许可法第四十二条): its limit grows by the extension pinned on it, and
 * the record says who asked, who approved, why, and the due date before and after (counted on `today`).
 */
export function extend(
  clock: ClockSpec,
  request: { approvedBy: string; reason: string },
  by: string | undefined,
  today: string,
  calendar: Calendar,
): Extension {
  const added = clock.extensionAllowed ?? { value: 0, unit: clock.limit.unit }
  const dueBefore = evaluateClock(calendar, clock, today).due
  const dueAfter = evaluateClock(calendar, extendedClock(clock, added), today).due
  return {
    value: added.value,
    unit: added.unit,
    on: today,
    ...(by ? { by } : {}),
    approvedBy: request.approvedBy,
    reason: request.reason,
    dueBefore,
    dueAfter,
  }
}

// Every catalogue extension is in the clock's own unit (W on W); a unit mismatch would be a catalogue error.
const extendedClock = (clock: ClockSpec, added: Limit): ClockSpec => ({
  ...clock,
  limit: { value: clock.limit.value + added.value, unit: clock.limit.unit },
})

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

/** A decision ends a pause by the step's notice on its day: a decided task's clocks stop for good. */
const endingNoticePause = (task: Task, today: string): Task => {
  if (!task.noticePause) return task
  const { noticePause, ...rest } = task
  return { ...rest, clocks: closeSuspensionOn(task, noticePause.suspensionId, today) }
}

// decide() refuses a commitment event on a task without one; the fallback only keeps the type total.
const committed = (task: Task, today: string): NonNullable<Task['commitment']> => task.commitment ?? { verifyBy: today }

/** Applies one event: the next state, version +1, national code and due date as of the event's day. Pure. */
export function evolve(task: Task, event: TaskEvent, calendar: Calendar): Task {
  const base = { ...task, version: task.version + 1, updatedAt: event.at }
  let next: Task
  switch (event.type) {
    case 'claimed':
      next = { ...base, status: 'claimed', nationalCode: 8, ...(event.by ? { claimedBy: event.by } : {}) }
      break
    case 'extended': {
      const statutory = task.clocks.statutory
      next = statutory
        ? {
            ...base,
            clocks: {
              ...task.clocks,
              statutory: { ...extendedClock(statutory, event.extension), extended: event.extension },
            },
          }
        : base
      break
    }
    case 'supplement-requested': {
      // A task already paused by the step's notice keeps that suspension as its own 补正: no day is stopped twice.
      const { noticePause, ...unpaused } = base
      next = {
        ...unpaused,
        status: 'supplement-requested',
        nationalCode: 6,
        supplementRoundsUsed: task.supplementRoundsUsed + 1,
        clocks: noticePause
          ? task.clocks
          : openSuspensionOn(task, { id: event.suspensionId, kind: 'supplement', from: event.today }),
        openSuspension: { id: noticePause?.suspensionId ?? event.suspensionId, kind: 'supplement' },
      }
      break
    }
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
        ...endingNoticePause(base, event.today),
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
        ...endingNoticePause(base, event.today),
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
    case 'closed': {
      const unpaused = endingNoticePause(base, event.today)
      // Not 撤回 (14), which is the applicant's act: the step this task belongs to was concluded as not passed
      // (办结（不通过）, 13) by another department's rejection, and this task ends with it (docs/legal-time.md).
      next = withoutOpenSuspension({
        ...unpaused,
        status: 'closed',
        nationalCode: 13,
        clocks: closeSuspensionOn(unpaused, task.openSuspension?.id, event.today),
        decision: { outcome: 'closed', reason: event.reason, decidedAt: event.at },
      })
      break
    }
    case 'withdrawn': {
      // Its clocks stop on the day: an open 补正 or 特别程序, or the step notice's pause, ends with it.
      const unpaused = endingNoticePause(base, event.today)
      next = withoutOpenSuspension({
        ...unpaused,
        status: 'withdrawn',
        nationalCode: 14,
        clocks: closeSuspensionOn(unpaused, task.openSuspension?.id, event.today),
        decision: {
          outcome: 'withdrawn',
          reason: event.reason,
          decidedAt: event.at,
          ...(event.by ? { decidedBy: event.by } : {}),
        },
      })
      break
    }
    case 'revoked':
      next = {
        ...base,
        status: 'revoked',
        nationalCode: 15,
        revocation: {
          reason: event.reason,
          legalBasis: event.legalBasis,
          revokedAt: event.at,
          revokedOn: event.today,
          ...(event.by ? { revokedBy: event.by } : {}),
        },
      }
      break
    case 'clock-paused':
      next = {
        ...base,
        clocks: openSuspensionOn(task, {
          id: event.suspensionId,
          kind: 'supplement',
          from: event.today,
          note: "the step's consolidated 补正 notice (牵头部门)",
        }),
        noticePause: { suspensionId: event.suspensionId },
      }
      break
    case 'clock-resumed': {
      const { noticePause, ...rest } = base
      next = { ...rest, clocks: closeSuspensionOn(task, noticePause?.suspensionId, event.today) }
      break
    }
    case 'approved-on-commitment':
      next = {
        ...base,
        status: 'approved',
        nationalCode: task.withDeficiencies ? 12 : 11,
        decision: { outcome: 'approved', decidedAt: event.at },
        commitment: { verifyBy: event.verifyBy, ...(event.verifyClock ? { verifyClock: event.verifyClock } : {}) },
      }
      break
    case 'commitment-kept':
    case 'commitment-breached':
      next = { ...base, commitment: { ...committed(task, event.today), verification: event.verification } }
      break
    case 'commitment-overdue':
      next = { ...base, commitment: { ...committed(task, event.today), verificationOverdueOn: event.today } }
      break
    case 'deficiency-overdue':
      next = {
        ...base,
        deficiencies: [
          ...(task.deficiencies ?? []),
          { material: event.material, promisedOn: event.promisedOn, overdueOn: event.today },
        ],
      }
      break
    case 'deficiency-breached':
      next = {
        ...base,
        deficiencies: withDeficiency(task, event.material, (d) => ({ ...d, finding: event.verification })),
      }
      break
    case 'rectification-reported':
      next = withRectification(base, event.material, event.today, { type: 'reported', report: event.report })
      break
    case 'rectification-reviewed':
      next = withRectification(base, event.material, event.today, { type: 'reviewed', review: event.review })
      break
    case 'rectification-overdue':
      next = withRectification(base, event.material, event.today, { type: 'overdue', on: event.today })
      break
    case 'rectification-escalated':
      next = withRectification(base, event.material, event.today, { type: 'escalated', escalation: event.escalation })
      break
    case 'supervised':
      next = { ...base, supervisions: [...(task.supervisions ?? []), event.supervision] }
      break
    case 'supervision-overdue':
      next = {
        ...base,
        supervisions: (task.supervisions ?? []).map((s) =>
          s.id === event.supervisionId ? { ...s, overdueOn: event.today } : s,
        ),
      }
      break
    case 'supervision-answered':
      next = {
        ...base,
        supervisions: (task.supervisions ?? []).map((s) =>
          s.id === event.supervisionId
            ? {
                ...s,
                response: event.response,
                respondedAt: event.at,
                ...(event.by ? { respondedBy: event.by } : {}),
                deadline: { ...s.deadline, doneOn: event.today },
              }
            : s,
        ),
      }
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
  const {
    specialProcedures: _s,
    withDeficiencies: _w,
    openSuspension: _o,
    noticeStops: _n,
    noticePause: _p,
    ...snapshot
  } = task
  return snapshot
}

export type OpenedStep = {
  applicationId: string
  projectId: string
  step?: string
  /** The step's own clocks (domain/step-clock.ts). */
  clocks: StepClocks
  withDeficiencies: boolean
  ownerCreditCode?: string
  /** 后续事项 pinned on the acceptance: opened when the step is approved (domain/follow-on.ts). */
  followOns?: PinnedFollowOns
}

// Only a six-digit division code selects a regional overlay; anything else counts on the national calendar.
export const clockOf = (
  limit: Limit | undefined,
  start: string,
  region: string | undefined,
  extensionAllowed?: Limit,
): ClockSpec | undefined =>
  limit
    ? {
        limit,
        start,
        suspensions: [],
        ...(region && /^\d{6}$/.test(region) ? { region } : {}),
        ...(extensionAllowed ? { extensionAllowed } : {}),
      }
    : undefined

/**
 * 并联审批 opens: one task per (item, department) of the accepted application, each with its statutory and
 * committed clock from the acceptance day, state 已受理 (3). `taskIds` are minted by the caller, one per item.
 * A follow-on (后续事项, `followOnOf`) opens the same way, from the acceptance its approved item stands for.
 */
export function openTasks(
  event: ApplicationAcceptedV1,
  taskIds: readonly string[],
  at: string,
  calendar: Calendar,
  followOnOf?: TaskFollowOnOf,
): { step: OpenedStep; tasks: Task[]; assigned: Task[]; decided: Array<{ event: TaskEvent; after: Task }> } {
  const tasks = event.items.map((item, i): Task => {
    const statutory = clockOf(item.statutoryLimit, event.acceptedOn, event.region, item.statutoryExtension)
    const committed = clockOf(item.committedLimit, event.acceptedOn, event.region)
    const clocks = { ...(statutory ? { statutory } : {}), ...(committed ? { committed } : {}) }
    const taskId = taskIds[i]
    if (!taskId) throw new RangeError(`openTasks: no id for item ${i}`)
    const task: Task = {
      taskId,
      applicationId: event.applicationId,
      projectId: event.projectId,
      ...(event.step ? { step: event.step } : {}),
      // 分阶段办理: each task names the phase it decides, and the step's decision takes it from them.
      ...(event.phase ? { phase: event.phase } : {}),
      // 按照单位工程办理: each task names the building whose permit it decides, and so does the step's decision.
      ...(event.part === undefined ? {} : { part: event.part }),
      item: item.item,
      ...(item.itemName ? { itemName: item.itemName } : {}),
      department: item.department,
      ...(item.departmentName ? { departmentName: item.departmentName } : {}),
      ...(item.materials === undefined || followOnOf ? {} : { guideMaterials: item.materials }),
      status: 'assigned',
      nationalCode: 3,
      version: 1,
      supplementRoundsUsed: 0,
      clocks,
      updatedAt: at,
      specialProcedures: item.specialProcedures ?? [],
      withDeficiencies: event.withDeficiencies,
      ...(event.stepLead ? { lead: event.stepLead } : {}),
      ...(event.consolidatedNoticeStops ? { noticeStops: event.consolidatedNoticeStops } : {}),
      ...(followOnOf ? { followOnOf } : {}),
    }
    return withDueOn(task, event.acceptedOn, calendar)
  })
  // 告知承诺 in the approval stage: an item taken on commitment is approved at once, to be verified by its day.
  const commitments = new Map((event.commitments ?? []).map((c) => [c.item, c]))
  const decided: Array<{ event: TaskEvent; after: Task }> = []
  const final = tasks.map((task, i) => {
    const by = event.items[i]?.onCommitment ? commitments.get(task.item) : undefined
    if (by === undefined) return task
    // Its clock, when intake sent the limit it counted with: a published calendar re-projects the day from it.
    const verifyClock = clockOf(by.limit, event.acceptedOn, event.region)
    const approved = decide(
      task,
      { type: 'ApproveOnCommitment', verifyBy: by.verifyBy, ...(verifyClock ? { verifyClock } : {}) },
      { at, today: event.acceptedOn, supplementRounds: 0, calendar },
    )
    if (!approved.ok) throw new Error(`approving ${task.taskId} on commitment was refused: ${approved.error.code}`)
    return approved.value.reduce((t, e) => {
      const after = evolve(t, e, calendar)
      decided.push({ event: e, after })
      return after
    }, task)
  })
  const followOns = pinnedFollowOns(event)
  return {
    assigned: tasks,
    tasks: final,
    decided,
    step: {
      applicationId: event.applicationId,
      projectId: event.projectId,
      ...(event.step ? { step: event.step } : {}),
      withDeficiencies: event.withDeficiencies,
      ...(event.ownerCreditCode ? { ownerCreditCode: event.ownerCreditCode } : {}),
      clocks: openStepClocks(event),
      ...(followOns ? { followOns } : {}),
    },
  }
}
