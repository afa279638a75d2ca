import { BookingsQuery, BookWindowBody, CancelBookingBody, MissedBookingBody, Uuid } from '@onewindow/contracts'
import { type RoutePlugin, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import {
  bookWindow,
  type CommandDeps,
  cancelBooking,
  listDayBookings,
  listProjectBookings,
  markBookingMissed,
} from '../commands.js'
import { actorOf } from './actor.js'

const Params = Type.Object({ id: Uuid })

/** 网上预约 (004:1044, docs/intake.md#booking-the-window-网上预约): the owner books and cancels, the window reads and marks. */
export const bookingRoutes: RoutePlugin<CommandDeps> = async (app, { commands }) => {
  app.post('/projects/:id/bookings', { schema: { params: Params, body: BookWindowBody } }, async (request, reply) => {
    const actor = actorOf(request, ['owner'])
    const booking = unwrap(await bookWindow(commands, request.params.id, actor, request.body))
    return reply.code(201).send({ booking })
  })

  app.get('/projects/:id/bookings', { schema: { params: Params } }, async (request) => {
    const actor = actorOf(request, ['owner', 'clerk', 'supervisor'])
    return { bookings: unwrap(await listProjectBookings(commands, request.params.id, actor)) }
  })

  app.get('/bookings', { schema: { querystring: BookingsQuery } }, async (request) => {
    actorOf(request, ['clerk'])
    return listDayBookings(commands, request.query)
  })

  app.post('/bookings/:id/cancel', { schema: { params: Params, body: CancelBookingBody } }, async (request) => {
    const actor = actorOf(request, ['owner'])
    return { booking: unwrap(await cancelBooking(commands, request.params.id, actor, request.body)) }
  })

  app.post('/bookings/:id/missed', { schema: { params: Params, body: MissedBookingBody } }, async (request) => {
    const actor = actorOf(request, ['clerk'])
    return { booking: unwrap(await markBookingMissed(commands, request.params.id, actor)) }
  })
}
