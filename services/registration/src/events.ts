import {
  CertificateIssuedV1,
  CertificateObjectionAnsweredV1,
  CertificateObjectionRaisedV1,
  CertificateRevokedV1,
  type EventDefinition,
  RegistrationAcceptanceResultsUpdatedV1,
  RegistrationCaseOpenedV1,
  RegistrationClockOverdueV1,
  RegistrationClockWarnedV1,
  RegistrationCompletedV1,
  RegistrationPreSurveyPassedV1,
  RegistrationPreSurveyStartedV1,
} from '@onewindow/contracts'
import type { PendingEvent } from '@onewindow/messaging'
import { type Case, type CaseEvent, snapshotOf } from './domain/case.js'
import type { SignedCertificateValue } from './domain/certificate.js'
import type { Objection } from './domain/objection.js'
import type { Revocation } from './domain/revocation.js'

const contractOf: Record<CaseEvent['type'], EventDefinition> = {
  'pre-survey-started': RegistrationPreSurveyStartedV1,
  'pre-survey-passed': RegistrationPreSurveyPassedV1,
  opened: RegistrationCaseOpenedV1,
  completed: RegistrationCompletedV1,
  'acceptance-results-updated': RegistrationAcceptanceResultsUpdatedV1,
  'clock-warned': RegistrationClockWarnedV1,
  'clock-overdue': RegistrationClockOverdueV1,
}

/** The outbox row of one case event: the contract event carrying the case as it stands after it. */
export function caseEventRow(event: CaseEvent, after: Case, actor: string | undefined): PendingEvent {
  return {
    event: contractOf[event.type],
    aggregateId: after.caseId,
    body: {
      case: snapshotOf(after),
      ...(actor ? { actor } : {}),
      ...('note' in event ? { note: event.note } : {}),
      ...('dueOn' in event ? { dueOn: event.dueOn } : {}),
    },
  }
}

/** Keyed by the case (property) or the project (permits), so it follows the events it belongs with. */
export function certificateIssuedRow(
  certificate: SignedCertificateValue,
  issuedAt: string,
  aggregateId: string,
): PendingEvent {
  return { event: CertificateIssuedV1, aggregateId, body: { certificate, issuedAt } }
}

/** Keyed by the project, like the permits it may follow. */
export function certificateRevokedRow(revocation: Revocation, projectId: string, revokedBy: string): PendingEvent {
  return { event: CertificateRevokedV1, aggregateId: projectId, body: { revocation, projectId, revokedBy } }
}

/** 证照异议 raised or answered: keyed by the project, like the certificate it is about. */
export function objectionRow(objection: Objection): PendingEvent {
  return {
    event: objection.status === 'open' ? CertificateObjectionRaisedV1 : CertificateObjectionAnsweredV1,
    aggregateId: objection.projectId,
    body: { objection },
  }
}
