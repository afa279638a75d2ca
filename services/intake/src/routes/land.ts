import {
  ChecklistQuery,
  LinkAreaBody,
  LinkPlotBody,
  PublishAreaBody,
  PublishPlotBody,
  Uuid,
} from '@onewindow/contracts'
import { type RoutePlugin, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import {
  areasOf,
  type CommandDeps,
  checklist,
  linkArea,
  linkPlot,
  plotsOf,
  projectLand,
  publishArea,
  publishPlot,
} from '../commands.js'
import { actorOf } from './actor.js'

const Params = Type.Object({ id: Uuid })
const RegionFilter = Type.Object(
  { region: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) },
  { additionalProperties: false },
)

/**
 * 区域评估 and 用地清单: the city (an administrator acting for the local government, 004:2265 由项目所在地政府统筹开展)
 * publishes areas and plots; the window links a project's land; the checklist follows from it.
 */
export const landRoutes: RoutePlugin<CommandDeps> = async (app, { commands }) => {
  app.post('/areas', { schema: { body: PublishAreaBody } }, async (request, reply) => {
    const actor = actorOf(request, ['admin'])
    return reply.code(201).send({ area: unwrap(await publishArea(commands, actor, request.body)) })
  })

  app.post('/plots', { schema: { body: PublishPlotBody } }, async (request, reply) => {
    const actor = actorOf(request, ['admin'])
    return reply.code(201).send({ plot: unwrap(await publishPlot(commands, actor, request.body)) })
  })

  app.get('/areas', { schema: { querystring: RegionFilter } }, async (request) => {
    actorOf(request, ['admin', 'clerk', 'supervisor'])
    return { areas: await areasOf(commands, request.query.region) }
  })

  app.get('/plots', { schema: { querystring: RegionFilter } }, async (request) => {
    actorOf(request, ['admin', 'clerk', 'supervisor'])
    return { plots: await plotsOf(commands, request.query.region) }
  })

  app.post('/projects/:id/area', { schema: { params: Params, body: LinkAreaBody } }, async (request) => {
    const actor = actorOf(request, ['clerk', 'admin'])
    return { land: unwrap(await linkArea(commands, request.params.id, actor, request.body.areaId)) }
  })

  app.post('/projects/:id/plot', { schema: { params: Params, body: LinkPlotBody } }, async (request) => {
    const actor = actorOf(request, ['clerk', 'admin'])
    return { land: unwrap(await linkPlot(commands, request.params.id, actor, request.body.plotId)) }
  })

  app.get('/projects/:id/land', { schema: { params: Params } }, async (request) => {
    actorOf(request, ['owner', 'clerk', 'supervisor', 'admin'])
    return { land: unwrap(await projectLand(commands, request.params.id)) }
  })

  app.get('/projects/:id/checklist', { schema: { params: Params, querystring: ChecklistQuery } }, async (request) => {
    actorOf(request, ['owner', 'clerk', 'supervisor', 'admin'])
    return unwrap(await checklist(commands, request.params.id, request.query.step))
  })
}
