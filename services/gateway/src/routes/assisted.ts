import {
  AssistedCaseListQuery,
  AssistedCaseListResponse,
  AssistedCaseResponse,
  CaseApplicationsResponse,
  ChooseIntermediaryBody,
  CloseAssistedCaseBody,
  DeliverIntermediaryResultBody,
  IntermediaryEngagementListResponse,
  IntermediaryEngagementResponse,
  IntermediaryListResponse,
  OpenAssistedCaseBody,
  RecordVisitBody,
  ScheduleVisitBody,
  Uuid,
} from '@onewindow/contracts'
import { unreadableLog } from '@onewindow/service-kit'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { conforming, eachRow } from '../domain/rows.js'
import { ask, checkedAnswer, forward, queryString } from '../forward.js'
import { CaseNotice, CaseNoticesResponse } from '../http/schemas.js'
import { forwardedCommand } from './forwarded.js'
import { authorised, projectNotFound, projectOwnerOf, type RoutePlugin } from './plugin.js'

const Params = Type.Object({ id: Uuid })
const VisitParams = Type.Object({ id: Uuid, visitId: Uuid })
const caseApplicationsOf = checkedAnswer(CaseApplicationsResponse)
const checkedNotice = conforming(CaseNotice)

/**
 * 帮办代办 and 中介服务 (docs/assisted-service.md). The case and the engagements are read from intake, which owns them
 * with the projects and applications they concern. Roles and the project's owner are checked here; the helper named on
 * a case and the intermediary named on an engagement are checked by intake (404 for anyone else).
 */
export const assistedRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  // The case's applications, asked of intake as the caller: intake authorises by the case (its helper, while open).
  const askCaseApplications = (request: FastifyRequest, reply: FastifyReply, id: string) =>
    ask(reply, deps.intake, { method: 'GET', path: `/assisted-cases/${id}/applications`, actor: request.actor })

  forwardedCommand(app, {
    url: '/projects/:id/assisted-case',
    summary:
      '帮办代办 — the service centre opens the project’s free assisted-service case for an eligible project (city key project, county key project, industrial project in need) and assigns its helper, mode and stages — clerk; forwarded to intake',
    body: OpenAssistedCaseBody,
    response: { 201: AssistedCaseResponse },
    to: deps.intake,
    // A clerk sees every project; intake answers 404 for one it does not know.
    authorise(request) {
      authorised(request, { action: 'assisted-case.open' })
    },
  })

  app.get(
    '/projects/:id/assisted-case',
    {
      schema: {
        summary:
          '帮办代办 — the project’s case: eligibility, mode, stages, helper, the acts done for the owner, follow-up visits — owner of the project, clerk, supervisor, admin, the case’s helper; from intake',
        tags: ['queries'],
        params: Params,
        response: { 200: AssistedCaseResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const row = request.actor.role === 'owner' ? await projectOwnerOf(deps, request, id) : {}
      authorised(request, { action: 'assisted-case.read', ...row }, projectNotFound(id))
      return forward(reply, deps.intake, { method: 'GET', path: `/projects/${id}/assisted-case`, actor: request.actor })
    },
  )

  app.get(
    '/assisted-cases',
    {
      schema: {
        summary:
          '帮办代办 — a page of cases, newest change first (pass `next` back as `cursor`): the helper’s desk, the cases naming the calling helper; the service centre’s list, every case, or one helper’s (`helper`, its sub) or one state’s (`status`) — helper, clerk, supervisor, admin; from intake',
        tags: ['queries'],
        querystring: AssistedCaseListQuery,
        response: { 200: AssistedCaseListResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'assisted-cases.list' })
      return forward(reply, deps.intake, {
        method: 'GET',
        path: `/assisted-cases${queryString(request.query)}`,
        actor: request.actor,
      })
    },
  )

  app.get(
    '/assisted-cases/:id/applications',
    {
      schema: {
        summary:
          '帮办代办 — the applications of the stages the open case covers, each with its receipt and what the owner still owes on it (the 一次性告知’s materials, or the 容缺 ones): what the helper hands in or withdraws for the owner, chosen rather than typed. Authorised by the case (intake: its helper, while open; another helper 404, a closed case 403 INTAKE_ASSIST_NOT_ASSIGNED) — helper; from intake',
        tags: ['queries'],
        params: Params,
        response: { 200: CaseApplicationsResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'assisted-case.applications' })
      const { id } = request.params
      const answer = await askCaseApplications(request, reply, id)
      if (answer.status !== 200) return answer.send()
      return caseApplicationsOf(reply, deps.intake, answer.body)
    },
  )

  app.get(
    '/assisted-cases/:id/notices',
    {
      schema: {
        summary:
          '帮办代办 — the open 补正 notices the case’s helper may answer for the owner: those of the applications in the stages the open case covers, with their application and step. Authorised by the case (intake: its helper, while open; a closed case is 403 INTAKE_ASSIST_NOT_ASSIGNED), not by ownership; a stored notice that cannot be shown is left out and named in `unreadable` — helper; the case from intake, the notices from the read model',
        tags: ['queries'],
        params: Params,
        response: { 200: CaseNoticesResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'assisted-case.notices' })
      const { id } = request.params
      const answer = await askCaseApplications(request, reply, id)
      if (answer.status !== 200) return answer.send()
      const scope = caseApplicationsOf(reply, deps.intake, answer.body)
      const steps = new Map(scope.applications.map((a) => [a.applicationId, a.step]))
      // Read as the owner the helper acts for: the case is the authority, and row-level security still holds the
      // read to that owner's project.
      const notices = await deps
        .read({ role: 'owner', creditCode: scope.ownerCreditCode })
        .openNotices(scope.projectId, [...steps.keys()])
      // Each stored notice checked against its view on its own: a bad one (a request without its reason…) is named in
      // `unreadable` and the helper's other notices answer.
      const rows = eachRow(
        notices,
        'supplement-notice',
        (n) => n.noticeId,
        (n) => {
          const step = steps.get(n.applicationId)
          return step === undefined ? [] : [checkedNotice({ ...n, step })]
        },
      )
      logUnreadable(request.log, rows.unreadable)
      return { caseId: id, projectId: scope.projectId, notices: rows.views, unreadable: rows.unreadable }
    },
  )

  forwardedCommand(app, {
    url: '/assisted-cases/:id/close',
    summary:
      '帮办代办 — the service centre closes the case with its reason: the helper acts for the owner no more and the follow-up visits not recorded end; 409 INTAKE_ASSIST_ANSWER_IN_FLIGHT while a 补正 answer the helper was granted may still land — clerk; forwarded to intake',
    body: CloseAssistedCaseBody,
    response: { 200: AssistedCaseResponse },
    to: deps.intake,
    // A clerk sees every case; intake answers 404 for one it does not know.
    authorise(request) {
      authorised(request, { action: 'assisted-case.close' })
    },
  })

  forwardedCommand(app, {
    url: '/assisted-cases/:id/visits',
    summary:
      '跟踪回访 — the case’s helper schedules a follow-up visit a number of working days ahead; it falls due by the sweep — the helper named on the case; forwarded to intake',
    body: ScheduleVisitBody,
    response: { 200: AssistedCaseResponse },
    to: deps.intake,
    authorise(request) {
      authorised(request, { action: 'assisted-case.visit' })
    },
  })

  app.post(
    '/assisted-cases/:id/visits/:visitId/record',
    {
      schema: {
        summary:
          '跟踪回访 — the case’s helper records what a follow-up visit found, once — the helper named on the case; forwarded to intake',
        tags: ['commands'],
        params: VisitParams,
        body: RecordVisitBody,
        response: { 200: AssistedCaseResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'assisted-case.visit' })
      const { id, visitId } = request.params
      return forward(reply, deps.intake, {
        method: 'POST',
        path: `/assisted-cases/${id}/visits/${visitId}/record`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.get(
    '/intermediary-services',
    {
      schema: {
        summary:
          '中介服务 — the published list of mandatory intermediary services: legal basis, fee nature, and each intermediary’s conditions, time limit, fee and credit grade — owner, helper, clerk, supervisor, admin; from intake',
        tags: ['queries'],
        response: { 200: IntermediaryListResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'intermediaries.list' })
      return forward(reply, deps.intake, { method: 'GET', path: '/intermediary-services', actor: request.actor })
    },
  )

  forwardedCommand(app, {
    url: '/projects/:id/intermediaries',
    summary:
      '中介服务 — the owner chooses, freely, one listed intermediary for one service of its project; its clock (the intermediary’s published limit in working days) starts today — owner of the project only; forwarded to intake',
    body: ChooseIntermediaryBody,
    response: { 201: IntermediaryEngagementResponse },
    to: deps.intake,
    async authorise(request, id) {
      authorised(
        request,
        { action: 'intermediary.choose', ...(await projectOwnerOf(deps, request, id)) },
        projectNotFound(id),
      )
    },
  })

  app.get(
    '/projects/:id/intermediaries',
    {
      schema: {
        summary:
          '中介服务 — the intermediaries the project’s owner chose, with their clocks and results — owner of the project, clerk, supervisor, admin; from intake',
        tags: ['queries'],
        params: Params,
        response: { 200: IntermediaryEngagementListResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const row = request.actor.role === 'owner' ? await projectOwnerOf(deps, request, id) : {}
      authorised(request, { action: 'intermediaries.read', ...row }, projectNotFound(id))
      return forward(reply, deps.intake, {
        method: 'GET',
        path: `/projects/${id}/intermediaries`,
        actor: request.actor,
      })
    },
  )

  app.get(
    '/intermediary-engagements',
    {
      schema: {
        summary:
          '中介服务 — the engagements of the calling intermediary, newest change first — intermediary; from intake',
        tags: ['queries'],
        response: { 200: IntermediaryEngagementListResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'intermediary-engagements.list' })
      return forward(reply, deps.intake, { method: 'GET', path: '/intermediary-engagements', actor: request.actor })
    },
  )

  forwardedCommand(app, {
    url: '/intermediary-engagements/:id/result',
    summary:
      '中介服务 — the chosen intermediary delivers its result, once; its clock stops — the intermediary named on the engagement; forwarded to intake',
    body: DeliverIntermediaryResultBody,
    response: { 200: IntermediaryEngagementResponse },
    to: deps.intake,
    authorise(request) {
      authorised(request, { action: 'intermediary.deliver' })
    },
  })
}
