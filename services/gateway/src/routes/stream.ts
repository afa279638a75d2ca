import { ProblemError } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { MAX_TOKEN_LENGTH } from '../config.js'
import { CHANGE_EVENTS } from '../domain/changes.js'
import { authorised, type RoutePlugin } from './plugin.js'

/** The route's path under `/api/v1`: the one route that also takes its token as `?access_token=` (app.ts). */
export const STREAM_PATH = '/stream'

/** A stream position: a stream sequence, as decimal digits. */
const POSITION = /^\d{1,15}$/

export const streamRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    STREAM_PATH,
    {
      schema: {
        summary: 'Live updates: the changes the caller may see, as server-sent events (text/event-stream)',
        description:
          `Events: ${CHANGE_EVENTS.join(', ')} (data \`{ projectId?, taskId?, ticketId?, kind }\`: a ticket's ` +
          'carries ticketId and no projectId), `ready` on opening and ' +
          '`reset` when the client must fetch everything again. Resume with the `Last-Event-ID` header or ' +
          '`?lastEventId=`. A browser EventSource, which cannot send a header, may give its token as ' +
          '`?access_token=` on this route only. docs/api.md "Live updates".',
        tags: ['queries'],
        querystring: Type.Object(
          {
            lastEventId: Type.Optional(Type.String({ pattern: POSITION.source, maxLength: 15 })),
            access_token: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_TOKEN_LENGTH })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'changes.stream' })
      const header = request.headers['last-event-id']
      const given = typeof header === 'string' && header !== '' ? header : request.query.lastEventId
      if (given !== undefined && !POSITION.test(given)) {
        throw new ProblemError(
          400,
          'GATEWAY_STREAM_POSITION_INVALID',
          'Last-Event-ID must be the id of an event this stream sent (decimal digits).',
        )
      }
      await deps.live.serve(reply, request.actor, given === undefined ? undefined : Number(given))
      return reply
    },
  )
}
