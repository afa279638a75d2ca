import {
  AcceptanceCaseSnapshot,
  ApplicationReceipt,
  BookingSlot,
  ClockExtension,
  ClockLimit,
  CommitmentVerification,
  DecidingItem,
  DeclaredPhase,
  Instant,
  LegalDate,
  LimitValue,
  MAX_GUIDE_MATERIALS,
  MAX_LIST,
  MAX_NAME,
  MAX_RECTIFICATION_REPORTS,
  OutsideLinePermit,
  OwedMaterial,
  RatingLevel,
  RectificationEscalation,
  RectificationState,
  RegistrationCaseSnapshot,
  StepCode,
  StepPhase,
  SuspensionKindCode,
  TaskDeficiency,
  TaskFollowOnOf,
  TaskRectification,
  TaskRevocation,
  TaskStatus,
  UtilityRequestSnapshot,
  Uuid,
} from '@onewindow/contracts'
import { type Static, Type } from 'typebox'

// The public response shapes. Fastify serialises with them (fast-json-stringify drops what a schema does not
// name), so the view builders are typed by these and cannot return a field the schema forgets.

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T, description?: string) =>
  Type.Union([t, Type.Null()], description === undefined ? {} : { description })

export const ClockView = Type.Object({
  limit: ClockLimit,
  start: LegalDate,
  /** The day the clock was evaluated: today, or the decision day of a decided task. */
  evaluatedOn: LegalDate,
  due: LegalDate,
  /** Net days: what counted against the limit (pauses not counted). */
  used: Type.Number(),
  /** Gross days: the calendar's days (working days for W) from the start to `evaluatedOn`, pauses included. */
  gross: Type.Number(),
  /** Net days, by that name beside `gross` (the same as `used`). */
  net: Type.Number(),
  remaining: Type.Number(),
  overdueBy: Type.Number(),
  level: Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]),
  overdue: Type.Boolean(),
  suspended: Type.Boolean(),
  provisional: Type.Boolean(),
  suspensions: Type.Array(
    Type.Object({
      kind: SuspensionKindCode,
      /** 特别程序: the law that stops the clock (e.g. 行政许可法第四十五条), as the department gave it. */
      legalBasis: Type.Optional(Type.String()),
      from: LegalDate,
      to: Type.Optional(LegalDate),
      open: Type.Boolean(),
      days: Type.Integer(),
      due: Type.Optional(LegalDate),
      overrun: Type.Boolean(),
    }),
  ),
  /** The one extension the law allows, once granted (延长): who approved, why, the due date before and after. */
  extended: Type.Optional(ClockExtension),
  warnings: Type.Array(Type.String()),
  /** The due date explained in one text (holidays, 调休, suspensions). */
  explanation: Type.String(),
  /**
   * The same explanation as workdays' structured entries (`ExplanationEntry`: `kind`, `text` and the kind's fields),
   * so a screen can say it in its own language; `explanation` stays the English text of the CLI and logs.
   */
  entries: Type.Array(Type.Object({ kind: Type.String(), text: Type.String() }, { additionalProperties: true }), {
    maxItems: 500,
  }),
})
export type ClockView = Static<typeof ClockView>

export const NationalState = {
  nationalCode: Type.Integer({ description: '办理状态 code, 1–15' }),
  nationalName: Type.String({ description: 'its Chinese name' }),
}

const TaskDecision = Type.Object({
  outcome: Type.Union([
    Type.Literal('approved'),
    Type.Literal('rejected'),
    Type.Literal('closed'),
    Type.Literal('withdrawn'),
  ]),
  reason: Type.Optional(Type.String()),
  conditions: Type.Optional(Type.Array(Type.String())),
  decidedAt: Instant,
  decidedBy: Type.Optional(Type.String()),
})

const TaskCore = {
  taskId: Uuid,
  applicationId: Uuid,
  projectId: Uuid,
  step: Type.Optional(Type.String()),
  /** 分阶段办理: the phase of the step the task decides; absent for the whole step. */
  phase: Type.Optional(StepPhase),
  /** 按照单位工程办理施工许可: the unit work (单位工程) whose permit the task decides; absent for the whole project. */
  part: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  item: Type.String(),
  itemName: Type.Optional(Type.String()),
  department: Type.String(),
  departmentName: Type.Optional(Type.String()),
  status: TaskStatus,
  ...NationalState,
  version: Type.Integer(),
  claimedBy: Type.Optional(Type.String()),
  supplementRoundsUsed: Type.Integer(),
  dueOn: Type.Optional(LegalDate),
  decision: Type.Optional(TaskDecision),
  /** 撤销 (15): the permit granted on the task was revoked, why and on what legal basis. */
  revocation: Type.Optional(TaskRevocation),
  /** 后续事项: the approved item this task follows, opened with no application (e.g. 门牌 after 建设工程规划许可). */
  followOnOf: Type.Optional(TaskFollowOnOf),
  /** 办事指南: the materials the item's service guide asks for, pinned at acceptance; a 补正 asks for no other. */
  guideMaterials: Type.Optional(Type.Array(Type.String(), { maxItems: MAX_GUIDE_MATERIALS })),
  updatedAt: Instant,
}

/** A task in a reviewer's inbox. */
export const InboxTask = Type.Object({
  ...TaskCore,
  dueProvisional: Type.Optional(
    Type.Boolean({
      description:
        'true when `dueOn` falls in a year with no published State Council schedule (counted on weekdays alone): it may move when the year is published; absent when there is no `dueOn`',
    }),
  ),
})
export type InboxTask = Static<typeof InboxTask>

export const StatusTask = Type.Object({
  ...TaskCore,
  /**
   * 告知承诺: the item was approved on the owner's written commitment; its department verifies it by `verifyBy`
   * (事后核查), and the owner reads that day here.
   */
  commitment: Type.Optional(
    Type.Object({
      verifyBy: LegalDate,
      verification: Type.Optional(CommitmentVerification),
      /** The day `verifyBy` was found passed with no verification. */
      verificationOverdueOn: Type.Optional(LegalDate),
      /** 整改 ordered by a breach, followed through (docs/legal-time.md#整改-followed-through). */
      rectification: Type.Optional(TaskRectification),
    }),
  ),
  /**
   * 容缺后补 (004:1860): the application's 容缺 materials not made good by their promised day that this task's
   * department was told of, each with the department's finding once recorded.
   */
  deficiencies: Type.Optional(Type.Array(TaskDeficiency, { maxItems: MAX_LIST })),
  clocks: Type.Object({ statutory: Type.Optional(ClockView), committed: Type.Optional(ClockView) }),
})
export type StatusTask = Static<typeof StatusTask>

export const Alert = Type.Object({
  alertId: Uuid,
  kind: Type.Union([Type.Literal('warned'), Type.Literal('overdue')]),
  taskId: Uuid,
  clock: Type.Union([Type.Literal('statutory'), Type.Literal('committed'), Type.Literal('special-procedure')]),
  department: Type.String(),
  item: Type.String(),
  suspensionId: Type.Optional(Type.String()),
  suspensionKind: Type.Optional(Type.String()),
  dueOn: LegalDate,
  detectedOn: LegalDate,
  detectedAt: Instant,
  used: Type.Number(),
  limit: Type.Number(),
})
export type Alert = Static<typeof Alert>

export const TimelineView = Type.Object({
  eventId: Uuid,
  occurredAt: Instant,
  type: Type.String({ description: 'e.g. task.assigned, step.decided' }),
  summary: Type.String(),
  actor: Type.Optional(Type.String()),
  /** A task's or an alert's entry: the department it concerns (a code), so a screen can name it in its language. */
  department: Type.Optional(Type.String({ maxLength: 100 })),
  /** A `task.decided` entry: the decision, so a screen can say 准予许可 or 不予许可 in its language; a
   * `supplement-notice.issued` entry: `answered` or `withdrawn` once the notice is no longer open; a
   * `task.commitment-breached` entry: `deficiency` when the promise broken was a 容缺 one (004:1860), or
   * `escalated-revoke`, `escalated-bar`, `escalated-revoke-bar` when it tells 逾期未整改's further measure (依法撤销许可,
   * 禁止选择告知承诺, both) rather than a breach. */
  outcome: Type.Optional(
    Type.Union([
      Type.Literal('approved'),
      Type.Literal('rejected'),
      Type.Literal('answered'),
      Type.Literal('withdrawn'),
      Type.Literal('deficiency'),
      Type.Literal('escalated-revoke'),
      Type.Literal('escalated-bar'),
      Type.Literal('escalated-revoke-bar'),
    ]),
  ),
  /**
   * 登记一幢: an acceptance or registration case's entry, or a property certificate's: the building it is for;
   * 按照单位工程办理施工许可: an application's, task's, step decision's or permit's entry for one building's permit.
   */
  part: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  /** 分阶段办理: an application's, task's, step decision's or permit's entry: the phase of the step it is for. */
  phase: Type.Optional(StepPhase),
  /** 网上预约: a booking's entry (`booking.*`): the day, the slot (am/pm) and the step booked for, with its name in the flow. */
  booking: Type.Optional(
    Type.Object({
      day: LegalDate,
      slot: BookingSlot,
      step: StepCode,
      stepName: Type.Optional(Type.String({ maxLength: 200 })),
    }),
  ),
  /**
   * 证照异议: an objection's entry (`objection.*`): who raised it — `owner`, the holder disputing its own property
   * certificate, `registration-office`, the registration office (不动产登记机构) disputing a permit it uses, or
   * `department`, another department using the certificate.
   */
  raiser: Type.Optional(
    Type.Union([Type.Literal('owner'), Type.Literal('registration-office'), Type.Literal('department')]),
  ),
  /**
   * A `utility.advanced` entry that moved no step: what it did to which outside-line permit — `granted` or `refused` by
   * its department on the platform, `accepted` with materials missing (容缺受理), materials `supplied` (容缺后补) — so a
   * screen says it in its language. Absent on a step moved, and on entries of events published before they said so.
   */
  permit: Type.Optional(
    Type.Object({
      kind: OutsideLinePermit.properties.kind,
      act: Type.Union([
        Type.Literal('granted'),
        Type.Literal('refused'),
        Type.Literal('accepted'),
        Type.Literal('supplied'),
      ]),
      /** A grant that was the last permit's: the permits are done and the request moved to construction. */
      permitsDone: Type.Optional(Type.Literal(true)),
      /** A grant made while materials accepted missing were still owed: 办结（容缺通过）. */
      withDeficiencies: Type.Optional(Type.Literal(true)),
    }),
  ),
})
export type TimelineView = Static<typeof TimelineView>

export const Notice = Type.Object({
  noticeId: Uuid,
  version: Type.Integer(),
  status: Type.Union([Type.Literal('open'), Type.Literal('answered'), Type.Literal('withdrawn')]),
  requests: Type.Array(
    Type.Object({
      taskId: Uuid,
      department: Type.String(),
      item: Type.String(),
      materials: Type.Array(Type.String()),
      reason: Type.String(),
      requestedOn: LegalDate,
    }),
  ),
  issuedAt: Instant,
  answeredAt: Type.Optional(Instant),
})

/**
 * 后续事项 of an application's step as its acceptance said them: `opens` true, shared with its department when `after`
 * is approved (no application from the owner); false, withheld because a fact stated in the application failed its
 * condition — nothing is shared, the owner applies to the department separately — with each `unmet` rule (its words,
 * and `stated` false when the application did not state its fact at all).
 */
export const ApplicationFollowOn = Type.Object({
  item: Type.String({ maxLength: 100 }),
  itemName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  after: Type.String({ maxLength: 100 }),
  afterName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  department: Type.String({ maxLength: 100 }),
  departmentName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  opens: Type.Boolean(),
  /**
   * 信息推送: a pinned one only tells its department (the construction permit's data to the drainage authority,
   * 004:1806: 免于办理…推送施工许可信息), which records receipt and decides nothing; absent, the department handles it.
   * Absent on rows kept before it was carried.
   */
  forInformation: Type.Optional(Type.Literal(true)),
  unmet: Type.Optional(
    Type.Array(
      Type.Object({
        rule: Type.String({ maxLength: 100 }),
        condition: Type.String({ maxLength: MAX_NAME }),
        stated: Type.Boolean(),
        /** What the rule requires (`true`: stated 否 failed it; `false`: stated 是); absent when not one value. */
        required: Type.Optional(Type.Boolean()),
      }),
      { maxItems: 10 },
    ),
  ),
  /**
   * A withheld follow-on's every rule, in the catalogue's order (those not `unmet` held: stated as `required`), so the
   * owner reads what was stated of each and the route in the seed's words; absent on a pinned one and on acceptances
   * from before it was carried.
   */
  onlyIf: Type.Optional(
    Type.Array(
      Type.Object({
        rule: Type.String({ maxLength: 100 }),
        condition: Type.String({ maxLength: MAX_NAME }),
        required: Type.Optional(Type.Boolean()),
      }),
      { maxItems: 10 },
    ),
  ),
})
export type ApplicationFollowOn = Static<typeof ApplicationFollowOn>

export const ApplicationView = Type.Object({
  applicationId: Uuid,
  step: Nullable(Type.String()),
  stepName: Nullable(Type.String()),
  /** 分阶段办理: the phase of the step the application is for; absent for the whole step. */
  phase: Type.Optional(StepPhase),
  /** 按照单位工程办理施工许可: the unit work (单位工程) whose permit the application is for; absent for the whole project. */
  part: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  receiptNumber: Nullable(Type.String()),
  outcome: Nullable(Type.Union([Type.Literal('accepted'), Type.Literal('accepted-with-deficiencies')])),
  acceptedAt: Nullable(Instant),
  acceptedOn: Nullable(LegalDate),
  deficiencies: Type.Array(
    Type.Object({
      material: Type.String(),
      name: Nullable(Type.String()),
      promisedOn: Nullable(LegalDate),
      cured: Type.Boolean(),
      curedOn: Nullable(LegalDate),
      overdue: Type.Boolean(),
    }),
  ),
  certificate: Type.Union([Type.Literal('released'), Type.Literal('withheld'), Type.Literal('pending')], {
    description:
      'released once the step is approved with nothing owed; withheld while a 容缺 material is owed after approval, or after a rejection; pending before the decision',
  }),
  decision: Nullable(
    Type.Object({
      /** `withdrawn`: the applicant withdrew the application (撤回) while it was in approval. */
      outcome: Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('withdrawn')]),
      reason: Type.Optional(Type.String()),
      decidedAt: Instant,
      decidedOn: LegalDate,
      /**
       * 行政许可法第四十四条: the permits of an approved step are issued within 10 working days of the decision — the
       * clock evaluated today (on `issuedOn` once they were issued), with the days its alerts were raised.
       */
      issueClock: Type.Optional(
        Type.Object({
          ...ClockView.properties,
          issuedOn: Type.Optional(LegalDate),
          warnedOn: Type.Optional(LegalDate),
          overdueOn: Type.Optional(LegalDate),
        }),
      ),
      tasks: Type.Array(
        Type.Object({
          taskId: Uuid,
          item: Type.String(),
          department: Type.String(),
          outcome: Type.Union([
            Type.Literal('approved'),
            Type.Literal('rejected'),
            Type.Literal('closed'),
            Type.Literal('withdrawn'),
          ]),
          conditions: Type.Optional(Type.Array(Type.String())),
        }),
      ),
    }),
  ),
  notices: Type.Array(Notice),
  nationalCode: Nullable(
    Type.Integer({ minimum: 1, maximum: 5 }),
    "the application's 办理状态: 1 已接件, 2 已撤件, 3 已受理, 4 不受理, 5 不予受理 (national-states.ts)",
  ),
  nationalName: Nullable(Type.String()),
  nationalNameEn: Nullable(Type.String()),
  /** 接件 and what became of it: received when and by whom, accepted by the clerk or by law, or withdrawn or refused. */
  receipt: Nullable(ApplicationReceipt),
  receivedMaterials: Nullable(
    Type.Array(Type.Object({ code: Type.String() })),
    '收件清单: the codes of the materials handed in at the window (行政许可法第三十二条第二款); null when the application was received before intake carried them',
  ),
  owedMaterials: Nullable(
    Type.Array(OwedMaterial),
    '容缺 at 接件: the materials a receipt not yet decided owes, each with the day the applicant promised it; [] once the receipt is decided (accepted: they are its deficiencies; withdrawn or refused: nothing is owed); null when the application was received before the gateway kept them',
  ),
  /**
   * The step's own clocks (issue 13), as approval runs them: `statutory` the law's limit of a joint step (行政许可法第四十二条、
   * 第二十六条: 45 W, + 15 W once), `committed` the catalogue's step limit; read today, or on the decision day once decided.
   */
  clocks: Type.Optional(Type.Object({ statutory: Type.Optional(ClockView), committed: Type.Optional(ClockView) })),
  /** 后续事项 of the step as the acceptance said them; absent when it has none (or the gateway did not keep them). */
  followOns: Type.Optional(Type.Array(ApplicationFollowOn, { maxItems: 40 })),
})
export type ApplicationView = Static<typeof ApplicationView>

export const ProjectView = Type.Object({
  projectId: Uuid,
  projectCode: Type.String(),
  name: Type.String(),
  projectType: Type.String(),
  region: Type.String(),
  owner: Type.Object({ name: Type.String(), creditCode: Type.String() }),
  investmentFen: Type.Integer(),
  location: Nullable(Type.String()),
  catalogueVersion: Nullable(Type.String()),
  registeredAt: Instant,
})
export type ProjectView = Static<typeof ProjectView>

export const FlowStepView = Type.Object({
  step: Type.String(),
  name: Type.String(),
  stage: Type.String(),
  items: Type.Array(Type.String()),
  limit: Type.Optional(ClockLimit),
  /** The steps this one waits for (the catalogue's `after`, else the previous step). */
  after: Type.Optional(Type.Array(Type.String())),
  /** `skipped`: the catalogue's `skipIf` rule named here holds for the project. */
  skippedBy: Type.Optional(Type.String()),
  /** The items' names, in the order of `items` (registered since the 审批事项告知; absent on older projects). */
  itemNames: Type.Optional(Type.Array(Type.String())),
  /**
   * Items an `exemptIf` rule exempts for the project; `exempt` when they are all of the step's items. Each with the
   * rule's description (`reason`) and source line when registered with them: the 审批事项告知's 免于办理 and why.
   */
  exemptItems: Type.Optional(
    Type.Array(
      Type.Object({
        item: Type.String(),
        rule: Type.String(),
        reason: Type.Optional(Type.String()),
        source: Type.Optional(Type.String()),
      }),
    ),
  ),
  /** 分阶段办理: the step's phases in order, as registered. */
  phases: Type.Optional(Type.Array(DeclaredPhase)),
  /**
   * The phase of the step's latest application (第 n 阶段 / 共 N 阶段) and how many phases are approved: the step stays
   * `in-progress` until its last phase is approved.
   */
  phase: Type.Optional(Type.Object({ ...StepPhase.properties, approved: Type.Integer({ minimum: 0 }) })),
  /**
   * 按照单位工程办理施工许可: the unit works (单位工程) whose construction permit is applied for on its own, each with
   * the state of its latest application. They leave the step's `state` to the whole project's applications: with
   * none of those, a step some building is applied for is `in-progress`.
   */
  parts: Type.Optional(
    Type.Array(
      Type.Object({
        part: Type.String({ maxLength: MAX_NAME }),
        state: Type.Union([
          Type.Literal('in-progress'),
          Type.Literal('approved'),
          Type.Literal('rejected'),
          Type.Literal('withdrawn'),
        ]),
      }),
    ),
  ),
  state: Type.Union([
    Type.Literal('not-started'),
    Type.Literal('in-progress'),
    Type.Literal('approved'),
    Type.Literal('rejected'),
    /** 撤回: the latest application for the step was withdrawn by the applicant. */
    Type.Literal('withdrawn'),
    Type.Literal('skipped'),
    Type.Literal('exempt'),
  ]),
})

/** A joint acceptance case as its last event carried it, its clock evaluated now (or on its decision day). */
export const AcceptanceView = Type.Object({
  ...AcceptanceCaseSnapshot.properties,
  clockState: Type.Optional(ClockView),
})
export type AcceptanceView = Static<typeof AcceptanceView>

/**
 * 整改 a finding ordered (责令限期整改, `rectify` by `rectifyBy`), as the lists of findings show it: where it stands
 * today (contracts' `rectificationState`: `owed`, `reported`, `not-done`, `done` or `overdue`, 逾期未整改), how many
 * reports the owner made, the days it was confirmed done or marked overdue, and the further measure taken after.
 */
export const RectificationView = Type.Object(
  {
    state: RectificationState,
    rectifyBy: LegalDate,
    reports: Type.Integer({ minimum: 0, maximum: MAX_RECTIFICATION_REPORTS }),
    doneOn: Type.Optional(LegalDate),
    overdueOn: Type.Optional(LegalDate),
    escalation: Type.Optional(RectificationEscalation),
  },
  { additionalProperties: false },
)
export type RectificationView = Static<typeof RectificationView>

/** One item passed on commitment (告知承诺) and where its later verification stands. */
export const CommitmentView = Type.Object({
  caseId: Uuid,
  projectId: Uuid,
  part: Type.Optional(Type.String()),
  owner: AcceptanceCaseSnapshot.properties.owner,
  item: Type.String(),
  itemName: Type.Optional(Type.String()),
  department: Type.String(),
  verifyBy: LegalDate,
  /** true while `verifyBy` falls in a year with no published schedule (counted on weekdays alone; it may move). */
  verifyByProvisional: Type.Optional(Type.Boolean()),
  state: Type.Union([Type.Literal('due'), Type.Literal('overdue'), Type.Literal('kept'), Type.Literal('breached')]),
  verification: Type.Optional(CommitmentVerification),
  /** The day acceptance reported the verification overdue. */
  reportedOverdueOn: Type.Optional(LegalDate),
  /** A breach that ordered 整改: where the 整改 stands today, as on the approval stage's `taskCommitments`. */
  rectification: Type.Optional(RectificationView),
})
export type CommitmentView = Static<typeof CommitmentView>

/** A task approved on commitment (告知承诺) in the approval stage, as its department works its verification. */
export const TaskCommitmentView = Type.Object({
  taskId: Uuid,
  applicationId: Uuid,
  projectId: Uuid,
  step: Type.Optional(Type.String()),
  item: Type.String(),
  itemName: Type.Optional(Type.String()),
  department: Type.String(),
  verifyBy: LegalDate,
  /** true while `verifyBy` falls in a year with no published schedule (counted on weekdays alone; it may move). */
  verifyByProvisional: Type.Optional(Type.Boolean()),
  state: CommitmentView.properties.state,
  verification: Type.Optional(CommitmentVerification),
  /** The day approval reported the verification overdue. */
  reportedOverdueOn: Type.Optional(LegalDate),
  /** A breach that ordered 整改: where the 整改 stands today. */
  rectification: Type.Optional(RectificationView),
})
export type TaskCommitmentView = Static<typeof TaskCommitmentView>

/**
 * 容缺后补 (004:1860): a material of a task's application accepted as owed and not made good by its promised day, as
 * the task's department works it: `overdue` (no finding yet) or `breached` (the department's finding recorded).
 */
export const TaskDeficiencyView = Type.Object({
  taskId: Uuid,
  applicationId: Uuid,
  projectId: Uuid,
  step: Type.Optional(Type.String()),
  item: Type.String(),
  itemName: Type.Optional(Type.String()),
  department: Type.String(),
  material: Type.String(),
  promisedOn: LegalDate,
  /** The day approval heard it overdue. */
  overdueOn: LegalDate,
  state: Type.Union([Type.Literal('overdue'), Type.Literal('breached')]),
  finding: Type.Optional(CommitmentVerification),
  /** The task's status: `revoked` once a finding's `revoke` revoked the permit granted on it. */
  taskStatus: Type.String(),
  /** A finding that ordered 整改: where the 整改 stands today. */
  rectification: Type.Optional(RectificationView),
})
export type TaskDeficiencyView = Static<typeof TaskDeficiencyView>

/** One provider's hookup request, its clocks evaluated now (or on the day it connected). */
export const UtilityView = Type.Object({
  ...UtilityRequestSnapshot.properties,
  clockState: Type.Optional(ClockView),
  permitsClockState: Type.Optional(ClockView),
})
export type UtilityView = Static<typeof UtilityView>

export const RegistrationView = Type.Object({
  ...RegistrationCaseSnapshot.properties,
  clockState: Type.Optional(ClockView),
})
export type RegistrationView = Static<typeof RegistrationView>

export const CertificateSummary = Type.Object({
  certificateId: Uuid,
  kind: Type.Union([Type.Literal('property'), Type.Literal('permit')]),
  number: Type.String(),
  title: Type.String(),
  /** 登记范围: the building a property certificate registers, as its signed body names it; absent for the whole project. */
  part: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NAME })),
  item: Type.Optional(Type.String()),
  /** 分阶段办理: the phase the permit is for, as its signed body names it (one permit per phase). */
  phase: Type.Optional(StepPhase),
  /**
   * 发证机关 as the signed body names it: a permit's deciding department, a property certificate's registration office
   * (packages/contracts `CertificateBody.issuer`). Absent on a certificate issued before bodies carried one.
   */
  issuer: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: MAX_NAME,
      description: '发证机关, as the signed certificate names it; absent on certificates issued before it',
    }),
  ),
})
export type CertificateSummary = Static<typeof CertificateSummary>

/** The whole-flow clock: working days each step used against the type's cap (e.g. 12 W). */
export const WholeFlow = Type.Object({
  allowed: Nullable(ClockLimit),
  steps: Type.Array(
    Type.Object({
      step: Type.String(),
      limit: Type.Optional(ClockLimit),
      /** Working days from the step's start (not counted) to its end, or to today while it runs. */
      used: Type.Integer({ minimum: 0 }),
      from: Type.Optional(LegalDate),
      to: Type.Optional(LegalDate),
    }),
  ),
  used: Type.Integer({ minimum: 0 }),
  withinCap: Type.Boolean(),
  /**
   * The cap as a running clock, approval's (issue 13): from the first step's acceptance, counting only while a step is
   * being approved (全流程行政审批时间); the days between steps and under a 补正 notice are its pauses. Absent until a
   * step of a project type with a cap is accepted.
   */
  clock: Type.Optional(ClockView),
  /** The cap's source line in the seeds, as the catalogue cites it. */
  capSource: Type.Optional(Type.String({ maxLength: 200 })),
  /** The steps the cap clock counted: each from its acceptance to its decision (open while it runs). */
  counted: Type.Optional(
    Type.Array(
      Type.Object({
        /** An approval step's application, a joint-acceptance case or a first-registration case. */
        kind: Type.Union([Type.Literal('application'), Type.Literal('acceptance'), Type.Literal('registration')]),
        id: Uuid,
        step: Type.Optional(Type.String({ maxLength: 100 })),
        from: LegalDate,
        to: Type.Optional(LegalDate),
      }),
      { maxItems: 100 },
    ),
  ),
})
export type WholeFlow = Static<typeof WholeFlow>

const ForecastDays = {
  /** The expected day (the median of recent history), as a calendar date after today's working days. */
  expectedOn: LegalDate,
  /** The day it ends by nine times in ten (the 90th percentile), never before `expectedOn`. */
  latestOn: LegalDate,
  /** Working days from today to each. */
  expectedDays: Type.Integer({ minimum: 0, maximum: 100_000 }),
  latestDays: Type.Integer({ minimum: 0, maximum: 100_000 }),
}

export const StepForecast = Type.Object({
  step: Type.String({ maxLength: 100 }),
  ...ForecastDays,
  /** A task of the step is paused (补正, 特别程序): its remaining days are counted from today, as if it resumed now. */
  paused: Type.Boolean(),
  /** Each department's remaining work, in parallel: the step ends with the slowest. */
  work: Type.Array(
    Type.Object({
      department: Type.String({ maxLength: 100 }),
      item: Type.String({ maxLength: 100 }),
      expected: Type.Integer({ minimum: 0, maximum: 100_000 }),
      late: Type.Integer({ minimum: 0, maximum: 100_000 }),
      basis: Type.Union([Type.Literal('history'), Type.Literal('committed-limit'), Type.Literal('default-limit')]),
      samples: Type.Integer({ minimum: 0, maximum: 100_000 }),
    }),
    { maxItems: 200 },
  ),
})

/** 预计办结 — the owner's completion forecast (docs/forecast.md): the current step, every remaining step, the whole flow. */
export const Forecast = Type.Object({
  today: LegalDate,
  currentStep: Nullable(StepForecast),
  steps: Type.Array(StepForecast, { maxItems: 100 }),
  wholeFlow: Nullable(Type.Object(ForecastDays), 'null when a step was refused or withdrawn, or nothing remains'),
  settings: Type.Object({
    lastN: Type.Integer({ minimum: 1, maximum: 10_000 }),
    minSamples: Type.Integer({ minimum: 1, maximum: 10_000 }),
  }),
})
export type Forecast = Static<typeof Forecast>

/**
 * A stored row a list or a status could not show (its clock does not evaluate, or it does not match its view): the
 * rest of the answer stands, and the row is logged once with its id.
 */
export const Unreadable = Type.Object({
  kind: Type.String({
    description:
      'project-flow, whole-flow, forecast, application, task, alert, timeline, acceptance, utility, registration, certificate, shared-area, shared-plot, shared-assisted-case, shared-intermediary, supplement-notice, ticket, ticket-entry, or the supervised clock kinds',
  }),
  id: Type.String(),
  reason: Type.String(),
  department: Type.Optional(Type.String({ description: 'the department the row concerns, when it says' })),
})
export type Unreadable = Static<typeof Unreadable>

/**
 * 帮办代办: the open 补正 notices a case's helper may answer for the owner — those of the applications in the stages its
 * open case covers, each with its application and step, for the helper to choose one rather than type ids.
 */
export const CaseNotice = Type.Object({
  ...Notice.properties,
  applicationId: Uuid,
  step: Type.String({ maxLength: 100 }),
})
export type CaseNotice = Static<typeof CaseNotice>

export const CaseNoticesResponse = Type.Object({
  caseId: Uuid,
  projectId: Uuid,
  notices: Type.Array(CaseNotice, { maxItems: 200 }),
  unreadable: Type.Array(Unreadable, {
    description: 'stored notices that could not be shown (`kind: supplement-notice`), left out of `notices`',
  }),
})

const Bounded = (maxLength: number) => Type.String({ maxLength })

/** 区域评估: the assessed area the project stands in — the subjects its results stand for, each cited, and its exceptions. */
export const SharedAreaView = Type.Object({
  areaId: Uuid,
  code: Bounded(50),
  name: Bounded(200),
  kind: Type.Union([Type.Literal('park'), Type.Literal('reserve-land')]),
  /** The subjects the project is not assessed for again: the area's results, less its exception list. */
  covered: Type.Array(
    Type.Object({ subject: Bounded(50), documentRef: Bounded(500), issuedOn: LegalDate, assessedBy: Bounded(200) }),
    { maxItems: 11 },
  ),
  /** 例外清单: still assessed project by project. */
  exceptions: Type.Array(Bounded(50), { maxItems: 11 }),
  publishedOn: LegalDate,
})

/** 用地清单: the land-condition list of the project's plot, as published at its sale. */
export const SharedPlotView = Type.Object({
  plotId: Uuid,
  plotCode: Bounded(50),
  name: Bounded(200),
  soldOn: LegalDate,
  publishedOn: LegalDate,
  entries: Type.Array(
    Type.Object({
      kind: Bounded(30),
      text: Bounded(1000),
      materials: Type.Array(Bounded(100), { maxItems: 20 }),
    }),
    { maxItems: 100 },
  ),
  connectionPoints: Type.Array(Type.Object({ utility: Bounded(20), point: Bounded(200), requirement: Bounded(500) }), {
    maxItems: 20,
  }),
})

/** 帮办代办: the project's assisted-service case — its helper, mode, stages and the next follow-up visit. */
export const SharedAssistedCaseView = Type.Object({
  caseId: Uuid,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  mode: Bounded(30),
  /** 即帮即办, 全程帮办, 提前预办 or 特事特办. */
  modeName: Bounded(10),
  helper: Type.Object({ sub: Bounded(255), name: Bounded(100) }),
  stages: Type.Array(Bounded(100), { maxItems: 10 }),
  freeOfCharge: Type.Literal(true),
  /** The soonest visit not yet recorded (跟踪回访); null when none is scheduled. */
  nextVisit: Nullable(
    Type.Object({
      visitId: Uuid,
      purpose: Bounded(500),
      channel: Bounded(20),
      dueOn: LegalDate,
      status: Type.Union([Type.Literal('scheduled'), Type.Literal('due')]),
    }),
  ),
  visitsRecorded: Type.Integer({ minimum: 0, maximum: 100 }),
  actsOnBehalf: Type.Integer({ minimum: 0, maximum: 500 }),
})

/** 中介服务: one intermediary the owner chose, with its clock read today (or on the day it delivered). */
export const SharedIntermediaryView = Type.Object({
  engagementId: Uuid,
  service: Type.Object({ code: Bounded(100), name: Bounded(200) }),
  intermediary: Type.Object({
    name: Bounded(200),
    creditCode: Bounded(18),
    grade: Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D')]),
  }),
  status: Type.Union([Type.Literal('engaged'), Type.Literal('delivered')]),
  dueOn: LegalDate,
  deliveredOn: Type.Optional(LegalDate),
  /** The delivered report, which the deciding departments judge from. */
  documentRef: Type.Optional(Bounded(500)),
  /** The approval items of the project's catalogue that decide on the report (none for an engagement that names none). */
  decidesOn: Type.Array(DecidingItem, { maxItems: 20 }),
  clock: ClockView,
})

/** Results done once and shared (issue 18), as far as the project has them. */
export const SharedResultsView = Type.Object({
  area: Nullable(SharedAreaView),
  plot: Nullable(SharedPlotView),
  assistedCase: Nullable(SharedAssistedCaseView),
  intermediaries: Type.Array(SharedIntermediaryView, { maxItems: 20 }),
})
export type SharedResultsView = Static<typeof SharedResultsView>

export const ProjectStatus = Type.Object({
  project: ProjectView,
  flow: Type.Array(FlowStepView),
  currentStep: Nullable(Type.String()),
  applications: Type.Array(ApplicationView),
  tasks: Type.Array(StatusTask),
  alerts: Type.Array(Alert),
  timeline: Type.Array(TimelineView),
  acceptance: Type.Array(AcceptanceView),
  utilities: Type.Array(UtilityView),
  registration: Type.Array(RegistrationView),
  certificates: Type.Array(CertificateSummary),
  wholeFlow: Nullable(WholeFlow, 'null when a row it counts cannot be read (see unreadable)'),
  forecast: Nullable(Forecast, 'null when the flow cannot be read'),
  /** The shared results the project uses (区域评估, 用地清单, 帮办代办, 中介服务); a bad row is in `unreadable`. */
  shared: SharedResultsView,
  asOf: Type.Object({ instant: Instant, today: LegalDate }),
  unreadable: Type.Array(Unreadable),
})
export type ProjectStatus = Static<typeof ProjectStatus>

/**
 * Read-your-own-writes: something the gateway answered 201 for whose event the read model has not applied yet. The
 * project or application reads 200 meanwhile, with what the gateway knows, and lists it here until the event is in.
 */
export const Pending = Type.Object({
  kind: Type.Union([Type.Literal('project-registered'), Type.Literal('application-accepted')]),
  /** The project's id, or the application's. */
  id: Uuid,
  /** When the gateway answered 201. */
  since: Instant,
})
export type Pending = Static<typeof Pending>

/** The status as `GET /projects/:id/status` answers it: the status and what is still pending. */
export const ProjectStatusAnswer = Type.Object({ ...ProjectStatus.properties, pending: Type.Array(Pending) })
export type ProjectStatusAnswer = Static<typeof ProjectStatusAnswer>

/** 好差评 of one department's handling in the status answer (domain/status-ratings.ts). */
export const StatusRating = Type.Object({
  ratingId: Uuid,
  taskId: Uuid,
  department: Type.String(),
  departmentName: Type.Optional(Type.String()),
  item: Type.String(),
  itemName: Type.Optional(Type.String()),
  level: RatingLevel,
  ratedOn: LegalDate,
  secondLevel: Type.Optional(RatingLevel),
  fix: Type.Optional(
    Type.Object({
      state: Type.Union([Type.Literal('open'), Type.Literal('overdue'), Type.Literal('replied')], {
        description: '整改反馈: open within its limit, overdue past its due day unreplied, replied',
      }),
      dueOn: LegalDate,
      repliedOn: Type.Optional(LegalDate),
      reply: Type.Optional(Type.String()),
    }),
  ),
})

/**
 * What `GET /projects/:id/status` sends: the answer with the project's 好差评 ratings last, read fresh each time under
 * the caller's row-level security (an owner its projects', a reviewer or lead its department's, the supervisor all).
 */
export const ProjectStatusWithRatings = Type.Object({
  ...ProjectStatusAnswer.properties,
  ratings: Type.Array(StatusRating),
})

/**
 * 督办 of a task as the supervisor and the task's department read it (docs/legal-time.md#督办): the notice, its reply-by
 * day and the reply, and where it stands today — `overdue` once its day has passed unanswered.
 */
export const SupervisionView = Type.Object({
  id: Uuid,
  note: Type.String(),
  openedOn: LegalDate,
  openedAt: Instant,
  openedBy: Type.Optional(Type.String()),
  /** The reply-by day (working days counted from `openedOn`). */
  due: LegalDate,
  response: Type.Optional(Type.String()),
  respondedOn: Type.Optional(LegalDate),
  respondedAt: Type.Optional(Instant),
  respondedBy: Type.Optional(Type.String()),
  state: Type.Union([Type.Literal('open'), Type.Literal('overdue'), Type.Literal('answered')]),
})
export type SupervisionView = Static<typeof SupervisionView>

/** GET /tasks/:id/supervisions — a task's 督办, oldest first. */
export const TaskSupervisions = Type.Object({
  taskId: Uuid,
  projectId: Uuid,
  department: Type.String(),
  departmentName: Type.Optional(Type.String()),
  item: Type.String(),
  itemName: Type.Optional(Type.String()),
  status: TaskStatus,
  supervisions: Type.Array(SupervisionView),
})
export type TaskSupervisions = Static<typeof TaskSupervisions>

export const SupervisedClock = Type.Object({
  taskId: Uuid,
  applicationId: Uuid,
  project: Type.Object({ projectId: Uuid, projectCode: Nullable(Type.String()), name: Nullable(Type.String()) }),
  department: Type.String(),
  departmentName: Type.Optional(Type.String()),
  item: Type.String(),
  itemName: Type.Optional(Type.String()),
  status: TaskStatus,
  /**
   * The clock and its state; both absent on the one row of a task with no clock (an item with no time limit), listed
   * only for its overdue 督办 (`supervision=overdue`, no `level`): a 督办 is owed whether or not the task has a clock.
   */
  clock: Type.Optional(Type.Union([Type.Literal('statutory'), Type.Literal('committed')])),
  state: Type.Optional(ClockView),
  /** 督办 of the task, oldest first; absent when it has none. */
  supervisions: Type.Optional(Type.Array(SupervisionView)),
})
export type SupervisedClock = Static<typeof SupervisedClock>

export const ClockPreviewBody = Type.Object(
  {
    start: LegalDate,
    limit: Type.Object(
      { value: LimitValue, unit: Type.Union([Type.Literal('W'), Type.Literal('N')]) },
      { additionalProperties: false },
    ),
    region: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
    suspensions: Type.Optional(
      Type.Array(
        Type.Object(
          { kind: SuspensionKindCode, from: LegalDate, to: Type.Optional(LegalDate) },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
  },
  { additionalProperties: false },
)
export type ClockPreviewBody = Static<typeof ClockPreviewBody>

export const ClockPreview = Type.Object({
  due: LegalDate,
  provisional: Type.Boolean(),
  explanation: Type.String(),
  entries: Type.Array(Type.Object({ kind: Type.String(), text: Type.String() }, { additionalProperties: true })),
})

/** A joint acceptance, outside-line permits or first-registration clock still running, at a level. */
export const SupervisedCaseClock = Type.Object({
  kind: Type.Union([Type.Literal('acceptance'), Type.Literal('utility-permits'), Type.Literal('registration')]),
  /** The acceptance case, utility request or registration case. */
  id: Uuid,
  project: Type.Object({ projectId: Uuid, projectCode: Nullable(Type.String()), name: Nullable(Type.String()) }),
  /** Who must act: the lead department, the provider, or `registration`. */
  responsible: Type.String(),
  /** The case status, or the request's stage. */
  status: Type.String(),
  state: ClockView,
})
export type SupervisedCaseClock = Static<typeof SupervisedCaseClock>
