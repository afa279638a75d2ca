import { randomUUID } from 'node:crypto'
import { jetstream } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/nats-core'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import { deadLetterSubject, listDeadLetters, replayDeadLetter, wireSubject } from '../src/index.js'
import { applyEntries, LedgerEntryRecordedV1, recordEntry, startConsumer } from './fixture/ledger.js'
import { count, ledgerWorld } from './helpers.js'

/** Publishes an event straight to the stream, as a relay would, with a chosen event id. */
async function publishRaw(
  w: Awaited<ReturnType<typeof ledgerWorld>>,
  body: unknown,
  opts: { eventId?: string; msgId?: string; aggregate?: string; expectAfter?: string } = {},
) {
  const h = natsHeaders()
  const eventId = opts.eventId ?? uuidv7()
  h.set('ce-id', eventId)
  h.set('ce-type', LedgerEntryRecordedV1.subject)
  h.set('ow-aggregate', opts.aggregate ?? randomUUID())
  await jetstream(w.nc).publish(wireSubject(w.topology, LedgerEntryRecordedV1.subject), JSON.stringify(body), {
    headers: h,
    msgID: opts.msgId ?? eventId,
    ...(opts.expectAfter === undefined ? {} : { expect: { lastMsgID: opts.expectAfter } }),
  })
  return eventId
}

const fast = { maxDeliver: 3, backoffMs: () => 50, ackWaitMs: 1000 }

/** Waits until the consumer has had `deliveries` deliveries and acked every one, with nothing left pending. */
const allAcked = (w: Awaited<ReturnType<typeof ledgerWorld>>, deliveries: number) =>
  expect
    .poll(
      async () => {
        const info = await w.jsm.consumers.info(w.topology.stream, 'ledger-apply')
        return info.delivered.consumer_seq >= deliveries && info.num_pending === 0 && info.num_ack_pending === 0
      },
      { timeout: 10_000 },
    )
    .toBe(true)

describe('consumer', () => {
  it('a redelivery after a failed attempt (nak) changes state once', async () => {
    await using w = await ledgerWorld()
    let attempts = 0
    const def = applyEntries({ failWhen: () => ++attempts === 1 })
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, def, fast)
    const account = randomUUID()
    await publishRaw(w, { accountId: account, version: 1, amount: 5 }, { aggregate: account })
    await expect.poll(() => count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied'), { timeout: 10_000 }).toBe(1)
    expect(attempts).toBe(2)
    expect(await count(w.consumerDb.pool, 'SELECT count(*) AS n FROM inbox_message')).toBe(1)
    await consumer.stop()
  })

  it('a redelivery after an ack timeout, while the first attempt still runs, changes state once', async () => {
    await using w = await ledgerWorld()
    let attempts = 0
    const slowFirst = applyEntries()
    const def = {
      ...slowFirst,
      async handle(ctx: Parameters<typeof slowFirst.handle>[0]) {
        // The first attempt outlives ack_wait (1 s): the server redelivers while it still holds its transaction.
        if (++attempts === 1) await new Promise((r) => setTimeout(r, 1500))
        await slowFirst.handle(ctx)
      },
    }
    // No heartbeat: as if this consumer's process had stalled, so the server's ack_wait runs out under it.
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, def, {
      ...fast,
      maxDeliver: 5,
      workingEveryMs: false,
    })
    const account = randomUUID()
    await publishRaw(w, { accountId: account, version: 1, amount: 5 }, { aggregate: account })
    await expect.poll(() => count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied'), { timeout: 10_000 }).toBe(1)
    // The server delivered it twice (consumer sequence counts deliveries); the inbox made the second a no-op.
    await expect
      .poll(async () => (await w.jsm.consumers.info(w.topology.stream, 'ledger-apply')).delivered.consumer_seq, {
        timeout: 10_000,
      })
      .toBeGreaterThanOrEqual(2)
    expect(attempts).toBe(1)
    expect(await count(w.consumerDb.pool, 'SELECT count(*) AS n FROM dead_letter')).toBe(0)
    await consumer.stop()
  })

  it('the same event published twice past the duplicate window is applied once (the inbox decides)', async () => {
    await using w = await ledgerWorld()
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, undefined, fast)
    const account = randomUUID()
    const eventId = await publishRaw(w, { accountId: account, version: 1, amount: 5 }, { aggregate: account })
    await publishRaw(
      w,
      { accountId: account, version: 1, amount: 5 },
      { eventId, msgId: `${eventId}-again`, aggregate: account },
    )
    // Different aggregates are handled side by side, so a later one being applied proves nothing about these two:
    // wait until the consumer has acked all three deliveries.
    const marker = randomUUID()
    await publishRaw(w, { accountId: marker, version: 1, amount: 1 }, { aggregate: marker })
    await allAcked(w, 3)
    expect(await count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied WHERE account_id = $1', [marker])).toBe(1)
    expect(await count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied WHERE account_id = $1', [account])).toBe(1)
    await consumer.stop()
  })

  it('acks an event the definition does not concern itself with, with no transaction, inbox row or handler call', async () => {
    await using w = await ledgerWorld()
    const inner = applyEntries()
    const seen: number[] = []
    const def = {
      ...inner,
      // A zero amount changes no account: nothing to do.
      concerns: (e: LedgerEntryRecordedV1) => e.amount !== 0,
      async handle(ctx: Parameters<typeof inner.handle>[0]) {
        seen.push(ctx.event.amount)
        await inner.handle(ctx)
      },
    }
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, def, fast)
    const idle = randomUUID()
    const busy = randomUUID()
    await publishRaw(w, { accountId: idle, version: 1, amount: 0 }, { aggregate: idle })
    await publishRaw(w, { accountId: busy, version: 1, amount: 5 }, { aggregate: busy })
    await allAcked(w, 2)
    expect(seen).toEqual([5])
    expect(await count(w.consumerDb.pool, 'SELECT count(*) AS n FROM inbox_message')).toBe(1)
    expect(await count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied WHERE account_id = $1', [idle])).toBe(0)
    expect(await count(w.consumerDb.pool, 'SELECT count(*) AS n FROM dead_letter')).toBe(0)
    await consumer.stop()
  })

  it('dead-letters at once an event whose concerns test throws, and keeps going', async () => {
    await using w = await ledgerWorld()
    const def = {
      ...applyEntries(),
      concerns: (e: LedgerEntryRecordedV1) => {
        if (e.amount < 0) throw new Error('no rule for a negative amount')
        return true
      },
    }
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, def, fast)
    const bad = randomUUID()
    const good = randomUUID()
    const badId = await publishRaw(w, { accountId: bad, version: 1, amount: -1 }, { aggregate: bad })
    await publishRaw(w, { accountId: good, version: 1, amount: 5 }, { aggregate: good })
    await allAcked(w, 2)
    const letters = await listDeadLetters(w.consumerDb.pool, {})
    expect(letters.map((l) => [l.eventId, l.deliveries, l.error])).toEqual([
      [badId, 1, 'concerns: no rule for a negative amount'],
    ])
    expect(await count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied WHERE account_id = $1', [good])).toBe(1)
    expect(await count(w.consumerDb.pool, 'SELECT count(*) AS n FROM inbox_message')).toBe(1)
    await consumer.stop()
  })

  it('sends a body that fails its schema to the dead-letter subject at once, and keeps going', async () => {
    await using w = await ledgerWorld()
    let handled = 0
    const inner = applyEntries()
    const def = {
      ...inner,
      handle: async (ctx: Parameters<typeof inner.handle>[0]) => {
        handled++
        await inner.handle(ctx)
      },
    }
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, def, fast)
    const badId = await publishRaw(w, { accountId: 'a', version: 'one' })
    const good = randomUUID()
    await publishRaw(w, { accountId: good, version: 1, amount: 3 }, { aggregate: good })
    await expect.poll(() => count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied'), { timeout: 10_000 }).toBe(1)
    // The two messages may be handled side by side: the good one applied says nothing of the bad one's letter yet.
    await expect.poll(async () => (await listDeadLetters(w.consumerDb.pool)).length, { timeout: 10_000 }).toBe(1)
    const [letter] = await listDeadLetters(w.consumerDb.pool)
    expect(letter).toMatchObject({ consumer: 'ledger-apply', eventId: badId, deliveries: 1 })
    expect(letter?.error).toMatch(/^schema: .*\/version/)
    expect(letter?.headers['ce-id']).toBe(badId)
    expect(handled).toBe(1)
    // The copy on the dead-letter subject carries the original headers and the error.
    const stored = await w.jsm.streams.getMessage(w.topology.stream, {
      last_by_subj: deadLetterSubject(w.topology, 'ledger-apply'),
    })
    expect(stored?.header.get('ce-id')).toBe(badId)
    expect(stored?.header.get('ow-dead-letter-error')).toMatch(/version/)
    await consumer.stop()
  })

  it('dead-letters and replays a message the relay guarded (its stored Nats-Expected-Last-Msg-Id is not copied)', async () => {
    await using w = await ledgerWorld()
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, applyEntries(), fast)
    const before = randomUUID()
    const first = await publishRaw(w, { accountId: before, version: 1, amount: 1 }, { aggregate: before })
    // As the relay's window sends it: stored only right behind its predecessor, the guard kept in its headers.
    const badId = await publishRaw(w, { accountId: 'a', version: 'one' }, { expectAfter: first })
    await expect.poll(async () => (await listDeadLetters(w.consumerDb.pool)).length, { timeout: 10_000 }).toBe(1)
    const [letter] = await listDeadLetters(w.consumerDb.pool)
    expect(letter?.eventId).toBe(badId)
    const copy = await w.jsm.streams.getMessage(w.topology.stream, {
      last_by_subj: deadLetterSubject(w.topology, 'ledger-apply'),
    })
    expect(copy?.header.get('ce-id')).toBe(badId)
    expect(copy?.header.get('Nats-Expected-Last-Msg-Id')).toBe('')
    if (!letter) throw new Error('no dead letter')
    const { streamSeq } = await replayDeadLetter(
      { pool: w.consumerDb.pool, js: jetstream(w.nc), topology: w.topology },
      letter.id,
    )
    expect(streamSeq).toBeGreaterThan(0)
    await consumer.stop()
  })

  it('dead-letters a message that keeps failing after max_deliver, processes the rest, and replays it once fixed', async () => {
    await using w = await ledgerWorld()
    const poisoned = randomUUID()
    let broken = true
    const def = applyEntries({ failWhen: (e) => broken && e.accountId === poisoned })
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, def, fast)
    const outbox = w.outbox
    const relay = w.relay({ pollIntervalMs: 100 })
    await relay.start()
    const others = Array.from({ length: 20 }, () => randomUUID())
    await recordEntry(w.producer, outbox, poisoned, 7)
    for (const a of others) await recordEntry(w.producer, outbox, a, 1)
    await expect.poll(() => count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied'), { timeout: 15_000 }).toBe(20)
    await expect
      .poll(() => count(w.consumerDb.pool, 'SELECT count(*) AS n FROM dead_letter'), { timeout: 15_000 })
      .toBe(1)
    const [letter] = await listDeadLetters(w.consumerDb.pool, { consumer: 'ledger-apply' })
    expect(letter?.deliveries).toBe(3)
    expect(letter?.error).toContain(`refusing ${poisoned} v1 on purpose`)

    broken = false
    if (!letter) throw new Error('no dead letter')
    await replayDeadLetter({ pool: w.consumerDb.pool, js: jetstream(w.nc), topology: w.topology }, letter.id)
    await expect
      .poll(() => count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied WHERE account_id = $1', [poisoned]), {
        timeout: 10_000,
      })
      .toBe(1)
    const [replayed] = await listDeadLetters(w.consumerDb.pool)
    expect(replayed?.replayedAt).toBeInstanceOf(Date)
    await relay.stop()
    await consumer.stop()
  })

  // At max_deliver NATS delivers a message no more: when it cannot be dead-lettered then (the table gone, the copy
  // refused), the log must not promise a redelivery — the message stays in the stream unacknowledged.
  it('says a message it could not dead-letter at its last delivery will not be delivered again', async () => {
    await using w = await ledgerWorld()
    const logged: Array<{ level: string; msg: string }> = []
    const log = {
      error: (_: object, msg: string) => logged.push({ level: 'error', msg }),
      warn: (_: object, msg: string) => logged.push({ level: 'warn', msg }),
    }
    const failing = randomUUID()
    const def = applyEntries({ failWhen: (e) => e.accountId === failing })
    await w.consumerDb.pool.query('ALTER TABLE dead_letter RENAME TO dead_letter_away')
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, def, fast, log)
    await publishRaw(w, { accountId: failing, version: 1, amount: 1 })
    await expect.poll(() => logged.filter((l) => l.level === 'error').length, { timeout: 10_000 }).toBe(1)
    await consumer.stop()
    expect(logged.map((l) => l.msg)).toEqual([
      'handler failed; will retry',
      'handler failed; will retry',
      expect.stringContaining('NATS will not deliver the message again'),
    ])
    expect(logged.some((l) => l.msg.includes('will be redelivered'))).toBe(false)
  })

  it('stops after in-flight handlers commit and ack', async () => {
    await using w = await ledgerWorld()
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    const inner = applyEntries()
    let started = false
    const def = {
      ...inner,
      handle: async (ctx: Parameters<typeof inner.handle>[0]) => {
        started = true
        await gate
        await inner.handle(ctx)
      },
    }
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, def, fast)
    const account = randomUUID()
    await publishRaw(w, { accountId: account, version: 1, amount: 5 }, { aggregate: account })
    await expect.poll(() => started, { timeout: 10_000 }).toBe(true)
    const stopping = consumer.stop()
    setTimeout(release, 200)
    await stopping
    expect(await count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied')).toBe(1)
    // The ack left before stop resolved; the server records it a moment later (it is not redelivered).
    await expect
      .poll(async () => (await w.jsm.consumers.info(w.topology.stream, 'ledger-apply')).num_ack_pending, {
        timeout: 5_000,
      })
      .toBe(0)
    const info = await w.jsm.consumers.info(w.topology.stream, 'ledger-apply')
    expect(info.num_redelivered).toBe(0)
  })
})
