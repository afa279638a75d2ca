import { listDeadLetters } from '@onewindow/messaging'
import { legalDateOf } from '@onewindow/workdays'
import { Type } from 'typebox'
import { supervisedCaseClocks, supervisedClocks } from '../domain/status.js'
import { SupervisedCaseClock, SupervisedClock } from '../http/schemas.js'
import { authorised, type RoutePlugin } from './plugin.js'

export const supervisionRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/supervision/clocks',
    {
      schema: {
        summary:
          'Every open task clock (`clocks`) and every running joint-acceptance, outside-line-permits and registration clock (`cases`) at a level (yellow or red; both when absent), evaluated now',
        tags: ['queries'],
        querystring: Type.Object(
          { level: Type.Optional(Type.Union([Type.Literal('yellow'), Type.Literal('red')])) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ clocks: Type.Array(SupervisedClock), cases: Type.Array(SupervisedCaseClock) }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'supervision.read' })
      const [{ tasks, projects }, running] = await Promise.all([deps.read.openTasks(), deps.read.runningCases()])
      const ev = { calendar: deps.calendar, today: legalDateOf(deps.clock.now()), yellowAt: deps.yellowAt }
      return {
        clocks: supervisedClocks(tasks, projects, request.query.level, ev),
        cases: supervisedCaseClocks(running.rows, running.projects, request.query.level, ev),
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
