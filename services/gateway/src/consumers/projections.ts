import { type ConsumerDefinition, defineConsumer } from '@onewindow/messaging'
import type { Tx } from '../db/client.js'
import { applyProjection } from '../db/projection.js'
import { projectors } from '../domain/projectors.js'

/**
 * One durable per event (`gateway-<slug>`): NATS 2.9 has no multi-filter consumers. All are made from the one
 * projector table; the inbox row and the projection commit together, so a redelivery changes nothing.
 */
export const projectionConsumers: ConsumerDefinition[] = projectors.map(
  (p) =>
    defineConsumer<typeof p.event, Tx>({
      durable: `gateway-${p.slug}`,
      event: p.event,
      async handle({ event, eventId, tx }) {
        await applyProjection(tx, p.project(event, eventId))
      },
    }) as unknown as ConsumerDefinition,
)
