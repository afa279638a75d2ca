import {
  CalendarEntryBody,
  CalendarPublication,
  DeadLetterFilter,
  DeadLetterView,
  ReplayedDeadLetter,
  Uuid,
} from '@onewindow/contracts'
import { ProblemError, unreadableLog } from '@onewindow/service-kit'
import { legalDateOf } from '@onewindow/workdays'
import { Type } from 'typebox'
import { overdueSupervisionCount, supervisedCaseClocks, supervisedClocks } from '../domain/status.js'
import { forward } from '../forward.js'
import { SupervisedCaseClock, SupervisedClock, Unreadable } from '../http/schemas.js'
import { authorised, type RoutePlugin } from './plugin.js'

export const supervisionRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  app.get(
    '/supervision/clocks',
    {
      schema: {
        summary:
          'Every open task clock (`clocks`) and every running joint-acceptance, outside-line-permits and registration clock (`cases`) at a level (yellow or red; both when absent), evaluated now; with `supervision=overdue`, only the clocks of tasks, open or decided, with a 督办 unanswered past its reply-by day, at any level unless `level` is given, and no `cases`; `overdueSupervisions` counts those 督办; a stored row that cannot be evaluated is listed in `unreadable` instead',
        tags: ['queries'],
        querystring: Type.Object(
          {
            level: Type.Optional(Type.Union([Type.Literal('yellow'), Type.Literal('red')])),
            // 督办 overdue (docs/legal-time.md#督办): only the tasks urged and not answered by their reply-by day.
            supervision: Type.Optional(Type.Literal('overdue')),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            clocks: Type.Array(SupervisedClock),
            cases: Type.Array(SupervisedCaseClock),
            /** The 督办 overdue today on every task, open or decided, whatever the level and filter asked. */
            overdueSupervisions: Type.Integer({ minimum: 0 }),
            unreadable: Type.Array(Unreadable),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'supervision.read' })
      const [{ tasks, owing, projects }, running] = await Promise.all([
        deps.read(request.actor).openTasks(),
        deps.read(request.actor).runningCases(),
      ])
      const ev = { calendar: deps.calendar.current(), today: legalDateOf(deps.clock.now()), yellowAt: deps.yellowAt }
      const { level, supervision } = request.query
      // A decided task's 督办 still unanswered is owed as an open task's is: listed and counted with them.
      const urged = [...tasks, ...owing]
      const clocks = supervisedClocks(supervision ? urged : tasks, projects, level, ev, supervision)
      // A case (acceptance, outside line, registration) is never urged: none is listed when asked for 督办.
      const cases = supervision
        ? { views: [], unreadable: [] }
        : supervisedCaseClocks(running.rows, running.projects, level, ev)
      const unreadable = [...clocks.unreadable, ...cases.unreadable]
      logUnreadable(request.log, unreadable)
      return {
        clocks: clocks.views,
        cases: cases.views,
        overdueSupervisions: overdueSupervisionCount(urged, ev.today),
        unreadable,
      }
    },
  )

  const Service = Type.Union(
    ['gateway', 'intake', 'approval', 'acceptance', 'utility', 'registration', 'hotline'].map((n) => Type.Literal(n)),
  )
  // The notifier's dead letters are messages it could not deliver (docs/notifications.md): listed here, never
  // replayed as events — they were never on the stream.
  const Listed = Type.Union([...Service.anyOf, Type.Literal('notification')])
  const upstreamOf = (service: string) =>
    service === 'gateway'
      ? undefined
      : deps[service as 'intake' | 'approval' | 'acceptance' | 'utility' | 'registration' | 'notification' | 'hotline']

  app.get(
    '/admin/dead-letters',
    {
      schema: {
        summary:
          "A service's dead letters (events its consumers gave up on), newest first — admin; `service` defaults to the gateway's own",
        tags: ['admin'],
        querystring: Type.Object(
          { service: Type.Optional(Listed), ...DeadLetterFilter.properties },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ deadLetters: Type.Array(DeadLetterView) }) },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'dead-letters.read' })
      const { service = 'gateway', consumer, limit } = request.query
      const filter = { ...(consumer ? { consumer } : {}), ...(limit ? { limit } : {}) }
      const upstream = upstreamOf(service)
      if (!upstream) return { deadLetters: await deps.deadLetters.list(filter) }
      const query = new URLSearchParams({
        ...(consumer ? { consumer } : {}),
        ...(limit ? { limit: String(limit) } : {}),
      }).toString()
      return forward(reply, upstream, {
        method: 'GET',
        path: `/admin/dead-letters${query ? `?${query}` : ''}`,
        actor: request.actor,
      })
    },
  )

  app.post(
    '/admin/dead-letters/:service/:id/replay',
    {
      schema: {
        summary:
          'Publishes a dead letter again on its subject with its event id (consumers that handled it ignore it) — admin',
        tags: ['admin'],
        params: Type.Object({ service: Service, id: Uuid }),
        response: { 200: ReplayedDeadLetter },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'dead-letters.replay' })
      const { service, id } = request.params
      const upstream = upstreamOf(service)
      if (upstream) {
        return forward(reply, upstream, {
          method: 'POST',
          path: `/admin/dead-letters/${id}/replay`,
          actor: request.actor,
        })
      }
      const done = await deps.deadLetters.replay(id)
      if (!done) throw new ProblemError(404, 'DEAD_LETTER_NOT_FOUND', `No dead letter ${id}.`)
      return { replayed: id, streamSeq: done.streamSeq }
    },
  )

  app.post(
    '/admin/calendars',
    {
      schema: {
        summary:
          "Publishes a year's State Council holiday schedule or a regional overlay (a later one of the same year or region corrects it): validated as `onewindow calendar import` validates it; every service re-projects its open clocks — admin; forwarded to intake",
        tags: ['admin'],
        body: CalendarEntryBody,
        response: { 201: Type.Object({ publication: CalendarPublication }) },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'calendar.publish' })
      return forward(reply, deps.intake, {
        method: 'POST',
        path: '/admin/calendars',
        actor: request.actor,
        body: request.body,
      })
    },
  )
}
