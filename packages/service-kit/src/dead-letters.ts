import { Type } from '@fastify/type-provider-typebox'
import { ACTOR_HEADER, parseActorHeader, Uuid } from '@onewindow/contracts'
import type { FastifyInstance } from 'fastify'
import { ProblemError, registerErrorCodes } from './errors.js'

registerErrorCodes({ ADMIN_REQUIRED: 403, DEAD_LETTER_NOT_FOUND: 404 })

/** A dead letter as the admin routes show it (the payload stays in the service's table). */
export const DeadLetterView = Type.Object({
  id: Type.String(),
  consumer: Type.String(),
  subject: Type.String(),
  eventId: Type.Union([Type.String(), Type.Null()]),
  streamSeq: Type.Integer(),
  error: Type.String(),
  deliveries: Type.Integer(),
  createdAt: Type.String(),
  replayedAt: Type.Union([Type.String(), Type.Null()]),
})
export type DeadLetterView = {
  id: string
  consumer: string
  subject: string
  eventId: string | null
  streamSeq: number
  error: string
  deliveries: number
  createdAt: string
  replayedAt: string | null
}

/** What a service's messaging offers its operators: its dead letters, and sending one again. */
export interface DeadLetterAdmin {
  list(filter: { consumer?: string; limit?: number }): Promise<DeadLetterView[]>
  /** Undefined when there is no such dead letter. */
  replay(id: string): Promise<{ streamSeq: number } | undefined>
}

export const DeadLetterFilter = Type.Object(
  {
    consumer: Type.Optional(Type.String({ minLength: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
)

/** Internal routes sit behind the gateway, which names its caller; these take only an admin. */
function requireAdmin(header: unknown): void {
  if (parseActorHeader(header)?.role !== 'admin') {
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
      requireAdmin(request.headers[ACTOR_HEADER])
      const q = request.query as { consumer?: string; limit?: number }
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
        response: { 200: Type.Object({ replayed: Type.String(), streamSeq: Type.Integer() }) },
      },
    },
    async (request) => {
      requireAdmin(request.headers[ACTOR_HEADER])
      const { id } = request.params as { id: string }
      const done = await admin.replay(id)
      if (!done) throw new ProblemError(404, 'DEAD_LETTER_NOT_FOUND', `No dead letter ${id}.`)
      return { replayed: id, streamSeq: done.streamSeq }
    },
  )
}
