import { randomUUID } from 'node:crypto'
import { jetstream } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/nats-core'
import { testClock } from '@onewindow/testing'
import type pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import {
  checkRetention,
  longestRedeliveryMs,
  minimumRetentionMarginMs,
  pruneMessagingTables,
  RECONCILE_WINDOW_MS,
  type RetentionSettings,
  wireSubject,
} from '../src/index.js'
import { LedgerEntryRecordedV1, recordEntry, startConsumer } from './fixture/ledger.js'
import { count, ledgerWorld } from './helpers.js'

type World = Awaited<ReturnType<typeof ledgerWorld>>

const settings: RetentionSettings = { marginMs: minimumRetentionMarginMs(), everyMs: 60_000, deadLetterKeepDays: 7 }
const dbNow = async (pool: pg.Pool) =>
  (await pool.query<{ t: Date }>('SELECT clock_timestamp() AS t')).rows[0]?.t as Date
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** The instant at which rows stamped at `t` by the database are exactly as old as the retention keeps them. */
const keptUntil = (w: World, t: Date) => new Date(t.getTime() + w.topology.duplicateWindowMs + settings.marginMs)
const ids = async (pool: pg.Pool, sql: string, params: unknown[] = []) =>
  (await pool.query<{ id: string }>(sql, params)).rows.map((r) => r.id).sort()

/** Publishes the event `eventId` again under a fresh `Nats-Msg-Id`, as a reconciliation re-send or a replay does. */
async function publishAgain(w: World, eventId: string, accountId: string) {
  const h = natsHeaders()
  h.set('ce-id', eventId)
  h.set('ow-aggregate', accountId)
  await jetstream(w.nc).publish(
    wireSubject(w.topology, LedgerEntryRecordedV1.subject),
    JSON.stringify({ accountId, version: 1, amount: 1 }),
    { headers: h, msgID: uuidv7() },
  )
}

describe('retention of the outbox, inbox and dead letters', () => {
  it('keeps more than the longest redelivery and the reconciliation window, and refuses a shorter margin', () => {
    // 10 deliveries, each waiting ack_wait (5 s) plus its backoff (250 ms doubling, capped at 30 s), summed here apart.
    let expected = 0
    for (let a = 1; a <= 10; a++) expected += 5_000 + Math.min(250 * 2 ** (a - 1), 30_000)
    expect(longestRedeliveryMs()).toBe(expected)
    expect(minimumRetentionMarginMs()).toBe(Math.max(expected, RECONCILE_WINDOW_MS))
    expect(() => checkRetention({ ...settings, marginMs: minimumRetentionMarginMs() - 1 })).toThrow(
      /RETENTION_MARGIN_MS must be at least/,
    )
  })

  it('prunes sent outbox rows older than the duplicate window plus the margin, keeps recent and unsent ones', async () => {
    await using w = await ledgerWorld()
    const relay = w.relay()
    const pool = w.producerDb.pool
    for (let i = 0; i < 3; i++) await recordEntry(w.producer, w.outbox, randomUUID(), 1)
    await relay.flush()
    await pause(50)
    const between = await dbNow(pool)
    await pause(50)
    for (let i = 0; i < 2; i++) await recordEntry(w.producer, w.outbox, randomUUID(), 1)
    await relay.flush()
    await recordEntry(w.producer, w.outbox, randomUUID(), 1) // never sent
    const sentBefore = await ids(pool, 'SELECT id FROM outbox_message WHERE sent_at < $1', [between])
    const sentAfter = await ids(pool, 'SELECT id FROM outbox_message WHERE sent_at > $1', [between])
    const unsent = await ids(pool, 'SELECT id FROM outbox_message WHERE sent_at IS NULL')
    expect([sentBefore.length, sentAfter.length, unsent.length]).toEqual([3, 2, 1])

    const clock = testClock(await dbNow(pool))
    // Now: everything is younger than the window, nothing goes.
    expect(await pruneMessagingTables(pool, w.topology, settings, clock.now())).toEqual({
      outbox: 0,
      inbox: 0,
      deadLetters: 0,
    })
    // The clock where the first three are past the window and the other two are not.
    clock.set(keptUntil(w, between))
    const pruned = await pruneMessagingTables(pool, w.topology, settings, clock.now())
    expect(pruned.outbox).toBe(sentBefore.length)
    expect(await ids(pool, 'SELECT id FROM outbox_message')).toEqual([...sentAfter, ...unsent].sort())
    // A year on, the unsent row is still the relay's.
    clock.advanceDays(365)
    await pruneMessagingTables(pool, w.topology, settings, clock.now())
    expect(await ids(pool, 'SELECT id FROM outbox_message')).toEqual(unsent)
  })

  it('prunes inbox rows only past the window: a redelivery inside it is still ignored after a prune', async () => {
    await using w = await ledgerWorld()
    const pool = w.consumerDb.pool
    const consumer = await startConsumer(w.nc, pool, w.consumer, w.topology)
    try {
      const accountId = randomUUID()
      const eventId = uuidv7()
      await publishAgain(w, eventId, accountId)
      await expect.poll(() => count(pool, 'SELECT count(*) AS n FROM inbox_message'), { timeout: 15_000 }).toBe(1)
      const received = (await pool.query<{ t: Date }>('SELECT received_at AS t FROM inbox_message')).rows[0]?.t as Date
      // One second inside the window: the row stays, and the same event again (a re-send) is not applied twice.
      const clock = testClock(new Date(keptUntil(w, received).getTime() - 1_000))
      expect((await pruneMessagingTables(pool, w.topology, settings, clock.now())).inbox).toBe(0)
      await publishAgain(w, eventId, accountId)
      await expect
        .poll(async () => (await w.jsm.consumers.info(w.topology.stream, 'ledger-apply')).ack_floor.stream_seq, {
          timeout: 15_000,
        })
        .toBe(2)
      expect(await count(pool, 'SELECT count(*) AS n FROM applied WHERE event_id = $1', [eventId])).toBe(1)
      // Two seconds later on the clock the row is past the window and goes.
      clock.advance(2_000)
      expect((await pruneMessagingTables(pool, w.topology, settings, clock.now())).inbox).toBe(1)
      expect(await count(pool, 'SELECT count(*) AS n FROM inbox_message')).toBe(0)
    } finally {
      await consumer.stop()
    }
  }, 60_000)

  it('never prunes an unreplayed dead letter; a replayed one only after DEAD_LETTER_KEEP_DAYS', async () => {
    await using w = await ledgerWorld()
    const pool = w.consumerDb.pool
    const insert = (replayed: boolean) =>
      pool.query<{ id: string }>(
        `INSERT INTO dead_letter (id, consumer, subject, event_id, stream_seq, payload, headers, error, deliveries,
                                  created_at, replayed_at)
         VALUES ($1, 'ledger-apply', 'permit.ledger.entry.recorded.v1', NULL, 1, '{}', '{}', 'refused', 10,
                 now() - interval '400 days', CASE WHEN $2 THEN now() ELSE NULL END) RETURNING id`,
        [uuidv7(), replayed],
      )
    const unresolved = (await insert(false)).rows[0]?.id
    const replayed = (await insert(true)).rows[0]?.id
    const replayedAt = (
      await pool.query<{ t: Date }>('SELECT replayed_at AS t FROM dead_letter WHERE id = $1', [replayed])
    ).rows[0]?.t as Date
    const day = 86_400_000
    const clock = testClock(new Date(replayedAt.getTime() + settings.deadLetterKeepDays * day - 60_000))
    expect((await pruneMessagingTables(pool, w.topology, settings, clock.now())).deadLetters).toBe(0)
    clock.advance(120_000)
    expect((await pruneMessagingTables(pool, w.topology, settings, clock.now())).deadLetters).toBe(1)
    expect(await ids(pool, 'SELECT id FROM dead_letter')).toEqual([unresolved])
    clock.advanceDays(3650)
    await pruneMessagingTables(pool, w.topology, settings, clock.now())
    expect(await ids(pool, 'SELECT id FROM dead_letter')).toEqual([unresolved])
  })

  it('deletes in batches of at most `batch` rows, one statement each', async () => {
    await using w = await ledgerWorld()
    const pool = w.producerDb.pool
    const rows = 25
    const batch = 10
    await pool.query(
      `INSERT INTO outbox_message (id, subject, aggregate_id, payload, headers, sent_at, stream_seq)
       SELECT gen_random_uuid(), 'permit.ledger.entry.recorded.v1', 'a', '{}', '{}', now(), g FROM generate_series(1, $1) g`,
      [rows],
    )
    const deleted: number[] = []
    const counting = {
      query: async (text: string, values: unknown[]) => {
        const r = await pool.query(text, values)
        if (text.includes('DELETE FROM outbox_message')) deleted.push(r.rowCount ?? 0)
        return r
      },
    } as unknown as pg.Pool
    const clock = testClock(await dbNow(pool))
    clock.advanceDays(1)
    const pruned = await pruneMessagingTables(counting, w.topology, { ...settings, batch }, clock.now())
    const expected: number[] = []
    for (let left = rows; left >= 0; left -= batch) expected.push(Math.min(batch, left))
    expect(deleted).toEqual(expected)
    expect(pruned.outbox).toBe(rows)
    expect(await count(pool, 'SELECT count(*) AS n FROM outbox_message')).toBe(0)
  })
})
