import { fileURLToPath } from 'node:url'
import { jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/nats-core'
import { defaultTopology, ensureConsumer, ensureStream } from '@onewindow/messaging'
import { type BrokerUnderAuthorization, startNatsUnderAuthorization } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOCK_ALERTS, declaredConsumers as declared } from './declared-consumers.js'

// The notifier's durables under the committed infra/nats/authorization.conf (docs/notifications.md#running): the
// `notification` user may create and read each of its own consumers, on its event's subject only, and the gateway,
// which reads the whole stream through consumers of its own, may not touch any of them. The durables are read from
// the consumers the service's sources define, so a consumer added without its lines in the file fails here.

const AUTHORIZATION = fileURLToPath(new URL('../../../infra/nats/authorization.conf', import.meta.url))
const { stream } = defaultTopology
const USERS = [
  'admin',
  'intake',
  'approval',
  'acceptance',
  'utility',
  'registration',
  'gateway',
  'notification',
  'hotline',
]

let broker: BrokerUnderAuthorization
beforeAll(async () => {
  // Every user the file names needs a password to start the server; only three connect.
  const started = await startNatsUnderAuthorization(AUTHORIZATION, USERS)
  if (!started) throw new Error('no nats-server binary: install nats-server (apt-get install nats-server)')
  broker = started
  const admin = await broker.connectAs('admin')
  try {
    await ensureStream(await jetstreamManager(admin), defaultTopology)
  } finally {
    await admin.close()
  }
})
afterAll(async () => {
  await broker?.[Symbol.asyncDispose]()
})

async function as<T>(user: string, fn: (nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await broker.connectAs(user)
  try {
    return await fn(nc)
  } finally {
    await nc.close()
  }
}

/** The error a request ends in, or `answered` when the server answered it. */
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'answered',
    (err: unknown) => String(err),
  )

describe("the notifier's durables under infra/nats/authorization.conf", () => {
  it('lets the notification user create and read each of its consumers, on its own subject only', async () => {
    const consumers = await declared()
    // Every clock alert's durable among them (the later stages' eight too), beside every other the notifier runs.
    expect(consumers.map((c) => c.durable)).toEqual(expect.arrayContaining([...CLOCK_ALERTS]))
    await as('notification', async (nc) => {
      const jsm = await jetstreamManager(nc)
      const refusedOn: string[] = []
      const startingAtCreation: string[] = []
      for (const { durable, subject, startsAtCreation } of consumers) {
        // As the service creates it: an alert of a moment starts at its creation (docs/notifications.md).
        const settings = { durable, filterSubject: subject, maxDeliver: 5, ackWaitMs: 30_000, maxAckPending: 100 }
        const made = await outcome(
          ensureConsumer(jsm, stream, { ...settings, startsAtCreation }).then(async () => {
            const info = await jsm.consumers.info(stream, durable)
            if (info.config.deliver_policy === 'new') startingAtCreation.push(durable)
          }),
        )
        if (made !== 'answered') refusedOn.push(`${durable}: ${made}`)
      }
      expect(refusedOn).toEqual([])
      expect(startingAtCreation.toSorted()).toEqual(
        consumers
          .filter((c) => c.startsAtCreation)
          .map((c) => c.durable)
          .toSorted(),
      )
      // Its own durable name with a wider filter: the permission pins the filter too.
      const wider = {
        durable: consumers[0]?.durable ?? '',
        filterSubject: 'permit.>',
        maxDeliver: 5,
        ackWaitMs: 30_000,
      }
      expect(await outcome(ensureConsumer(jsm, stream, { ...wider, maxAckPending: 100 }))).not.toBe('answered')
    })
  })

  it('refuses the gateway reading, pulling or deleting any of them', async () => {
    const consumers = await declared()
    const open: string[] = []
    await as('gateway', async (nc) => {
      for (const { durable } of consumers)
        for (const api of ['INFO', 'MSG.NEXT', 'DELETE']) {
          const subject = `$JS.API.CONSUMER.${api}.${stream}.${durable}`
          const answer = await outcome(nc.request(subject, '', { timeout: 5_000 }))
          if (!/permission/i.test(answer)) open.push(`${subject}: ${answer}`)
        }
    })
    expect(open).toEqual([])
  })
})
