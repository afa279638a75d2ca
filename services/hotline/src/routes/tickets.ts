import {
  RectificationLetterBody,
  RectificationLetterParams,
  RectificationReplyBody,
  ReferTicketBody,
  RegisterTicketBody,
  TicketActionBody,
  TicketParams,
  TicketResponse,
  TicketsResponse,
} from '@onewindow/contracts'
import { type RoutePlugin, unwrap } from '@onewindow/service-kit'
import {
  actOnTicket,
  type CommandDeps,
  getTicket,
  referCase,
  registerTickets,
  replyToRectificationLetter,
  sendRectificationLetter,
} from '../commands.js'
import { actorOf } from './actor.js'

/** Internal routes, called by the gateway only, with the caller in the gateway's signed assertion (`x-onewindow-assertion`). */
export const ticketRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  app.post(
    '/tickets',
    { schema: { body: RegisterTicketBody, response: { 201: TicketsResponse } } },
    async (request, reply) => {
      const tickets = unwrap(await registerTickets(deps, actorOf(request), request.body))
      return reply.code(201).send({ tickets })
    },
  )

  app.get('/tickets/:id', { schema: { params: TicketParams, response: { 200: TicketResponse } } }, async (request) =>
    unwrap(await getTicket(deps, request.params.id, actorOf(request))),
  )

  app.post(
    '/tickets/:id/actions',
    { schema: { params: TicketParams, body: TicketActionBody, response: { 200: TicketResponse } } },
    async (request) => unwrap(await actOnTicket(deps, request.params.id, actorOf(request), request.body)),
  )

  app.post(
    '/tickets/:id/rectification-letters',
    { schema: { params: TicketParams, body: RectificationLetterBody, response: { 200: TicketResponse } } },
    async (request) => unwrap(await sendRectificationLetter(deps, request.params.id, actorOf(request), request.body)),
  )

  app.post(
    '/tickets/:id/rectification-letters/:letterId/reply',
    { schema: { params: RectificationLetterParams, body: RectificationReplyBody, response: { 200: TicketResponse } } },
    async (request) => {
      const { id, letterId } = request.params
      return unwrap(await replyToRectificationLetter(deps, id, letterId, actorOf(request), request.body))
    },
  )

  app.post(
    '/tickets/:id/referrals',
    { schema: { params: TicketParams, body: ReferTicketBody, response: { 200: TicketResponse } } },
    async (request) => unwrap(await referCase(deps, request.params.id, actorOf(request), request.body)),
  )
}
