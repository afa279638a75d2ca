import { CreditCode } from '@onewindow/contracts'
import { Type } from 'typebox'
import { actorLabel, actorOf } from './actor.js'
import type { RoutePlugin } from './plugin.js'

const Params = Type.Object({ creditCode: CreditCode })

/** 失信 — the dishonesty list an administrator keeps; listed owners may not be accepted with deficiencies. */
export const dishonestOwnerRoutes: RoutePlugin = async (app, { deps }) => {
  const { prisma, clock } = deps

  app.put('/dishonest-owners/:creditCode', { schema: { params: Params } }, async (request, reply) => {
    const actor = actorOf(request, ['admin'])
    const { creditCode } = request.params
    await prisma.dishonestOwner.upsert({
      where: { creditCode },
      create: { creditCode, listedAt: clock.now(), listedBy: actorLabel(actor) },
      update: {},
    })
    return reply.code(204).send()
  })

  app.delete('/dishonest-owners/:creditCode', { schema: { params: Params } }, async (request, reply) => {
    actorOf(request, ['admin'])
    await prisma.dishonestOwner.deleteMany({ where: { creditCode: request.params.creditCode } })
    return reply.code(204).send()
  })
}
