import {
  DelistedOwner,
  DishonestOwnerFilter,
  DishonestOwnerParams,
  DishonestOwnerView,
  ListDishonestOwnerBody,
} from '@onewindow/contracts'
import { Type } from 'typebox'
import { forward, queryString } from '../forward.js'
import { authorised, type RoutePlugin } from './plugin.js'

/**
 * 失信 — the dishonesty list (004:2235), forwarded to intake, which keeps it and refuses a listed owner 容缺 and
 * 告知承诺 at the window (docs/intake.md#the-dishonesty-list-失信). The administrator keeps it, as the calendars and
 * the catalogue; a supervisor reads it.
 */
export const dishonestOwnerRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/admin/dishonest-owners',
    {
      schema: {
        summary:
          'The owners on the dishonesty list (失信), newest listing first, with why and by whom each was listed — admin or supervisor; forwarded to intake',
        tags: ['admin'],
        querystring: DishonestOwnerFilter,
        response: { 200: Type.Object({ owners: Type.Array(DishonestOwnerView) }) },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'dishonest-owners.read' })
      const { creditCode, limit } = request.query
      return forward(reply, deps.intake, {
        method: 'GET',
        path: `/dishonest-owners${queryString({ creditCode, limit })}`,
        actor: request.actor,
      })
    },
  )

  app.put(
    '/admin/dishonest-owners/:creditCode',
    {
      schema: {
        summary:
          'List an owner as dishonest (失信) by 统一社会信用代码, with the reason (1–500 characters): its next applications may use neither 容缺 nor 告知承诺; an owner already listed keeps its first listing — admin; forwarded to intake, audit-logged',
        tags: ['admin'],
        params: DishonestOwnerParams,
        body: ListDishonestOwnerBody,
        response: { 200: Type.Object({ owner: DishonestOwnerView }) },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'dishonest-owners.manage' })
      return forward(reply, deps.intake, {
        method: 'PUT',
        path: `/dishonest-owners/${request.params.creditCode}`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.delete(
    '/admin/dishonest-owners/:creditCode',
    {
      schema: {
        summary:
          'Remove an owner from the dishonesty list (失信): its next applications may use 容缺 and 告知承诺 again; `delisted` says whether it was listed — admin; forwarded to intake, audit-logged',
        tags: ['admin'],
        params: DishonestOwnerParams,
        response: { 200: DelistedOwner },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'dishonest-owners.manage' })
      return forward(reply, deps.intake, {
        method: 'DELETE',
        path: `/dishonest-owners/${request.params.creditCode}`,
        actor: request.actor,
      })
    },
  )
}
