import { randomUUID } from 'node:crypto'
import { jetstream } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/nats-core'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import { wireSubject } from '../src/index.js'
import { applyEntries, LedgerEntryRecordedV1, startConsumer } from './fixture/ledger.js'
import { count, ledgerWorld } from './helpers.js'

// A durable that tells of moments (`startsAtCreation`, docs/notifications.md#which-durables-start-at-their-creation),
// on the real NATS: created over a stream that already holds events, it is given only those published after its
// creation; an existing durable is left where it started.

type World = Awaited<ReturnType<typeof ledgerWorld>>
/** An entry published straight to the stream, as a relay would. */
const publish = async (w: World, accountId: string) => {
  const h = natsHeaders()
  const eventId = uuidv7()
  h.set('ce-id', eventId)
  h.set('ce-type', LedgerEntryRecordedV1.subject)
  h.set('ow-aggregate', accountId)
  await jetstream(w.nc).publish(
    wireSubject(w.topology, LedgerEntryRecordedV1.subject),
    JSON.stringify({ accountId, version: 1, amount: 1 }),
    { headers: h, msgID: eventId },
  )
}
const appliedAccounts = async (w: World) =>
  (
    await w.consumerDb.pool.query<{ account_id: string }>('SELECT account_id FROM applied ORDER BY account_id')
  ).rows.map((r) => r.account_id)

describe('a durable that starts at its creation', () => {
  it('is not given the events published before it was created, and is given those after', async () => {
    await using w = await ledgerWorld()
    const before = randomUUID()
    const after = randomUUID()
    await publish(w, before)
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, {
      ...applyEntries(),
      startsAtCreation: true,
    })
    await publish(w, after)
    await expect.poll(() => count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied'), { timeout: 10_000 }).toBe(1)
    expect(await appliedAccounts(w)).toEqual([after])
    const info = await w.jsm.consumers.info(w.topology.stream, 'ledger-apply')
    expect(info.config.deliver_policy).toBe('new')
    expect(info.num_pending).toBe(0)
    await consumer.stop()
  })

  it('leaves an existing durable as it was: it starts again where it stopped, missing nothing', async () => {
    await using w = await ledgerWorld()
    const first = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology)
    await first.stop()
    const whileStopped = randomUUID()
    await publish(w, whileStopped)
    const again = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, {
      ...applyEntries(),
      startsAtCreation: true,
    })
    await expect.poll(() => appliedAccounts(w), { timeout: 10_000 }).toEqual([whileStopped])
    expect((await w.jsm.consumers.info(w.topology.stream, 'ledger-apply')).config.deliver_policy).toBe('all')
    await again.stop()
  })
})
