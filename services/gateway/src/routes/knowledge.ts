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
import { forward, queryString } from '../forward.js'
import { authorised, type RoutePlugin } from './plugin.js'

/**
 * 知识库 — forwarded to the hotline service, which owns the knowledge points and scopes them by caller: a department's
 * reviewer or lead manages its own department's points only, the agent and the supervisor read the ones valid today.
 * The points are read from the service, not copied into the read model: they belong to no project's status.
 */
export const knowledgeRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/hotline/knowledge',
    {
      schema: {
        summary:
          "Search the knowledge base (知识库): the agent and the supervisor see every department's points valid today; a reviewer or lead its own department's points in every status",
        tags: ['knowledge'],
        querystring: KnowledgeListQuery,
        response: { 200: KnowledgeListResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'knowledge.read' })
      return forward(reply, deps.hotline, {
        method: 'GET',
        path: `/knowledge${queryString(request.query)}`,
        actor: request.actor,
      })
    },
  )

  app.get(
    '/hotline/knowledge/:id',
    {
      schema: {
        summary:
          "One knowledge point — agent and supervisor (valid today only), reviewer or lead (its own department's)",
        tags: ['knowledge'],
        params: KnowledgeIdParams,
        response: { 200: KnowledgePointResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'knowledge.read' })
      return forward(reply, deps.hotline, {
        method: 'GET',
        path: `/knowledge/${request.params.id}`,
        actor: request.actor,
      })
    },
  )

  app.post(
    '/hotline/knowledge',
    {
      schema: {
        summary:
          "新增 — add a knowledge point for the caller's own department; validity at most 5 years (policy), 1 year (guide, other), 6 months (script) — reviewer, lead",
        tags: ['knowledge'],
        body: KnowledgeCreateBody,
        response: { 201: KnowledgePointResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'knowledge.manage' })
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: '/knowledge',
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.put(
    '/hotline/knowledge/:id',
    {
      schema: {
        summary:
          "修改 — revise the department's own point, or confirm it for a new validity period, at the version read — reviewer, lead",
        tags: ['knowledge'],
        params: KnowledgeIdParams,
        body: KnowledgeReviseBody,
        response: { 200: KnowledgePointResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'knowledge.manage' })
      return forward(reply, deps.hotline, {
        method: 'PUT',
        path: `/knowledge/${request.params.id}`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.post(
    '/hotline/knowledge/:id/retire',
    {
      schema: {
        summary: "下架 — withdraw the department's own point; it is offered and citable no more — reviewer, lead",
        tags: ['knowledge'],
        params: KnowledgeIdParams,
        body: KnowledgeRetireBody,
        response: { 200: KnowledgePointResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'knowledge.manage' })
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: `/knowledge/${request.params.id}/retire`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.post(
    '/hotline/knowledge/:id/consultations',
    {
      schema: {
        summary:
          'A consultation answered directly from a knowledge point valid today: registered and closed at once, citing the point (an expired or withdrawn point is refused) — agent',
        tags: ['knowledge'],
        params: KnowledgeIdParams,
        body: KnowledgeConsultationBody,
        response: { 201: KnowledgeConsultationResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'knowledge.answer' })
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: `/knowledge/${request.params.id}/consultations`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  // 知识点反馈 (docs/hotline.md#knowledge-base, 004:1680–1682).
  app.get(
    '/hotline/knowledge/feedback',
    {
      schema: {
        summary:
          "知识点反馈 — the centre's feedback on knowledge points, open first and soonest due: the agent and the supervisor every department's, a reviewer or lead its own",
        tags: ['knowledge'],
        querystring: KnowledgeFeedbackListQuery,
        response: { 200: KnowledgeFeedbackListResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'knowledge.read' })
      return forward(reply, deps.hotline, {
        method: 'GET',
        path: `/knowledge/feedback${queryString(request.query)}`,
        actor: request.actor,
      })
    },
  )

  app.post(
    '/hotline/knowledge/feedback',
    {
      schema: {
        summary:
          '知识点反馈 — raise feedback on a point (error, omission, outdated, unclear) or ask a department for a new one; the department answers within 2 working days, 1 when urgent (突发事项) — agent',
        tags: ['knowledge'],
        body: KnowledgeFeedbackBody,
        response: { 201: KnowledgeFeedbackResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'knowledge.feedback' })
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: '/knowledge/feedback',
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.post(
    '/hotline/knowledge/feedback/:id/answer',
    {
      schema: {
        summary:
          "Answer the centre's feedback: the point added, revised or withdrawn since, or why nothing needed doing; late answers are taken and marked — reviewer, lead of the department",
        tags: ['knowledge'],
        params: KnowledgeIdParams,
        body: KnowledgeFeedbackAnswerBody,
        response: { 200: KnowledgeFeedbackResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'knowledge.manage' })
      return forward(reply, deps.hotline, {
        method: 'POST',
        path: `/knowledge/feedback/${request.params.id}/answer`,
        actor: request.actor,
        body: request.body,
      })
    },
  )
}
