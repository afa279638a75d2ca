import {
  AreaListResponse,
  AreaResponse,
  ChecklistQuery,
  ChecklistResponse,
  LinkAreaBody,
  LinkPlotBody,
  PlotListResponse,
  PlotResponse,
  ProjectLandResponse,
  PublishAreaBody,
  PublishPlotBody,
  Uuid,
} from '@onewindow/contracts'
import { Type } from 'typebox'
import { forward } from '../forward.js'
import { forwardedCommand } from './forwarded.js'
import { authorised, projectNotFound, projectOwnerOf, type RoutePlugin } from './plugin.js'

const Params = Type.Object({ id: Uuid })
const RegionFilter = Type.Object(
  { region: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: 'region code (six digits)' })) },
  { additionalProperties: false },
)

/**
 * 区域评估 and 用地清单 (docs/shared-results.md). Areas, plots and a project's land are intake's: the checklist it
 * gives at the window follows from them, so they are read from intake like the catalogue is.
 */
export const landRoutes: RoutePlugin = async (app, { deps }) => {
  for (const [url, body, response, summary] of [
    [
      '/areas',
      PublishAreaBody,
      AreaResponse,
      '区域评估 — publish an area (park or reserve land) with its regional-assessment results and its exception list — admin, for the city; forwarded to intake',
    ],
    [
      '/plots',
      PublishPlotBody,
      PlotResponse,
      "用地清单 — publish a plot's land-condition list with its sale (planning conditions, assessments, design points, indicators, greening, connection points) — admin, for the city; forwarded to intake",
    ],
  ] as const) {
    app.post(
      url,
      { schema: { summary, tags: ['commands'], body, response: { 201: response } } },
      async (request, reply) => {
        authorised(request, { action: 'land.publish' })
        return forward(reply, deps.intake, { method: 'POST', path: url, actor: request.actor, body: request.body })
      },
    )
  }

  for (const [url, response, summary] of [
    [
      '/areas',
      AreaListResponse,
      '区域评估 — the published areas, newest first — admin, clerk, supervisor; from intake',
    ],
    [
      '/plots',
      PlotListResponse,
      '用地清单 — the published plots, newest first — admin, clerk, supervisor; from intake',
    ],
  ] as const) {
    app.get(
      url,
      { schema: { summary, tags: ['queries'], querystring: RegionFilter, response: { 200: response } } },
      async (request, reply) => {
        authorised(request, { action: 'land.list' })
        const region = (request.query as { region?: string }).region
        return forward(reply, deps.intake, {
          method: 'GET',
          path: region ? `${url}?region=${region}` : url,
          actor: request.actor,
        })
      },
    )
  }

  forwardedCommand(app, {
    url: '/projects/:id/area',
    summary:
      '区域评估 — locate the project in an assessed area: its applications no longer ask for what the area covers — clerk or admin; forwarded to intake',
    body: LinkAreaBody,
    response: { 200: ProjectLandResponse },
    to: deps.intake,
    authorise(request) {
      authorised(request, { action: 'land.link' })
    },
  })

  forwardedCommand(app, {
    url: '/projects/:id/plot',
    summary:
      "用地清单 — link the project's land: the plot's land-condition list is attached (and its area, when it lies in one) — clerk or admin; forwarded to intake",
    body: LinkPlotBody,
    response: { 200: ProjectLandResponse },
    to: deps.intake,
    authorise(request) {
      authorised(request, { action: 'land.link' })
    },
  })

  app.get(
    '/projects/:id/land',
    {
      schema: {
        summary:
          "区域评估 and 用地清单 — the project's area with its results and the plot's land-condition list — owner of the project, clerk, supervisor, admin; from intake",
        tags: ['queries'],
        params: Params,
        response: { 200: ProjectLandResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      authorised(
        request,
        { action: 'shared-results.read', ...(await projectOwnerOf(deps, request, id)) },
        projectNotFound(id),
      )
      return forward(reply, deps.intake, { method: 'GET', path: `/projects/${id}/land`, actor: request.actor })
    },
  )

  app.get(
    '/projects/:id/checklist',
    {
      schema: {
        summary:
          "The step's material checklist for this project: the catalogue's materials and assessment reports, less those its area covers and those its intermediaries delivered, each cited — owner of the project, clerk, supervisor, admin; from intake",
        tags: ['queries'],
        params: Params,
        querystring: ChecklistQuery,
        response: { 200: ChecklistResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      authorised(
        request,
        { action: 'shared-results.read', ...(await projectOwnerOf(deps, request, id)) },
        projectNotFound(id),
      )
      return forward(reply, deps.intake, {
        method: 'GET',
        path: `/projects/${id}/checklist?step=${encodeURIComponent(request.query.step)}`,
        actor: request.actor,
      })
    },
  )
}
