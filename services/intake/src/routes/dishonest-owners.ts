import { CreditCode } from '@onewindow/contracts'
import { Type } from 'typebox'
import { delistOwner, listOwnerAsDishonest } from '../commands.js'
import { actorOf } from './actor.js'
import type { RoutePlugin } from './plugin.js'

const Params = Type.Object({ creditCode: CreditCode })

/** 失信 — the dishonesty list an administrator keeps; listed owners may not be accepted with deficiencies. */
export const dishonestOwnerRoutes: RoutePlugin = async (app, { commands }) => {
  app.put('/dishonest-owners/:creditCode', { schema: { params: Params } }, async (request, reply) => {
    const actor = actorOf(request, ['admin'])
    await listOwnerAsDishonest(commands, request.params.creditCode, actor)
    return reply.code(204).send()
  })

  app.delete('/dishonest-owners/:creditCode', { schema: { params: Params } }, async (request, reply) => {
    actorOf(request, ['admin'])
    await delistOwner(commands, request.params.creditCode)
    return reply.code(204).send()
  })
}
