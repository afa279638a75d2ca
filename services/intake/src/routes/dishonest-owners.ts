import {
  CalendarEntryBody,
  DishonestOwnerFilter,
  DishonestOwnerParams,
  ListDishonestOwnerBody,
} from '@onewindow/contracts'
import { logLeftOut } from '@onewindow/messaging'
import { type RoutePlugin, unwrap } from '@onewindow/service-kit'
import {
  type CommandDeps,
  delistOwner,
  dishonestOwnerList,
  listOwnerAsDishonest,
  publishCalendar,
} from '../commands.js'
import { actorOf } from './actor.js'

/** 失信 — the dishonesty list an administrator keeps; listed owners may use neither 容缺 nor 告知承诺. */
export const dishonestOwnerRoutes: RoutePlugin<CommandDeps> = async (app, { commands }) => {
  app.get('/dishonest-owners', { schema: { querystring: DishonestOwnerFilter } }, async (request) => {
    actorOf(request, ['admin', 'supervisor'])
    const { creditCode, limit } = request.query
    return {
      owners: await dishonestOwnerList(commands, { ...(creditCode ? { creditCode } : {}), limit: limit ?? 200 }),
    }
  })

  // Listing an owner already listed answers its first listing: the reason it was listed for is not rewritten.
  app.put(
    '/dishonest-owners/:creditCode',
    { schema: { params: DishonestOwnerParams, body: ListDishonestOwnerBody } },
    async (request) => {
      const actor = actorOf(request, ['admin'])
      const { creditCode } = request.params
      return { owner: unwrap(await listOwnerAsDishonest(commands, creditCode, request.body.reason, actor)) }
    },
  )

  // Answers whether the owner was listed: delisting one that is not changes nothing and is no error.
  app.delete('/dishonest-owners/:creditCode', { schema: { params: DishonestOwnerParams } }, async (request) => {
    const actor = actorOf(request, ['admin'])
    const { creditCode } = request.params
    return { creditCode, delisted: unwrap(await delistOwner(commands, creditCode, actor)) }
  })

  // 国务院办公厅 holiday schedules and regional overlays: intake owns the calendars every service counts with.
  app.post('/admin/calendars', { schema: { body: CalendarEntryBody } }, async (request, reply) => {
    const actor = actorOf(request, ['admin'])
    const { publication, unreadable } = unwrap(await publishCalendar(commands, actor, request.body))
    logLeftOut(request.log, publication.key, unreadable)
    return reply.code(201).send({ publication })
  })
}
