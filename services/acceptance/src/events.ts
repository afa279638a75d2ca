import {
  AcceptanceClockOverdueV1,
  AcceptanceClockWarnedV1,
  AcceptanceCommitmentBreachedV1,
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
  type EventDefinition,
  SurveyCommissionedV1,
  SurveyCompletedV1,
} from '@onewindow/contracts'
import type { PendingEvent } from '@onewindow/messaging'
import type { Case, CaseEvent } from './domain/case.js'
import type { SurveyChange, SurveyEvent } from './domain/survey.js'

const contractOf: Record<CaseEvent['type'], EventDefinition> = {
  started: AcceptanceStartedV1,
  'inspection-scheduled': AcceptanceInspectionScheduledV1,
  'opinion-recorded': AcceptanceOpinionRecordedV1,
  'rectification-submitted': AcceptanceRectificationSubmittedV1,
  passed: AcceptancePassedV1,
  failed: AcceptanceFailedV1,
  'commitment-kept': AcceptanceCommitmentKeptV1,
  'commitment-breached': AcceptanceCommitmentBreachedV1,
  'commitment-overdue': AcceptanceCommitmentOverdueV1,
  'clock-warned': AcceptanceClockWarnedV1,
  'clock-overdue': AcceptanceClockOverdueV1,
  'result-recorded': AcceptanceResultRecordedV1,
  'filing-issued': AcceptanceFilingIssuedV1,
  'pass-revoked': AcceptancePassRevokedV1,
  'commitment-rectification-reported': AcceptanceCommitmentRectificationReportedV1,
  'commitment-rectification-reviewed': AcceptanceCommitmentRectificationReviewedV1,
  'commitment-rectification-overdue': AcceptanceCommitmentRectificationOverdueV1,
  'commitment-rectification-escalated': AcceptanceCommitmentRectificationEscalatedV1,
}

/** The outbox row of one case event: the contract event carrying the case as it stands after it. */
/** `actor` is absent for what the service does by itself (the overdue report). */
export function caseEventRow(event: CaseEvent, after: Case, actor?: string): PendingEvent {
  const note = 'note' in event ? event.note : undefined
  return {
    event: contractOf[event.type],
    aggregateId: after.caseId,
    body: {
      case: after,
      ...(actor ? { actor } : {}),
      ...('item' in event ? { item: event.item } : {}),
      ...(note ? { note } : {}),
      ...('dueOn' in event ? { dueOn: event.dueOn } : {}),
    },
  }
}

const surveyContractOf: Record<SurveyEvent, EventDefinition> = {
  commissioned: SurveyCommissionedV1,
  completed: SurveyCompletedV1,
}

/** The outbox row of one 多测合一 change: the contract event carrying the whole commission after it. */
export function surveyEventRow(change: SurveyChange, actor?: string): PendingEvent {
  return {
    event: surveyContractOf[change.event],
    aggregateId: change.commission.commissionId,
    body: { commission: change.commission, ...(actor ? { actor } : {}) },
  }
}
