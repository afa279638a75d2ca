import { type Static, Type } from 'typebox'
import { CommitmentVerification } from '../acceptance/events.js'
import { WorksPart } from '../acceptance/part.js'
import { OnBehalfOf } from '../assisted/assisted-service.js'
import { defineEvent, type EventBody } from '../define-event.js'
import { TicketDeadline } from '../hotline/events.js'
import { ClockSpec, StepPhase, SuspensionKindCode } from '../intake/shared.js'
import {
  Count,
  CreditCode,
  DaysCounted,
  DepartmentCode,
  Instant,
  ItemCode,
  LegalDate,
  MAX_GUIDE_MATERIALS,
  MAX_LIST,
  MAX_NAME,
  MAX_REFERENCE,
  MAX_TEXT,
  MaterialCode,
  StepCode,
  Uuid,
} from '../primitives.js'
import { TaskRectification } from './rectification.js'

export const TaskStatus = Type.Union([
  Type.Literal('assigned'),
  Type.Literal('claimed'),
  Type.Literal('supplement-requested'),
  Type.Literal('special-procedure'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('closed'),
  /** 撤回 (14): the applicant withdrew the application while it was in approval. */
  Type.Literal('withdrawn'),
  /** 撤销 (15): a permit granted on this task was revoked after its decision. */
  Type.Literal('revoked'),
])

/**
 * 撤销 of a granted permit: who revoked it, when, why and on what legal basis. The approving decision stays on the
 * task as it was made; this records that it no longer stands.
 */
export const TaskRevocation = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  legalBasis: Type.String({ minLength: 1, maxLength: 500 }),
  revokedAt: Instant,
  revokedOn: LegalDate,
  revokedBy: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
})

/**
 * A task as it stands after the event: every task event carries it whole, with a version that grows by one per
 * change, so a reader can apply task events in any order and keep the newest.
 */
/**
 * 告知承诺 in the approval stage: the item was approved at once on the owner's written commitment; its department
 * verifies it later (事后核查) by `verifyBy`, as joint acceptance does (the same verification and measures).
 */
export const TaskCommitment = Type.Object({
  verifyBy: LegalDate,
  /**
   * The clock `verifyBy` is the due date of (start: the acceptance day; limit: the item's committed limit, else 20 W):
   * a published calendar re-projects `verifyBy` from it. Absent on commitments made before it was kept.
   */
  verifyClock: Type.Optional(ClockSpec),
  verification: Type.Optional(CommitmentVerification),
  /** The day `verifyBy` was found passed with no verification (reported once). */
  verificationOverdueOn: Type.Optional(LegalDate),
  /** 整改 ordered by a breach (`verification.rectifyBy`), followed through: reports, reviews, overdue, further measure. */
  rectification: Type.Optional(TaskRectification),
})

/**
 * 容缺后补 in the approval stage (seeds/004:1860): a material the window accepted as owed (容缺) on the task's
 * application, which the owner did not submit by its promised day (`promisedOn`). Intake reports it overdue once
 * (`deficiency.overdue`); approval records it on each task whose guide lists the material (every task of the
 * application when none does), so the deciding department is told. Its department may record one finding: the
 * breach of the owner's promise, with the measures a commitment breach takes (整改 by a day, 依法撤销许可, 禁止选择告知承诺).
 */
export const TaskDeficiency = Type.Object({
  material: MaterialCode,
  promisedOn: LegalDate,
  /** The day approval heard the material overdue (the day after `promisedOn`, or later). */
  overdueOn: LegalDate,
  /** The department's finding (always `breached`): the shape and measures of a commitment's verification. */
  finding: Type.Optional(CommitmentVerification),
  /** 整改 ordered by the finding (`finding.rectifyBy`), followed through as a 告知承诺 breach's is. */
  rectification: Type.Optional(TaskRectification),
})
export type TaskDeficiency = Static<typeof TaskDeficiency>

/** The most 督办 one task keeps (each with its own reply), as a 12345 ticket keeps its supervisions. */
export const MAX_TASK_SUPERVISIONS = 20

/**
 * 督办 — tracking and urging (跟踪督办, seeds/004_33317a5f04b53a73.txt:1794; the government-services department's
 * tracking of each project, 004:1868): the supervising office urges the task's department, which replies by the
 * deadline. The shape and words of a 12345 ticket's supervision (`TicketSupervision`): `note`, `openedOn`, a
 * `deadline` (a working-day clock from `openedOn`, `doneOn` the day it was answered), `response`.
 */
export const TaskSupervision = Type.Object({
  id: Uuid,
  /** 督办意见: why the office urges the department. */
  note: Type.String({ minLength: 1, maxLength: 2000 }),
  openedOn: LegalDate,
  openedAt: Instant,
  openedBy: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  /** The reply-by day: the limit counted in working days from `openedOn`; `doneOn` once answered. */
  deadline: TicketDeadline,
  /** 督办回复: the department's answer, once. */
  response: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
  respondedAt: Type.Optional(Instant),
  respondedBy: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  /** 督办逾期未回复: the day approval's timer found it unanswered past `deadline.due` (reported once). */
  overdueOn: Type.Optional(LegalDate),
})
export type TaskSupervision = Static<typeof TaskSupervision>

/** Where a 督办 stands on `today`: answered, open (reply not yet due past), or overdue (unanswered after its due day). */
export type SupervisionState = 'answered' | 'open' | 'overdue'
export const supervisionState = (s: Pick<TaskSupervision, 'response' | 'deadline'>, today: string): SupervisionState =>
  s.response !== undefined ? 'answered' : today > s.deadline.due ? 'overdue' : 'open'

/**
 * 后续事项: the task follows the approval of another task's item, on its data, with no application from the owner
 * (e.g. the house number after the engineering planning permit, 004:1814). `applicationId` and `taskId` are the
 * approved task's; `source` is the catalogue rule's line.
 */
export const TaskFollowOnOf = Type.Object({
  applicationId: Uuid,
  taskId: Uuid,
  item: ItemCode,
  itemName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  source: Type.Optional(Type.String({ maxLength: 200 })),
  /**
   * 信息推送: the department is sent the approved item's data for its information and records receipt; it cannot
   * refuse (APPROVAL_FOLLOW_ON_FOR_INFORMATION). Absent, it decides the follow-on (核准 or 不予核准).
   */
  forInformation: Type.Optional(Type.Literal(true)),
})

export type TaskFollowOnOf = Static<typeof TaskFollowOnOf>

export const TaskSnapshot = Type.Object({
  taskId: Uuid,
  applicationId: Uuid,
  projectId: Uuid,
  step: Type.Optional(StepCode),
  /** 分阶段办理: the phase of the step the task decides; absent, the whole step. */
  phase: Type.Optional(StepPhase),
  /** 按照单位工程办理: the unit work (单位工程) whose construction permit the task decides; absent, the whole project. */
  part: Type.Optional(WorksPart),
  item: ItemCode,
  itemName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  department: DepartmentCode,
  departmentName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  /** 牵头部门 of the task's step, when the catalogue names one. */
  lead: Type.Optional(DepartmentCode),
  /** 后续事项: the approved item this task follows, opened with no application; absent for an applied-for item. */
  followOnOf: Type.Optional(TaskFollowOnOf),
  /**
   * 办事指南: the materials the item's service guide lists, pinned at acceptance; a 补正 asks for none other. Absent
   * on a follow-on and on tasks opened before it was pinned (their 补正 are not bound by it).
   */
  guideMaterials: Type.Optional(Type.Array(MaterialCode, { maxItems: MAX_GUIDE_MATERIALS })),
  status: TaskStatus,
  /** 办理状态 — the national item state code, 1–15. */
  nationalCode: Type.Integer({ minimum: 1, maximum: 15 }),
  version: Count(1),
  claimedBy: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  supplementRoundsUsed: Count(),
  /** The clocks of the task: statutory (法定) and committed (承诺), each when a limit exists. */
  clocks: Type.Object({ statutory: Type.Optional(ClockSpec), committed: Type.Optional(ClockSpec) }),
  /** The last day of the committed (else statutory) clock as computed when the event was written. */
  dueOn: Type.Optional(LegalDate),
  decision: Type.Optional(
    Type.Object({
      outcome: Type.Union([
        Type.Literal('approved'),
        Type.Literal('rejected'),
        Type.Literal('closed'),
        Type.Literal('withdrawn'),
      ]),
      reason: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
      conditions: Type.Optional(Type.Array(Type.String({ maxLength: MAX_TEXT }), { maxItems: 50 })),
      decidedAt: Instant,
      decidedBy: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    }),
  ),
  /** Present when the item was approved on commitment (告知承诺). */
  commitment: Type.Optional(TaskCommitment),
  /** Present when the permit granted on this task was revoked (撤销, 15). */
  revocation: Type.Optional(TaskRevocation),
  /** 容缺 materials of the task's application overdue (not made good by their promised day), each with its finding. */
  deficiencies: Type.Optional(Type.Array(TaskDeficiency, { maxItems: MAX_LIST })),
  /** 督办 of the supervising office, oldest first, each with its reply; absent until the first. */
  supervisions: Type.Optional(Type.Array(TaskSupervision, { maxItems: MAX_TASK_SUPERVISIONS })),
  updatedAt: Instant,
})

const taskEvent = <const S extends `permit.approval.task.${string}.v1`>(subject: S, description: string) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      task: TaskSnapshot,
      actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
      note: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
    }),
  })

export const TaskAssignedV1 = taskEvent(
  'permit.approval.task.assigned.v1',
  '并联审批 — one task per (item, department) of an accepted application; its clocks start on the acceptance day.',
)
export const TaskClaimedV1 = taskEvent('permit.approval.task.claimed.v1', 'A reviewer of the department took the task.')
export const TaskSupplementRequestedV1 = taskEvent(
  'permit.approval.task.supplement-requested.v1',
  '补正 — the department asked for supplementary materials; the task clocks stop until the owner answers.',
)
export const TaskSupplementProvidedV1 = taskEvent(
  'permit.approval.task.supplement-provided.v1',
  '补正 ended — the owner answered the notice; the task clocks run again, the suspended days not counted.',
)
export const TaskSpecialProcedureStartedV1 = taskEvent(
  'permit.approval.task.special-procedure-started.v1',
  '特别程序 started (expert review, hearing, public notice…): the task clocks stop; the procedure has its own sub-limit.',
)
export const TaskSpecialProcedureEndedV1 = taskEvent(
  'permit.approval.task.special-procedure-ended.v1',
  '特别程序 ended: the task clocks run again.',
)
export const TaskExtendedV1 = taskEvent(
  'permit.approval.task.extended.v1',
  "延长 — the statutory clock extended once (行政许可法第四十二条: 10 W with the agency head's approval), the reason told to the applicant; `task.clocks.statutory.extended` says by whom and why.",
)
export const TaskDecidedV1 = taskEvent(
  'permit.approval.task.decided.v1',
  '办结 — the department approved (possibly with conditions) or rejected, or the task was closed as no longer needed.',
)
export const TaskWithdrawnV1 = taskEvent(
  'permit.approval.task.withdrawn.v1',
  '撤回 (14) — the applicant withdrew the application while this task was open: the task is closed, its clocks stop on the day, nothing more can be done on it.',
)
export const TaskRevokedV1 = taskEvent(
  'permit.approval.task.revoked.v1',
  "撤销 (15) — the department revoked the permit it had granted on this task, with a reason and legal basis (`task.revocation`); registration marks the permit's certificate revoked.",
)
export const TaskClockPausedV1 = taskEvent(
  'permit.approval.task.clock-paused.v1',
  "补正 for the step — the lead's consolidated notice stops this department's clocks too (the region stops every clock of the step), though it asked for nothing; the task's state is unchanged.",
)
export const TaskClockResumedV1 = taskEvent(
  'permit.approval.task.clock-resumed.v1',
  "The owner answered the step's consolidated notice: this task's clocks, paused with the step, run again.",
)
/** Which act of a 督办 a `task.supervised` event is: the office issued it, or the department answered it. */
export const SupervisionTurn = Type.Union([Type.Literal('issued'), Type.Literal('answered')])
export type SupervisionTurn = Static<typeof SupervisionTurn>

export const TaskSupervisedV1 = defineEvent({
  subject: 'permit.approval.task.supervised.v1',
  description:
    "督办 — the supervising office urged the task's department with a reply-by day, or the department answered it (`note`: answered); `supervisionId` and `turn` say which 督办 and which act, `task.supervisions` holds each with its reply. The task's state and clocks are unchanged.",
  schema: Type.Object({
    task: TaskSnapshot,
    actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    note: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
    // Optional only for the events published before approval named them (readers then infer both from the snapshot);
    // approval sets both on every event it publishes now.
    supervisionId: Type.Optional(Uuid),
    turn: Type.Optional(SupervisionTurn),
  }),
})
export type TaskSupervisedV1 = EventBody<typeof TaskSupervisedV1>

/**
 * Which 督办 a `task.supervised` event is about, and which act — the one way every reader (the gateway's timeline, the
 * notifier) reads it. Approval names both (`supervisionId`, `turn`); an event published before it did names neither,
 * and the snapshot decides: it is the task after the event, and approval's evolve stamps the event's instant as the
 * task's `updatedAt` and as the answered one's `respondedAt` or the issued one's `openedAt`. `note` is `answered` for
 * an answer, but a 督办意见 could read so too, so it decides nothing. An event naming only one of the two (never published) is
 * read as an older one. Undefined when the snapshot holds no such act: a named 督办 it lacks, a named answer it holds
 * unanswered, or an older event whose instants match none — a reader says so rather than guess the latest 督办.
 */
export function supervisionActOf(
  event: Pick<TaskSupervisedV1, 'task' | 'supervisionId' | 'turn'>,
): { turn: SupervisionTurn; supervision: TaskSupervision } | undefined {
  const { task } = event
  const all = task.supervisions ?? []
  if (event.supervisionId !== undefined && event.turn !== undefined) {
    const named = all.find((s) => s.id === event.supervisionId)
    // An answer the snapshot does not hold answered is no answer to tell, as a 督办 the snapshot lacks.
    if (!named || (event.turn === 'answered' && named.response === undefined)) return undefined
    return { turn: event.turn, supervision: named }
  }
  const answered = all.find((s) => s.response !== undefined && s.respondedAt === task.updatedAt)
  if (answered) return { turn: 'answered', supervision: answered }
  const issued = all.findLast((s) => s.openedAt === task.updatedAt)
  return issued ? { turn: 'issued', supervision: issued } : undefined
}

export const TaskSupervisionOverdueV1 = defineEvent({
  subject: 'permit.approval.task.supervision-overdue.v1',
  description:
    "督办逾期未回复 — a 督办 passed its reply-by day (`dueOn`) with no answer, the task open or decided (a decision answers no 督办): reported once, the day after, by approval's timer (`task.supervisions[].overdueOn`). The task's state and clocks are unchanged.",
  schema: Type.Object({
    task: TaskSnapshot,
    // As every task event's; the timer sets neither.
    actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    note: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
    supervisionId: Uuid,
    dueOn: LegalDate,
  }),
})
export type TaskSupervisionOverdueV1 = EventBody<typeof TaskSupervisionOverdueV1>
export const TaskCommitmentKeptV1 = taskEvent(
  'permit.approval.task.commitment-kept.v1',
  "告知承诺 verified: the item's department checked an item approved on commitment and found the commitment kept.",
)
export const TaskCommitmentBreachedV1 = defineEvent({
  subject: 'permit.approval.task.commitment-breached.v1',
  description:
    "告知承诺 not kept, or 容缺 not made good (`deficiency`): the item's department found the facts differ from the owner's promise and took the measures named; with `bar-commitment`, intake refuses the owner's 告知承诺 through `barredUntil`; with `revoke` on a 容缺 finding, a `task.revoked` follows in the same transaction.",
  schema: Type.Object({
    task: TaskSnapshot,
    actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    note: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
    /**
     * The owner (统一社会信用代码) whose commitment it was, whom a `bar-commitment` bars: absent on events written before
     * it was carried, and where approval holds no owner for the step.
     */
    ownerCreditCode: Type.Optional(CreditCode),
    /**
     * 容缺后补 (004:1860): the breach is of the promise to submit this owed material by its day, and its finding is
     * `task.deficiencies[material].finding`; absent, the breach is of the task's 告知承诺 (`task.commitment.verification`).
     */
    deficiency: Type.Optional(Type.Object({ material: MaterialCode })),
    /**
     * 逾期未整改 (004:1860): the breach told again for the further measure its department took when the 整改 it ordered
     * was not confirmed by its day — the measure is the finding's `rectification.escalation`, not its `measures`.
     */
    rectification: Type.Optional(Type.Object({ escalated: Type.Literal(true) })),
  }),
})
export type TaskCommitmentBreachedV1 = EventBody<typeof TaskCommitmentBreachedV1>

/** The owner's bar a breach carries (004:1860 禁止选择告知承诺): who, on which task's item, from which day through which. */
export type CommitmentBar = {
  creditCode: string
  taskId: string
  item: string
  department: string
  barredOn: string
  until: string
}

/** The finding a breach event records: the 容缺 material's when it names one, else the task's 告知承诺 verification. */
export function breachFindingOf(event: TaskCommitmentBreachedV1): Static<typeof CommitmentVerification> | undefined {
  const { deficiency } = event
  if (deficiency === undefined) return event.task.commitment?.verification
  return event.task.deficiencies?.find((d) => d.material === deficiency.material)?.finding
}

/**
 * The bar of a breach, when it bars anyone: its measures name `bar-commitment` with the day it ends, and the event
 * names the owner. A breach without the bar, or one written before the event carried the owner, bars no one. The one
 * way a reader of `TaskCommitmentBreachedV1` tells whether, and whom, it bars — a 告知承诺 breach or a 容缺 one alike.
 */
export function commitmentBarOf(event: TaskCommitmentBreachedV1): CommitmentBar | undefined {
  if (event.ownerCreditCode === undefined) return
  // 逾期未整改: the further measure taken on the breach bars from its own day (the breach told again, `rectification`).
  const escalation = event.rectification === undefined ? undefined : breachRectificationOf(event)?.escalation
  const verification = breachFindingOf(event)
  const barring = escalation ?? verification
  if (barring?.measures?.includes('bar-commitment') !== true || barring.barredUntil === undefined) return
  return {
    creditCode: event.ownerCreditCode,
    taskId: event.task.taskId,
    item: event.task.item,
    department: event.task.department,
    barredOn: barring.on,
    until: barring.barredUntil,
  }
}

/** The 整改 of the finding a breach event is about: the 容缺 material's when it names one, else the 告知承诺's. */
export function breachRectificationOf(
  event: Pick<TaskCommitmentBreachedV1, 'task' | 'deficiency'>,
): TaskRectification | undefined {
  const { deficiency } = event
  if (deficiency === undefined) return event.task.commitment?.rectification
  return event.task.deficiencies?.find((d) => d.material === deficiency.material)?.rectification
}
export const TaskCommitmentOverdueV1 = taskEvent(
  'permit.approval.task.commitment-overdue.v1',
  'An item approved on commitment was not verified by its verify-by day: reported once, the day after.',
)

export const TaskDeficiencyOverdueV1 = defineEvent({
  subject: 'permit.approval.task.deficiency-overdue.v1',
  description:
    "容缺逾期 — a material of the task's application accepted as owed was not submitted by its promised day (intake's `deficiency.overdue`): recorded on the task (`task.deficiencies`) so its department may record its finding (004:1860). Once per task and material.",
  schema: Type.Object({
    task: TaskSnapshot,
    actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    note: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
    material: MaterialCode,
    promisedOn: LegalDate,
  }),
})
export type TaskDeficiencyOverdueV1 = EventBody<typeof TaskDeficiencyOverdueV1>

/** Which finding a 整改 event is about: a 容缺 material's (`deficiency`), else the task's 告知承诺 verification. */
const rectificationEvent = <const S extends `permit.approval.task.rectification-${string}.v1`>(
  subject: S,
  description: string,
) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      task: TaskSnapshot,
      actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
      note: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
      deficiency: Type.Optional(Type.Object({ material: MaterialCode })),
    }),
  })

export const TaskRectificationReportedV1 = rectificationEvent(
  'permit.approval.task.rectification-reported.v1',
  "整改 reported — the owner says it put right what its department's finding (a 告知承诺 breach, or a 容缺 one: `deficiency`) ordered put right by `rectifyBy`; the report is the last of the finding's `rectification.reports`, for the department to confirm or find not done.",
)
export const TaskRectificationReviewedV1 = rectificationEvent(
  'permit.approval.task.rectification-reviewed.v1',
  "整改 reviewed — the finding's department confirmed the owner's report (整改完成: `rectification.doneOn`) or found it not done (`note`: what is missing); the review is the last report's `review`.",
)
export const TaskRectificationOverdueV1 = rectificationEvent(
  'permit.approval.task.rectification-overdue.v1',
  "逾期未整改 — the finding's `rectifyBy` passed with no 整改 confirmed: reported once by approval's timer (`rectification.overdueOn`), the day after, or — when a report made by `rectifyBy` awaited review — once that report is found not done; the department may take the further measure (依法撤销许可, 禁止选择告知承诺), told as a `task.commitment-breached` with `rectification`.",
)
export type TaskRectificationEventV1 = EventBody<typeof TaskRectificationReportedV1>

/** The finding a 整改 event is about and its 整改 as the event's task holds them. */
export function rectificationOf(event: Pick<TaskRectificationEventV1, 'task' | 'deficiency'>):
  | {
      finding: Static<typeof CommitmentVerification> | undefined
      rectification: TaskRectification | undefined
    }
  | undefined {
  const { deficiency, task } = event
  if (deficiency === undefined) {
    return task.commitment && { finding: task.commitment.verification, rectification: task.commitment.rectification }
  }
  const owed = task.deficiencies?.find((d) => d.material === deficiency.material)
  return owed && { finding: owed.finding, rectification: owed.rectification }
}

export type TaskEventBody = EventBody<typeof TaskAssignedV1>

/**
 * 并联审批 opened: every task of an accepted application's step, assigned in one event. Approval published one
 * `task.assigned` per task before this event existed (N + 2 publishes for an N-department step where one carries
 * the same facts); those stay in the stream and readers apply both alike, through `assignmentsOf`.
 */
export const StepTasksAssignedV1 = defineEvent({
  subject: 'permit.approval.step.tasks-assigned.v1',
  description:
    '并联审批 — the tasks of an accepted application, one per (item, department), each as its `task.assigned` would carry it; their clocks start on the acceptance day.',
  schema: Type.Object({
    applicationId: Uuid,
    projectId: Uuid,
    step: Type.Optional(StepCode),
    tasks: Type.Array(TaskSnapshot, { minItems: 1, maxItems: MAX_LIST }),
  }),
})
export type StepTasksAssignedV1 = EventBody<typeof StepTasksAssignedV1>

/**
 * The assignments a step's event carries, each as one task's `task.assigned` with the id its own effects are keyed
 * by: the task's id, since a task is assigned exactly once (a timeline entry, a notification, an export row — each
 * keyed by event id for a `task.assigned`). The one way a reader takes `StepTasksAssignedV1` apart.
 */
export const assignmentsOf = (event: StepTasksAssignedV1): Array<{ id: string; body: TaskEventBody }> =>
  event.tasks.map((task) => ({ id: task.taskId, body: { task } }))

export const TaskClockAlertV1Schema = Type.Object({
  task: TaskSnapshot,
  /** Which clock crossed: the statutory, the committed, or a special procedure's own sub-limit. */
  clock: Type.Union([Type.Literal('statutory'), Type.Literal('committed'), Type.Literal('special-procedure')]),
  suspensionId: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  suspensionKind: Type.Optional(SuspensionKindCode),
  dueOn: LegalDate,
  detectedOn: LegalDate,
  detectedAt: Instant,
  used: DaysCounted,
  limit: DaysCounted,
})

export const TaskClockWarnedV1 = defineEvent({
  subject: 'permit.approval.task.clock-warned.v1',
  description:
    'Yellow — a task clock used its warning share (80%) of the limit, or a special procedure overran its sub-limit. Once per clock.',
  schema: TaskClockAlertV1Schema,
})
export const TaskClockOverdueV1 = defineEvent({
  subject: 'permit.approval.task.clock-overdue.v1',
  description: 'Red — a task clock passed its due date while the task was open. Once per clock.',
  schema: TaskClockAlertV1Schema,
})
export type TaskClockAlertV1 = EventBody<typeof TaskClockWarnedV1>

export const StepLeadAlertedV1 = defineEvent({
  subject: 'permit.approval.step.lead-alerted.v1',
  description:
    "预警 to the step's lead department (牵头部门): a department's clock in its step turned yellow. Once per task.",
  schema: Type.Object({
    lead: DepartmentCode,
    ...TaskClockAlertV1Schema.properties,
  }),
})
export type StepLeadAlertedV1 = EventBody<typeof StepLeadAlertedV1>

export const SupplementNoticeIssuedV1 = defineEvent({
  subject: 'permit.approval.supplement-notice.issued.v1',
  description:
    '补正告知 — one consolidated notice per application: requests opened while a notice is unanswered join it; each issue carries the whole notice. It ends answered by the owner, or withdrawn with its application (撤回: nothing is owed any more; `closedAt`).',
  schema: Type.Object({
    noticeId: Uuid,
    applicationId: Uuid,
    projectId: Uuid,
    version: Count(1),
    status: Type.Union([Type.Literal('open'), Type.Literal('answered'), Type.Literal('withdrawn')]),
    requests: Type.Array(
      Type.Object({
        taskId: Uuid,
        department: DepartmentCode,
        item: ItemCode,
        materials: Type.Array(MaterialCode, { maxItems: MAX_LIST }),
        reason: Type.String({ maxLength: MAX_TEXT }),
        requestedOn: LegalDate,
      }),
      { minItems: 1, maxItems: MAX_LIST },
    ),
    issuedAt: Instant,
    answeredAt: Type.Optional(Instant),
    /** When its application was withdrawn, with status `withdrawn`. */
    closedAt: Type.Optional(Instant),
    /** 帮办代办: answered by the helper of the project's assisted-service case for the owner (004:1868). */
    onBehalfOf: Type.Optional(OnBehalfOf),
  }),
})
export type SupplementNoticeIssuedV1 = EventBody<typeof SupplementNoticeIssuedV1>

/**
 * The applicant's remedy against a refusal, said with every refusal (告知申请人应享有行政复议和行政诉讼的权利,
 * seeds/004_33317a5f04b53a73.txt:3235): the notifier's message of a refused step ends with it. The seeds give no period
 * nor the body to apply to, so none is stated. The console's papers say the same words from their own copy
 * (apps/console/src/refusal-words.ts, which imports no runtime code from here; apps/console/test/paper-lines.unit.test.ts
 * holds the two alike).
 */
export const APPEAL_RIGHTS = '如对本决定不服，可以依法申请行政复议或者提起行政诉讼。'

export const StepDecidedV1 = defineEvent({
  subject: 'permit.approval.step.decided.v1',
  description:
    'The step of an application is decided, exactly once, when its last task is decided: approved, or rejected if any department rejected.',
  schema: Type.Object({
    applicationId: Uuid,
    projectId: Uuid,
    step: Type.Optional(StepCode),
    /** 分阶段办理: the phase decided; the step is approved only with its last phase (`number` = `count`). */
    phase: Type.Optional(StepPhase),
    /** 按照单位工程办理: the unit work (单位工程) whose construction permit was decided; absent, the whole project. */
    part: Type.Optional(WorksPart),
    /**
     * 后续事项: the decision is of a follow-on, opened with no application after the approved task named (its tasks'
     * `followOnOf`): no application of the owner's was decided.
     */
    followOnOf: Type.Optional(TaskFollowOnOf),
    outcome: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
    decidedAt: Instant,
    decidedOn: LegalDate,
    tasks: Type.Array(
      Type.Object({
        taskId: Uuid,
        item: ItemCode,
        department: DepartmentCode,
        outcome: Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('closed')]),
        conditions: Type.Optional(Type.Array(Type.String({ maxLength: MAX_TEXT }), { maxItems: 50 })),
        /**
         * A rejected task's reason as its reviewer gave it (不予许可的理由, 行政许可法第三十八条第二款), so the owner is
         * told it with the decision; absent on an approval, and on events published before it was carried.
         */
        reason: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
      }),
      { maxItems: MAX_LIST },
    ),
  }),
})
export type StepDecidedV1 = EventBody<typeof StepDecidedV1>

export const ApplicationWithdrawnV1 = defineEvent({
  subject: 'permit.approval.application.withdrawn.v1',
  description:
    "撤回 — the owner (or the window clerk on the owner's behalf) withdrew an accepted application still in approval: every open task of it was closed with code 14 (each its own TaskWithdrawnV1, before this), the step's clocks stop, and the step shows withdrawn.",
  schema: Type.Object({
    applicationId: Uuid,
    projectId: Uuid,
    step: Type.Optional(Type.String({ maxLength: 100 })),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    withdrawnAt: Instant,
    withdrawnOn: LegalDate,
    /** Who withdrew: the owner, or the clerk on the owner's behalf. */
    actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    actorRole: Type.Union([Type.Literal('owner'), Type.Literal('clerk')]),
    /** The tasks closed by the withdrawal (the ones still open). */
    tasks: Type.Array(Type.Object({ taskId: Uuid, item: ItemCode, department: DepartmentCode }), {
      maxItems: MAX_LIST,
    }),
  }),
})
export type ApplicationWithdrawnV1 = EventBody<typeof ApplicationWithdrawnV1>

/** The step's own clocks (issue 13): the law's limit of a joint step and the city's step limit, beside its tasks'. */
export const StepClocks = Type.Object({ statutory: Type.Optional(ClockSpec), committed: Type.Optional(ClockSpec) })

export const StepExtendedV1 = defineEvent({
  subject: 'permit.approval.step.extended.v1',
  description:
    "延长 — a joint step's statutory clock extended once (行政许可法第四十二条: 45 W + 15 W with the approval of the people's government's head), the reason told to the applicant; `clocks.statutory.extended` says by whom and why.",
  schema: Type.Object({
    applicationId: Uuid,
    projectId: Uuid,
    step: Type.Optional(StepCode),
    clocks: StepClocks,
    extendedAt: Instant,
    actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  }),
})
export type StepExtendedV1 = EventBody<typeof StepExtendedV1>

export const StepClockAlertV1Schema = Type.Object({
  applicationId: Uuid,
  projectId: Uuid,
  step: Type.Optional(StepCode),
  /** Which of the step's clocks: the law's (joint handling) or the city's step limit. */
  clock: Type.Union([Type.Literal('statutory'), Type.Literal('committed')]),
  dueOn: LegalDate,
  detectedOn: LegalDate,
  detectedAt: Instant,
  /** Net days counted, gross days on the calendar (pauses included), and the limit. */
  used: DaysCounted,
  gross: DaysCounted,
  limit: DaysCounted,
})

export const StepClockWarnedV1 = defineEvent({
  subject: 'permit.approval.step.clock-warned.v1',
  description:
    'Yellow — a step clock used its warning share (80%) of the limit while the step was undecided. Once per clock.',
  schema: StepClockAlertV1Schema,
})
export const StepClockOverdueV1 = defineEvent({
  subject: 'permit.approval.step.clock-overdue.v1',
  description: 'Red — a step clock passed its due date while the step was undecided. Once per clock.',
  schema: StepClockAlertV1Schema,
})
export type StepClockAlertV1 = EventBody<typeof StepClockWarnedV1>
