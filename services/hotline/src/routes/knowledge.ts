import {
  KnowledgeConsultationBody,
  KnowledgeConsultationResponse,
  KnowledgeCreateBody,
  KnowledgeFeedbackAnswerBody,
  KnowledgeFeedbackBody,
  KnowledgeFeedbackListQuery,
  KnowledgeFeedbackListResponse,
  KnowledgeFeedbackResponse,
  KnowledgeIdParams,
  KnowledgeListQuery,
  KnowledgeListResponse,
  KnowledgePointResponse,
  KnowledgeRetireBody,
  KnowledgeReviseBody,
} from '@onewindow/contracts'
import { type RoutePlugin, unreadableLog, unwrap } from '@onewindow/service-kit'
import {
  answerFromKnowledge,
  answerKnowledgeFeedback,
  type CommandDeps,
  createKnowledgePoint,
  getKnowledgePoint,
  listKnowledgeFeedback,
  listKnowledgePoints,
  raiseKnowledgeFeedback,
  retireKnowledgePoint,
  reviseKnowledgePoint,
} from '../commands.js'
import { actorOf } from './actor.js'

/**
 * 知识库 — internal routes, called by the gateway only. Who sees and does what is decided in the commands: a
 * department's reviewer or lead manages its own points; the agent and the supervisor read the points valid today.
 */
export const knowledgeRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  const logUnreadable = unreadableLog()
  app.get(
    '/knowledge',
    { schema: { querystring: KnowledgeListQuery, response: { 200: KnowledgeListResponse } } },
    async (request) =>
      logUnreadable.without(request.log, unwrap(await listKnowledgePoints(deps, actorOf(request), request.query))),
  )

  app.get(
    '/knowledge/:id',
    { schema: { params: KnowledgeIdParams, response: { 200: KnowledgePointResponse } } },
    async (request) => ({ point: unwrap(await getKnowledgePoint(deps, actorOf(request), request.params.id)) }),
  )

  app.post(
    '/knowledge',
    { schema: { body: KnowledgeCreateBody, response: { 201: KnowledgePointResponse } } },
    async (request, reply) => {
      const point = unwrap(await createKnowledgePoint(deps, actorOf(request), request.body))
      return reply.code(201).send({ point })
    },
  )

  app.put(
    '/knowledge/:id',
    { schema: { params: KnowledgeIdParams, body: KnowledgeReviseBody, response: { 200: KnowledgePointResponse } } },
    async (request) => ({
      point: unwrap(await reviseKnowledgePoint(deps, actorOf(request), request.params.id, request.body)),
    }),
  )

  app.post(
    '/knowledge/:id/retire',
    { schema: { params: KnowledgeIdParams, body: KnowledgeRetireBody, response: { 200: KnowledgePointResponse } } },
    async (request) => ({
      point: unwrap(await retireKnowledgePoint(deps, actorOf(request), request.params.id, request.body.version)),
    }),
  )

  app.post(
    '/knowledge/:id/consultations',
    {
      schema: {
        params: KnowledgeIdParams,
        body: KnowledgeConsultationBody,
        response: { 201: KnowledgeConsultationResponse },
      },
    },
    async (request, reply) => {
      const view = unwrap(await answerFromKnowledge(deps, actorOf(request), request.params.id, request.body))
      return reply.code(201).send(view)
    },
  )

  // 知识点反馈 (004:1680–1682): the agent raises, the owning department answers. The router prefers the static
  // `/knowledge/feedback` to `/knowledge/:id`.
  app.get(
    '/knowledge/feedback',
    { schema: { querystring: KnowledgeFeedbackListQuery, response: { 200: KnowledgeFeedbackListResponse } } },
    async (request) =>
      logUnreadable.without(request.log, unwrap(await listKnowledgeFeedback(deps, actorOf(request), request.query))),
  )

  app.post(
    '/knowledge/feedback',
    { schema: { body: KnowledgeFeedbackBody, response: { 201: KnowledgeFeedbackResponse } } },
    async (request, reply) => {
      const feedback = unwrap(await raiseKnowledgeFeedback(deps, actorOf(request), request.body))
      return reply.code(201).send({ feedback })
    },
  )

  app.post(
    '/knowledge/feedback/:id/answer',
    {
      schema: {
        params: KnowledgeIdParams,
        body: KnowledgeFeedbackAnswerBody,
        response: { 200: KnowledgeFeedbackResponse },
      },
    },
    async (request) => ({
      feedback: unwrap(await answerKnowledgeFeedback(deps, actorOf(request), request.params.id, request.body)),
    }),
  )
}
