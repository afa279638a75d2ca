import { listDeadLetters } from '@onewindow/messaging'
import { legalDateOf } from '@onewindow/workdays'
import { Type } from 'typebox'
import { supervisedClocks } from '../domain/status.js'
import { SupervisedClock } from '../http/schemas.js'
import { authorised, type RoutePlugin } from './plugin.js'

export const supervisionRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/supervision/clocks',
    {
      schema: {
        summary: 'Every open task clock at a level (yellow or red; both when absent), evaluated now',
        tags: ['queries'],
        querystring: Type.Object(
          { level: Type.Optional(Type.Union([Type.Literal('yellow'), Type.Literal('red')])) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ clocks: Type.Array(SupervisedClock) }) },
      },
    },
    async (request) => {
      authorised(request, { action: 'supervision.read' })
      const { tasks, projects } = await deps.read.openTasks()
      const today = legalDateOf(deps.clock.now())
      return {
        clocks: supervisedClocks(tasks, projects, request.query.level, {
          calendar: deps.calendar,
          today,
          yellowAt: deps.yellowAt,
        }),
      }
    },
  )

  app.get(
    '/admin/dead-letters',
    {
      schema: {
        summary: "The gateway's own dead letters (events its projections gave up on) — admin",
        tags: ['admin'],
        querystring: Type.Object(
          {
            consumer: Type.Optional(Type.String({ minLength: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            deadLetters: Type.Array(
              Type.Object({
                id: Type.String(),
                consumer: Type.String(),
                subject: Type.String(),
                eventId: Type.Union([Type.String(), Type.Null()]),
                streamSeq: Type.Integer(),
                error: Type.String(),
                deliveries: Type.Integer(),
                createdAt: Type.String(),
                replayedAt: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'dead-letters.read' })
      const rows = await listDeadLetters(deps.pool, {
        ...(request.query.consumer ? { consumer: request.query.consumer } : {}),
        ...(request.query.limit ? { limit: request.query.limit } : {}),
      })
      return {
        deadLetters: rows.map((d) => ({
          id: d.id,
          consumer: d.consumer,
          subject: d.subject,
          eventId: d.eventId,
          streamSeq: d.streamSeq,
          error: d.error,
          deliveries: d.deliveries,
          createdAt: d.createdAt.toISOString(),
          replayedAt: d.replayedAt ? d.replayedAt.toISOString() : null,
        })),
      }
    },
  )
}
