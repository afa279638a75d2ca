import { randomUUID } from 'node:crypto'
import { jetstream } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/nats-core'
import { connect } from '@nats-io/transport-node'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import { DEFAULT_ACK_WAIT_MS, wireSubject } from '../src/index.js'
import { applyEntries, LedgerEntryRecordedV1, startConsumer } from './fixture/ledger.js'
import { count, ledgerWorld } from './helpers.js'

type World = Awaited<ReturnType<typeof ledgerWorld>>

async function publish(w: World, accountId: string) {
  const h = natsHeaders()
  const eventId = uuidv7()
  h.set('ce-id', eventId)
  h.set('ow-aggregate', accountId)
  await jetstream(w.nc).publish(
    wireSubject(w.topology, LedgerEntryRecordedV1.subject),
    JSON.stringify({ accountId, version: 1, amount: 1 }),
    { headers: h, msgID: eventId },
  )
}

const applied = (w: World) => count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied')

/** A handler held at a gate, to keep messages in flight. */
function gated() {
  let open: () => void = () => {}
  const gate = new Promise<void>((r) => {
    open = r
  })
  const inner = applyEntries()
  const started: string[] = []
  const def = {
    ...inner,
    handle: async (ctx: Parameters<typeof inner.handle>[0]) => {
      started.push(ctx.event.accountId)
      await gate
      await inner.handle(ctx)
    },
  }
  return { def, started, open: () => open() }
}

describe('redelivery', () => {
  it('a message in flight at a killed consumer reaches another replica after ack_wait (a few seconds), and a live slow handler is not redelivered', async () => {
    await using w = await ledgerWorld()
    // The first replica on a connection of its own, "killed" by closing that connection: no ack, no nak, no heartbeat.
    const nc1 = await connect({ servers: w.nc.getServer() })
    const first = gated()
    await startConsumer(nc1, w.consumerDb.pool, w.consumer, w.topology, first.def)
    await publish(w, randomUUID())
    await expect.poll(() => first.started.length, { timeout: 10_000 }).toBe(1)
    // While it lives, its heartbeat keeps the message: nothing is redelivered past ack_wait.
    await new Promise((r) => setTimeout(r, DEFAULT_ACK_WAIT_MS + 1500))
    expect((await w.jsm.consumers.info(w.topology.stream, 'ledger-apply')).num_redelivered).toBe(0)

    await nc1.close()
    const killed = Date.now()
    const second = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology)
    await expect.poll(() => applied(w), { timeout: 30_000, interval: 20 }).toBe(1)
    console.log(
      `[redelivery] after a killed consumer: handled by another ${Date.now() - killed} ms later (ack_wait ${DEFAULT_ACK_WAIT_MS} ms)`,
    )
    await second.stop()
  }, 60_000)

  it('a graceful stop lets the running handler commit and hands back what has not started', async () => {
    await using w = await ledgerWorld()
    const first = gated()
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, first.def, {
      concurrency: 1,
    })
    for (let i = 0; i < 3; i++) await publish(w, randomUUID())
    await expect.poll(() => first.started.length, { timeout: 10_000 }).toBe(1)
    // Let the other two arrive and wait behind the one running (concurrency 1).
    await expect
      .poll(async () => (await w.jsm.consumers.info(w.topology.stream, 'ledger-apply')).num_ack_pending, {
        timeout: 10_000,
      })
      .toBe(3)
    const stopping = consumer.stop()
    first.open()
    await stopping
    const stopped = Date.now()
    expect(await applied(w)).toBe(1)
    expect(first.started).toHaveLength(1)
    const second = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology)
    await expect.poll(() => applied(w), { timeout: 30_000, interval: 20 }).toBe(3)
    // Nak'd at stop. NATS 2.9 may still route one into the stopped consumer's last pull request (it stays open at
    // the server until it expires); that one comes after ack_wait, as it would have without the nak.
    console.log(
      `[redelivery] after a graceful stop: the 2 not-started messages handled by another within ${Date.now() - stopped} ms`,
    )
    await second.stop()
  }, 60_000)
})
