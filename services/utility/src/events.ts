import {
  UtilityConnectedV1,
  UtilityJointSurveyCancelledV1,
  UtilityJointSurveyConfirmedV1,
  UtilityJointSurveyProposedV1,
  UtilityPermitsClockOverdueV1,
  UtilityPermitsClockWarnedV1,
  UtilityRequestAdvancedV1,
  UtilityRequestOpenedV1,
  UtilityRestorationDeclaredV1,
  UtilityRestorationReviewedV1,
  UtilityWorksPlanPushedV1,
} from '@onewindow/contracts'
import type { PendingEvent } from '@onewindow/messaging'
import type {
  JointSurveyCancellation,
  JointSurveyConfirmation,
  JointSurveyProposal,
  PermitsClockAlert,
  UtilityRequest,
} from './domain/request.js'

const row =
  (
    event:
      | typeof UtilityRequestOpenedV1
      | typeof UtilityConnectedV1
      | typeof UtilityWorksPlanPushedV1
      | typeof UtilityRestorationDeclaredV1
      | typeof UtilityRestorationReviewedV1,
  ) =>
  (request: UtilityRequest, actor?: string, note?: string): PendingEvent => ({
    event,
    aggregateId: request.requestId,
    body: { request, ...(actor ? { actor } : {}), ...(note ? { note } : {}) },
  })

/** The outbox rows: each carries the request whole as it stands after the change. */
export const openedRow = row(UtilityRequestOpenedV1)
/**
 * A move on, or a permit decided or applied for again; `permits.applied`, the permits the change applied for to their
 * departments (并联审批), for the notifier to tell each department of its own; `permits.decided`, the permit its
 * department decided on the platform with it, for the data-sharing export to write that decision once (docs/spgl.md).
 */
export const advancedRow = (
  request: UtilityRequest,
  actor?: string,
  note?: string,
  permits: {
    applied?: readonly UtilityRequest['permits'][number]['kind'][] | undefined
    decided?: readonly UtilityRequest['permits'][number]['kind'][] | undefined
    /** 容缺受理 or 容缺后补 of one permit: the event moves no step. */
    deficiency?: { kind: UtilityRequest['permits'][number]['kind']; act: 'accepted' | 'supplied' } | undefined
  } = {},
): PendingEvent => ({
  event: UtilityRequestAdvancedV1,
  aggregateId: request.requestId,
  body: {
    request,
    ...(actor ? { actor } : {}),
    ...(note ? { note } : {}),
    ...(permits.applied && permits.applied.length > 0 ? { permitsApplied: [...permits.applied] } : {}),
    // Always, empty when it decides nothing: absent marks an event published before it (the export's legacy rule).
    permitsDecided: [...(permits.decided ?? [])],
    ...(permits.deficiency ? { permitDeficiency: permits.deficiency } : {}),
  },
})
export const connectedRow = row(UtilityConnectedV1)
/** 告知承诺: the plans filed and pushed, the request moved to construction. */
export const worksPlanPushedRow = row(UtilityWorksPlanPushedV1)
/** 修复完成 and 修复验收. */
export const restorationDeclaredRow = row(UtilityRestorationDeclaredV1)
export const restorationReviewedRow = row(UtilityRestorationReviewedV1)

const permitsClockEvents = { warned: UtilityPermitsClockWarnedV1, overdue: UtilityPermitsClockOverdueV1 }
/** A permits-clock alert: raised by the service itself, so no actor; it carries the clock's due day. */
export const permitsClockRow = (a: PermitsClockAlert): PendingEvent => ({
  event: permitsClockEvents[a.kind],
  aggregateId: a.request.requestId,
  body: { request: a.request, note: a.note, dueOn: a.dueOn },
})

/** 联合踏勘 proposed: one event for the project, carrying every request at survey as it stands after. */
export const jointSurveyRow = (projectId: string, proposal: JointSurveyProposal, actor: string): PendingEvent => ({
  event: UtilityJointSurveyProposedV1,
  aggregateId: projectId,
  body: { projectId, jointSurvey: proposal.jointSurvey, requests: proposal.requests, actor },
})

/** 联合踏勘 cancelled: the appointment as it was, the reason, and every request that carried it, each without it. */
export const jointSurveyCancelledRow = (
  projectId: string,
  c: JointSurveyCancellation,
  actor: string,
  cancelledAt: string,
): PendingEvent => ({
  event: UtilityJointSurveyCancelledV1,
  aggregateId: projectId,
  body: { projectId, jointSurvey: c.jointSurvey, requests: c.requests, reason: c.reason, cancelledAt, actor },
})

/** 联合踏勘 confirmed: the appointment with the new confirmation, on every request carrying it. */
export const jointSurveyConfirmedRow = (
  projectId: string,
  c: JointSurveyProposal & { confirmation: JointSurveyConfirmation },
  actor: string,
): PendingEvent => ({
  event: UtilityJointSurveyConfirmedV1,
  aggregateId: projectId,
  body: { projectId, jointSurvey: c.jointSurvey, requests: c.requests, confirmation: c.confirmation, actor },
})
