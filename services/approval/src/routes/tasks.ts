import {
  AnswerDrawingReviewBody,
  DrawingReviewListResponse,
  DrawingReviewResponse,
  ForwardedDrawingSetBody,
  LeadNoticeBody,
  OnBehalfOf,
  RectificationEscalationBody,
  RectificationReportBody,
  RectificationReviewBody,
  RespondSupervisionBody,
  StepClocks,
  StepExtensionBody,
  SuperviseTaskBody,
  SupplementAnswerBody,
  SupplementNoticeIssuedV1,
  TaskActionBody,
  TaskCommitmentBody,
  TaskDeficiencyFindingBody,
  TaskDrawingReportResponse,
  TaskSnapshot,
  Uuid,
  WithdrawApplicationBody,
} from '@onewindow/contracts'
import { type RoutePlugin, unreadableLog, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import {
  actOnTask,
  answerDrawingReview,
  answerSupplement,
  type CommandDeps,
  drawingReportOfTask,
  escalateRectification,
  extendStepClock,
  getDrawingReview,
  getTask,
  issueLeadNotice,
  recordDeficiencyFinding,
  reportRectification,
  respondToSupervision,
  reviewRectification,
  reviewsOfBody,
  submitDrawingSet,
  superviseTask,
  verifyTaskCommitment,
  withdrawApplication,
} from '../commands.js'
import { actorOf } from './actor.js'

const TaskParams = Type.Object({ id: Uuid })
const TaskResponse = Type.Object({ task: TaskSnapshot })
/** The gateway's 补正 answer: the owner's body, and for a case's helper, on whose behalf (from intake's case). */
const AnswerBody = Type.Object(
  { ...SupplementAnswerBody.properties, onBehalfOf: Type.Optional(OnBehalfOf) },
  { additionalProperties: false },
)

/**
 * Internal routes, called by the gateway only, with the caller in the gateway's signed assertion (`x-onewindow-assertion`). Problems carry extension
 * members (the task's current state, the missing materials), so only the 200 answers have a response schema.
 */
export const taskRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  app.get('/tasks/:id', { schema: { params: TaskParams, response: { 200: TaskResponse } } }, async (request) => ({
    task: unwrap(await getTask(deps, request.params.id)),
  }))

  app.post(
    '/tasks/:id/actions',
    { schema: { params: TaskParams, body: TaskActionBody, response: { 200: TaskResponse } } },
    async (request) => {
      const actor = actorOf(request)
      return { task: unwrap(await actOnTask(deps, request.params.id, actor, request.body)) }
    },
  )

  // 督办 (跟踪督办): the supervisor issues, a reviewer of the task's department answers (domain/task.ts decides both).
  app.post(
    '/tasks/:id/supervisions',
    { schema: { params: TaskParams, body: SuperviseTaskBody, response: { 200: TaskResponse } } },
    async (request) => ({ task: unwrap(await superviseTask(deps, request.params.id, actorOf(request), request.body)) }),
  )

  app.post(
    '/tasks/:id/supervisions/:supervisionId/response',
    {
      schema: {
        params: Type.Object({ id: Uuid, supervisionId: Uuid }),
        body: RespondSupervisionBody,
        response: { 200: TaskResponse },
      },
    },
    async (request) => {
      const { id, supervisionId } = request.params
      return { task: unwrap(await respondToSupervision(deps, id, supervisionId, actorOf(request), request.body)) }
    },
  )

  app.post(
    '/applications/:id/supplement-answers',
    {
      schema: {
        params: TaskParams,
        body: AnswerBody,
        response: {
          200: Type.Object({ notice: SupplementNoticeIssuedV1.schema, tasks: Type.Array(TaskSnapshot) }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      return unwrap(await answerSupplement(deps, request.params.id, actor, request.body))
    },
  )

  app.post(
    '/applications/:id/supplement-notice',
    {
      schema: {
        params: TaskParams,
        body: LeadNoticeBody,
        response: {
          200: Type.Object({ notice: SupplementNoticeIssuedV1.schema, tasks: Type.Array(TaskSnapshot) }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      return unwrap(await issueLeadNotice(deps, request.params.id, actor, request.body))
    },
  )

  app.post(
    '/tasks/:id/commitment',
    { schema: { params: TaskParams, body: TaskCommitmentBody, response: { 200: TaskResponse } } },
    async (request) => {
      const actor = actorOf(request)
      return { task: unwrap(await verifyTaskCommitment(deps, request.params.id, actor, request.body)) }
    },
  )

  app.post(
    '/tasks/:id/deficiency-finding',
    { schema: { params: TaskParams, body: TaskDeficiencyFindingBody, response: { 200: TaskResponse } } },
    async (request) => {
      const actor = actorOf(request)
      return { task: unwrap(await recordDeficiencyFinding(deps, request.params.id, actor, request.body)) }
    },
  )

  // 整改 followed through (004:1860): the owner reports, the finding's department reviews, and after 逾期未整改 takes
  // the further measure; domain/task.ts decides who may (the step's owner; a reviewer of the task's department).
  app.post(
    '/tasks/:id/rectification-report',
    { schema: { params: TaskParams, body: RectificationReportBody, response: { 200: TaskResponse } } },
    async (request) => ({
      task: unwrap(await reportRectification(deps, request.params.id, actorOf(request), request.body)),
    }),
  )

  app.post(
    '/tasks/:id/rectification-review',
    { schema: { params: TaskParams, body: RectificationReviewBody, response: { 200: TaskResponse } } },
    async (request) => ({
      task: unwrap(await reviewRectification(deps, request.params.id, actorOf(request), request.body)),
    }),
  )

  app.post(
    '/tasks/:id/rectification-escalation',
    { schema: { params: TaskParams, body: RectificationEscalationBody, response: { 200: TaskResponse } } },
    async (request) => ({
      task: unwrap(await escalateRectification(deps, request.params.id, actorOf(request), request.body)),
    }),
  )

  app.post(
    '/applications/:id/step-extension',
    {
      schema: {
        params: TaskParams,
        body: StepExtensionBody,
        response: {
          200: Type.Object({ applicationId: Uuid, step: Type.Optional(Type.String()), clocks: StepClocks }),
        },
      },
    },
    async (request) => unwrap(await extendStepClock(deps, request.params.id, actorOf(request), request.body)),
  )

  app.post(
    '/applications/:id/withdrawal',
    {
      schema: {
        params: TaskParams,
        body: WithdrawApplicationBody,
        response: {
          200: Type.Object({
            applicationId: Uuid,
            step: Type.Optional(Type.String()),
            withdrawnAt: Type.String(),
            tasks: Type.Array(TaskSnapshot),
          }),
        },
      },
    },
    async (request) => unwrap(await withdrawApplication(deps, request.params.id, actorOf(request), request.body)),
  )
}

const ProjectParams = Type.Object({ id: Uuid })

/**
 * 联合审图 — internal routes, called by the gateway only: the owner's drawing set, the review body's answer and
 * worklist, the project's review, and the report a department's task decides on (docs/shared-results.md).
 */
export const drawingReviewRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  const logUnreadable = unreadableLog()
  app.post(
    '/projects/:id/drawing-review',
    { schema: { params: ProjectParams, body: ForwardedDrawingSetBody, response: { 200: DrawingReviewResponse } } },
    async (request) => ({
      review: unwrap(await submitDrawingSet(deps, request.params.id, actorOf(request), request.body)),
    }),
  )
  app.get(
    '/projects/:id/drawing-review',
    { schema: { params: ProjectParams, response: { 200: DrawingReviewResponse } } },
    async (request) => {
      actorOf(request)
      return { review: unwrap(await getDrawingReview(deps, request.params.id)) }
    },
  )
  app.post(
    '/drawing-reviews/:id/answer',
    { schema: { params: ProjectParams, body: AnswerDrawingReviewBody, response: { 200: DrawingReviewResponse } } },
    async (request) => ({
      review: unwrap(await answerDrawingReview(deps, request.params.id, actorOf(request), request.body)),
    }),
  )
  app.get('/drawing-reviews', { schema: { response: { 200: DrawingReviewListResponse } } }, async (request) => {
    const { rows, projects } = logUnreadable.without(request.log, await reviewsOfBody(deps, actorOf(request)))
    return { reviews: rows, projects }
  })
  app.get(
    '/tasks/:id/drawing-report',
    { schema: { params: ProjectParams, response: { 200: TaskDrawingReportResponse } } },
    async (request) => unwrap(await drawingReportOfTask(deps, request.params.id, actorOf(request))),
  )
}
