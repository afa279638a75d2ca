import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { recordEntry } from './fixture/ledger.js'
import { count, ledgerWorld } from './helpers.js'

describe('relay wake-up', () => {
  it('publishes a change committed while a pass that found nothing was running at once, not at the next poll', async () => {
    await using w = await ledgerWorld()
    const channel = `outbox_${w.producerDb.schema}`
    const heard = await w.producerDb.pool.connect()
    let notified = 0
    heard.on('notification', () => {
      notified += 1
    })
    await heard.query(`LISTEN "${channel}"`)
    // The relay's pool, except that its first pass finding no unsent row lets a change commit (and its NOTIFY reach
    // the listeners) before that pass ends: the one moment a notification has no sleeping relay to wake.
    let armed = true
    const pool = new Proxy(w.producerDb.pool, {
      get(target, key) {
        if (key !== 'connect') {
          const v = Reflect.get(target, key)
          return typeof v === 'function' ? v.bind(target) : v
        }
        return async () => {
          const client = await target.connect()
          const query = client.query.bind(client) as (...a: unknown[]) => Promise<pg.QueryResult>
          Object.assign(client, {
            query: async (...args: unknown[]) => {
              const result = await query(...args)
              // The relay sends its statements as `{ text, name, values }` (prepared on the connection).
              const text =
                typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '')
              if (armed && text.includes('FOR UPDATE SKIP LOCKED') && result.rowCount === 0) {
                armed = false
                await recordEntry(w.producer, w.outbox, randomUUID(), 1)
                await expect.poll(() => notified, { timeout: 5_000 }).toBe(1)
              }
              return result
            },
          })
          return client
        }
      },
    })
    // The poll is an hour away: only the notification heard during the pass can have sent the change.
    const relay = w.relay({ pool, pollIntervalMs: 3_600_000 })
    await relay.start()
    try {
      await expect
        .poll(() => count(w.producerDb.pool, 'SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NOT NULL'), {
          timeout: 5_000,
        })
        .toBe(1)
      expect(armed).toBe(false)
    } finally {
      await relay.stop()
      await heard.query(`UNLISTEN "${channel}"`)
      heard.release()
    }
  })

  // A LISTEN connection's backend terminated (as an operator, or the test set-up's kept schemas, do): the relay listens
  // again, and nothing is thrown out of the connection's events. The CI run of 2026-12-07 04:18 saw a second release
  // of such a connection throw once (approval's unit-work.int, an uncaught exception); this test did not reproduce
  // that order of events, so it holds the recovery, and relay.ts's guard the single release.
  it('lets its LISTEN connection be terminated, listening and after it has stopped, without a second release', async () => {
    await using w = await ledgerWorld()
    const relay = w.relay({ pollIntervalMs: 200 })
    const listening = () =>
      count(w.producerDb.pool, "SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN%'")
    const terminate = () =>
      w.producerDb.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE usename = current_user AND pid <> pg_backend_pid() AND query LIKE '%LISTEN%'`,
      )
    const uncaught: unknown[] = []
    const hear = (err: unknown) => uncaught.push(err)
    process.on('uncaughtException', hear)
    try {
      await relay.start()
      await expect.poll(listening).toBeGreaterThan(0)
      // Terminated while it listens: it listens again.
      await terminate()
      await expect.poll(listening).toBeGreaterThan(0)
      await relay.stop()
      await terminate()
      await new Promise((resolve) => setTimeout(resolve, 500))
    } finally {
      process.off('uncaughtException', hear)
    }
    expect(uncaught).toEqual([])
  })

  it('stops at once when stopped during a pass, without sleeping out the poll interval', async () => {
    await using w = await ledgerWorld()
    // The poll an hour away: a relay that slept after the pass it was stopped in would hold stop() past the test's
    // timeout. Stopped before its first pass has connected, so no sleep has begun for stop() to wake.
    const relay = w.relay({ pollIntervalMs: 3_600_000 })
    await relay.start()
    await relay.stop()
    await recordEntry(w.producer, w.outbox, randomUUID(), 1)
    // Stopped for good: the change committed afterwards stays unsent.
    expect(await count(w.producerDb.pool, 'SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL')).toBe(1)
  })
})
