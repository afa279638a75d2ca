import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import {
  Count,
  CreditCode,
  INSTANT_KEY_PATTERN,
  Instant,
  LegalDate,
  MAX_NAME,
  MAX_REFERENCE,
  StageCode,
  UUID_PATTERN,
  Uuid,
} from '../primitives.js'

const strict = { additionalProperties: false } as const

/**
 * Who may have a free assisted-service case (004:1868, Shanwei): a project in the city's annual key-construction plan,
 * a key project named by a county (县（市、区）), or another industrial project that really needs it.
 */
export const AssistEligibilityBasis = Type.Union([
  Type.Literal('city-key-project'),
  Type.Literal('county-key-project'),
  Type.Literal('industrial-project-in-need'),
])
export type AssistEligibilityBasis = Static<typeof AssistEligibilityBasis>

/** The four modes of Guangxi's agent service (002:151): 即帮即办, 全程帮办, 提前预办, 特事特办. */
export const AssistMode = Type.Union([
  Type.Literal('help-at-once'),
  Type.Literal('whole-process'),
  Type.Literal('pre-handle'),
  Type.Literal('special-case'),
])
export type AssistMode = Static<typeof AssistMode>

/** How a follow-up visit is made (004:51: 上门走访、座谈交流、电话沟通). */
export const VisitChannel = Type.Union([Type.Literal('on-site'), Type.Literal('meeting'), Type.Literal('phone')])
export type VisitChannel = Static<typeof VisitChannel>

/** The helper of a case: the token subject it signs in with, and its name as the owner sees it. */
export const AssignedHelper = Type.Object(
  {
    sub: Type.String({ minLength: 1, maxLength: 255 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
  },
  strict,
)

/** Why the project is eligible: the basis, the document that lists it, and for a county, which county named it. */
export const AssistEligibility = Type.Object(
  {
    basis: AssistEligibilityBasis,
    /** The key-project plan or designation, or the owner's written request for an industrial project. */
    documentRef: Type.String({ minLength: 1, maxLength: 500 }),
    /** `county-key-project`: the county (six-digit code) that named it, within the project's city. */
    county: Type.Optional(Type.String({ pattern: '^\\d{6}$', maxLength: 6 })),
    /** `industrial-project-in-need`: what the need is. */
    need: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  strict,
)
export type AssistEligibility = Static<typeof AssistEligibility>

/**
 * One act of the helper for the owner ("on behalf of"), carried by the act's own event and kept on the case: who
 * acted, for which owner, under which case.
 */
export const OnBehalfOf = Type.Object({
  caseId: Uuid,
  helper: Type.String({ minLength: 1, maxLength: 255 }),
  helperName: Type.String({ maxLength: 100 }),
  ownerCreditCode: CreditCode,
  /**
   * A 补正 answer only (approval's act, checked by intake first): the grant intake wrote for it, and the instant it
   * lapses. Approval refuses the answer after `validUntil`; intake closes no case while a grant of it may still land.
   */
  grantId: Type.Optional(Uuid),
  validUntil: Type.Optional(Instant),
})
export type OnBehalfOf = Static<typeof OnBehalfOf>

/** 跟踪回访 — one follow-up visit, scheduled a number of working days ahead, falling due, then recorded. */
export const FollowUpVisit = Type.Object({
  visitId: Uuid,
  purpose: Type.String({ maxLength: 500 }),
  channel: VisitChannel,
  scheduledAt: Instant,
  /** Working days from `scheduledOn` to `dueOn`, as the helper set them (no seed gives an interval). */
  workingDays: Type.Integer({ minimum: 1, maximum: 60 }),
  scheduledOn: LegalDate,
  dueOn: LegalDate,
  /** `ended`: not recorded when the case closed; it no longer falls due. */
  status: Type.Union([Type.Literal('scheduled'), Type.Literal('due'), Type.Literal('recorded'), Type.Literal('ended')]),
  /** When the sweep found it due (once). */
  fellDueAt: Type.Optional(Instant),
  recordedAt: Type.Optional(Instant),
  recordedOn: Type.Optional(LegalDate),
  outcome: Type.Optional(Type.String({ maxLength: 2000 })),
  /** When the case's close ended it. */
  endedAt: Type.Optional(Instant),
})
export type FollowUpVisit = Static<typeof FollowUpVisit>

/** One act done for the owner under the case, as the case keeps it. */
export const AssistedAct = Type.Object({
  at: Instant,
  on: LegalDate,
  /** e.g. `receipt-answered`, `deficiency-cured`, `receipt-withdrawn`. */
  act: Type.String({ maxLength: 60 }),
  applicationId: Uuid,
  step: Type.String({ maxLength: 100 }),
  /**
   * The step as the project's registered flow names it (汕尾: 立项用地规划许可阶段), filled by intake when it answers a
   * case (`GET /projects/:id/assisted-case`, `GET /assisted-cases`); absent where the flow no longer names the step or
   * no longer reads, and in the stored case and its events, which keep the code.
   */
  stepName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  helper: Type.String({ maxLength: 255 }),
})

/** 帮办代办 — one project's assisted-service case, whole, as it stands after an event. */
export const AssistedCaseSnapshot = Type.Object({
  caseId: Uuid,
  projectId: Uuid,
  ownerCreditCode: CreditCode,
  ownerName: Type.String({ maxLength: 200 }),
  eligibility: AssistEligibility,
  mode: AssistMode,
  /** The stages covered (全流程或部分阶段, 004:1868): acts for applications of other stages are refused. */
  stages: Type.Array(StageCode, { minItems: 1, maxItems: 10 }),
  helper: AssignedHelper,
  /** 无偿 (004:1868): the case is free; nothing about it carries a fee. */
  freeOfCharge: Type.Literal(true),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  openedAt: Instant,
  openedOn: LegalDate,
  openedBy: Type.String({ maxLength: MAX_REFERENCE }),
  acts: Type.Array(AssistedAct, { maxItems: 500 }),
  visits: Type.Array(FollowUpVisit, { maxItems: 100 }),
  /** How the case ended: when, by whom (the service centre), and why. Only on a closed case. */
  closed: Type.Optional(
    Type.Object({
      at: Instant,
      on: LegalDate,
      by: Type.String({ maxLength: MAX_REFERENCE }),
      reason: Type.String({ minLength: 1, maxLength: 2000 }),
    }),
  ),
  /**
   * A close the service centre asked for while a helper's 补正 answer could still land (409
   * `INTAKE_ASSIST_ANSWER_IN_FLIGHT`): from then on the helper is granted no new answer, so the close's retry goes
   * through. Optional: cases kept before it read as they are.
   */
  closeRequested: Type.Optional(
    Type.Object({
      at: Instant,
      by: Type.String({ maxLength: MAX_REFERENCE }),
      reason: Type.String({ minLength: 1, maxLength: 2000 }),
    }),
  ),
  revision: Count(1),
  updatedAt: Instant,
})
export type AssistedCaseSnapshot = Static<typeof AssistedCaseSnapshot>

const caseEvent = <const S extends `permit.intake.assisted-case.${string}.v1`>(subject: S, description: string) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      case: AssistedCaseSnapshot,
      actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
    }),
  })

export const AssistedCaseOpenedV1 = caseEvent(
  'permit.intake.assisted-case.opened.v1',
  '帮办代办 — a free assisted-service case opened for an eligible project, with its helper, mode and stages.',
)
export const AssistedCaseActedV1 = caseEvent(
  'permit.intake.assisted-case.acted.v1',
  "The case's helper acted for the owner on one of its applications; the act's own event carries `onBehalfOf` too.",
)
export const AssistedVisitScheduledV1 = caseEvent(
  'permit.intake.assisted-case.visit-scheduled.v1',
  '跟踪回访 — the helper scheduled a follow-up visit, due a number of working days ahead.',
)
export const AssistedVisitDueV1 = caseEvent(
  'permit.intake.assisted-case.visit-due.v1',
  'A follow-up visit fell due (the sweep, once per visit).',
)
export const AssistedVisitRecordedV1 = caseEvent(
  'permit.intake.assisted-case.visit-recorded.v1',
  "The helper recorded a follow-up visit's outcome.",
)
export const AssistedCaseClosedV1 = caseEvent(
  'permit.intake.assisted-case.closed.v1',
  'The service centre closed the case, with its reason: the helper acts for the owner no more, and the follow-up visits not recorded end.',
)
export type AssistedCaseEventBody = EventBody<typeof AssistedCaseOpenedV1>

export const assistedCaseEvents = [
  AssistedCaseOpenedV1,
  AssistedCaseActedV1,
  AssistedVisitScheduledV1,
  AssistedVisitDueV1,
  AssistedVisitRecordedV1,
  AssistedCaseClosedV1,
] as const

/** POST /projects/:id/assisted-case — the service centre opens the project's case and assigns its helper. */
export const OpenAssistedCaseBody = Type.Object(
  {
    eligibility: AssistEligibility,
    mode: AssistMode,
    stages: Type.Array(StageCode, { minItems: 1, maxItems: 10, uniqueItems: true }),
    helper: AssignedHelper,
  },
  strict,
)
export type OpenAssistedCaseBody = Static<typeof OpenAssistedCaseBody>

/** POST /assisted-cases/:id/close — the service centre closes the case, saying why. */
export const CloseAssistedCaseBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, strict)
export type CloseAssistedCaseBody = Static<typeof CloseAssistedCaseBody>

/** POST /assisted-cases/:id/visits — the helper schedules a follow-up visit. */
export const ScheduleVisitBody = Type.Object(
  {
    purpose: Type.String({ minLength: 1, maxLength: 500 }),
    channel: VisitChannel,
    workingDays: Type.Integer({ minimum: 1, maximum: 60 }),
  },
  strict,
)
export type ScheduleVisitBody = Static<typeof ScheduleVisitBody>

/** POST /assisted-cases/:id/visits/:visitId/record — the helper records what the visit found. */
export const RecordVisitBody = Type.Object({ outcome: Type.String({ minLength: 1, maxLength: 2000 }) }, strict)
export type RecordVisitBody = Static<typeof RecordVisitBody>

export const AssistedCaseResponse = Type.Object({ case: AssistedCaseSnapshot })
/** The most cases one page of `GET /assisted-cases` answers. */
export const ASSISTED_CASE_PAGE_MAX = 50

/**
 * Where the next page of cases starts: the last case's `updated_at` as its key text (`INSTANT_KEY_PATTERN`) and its
 * `caseId` (newest change first, then id), as `<key>~<caseId>`. Opaque to a caller, which passes `next` back.
 */
export const AssistedCaseCursor = Type.String({
  pattern: `^${INSTANT_KEY_PATTERN}~${UUID_PATTERN}$`,
  maxLength: 80,
})

/**
 * GET /assisted-cases — a page of cases, newest change first: a helper's own; the service centre's (clerk,
 * supervisor, admin) every case, or one helper's (`helper`, its `sub`), or one state's.
 */
export const AssistedCaseListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
    helper: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    cursor: Type.Optional(AssistedCaseCursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: ASSISTED_CASE_PAGE_MAX })),
  },
  strict,
)
export type AssistedCaseListQuery = Static<typeof AssistedCaseListQuery>

export const AssistedCaseListResponse = Type.Object({
  cases: Type.Array(AssistedCaseSnapshot, { maxItems: 200 }),
  /** Present when more cases follow: pass it back as `cursor`. */
  next: Type.Optional(AssistedCaseCursor),
})

/**
 * One application an open case covers, as its helper works on it: its step, receipt, whether it is still only
 * received (it may be withdrawn, 撤件) and what the owner still owes on it — the 一次性告知's materials while that
 * notice is unanswered, else the 容缺 materials not yet handed in. The helper picks from these; it types no codes.
 */
export const CaseApplication = Type.Object({
  applicationId: Uuid,
  step: Type.String({ minLength: 1, maxLength: 100 }),
  stage: StageCode,
  stepName: Type.String({ maxLength: 200 }),
  receiptNumber: Type.String({ maxLength: 100 }),
  /** 办理状态: 1 received, 2 receipt withdrawn, 3 accepted, 4 不受理, 5 不予受理. */
  nationalCode: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4), Type.Literal(5)]),
  /** open (received or accepted, undecided) | approved | rejected | withdrawn | refused. */
  status: Type.String({ maxLength: 40 }),
  receivedOn: LegalDate,
  owed: Type.Object({
    /** `receipt-notice`: the 一次性告知's materials (one answer, all at once); `deficiencies`: 容缺 owed. */
    kind: Type.Union([Type.Literal('receipt-notice'), Type.Literal('deficiencies'), Type.Literal('none')]),
    materials: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 200 }),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  }),
})
export type CaseApplication = Static<typeof CaseApplication>

/**
 * Intake's internal GET /assisted-cases/:id/applications, answered only to the helper the open case names (and the
 * gateway's GET /api/v1/assisted-cases/:id/applications, which passes it on after checking its shape).
 */
export const CaseApplicationsResponse = Type.Object({
  caseId: Uuid,
  projectId: Uuid,
  ownerCreditCode: CreditCode,
  applications: Type.Array(CaseApplication, { maxItems: 200 }),
})
export type CaseApplicationsResponse = Static<typeof CaseApplicationsResponse>

/**
 * Intake's internal POST /applications/:id/helper-authority, granted: on whose behalf, with the grant and the instant
 * it lapses (both required here: approval refuses an answer past `validUntil`, so one without it is no grant).
 */
export const HelperAuthorityAnswer = Type.Object({
  onBehalfOf: Type.Object({
    ...OnBehalfOf.properties,
    grantId: Uuid,
    validUntil: Instant,
  }),
})
export type HelperAuthorityAnswer = Static<typeof HelperAuthorityAnswer>
