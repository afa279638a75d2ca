import {
  BookingAnswer,
  BookingList,
  BookingsQuery,
  BookWindowBody,
  CancelBookingBody,
  MissedBookingBody,
  Uuid,
} from '@onewindow/contracts'
import { Type } from 'typebox'
import { forward, queryString } from '../forward.js'
import { forwardedCommand } from './forwarded.js'
import { authorised, projectNotFound, projectOwnerOf, type RoutePlugin } from './plugin.js'

/**
 * 网上预约 (004:1044, docs/intake.md#booking-the-window-网上预约): the owner books the window for a step of its project
 * and gives a booking up; the window reads the day's bookings and marks one missed. Intake keeps them and refuses a
 * booked application's refusal without one of the seed's three exceptions; every route is forwarded to it.
 */
export const bookingRoutes: RoutePlugin = async (app, { deps }) => {
  forwardedCommand(app, {
    url: '/projects/:id/bookings',
    summary:
      '网上预约 — the owner books the window for a step it can apply for: a working day from today to 30 days ahead and a slot (am 09:00–12:00, pm 14:00–17:30); 409 INTAKE_BOOKING_SLOT_FULL for a full slot — owner (its own project); forwarded to intake',
    body: BookWindowBody,
    response: { 201: BookingAnswer },
    to: deps.intake,
    async authorise(request, id) {
      authorised(request, { action: 'booking.make', ...(await projectOwnerOf(deps, request, id)) }, projectNotFound(id))
    },
  })

  app.get(
    '/projects/:id/bookings',
    {
      schema: {
        summary: '网上预约 — a project’s bookings, newest first — its owner, clerk, supervisor; forwarded to intake',
        tags: ['queries'],
        params: Type.Object({ id: Uuid }),
        response: { 200: BookingList },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      authorised(
        request,
        { action: 'bookings.read', ...(await projectOwnerOf(deps, request, id)) },
        projectNotFound(id),
      )
      return forward(reply, deps.intake, { method: 'GET', path: `/projects/${id}/bookings`, actor: request.actor })
    },
  )

  app.get(
    '/bookings',
    {
      schema: {
        summary:
          '网上预约 — the window’s bookings of one day (today by default), of one region or all, by slot, 500 a page: `next` when more follow, passed back as `cursor` — clerk; forwarded to intake',
        tags: ['queries'],
        querystring: BookingsQuery,
        response: { 200: BookingList },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'bookings.list' })
      const { day, region, cursor } = request.query
      return forward(reply, deps.intake, {
        method: 'GET',
        path: `/bookings${queryString({ day, region, cursor })}`,
        actor: request.actor,
      })
    },
  )

  // The booking's owner is intake's to check: another owner's booking answers 404 there, as an unknown one.
  forwardedCommand(app, {
    url: '/bookings/:id/cancel',
    summary:
      '网上预约 given up (主动放弃) while still booked; 409 INTAKE_BOOKING_CLOSED once it is not — owner; forwarded to intake',
    body: CancelBookingBody,
    response: { 200: BookingAnswer },
    to: deps.intake,
    authorise: (request) => authorised(request, { action: 'booking.cancel' }),
  })

  forwardedCommand(app, {
    url: '/bookings/:id/missed',
    summary:
      '网上预约 not attended (未到): marked once its slot ended; 409 INTAKE_BOOKING_NOT_DUE before — clerk; forwarded to intake',
    body: MissedBookingBody,
    response: { 200: BookingAnswer },
    to: deps.intake,
    authorise: (request) => authorised(request, { action: 'booking.miss' }),
  })
}
