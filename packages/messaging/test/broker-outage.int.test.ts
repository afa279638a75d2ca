import { randomUUID } from 'node:crypto'
import { jetstream } from '@nats-io/jetstream'
import { startPrivateNatsServer } from '@onewindow/testing'
import { describe, expect, it } from 'vitest'
import { reconcileOutbox } from '../src/index.js'
import { recordEntry, startConsumer } from './fixture/ledger.js'
import { count, ledgerWorld } from './helpers.js'

const server = await startPrivateNatsServer()

// This file stops a broker: it runs its own nats-server so the machine's shared one is never touched.
describe.skipIf(!server)('broker outage', () => {
  it('NATS stopped for 5 s while changes are committed: the outbox backlog drains afterwards, 0 lost', {
    timeout: 120_000,
  }, async () => {
    if (!server) return
    await using _server = server
    await using w = await ledgerWorld(server.url)
    const outbox = w.outbox
    const errors: unknown[] = []
    const relay = w.relay({
      js: jetstream(w.nc, { timeout: 1000 }),
      pollIntervalMs: 100,
      onError: (e) => errors.push(e),
    })
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology)
    await relay.start()
    const accounts = Array.from({ length: 10 }, () => randomUUID())
    for (let i = 0; i < 100; i++) await recordEntry(w.producer, outbox, accounts[i % 10] as string, 1)

    await server.stop()
    const outageEnds = Date.now() + 5000
    let duringOutage = 0
    while (Date.now() < outageEnds) {
      await recordEntry(w.producer, outbox, accounts[duringOutage % 10] as string, 1)
      duringOutage++
      await new Promise((r) => setTimeout(r, 25))
    }
    const backlog = await count(w.producerDb.pool, 'SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL')
    expect(backlog).toBeGreaterThan(0)
    await server.start()

    const total = 100 + duringOutage
    await expect
      .poll(() => count(w.producerDb.pool, 'SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL'), {
        timeout: 60_000,
      })
      .toBe(0)
    await expect
      .poll(() => count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied'), { timeout: 60_000 })
      .toBe(total)
    expect(errors.length).toBeGreaterThan(0)
    expect(await count(w.consumerDb.pool, 'SELECT count(*) AS n FROM dead_letter')).toBe(0)
    await relay.stop()
    await consumer.stop()
  })
})

describe('broker amnesia', () => {
  it('re-sends outbox rows whose messages the stream no longer holds', async () => {
    await using w = await ledgerWorld()
    const outbox = w.outbox
    const relay = w.relay()
    for (let i = 0; i < 5; i++) await recordEntry(w.producer, outbox, randomUUID(), 1)
    expect(await relay.flush()).toBe(5)
    // What an unclean broker restart does to acknowledged-but-unwritten messages: they are gone.
    const { rows } = await w.producerDb.pool.query<{ id: string; stream_seq: string }>(
      'SELECT id, stream_seq FROM outbox_message ORDER BY position LIMIT 2',
    )
    for (const r of rows) await w.jsm.streams.deleteMessage(w.topology.stream, Number(r.stream_seq), false)

    const missing = await reconcileOutbox({ pool: w.producerDb.pool, jsm: w.jsm, stream: w.topology.stream })
    expect(missing.sort()).toEqual(rows.map((r) => r.id).sort())
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology)
    // Re-sent with the same Nats-Msg-Id: the duplicate window must not swallow a message the stream lost.
    expect(await relay.flush()).toBe(2)
    await expect.poll(() => count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied'), { timeout: 10_000 }).toBe(5)
    await consumer.stop()
  })
})
