import { RateTaskBody, RatingReplyBody, RatingSnapshot, Uuid } from '@onewindow/contracts'
import { type RoutePlugin, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { type CommandDeps, getRating, rateTask, replyToRating } from '../commands.js'
import { actorOf } from './actor.js'

const Params = Type.Object({ id: Uuid })
const RatingResponse = Type.Object({ rating: RatingSnapshot })

/** 好差评 — internal routes, called by the gateway only with the caller in its signed assertion. */
export const ratingRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  app.post(
    '/tasks/:id/rating',
    { schema: { params: Params, body: RateTaskBody, response: { 200: RatingResponse } } },
    async (request) => ({ rating: unwrap(await rateTask(deps, request.params.id, actorOf(request), request.body)) }),
  )

  app.post(
    '/ratings/:id/reply',
    { schema: { params: Params, body: RatingReplyBody, response: { 200: RatingResponse } } },
    async (request) => ({
      rating: unwrap(await replyToRating(deps, request.params.id, actorOf(request), request.body)),
    }),
  )

  app.get('/ratings/:id', { schema: { params: Params, response: { 200: RatingResponse } } }, async (request) => ({
    rating: unwrap(await getRating(deps, request.params.id)),
  }))
}
