import {
  AnswerObjectionBody,
  ObjectionListQuery,
  ObjectionListResponse,
  ObjectionResponse,
  RaiseObjectionBody,
  Uuid,
} from '@onewindow/contracts'
import { type RoutePlugin, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { answerObjection, type CommandDeps, listObjections, raiseObjection } from '../commands.js'
import { actorOf } from './actor.js'

const Params = Type.Object({ id: Uuid })

/**
 * 证照异议 (004:1134): a using department objects to a certificate, the issuing department answers, both read them.
 * Internal routes, called by the gateway only, with the caller in its signed assertion.
 */
export const objectionRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  app.post(
    '/certificates/:id/objections',
    { schema: { params: Params, body: RaiseObjectionBody, response: { 201: ObjectionResponse } } },
    async (request, reply) => {
      const objection = unwrap(await raiseObjection(deps, request.params.id, actorOf(request), request.body))
      return reply.code(201).send({ objection })
    },
  )

  app.post(
    '/certificate-objections/:id/answer',
    { schema: { params: Params, body: AnswerObjectionBody, response: { 200: ObjectionResponse } } },
    async (request) => ({
      objection: unwrap(await answerObjection(deps, request.params.id, actorOf(request), request.body)),
    }),
  )

  app.get(
    '/certificate-objections',
    { schema: { querystring: ObjectionListQuery, response: { 200: ObjectionListResponse } } },
    async (request) => listObjections(deps, actorOf(request), request.query),
  )
}
