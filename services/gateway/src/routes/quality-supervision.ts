import {
  DrawQualityRoundBody,
  PublishedQualityInspectionListResponse,
  QualityInspectionListResponse,
  QualityInspectionResponse,
  QualityRoundResponse,
  ReassignQualityInspectionBody,
  RecordQualityResultBody,
  Uuid,
} from '@onewindow/contracts'
import { Type } from 'typebox'
import { forward } from '../forward.js'
import { forwardedCommand } from './forwarded.js'
import { authorised, projectNotFound, projectOwnerOf, type RoutePlugin } from './plugin.js'

const Params = Type.Object({ id: Uuid })

/**
 * 工程质量安全监督 "双随机、一公开" (004:1856, docs/quality-supervision.md). The supervision body — a reviewer of the
 * housing department, which acceptance checks — draws a round and records results; the owner reads its project's
 * recorded inspections. Acceptance owns the inspections and is asked for them, like the survey commissions.
 */
export const qualitySupervisionRoutes: RoutePlugin = async (app, { deps }) => {
  app.post(
    '/quality-rounds',
    {
      schema: {
        summary:
          '双随机 — the supervision body draws a round: projects from those under supervision (construction permit granted), weighted by risk grade, and inspectors from its pool — a reviewer of the housing department; forwarded to acceptance',
        tags: ['commands'],
        body: DrawQualityRoundBody,
        response: { 201: QualityRoundResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'quality-round.draw' })
      return forward(reply, deps.acceptance, {
        method: 'POST',
        path: '/quality-rounds',
        actor: request.actor,
        body: request.body,
      })
    },
  )

  forwardedCommand(app, {
    url: '/quality-inspections/:id/result',
    summary:
      '一公开 — an inspector the round drew records the result, once: 合格, or 责令整改 with the items; published from then on — an assigned inspector (a reviewer of the housing department); forwarded to acceptance',
    body: RecordQualityResultBody,
    response: { 200: QualityInspectionResponse },
    to: deps.acceptance,
    // Acceptance checks the caller is one of the inspection's drawn inspectors.
    authorise(request) {
      authorised(request, { action: 'quality-inspection.record' })
    },
  })

  forwardedCommand(app, {
    url: '/quality-inspections/:id/reassign',
    summary:
      '回避 / 改派 — the supervision body replaces one inspector of an inspection waiting for its result, with a reason; the replacement is drawn at random from the rest of the round’s pool, never named — a reviewer of the housing department; forwarded to acceptance',
    body: ReassignQualityInspectionBody,
    response: { 200: QualityInspectionResponse },
    to: deps.acceptance,
    // Acceptance checks the department and the caller's region.
    authorise(request) {
      authorised(request, { action: 'quality-inspection.reassign' })
    },
  })

  app.get(
    '/quality-inspections',
    {
      schema: {
        summary:
          "双随机 — the supervision body's inspections, newest draw first: the assignments and the results — a reviewer of the housing department; from acceptance",
        tags: ['queries'],
        response: { 200: QualityInspectionListResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'quality-inspections.list' })
      return forward(reply, deps.acceptance, { method: 'GET', path: '/quality-inspections', actor: request.actor })
    },
  )

  app.get(
    '/projects/:id/quality-inspections',
    {
      schema: {
        summary:
          "一公开 — the project's recorded quality-safety inspections, oldest first — owner of the project, clerk, supervisor, admin; from acceptance",
        tags: ['queries'],
        params: Params,
        response: { 200: PublishedQualityInspectionListResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      authorised(
        request,
        { action: 'quality-inspections.read', ...(await projectOwnerOf(deps, request, id)) },
        projectNotFound(id),
      )
      return forward(reply, deps.acceptance, {
        method: 'GET',
        path: `/projects/${id}/quality-inspections`,
        actor: request.actor,
      })
    },
  )
}

/** 一公开: the published results, for anyone — no token, no actor sent, like certificate verification. */
export const publishedQualityRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/quality-inspections/published',
    {
      schema: {
        summary:
          '一公开 — the published results of the quality-safety inspections (双随机), newest first — anyone, no token needed; from acceptance',
        tags: ['queries'],
        response: { 200: PublishedQualityInspectionListResponse },
      },
    },
    async (_request, reply) =>
      forward(reply, deps.acceptance, { method: 'GET', path: '/quality-inspections/published' }),
  )
}
