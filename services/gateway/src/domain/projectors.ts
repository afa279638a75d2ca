import {
  type AcceptanceCaseEventBody,
  AcceptanceClockOverdueV1,
  AcceptanceClockWarnedV1,
  AcceptanceCommitmentBreachedV1,
  type AcceptanceCommitmentEventBody,
  AcceptanceCommitmentKeptV1,
  AcceptanceCommitmentOverdueV1,
  AcceptanceCommitmentRectificationEscalatedV1,
  AcceptanceCommitmentRectificationOverdueV1,
  AcceptanceCommitmentRectificationReportedV1,
  AcceptanceCommitmentRectificationReviewedV1,
  AcceptanceFailedV1,
  AcceptanceFilingIssuedV1,
  AcceptanceInspectionScheduledV1,
  AcceptanceOpinionRecordedV1,
  AcceptancePassedV1,
  AcceptancePassRevokedV1,
  AcceptanceRectificationSubmittedV1,
  AcceptanceResultRecordedV1,
  AcceptanceStartedV1,
  ApplicationAcceptedV1,
  type ApplicationReceipt,
  ApplicationReceiptAnsweredV1,
  ApplicationReceiptNoticedV1,
  ApplicationReceiptWithdrawnV1,
  ApplicationReceivedV1,
  ApplicationRefusedV1,
  ApplicationResultDeliveryV1,
  ApplicationWithdrawnV1,
  type ApprovalDueMovedV1,
  type AssistedCaseEventBody,
  type AssistedCaseOpenedV1,
  assignmentsOf,
  assistedCaseEvents,
  BookingAttendedV1,
  BookingBookedV1,
  BookingCancelledV1,
  type BookingEventBody,
  BookingMissedV1,
  breachRectificationOf,
  CalendarPublishedV1,
  CertificateIssuedV1,
  CertificateObjectionAnsweredV1,
  CertificateObjectionRaisedV1,
  type CertificateObjectionSnapshot,
  CertificateReleasedV1,
  CertificateRevokedV1,
  calendarEvents,
  DeficiencyCuredV1,
  DeficiencyOverdueV1,
  type DrawingReviewEventBody,
  type DrawingSetSubmittedV1,
  drawingReviewEvents,
  type EventBody,
  type EventDefinition,
  FlowClockChangedV1,
  FlowClockOverdueV1,
  FlowClockWarnedV1,
  type FollowOnItem,
  type IntermediaryEngagedV1,
  type IssueClockEventBody,
  IssueClockOverdueV1,
  IssueClockStartedV1,
  IssueClockStoppedV1,
  IssueClockWarnedV1,
  intermediaryEvents,
  type OnBehalfOf,
  type OwedMaterial,
  ProjectAreaLinkedV1,
  ProjectPlotLinkedV1,
  ProjectRegisteredV1,
  QualityInspectionRecordedV1,
  RatingFixOverdueV1,
  RatingGivenV1,
  RatingRepliedV1,
  type RatingSnapshot,
  RegistrationAcceptanceResultsUpdatedV1,
  type RegistrationCaseEventBody,
  RegistrationCaseOpenedV1,
  RegistrationClockOverdueV1,
  RegistrationClockWarnedV1,
  RegistrationCompletedV1,
  RegistrationPreSurveyPassedV1,
  RegistrationPreSurveyStartedV1,
  type ResultDelivery,
  ratingLevelLabels,
  rectificationOf,
  StepClockOverdueV1,
  StepClocksChangedV1,
  StepClockWarnedV1,
  StepDecidedV1,
  StepExtendedV1,
  StepLeadAlertedV1,
  type StepPhase,
  StepTasksAssignedV1,
  SupplementNoticeIssuedV1,
  type SurveyCommissionedV1,
  supervisionActOf,
  surveyEvents,
  TaskAssignedV1,
  TaskClaimedV1,
  TaskClockOverdueV1,
  TaskClockPausedV1,
  TaskClockResumedV1,
  TaskClockWarnedV1,
  TaskCommitmentBreachedV1,
  TaskCommitmentKeptV1,
  TaskCommitmentOverdueV1,
  TaskDecidedV1,
  TaskDeficiencyOverdueV1,
  type TaskEventBody,
  TaskExtendedV1,
  type TaskRectificationEventV1,
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
  UtilityConnectedV1,
  UtilityJointSurveyCancelledV1,
  UtilityJointSurveyConfirmedV1,
  UtilityJointSurveyProposedV1,
  UtilityPermitsClockOverdueV1,
  UtilityPermitsClockWarnedV1,
  type UtilityRequestAdvancedBody,
  UtilityRequestAdvancedV1,
  type UtilityRequestEventBody,
  UtilityRequestOpenedV1,
  UtilityRestorationDeclaredV1,
  UtilityRestorationReviewedV1,
  UtilityWorksPlanPushedV1,
} from '@onewindow/contracts'
import { suspensionKinds } from '@onewindow/workdays'
import type { ApplicationFollowOn } from '../http/schemas.js'

// Rows as plain data: instants are ISO strings, legal dates YYYY-MM-DD. The repository turns them into columns.

export type TaskSnapshot = TaskEventBody['task']
/** How the step ended: its departments' decision, or the applicant's withdrawal (撤回) with its reason. */
export type StepDecision = Pick<EventBody<typeof StepDecidedV1>, 'decidedAt' | 'decidedOn'> & {
  outcome: EventBody<typeof StepDecidedV1>['outcome'] | 'withdrawn'
  reason?: string
  /** The issuing clock of an approved step's permits (行政许可法第四十四条), as registration runs it. */
  issueClock?: IssueClockEventBody['issueClock']
  tasks: Array<
    Omit<EventBody<typeof StepDecidedV1>['tasks'][number], 'outcome'> & {
      outcome: 'approved' | 'rejected' | 'closed' | 'withdrawn'
    }
  >
}
export type NoticeBody = EventBody<typeof SupplementNoticeIssuedV1>
export type AcceptanceCase = AcceptanceCaseEventBody['case']
export type UtilityRequest = UtilityRequestEventBody['request']
export type RegistrationCase = RegistrationCaseEventBody['case']
export type SignedCertificate = CertificateIssuedV1['certificate']

/** One shared result as the read model keeps it (migration 20261207200100_shared_result). */
export type SharedRow = {
  projectId: string
  part: 'area' | 'plot' | 'assisted-case' | 'intermediary'
  key: string
  revision: number
  body: unknown
  updatedAt: string
}

export type ProjectRow = {
  projectId: string
  projectCode: string
  name: string
  projectType: string
  region: string
  ownerName: string
  ownerCreditCode: string
  investmentFen: number
  location?: string
  catalogueVersion?: string
  flow?: EventBody<typeof ProjectRegisteredV1>['flow']
  cap?: EventBody<typeof ProjectRegisteredV1>['cap']
  registeredAt: string
  /** The whole-flow cap clock as approval last published it. */
  flowClock?: FlowClockRow
}

/** The whole-flow cap clock of a project, as `flow.clock-changed` carries it. */
export type FlowClockRow = Pick<EventBody<typeof FlowClockChangedV1>, 'cap' | 'steps' | 'clock' | 'dueOn'>
export type StepClocksRow = EventBody<typeof StepClocksChangedV1>['clocks']

/**
 * 后续事项 as the acceptance said them, for the owner's page: each pinned one opens when its `after` is approved; each
 * withheld one does not, and says which condition on the stated facts failed. Nothing when the event names none.
 */
function followOnsSaid(e: EventBody<typeof ApplicationAcceptedV1>): { followOns?: ApplicationFollowOn[] } {
  const named = (
    f: Pick<FollowOnItem, 'item' | 'itemName' | 'after' | 'afterName' | 'department' | 'departmentName'>,
  ) => ({
    item: f.item,
    ...(f.itemName === undefined ? {} : { itemName: f.itemName }),
    after: f.after,
    ...(f.afterName === undefined ? {} : { afterName: f.afterName }),
    department: f.department,
    ...(f.departmentName === undefined ? {} : { departmentName: f.departmentName }),
  })
  const said = [
    ...(e.followOns ?? []).map((f) => ({
      ...named(f),
      opens: true,
      // 信息推送 (004:1806): said as the department told, not as one it handles.
      ...(f.forInformation ? { forInformation: true as const } : {}),
    })),
    ...(e.withheldFollowOns ?? []).map((f) => ({
      ...named(f),
      opens: false,
      unmet: f.unmet,
      ...(f.onlyIf === undefined ? {} : { onlyIf: f.onlyIf }),
    })),
  ]
  return said.length > 0 ? { followOns: said } : {}
}

/** What one event knows of an application; fields it does not carry are left as they are. */
export type ApplicationPatch = {
  applicationId: string
  projectId: string
  step?: string
  stepName?: string
  stage?: string
  receiptNumber?: string
  withDeficiencies?: boolean
  ownerCreditCode?: string
  items?: EventBody<typeof ApplicationAcceptedV1>['items']
  acceptedAt?: string
  acceptedOn?: string
  decision?: StepDecision
  certificateReleasedAt?: string
  /** 接件 and what became of it (national code 1–5); absent for applications accepted before receipts were kept. */
  receipt?: ApplicationReceipt
  /** The step's own clocks as approval last published them. */
  stepClocks?: StepClocksRow
  /** 收件清单: the materials handed in at the window; absent when the events predate it. */
  receivedMaterials?: EventBody<typeof ApplicationReceivedV1>['materials']
  /** 容缺 at 接件: what an undecided receipt owes and by when; empty once it is decided (`OWED_NO_LONGER`). */
  owedMaterials?: OwedMaterial[]
  /** 分阶段办理: the phase applied for; absent for the whole step. */
  phase?: EventBody<typeof ApplicationAcceptedV1>['phase']
  /** 按照单位工程办理施工许可: the unit work (单位工程) whose permit is applied for; absent for the whole project. */
  part?: string
  /** 后续事项 of the step as the acceptance said them: pinned (`opens`) or withheld with why; absent when none. */
  followOns?: ApplicationFollowOn[]
}

export type DeficiencyPatch = {
  applicationId: string
  projectId: string
  material: string
  name?: string
  promisedOn?: string
  curedAt?: string
  curedOn?: string
  overdueAt?: string
}

export type AlertRow = {
  eventId: string
  kind: 'warned' | 'overdue'
  taskId: string
  projectId: string
  clock: 'statutory' | 'committed' | 'special-procedure'
  department: string
  item: string
  suspensionId?: string
  suspensionKind?: string
  dueOn: string
  detectedOn: string
  detectedAt: string
  used: number
  limit: number
}

/** An alert to a step's lead department (牵头部门): a department's clock in its step turned yellow. */
export type LeadAlertRow = {
  eventId: string
  lead: string
  taskId: string
  projectId: string
  applicationId: string
  clock: string
  department: string
  item: string
  dueOn: string
  detectedOn: string
  detectedAt: string
  used: number
  limit: number
}

export type TimelineRow = {
  eventId: string
  projectId: string
  occurredAt: string
  /** The subject without `permit.<service>.` and `.v1`, e.g. `step.decided`. */
  type: string
  subject: string
  summary: string
  actor?: string
  /** Set on task and alert entries: the department they concern. */
  department?: string
  /** Set on a task decision's entry: the decision's outcome when it approved or rejected (not closed or withdrawn);
   * on a 补正 notice's entry: `answered` or `withdrawn` once it is no longer open (one event type for its states); on a
   * breach's entry: `deficiency` when the promise broken was a 容缺 one, not a 告知承诺 (one event for both), and
   * `escalated-revoke`, `escalated-bar` or `escalated-revoke-bar` when it tells 逾期未整改's further measure instead
   * (依法撤销许可, 禁止选择告知承诺 or both). */
  outcome?: 'approved' | 'rejected' | 'answered' | 'withdrawn' | 'deficiency' | TimelineEscalation
  /**
   * 登记一幢: the building (单位工程) an acceptance or registration case, a property certificate or a completion survey
   * is for, as the case names it (its 验收范围 / 登记范围) or the commission (its 测绘范围); 按照单位工程办理施工许可: the
   * building whose construction permit an application, a task, a step decision or a permit is for; absent for the
   * whole project.
   */
  part?: string
  /** 分阶段办理: the phase of the step an application, a task, a step decision or a permit is for; absent for the whole step. */
  phase?: StepPhase
  /** 网上预约: a booking entry's day, slot and step, so a screen names them in its language (the summary says them in English). */
  booking?: TimelineBooking
  /**
   * 证照异议: who raised the objection an entry is about — `owner`, the holder (权利人) disputing its own property
   * certificate, `registration-office`, the registration office (不动产登记机构, the registrar) disputing a permit it
   * uses when it registers, or `department`, another department using the certificate — so a screen says which in its
   * language (the summary names the party by code).
   */
  raiser?: ObjectionRaiser
  /**
   * A utility `advanced` that moved no step but did something to one outside-line permit: its department granted or
   * refused it on the platform (`permitsDecided`), accepted it with materials missing (容缺受理) or its provider supplied
   * them (容缺后补, `permitDeficiency`) — so a screen says which in its language, the permit named by its kind. Absent on a
   * step moved, and on an event published before it carried either field.
   */
  permit?: TimelinePermitAct
}

/** What a utility `advanced` did to one outside-line permit (its timeline entry's `permit`). */
export type TimelinePermitAct = {
  kind: UtilityRequest['permits'][number]['kind']
  act: 'granted' | 'refused' | 'accepted' | 'supplied'
  /** A grant that was the last permit's: the outside-line permits are done, and the request moved to construction. */
  permitsDone?: true
  /** A grant made while materials accepted missing were still owed: 办结（容缺通过）, as the permit's `grantedWithDeficiencies`. */
  withDeficiencies?: true
}

export type ObjectionRaiser = 'owner' | 'registration-office' | 'department'

/** The further measure an escalated breach's entry names (`outcome`). */
export type TimelineEscalation = 'escalated-revoke' | 'escalated-bar' | 'escalated-revoke-bar'

/** What a booking's timeline entry says of it: the day, the half-day slot and the step (with its name in the flow). */
export type TimelineBooking = Pick<BookingEventBody['booking'], 'day' | 'slot' | 'step' | 'stepName'>

/** The building and the phase of an entry, each only when the event names it. */
const partOf = (part: string | undefined) => (part === undefined ? {} : { part })
const phaseOf = (phase: StepPhase | undefined) => (phase === undefined ? {} : { phase })

/**
 * An objection party is an owner organisation as `owner-<credit code>`, the registration office as
 * `registration-office` (contracts' `ObjectionParty`), else a department. The registration office is a 使用部门 in
 * 004:1134's sense, but the owner and the issuer read it by its own name (不动产登记机构), not as a using department.
 */
const raiserOf = (raisedBy: string): ObjectionRaiser =>
  raisedBy.startsWith('owner-') ? 'owner' : raisedBy === 'registration-office' ? 'registration-office' : 'department'

/**
 * The two parties of a 证照异议 by code, told of its change: the issuing department and the raising one (the
 * registration office and an owner match no department's code: the registrar and the owner are told by rules of their
 * own).
 */
const objectionParties = (o: CertificateObjectionSnapshot): string[] => [...new Set([o.issuer, o.raisedBy])]

/**
 * What a calendar's move of a day kept on a versioned snapshot (no new version of its own: `task-due` and the others
 * below) needs to be set on no newer snapshot: the subject's `version` it was computed on (`subjectVersion`), and the
 * day it moved `from` — the one check left for a move published before moves named their version
 * (db/projection.ts `moveStillApplies`).
 */
export type CalendarMove = { from: string; version?: number }

export type Write =
  | { kind: 'project'; row: ProjectRow }
  /** Approval's whole-flow cap clock of the project (the project row is registered by intake). */
  | { kind: 'flow-clock'; projectId: string; row: FlowClockRow }
  | { kind: 'application'; row: ApplicationPatch }
  | { kind: 'deficiency'; row: DeficiencyPatch }
  | { kind: 'task'; row: TaskSnapshot }
  | { kind: 'notice'; row: NoticeBody }
  | { kind: 'alert'; row: AlertRow }
  | { kind: 'lead-alert'; row: LeadAlertRow }
  | { kind: 'acceptance'; row: AcceptanceCase }
  | { kind: 'utility'; row: UtilityRequest }
  | { kind: 'registration'; row: RegistrationCase }
  | { kind: 'certificate'; row: SignedCertificate; issuedAt: string }
  | { kind: 'revocation'; row: CertificateRevokedV1['revocation']; projectId: string }
  /**
   * A check, not a row: the named tasks must already be decided in the read model. Approval writes the last task
   * decision and the step decision in one transaction and its relay publishes them in that order, so in stream order
   * the tasks come first. Only a broken order gets here (say a task decision re-sent after its publish failed while
   * the step decision's went through): the event is refused and dead-lettered, to be replayed once its tasks are in,
   * rather than shown as a decided step with open tasks.
   */
  | { kind: 'check-decided-tasks'; taskIds: string[] }
  /** Likewise: intake releases a certificate only after the last cure, so every cure of the application is in. */
  | { kind: 'check-cured-deficiencies'; applicationId: string }
  /** A published calendar moved a task's due date: its inbox order and snapshot follow (no new version). */
  | ({ kind: 'task-due'; taskId: string; dueOn: string } & CalendarMove)
  /** 行政许可法第四十四条: the step's issuing clock, kept on the application's decision it runs from. */
  | { kind: 'issue-clock'; applicationId: string; issueClock: IssueClockEventBody['issueClock'] }
  /** A published calendar moved a 告知承诺 verify-by day: of a task approved on commitment, or a case's item. */
  | ({ kind: 'task-verify-by'; taskId: string; verifyBy: string } & CalendarMove)
  | ({ kind: 'case-verify-by'; caseId: string; item: string; verifyBy: string } & CalendarMove)
  /** A published calendar moved an unanswered 督办's reply-by day (no new version, as `task-due`). */
  | ({ kind: 'task-supervision-due'; taskId: string; supervisionId: string; due: string } & CalendarMove)
  /** The real row is in: what the gateway promised on answering 201 (a pending write) is settled. */
  | { kind: 'settle-pending'; id: string }
  /** 好差评: a rating of a department's handling as approval last published it (the newest version wins). */
  | { kind: 'rating'; row: RatingSnapshot }
  /** A published calendar moved an open fix-and-reply loop's due date (no new version, as `task-due`). */
  | ({ kind: 'rating-due'; ratingId: string; dueOn: string } & CalendarMove)
  /**
   * A published calendar moved a request's permits clock: the 外线审批 list's order (`permitsDueOn`) follows, while the
   * clock runs (no new version, as `task-due`; utility keeps the day in the request's state).
   */
  | ({ kind: 'utility-permits-due'; requestId: string; dueOn: string } & CalendarMove)
  /**
   * A shared result on the project's status (issue 18): its assessed area, its plot's list, its assisted-service case,
   * an intermediary engagement — the snapshot whole, the newest `revision` kept.
   */
  | { kind: 'shared'; row: SharedRow }
  /** 结果送达: a decided application's delivery as intake last published it (the newest `version` kept). */
  | { kind: 'delivery'; row: ResultDelivery }

/**
 * Everything one event changes in the read model: its rows and its one timeline entry, and the departments to tell of
 * it on the live stream besides those its rows name (`parties`: a 证照异议's two, which it writes no row of).
 */
export type Projection = { writes: Write[]; timeline: TimelineRow; parties?: readonly string[] }

export type Projector = {
  event: EventDefinition
  /** The event's type as a slug (`step-decided`). */
  slug: string
  type: string
  /** Called with a body the reader already validated against `event`. */
  project(body: unknown, eventId: string): Projection
}

/**
 * `permit.approval.step.decided.v1` → `step.decided`. The services of issue 4 name their aggregate in the subject
 * (`permit.acceptance.case.passed.v1`); their type keeps the service instead (`acceptance.passed`), which reads better
 * on a timeline and does not collide between acceptance and registration cases (nor between the services' moved due
 * dates, `permit.<service>.clock.due-moved.v1` → `<service>.due-moved`).
 */
const typeOf = (subject: string) => {
  const parts = subject.split('.').slice(1, -1)
  const [service, aggregate, ...rest] = parts
  if ((aggregate === 'case' || aggregate === 'request' || aggregate === 'clock') && service)
    return [service, ...rest].join('.')
  return parts.slice(1).join('.')
}

function projector<E extends EventDefinition>(
  event: E,
  fn: (body: EventBody<E>, base: { eventId: string; type: string; subject: string }) => Projection,
): Projector {
  const type = typeOf(event.subject)
  return {
    event,
    slug: type.replaceAll('.', '-'),
    type,
    project: (body, eventId) => fn(body as EventBody<E>, { eventId, type, subject: event.subject }),
  }
}

/**
 * A version comparison the task and notice upserts share: an event older than what is stored changes nothing, so a
 * replayed dead letter or an older snapshot published late never overwrites the newest.
 */
export const supersedes = (stored: number | undefined, incoming: number): boolean =>
  stored === undefined || incoming > stored

const whoOf = (t: TaskSnapshot) => t.departmentName ?? t.department
const whatOf = (t: TaskSnapshot) => t.itemName ?? t.item

/** Which finding's 整改 an entry is about: a 容缺 material's, else the 告知承诺's. */
const rectifiedWhat = (e: TaskEventBody) => {
  const { deficiency } = e as TaskRectificationEventV1
  return deficiency ? `容缺 ${deficiency.material}:` : '告知承诺:'
}

const taskVerbs: Record<string, (e: TaskEventBody) => string> = {
  'task.assigned': (e) => `assigned (clock from ${(e.task.clocks.committed ?? e.task.clocks.statutory)?.start ?? '?'})`,
  'task.claimed': (e) => `claimed${e.task.claimedBy ? ` by ${e.task.claimedBy}` : ''}`,
  'task.supplement-requested': () => '补正 requested; clocks stopped',
  'task.supplement-provided': () => '补正 answered; clocks run again',
  'task.special-procedure-started': (e) => {
    const open = [...(e.task.clocks.committed?.suspensions ?? []), ...(e.task.clocks.statutory?.suspensions ?? [])]
      .filter((s) => s.to === undefined && s.kind !== 'supplement')
      .at(-1)
    return `特别程序 ${open ? suspensionKinds[open.kind].zh : ''} started; clocks stopped`.replace('  ', ' ')
  },
  'task.special-procedure-ended': () => '特别程序 ended; clocks run again',
  'task.extended': (e) => {
    const x = e.task.clocks.statutory?.extended
    return x
      ? `statutory clock extended by ${x.value} ${x.unit} (延长, approved by ${x.approvedBy}): due ${x.dueBefore} → ${x.dueAfter}; ${x.reason}`
      : 'statutory clock extended'
  },
  'task.clock-paused': () => "clocks stopped by the lead's consolidated 补正 notice for the whole step",
  'task.clock-resumed': () => "the step's 补正 notice answered; clocks run again",
  'task.withdrawn': (e) => `撤回 (14): the application was withdrawn${e.note ? `: ${e.note}` : ''}; clocks stopped`,
  'task.revoked': (e) =>
    `撤销 (15): permit revoked${e.task.revocation ? `: ${e.task.revocation.reason} (legal basis: ${e.task.revocation.legalBasis})` : ''}`,
  // 督办: which 督办 and which act, read as the notifier reads them (contracts' `supervisionActOf`: the event's
  // `supervisionId` and `turn`, the snapshot's instants for an event published before it named them).
  // The entry names the act and its days, not the office's or the department's words: the owner reads the timeline
  // too, and the texts are between the office and the department (GET /tasks/:id/supervisions).
  'task.supervised': (e) => {
    const act = supervisionActOf(e as TaskSupervisedV1)
    if (!act) return '督办'
    const s = act.supervision
    return act.turn === 'answered'
      ? `督办 of ${s.openedOn} answered`
      : `督办 by the supervising office; reply due ${s.deadline.due}`
  },
  // 督办逾期未回复: the event names the 督办 and its day; the entry says the day, not the texts.
  'task.supervision-overdue': (e) => {
    const { supervisionId, dueOn } = e as TaskEventBody & { supervisionId?: string; dueOn?: string }
    const s = (e.task.supervisions ?? []).find((x) => x.id === supervisionId)
    return `督办${s ? ` of ${s.openedOn}` : ''} not answered by ${dueOn ?? s?.deadline.due ?? '?'}: overdue`
  },
  'task.commitment-kept': () => '告知承诺 verified: kept',
  // 容缺后补 not kept is told as a commitment breach naming the material (004:1860): the entry says which promise.
  // 逾期未整改's further measure is the breach told again (`rectification`): the entry says so.
  'task.commitment-breached': (e) =>
    `${(e as TaskCommitmentBreachedV1).deficiency ? '容缺 not made good' : '告知承诺 breached'}${
      (e as TaskCommitmentBreachedV1).rectification ? ' — 整改 not confirmed by its day, further measure taken' : ''
    }${e.note ? `: ${e.note}` : ''}`,
  'task.deficiency-overdue': (e) => {
    const { material, promisedOn } = e as TaskDeficiencyOverdueV1
    return `容缺 ${material} not submitted by ${promisedOn}: overdue`
  },
  // 整改 followed through: the act and its days; the owner's statement and the department's note stay on the task.
  'task.rectification-reported': (e) => {
    const r = rectificationOf(e as TaskRectificationEventV1)
    return `${rectifiedWhat(e)} 整改 reported by the owner (due ${r?.finding?.rectifyBy ?? '?'})`
  },
  'task.rectification-reviewed': (e) => {
    const r = rectificationOf(e as TaskRectificationEventV1)
    const last = r?.rectification?.reports.at(-1)?.review
    return `${rectifiedWhat(e)} 整改 ${last?.result === 'done' ? 'confirmed done (整改完成)' : 'found not done'}`
  },
  'task.rectification-overdue': (e) => {
    const r = rectificationOf(e as TaskRectificationEventV1)
    return `${rectifiedWhat(e)} 整改 not confirmed by ${r?.finding?.rectifyBy ?? '?'}: overdue (逾期未整改)`
  },
  'task.commitment-overdue': (e) => `告知承诺 not verified by ${e.task.commitment?.verifyBy ?? '?'}: overdue`,
  'task.decided': (e) => {
    const d = e.task.decision
    if (!d) return 'decided'
    const extra = d.reason
      ? `: ${d.reason}`
      : d.conditions?.length
        ? ` with conditions: ${d.conditions.join('; ')}`
        : ''
    return `${d.outcome}${extra}`
  },
}

/** A decision's outcome as its timeline entry keeps it: approved or rejected, else none. */
const entryOutcome = (t: TaskSnapshot) =>
  t.decision?.outcome === 'approved' || t.decision?.outcome === 'rejected' ? { outcome: t.decision.outcome } : {}

/**
 * A breach's entry's outcome: 逾期未整改's further measure (the breach told again, `rectification`) by the measures it
 * took, so a screen says what was done, not that a promise was broken; else `deficiency` for a 容缺 promise, none for
 * a 告知承诺 one.
 */
function breachOutcome(e: TaskCommitmentBreachedV1): Pick<TimelineRow, 'outcome'> {
  const measures = e.rectification ? breachRectificationOf(e)?.escalation?.measures : undefined
  if (measures !== undefined) {
    const revoke = measures.includes('revoke')
    const bar = measures.includes('bar-commitment')
    if (revoke || bar)
      return { outcome: revoke && bar ? 'escalated-revoke-bar' : revoke ? 'escalated-revoke' : 'escalated-bar' }
  }
  return e.deficiency ? { outcome: 'deficiency' } : {}
}

const taskProjector = (event: Omit<typeof TaskAssignedV1, 'subject'> & { subject: EventDefinition['subject'] }) =>
  projector(event, (e, base) => ({
    writes: [{ kind: 'task', row: e.task }],
    timeline: {
      ...base,
      projectId: e.task.projectId,
      department: e.task.department,
      occurredAt: e.task.updatedAt,
      summary: `${whoOf(e.task)} — ${whatOf(e.task)}: ${(taskVerbs[base.type] ?? (() => base.type))(e)}`,
      ...((e.actor ?? e.task.decision?.decidedBy) ? { actor: e.actor ?? e.task.decision?.decidedBy } : {}),
      ...(base.type === 'task.decided' ? entryOutcome(e.task) : {}),
      ...(base.type === 'task.commitment-breached' ? breachOutcome(e as TaskCommitmentBreachedV1) : {}),
      ...partOf(e.task.part),
      ...phaseOf(e.task.phase),
    },
  }))

const alertProjector = (
  event: Omit<typeof TaskClockWarnedV1, 'subject'> & { subject: EventDefinition['subject'] },
  kind: AlertRow['kind'],
) =>
  projector(event, (e, base) => {
    const what =
      e.clock === 'special-procedure'
        ? `特别程序 ${e.suspensionKind ? suspensionKinds[e.suspensionKind].zh : ''} overran its own limit (due ${e.dueOn})`
        : kind === 'warned'
          ? `${e.clock} clock warned: ${e.used} of ${e.limit} used, due ${e.dueOn}`
          : `${e.clock} clock overdue since ${e.dueOn}`
    return {
      writes: [
        { kind: 'task', row: e.task },
        {
          kind: 'alert',
          row: {
            eventId: base.eventId,
            kind,
            taskId: e.task.taskId,
            projectId: e.task.projectId,
            clock: e.clock,
            department: e.task.department,
            item: e.task.item,
            ...(e.suspensionId === undefined ? {} : { suspensionId: e.suspensionId }),
            ...(e.suspensionKind === undefined ? {} : { suspensionKind: e.suspensionKind }),
            dueOn: e.dueOn,
            detectedOn: e.detectedOn,
            detectedAt: e.detectedAt,
            used: e.used,
            limit: e.limit,
          },
        },
      ],
      timeline: {
        ...base,
        projectId: e.task.projectId,
        department: e.task.department,
        occurredAt: e.detectedAt,
        summary: `${whoOf(e.task)} — ${whatOf(e.task)}: ${what.replace('  ', ' ')}`,
        ...partOf(e.task.part),
        ...phaseOf(e.task.phase),
      },
    }
  })

type Loose<E> = Omit<E, 'subject'> & { subject: EventDefinition['subject'] }

const itemsIn = (c: AcceptanceCase, status: AcceptanceCase['items'][number]['status']) =>
  c.items.filter((i) => i.status === status).map((i) => i.itemName ?? i.item)

const acceptanceVerbs: Record<string, (e: AcceptanceCaseEventBody) => string> = {
  'acceptance.started': (e) =>
    `联合验收 application taken by ${e.case.lead}${e.case.part ? ` for ${e.case.part}` : ''}: ${e.case.items.length} item(s)`,
  'acceptance.inspection-scheduled': (e) =>
    `joint inspection${(e.case.inspection?.round ?? 1) > 1 ? ` (round ${e.case.inspection?.round})` : ''} scheduled on ${e.case.inspection?.date ?? '?'} at ${e.case.inspection?.place ?? '?'}`,
  'acceptance.opinion-recorded': (e) => {
    const rectify = itemsIn(e.case, 'rectify')
    const failed = itemsIn(e.case, 'failed')
    return `opinion recorded; ${itemsIn(e.case, 'passed').length} passed${rectify.length ? `, rectify ${rectify.join(', ')}` : ''}${failed.length ? `, failed ${failed.join(', ')}` : ''}`
  },
  'acceptance.rectification-submitted': () => 'the owner reported the defects rectified',
  'acceptance.passed': (e) =>
    `联合验收意见书 ${e.case.opinionNumber ?? ''} issued: joint acceptance passed`.replace('  ', ' '),
  'acceptance.failed': (e) => `joint acceptance failed: ${itemsIn(e.case, 'failed').join(', ')}`,
  'acceptance.clock-warned': (e) => `clock yellow (${e.note ?? ''})`,
  'acceptance.clock-overdue': (e) => `clock overdue (${e.note ?? ''})`,
  'acceptance.filing-issued': (e) =>
    `竣工验收备案表 ${e.case.filingForm?.number ?? ''} issued after every department's result (意见书 ${e.case.opinionNumber ?? '?'})`.replace(
      '  ',
      ' ',
    ),
}

const acceptanceProjector = (event: Loose<typeof AcceptanceStartedV1>) =>
  projector(event, (e, base) => ({
    writes: [{ kind: 'acceptance', row: e.case }],
    timeline: {
      ...base,
      projectId: e.case.projectId,
      occurredAt: e.case.updatedAt,
      summary: `Joint acceptance: ${(acceptanceVerbs[base.type] ?? (() => base.type))(e)}`,
      ...(e.actor === undefined ? {} : { actor: e.actor }),
      ...partOf(e.case.part),
    },
  }))

/**
 * What a utility `advanced` did to one permit, when it moved no step: 容缺受理 or 容缺后补 as the event says
 * (`permitDeficiency`), else a department's decision on the platform (`permitsDecided`, one permit), granted or refused
 * as the snapshot shows it. None for a step moved, a decision the provider recorded from paper (`permitsDecided: []`),
 * a re-application, and an event published before either field (it reads as a step, as it always did).
 */
export function permitActOf(e: UtilityRequestEventBody): TimelinePermitAct | undefined {
  const { permitDeficiency, permitsDecided } = e as Partial<UtilityRequestAdvancedBody>
  if (permitDeficiency !== undefined) return { kind: permitDeficiency.kind, act: permitDeficiency.act }
  const kind = permitsDecided?.[0]
  const permit = e.request.permits.find((p) => p.kind === kind)
  const status = permit?.status
  if (kind === undefined || (status !== 'granted' && status !== 'refused')) return undefined
  // The permits clock stopped with this event: the last permit granted, the step moved with it.
  const done = status === 'granted' && e.request.permitsDoneAt === e.request.updatedAt
  const owed = status === 'granted' && permit?.grantedWithDeficiencies === true
  return {
    kind,
    act: status,
    ...(done ? { permitsDone: true as const } : {}),
    ...(owed ? { withDeficiencies: true as const } : {}),
  }
}

const utilityVerbs: Record<string, (e: UtilityRequestEventBody) => string> = {
  'utility.opened': (e) =>
    `报装 opened${
      e.request.permitsExemption
        ? ` (非禁免批 of ${e.request.permitsExemption.projectType}: filing, no permit whatever its measures)`
        : e.request.lowRisk
          ? ' (low risk: filing, no permit)'
          : ''
    }`,
  'utility.advanced': (e) => {
    const act = permitActOf(e)
    const permit = e.request.permits.find((p) => p.kind === act?.kind)
    const owed = (permit?.deficiencies ?? []).filter((d) => d.suppliedOn === undefined).map((d) => d.name)
    switch (act?.act) {
      case 'granted':
      case 'refused':
        return `outside-line permit ${act.kind} ${act.act}${act.withDeficiencies ? ' with materials owed (容缺通过)' : ''} by ${permit?.department ?? 'its department'}${
          act.permitsDone ? `; permits done, now at ${e.request.stage}` : ''
        }`
      case 'accepted':
        return `outside-line permit ${act.kind} accepted by ${permit?.department ?? 'its department'} with materials owed (容缺受理): ${owed.join(', ')}`
      case 'supplied':
        return `materials supplied for outside-line permit ${act.kind} (容缺后补)${owed.length > 0 ? `; still owed: ${owed.join(', ')}` : '; none owed'}`
      default:
        return `now at ${e.request.stage}`
    }
  },
  'utility.connected': () => 'connected',
  'utility.permits-clock-warned': (e) => `outside-line permits clock yellow (${e.note ?? ''})`,
  'utility.permits-clock-overdue': (e) => `outside-line permits clock overdue (${e.note ?? ''})`,
  'utility.works-plan-pushed': (e) =>
    `works plan filed and pushed to ${(e.request.worksPlanPush?.departments ?? []).map((d) => d.code).join(', ')}`,
  'utility.restoration-declared': () => 'restoration declared done (修复完成)',
  'utility.restoration-reviewed': (e) => {
    const last = e.request.restoration?.reviews.at(-1)
    return last
      ? `restoration ${last.outcome === 'accepted' ? 'accepted' : `sent back (${last.reason ?? ''})`} by ${last.department}`
      : 'restoration reviewed'
  },
}

const commitmentVerbs: Record<
  string,
  (e: AcceptanceCommitmentEventBody, item: AcceptanceCase['items'][number]) => string
> = {
  'acceptance.commitment-kept': (_, i) => `kept, verified by ${i.department} on ${i.verification?.on ?? '?'}`,
  'acceptance.commitment-breached': (_, i) => {
    const v = i.verification
    const measures = (v?.measures ?? []).map((m) =>
      m === 'rectify' ? `rectify by ${v?.rectifyBy}` : m === 'bar-commitment' ? `barred until ${v?.barredUntil}` : m,
    )
    return `not kept (${(v?.findings ?? []).join('; ')}); ${i.department}: ${measures.join(', ')}`
  },
  'acceptance.commitment-overdue': (_, i) => `not verified by ${i.verifyBy ?? '?'} (${i.department})`,
  // 整改 followed through: the act and its days; the owner's statement and the department's note stay on the item.
  'acceptance.commitment-rectification-reported': (_, i) =>
    `整改 reported by the owner (due ${i.verification?.rectifyBy ?? '?'})`,
  'acceptance.commitment-rectification-reviewed': (_, i) =>
    `整改 ${i.rectification?.reports.at(-1)?.review?.result === 'done' ? 'confirmed done (整改完成)' : 'found not done'} by ${i.department}`,
  'acceptance.commitment-rectification-overdue': (_, i) =>
    `整改 not confirmed by ${i.verification?.rectifyBy ?? '?'}: overdue (逾期未整改)`,
  'acceptance.commitment-rectification-escalated': (_, i) =>
    `整改 not confirmed by its day, further measure taken by ${i.department}: ${(
      i.rectification?.escalation?.measures ?? []
    )
      .map((m) => (m === 'bar-commitment' ? `barred until ${i.rectification?.escalation?.barredUntil ?? '?'}` : m))
      .join(', ')}`,
  'acceptance.pass-revoked': (e, i) =>
    `revoked by ${i.department} (依法撤销): 联合验收意见书 ${e.case.opinionNumber ?? '?'}${e.case.filingForm ? ` and 竣工验收备案表 ${e.case.filingForm.number}` : ''} withdrawn`,
}

/**
 * The further measure's entry keeps the measures it took in `outcome`, as approval's (`breachOutcome`), so a screen
 * says what was done once the 整改 was not confirmed by its day.
 */
function escalationOutcome(item: AcceptanceCase['items'][number] | undefined): Pick<TimelineRow, 'outcome'> {
  const measures = item?.rectification?.escalation?.measures ?? []
  const revoke = measures.includes('revoke')
  const bar = measures.includes('bar-commitment')
  if (!revoke && !bar) return {}
  return { outcome: revoke && bar ? 'escalated-revoke-bar' : revoke ? 'escalated-revoke' : 'escalated-bar' }
}

/** The acceptance case as the other acceptance events project it; the entry names the item and what became of it. */
const commitmentProjector = (event: Loose<typeof AcceptanceCommitmentKeptV1>) =>
  projector(event, (e, base) => {
    const item = e.case.items.find((i) => i.item === e.item)
    const what = item ? (commitmentVerbs[base.type]?.(e, item) ?? base.type) : base.type
    return {
      writes: [{ kind: 'acceptance', row: e.case }],
      timeline: {
        ...base,
        projectId: e.case.projectId,
        occurredAt: e.case.updatedAt,
        summary: `告知承诺 ${item?.itemName ?? e.item}: ${what}`,
        ...(e.actor === undefined ? {} : { actor: e.actor }),
        ...(base.type === 'acceptance.commitment-rectification-escalated' ? escalationOutcome(item) : {}),
      },
    }
  })

/** 结果物: the case as ever, the entry naming the item and the document its department issued. */
const resultProjector = (event: typeof AcceptanceResultRecordedV1) =>
  projector(event, (e, base) => {
    const item = e.case.items.find((i) => i.item === e.item)
    const doc = item?.result ? `${item.result.name} ${item.result.number} (${item.result.issuedOn})` : e.item
    return {
      writes: [{ kind: 'acceptance', row: e.case }],
      timeline: {
        ...base,
        projectId: e.case.projectId,
        occurredAt: e.case.updatedAt,
        summary: `Joint acceptance result of ${item?.itemName ?? e.item}: ${doc}`,
        ...(e.actor === undefined ? {} : { actor: e.actor }),
        ...partOf(e.case.part),
      },
    }
  })

const utilityProjector = (event: Loose<typeof UtilityRequestOpenedV1>) =>
  projector(event, (e, base) => ({
    writes: [{ kind: 'utility', row: e.request }],
    timeline: {
      ...base,
      projectId: e.request.projectId,
      occurredAt: e.request.updatedAt,
      summary: `Utility ${e.request.provider}: ${(utilityVerbs[base.type] ?? (() => base.type))(e)}`,
      ...(e.actor === undefined ? {} : { actor: e.actor }),
      ...permitOf(base.type === 'utility.advanced' ? permitActOf(e) : undefined),
    },
  }))

const permitOf = (permit: TimelinePermitAct | undefined) => (permit === undefined ? {} : { permit })

/**
 * 联合踏勘's three events share one shape: every request of the project that carries (or, cancelled, carried) the one
 * appointment, each as it stands after; the timeline line says when and what became of the appointment.
 */
const jointSurveyProjector = <
  E extends
    | typeof UtilityJointSurveyProposedV1
    | typeof UtilityJointSurveyCancelledV1
    | typeof UtilityJointSurveyConfirmedV1,
>(
  event: E,
  line: (e: EventBody<E>) => { occurredAt: string; summary: string },
) =>
  projector(event, (e, base) => ({
    writes: e.requests.map((row) => ({ kind: 'utility' as const, row })),
    timeline: {
      ...base,
      projectId: e.projectId,
      ...line(e),
      ...(e.actor === undefined ? {} : { actor: e.actor }),
    },
  }))

const registrationVerbs: Record<string, (e: RegistrationCaseEventBody) => string> = {
  'registration.pre-survey-started': () => '权籍调查 (pre-survey) started from the shared project data',
  'registration.pre-survey-passed': () => 'pre-survey passed',
  'registration.opened': () => '验登合一 — first-registration case opened',
  'registration.completed': () => 'first registration completed; property certificate issued',
  'registration.acceptance-results-updated': () => '在线获取验收结果 — the joint acceptance results taken in',
  'registration.clock-warned': (e) => `clock yellow (${e.note ?? ''})`,
  'registration.clock-overdue': (e) => `clock overdue (${e.note ?? ''})`,
}

const registrationProjector = (event: Loose<typeof RegistrationCaseOpenedV1>) =>
  projector(event, (e, base) => ({
    writes: [{ kind: 'registration', row: e.case }],
    timeline: {
      ...base,
      projectId: e.case.projectId,
      occurredAt: e.case.updatedAt,
      // 登记一幢: a building's own case names it, so two buildings' lines are told apart.
      summary: `Registration${e.case.part ? ` (${e.case.part})` : ''}: ${(registrationVerbs[base.type] ?? (() => base.type))(e)}`,
      ...(e.actor === undefined ? {} : { actor: e.actor }),
      ...partOf(e.case.part),
    },
  }))

/**
 * 容缺 at 接件 (`owedMaterials`) is owed only while its receipt is undecided: a decision writes the empty list, so the
 * stored row — which the status's statement and every other read give as it is — never outlives its receipt. Accepted,
 * the materials are the application's deficiencies, which its acceptance event brings; withdrawn or refused, the
 * receipt never became an application, and nothing is owed to it.
 */
const OWED_NO_LONGER: Pick<ApplicationPatch, 'owedMaterials'> = { owedMaterials: [] }

const bookingVerbs: Record<string, (b: BookingEventBody['booking']) => string> = {
  'booking.booked': () => 'booked (网上预约)',
  'booking.cancelled': () => 'cancelled by the owner (主动放弃)',
  'booking.attended': () => 'attended: the application was received for it (到场)',
  'booking.missed': (b) => `missed (未到)${b.by === 'intake-booking-scan' ? ', found by the booking scan' : ''}`,
}

/**
 * 网上预约: a booking's change is a line of its project's timeline and nothing else (intake keeps the bookings and
 * answers for them: GET /projects/:id/bookings forwards). The booking's day, slot and step are in the summary and, for
 * a screen to say in its language, in `booking`.
 */
const bookingProjector = (event: Loose<typeof BookingBookedV1>) =>
  projector(event, (e, base) => ({
    writes: [],
    timeline: {
      ...base,
      projectId: e.booking.projectId,
      occurredAt: e.booking.at,
      summary: `Booking of the window for ${e.booking.stepName ?? e.booking.step} on ${e.booking.day} ${e.booking.slot}: ${(bookingVerbs[base.type] ?? (() => base.type))(e.booking)}`,
      actor: e.booking.by,
      booking: {
        day: e.booking.day,
        slot: e.booking.slot,
        step: e.booking.step,
        ...(e.booking.stepName === undefined ? {} : { stepName: e.booking.stepName }),
      },
    },
  }))

/** One projector per event of the registry: the read model's handlers are made from this table. */
export const projectors: readonly Projector[] = [
  projector(ProjectRegisteredV1, (e, base) => ({
    writes: [
      {
        kind: 'project',
        row: {
          projectId: e.projectId,
          projectCode: e.projectCode,
          name: e.name,
          projectType: e.projectType,
          region: e.region,
          ownerName: e.owner.name,
          ownerCreditCode: e.owner.creditCode,
          investmentFen: e.investmentFen,
          ...(e.location === undefined ? {} : { location: e.location }),
          ...(e.catalogueVersion === undefined ? {} : { catalogueVersion: e.catalogueVersion }),
          ...(e.flow === undefined ? {} : { flow: e.flow }),
          ...(e.cap === undefined ? {} : { cap: e.cap }),
          registeredAt: e.registeredAt,
        },
      },
      { kind: 'settle-pending', id: e.projectId },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.registeredAt,
      summary: `Project ${e.projectCode} «${e.name}» registered for ${e.owner.name}`,
    },
  })),
  projector(ApplicationAcceptedV1, (e, base) => ({
    writes: [
      {
        kind: 'application',
        row: {
          applicationId: e.applicationId,
          projectId: e.projectId,
          ...(e.step === undefined ? {} : { step: e.step }),
          ...(e.stepName === undefined ? {} : { stepName: e.stepName }),
          ...(e.phase === undefined ? {} : { phase: e.phase }),
          ...(e.part === undefined ? {} : { part: e.part }),
          stage: e.stage,
          ...(e.receiptNumber === undefined ? {} : { receiptNumber: e.receiptNumber }),
          withDeficiencies: e.withDeficiencies,
          ...(e.ownerCreditCode === undefined ? {} : { ownerCreditCode: e.ownerCreditCode }),
          items: e.items,
          acceptedAt: e.acceptedAt,
          acceptedOn: e.acceptedOn,
          ...(e.receipt === undefined ? {} : { receipt: e.receipt }),
          ...(e.materials === undefined ? {} : { receivedMaterials: e.materials }),
          ...followOnsSaid(e),
          ...OWED_NO_LONGER,
        },
      },
      ...(e.deficiencies ?? []).map(
        (d): Write => ({
          kind: 'deficiency',
          row: {
            applicationId: e.applicationId,
            projectId: e.projectId,
            material: d.material,
            name: d.name,
            promisedOn: d.promisedOn,
          },
        }),
      ),
      { kind: 'settle-pending', id: e.applicationId },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.acceptedAt,
      summary:
        `Application ${e.receiptNumber ?? e.applicationId} for ${e.stepName ?? e.step ?? e.stage}` +
        `${partSaid(e.part)}${phaseSaid(e.phase)} accepted` +
        `${e.withDeficiencies ? ' with deficiencies (容缺受理)' : ''}: ${e.items.length} item(s)` +
        (e.receipt?.acceptedBy === 'law'
          ? `; accepted by law as of its receipt day ${e.acceptedOn}: five working days passed without a decision or notice (行政许可法第三十二条)`
          : ''),
      ...partOf(e.part),
      ...phaseOf(e.phase),
    },
  })),
  // 接件 (1) and what became of a receipt not accepted at once: 撤件 (2), 不受理 (4), 不予受理 (5).
  projector(ApplicationReceivedV1, (e, base) => ({
    writes: [
      {
        kind: 'application',
        row: {
          applicationId: e.applicationId,
          projectId: e.projectId,
          step: e.step,
          ...(e.stepName === undefined ? {} : { stepName: e.stepName }),
          ...(e.phase === undefined ? {} : { phase: e.phase }),
          ...(e.part === undefined ? {} : { part: e.part }),
          stage: e.stage,
          receiptNumber: e.receiptNumber,
          ownerCreditCode: e.ownerCreditCode,
          receipt: e.receipt,
          ...(e.materials === undefined ? {} : { receivedMaterials: e.materials }),
          ...(e.owedMaterials === undefined ? {} : { owedMaterials: e.owedMaterials }),
        },
      },
      { kind: 'settle-pending', id: e.applicationId },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.receipt.receivedAt,
      summary: `Application ${e.receiptNumber} for ${e.stepName ?? e.step}${partSaid(e.part)}${phaseSaid(e.phase)} received (接件), not yet accepted`,
      ...partOf(e.part),
      ...phaseOf(e.phase),
    },
  })),
  projector(ApplicationReceiptWithdrawnV1, (e, base) => ({
    writes: [
      {
        kind: 'application',
        row: { applicationId: e.applicationId, projectId: e.projectId, receipt: e.receipt, ...OWED_NO_LONGER },
      },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.receipt.closedAt ?? e.receipt.receivedAt,
      summary: `Receipt for ${e.step} withdrawn (已撤件)${e.receipt.reason ? `: ${e.receipt.reason}` : ''}${behalf(e.onBehalfOf)}`,
      ...actedBy(e.onBehalfOf),
    },
  })),
  projector(ApplicationReceiptNoticedV1, (e, base) => ({
    writes: [
      { kind: 'application', row: { applicationId: e.applicationId, projectId: e.projectId, receipt: e.receipt } },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.receipt.notice?.at ?? e.receipt.receivedAt,
      summary: `Receipt for ${e.step}: one notice (一次性告知) to supplement ${e.receipt.notice?.materials.join(', ') ?? ''}${e.receipt.notice ? ` — ${e.receipt.notice.reason}` : ''}`,
    },
  })),
  projector(ApplicationReceiptAnsweredV1, (e, base) => ({
    writes: [
      { kind: 'application', row: { applicationId: e.applicationId, projectId: e.projectId, receipt: e.receipt } },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.receipt.notice?.answeredAt ?? e.receipt.receivedAt,
      summary: `Receipt for ${e.step}: the owner answered its notice; the window decides${behalf(e.onBehalfOf)}`,
      ...actedBy(e.onBehalfOf),
    },
  })),
  projector(ApplicationRefusedV1, (e, base) => ({
    writes: [
      {
        kind: 'application',
        row: { applicationId: e.applicationId, projectId: e.projectId, receipt: e.receipt, ...OWED_NO_LONGER },
      },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.receipt.closedAt ?? e.receipt.receivedAt,
      summary:
        (e.receipt.nationalCode === 4
          ? `Application for ${e.step} not accepted (不受理): the matter needs no licence`
          : `Application for ${e.step} refused (不予受理): not within this agency's powers` +
            (e.receipt.referTo ? `; apply to ${e.receipt.referTo}` : '')) +
        (e.receipt.reason ? ` — ${e.receipt.reason}` : ''),
    },
  })),
  projector(DeficiencyCuredV1, (e, base) => ({
    writes: [
      { kind: 'application', row: { applicationId: e.applicationId, projectId: e.projectId } },
      {
        kind: 'deficiency',
        row: {
          applicationId: e.applicationId,
          projectId: e.projectId,
          material: e.material,
          curedAt: e.curedAt,
          curedOn: e.curedOn,
        },
      },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.curedAt,
      summary: `容缺 material ${e.material} submitted; ${e.remaining} still owed${behalf(e.onBehalfOf)}`,
      ...actedBy(e.onBehalfOf),
    },
  })),
  projector(DeficiencyOverdueV1, (e, base) => ({
    writes: [
      { kind: 'application', row: { applicationId: e.applicationId, projectId: e.projectId } },
      {
        kind: 'deficiency',
        row: {
          applicationId: e.applicationId,
          projectId: e.projectId,
          material: e.material,
          promisedOn: e.promisedOn,
          overdueAt: e.detectedAt,
        },
      },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.detectedAt,
      summary: `容缺 material ${e.material} overdue: promised by ${e.promisedOn}`,
    },
  })),
  projector(CertificateReleasedV1, (e, base) => ({
    writes: [
      { kind: 'check-cured-deficiencies', applicationId: e.applicationId },
      {
        kind: 'application',
        row: { applicationId: e.applicationId, projectId: e.projectId, certificateReleasedAt: e.releasedAt },
      },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.releasedAt,
      summary: `Certificate of step ${e.step}${partSaid(e.part)} released`,
      ...partOf(e.part),
      ...phaseOf(e.phase),
    },
  })),
  projector(ApplicationResultDeliveryV1, (e, base) => ({
    writes: [{ kind: 'delivery', row: e.delivery }],
    timeline: {
      ...base,
      projectId: e.delivery.projectId,
      occurredAt: e.delivery.updatedAt,
      summary: `Result of step ${e.delivery.step} delivered ${e.delivery.mode}: ${e.delivery.state}`,
      ...(e.delivery.by === 'intake' ? {} : { actor: e.delivery.by }),
    },
  })),
  bookingProjector(BookingBookedV1),
  bookingProjector(BookingCancelledV1),
  bookingProjector(BookingAttendedV1),
  bookingProjector(BookingMissedV1),
  taskProjector(TaskAssignedV1),
  taskProjector(TaskClaimedV1),
  taskProjector(TaskSupplementRequestedV1),
  taskProjector(TaskSupplementProvidedV1),
  taskProjector(TaskSpecialProcedureStartedV1),
  taskProjector(TaskSpecialProcedureEndedV1),
  taskProjector(TaskDecidedV1),
  taskProjector(TaskWithdrawnV1),
  taskProjector(TaskRevokedV1),
  taskProjector(TaskClockPausedV1),
  taskProjector(TaskClockResumedV1),
  taskProjector(TaskCommitmentKeptV1),
  taskProjector(TaskCommitmentBreachedV1),
  taskProjector(TaskCommitmentOverdueV1),
  taskProjector(TaskDeficiencyOverdueV1),
  projector(StepLeadAlertedV1, (e, base) => ({
    writes: [
      {
        kind: 'lead-alert',
        row: {
          eventId: base.eventId,
          lead: e.lead,
          taskId: e.task.taskId,
          projectId: e.task.projectId,
          applicationId: e.task.applicationId,
          clock: e.clock,
          department: e.task.department,
          item: e.task.item,
          dueOn: e.dueOn,
          detectedOn: e.detectedOn,
          detectedAt: e.detectedAt,
          used: e.used,
          limit: e.limit,
        },
      },
    ],
    timeline: {
      ...base,
      projectId: e.task.projectId,
      department: e.task.department,
      occurredAt: e.detectedAt,
      summary: `${whoOf(e.task)} — ${whatOf(e.task)}: ${e.clock} clock yellow (${e.used} of ${e.limit} used, due ${e.dueOn}); lead ${e.lead} alerted`,
      ...partOf(e.task.part),
      ...phaseOf(e.task.phase),
    },
  })),
  taskProjector(TaskExtendedV1),
  taskProjector(TaskSupervisedV1),
  taskProjector(TaskSupervisionOverdueV1),
  taskProjector(TaskRectificationReportedV1),
  taskProjector(TaskRectificationReviewedV1),
  taskProjector(TaskRectificationOverdueV1),
  alertProjector(TaskClockWarnedV1, 'warned'),
  alertProjector(TaskClockOverdueV1, 'overdue'),
  // The step's own clocks (issue 13): on the project's timeline; the application row is touched so the project's
  // answers are rebuilt.
  projector(StepExtendedV1, (e, base) => {
    const x = e.clocks.statutory?.extended
    return {
      writes: [
        { kind: 'application', row: { applicationId: e.applicationId, projectId: e.projectId, stepClocks: e.clocks } },
      ],
      timeline: {
        ...base,
        projectId: e.projectId,
        occurredAt: e.extendedAt,
        summary: x
          ? `Step ${e.step ?? ''} statutory clock extended by ${x.value} ${x.unit} (延长, approved by ${x.approvedBy}): due ${x.dueBefore} → ${x.dueAfter}; ${x.reason}`
          : `Step ${e.step ?? ''} statutory clock extended`,
        ...(e.actor ? { actor: e.actor } : {}),
      },
    }
  }),
  ...(['warned', 'overdue'] as const).map((kind) =>
    projector(kind === 'warned' ? StepClockWarnedV1 : StepClockOverdueV1, (e, base) => ({
      writes: [{ kind: 'application', row: { applicationId: e.applicationId, projectId: e.projectId } }],
      timeline: {
        ...base,
        projectId: e.projectId,
        occurredAt: e.detectedAt,
        summary:
          kind === 'warned'
            ? `Step ${e.step ?? ''} ${e.clock} clock warned: ${e.used} of ${e.limit} used (${e.gross} gross), due ${e.dueOn}`
            : `Step ${e.step ?? ''} ${e.clock} clock overdue since ${e.dueOn}`,
      },
    })),
  ),
  projector(StepClocksChangedV1, (e, base) => ({
    writes: [
      { kind: 'application', row: { applicationId: e.applicationId, projectId: e.projectId, stepClocks: e.clocks } },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.changedAt,
      summary: `Step ${e.step ?? ''} clocks ${stepClockVerbs[e.reason]}: ${clockList(e.clocks)}${e.dueOn ? `; due ${e.dueOn}` : ''}`,
    },
  })),
  // The project's whole-flow cap clock, approval's (issue 13): its spec on the project row, its alerts on the timeline.
  projector(FlowClockChangedV1, (e, base) => ({
    writes: [
      {
        kind: 'flow-clock',
        projectId: e.projectId,
        row: { cap: e.cap, steps: e.steps, clock: e.clock, dueOn: e.dueOn },
      },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.changedAt,
      summary: `Whole-flow cap clock (${e.cap.value} ${e.cap.unit}) ${flowClockVerb(e)}; due ${e.dueOn}`,
    },
  })),
  ...(['warned', 'overdue'] as const).map((kind) =>
    projector(kind === 'warned' ? FlowClockWarnedV1 : FlowClockOverdueV1, (e, base) => ({
      writes: [],
      timeline: {
        ...base,
        projectId: e.projectId,
        occurredAt: e.detectedAt,
        summary:
          kind === 'warned'
            ? `Whole-flow cap clock warned: ${e.used} of ${e.limit} used (${e.gross} gross), due ${e.dueOn}`
            : `Whole-flow cap clock overdue since ${e.dueOn}: ${e.used} of ${e.limit} used`,
      },
    })),
  ),
  projector(SupplementNoticeIssuedV1, (e, base) => ({
    writes: [
      { kind: 'application', row: { applicationId: e.applicationId, projectId: e.projectId } },
      { kind: 'notice', row: e },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt:
        e.status === 'answered'
          ? (e.answeredAt ?? e.issuedAt)
          : e.status === 'withdrawn'
            ? (e.closedAt ?? e.issuedAt)
            : e.issuedAt,
      summary:
        e.status === 'answered'
          ? `补正告知 answered${e.onBehalfOf ? '' : ' by the owner'}${behalf(e.onBehalfOf)}`
          : e.status === 'withdrawn'
            ? '补正告知 withdrawn with its application: nothing is owed'
            : `补正告知 v${e.version}: ${e.requests.map((r) => `${r.department} asks for ${r.materials.join(', ')}`).join('; ')}`,
      ...(e.status === 'answered' || e.status === 'withdrawn' ? { outcome: e.status } : {}),
      ...actedBy(e.onBehalfOf),
    },
  })),
  projector(StepDecidedV1, (e, base) => ({
    writes: [
      { kind: 'check-decided-tasks', taskIds: e.tasks.map((t) => t.taskId) },
      // 后续事项: a follow-on's decision is its task's (kept by its task.decided); the owner applied for nothing.
      ...(e.followOnOf
        ? []
        : [
            {
              kind: 'application' as const,
              row: {
                applicationId: e.applicationId,
                projectId: e.projectId,
                ...(e.step === undefined ? {} : { step: e.step }),
                decision: { outcome: e.outcome, decidedAt: e.decidedAt, decidedOn: e.decidedOn, tasks: e.tasks },
              },
            },
          ]),
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.decidedAt,
      summary: e.followOnOf
        ? `Follow-on ${e.tasks.map((t) => t.item).join(', ')} of ${e.followOnOf.item} ${e.outcome}`
        : `Step ${e.step ?? ''}${partSaid(e.part)} ${e.outcome} (${e.tasks.length} department decision(s))`.replace(
            '  ',
            ' ',
          ),
      ...partOf(e.part),
      ...phaseOf(e.phase),
    },
  })),
  // 撤回: the step ends withdrawn (its TaskWithdrawnV1 came first, in the same approval transaction).
  projector(ApplicationWithdrawnV1, (e, base) => ({
    writes: [
      { kind: 'check-decided-tasks', taskIds: e.tasks.map((t) => t.taskId) },
      {
        kind: 'application',
        row: {
          applicationId: e.applicationId,
          projectId: e.projectId,
          ...(e.step === undefined ? {} : { step: e.step }),
          decision: {
            outcome: 'withdrawn',
            reason: e.reason,
            decidedAt: e.withdrawnAt,
            decidedOn: e.withdrawnOn,
            tasks: e.tasks.map((t) => ({ ...t, outcome: 'withdrawn' as const })),
          },
        },
      },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.withdrawnAt,
      summary:
        `Step ${e.step ?? ''} withdrawn (撤回) by the ${e.actorRole === 'clerk' ? 'window clerk for the owner' : 'owner'}: ${e.reason}; ${e.tasks.length} open task(s) closed with code 14`.replace(
          '  ',
          ' ',
        ),
      ...(e.actor ? { actor: e.actor } : {}),
    },
  })),
  // 行政许可法第四十四条: registration's issuing clock, on the application's decision and the project's timeline.
  ...(
    [
      [
        IssueClockStartedV1,
        (c: IssueClockEventBody['issueClock']) =>
          `started: permits due within ${c.clock?.limit.value ?? '?'} ${c.clock?.limit.unit ?? ''} of the decision on ${c.decidedOn ?? '?'}`,
      ],
      [
        IssueClockStoppedV1,
        (c: IssueClockEventBody['issueClock']) => `stopped: permits issued on ${c.issuedOn ?? '?'}`,
      ],
      // An alert names the due day it carries (`dueOn`; one published before it was carried, none).
      [
        IssueClockWarnedV1,
        (c: IssueClockEventBody['issueClock'], dueOn?: string) =>
          `warned on ${c.warnedOn ?? '?'}: permits not issued yet${dueOn ? `, due ${dueOn}` : ''}`,
      ],
      [
        IssueClockOverdueV1,
        (c: IssueClockEventBody['issueClock'], dueOn?: string) =>
          `overdue on ${c.overdueOn ?? '?'}: permits not issued${dueOn ? `, due ${dueOn}` : ''}`,
      ],
    ] as const
  ).map(([event, what]) =>
    projector(event, (e, base) => ({
      writes: [{ kind: 'issue-clock', applicationId: e.issueClock.applicationId, issueClock: e.issueClock }],
      timeline: {
        ...base,
        projectId: e.issueClock.projectId,
        occurredAt: e.at,
        summary: `Step ${e.issueClock.step ?? ''} issuing clock (行政许可法第四十四条) ${what(e.issueClock, 'dueOn' in e ? e.dueOn : undefined)}`,
      },
    })),
  ),
  acceptanceProjector(AcceptanceStartedV1),
  acceptanceProjector(AcceptanceInspectionScheduledV1),
  acceptanceProjector(AcceptanceOpinionRecordedV1),
  acceptanceProjector(AcceptanceRectificationSubmittedV1),
  acceptanceProjector(AcceptancePassedV1),
  acceptanceProjector(AcceptanceFailedV1),
  acceptanceProjector(AcceptanceClockWarnedV1),
  acceptanceProjector(AcceptanceClockOverdueV1),
  acceptanceProjector(AcceptanceFilingIssuedV1),
  resultProjector(AcceptanceResultRecordedV1),
  commitmentProjector(AcceptanceCommitmentKeptV1),
  commitmentProjector(AcceptanceCommitmentBreachedV1),
  commitmentProjector(AcceptanceCommitmentOverdueV1),
  commitmentProjector(AcceptancePassRevokedV1),
  commitmentProjector(AcceptanceCommitmentRectificationReportedV1),
  commitmentProjector(AcceptanceCommitmentRectificationReviewedV1),
  commitmentProjector(AcceptanceCommitmentRectificationOverdueV1),
  commitmentProjector(AcceptanceCommitmentRectificationEscalatedV1),
  utilityProjector(UtilityRequestOpenedV1),
  utilityProjector(UtilityRequestAdvancedV1),
  utilityProjector(UtilityConnectedV1),
  utilityProjector(UtilityPermitsClockWarnedV1),
  utilityProjector(UtilityPermitsClockOverdueV1),
  utilityProjector(UtilityWorksPlanPushedV1),
  utilityProjector(UtilityRestorationDeclaredV1),
  utilityProjector(UtilityRestorationReviewedV1),
  jointSurveyProjector(UtilityJointSurveyProposedV1, (e) => ({
    occurredAt: e.jointSurvey.proposedAt,
    summary: `Utility ${e.jointSurvey.proposedBy}: 联合踏勘 on ${e.jointSurvey.day} ${e.jointSurvey.time} at ${e.jointSurvey.place}`,
  })),
  // Cancelled by its proposer: the requests that carried it are written without it.
  jointSurveyProjector(UtilityJointSurveyCancelledV1, (e) => ({
    occurredAt: e.cancelledAt,
    summary: `Utility ${e.jointSurvey.proposedBy}: 联合踏勘 on ${e.jointSurvey.day} cancelled — ${e.reason}`,
  })),
  // Another provider will attend: the requests carry the appointment with its confirmation.
  jointSurveyProjector(UtilityJointSurveyConfirmedV1, (e) => ({
    occurredAt: e.confirmation.confirmedAt,
    summary: `Utility ${e.confirmation.provider}: will attend the 联合踏勘 on ${e.jointSurvey.day}`,
  })),
  registrationProjector(RegistrationPreSurveyStartedV1),
  registrationProjector(RegistrationPreSurveyPassedV1),
  registrationProjector(RegistrationCaseOpenedV1),
  registrationProjector(RegistrationCompletedV1),
  registrationProjector(RegistrationAcceptanceResultsUpdatedV1),
  registrationProjector(RegistrationClockWarnedV1),
  registrationProjector(RegistrationClockOverdueV1),
  projector(CertificateIssuedV1, (e, base) => ({
    writes: [{ kind: 'certificate', row: e.certificate, issuedAt: e.issuedAt }],
    timeline: {
      ...base,
      projectId: e.certificate.body.projectId,
      occurredAt: e.issuedAt,
      summary: `Certificate ${e.certificate.body.number} «${e.certificate.body.title}» issued (${e.certificate.body.kind})`,
      ...partOf(e.certificate.body.part),
      ...phaseOf(e.certificate.body.phase),
    },
  })),
  projector(CertificateRevokedV1, (e, base) => ({
    writes: [{ kind: 'revocation', row: e.revocation, projectId: e.projectId }],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.revocation.revokedAt,
      summary: `Certificate ${e.revocation.number} revoked from ${e.revocation.revokedOn}: ${e.revocation.reason}`,
      actor: e.revokedBy,
    },
  })),
  // 证照异议 (004:1134): on the timeline only, naming both departments by code and no free text (the reason, the
  // finding), so each party's reviewer reads the entry (visibility.ts) and no other department learns what was said;
  // the objection itself is registration's, read from there. Both parties are told of it live (`parties`): the
  // issuer's 证照异议 page lists a new one to answer, the raiser's the answer.
  projector(CertificateObjectionRaisedV1, (e, base) => ({
    writes: [],
    timeline: {
      ...base,
      projectId: e.objection.projectId,
      occurredAt: e.objection.raisedAt,
      summary: `Objection by ${e.objection.raisedBy} to certificate ${e.objection.certificateNumber} «${e.objection.certificateTitle}», for ${e.objection.issuer} to check`,
      actor: e.objection.raisedBySub,
      raiser: raiserOf(e.objection.raisedBy),
    },
    parties: objectionParties(e.objection),
  })),
  projector(CertificateObjectionAnsweredV1, (e, base) => ({
    writes: [],
    timeline: {
      ...base,
      projectId: e.objection.projectId,
      occurredAt: e.objection.answer?.answeredAt ?? e.objection.raisedAt,
      summary: `Objection by ${e.objection.raisedBy} to certificate ${e.objection.certificateNumber} answered by ${e.objection.issuer}: ${e.objection.status}`,
      ...(e.objection.answer ? { actor: e.objection.answer.answeredBy } : {}),
      raiser: raiserOf(e.objection.raisedBy),
    },
    parties: objectionParties(e.objection),
  })),
  ...calendarEvents
    .filter((e): e is Exclude<(typeof calendarEvents)[number], typeof CalendarPublishedV1> => e !== CalendarPublishedV1)
    .map((event) => dueMovedProjector(event)),
  ...ratingProjectors(),
  // 联合审图 and 多测合一 (docs/shared-results.md): on the timeline only; the review and the commissions themselves are
  // read from approval and acceptance.
  ...drawingReviewEvents.map((event) => drawingReviewProjector(event)),
  ...surveyEvents.map((event) => surveyProjector(event)),
  // 工程质量安全监督 一公开 (docs/quality-supervision.md): a recorded result on the project's timeline. The assignment
  // (quality-inspection.assigned) and a reassignment (quality-inspection.reassigned) are the supervision body's
  // worklist, read from acceptance, and not announced to the owner: the read model does not read them.
  projector(QualityInspectionRecordedV1, (e, base) => {
    const i = e.inspection
    const result = i.result
    return {
      writes: [],
      timeline: {
        ...base,
        projectId: i.projectId,
        occurredAt: i.recordedAt ?? i.drawnAt,
        summary:
          result?.outcome === 'rectify'
            ? `质量安全监督检查 (双随机): rectification ordered, ${result.items.length} items`
            : '质量安全监督检查 (双随机): passed',
        ...(e.actor === undefined ? {} : { actor: e.actor }),
      },
    }
  }),
  // 帮办代办 and 中介服务 (docs/assisted-service.md): on the timeline, and kept whole for the owner's status.
  ...assistedCaseEvents.map((event) => assistedCaseProjector(event)),
  ...intermediaryEvents.map((event) => intermediaryProjector(event)),
  // 区域评估 and 用地清单: on the timeline, and the area and the list kept whole for the owner's status.
  projector(ProjectAreaLinkedV1, (e, base) => ({
    writes: [
      {
        kind: 'shared',
        row: {
          projectId: e.projectId,
          part: 'area',
          key: e.area.areaId,
          revision: 1,
          body: e.area,
          updatedAt: e.linkedAt,
        },
      },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.linkedAt,
      summary: `区域评估: located in ${e.area.name} (${e.area.code}); its ${e.area.results.length} published results stand for the project's own assessments${e.area.exceptions.length > 0 ? `, except ${e.area.exceptions.join(', ')}` : ''}`,
    },
  })),
  projector(ProjectPlotLinkedV1, (e, base) => ({
    writes: [
      {
        kind: 'shared',
        row: {
          projectId: e.projectId,
          part: 'plot',
          key: e.plot.plotId,
          revision: 1,
          body: e.plot,
          updatedAt: e.linkedAt,
        },
      },
    ],
    timeline: {
      ...base,
      projectId: e.projectId,
      occurredAt: e.linkedAt,
      summary: `用地清单: land linked to plot ${e.plot.plotCode} (${e.plot.name}), its list of ${e.plot.entries.length} conditions and ${e.plot.connectionPoints.length} connection points attached (published ${e.plot.publishedOn})`,
    },
  })),
]

const projectorOf = new Map<string, Projector>(projectors.map((p) => [p.event.subject, p]))
// A step's assignments are read through it: a table without it fails here, not by skipping them without a word.
const assigned: Projector =
  projectorOf.get(TaskAssignedV1.subject) ??
  (() => {
    throw new Error('the read model has no projector for task.assigned')
  })()

/**
 * What the read model applies for an event: its projector's projection, or for a step's assignments
 * (`StepTasksAssignedV1`) each task's as its `task.assigned` would have made it — the rows and entries a stream of
 * either kind leaves are the same, each entry keyed by its task (contracts' `assignmentsOf`), its subject the event's.
 * Undefined for an event the read model does not project.
 */
export function projectionsOf(subject: string, body: unknown, eventId: string): Projection[] | undefined {
  if (subject === StepTasksAssignedV1.subject) {
    return assignmentsOf(body as StepTasksAssignedV1).map((a) => {
      const p = assigned.project(a.body, a.id)
      return { ...p, timeline: { ...p.timeline, subject } }
    })
  }
  const p = projectorOf.get(subject)
  return p ? [p.project(body, eventId)] : undefined
}

/** Every event the read model projects: the projectors' and the step's assignments. */
export const projectedEvents: readonly EventDefinition[] = [...projectors.map((p) => p.event), StepTasksAssignedV1]

/** 帮办代办: what an act done by a case's helper for the owner says on the timeline. */
const behalf = (o: OnBehalfOf | undefined) =>
  o === undefined
    ? ''
    : ` — by helper ${o.helperName} (${o.helper}) on behalf of ${o.ownerCreditCode} under case ${o.caseId} (代办)`
const actedBy = (o: OnBehalfOf | undefined) => (o === undefined ? {} : { actor: `helper:${o.helper}` })

/** 分阶段办理: the phase an application is for, as the timeline's summary says it; nothing for the whole step. */
const phaseSaid = (p: StepPhase | undefined) => (p ? `, phase ${p.number} of ${p.count} (${p.name})` : '')
/** 按照单位工程办理: the building an application's permit is for, as the timeline's summary says it; nothing for the whole project. */
const partSaid = (part: string | undefined) => (part === undefined ? '' : ` (unit work ${part})`)

/** 帮办代办's modes by their Chinese names (004:1868), for the timeline and the owner's status. */
export const ASSISTED_MODE_NAMES: Record<AssistedCaseEventBody['case']['mode'], string> = {
  'help-at-once': '即帮即办',
  'whole-process': '全程帮办',
  'pre-handle': '提前预办',
  'special-case': '特事特办',
}

function assistedCaseSummary(type: string, c: AssistedCaseEventBody['case']): string {
  switch (type) {
    case 'assisted-case.opened':
      return `帮办代办: case opened (${ASSISTED_MODE_NAMES[c.mode]}, free of charge) for stages ${c.stages.join(', ')}; helper ${c.helper.name}`
    case 'assisted-case.acted': {
      const a = c.acts[c.acts.length - 1]
      return `帮办代办: helper ${c.helper.name} (${a?.helper ?? c.helper.sub}) acted on behalf of ${c.ownerCreditCode} under case ${c.caseId}: ${a?.act ?? '?'} on ${a?.step ?? '?'}`
    }
    case 'assisted-case.visit-scheduled': {
      const v = c.visits[c.visits.length - 1]
      return `帮办代办: follow-up visit (跟踪回访) scheduled by ${c.helper.name}, due ${v?.dueOn ?? '?'} (${v?.workingDays ?? '?'} W)`
    }
    case 'assisted-case.closed':
      return `帮办代办: case ${c.caseId} closed by the service centre${c.closed ? `: ${c.closed.reason}` : ''}; helper ${c.helper.name} acts for the owner no more`
    case 'assisted-case.visit-due': {
      const due = c.visits.filter((v) => v.status === 'due').map((v) => v.dueOn)
      return `帮办代办: follow-up visit due (${due.join(', ')}) for ${c.helper.name}`
    }
    default: {
      const v = [...c.visits]
        .filter((x) => x.status === 'recorded')
        .sort((a, b) => (a.recordedAt ?? '').localeCompare(b.recordedAt ?? ''))
        .at(-1)
      return `帮办代办: follow-up visit recorded by ${c.helper.name}${v?.outcome ? `: ${v.outcome}` : ''}`
    }
  }
}

function assistedCaseProjector(event: Loose<typeof AssistedCaseOpenedV1>) {
  return projector(event, (e, base) => ({
    writes: [
      {
        kind: 'shared',
        row: {
          projectId: e.case.projectId,
          part: 'assisted-case',
          key: e.case.caseId,
          revision: e.case.revision,
          body: e.case,
          updatedAt: e.case.updatedAt,
        },
      },
    ],
    timeline: {
      ...base,
      projectId: e.case.projectId,
      occurredAt: e.case.updatedAt,
      summary: assistedCaseSummary(base.type, e.case),
      ...(e.actor === undefined ? {} : { actor: e.actor }),
    },
  }))
}

function intermediaryProjector(event: Loose<typeof IntermediaryEngagedV1>) {
  return projector(event, (e, base) => {
    const g = e.engagement
    const who = `${g.intermediary.name} (信用 ${g.intermediary.grade})`
    const summary =
      base.type === 'intermediary.engaged'
        ? `中介服务: the owner chose ${who} for ${g.service.name}; clock ${g.clock.limit.value} W from ${g.clock.start}, due ${g.dueOn}`
        : base.type === 'intermediary.delivered'
          ? `中介服务: ${who} delivered ${g.service.name}`
          : `中介服务: ${who} overdue on ${g.service.name} (due ${g.dueOn})`
    return {
      writes: [
        {
          kind: 'shared',
          row: {
            projectId: g.projectId,
            part: 'intermediary',
            key: g.service.code,
            revision: g.revision,
            body: g,
            updatedAt: g.updatedAt,
          },
        },
      ],
      timeline: {
        ...base,
        projectId: g.projectId,
        occurredAt: g.updatedAt,
        summary,
        ...(e.actor === undefined ? {} : { actor: e.actor }),
      },
    }
  })
}

function drawingReviewSummary(type: string, r: DrawingReviewEventBody['review']): string {
  const v = r.versions[r.versions.length - 1]
  switch (type) {
    case 'drawing-review.submitted':
      return `联合审图: drawing set version ${v?.version ?? '?'} submitted to ${r.reviewBody.name}; review clock ${v?.clock.limit.value ?? '?'} ${v?.clock.limit.unit ?? ''} from ${v?.clock.start ?? '?'}, due ${v?.dueOn ?? '?'}`
    case 'drawing-review.commented':
      return `联合审图: version ${v?.version ?? '?'} returned with ${v?.comments?.length ?? 0} review comment(s)`
    case 'drawing-review.clock-warned':
      return `联合审图: review clock of version ${v?.version ?? '?'} yellow (due ${v?.dueOn ?? '?'})`
    case 'drawing-review.clock-overdue':
      return `联合审图: review clock of version ${v?.version ?? '?'} overdue (due ${v?.dueOn ?? '?'})`
    case 'drawing-review.report-issued':
      return `联合审图: technical report issued on version ${r.report?.version ?? '?'} (fire, civil air defence, telecom)`
    default: {
      const last = r.reliedOn[r.reliedOn.length - 1]
      return `联合审图: ${last?.department ?? '?'} decided ${last?.item ?? '?'} (${last?.outcome ?? '?'}) on the report`
    }
  }
}

function drawingReviewProjector(event: Loose<typeof DrawingSetSubmittedV1>) {
  return projector(event, (e, base) => ({
    writes: [],
    timeline: {
      ...base,
      projectId: e.review.projectId,
      occurredAt: e.review.updatedAt,
      summary: drawingReviewSummary(base.type, e.review),
      ...(e.actor === undefined ? {} : { actor: e.actor }),
    },
  }))
}

function surveyProjector(event: Loose<typeof SurveyCommissionedV1>) {
  return projector(event, (e, base) => {
    const c = e.commission
    // 竣工一幢: a building's completion survey names it, as its acceptance and registration lines do, so two
    // buildings' surveys are told apart — in the summary and in the entry's own field, which the console shows.
    const survey = `${c.stage} survey${c.part ? ` (${c.part})` : ''}`
    return {
      writes: [],
      timeline: {
        ...base,
        projectId: c.projectId,
        occurredAt: c.completedAt ?? c.commissionedAt,
        summary:
          c.status === 'completed'
            ? `多测合一: ${survey} results recorded by ${c.surveyor.name} (${c.results?.length ?? 0} items, shared)`
            : `多测合一: ${survey} commissioned to ${c.surveyor.name} (${c.items.length} items merged)`,
        ...(e.actor === undefined ? {} : { actor: e.actor }),
        ...partOf(c.part),
      },
    }
  })
}

const stepClockVerbs: Record<EventBody<typeof StepClocksChangedV1>['reason'], string> = {
  opened: 'started',
  paused: 'stopped while the 补正 notice is open',
  resumed: 'run again (the 补正 notice answered)',
  extended: 'extended',
  decided: 'stopped (the step decided)',
}

const clockList = (clocks: StepClocksRow) =>
  (['statutory', 'committed'] as const)
    .flatMap((name) => {
      const c = clocks[name]
      return c ? [`${name} ${c.limit.value} ${c.limit.unit} from ${c.start}`] : []
    })
    .join(', ')

function flowClockVerb(e: EventBody<typeof FlowClockChangedV1>): string {
  const last = [...e.steps].sort((a, b) => a.from.localeCompare(b.from)).at(-1)
  switch (e.reason) {
    case 'opened':
      return last?.kind === 'application'
        ? `runs: step ${last.step ?? last.id} accepted (${e.steps.length} step(s) counted)`
        : `runs: ${last?.step ?? last?.id ?? ''} opened (${e.steps.length} step(s) counted)`
    case 'paused':
      return 'stopped while a 补正 notice is open'
    case 'resumed':
      return 'runs again (the 补正 notice answered)'
    case 'decided':
      return e.steps.some((s) => s.to === undefined)
        ? 'runs on: a step decided, another still open'
        : 'stopped between steps (a step decided)'
    case 'extended':
      return 'extended'
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** `year-2027` → `2027`, `region-450000` → `region 450000`: what a timeline entry says was published. */
const publishedWhat = (key: string) => (key.startsWith('year-') ? key.slice(5) : key.replace('-', ' '))

/**
 * One timeline entry per due date a published calendar moved, in every service's clocks: "due date moved from X to
 * Y: <year> calendar published (<notice>)"; a task's moved due date also moves the task's inbox order.
 */
function dueMovedProjector(event: Loose<typeof ApprovalDueMovedV1>) {
  return projector(event, (e, base) => {
    const [kind, id] = e.subject.split(':')
    // The subject is free text: an id that is no UUID names no row and would fail the batch's `::uuid` casts, so such
    // a subject moves nothing (its timeline entry still says what moved).
    const uuid = (s: string | undefined): s is string => s !== undefined && UUID.test(s)
    // Each move below is of the version of its subject it was computed on: the gateway sets it on no newer snapshot.
    const move: CalendarMove = {
      from: e.from,
      ...(e.subjectVersion === undefined ? {} : { version: e.subjectVersion }),
    }
    const taskDue: Write[] =
      kind === 'task' && uuid(id) && e.subjectDueOn !== undefined
        ? [{ kind: 'task-due', taskId: id, dueOn: e.subjectDueOn, ...move }]
        : []
    if (kind === 'rating' && uuid(id)) taskDue.push({ kind: 'rating-due', ratingId: id, dueOn: e.to, ...move })
    if (kind === 'utility-request' && e.clock === 'permits' && uuid(id)) {
      taskDue.push({ kind: 'utility-permits-due', requestId: id, dueOn: e.to, ...move })
    }
    if (e.clock === 'reply-by' && kind === 'task' && id !== undefined) {
      // 督办: `task:<taskId>/<supervisionId>` (approval's `reprojectSupervisions`).
      const [taskId, supervisionId] = id.split('/')
      if (uuid(taskId) && supervisionId !== undefined) {
        taskDue.push({ kind: 'task-supervision-due', taskId, supervisionId, due: e.to, ...move })
      }
    }
    if (e.clock === 'verify-by' && id !== undefined) {
      // 告知承诺: `task:<id>` (approval stage) or `acceptance-case:<id>/<item>` (joint acceptance).
      const [caseId, item] = id.split('/')
      if (kind === 'task' && uuid(id)) taskDue.push({ kind: 'task-verify-by', taskId: id, verifyBy: e.to, ...move })
      if (kind === 'acceptance-case' && uuid(caseId) && item !== undefined) {
        taskDue.push({ kind: 'case-verify-by', caseId, item, verifyBy: e.to, ...move })
      }
    }
    const notice = e.calendar.notice === '' ? '' : ` (${e.calendar.notice})`
    return {
      writes: taskDue,
      timeline: {
        ...base,
        projectId: e.projectId,
        occurredAt: e.movedAt,
        ...(e.department === undefined ? {} : { department: e.department }),
        summary: `${e.subject} ${e.clock} clock: due date moved from ${e.from} to ${e.to}: ${publishedWhat(e.calendar.key)} calendar published${notice}`,
      },
    }
  })
}

/** 好差评 on the project's timeline, beside the task it rates: given (with the loop's due date), replied, overdue. */
function ratingProjectors(): Projector[] {
  const who = (r: RatingSnapshot) => `${r.departmentName ?? r.department} — ${r.itemName ?? r.item}`
  const given = (r: RatingSnapshot) => {
    const g = r.second ?? r.first
    const which = r.second ? 'second rating' : 'rated'
    const loop = !r.second && r.fix ? `; fix-and-reply due ${r.fix.dueOn}` : ''
    return `${which} ${ratingLevelLabels[g.level]}${g.comment ? ` («${g.comment}»)` : ''}${loop}`
  }
  const entry =
    (what: (r: RatingSnapshot) => string, at: (r: RatingSnapshot) => string) =>
    (
      e: { rating: RatingSnapshot; actor?: string | undefined },
      base: { eventId: string; type: string; subject: string },
    ): Projection => ({
      writes: [{ kind: 'rating', row: e.rating }],
      timeline: {
        ...base,
        projectId: e.rating.projectId,
        department: e.rating.department,
        occurredAt: at(e.rating),
        summary: `${who(e.rating)}: 好差评 ${what(e.rating)}`,
        ...(e.actor === undefined ? {} : { actor: e.actor }),
      },
    })
  return [
    projector(
      RatingGivenV1,
      entry(given, (r) => r.updatedAt),
    ),
    projector(
      RatingRepliedV1,
      entry(
        (r) => `replied: ${r.fix?.reply ?? ''}`,
        (r) => r.updatedAt,
      ),
    ),
    projector(
      RatingFixOverdueV1,
      entry(
        (r) => `fix-and-reply overdue since ${r.fix?.dueOn ?? '?'}`,
        (r) => r.updatedAt,
      ),
    ),
  ]
}
