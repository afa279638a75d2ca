import { Type } from 'typebox'
import { AcceptanceFilingForm, AcceptanceItemResult } from '../acceptance/events.js'
import { defineEvent, type EventBody } from '../define-event.js'
import { ClockAlertDue, ClockAlerts, ClockSpec, StepPhase } from '../intake/shared.js'
import {
  Count,
  CreditCode,
  DepartmentCode,
  Instant,
  ItemCode,
  LegalDate,
  MAX_LIST,
  MAX_NAME,
  MAX_REFERENCE,
  MAX_TEXT,
  Uuid,
} from '../primitives.js'

/** What a certificate says; the signature covers exactly the canonical JSON of this object. */
export const CertificateBody = Type.Object({
  certificateId: Uuid,
  kind: Type.Union([Type.Literal('property'), Type.Literal('permit')]),
  /** 证照编号. */
  number: Type.String({ minLength: 1, maxLength: MAX_REFERENCE }),
  title: Type.String({ minLength: 1, maxLength: MAX_NAME }),
  projectId: Uuid,
  owner: Type.Object({ name: Type.String({ maxLength: MAX_NAME }), creditCode: CreditCode }),
  /**
   * 登记范围 — the building (单位工程) or construction section the property certificate registers, as joint acceptance
   * accepted it on its own (验收范围, 竣工一幢、验收一幢、登记一幢), or the unit work a construction permit was granted
   * for on its own (按照单位工程办理施工许可); absent for the whole project, and on certificates issued before it was
   * kept, whose signed body stays as it was.
   */
  part: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NAME })),
  /** 不动产单元代码 (property certificates). */
  unitCode: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  /** The parcel as the registrar records it (≤ 500), else the project's location (≤ 500). */
  parcel: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  floorAreaM2: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000_000 })),
  /** The permit item (permits). */
  item: Type.Optional(Type.String({ maxLength: MAX_NAME })),
  /** 分阶段办理: the phase this permit is for (one permit per phase); absent for a permit of the whole step. */
  phase: Type.Optional(StepPhase),
  /**
   * 发证机关 — who issued it, as the project's catalogue names it: a permit's deciding department (佛山市自然资源局),
   * a property certificate's registration office. Optional: certificates issued before it keep their signed body.
   */
  issuer: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NAME })),
  issuedOn: LegalDate,
})

/**
 * SM2 with SM3 (GB/T 32918.2, GM/T 0003) over the same canonical JSON, with the default distinguishing identifier
 * `1234567812345678` (GM/T 0009) in the Z value, so Chinese verifiers check it with their own SM2 tools.
 */
export const Sm2Signature = Type.Object({
  algorithm: Type.Literal('SM2-SM3'),
  /** First 16 hex digits of SM3 over the 65-byte uncompressed public key. */
  keyId: Type.String({ minLength: 1, maxLength: 200 }),
  /**
   * base64url of r‖s, 32 bytes each (64 bytes, the form sm-crypto and most SM2 libraries take); GM/T 0009's DER
   * SEQUENCE { r, s } holds the same two integers, for tools that want it.
   */
  signature: Type.String({ minLength: 1, maxLength: 200 }),
})

/**
 * An electronic certificate anyone can verify: Ed25519 over the canonical JSON of `body`, and beside it `sm2`.
 * `sm2` is optional only so that certificates issued before it keep their shape; every certificate issued now has it.
 */
export const SignedCertificate = Type.Object({
  body: CertificateBody,
  algorithm: Type.Literal('Ed25519'),
  keyId: Type.String({ minLength: 1, maxLength: 200 }),
  /** base64url. */
  signature: Type.String({ minLength: 1, maxLength: 1000 }),
  sm2: Type.Optional(Sm2Signature),
})

/**
 * 在线获取验收结果 (Foshan, 004:2279 不动产登记等相关部门在线获取验收结果): the joint acceptance's results as registration
 * took them from acceptance's events — each department's 结果物 with its item, and the 竣工验收备案表 once issued.
 */
export const RegistrationAcceptanceResults = Type.Object({
  results: Type.Array(
    Type.Object({
      item: ItemCode,
      itemName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
      department: DepartmentCode,
      departmentName: Type.Optional(Type.String({ maxLength: MAX_NAME })),
      name: AcceptanceItemResult.properties.name,
      number: AcceptanceItemResult.properties.number,
      issuedOn: LegalDate,
    }),
    { maxItems: MAX_LIST },
  ),
  filingForm: Type.Optional(AcceptanceFilingForm),
  /**
   * 撤销 — the joint acceptance's pass was revoked (`AcceptanceCaseSnapshot.passRevoked`): its letter and form no longer
   * stand, so the case neither opens on it nor completes.
   */
  passRevoked: Type.Optional(Type.Object({ item: ItemCode, on: LegalDate })),
})

/** A first-registration case (不动产首次登记) as it stands after the event, with a version. */
export const RegistrationCaseSnapshot = Type.Object({
  caseId: Uuid,
  projectId: Uuid,
  acceptanceCaseId: Uuid,
  /**
   * 受理编号, `DJ-<region>-<year>-<6-digit number>`, given when the case is created; cases created before it was given
   * have none.
   */
  caseNumber: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  /**
   * 登记范围 — the building (单位工程) or construction section registered, as the joint acceptance the case rests on
   * accepted it (`AcceptanceCaseSnapshot.part`): two buildings of one project are two cases. Absent for the whole
   * project, and on cases created before it was kept.
   */
  part: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NAME })),
  status: Type.Union([
    Type.Literal('pre-survey'),
    Type.Literal('pre-survey-passed'),
    Type.Literal('open'),
    Type.Literal('completed'),
  ]),
  clock: Type.Optional(ClockSpec),
  /**
   * The 联合验收意见书 the registration rests on (004:1816, 004:2169: the result is pushed to the registration office):
   * its number (`LHYS-…`, absent when the acceptance issued none) and the day joint acceptance passed, in China.
   * Kept when registration takes in the pass; absent until then, and on cases that took it in before it was kept.
   */
  acceptanceOpinion: Type.Optional(
    Type.Object({
      number: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_REFERENCE })),
      passedOn: LegalDate,
    }),
  ),
  /**
   * 多测合一 — the pre-survey (权籍调查) used the completion survey's results instead of surveying again: the
   * commission, the surveying unit that did it and when it recorded its results, and the floor area its 房产测量
   * measured (docs/shared-results.md). The unit and the time are absent on cases whose survey came before they were kept.
   */
  preSurveyBy: Type.Optional(
    Type.Object({
      commissionId: Uuid,
      /**
       * The building the survey measured (the case's own `part`); absent for the whole project and on cases surveyed
       * before it was kept. A building's certificate takes its floor area only from its own building's survey.
       */
      part: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NAME })),
      /** The surveying unit (测绘单位) by name, as the owner commissioned it. */
      surveyor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      /** When the unit recorded every merged item's result: the survey is complete. */
      surveyedAt: Type.Optional(Instant),
      floorAreaM2: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000_000 })),
    }),
  ),
  /**
   * The joint acceptance's 结果物 and 竣工验收备案表 as its newest event carried them: absent until a department recorded
   * the first result, and on cases that heard none.
   */
  acceptanceResults: Type.Optional(RegistrationAcceptanceResults),
  /** The case clock's yellow and overdue alerts, each raised once while the case is open. */
  clockAlerts: Type.Optional(ClockAlerts),
  certificateId: Type.Optional(Uuid),
  /** 证照编号 of the property certificate issued on completion; absent on cases completed before it was kept. */
  certificateNumber: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_REFERENCE })),
  openedAt: Instant,
  completedAt: Type.Optional(Instant),
  version: Count(1),
  updatedAt: Instant,
})

const CaseEventSchema = Type.Object({
  case: RegistrationCaseSnapshot,
  actor: Type.Optional(Type.String({ maxLength: MAX_REFERENCE })),
  note: Type.Optional(Type.String({ maxLength: MAX_TEXT })),
})

const caseEvent = <const S extends `permit.registration.case.${string}.v1`>(subject: S, description: string) =>
  defineEvent({ subject, description, schema: CaseEventSchema })

/** The case clock's alert: a case event with the clock's due day (`dueOn`, {@link ClockAlertDue}). */
const clockAlertEvent = <const S extends `permit.registration.case.${string}.v1`>(subject: S, description: string) =>
  defineEvent({ subject, description, schema: Type.Object({ ...CaseEventSchema.properties, ...ClockAlertDue }) })

export const RegistrationPreSurveyStartedV1 = caseEvent(
  'permit.registration.case.pre-survey-started.v1',
  '权籍调查 started from the shared project data when joint acceptance started; the owner files nothing.',
)
export const RegistrationPreSurveyPassedV1 = caseEvent(
  'permit.registration.case.pre-survey-passed.v1',
  'The pre-survey passed.',
)
export const RegistrationCaseOpenedV1 = caseEvent(
  'permit.registration.case.opened.v1',
  '验登合一 — joint acceptance passed and the pre-survey is done: the first-registration case opened by itself, its clock running.',
)
export const RegistrationCompletedV1 = caseEvent(
  'permit.registration.case.completed.v1',
  'First registration completed; the property certificate was issued.',
)
export const RegistrationAcceptanceResultsUpdatedV1 = caseEvent(
  'permit.registration.case.acceptance-results-updated.v1',
  "在线获取验收结果 (004:2279) — joint acceptance recorded a department's 结果物 or issued its 竣工验收备案表: the case keeps them as acceptance's newest event carried them (`acceptanceResults`), for the registrar to read.",
)
export const RegistrationClockWarnedV1 = clockAlertEvent(
  'permit.registration.case.clock-warned.v1',
  '预警 — the first-registration clock reached the warning share of its limit (yellow) with the case open; raised once.',
)
export const RegistrationClockOverdueV1 = clockAlertEvent(
  'permit.registration.case.clock-overdue.v1',
  '超时 — the first-registration clock passed its due date with the case open; raised once, the day after.',
)

export const CertificateIssuedV1 = defineEvent({
  subject: 'permit.registration.certificate.issued.v1',
  description: 'A signed electronic certificate (a permit of an approved step, or a property certificate) was issued.',
  schema: Type.Object({ certificate: SignedCertificate, issuedAt: Instant }),
})
export type CertificateIssuedV1 = EventBody<typeof CertificateIssuedV1>

/** Why a certificate was revoked, as the registrar wrote it: public, since every verifier is told. */
/** The most a revocation's reason holds, for a producer that builds one from longer parts. */
export const REVOCATION_REASON_MAX = 500
export const RevocationReason = Type.String({ minLength: 1, maxLength: REVOCATION_REASON_MAX })

/** 注销 — a revoked certificate as anyone may know it: verification and the revocation list answer with this. */
export const PublicRevocation = Type.Object({
  certificateId: Uuid,
  /** 证照编号 of the revoked certificate. */
  number: Type.String({ minLength: 1, maxLength: 200 }),
  /** The day the certificate stopped being valid (Asia/Shanghai); on or after its issue, never after the command. */
  revokedOn: LegalDate,
  reason: RevocationReason,
  revokedAt: Instant,
})

export const CertificateRevokedV1 = defineEvent({
  subject: 'permit.registration.certificate.revoked.v1',
  description:
    '注销 — a registrar or an administrator revoked an issued certificate; from `revokedOn` verification answers revoked.',
  schema: Type.Object({
    revocation: PublicRevocation,
    projectId: Uuid,
    /** Who revoked it: the actor's `sub`. */
    revokedBy: Type.String({ minLength: 1, maxLength: MAX_REFERENCE }),
  }),
})
export type CertificateRevokedV1 = EventBody<typeof CertificateRevokedV1>
export type RegistrationCaseEventBody = EventBody<typeof RegistrationCaseOpenedV1>

/**
 * 行政许可法第四十四条: a granted permit is issued within 10 working days of the decision. Registration issues the
 * permits, so it runs this clock for each approved step with permit items, from the step's decision day to the day
 * its permits are issued (`issuedOn`); its yellow and red alerts are raised once each.
 */
export const IssueClock = Type.Object({
  applicationId: Uuid,
  projectId: Uuid,
  step: Type.Optional(Type.String({ maxLength: 100 })),
  /** The step's decision day, the clock's start; absent only while the permits were issued before it arrived. */
  decidedOn: Type.Optional(LegalDate),
  clock: Type.Optional(ClockSpec),
  /** The day the step's permits were issued: the clock stops. */
  issuedOn: Type.Optional(LegalDate),
  /** The days the yellow and red alerts were raised. */
  warnedOn: Type.Optional(LegalDate),
  overdueOn: Type.Optional(LegalDate),
})

const IssueClockEventSchema = Type.Object({ issueClock: IssueClock, at: Instant })

const issueClockEvent = <const S extends `permit.registration.issue-clock.${string}.v1`>(
  subject: S,
  description: string,
) => defineEvent({ subject, description, schema: IssueClockEventSchema })

/** The issuing clock's alert: its event with the clock's due day (`dueOn`, {@link ClockAlertDue}). */
const issueClockAlertEvent = <const S extends `permit.registration.issue-clock.${string}.v1`>(
  subject: S,
  description: string,
) =>
  defineEvent({ subject, description, schema: Type.Object({ ...IssueClockEventSchema.properties, ...ClockAlertDue }) })

export const IssueClockStartedV1 = issueClockEvent(
  'permit.registration.issue-clock.started.v1',
  "发证时限 — a step with permit items was approved: its permits are due within the catalogue's `statutory.issue` (行政许可法第四十四条: 10 W) of the decision day.",
)
export const IssueClockStoppedV1 = issueClockEvent(
  'permit.registration.issue-clock.stopped.v1',
  "The step's permits were issued (`issueClock.issuedOn`): the issuing clock stops.",
)
export const IssueClockWarnedV1 = issueClockAlertEvent(
  'permit.registration.issue-clock.warned.v1',
  '预警 — the issuing clock used its warning share (80%) of the limit with the permits not issued; raised once.',
)
export const IssueClockOverdueV1 = issueClockAlertEvent(
  'permit.registration.issue-clock.overdue.v1',
  '超时 — the issuing clock passed its due date with the permits not issued; raised once.',
)
export type IssueClockEventBody = EventBody<typeof IssueClockStartedV1>

export const registrationEvents = [
  IssueClockStartedV1,
  IssueClockStoppedV1,
  IssueClockWarnedV1,
  IssueClockOverdueV1,
  RegistrationPreSurveyStartedV1,
  RegistrationPreSurveyPassedV1,
  RegistrationCaseOpenedV1,
  RegistrationCompletedV1,
  RegistrationAcceptanceResultsUpdatedV1,
  RegistrationClockWarnedV1,
  RegistrationClockOverdueV1,
  CertificateIssuedV1,
  CertificateRevokedV1,
] as const
