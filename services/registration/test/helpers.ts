import { generateKeyPairSync } from 'node:crypto'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { type NatsConnection, headers as natsHeaders } from '@nats-io/transport-node'
import { ACTOR_HEADER, type EventBody, type EventDefinition } from '@onewindow/contracts'
import { connectNats, type Topology, wireSubject } from '@onewindow/messaging'
import { createTestSchema, createTestTopology, type TestClock, testClock } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { expect, inject } from 'vitest'
import { createRegistration, migrationsDir, type RegistrationApp } from '../src/index.js'

/** The registration service on a fresh schema and a test stream of its own, with a test clock and a fresh key. */
export async function registrationWorld(start: string) {
  const nc: NatsConnection = await connectNats(inject('natsUrl'), 'registration-test')
  const topo = await createTestTopology(nc)
  const db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'registration')
  const clock: TestClock = testClock(start)
  const { privateKey } = generateKeyPairSync('ed25519')
  const app: RegistrationApp = await createRegistration({
    databaseUrl: db.url,
    nc,
    topology: topo.topology,
    clock,
    logger: false,
    signingKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  })
  await app.ready()
  return {
    nc,
    topology: topo.topology,
    db,
    clock,
    app,
    async [Symbol.asyncDispose]() {
      await app.close()
      await topo.delete()
      await nc.close()
      await db.drop()
    },
  }
}
export type World = Awaited<ReturnType<typeof registrationWorld>>

/** Publishes a contract event on the test stream exactly as a relay would (event id in `Nats-Msg-Id` and `ce-id`). */
export async function publish<E extends EventDefinition>(
  w: World,
  event: E,
  body: EventBody<E>,
  aggregate: string,
): Promise<string> {
  expect(event.validator.Check(body)).toBe(true)
  const id = uuidv7()
  const h = natsHeaders()
  h.set('ce-specversion', '1.0')
  h.set('ce-id', id)
  h.set('ce-type', event.subject)
  h.set('ce-source', 'test')
  h.set('ce-time', new Date().toISOString())
  h.set('ow-aggregate', aggregate)
  await jetstream(w.nc).publish(wireSubject(w.topology, event.subject), JSON.stringify(body), {
    headers: h,
    msgID: id,
  })
  return id
}

export async function call(w: World, method: 'GET' | 'POST', url: string, actor?: object, payload?: object) {
  const res = await w.app.inject({
    method,
    url,
    headers: actor ? { [ACTOR_HEADER]: JSON.stringify(actor) } : {},
    ...(payload ? { payload } : {}),
  })
  return { status: res.statusCode, body: res.json() }
}

/** Every body on one event's subject in the test stream, read with an ordered consumer: what was published. */
export async function published<E extends EventDefinition>(
  nc: NatsConnection,
  topology: Topology,
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
  await consumer.delete().catch(() => {})
  return bodies
}
