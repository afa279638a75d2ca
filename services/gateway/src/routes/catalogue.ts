import { CatalogueData } from '@onewindow/catalogue'
import {
  ActivateCatalogueBody,
  CatalogueRegionParams,
  CatalogueVersionFilter,
  CatalogueVersionParams,
  CatalogueVersionView,
  UploadCatalogueBody,
} from '@onewindow/contracts'
import { Type } from 'typebox'
import { forward } from '../forward.js'
import { authorised, type RoutePlugin } from './plugin.js'

/**
 * 目录管理 — catalogue versions, forwarded to intake, which owns them (docs/architecture.md#catalogue-versions): an
 * upload answers every problem of the document at once (422 INTAKE_CATALOGUE_INVALID) and stores nothing then.
 */
export const catalogueRoutes: RoutePlugin = async (app, { deps }) => {
  app.post(
    '/admin/catalogue/versions',
    {
      schema: {
        summary:
          "Upload a region's catalogue version (目录): checked over the bundled parents exactly as `onewindow catalogue validate` checks a file, every problem answered at once; stored, not yet active — admin; forwarded to intake",
        tags: ['admin'],
        body: UploadCatalogueBody,
        response: {
          200: Type.Object({ version: CatalogueVersionView }),
          201: Type.Object({ version: CatalogueVersionView }),
        },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'catalogue.manage' })
      return forward(reply, deps.intake, {
        method: 'POST',
        path: '/admin/catalogue/versions',
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.post(
    '/admin/catalogue/versions/:region/:version/activate',
    {
      schema: {
        summary:
          'Activate an uploaded catalogue version from a legal date (today or later): new projects of the region registered from that day take it; projects already registered keep theirs — admin; forwarded to intake',
        tags: ['admin'],
        params: CatalogueVersionParams,
        body: ActivateCatalogueBody,
        response: { 200: Type.Object({ version: CatalogueVersionView }) },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'catalogue.manage' })
      const { region, version } = request.params
      return forward(reply, deps.intake, {
        method: 'POST',
        path: `/admin/catalogue/versions/${region}/${encodeURIComponent(version)}/activate`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.get(
    '/admin/catalogue/versions',
    {
      schema: {
        summary: 'The uploaded catalogue versions, with the day each is active from (null: not activated) — admin',
        tags: ['admin'],
        querystring: CatalogueVersionFilter,
        response: { 200: Type.Object({ versions: Type.Array(CatalogueVersionView) }) },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'catalogue.manage' })
      const query = request.query.region ? `?region=${request.query.region}` : ''
      return forward(reply, deps.intake, {
        method: 'GET',
        path: `/admin/catalogue/versions${query}`,
        actor: request.actor,
      })
    },
  )

  app.get(
    '/catalogue/:region',
    {
      schema: {
        summary:
          'The catalogue a project registered in the region today takes (the version active today, else the bundled one): project types with their eligibility rules, steps, items and materials (容缺, 告知承诺) — clerk or admin; forwarded to intake',
        tags: ['queries'],
        params: CatalogueRegionParams,
        response: { 200: Type.Object({ pin: Type.String(), catalogue: CatalogueData }) },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'catalogue.read' })
      return forward(reply, deps.intake, {
        method: 'GET',
        path: `/catalogue/${request.params.region}`,
        actor: request.actor,
      })
    },
  )
}
