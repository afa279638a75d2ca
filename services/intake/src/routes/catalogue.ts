import {
  ActivateCatalogueBody,
  CATALOGUE_UPLOAD_BYTES,
  CatalogueRegionParams,
  CatalogueVersionFilter,
  CatalogueVersionParams,
  UploadCatalogueBody,
} from '@onewindow/contracts'
import { type RoutePlugin, unreadableLog, unwrap } from '@onewindow/service-kit'
import {
  activateCatalogueVersion,
  type CommandDeps,
  catalogueInEffect,
  catalogueVersions,
  uploadCatalogueVersion,
} from '../commands.js'
import { actorOf } from './actor.js'

/** 目录管理 — an administrator uploads a region's catalogue version, activates it from a date, and lists them. */
export const catalogueRoutes: RoutePlugin<CommandDeps> = async (app, { commands }) => {
  // A stored version whose dates do not read is left out of every answer here and logged once (kind, id, reason).
  const logUnreadable = unreadableLog()
  app.post(
    '/admin/catalogue/versions',
    { bodyLimit: CATALOGUE_UPLOAD_BYTES, schema: { body: UploadCatalogueBody } },
    async (request, reply) => {
      const actor = actorOf(request, ['admin'])
      const { version, created } = unwrap(await uploadCatalogueVersion(commands, actor, request.body.document))
      return reply.code(created ? 201 : 200).send({ version })
    },
  )

  app.post(
    '/admin/catalogue/versions/:region/:version/activate',
    { schema: { params: CatalogueVersionParams, body: ActivateCatalogueBody } },
    async (request) => {
      const actor = actorOf(request, ['admin'])
      const { region, version } = request.params
      const activeFrom = request.body.activeFrom
      const activated = await activateCatalogueVersion(commands, actor, { region, version, activeFrom })
      logUnreadable(request.log, activated.unreadable)
      return { version: unwrap(activated) }
    },
  )

  app.get('/admin/catalogue/versions', { schema: { querystring: CatalogueVersionFilter } }, async (request) => {
    actorOf(request, ['admin'])
    return {
      versions: logUnreadable.without(request.log, await catalogueVersions(commands, request.query.region)).rows,
    }
  })

  // 一窗受理: the window chooses a project's type, step and materials from the catalogue the project would take today.
  app.get('/catalogue/:region', { schema: { params: CatalogueRegionParams } }, async (request) => {
    actorOf(request, ['clerk', 'admin'])
    const inEffect = await catalogueInEffect(commands, request.params.region)
    logUnreadable(request.log, inEffect.unreadable)
    return unwrap(inEffect)
  })
}
