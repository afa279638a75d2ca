import { spawn } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it, vi } from 'vitest'
import { publishableInOrder } from '../src/index.js'
import { recordEntry, startConsumer } from './fixture/ledger.js'
import { count, ledgerWorld } from './helpers.js'

const relayScript = fileURLToPath(new URL('./fixture/relay-process.ts', import.meta.url))

describe('publishableInOrder', () => {
  // Each row its own transaction and no project unless given: only the aggregate links them.
  const row = (aggregate_id: string, position: string, link: { tx?: string; projectId?: string } = {}) => ({
    aggregate_id,
    position,
    tx: link.tx ?? `tx-${position}`,
    payload: link.projectId === undefined ? {} : { projectId: link.projectId },
  })
  it('keeps, per aggregate, only the prefix of its unsent events that the batch holds', () => {
    const batch = [row('a', '1'), row('b', '2'), row('a', '5'), row('b', '9')]
    // b's position 7 is unsent and held elsewhere: b/9 must wait; a's events are all here.
    const unsent = [row('a', '1'), row('b', '2'), row('a', '5'), row('b', '7'), row('b', '9')]
    expect(publishableInOrder(batch, unsent)).toEqual([row('a', '1'), row('b', '2'), row('a', '5')])
  })
  it('holds back an aggregate whose earliest unsent event is not in the batch', () => {
    expect(publishableInOrder([row('a', '3')], [row('a', '2'), row('a', '3')])).toEqual([])
  })
  it('holds back, with a cause held back, its effects of other aggregates: same project or same transaction', () => {
    // A task decision (aggregate t) waits behind t's earlier event at 2; the step decision it caused (aggregate s, a
    // later transaction of the same project) and an event written with it (aggregate u) wait too. Project q's
    // events are another chain and go.
    const cause = row('t', '3', { tx: 'x1', projectId: 'p' })
    const effect = row('s', '4', { tx: 'x2', projectId: 'p' })
    const withEffect = row('u', '5', { tx: 'x2' })
    const other = row('v', '6', { tx: 'x3', projectId: 'q' })
    const batch = [cause, effect, withEffect, other]
    expect(publishableInOrder(batch, [row('t', '2'), ...batch])).toEqual([other])
    // Nothing held back: the whole batch goes.
    expect(publishableInOrder(batch, batch)).toEqual(batch)
  })
})

describe('outbox → relay → JetStream → inbox', () => {
  it('delivers a committed change to a consumer in another schema, once', async () => {
    await using w = await ledgerWorld()
    const outbox = w.outbox
    const relay = w.relay({ pollIntervalMs: 200 })
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology)
    await relay.start()
    const account = randomUUID()
    await recordEntry(w.producer, outbox, account, 42)
    await expect.poll(() => count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied'), { timeout: 10_000 }).toBe(1)
    const sent = await w.producerDb.pool.query('SELECT sent_at, stream_seq FROM outbox_message')
    expect(sent.rows[0].sent_at).not.toBeNull()
    expect(Number(sent.rows[0].stream_seq)).toBeGreaterThan(0)
    await relay.stop()
    await consumer.stop()
  })

  it('a rolled-back change publishes nothing', async () => {
    await using w = await ledgerWorld()
    const outbox = w.outbox
    await expect(
      w.producer.$transaction(async (tx) => {
        await outbox.add(tx, {
          event: (await import('./fixture/ledger.js')).LedgerEntryRecordedV1,
          body: { accountId: 'x', version: 1, amount: 1 },
          aggregateId: 'x',
        })
        throw new Error('the state change failed')
      }),
    ).rejects.toThrow('the state change failed')
    expect(await count(w.producerDb.pool, 'SELECT count(*) AS n FROM outbox_message')).toBe(0)
  })

  it('refuses an event body that fails its schema before anything is written', async () => {
    await using w = await ledgerWorld()
    const { LedgerEntryRecordedV1 } = await import('./fixture/ledger.js')
    const outbox = w.outbox
    await expect(
      w.producer.$transaction((tx) =>
        outbox.add(tx, {
          event: LedgerEntryRecordedV1,
          body: { accountId: 'x', version: 0, amount: 1 },
          aggregateId: 'x',
        }),
      ),
    ).rejects.toMatchObject({ code: 'MESSAGING_EVENT_BODY_INVALID' })
  })

  it('loses nothing and applies nothing twice while the relay is killed at random points (1,000 changes)', {
    timeout: 240_000,
  }, async () => {
    await using w = await ledgerWorld()
    const outbox = w.outbox
    const consumer = await startConsumer(w.nc, w.consumerDb.pool, w.consumer, w.topology, undefined, {
      concurrency: 32,
    })
    const crashes = { 'before-publish': 0, 'after-publish': 0 }
    let producing = true
    let round = 0
    const runRelay = (crashPoint?: 'before-publish' | 'after-publish') =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', relayScript], {
          env: {
            ...process.env,
            DATABASE_URL: w.producerDb.url,
            NATS_URL: inject('natsUrl'),
            PREFIX: w.topology.prefix,
            ...(crashPoint ? { CRASH_POINT: crashPoint, CRASH_PROBABILITY: '0.5' } : {}),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        let stderr = ''
        child.stderr.on('data', (d) => {
          stderr += String(d)
          for (const line of String(d).split('\n'))
            if (line.startsWith('relay error')) process.stderr.write(`${line}\n`)
        })
        child.once('exit', (code, signal) => {
          for (const p of ['before-publish', 'after-publish'] as const) if (stderr.includes(`crash:${p}`)) crashes[p]++
          if (signal === 'SIGKILL' || code === 0) resolve()
          else reject(new Error(`relay exited ${code ?? signal}: ${stderr}`))
        })
        // Without a crash point the relay runs until told to stop.
        if (!crashPoint) stopLast = () => child.kill('SIGTERM')
      })
    let stopLast = () => {}

    // The supervisor restarts the relay whenever it dies, alternating the point where it is killed.
    const supervisor = (async () => {
      while (producing) await runRelay(round++ % 2 === 0 ? 'before-publish' : 'after-publish')
    })()

    const accounts = Array.from({ length: 50 }, () => randomUUID())
    const expected = new Map<string, number>()
    for (let i = 0; i < 1000; i += 10) {
      // Keep the relay dying while changes are still being committed: at least one kill per hundred changes.
      if (i % 100 === 0) {
        const chunk = i / 100
        await vi.waitFor(
          async () => {
            const unsent = await count(
              w.producerDb.pool,
              'SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL',
            )
            expect(unsent === 0 || crashes['before-publish'] + crashes['after-publish'] >= chunk).toBe(true)
          },
          { timeout: 30_000, interval: 50 },
        )
      }
      await Promise.all(
        accounts.slice(((i / 10) % 5) * 10, ((i / 10) % 5) * 10 + 10).map((a, j) => {
          const amount = ((i + j) % 97) + 1
          expected.set(a, (expected.get(a) ?? 0) + amount)
          return recordEntry(w.producer, outbox, a, amount)
        }),
      )
    }
    producing = false
    await supervisor
    // A last relay without faults drains what is left.
    const final = runRelay()
    await expect
      .poll(() => count(w.producerDb.pool, 'SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL'), {
        timeout: 60_000,
        interval: 200,
      })
      .toBe(0)
    await expect
      .poll(() => count(w.consumerDb.pool, 'SELECT count(*) AS n FROM applied'), { timeout: 60_000, interval: 200 })
      .toBe(1000)
    stopLast()
    await final
    await consumer.stop()

    expect(crashes['before-publish']).toBeGreaterThan(0)
    expect(crashes['after-publish']).toBeGreaterThan(0)
    // Exactly once: 1,000 inbox rows, 1,000 applied rows, the same checksum on both sides.
    expect(await count(w.consumerDb.pool, 'SELECT count(*) AS n FROM inbox_message')).toBe(1000)
    expect(await count(w.consumerDb.pool, 'SELECT count(*) AS n FROM dead_letter')).toBe(0)
    const digest = async (pool: import('pg').Pool, sql: string) =>
      createHash('sha256')
        .update(JSON.stringify((await pool.query(sql)).rows))
        .digest('hex')
    const producerSide = await digest(w.producerDb.pool, 'SELECT id::text AS account, total FROM account ORDER BY id')
    const consumerSide = await digest(
      w.consumerDb.pool,
      'SELECT account_id::text AS account, sum(amount)::int AS total FROM applied GROUP BY account_id ORDER BY account_id',
    )
    expect(consumerSide).toBe(producerSide)
    const totals = await w.producerDb.pool.query<{ id: string; total: number }>('SELECT id, total FROM account')
    for (const r of totals.rows) expect(r.total).toBe(expected.get(r.id))
    // In order per aggregate: the consumer applied each account's versions 1..n in that order.
    const order = await w.consumerDb.pool.query<{ ok: boolean }>(
      `SELECT bool_and(version = rn) AS ok FROM (
           SELECT version, row_number() OVER (PARTITION BY account_id ORDER BY position) AS rn FROM applied) s`,
    )
    expect(order.rows[0]?.ok).toBe(true)
  })
})
