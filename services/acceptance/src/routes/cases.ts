import {
  AcceptanceCaseResponse,
  AcceptanceLandListResponse,
  type Actor,
  acceptanceCasePart,
  CommitmentRectificationEscalationBody,
  CommitmentRectificationReportBody,
  CommitmentRectificationReviewBody,
  ForwardedOpenAcceptanceBody,
  RecordOpinionBody,
  RecordResultBody,
  ScheduleInspectionBody,
  SubmitRectificationBody,
  Uuid,
  VerifyCommitmentBody,
} from '@onewindow/contracts'
import { type RoutePlugin, unwrap } from '@onewindow/service-kit'
import type { Result } from '@onewindow/vocabulary'
import { Type } from 'typebox'
import {
  type CommandDeps,
  escalateCaseRectification,
  getCase,
  getCaseLandList,
  openAcceptance,
  recordCaseOpinion,
  recordCaseResult,
  reportCaseRectification,
  reviewCaseRectification,
  scheduleCaseInspection,
  submitCaseRectification,
  verifyCaseCommitment,
} from '../commands.js'
import type { Case } from '../domain/case.js'
import { actorOf } from './actor.js'

const answer = (result: Result<Case>) => ({ case: unwrap(result) })

/**
 * A department's command answered with its part of the case (its own items, unless it leads): the opinion and the
 * commitment check are given by departments that may read only that part (as the gateway's reads cut it).
 */
const answerTo = (actor: Actor, result: Result<Case>) => {
  const c = unwrap(result)
  const department = actor.role === 'reviewer' || actor.role === 'lead' ? actor.department : undefined
  return { case: department === undefined ? c : (acceptanceCasePart(c, department) ?? { ...c, items: [] }) }
}

const Params = Type.Object({ id: Uuid })

/**
 * Internal routes, called by the gateway only, with the caller in the gateway's signed assertion (`x-onewindow-assertion`). Problems carry extension
 * members (the missing departments, the case status), so only the success answers have a response schema.
 */
export const caseRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  app.post(
    '/projects/:id/acceptance',
    { schema: { params: Params, body: ForwardedOpenAcceptanceBody, response: { 201: AcceptanceCaseResponse } } },
    async (request, reply) => {
      const actor = actorOf(request)
      const body = answer(await openAcceptance(deps, request.params.id, actor, request.body))
      return reply.code(201).send(body)
    },
  )

  app.post(
    '/acceptance/:id/inspection',
    { schema: { params: Params, body: ScheduleInspectionBody, response: { 200: AcceptanceCaseResponse } } },
    async (request) => answer(await scheduleCaseInspection(deps, request.params.id, actorOf(request), request.body)),
  )

  app.post(
    '/acceptance/:id/opinions',
    { schema: { params: Params, body: RecordOpinionBody, response: { 200: AcceptanceCaseResponse } } },
    async (request) => {
      const actor = actorOf(request)
      return answerTo(actor, await recordCaseOpinion(deps, request.params.id, actor, request.body))
    },
  )

  app.post(
    '/acceptance/:id/rectifications',
    { schema: { params: Params, body: SubmitRectificationBody, response: { 200: AcceptanceCaseResponse } } },
    async (request) => answer(await submitCaseRectification(deps, request.params.id, actorOf(request), request.body)),
  )

  app.post(
    '/acceptance/:id/commitments',
    { schema: { params: Params, body: VerifyCommitmentBody, response: { 200: AcceptanceCaseResponse } } },
    async (request) => {
      const actor = actorOf(request)
      return answerTo(actor, await verifyCaseCommitment(deps, request.params.id, actor, request.body))
    },
  )

  // 整改 of a 告知承诺 breach followed through (004:1860): the owner reports, the item's department reviews, and after
  // 逾期未整改 takes the further measure; domain/case.ts decides who may. The department is answered with its part.
  app.post(
    '/acceptance/:id/commitment-rectification-report',
    { schema: { params: Params, body: CommitmentRectificationReportBody, response: { 200: AcceptanceCaseResponse } } },
    async (request) => answer(await reportCaseRectification(deps, request.params.id, actorOf(request), request.body)),
  )

  app.post(
    '/acceptance/:id/commitment-rectification-review',
    { schema: { params: Params, body: CommitmentRectificationReviewBody, response: { 200: AcceptanceCaseResponse } } },
    async (request) => {
      const actor = actorOf(request)
      return answerTo(actor, await reviewCaseRectification(deps, request.params.id, actor, request.body))
    },
  )

  app.post(
    '/acceptance/:id/commitment-rectification-escalation',
    {
      schema: {
        params: Params,
        body: CommitmentRectificationEscalationBody,
        response: { 200: AcceptanceCaseResponse },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      return answerTo(actor, await escalateCaseRectification(deps, request.params.id, actor, request.body))
    },
  )

  // 结果物: answered, like an opinion, with the department's part of the case.
  app.post(
    '/acceptance/:id/results',
    { schema: { params: Params, body: RecordResultBody, response: { 200: AcceptanceCaseResponse } } },
    async (request) => {
      const actor = actorOf(request)
      return answerTo(actor, await recordCaseResult(deps, request.params.id, actor, request.body))
    },
  )

  app.get(
    '/acceptance/:id',
    { schema: { params: Params, response: { 200: AcceptanceCaseResponse } } },
    async (request) => answer(await getCase(deps, request.params.id)),
  )

  // 用地清单: the list a defect's requirement is checked against, for the departments on the case.
  app.get(
    '/acceptance/:id/land-list',
    { schema: { params: Params, response: { 200: AcceptanceLandListResponse } } },
    async (request) => unwrap(await getCaseLandList(deps, request.params.id, actorOf(request))),
  )
}
