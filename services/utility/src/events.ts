import {
  UtilityConnectedV1,
  UtilityJointSurveyProposedV1,
  UtilityPermitsClockOverdueV1,
  UtilityPermitsClockWarnedV1,
  UtilityRequestAdvancedV1,
  UtilityRequestOpenedV1,
} from '@onewindow/contracts'
import type { PendingEvent } from '@onewindow/messaging'
import type { JointSurveyProposal, PermitsClockAlert, UtilityRequest } from './domain/request.js'

const row =
  (
    event:
      | typeof UtilityRequestOpenedV1
      | typeof UtilityRequestAdvancedV1
      | typeof UtilityConnectedV1
      | typeof UtilityPermitsClockWarnedV1
      | typeof UtilityPermitsClockOverdueV1,
  ) =>
  (request: UtilityRequest, actor?: string, note?: string): PendingEvent => ({
    event,
    aggregateId: request.requestId,
    body: { request, ...(actor ? { actor } : {}), ...(note ? { note } : {}) },
  })

/** The outbox rows: each carries the request whole as it stands after the change. */
export const openedRow = row(UtilityRequestOpenedV1)
export const advancedRow = row(UtilityRequestAdvancedV1)
export const connectedRow = row(UtilityConnectedV1)

const permitsClockRows = {
  warned: row(UtilityPermitsClockWarnedV1),
  overdue: row(UtilityPermitsClockOverdueV1),
}
/** A permits-clock alert: raised by the service itself, so no actor. */
export const permitsClockRow = (a: PermitsClockAlert): PendingEvent =>
  permitsClockRows[a.kind](a.request, undefined, a.note)

/** 联合踏勘 proposed: one event for the project, carrying every request at survey as it stands after. */
export const jointSurveyRow = (projectId: string, proposal: JointSurveyProposal, actor: string): PendingEvent => ({
  event: UtilityJointSurveyProposedV1,
  aggregateId: projectId,
  body: { projectId, jointSurvey: proposal.jointSurvey, requests: proposal.requests, actor },
})
