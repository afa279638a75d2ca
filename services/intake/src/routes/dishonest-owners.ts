import { CalendarEntryBody, CreditCode } from '@onewindow/contracts'
import { logLeftOut } from '@onewindow/messaging'
import { type RoutePlugin, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { type CommandDeps, delistOwner, listOwnerAsDishonest, publishCalendar } from '../commands.js'
import { actorOf } from './actor.js'

const Params = Type.Object({ creditCode: CreditCode })

/** 失信 — the dishonesty list an administrator keeps; listed owners may use neither 容缺 nor 告知承诺. */
export const dishonestOwnerRoutes: RoutePlugin<CommandDeps> = async (app, { commands }) => {
  app.put('/dishonest-owners/:creditCode', { schema: { params: Params } }, async (request, reply) => {
    const actor = actorOf(request, ['admin'])
    await listOwnerAsDishonest(commands, request.params.creditCode, actor)
    return reply.code(204).send()
  })

  app.delete('/dishonest-owners/:creditCode', { schema: { params: Params } }, async (request, reply) => {
    const actor = actorOf(request, ['admin'])
    await delistOwner(commands, request.params.creditCode, actor)
    return reply.code(204).send()
  })

  // 国务院办公厅 holiday schedules and regional overlays: intake owns the calendars every service counts with.
  app.post('/admin/calendars', { schema: { body: CalendarEntryBody } }, async (request, reply) => {
    const actor = actorOf(request, ['admin'])
    const { publication, unreadable } = unwrap(await publishCalendar(commands, actor, request.body))
    logLeftOut(request.log, publication.key, unreadable)
    return reply.code(201).send({ publication })
  })
}
