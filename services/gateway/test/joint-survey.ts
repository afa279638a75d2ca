import {
  type EventBody,
  ProjectRegisteredV1,
  UtilityJointSurveyCancelledV1,
  UtilityJointSurveyConfirmedV1,
  UtilityJointSurveyProposedV1,
  UtilityRequestOpenedV1,
} from '@onewindow/contracts'
import { owners, projectRegistered, utilityRequest } from './events.js'
import type { GatewayWorld } from './world.js'

// 联合踏勘 as the utility service publishes it, for the gateway's tests of the read model and the live stream: one
// Foshan project with water's and power's requests at survey, and the joint-survey events on both.

type Request = ReturnType<typeof utilityRequest>
type JointSurvey = EventBody<typeof UtilityJointSurveyProposedV1>['jointSurvey']

/** Water's appointment for 6 March, proposed on the 4th. */
export const jointSurvey = {
  day: '2026-03-06',
  time: '9:00-11:00',
  place: '项目东门',
  contact: '王工 13800000000',
  proposedBy: 'water' as const,
  proposedAt: '2026-03-04T02:00:00.000Z',
} satisfies JointSurvey

/** A Foshan project with water's and power's requests opened at survey, published. */
export async function waterAndPower(w: GatewayWorld) {
  const project = projectRegistered({ owner: owners.foshan })
  await w.publish(ProjectRegisteredV1, project)
  const water = utilityRequest(project.projectId, { provider: 'water' })
  const power = utilityRequest(project.projectId, { provider: 'power', line: { lengthM: 80, voltageKv: 10 } })
  await w.publish(UtilityRequestOpenedV1, { request: water }, { request: power })
  return { project, water, power }
}

/** Each request as a joint-survey event leaves it: its next version, carrying `survey` (none, when cancelled). */
const after = (requests: readonly Request[], at: string, survey: JointSurvey | undefined) =>
  requests.map(({ jointSurvey: _, ...r }) => ({
    ...r,
    version: r.version + 1,
    updatedAt: at,
    ...(survey ? { jointSurvey: survey } : {}),
  }))

/** Publishes water's proposal on `requests`; answers them as they stand after. */
export async function proposed(w: GatewayWorld, projectId: string, requests: readonly Request[]) {
  const rows = after(requests, jointSurvey.proposedAt, jointSurvey)
  await w.publish(UtilityJointSurveyProposedV1, { projectId, jointSurvey, requests: rows, actor: 'staff-water' })
  return rows
}

/** Publishes power's confirmation, through `confirming`, of the appointment `requests` carry. */
export async function confirmed(w: GatewayWorld, projectId: string, requests: readonly Request[], confirming: Request) {
  const confirmation = {
    requestId: confirming.requestId,
    provider: confirming.provider,
    confirmedAt: '2026-03-04T03:00:00.000Z',
  }
  const survey = { ...jointSurvey, confirmations: [confirmation] }
  const rows = after(requests, confirmation.confirmedAt, survey)
  await w.publish(UtilityJointSurveyConfirmedV1, {
    projectId,
    jointSurvey: survey,
    requests: rows,
    confirmation,
    actor: `staff-${confirming.provider}`,
  })
  return { rows, survey }
}

/** Publishes water's cancellation of its appointment on `requests`, with its reason. */
export async function cancelled(w: GatewayWorld, projectId: string, requests: readonly Request[], reason: string) {
  const cancelledAt = '2026-03-05T01:00:00.000Z'
  const rows = after(requests, cancelledAt, undefined)
  await w.publish(UtilityJointSurveyCancelledV1, {
    projectId,
    jointSurvey,
    requests: rows,
    reason,
    cancelledAt,
    actor: 'staff-water',
  })
  return rows
}
