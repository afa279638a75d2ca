import {
  type AcceptanceCaseEventBody,
  AcceptanceClockOverdueV1,
  AcceptanceClockWarnedV1,
  AcceptanceCommitmentRectificationOverdueV1,
  AcceptanceCommitmentRectificationReportedV1,
  AcceptanceFailedV1,
  AcceptanceFilingIssuedV1,
  AcceptanceInspectionScheduledV1,
  AcceptanceOpinionRecordedV1,
  AcceptancePassedV1,
  AcceptancePassRevokedV1,
  AcceptanceStartedV1,
  CertificateObjectionAnsweredV1,
  type CertificateObjectionEventBody,
  CertificateObjectionRaisedV1,
  CertificateRevokedV1,
  type EventDefinition,
  IssueClockOverdueV1,
  IssueClockWarnedV1,
  RegistrationAcceptanceResultsUpdatedV1,
  RegistrationCaseOpenedV1,
  RegistrationClockOverdueV1,
  RegistrationClockWarnedV1,
  UtilityConnectedV1,
  UtilityPermitsClockOverdueV1,
  UtilityPermitsClockWarnedV1,
  UtilityRequestAdvancedV1,
} from '@onewindow/contracts'
import { legalDateOf } from '@onewindow/workdays'
import { notificationRepository, type Tx } from '../db/notifications.js'
import {
  acceptanceClockAlert,
  acceptanceDecided,
  acceptanceFilingIssued,
  acceptanceInspectionScheduled,
  acceptancePassRevoked,
  acceptanceRectification,
  acceptanceRectify,
  acceptanceStarted,
  type ClockAlert,
  caseDepartments,
  certificateRevoked,
  finishedStep,
  issueClockAlert,
  type KnownProject,
  type NameOf,
  objectionAnswered,
  objectionDepartments,
  objectionRaised,
  outsideLinePermitAccepted,
  outsideLinePermitsApplied,
  pinnedNames,
  registrarPassRevoked,
  registrationCaseOpened,
  registrationClockAlert,
  registrationResultsUpdated,
  type Told,
  utilityConnected,
  utilityPermitsClockAlert,
  utilityStepFinished,
} from '../domain/later-stages.js'
import { occurrenceConsumer, type Reading } from './occurrence.js'

// The later stages (docs/notifications.md#later-stages): 联合验收, 报装 and 不动产首次登记 as messages, the last to the
// registration office, a certificate's 注销 to its holder, and a 证照异议 to its issuer and its answer to its raiser; a
// property certificate's issue (the first registration's end) is told by `onCertificateIssued` (on-step-events.ts).
// Each consumer is an `occurrenceConsumer`: it reads the project the notifier copied (a project not known yet is
// retried, then dead-lettered) and hands the event to the domain, which says what is told to whom; the message
// outbox's unique (event, party, channel) makes a redelivery add nothing.

type AcceptanceCase = AcceptanceCaseEventBody['case']
/** The case an acceptance event carries: the consumer's event has passed its contract's schema, which has it. */
const caseOf = (body: unknown): AcceptanceCase => (body as { case: AcceptanceCase }).case

/** The names of the case's departments: as the case pinned them, else as task events taught this service. */
async function namesOf(tx: Tx, c: AcceptanceCase): Promise<NameOf> {
  const names = pinnedNames(c)
  const repo = notificationRepository(tx)
  for (const code of caseDepartments(c)) {
    if (names.has(code)) continue
    const name = await repo.departmentName(code)
    if (name) names.set(code, name)
  }
  return (code) => names.get(code)
}

/**
 * One acceptance consumer: the names looked up beside the project, the domain's `read` saying what is told. Every
 * acceptance event carries the case whole (`case`), which is all `read` and `concerns` look at.
 */
const acceptanceConsumer = (
  durable: string,
  event: EventDefinition,
  read: (c: AcceptanceCase, p: KnownProject, nameOf: NameOf) => Told | undefined,
  concerns?: (c: AcceptanceCase) => boolean,
) =>
  occurrenceConsumer(durable, event, {
    about: (e) => caseOf(e).projectId,
    read: async (e, p, tx) => read(caseOf(e), p, await namesOf(tx, caseOf(e))),
    ...(concerns ? { concerns: (e) => concerns(caseOf(e)) } : {}),
  })

const decidedOn = (c: AcceptanceCase) => legalDateOf(c.decidedAt ?? c.updatedAt)

/** 一口受理: each department with an item is told the case is open for its items. */
export const onAcceptanceStarted = acceptanceConsumer(
  'notification-acceptance-started',
  AcceptanceStartedV1,
  (c, p, nameOf) => acceptanceStarted(c, p, nameOf, legalDateOf(c.openedAt)),
)

/** The on-site inspection (or a re-inspection) set: the owner and the participating departments. */
export const onAcceptanceInspectionScheduled = acceptanceConsumer(
  'notification-acceptance-inspection-scheduled',
  AcceptanceInspectionScheduledV1,
  (c, p, nameOf) => acceptanceInspectionScheduled(c, p, nameOf),
  (c) => c.inspection !== undefined,
)

/** 整改: the opinion that left the case `rectifying` tells the owner what to put right; any other opinion, no one. */
export const onAcceptanceRectify = acceptanceConsumer(
  'notification-acceptance-rectify',
  AcceptanceOpinionRecordedV1,
  (c, p, nameOf) => acceptanceRectify(c, p, nameOf, legalDateOf(c.updatedAt)),
  (c) => c.status === 'rectifying',
)

export const onAcceptancePassed = acceptanceConsumer(
  'notification-acceptance-passed',
  AcceptancePassedV1,
  (c, p, nameOf) => acceptanceDecided(c, p, nameOf, decidedOn(c), 'passed'),
)

export const onAcceptanceFailed = acceptanceConsumer(
  'notification-acceptance-failed',
  AcceptanceFailedV1,
  (c, p, nameOf) => acceptanceDecided(c, p, nameOf, decidedOn(c), 'failed'),
)

export const onAcceptanceFilingIssued = acceptanceConsumer(
  'notification-acceptance-filing-issued',
  AcceptanceFilingIssuedV1,
  (c, p, nameOf) => acceptanceFilingIssued(c, p, nameOf),
  (c) => c.filingForm !== undefined,
)

export const onAcceptancePassRevoked = acceptanceConsumer(
  'notification-acceptance-pass-revoked',
  AcceptancePassRevokedV1,
  (c, p, nameOf) => acceptancePassRevoked(c, p, nameOf),
  (c) => c.passRevoked !== undefined,
)

/**
 * 整改 of an item's 告知承诺 breach: its department told of the owner's report (an act: from the stream's start) and of
 * 逾期未整改 (a timer's alert: its durable starts at its creation, docs/notifications.md), in the approval stage's words.
 */
const rectificationConsumer = (
  durable: string,
  event: EventDefinition,
  kind: 'rectification-reported' | 'rectification-overdue',
  startsAtCreation: boolean,
) =>
  occurrenceConsumer(durable, event, {
    about: (e) => caseOf(e).projectId,
    read: async (e, p, tx) =>
      acceptanceRectification(kind, caseOf(e), (e as { item: string }).item, p, await namesOf(tx, caseOf(e))),
    ...(startsAtCreation ? { startsAtCreation: true as const } : {}),
  })

export const onAcceptanceRectificationReported = rectificationConsumer(
  'notification-acceptance-rectification-reported',
  AcceptanceCommitmentRectificationReportedV1,
  'rectification-reported',
  false,
)

export const onAcceptanceRectificationOverdue = rectificationConsumer(
  'notification-acceptance-rectification-overdue',
  AcceptanceCommitmentRectificationOverdueV1,
  'rectification-overdue',
  true,
)

/** 报装: a step the provider finished; a permit decided while others wait moves no step and tells no one. */
export const onUtilityStepFinished = occurrenceConsumer(
  'notification-utility-step-finished',
  UtilityRequestAdvancedV1,
  {
    about: (e) => e.request.projectId,
    // 容缺受理 and 容缺后补 move no step, whatever stage the snapshot shows.
    concerns: (e) => e.permitDeficiency === undefined && finishedStep(e.request) !== undefined,
    read: ({ request: r }, p) => utilityStepFinished(r, p, legalDateOf(r.updatedAt)),
  },
)

/**
 * 并联审批: the permits an `advanced` applied for to their departments (its `permitsApplied`, at plan-done or a
 * re-application), each department told of its own; any other `advanced` names none and tells no department. An act,
 * so the durable starts at the stream's start; the message outbox's unique (event, party, channel) makes a redelivery
 * add nothing.
 */
export const onOutsideLinePermitApplied = occurrenceConsumer(
  'notification-outside-line-permit-applied',
  UtilityRequestAdvancedV1,
  {
    about: (e) => e.request.projectId,
    concerns: (e) => (e.permitsApplied?.length ?? 0) > 0,
    read: ({ request: r, permitsApplied }, p) => outsideLinePermitsApplied(r, permitsApplied, p),
  },
)

/**
 * 容缺受理: a department accepted the provider's permit with materials missing (`permitDeficiency`, act `accepted`);
 * the provider is told what it owes. An act, as an application is: the durable starts at the stream's start, and the
 * message outbox's unique (event, party, channel) makes a redelivery add nothing.
 */
export const onOutsideLinePermitAccepted = occurrenceConsumer(
  'notification-outside-line-permit-accepted',
  UtilityRequestAdvancedV1,
  {
    about: (e) => e.request.projectId,
    concerns: (e) => e.permitDeficiency?.act === 'accepted',
    read: ({ request: r, permitDeficiency }, p) => outsideLinePermitAccepted(r, permitDeficiency, p),
  },
)

/** 接入: the owner's hookup connected. */
export const onUtilityConnected = occurrenceConsumer('notification-utility-connected', UtilityConnectedV1, {
  about: (e) => e.request.projectId,
  read: ({ request: r }, p) => utilityConnected(r, p, legalDateOf(r.connectedAt ?? r.updatedAt)),
})

/**
 * 撤销 of the pass, told to the registration office in its own words (the first registration resting on it no longer
 * completes): a durable of its own beside the owner's and the lead's, so each party's message is one consumer's.
 */
export const onRegistrarPassRevoked = acceptanceConsumer(
  'notification-registrar-pass-revoked',
  AcceptancePassRevokedV1,
  (c, p, nameOf) => registrarPassRevoked(c, p, nameOf),
  (c) => c.passRevoked !== undefined,
)

/** 验登合一: a first-registration case opened by itself; the registration office is told. */
export const onRegistrationCaseOpened = occurrenceConsumer(
  'notification-registration-opened',
  RegistrationCaseOpenedV1,
  {
    about: (e) => e.case.projectId,
    read: ({ case: c }, p) => registrationCaseOpened(c, p, legalDateOf(c.updatedAt)),
  },
)

/** 在线获取验收结果: the results a case rests on changed; one carrying a revoked pass is told by the revocation. */
export const onRegistrationResultsUpdated = occurrenceConsumer(
  'notification-registration-results',
  RegistrationAcceptanceResultsUpdatedV1,
  {
    about: (e) => e.case.projectId,
    concerns: (e) => e.case.acceptanceResults?.passRevoked === undefined,
    read: ({ case: c }, p) => registrationResultsUpdated(c, p, legalDateOf(c.updatedAt)),
  },
)

/** 注销: a permit or property certificate revoked; its holder, the project's owner, is told. */
export const onCertificateRevoked = occurrenceConsumer('notification-certificate-revoked', CertificateRevokedV1, {
  about: (e) => e.projectId,
  read: (e, p) => certificateRevoked(e.revocation, p),
})

type Objection = CertificateObjectionEventBody['objection']

/** The names of an objection's departments as task events taught this service (the event pins the issuer's only). */
async function objectionNamesOf(tx: Tx, o: Objection): Promise<NameOf> {
  const names = new Map<string, string>()
  const repo = notificationRepository(tx)
  for (const code of objectionDepartments(o)) {
    const name = await repo.departmentName(code)
    if (name) names.set(code, name)
  }
  return (code) => names.get(code)
}

/** 证照异议 raised: the issuing department (the registration office for a property certificate) is told. */
export const onObjectionRaised = occurrenceConsumer('notification-objection-raised', CertificateObjectionRaisedV1, {
  about: (e) => e.objection.projectId,
  read: async ({ objection: o }, p, tx) =>
    objectionRaised(o, p, await objectionNamesOf(tx, o), legalDateOf(o.raisedAt)),
})

/** 证照异议 answered: the raising department (or the registration office) is told the finding. */
export const onObjectionAnswered = occurrenceConsumer(
  'notification-objection-answered',
  CertificateObjectionAnsweredV1,
  {
    about: (e) => e.objection.projectId,
    concerns: (e) => e.objection.answer !== undefined,
    read: async ({ objection: o }, p, tx) =>
      o.answer && objectionAnswered(o, p, await objectionNamesOf(tx, o), legalDateOf(o.answer.answeredAt)),
  },
)

/**
 * 预警 / 超时 of the later stages' clocks (docs/notifications.md#later-stages), one durable per event as approval's
 * task clock alerts have: each alert is raised once by its service, and told once here (the message outbox's unique
 * event, party and channel). The day told is the one the snapshot marks the alert raised on. A clock's 预警 and 超时
 * are two durables (`<stem>-warned`, `<stem>-overdue`), read alike but for which alert it is; each is an alert of a
 * moment and starts at its creation (docs/notifications.md#which-durables-start-at-their-creation).
 */
const clockAlertPair = <W extends EventDefinition, O extends EventDefinition>(
  stem: string,
  warned: W,
  overdue: O,
  reading: (alert: ClockAlert) => Omit<Reading<W | O>, 'startsAtCreation'>,
) =>
  [
    occurrenceConsumer(`${stem}-warned`, warned, { ...reading('warned'), startsAtCreation: true }),
    occurrenceConsumer(`${stem}-overdue`, overdue, { ...reading('overdue'), startsAtCreation: true }),
  ] as const

/** Joint acceptance's case clock: the departments named as the case pinned them, else as learnt ({@link namesOf}). */
export const [onAcceptanceClockWarned, onAcceptanceClockOverdue] = clockAlertPair(
  'notification-acceptance-clock',
  AcceptanceClockWarnedV1,
  AcceptanceClockOverdueV1,
  (alert) => ({
    about: (e) => e.case.projectId,
    read: async ({ case: c, dueOn }, p, tx) =>
      acceptanceClockAlert(c, p, await namesOf(tx, c), { alert, dueOn }, legalDateOf(c.updatedAt)),
  }),
)

export const [onRegistrationClockWarned, onRegistrationClockOverdue] = clockAlertPair(
  'notification-registration-clock',
  RegistrationClockWarnedV1,
  RegistrationClockOverdueV1,
  (alert) => ({
    about: (e) => e.case.projectId,
    read: ({ case: c, dueOn }, p) => registrationClockAlert(c, p, { alert, dueOn }, legalDateOf(c.updatedAt)),
  }),
)

export const [onIssueClockWarned, onIssueClockOverdue] = clockAlertPair(
  'notification-issue-clock',
  IssueClockWarnedV1,
  IssueClockOverdueV1,
  (alert) => ({
    about: (e) => e.issueClock.projectId,
    read: (e, p) => issueClockAlert(e.issueClock, p, { alert, dueOn: e.dueOn }, legalDateOf(e.at)),
  }),
)

export const [onUtilityPermitsClockWarned, onUtilityPermitsClockOverdue] = clockAlertPair(
  'notification-utility-permits-clock',
  UtilityPermitsClockWarnedV1,
  UtilityPermitsClockOverdueV1,
  (alert) => ({
    about: (e) => e.request.projectId,
    read: ({ request: r, dueOn }, p) => utilityPermitsClockAlert(r, p, { alert, dueOn }, legalDateOf(r.updatedAt)),
  }),
)
