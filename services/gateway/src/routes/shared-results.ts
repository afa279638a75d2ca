import {
  AnswerDrawingReviewBody,
  CommissionSurveyBody,
  DrawingReviewListResponse,
  DrawingReviewResponse,
  SubmitDrawingSetBody,
  SurveyCommissionListResponse,
  SurveyCommissionResponse,
  SurveyorCommissionListResponse,
  SurveyResultsBody,
  TaskDrawingReportResponse,
  Uuid,
} from '@onewindow/contracts'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { forward } from '../forward.js'
import { forwardedCommand } from './forwarded.js'
import {
  authorised,
  heldForAcceptance,
  heldProject,
  projectCopyOf,
  projectNotFound,
  projectOwnerOf,
  type RoutePlugin,
  taskNotFound,
} from './plugin.js'

const Params = Type.Object({ id: Uuid })

/**
 * 联合审图 and 多测合一 (docs/shared-results.md). The review and the commissions are read from the services that own
 * them, like the notifications: they are one project's own documents, never joined with other rows, and the services
 * keep them whole (versions, report, results). Each route checks the role and the project's owner here; the review
 * body and the surveying unit are checked against the unit named on the review or commission by the service.
 */
export const sharedResultsRoutes: RoutePlugin = async (app, { deps }) => {
  // Who reads a project's commissions: its owner, those who see every project, and a reviewer or lead whose
  // department has a task on it. Another department is told the project does not exist (404), as for the project.
  const surveyReadersOf = async (request: FastifyRequest, id: string) => {
    const { role, department } = request.actor
    if (role === 'reviewer' || role === 'lead') {
      const has = department !== undefined && (await deps.read(request.actor).departmentHasTask(id))
      return has ? { row: { departments: [department] } } : {}
    }
    const owner = await projectOwnerOf(deps, request, id)
    return owner.row ? { row: { ...owner.row, departments: [] } } : {}
  }

  forwardedCommand(app, {
    url: '/projects/:id/drawing-review',
    summary:
      "联合审图 — the owner submits its construction-drawing set to the named review body: version 1 opens the project's one review, a re-submission after comments is its next version — owner of the project; forwarded to approval",
    body: SubmitDrawingSetBody,
    response: { 200: DrawingReviewResponse },
    to: deps.approval,
    async authorise(request, id) {
      const { row, stored } = await heldProject(deps, request, id)
      authorised(request, { action: 'drawing-review.submit', ...(row ? { row } : {}) }, projectNotFound(id))
      if (!row) return undefined
      // Approval counts the review on the project's calendar, known from `project.registered` (its copy): a project
      // whose registration it never heard — older than the stream's retention — it keeps from the one sent here.
      if (!stored) return 'held'
      return { with: { project: projectCopyOf(stored) } }
    },
    // Only promised after the gateway's 201, the project is not sent: approval hears of it from its event.
    notYetHeard: 'APPROVAL_PROJECT_NOT_FOUND',
  })

  forwardedCommand(app, {
    url: '/drawing-reviews/:id/answer',
    summary:
      '联合审图 — the review body answers the version under review: comments (the owner re-submits) or the one technical report (fire, civil air defence, telecom) — the review body named on the review; forwarded to approval',
    body: AnswerDrawingReviewBody,
    response: { 200: DrawingReviewResponse },
    to: deps.approval,
    authorise(request) {
      authorised(request, { action: 'drawing-review.answer' })
    },
  })

  app.get(
    '/projects/:id/drawing-review',
    {
      schema: {
        summary:
          "联合审图 — the project's review: its drawing-set versions with their clocks, the report, the tasks decided on it — owner of the project, clerk, supervisor, admin; from approval",
        tags: ['queries'],
        params: Params,
        response: { 200: DrawingReviewResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      authorised(
        request,
        { action: 'shared-results.read', ...(await projectOwnerOf(deps, request, id)) },
        projectNotFound(id),
      )
      return forward(reply, deps.approval, {
        method: 'GET',
        path: `/projects/${id}/drawing-review`,
        actor: request.actor,
      })
    },
  )

  app.get(
    '/drawing-reviews',
    {
      schema: {
        summary:
          '联合审图 — the reviews the calling review body is named on, newest change first — review body; from approval',
        tags: ['queries'],
        response: { 200: DrawingReviewListResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'drawing-reviews.list' })
      return forward(reply, deps.approval, { method: 'GET', path: '/drawing-reviews', actor: request.actor })
    },
  )

  app.get(
    '/tasks/:id/drawing-report',
    {
      schema: {
        summary:
          "联合审图 — the report a department's task decides on, with the subjects its item relies on — reviewer of the task's department; from approval",
        tags: ['queries'],
        params: Params,
        response: { 200: TaskDrawingReportResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const task = await deps.read(request.actor).task(id)
      authorised(request, { action: 'task.drawing-report', ...(task ? { row: task } : {}) }, taskNotFound(id))
      return forward(reply, deps.approval, { method: 'GET', path: `/tasks/${id}/drawing-report`, actor: request.actor })
    },
  )

  forwardedCommand(app, {
    url: '/projects/:id/survey-commissions',
    summary:
      "多测合一 — the owner commissions one surveying unit for one stage (land-planning, permits, completion); the stage's survey items are merged into it — owner of the project; forwarded to acceptance",
    body: CommissionSurveyBody,
    response: { 201: SurveyCommissionResponse },
    to: deps.acceptance,
    async authorise(request, id) {
      const { row, held } = await heldForAcceptance(deps, request, id)
      authorised(request, { action: 'survey.commission', ...(row ? { row } : {}) }, projectNotFound(id))
      return held
    },
    // Acceptance keeps its own copy of the project from `project.registered`, or from the one sent here.
    notYetHeard: 'ACCEPTANCE_PROJECT_NOT_FOUND',
  })

  forwardedCommand(app, {
    url: '/survey-commissions/:id/results',
    summary:
      "多测合一 — the surveying unit records every merged item's result, once; joint acceptance and registration's pre-survey use them — the surveying unit named on the commission; forwarded to acceptance",
    body: SurveyResultsBody,
    response: { 200: SurveyCommissionResponse },
    to: deps.acceptance,
    authorise(request) {
      authorised(request, { action: 'survey.results' })
    },
  })

  app.get(
    '/projects/:id/survey-commissions',
    {
      schema: {
        summary:
          "多测合一 — the project's survey commissions, stage by stage, with their results — owner of the project, clerk, supervisor, admin, a reviewer or lead whose department has a task on the project; from acceptance",
        tags: ['queries'],
        params: Params,
        response: { 200: SurveyCommissionListResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      authorised(
        request,
        { action: 'survey-commissions.read', ...(await surveyReadersOf(request, id)) },
        projectNotFound(id),
      )
      return forward(reply, deps.acceptance, {
        method: 'GET',
        path: `/projects/${id}/survey-commissions`,
        actor: request.actor,
      })
    },
  )

  app.get(
    '/survey-commissions',
    {
      schema: {
        summary:
          '多测合一 — the commissions the calling surveying unit was given, newest change first — surveyor; from acceptance',
        tags: ['queries'],
        response: { 200: SurveyorCommissionListResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'survey-commissions.list' })
      return forward(reply, deps.acceptance, { method: 'GET', path: '/survey-commissions', actor: request.actor })
    },
  )
}
