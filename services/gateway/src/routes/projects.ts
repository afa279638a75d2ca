import { OpenApplicationBody, RegisterProjectBody, Uuid } from '@onewindow/contracts'
import { legalDateOf } from '@onewindow/workdays'
import { Type } from 'typebox'
import { projectStatus, projectView, readableFlow } from '../domain/status.js'
import { visibleStatus } from '../domain/visibility.js'
import { forward } from '../forward.js'
import { FlowStepView, ProjectStatus, ProjectView, Unreadable } from '../http/schemas.js'
import { checkedViewSerializer } from '../http/serializer.js'
import { authorised, projectNotFound, type RoutePlugin, unreadableLog } from './plugin.js'

const Params = Type.Object({ id: Uuid })
const Forwarded = (key: string, description: string) =>
  Type.Object({ [key]: Type.Object({}, { additionalProperties: true, description }) })

export const projectRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  /** Authorises a read of one project: unknown and foreign answer the same 404. */
  const readable = async (request: Parameters<typeof authorised>[0], id: string) => {
    const project = await deps.read.project(id)
    const departments = project && request.actor.role === 'reviewer' ? await deps.read.departmentsOf(id) : []
    authorised(
      request,
      {
        action: 'project.read',
        ...(project ? { row: { ownerCreditCode: project.ownerCreditCode, departments } } : {}),
      },
      projectNotFound(id),
    )
  }

  app.post(
    '/projects',
    {
      schema: {
        summary: 'Register a project (项目登记) — clerk or admin; forwarded to intake',
        tags: ['commands'],
        body: RegisterProjectBody,
        response: { 201: Forwarded('project', 'the project as intake registered it (projectId, …)') },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'project.register' })
      return forward(reply, deps.intake, {
        method: 'POST',
        path: '/projects',
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.post(
    '/projects/:id/applications',
    {
      schema: {
        summary: 'Open one combined application for a step (一窗受理) — clerk; forwarded to intake',
        tags: ['commands'],
        params: Params,
        body: OpenApplicationBody,
        response: {
          201: Forwarded('application', 'the application (applicationId, receiptNumber, outcome, …)'),
        },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'application.open' })
      return forward(reply, deps.intake, {
        method: 'POST',
        path: `/projects/${request.params.id}/applications`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.get(
    '/projects/:id',
    {
      schema: {
        summary: 'A project and its flow, from the read model',
        tags: ['queries'],
        params: Params,
        response: {
          200: Type.Object({
            project: ProjectView,
            flow: Type.Array(FlowStepView),
            currentStep: Type.Union([Type.String(), Type.Null()]),
            unreadable: Type.Array(Unreadable),
          }),
        },
      },
    },
    async (request) => {
      const { id } = request.params
      await readable(request, id)
      const rows = await deps.read.projectWithApplications(id)
      if (!rows) throw projectNotFound(id)()
      const flow = readableFlow(rows.project, rows.applications)
      logUnreadable(request.log, flow.unreadable)
      return { project: projectView(rows.project), ...flow }
    },
  )

  app.get(
    '/projects/:id/status',
    {
      schema: {
        summary:
          'Everything about a project the caller may see (by role: services/gateway/README.md): flow, applications, tasks with clocks evaluated now, alerts, timeline; a stored row that cannot be evaluated is listed in `unreadable` instead',
        tags: ['queries'],
        params: Params,
        response: { 200: ProjectStatus },
      },
      // Each row of the answer is checked against its view before it is sent (domain/rows.ts); the rest is built from
      // typed columns.
      serializerCompiler: checkedViewSerializer,
    },
    async (request) => {
      const { id } = request.params
      // The rows carry what authorisation needs (the owner, the departments with a task), so one read serves both.
      const rows = await deps.read.status(id)
      authorised(
        request,
        {
          action: 'project.read',
          ...(rows ? { row: { ownerCreditCode: rows.project.ownerCreditCode, departments: rows.departments } } : {}),
        },
        projectNotFound(id),
      )
      if (!rows) throw projectNotFound(id)()
      const now = deps.clock.now()
      const status = projectStatus(rows, {
        calendar: deps.calendar,
        today: legalDateOf(now),
        yellowAt: deps.yellowAt,
        now,
      })
      logUnreadable(request.log, status.unreadable)
      return visibleStatus(status, rows.timeline, request.actor)
    },
  )
}
