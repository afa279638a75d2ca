import { Type } from '@fastify/type-provider-typebox'
import { DeadLetterFilter, DeadLetterView, ReplayedDeadLetter, Uuid } from '@onewindow/contracts'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ProblemError, registerErrorCodes } from './errors.js'

// DEAD_LETTER_REPLAY_REFUSED: the broker's permissions refuse the replay (messaging's DeadLetterReplayRefusedError).
registerErrorCodes({ ADMIN_REQUIRED: 403, DEAD_LETTER_NOT_FOUND: 404, DEAD_LETTER_REPLAY_REFUSED: 403 })

/** What a service's messaging offers its operators: its dead letters, and sending one again. */
export interface DeadLetterAdmin {
  list(filter: DeadLetterFilter): Promise<DeadLetterView[]>
  /** Undefined when there is no such dead letter. */
  replay(id: string): Promise<{ streamSeq: number } | undefined>
}

/** Internal routes sit behind the gateway, whose verified assertion names the caller; these take only an admin. */
function requireAdmin(request: FastifyRequest): void {
  if (request.caller?.actor?.role !== 'admin') {
    throw new ProblemError(403, 'ADMIN_REQUIRED', 'Only an admin reads or replays dead letters.')
  }
}

/**
 * `GET /admin/dead-letters` and `POST /admin/dead-letters/:id/replay`, the same in every service: the gateway's
 * admin routes reach each service's through them.
 */
export function deadLetterRoutes(app: FastifyInstance, admin: DeadLetterAdmin): void {
  app.get(
    '/admin/dead-letters',
    {
      schema: {
        querystring: DeadLetterFilter,
        response: { 200: Type.Object({ deadLetters: Type.Array(DeadLetterView) }) },
      },
    },
    async (request) => {
      requireAdmin(request)
      const q = request.query as DeadLetterFilter
      return {
        deadLetters: await admin.list({
          ...(q.consumer ? { consumer: q.consumer } : {}),
          ...(q.limit ? { limit: q.limit } : {}),
        }),
      }
    },
  )
  app.post(
    '/admin/dead-letters/:id/replay',
    {
      schema: {
        params: Type.Object({ id: Uuid }),
        response: { 200: ReplayedDeadLetter },
      },
    },
    async (request) => {
      requireAdmin(request)
      const { id } = request.params as { id: string }
      const done = await admin.replay(id)
      if (!done) throw new ProblemError(404, 'DEAD_LETTER_NOT_FOUND', `No dead letter ${id}.`)
      return { replayed: id, streamSeq: done.streamSeq }
    },
  )
}
