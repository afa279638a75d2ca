import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/nats-core'
import type { NatsConnection } from '@nats-io/transport-node'
import type { EventBody, EventDefinition } from '@onewindow/contracts'
import { type Topology, wireSubject } from '@onewindow/messaging'
import { v7 as uuidv7 } from 'uuid'

/**
 * Publishes a contract event on a test stream as another service's relay would: the body checked against its
 * schema first, the event id in `Nats-Msg-Id` and `ce-id`, CloudEvents headers, the aggregate for ordering.
 * Returns the event id.
 */
export async function publishAsRelay<E extends EventDefinition>(
  nc: NatsConnection,
  topology: Pick<Topology, 'prefix'>,
  event: E,
  body: EventBody<E>,
  { aggregate, source = 'test' }: { aggregate?: string; source?: string } = {},
): Promise<string> {
  if (!event.validator.Check(body)) throw new Error(`publishAsRelay: the body is not a valid ${event.subject}`)
  const id = uuidv7()
  const h = natsHeaders()
  h.set('ce-specversion', '1.0')
  h.set('ce-id', id)
  h.set('ce-type', event.subject)
  h.set('ce-source', source)
  h.set('ce-time', new Date().toISOString())
  if (aggregate) h.set('ow-aggregate', aggregate)
  await jetstream(nc).publish(wireSubject(topology, event.subject), JSON.stringify(body), { headers: h, msgID: id })
  return id
}

/** Every body on one event's subject in a test stream, read with an ordered consumer: what was published. */
export async function published<E extends EventDefinition>(
  nc: NatsConnection,
  topology: Pick<Topology, 'stream' | 'prefix'>,
  event: E,
): Promise<Array<EventBody<E>>> {
  const subject = wireSubject(topology, event.subject)
  const info = await (await jetstreamManager(nc)).streams.info(topology.stream, { subjects_filter: subject })
  const total = Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0)
  if (total === 0) return []
  // A string, not an array: NATS 2.9 knows `filter_subject` only.
  const consumer = await jetstream(nc).consumers.get(topology.stream, { filter_subjects: subject })
  const bodies: Array<EventBody<E>> = []
  const messages = await consumer.fetch({ max_messages: total, expires: 5_000 })
  for await (const m of messages) {
    bodies.push(m.json<EventBody<E>>())
    if (bodies.length === total) break
  }
  // An ordered consumer is ephemeral: if the delete fails the server drops it after its inactivity threshold.
  await consumer.delete().catch(() => {})
  return bodies
}
