import { fileURLToPath } from 'node:url'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { createTestSchema, createTestTopology } from '@onewindow/testing'
import { inject } from 'vitest'
import { createOutbox, createRelay, type RelayOptions } from '../src/index.js'
import { prismaFor } from './fixture/ledger.js'

export const migrationsDir = fileURLToPath(new URL('./fixture/prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('./fixture/prisma', import.meta.url))

/** A producer schema, a consumer schema (another "service"), a stream and prefix of this test's own. */
export async function ledgerWorld(natsUrl = inject('natsUrl')) {
  const nc: NatsConnection = await connect({ servers: natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 250 })
  const topo = await createTestTopology(nc)
  const producerDb = await createTestSchema(inject('databaseUrl'), migrationsDir, 'producer')
  const consumerDb = await createTestSchema(inject('databaseUrl'), migrationsDir, 'consumer')
  const producer = prismaFor(producerDb.pool, producerDb.schema)
  const consumer = prismaFor(consumerDb.pool, consumerDb.schema)
  return {
    nc,
    topology: topo.topology,
    jsm: await jetstreamManager(nc),
    producerDb,
    consumerDb,
    producer,
    consumer,
    /** The producer's outbox. */
    outbox: createOutbox({ source: 'producer', now: () => new Date() }),
    /** A relay over the producer's outbox (not started). */
    relay: (extra: Partial<RelayOptions> = {}) =>
      createRelay({
        pool: producerDb.pool,
        schema: producerDb.schema,
        js: jetstream(nc),
        topology: topo.topology,
        ...extra,
      }),
    async [Symbol.asyncDispose]() {
      await producer.$disconnect()
      await consumer.$disconnect()
      await topo.delete()
      await nc.close()
      await producerDb.drop()
      await consumerDb.drop()
    },
  }
}

export const count = async (pool: import('pg').Pool, sql: string, params: unknown[] = []) =>
  Number((await pool.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0)
