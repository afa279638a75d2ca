import { type Static, Type } from 'typebox'

// The admin routes every service serves (service-kit) and the gateway forwards to.

/** A dead letter as the admin routes show it: the payload stays in the service's `dead_letter` table. */
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
export type DeadLetterView = Static<typeof DeadLetterView>

/** `GET /admin/dead-letters` — which and how many, newest first. */
export const DeadLetterFilter = Type.Object(
  {
    consumer: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
)
export type DeadLetterFilter = Static<typeof DeadLetterFilter>

export const ReplayedDeadLetter = Type.Object({ replayed: Type.String(), streamSeq: Type.Integer() })
