import {
  CancelJointSurveyBody,
  ConfirmJointSurveyBody,
  DepartmentPermitDecisionBody,
  JointSurveyResponse,
  ProposeJointSurveyBody,
  RestorationReviewBody,
  UtilityActionBody,
  UtilityRequestListQuery,
  UtilityRequestListResponse,
  UtilityRequestParams,
  UtilityRequestResponse,
} from '@onewindow/contracts'
import { type RoutePlugin, unreadableLog, unwrap } from '@onewindow/service-kit'
import {
  actOnRequest,
  type CommandDeps,
  cancelJointSurveyOf,
  confirmJointSurveyOf,
  decidePermitOf,
  getRequest,
  listRequests,
  proposeJointSurveyOf,
  reviewRestorationOf,
} from '../commands.js'
import { actorOf } from './actor.js'

/** Internal routes, called by the gateway only, with the caller in the gateway's signed assertion (`x-onewindow-assertion`). */
export const requestRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  const logUnreadable = unreadableLog()
  app.get(
    '/utility-requests',
    { schema: { querystring: UtilityRequestListQuery, response: { 200: UtilityRequestListResponse } } },
    async (request) => {
      const listed = await listRequests(deps, { provider: request.query.provider, projectId: request.query.project })
      return { requests: logUnreadable.without(request.log, listed).rows }
    },
  )

  app.get(
    '/utility-requests/:id',
    { schema: { params: UtilityRequestParams, response: { 200: UtilityRequestResponse } } },
    async (request) => ({ request: unwrap(await getRequest(deps, request.params.id)) }),
  )

  app.post(
    '/utility-requests/:id/actions',
    { schema: { params: UtilityRequestParams, body: UtilityActionBody, response: { 200: UtilityRequestResponse } } },
    async (request) => {
      const actor = actorOf(request)
      return { request: unwrap(await actOnRequest(deps, request.params.id, actor, request.body)) }
    },
  )

  app.post(
    '/utility-requests/:id/permit-decision',
    {
      schema: {
        params: UtilityRequestParams,
        body: DepartmentPermitDecisionBody,
        response: { 200: UtilityRequestResponse },
      },
    },
    async (request) => {
      // The department decides a permit, not the owner's business: its answer leaves out the owner and the contact.
      const {
        owner: _,
        applicationContact: __,
        ...decided
      } = unwrap(await decidePermitOf(deps, request.params.id, actorOf(request), request.body))
      return { request: decided }
    },
  )

  app.post(
    '/utility-requests/:id/restoration-review',
    {
      schema: { params: UtilityRequestParams, body: RestorationReviewBody, response: { 200: UtilityRequestResponse } },
    },
    async (request) => {
      // The department supervises the works, not the owner's business: its answer leaves out the owner and the
      // application's contact, as its list does (the gateway's GET /pushed-works).
      const {
        owner: _,
        applicationContact: __,
        ...reviewed
      } = unwrap(await reviewRestorationOf(deps, request.params.id, actorOf(request), request.body))
      return { request: reviewed }
    },
  )

  app.post(
    '/utility-requests/:id/joint-survey',
    {
      schema: { params: UtilityRequestParams, body: ProposeJointSurveyBody, response: { 200: JointSurveyResponse } },
    },
    async (request) => unwrap(await proposeJointSurveyOf(deps, request.params.id, actorOf(request), request.body)),
  )

  // Commands, not DELETE: a cancellation carries its reason and is audited like the proposal.
  app.post(
    '/utility-requests/:id/joint-survey/cancellation',
    {
      schema: { params: UtilityRequestParams, body: CancelJointSurveyBody, response: { 200: JointSurveyResponse } },
    },
    async (request) => unwrap(await cancelJointSurveyOf(deps, request.params.id, actorOf(request), request.body)),
  )

  app.post(
    '/utility-requests/:id/joint-survey/confirmation',
    {
      schema: { params: UtilityRequestParams, body: ConfirmJointSurveyBody, response: { 200: JointSurveyResponse } },
    },
    async (request) => unwrap(await confirmJointSurveyOf(deps, request.params.id, actorOf(request), request.body)),
  )
}
