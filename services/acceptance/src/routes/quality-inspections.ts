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
import { type RoutePlugin, unreadableLog, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import {
  type CommandDeps,
  drawQualityRound,
  projectQualityInspections,
  publishedQualityInspections,
  qualityInspections,
  reassignQualityInspection,
  recordQualityResult,
} from '../commands.js'
import { actorOf } from './actor.js'

const Params = Type.Object({ id: Uuid })

/**
 * 工程质量安全监督 "双随机、一公开" — internal routes, called by the gateway only: the supervision body's round,
 * worklist and reassignments (回避 / 改派), an assigned inspector's result, a project's recorded inspections, and the published results, which the
 * gateway forwards with no caller (anyone reads them). docs/quality-supervision.md.
 */
export const qualityInspectionRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  const logUnreadable = unreadableLog()
  app.post(
    '/quality-rounds',
    { schema: { body: DrawQualityRoundBody, response: { 201: QualityRoundResponse } } },
    async (request, reply) =>
      reply.code(201).send(unwrap(await drawQualityRound(deps, actorOf(request), request.body))),
  )
  app.get('/quality-inspections', { schema: { response: { 200: QualityInspectionListResponse } } }, async (request) => {
    const list = unwrap(await qualityInspections(deps, actorOf(request)))
    return { inspections: logUnreadable.without(request.log, list).rows }
  })
  app.post(
    '/quality-inspections/:id/result',
    { schema: { params: Params, body: RecordQualityResultBody, response: { 200: QualityInspectionResponse } } },
    async (request) => ({
      inspection: unwrap(await recordQualityResult(deps, request.params.id, actorOf(request), request.body)),
    }),
  )
  app.post(
    '/quality-inspections/:id/reassign',
    {
      schema: { params: Params, body: ReassignQualityInspectionBody, response: { 200: QualityInspectionResponse } },
    },
    async (request) => ({
      inspection: unwrap(await reassignQualityInspection(deps, request.params.id, actorOf(request), request.body)),
    }),
  )
  app.get(
    '/projects/:id/quality-inspections',
    { schema: { params: Params, response: { 200: PublishedQualityInspectionListResponse } } },
    async (request) => {
      actorOf(request)
      return {
        inspections: logUnreadable.without(request.log, await projectQualityInspections(deps, request.params.id)).rows,
      }
    },
  )
  // 一公开: no caller — the gateway forwards it for anyone, as certificate verification.
  app.get(
    '/quality-inspections/published',
    { schema: { response: { 200: PublishedQualityInspectionListResponse } } },
    async (request) => ({
      inspections: logUnreadable.without(request.log, await publishedQualityInspections(deps)).rows,
    }),
  )
}
