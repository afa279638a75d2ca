import { generateKeyPairSync } from 'node:crypto'
import type { NatsConnection } from '@nats-io/transport-node'
import { ACTOR_HEADER, type EventBody, type EventDefinition } from '@onewindow/contracts'
import { connectNats } from '@onewindow/messaging'
import { createTestSchema, createTestTopology, publishAsRelay, type TestClock, testClock } from '@onewindow/testing'
import { inject } from 'vitest'
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

/** Publishes a contract event on the test stream exactly as a relay would. */
export const publish = <E extends EventDefinition>(w: World, event: E, body: EventBody<E>, aggregate: string) =>
  publishAsRelay(w.nc, w.topology, event, body, { aggregate })

export async function call(w: World, method: 'GET' | 'POST', url: string, actor?: object, payload?: object) {
  const res = await w.app.inject({
    method,
    url,
    headers: actor ? { [ACTOR_HEADER]: JSON.stringify(actor) } : {},
    ...(payload ? { payload } : {}),
  })
  return { status: res.statusCode, body: res.json() }
}

export { published } from '@onewindow/testing'
