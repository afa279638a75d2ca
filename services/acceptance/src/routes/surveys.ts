import {
  ForwardedCommissionSurveyBody,
  SurveyCommissionListResponse,
  SurveyCommissionResponse,
  SurveyorCommissionListResponse,
  SurveyResultsBody,
  Uuid,
} from '@onewindow/contracts'
import { type RoutePlugin, unreadableLog, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import {
  type CommandDeps,
  commissionProjectSurvey,
  projectSurveys,
  recordSurveyResults,
  surveyorCommissions,
} from '../commands.js'
import { actorOf } from './actor.js'

const Params = Type.Object({ id: Uuid })

/**
 * 多测合一 — internal routes, called by the gateway only: the owner's commission per stage, the surveying unit's
 * results and worklist, and a project's commissions (docs/shared-results.md).
 */
export const surveyRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  const logUnreadable = unreadableLog()
  app.post(
    '/projects/:id/survey-commissions',
    { schema: { params: Params, body: ForwardedCommissionSurveyBody, response: { 201: SurveyCommissionResponse } } },
    async (request, reply) => {
      const commission = unwrap(await commissionProjectSurvey(deps, request.params.id, actorOf(request), request.body))
      return reply.code(201).send({ commission })
    },
  )
  app.get(
    '/projects/:id/survey-commissions',
    { schema: { params: Params, response: { 200: SurveyCommissionListResponse } } },
    async (request) => {
      actorOf(request)
      return { commissions: logUnreadable.without(request.log, await projectSurveys(deps, request.params.id)).rows }
    },
  )
  app.post(
    '/survey-commissions/:id/results',
    { schema: { params: Params, body: SurveyResultsBody, response: { 200: SurveyCommissionResponse } } },
    async (request) => ({
      commission: unwrap(await recordSurveyResults(deps, request.params.id, actorOf(request), request.body)),
    }),
  )
  app.get('/survey-commissions', { schema: { response: { 200: SurveyorCommissionListResponse } } }, async (request) => {
    const { rows, projects } = logUnreadable.without(request.log, await surveyorCommissions(deps, actorOf(request)))
    return { commissions: rows, projects }
  })
}
