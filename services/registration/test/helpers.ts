import { generateKeyPairSync } from 'node:crypto'
import type { EventBody, EventDefinition } from '@onewindow/contracts'
import { asCaller, publishAsRelay, serviceWorld } from '@onewindow/testing'
import { createRegistration, migrationsDir, type RegistrationOptions } from '../src/index.js'

/** The registration service on a fresh schema and a test stream of its own, with a test clock and fresh keys. */
export function registrationWorld(start: string, extra: Partial<RegistrationOptions> = {}) {
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  const sm2SigningKey = generateKeyPairSync('ec', { namedCurve: 'SM2' })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString()
  return serviceWorld({
    name: 'registration',
    migrationsDir,
    start,
    create: (wiring) => createRegistration({ ...wiring, signingKey, sm2SigningKey, ...extra }),
  })
}
export type World = Awaited<ReturnType<typeof registrationWorld>>

/** Publishes a contract event on the test stream exactly as a relay would. */
export const publish = <E extends EventDefinition>(w: World, event: E, body: EventBody<E>, aggregate: string) =>
  publishAsRelay(w.nc, w.topology, event, body, { aggregate })

export async function call(w: World, method: 'GET' | 'POST', url: string, actor?: object, payload?: object) {
  const res = await w.app.inject({
    method,
    url,
    headers: await asCaller('registration', actor, w.clock),
    ...(payload ? { payload } : {}),
  })
  return { status: res.statusCode, body: res.json() }
}

/** Bodies of the outbox rows on one subject (what the service committed to publish). */
export async function outboxBodies<E extends EventDefinition>(w: World, event: E): Promise<Array<EventBody<E>>> {
  const { rows } = await w.db.pool.query<{ payload: EventBody<E> }>(
    'SELECT payload FROM outbox_message WHERE subject = $1 ORDER BY position',
    [event.subject],
  )
  return rows.map((r) => r.payload)
}

export { published } from '@onewindow/testing'
