// Two replicas of a service run two relays over one outbox. Found by `pnpm test:faults`: approval's last task decision
// (aggregate: the task) and the step decision it causes (aggregate: the application) are written in one transaction;
// one relay locked a batch ending with the task decision while the other, skipping the locked rows, published the
// step decision first, and the gateway's read model refused a step decided before its tasks. Order per aggregate was
// kept; the outbox's order across aggregates — cause before effect — was not.

import { randomUUID } from 'node:crypto'
import { published } from '@onewindow/testing'
import { describe, expect, it } from 'vitest'
import { LedgerEntryRecordedV1, recordEntry } from './fixture/ledger.js'
import { count, ledgerWorld } from './helpers.js'

describe('two relays over one outbox (two replicas)', () => {
  it('publish in outbox order across aggregates: an effect never before its cause of the same transaction', async () => {
    await using w = await ledgerWorld()
    // Ten transactions, each a cause (one aggregate) then its effect (another), as approval's decisions are.
    const pairs = Array.from({ length: 10 }, () => ({ cause: randomUUID(), effect: randomUUID() }))
    for (const { cause, effect } of pairs) {
      await w.producer.$transaction(async (tx) => {
        await w.outbox.add(tx, {
          event: LedgerEntryRecordedV1,
          body: { accountId: cause, version: 1, amount: 1 },
          aggregateId: cause,
        })
        await w.outbox.add(tx, {
          event: LedgerEntryRecordedV1,
          body: { accountId: effect, version: 1, amount: 2 },
          aggregateId: effect,
        })
      })
    }
    // Batches of three split every other transaction between two relays; the first one to lock a batch is slow to
    // publish it, so the other has every chance to go ahead.
    let slowed = false
    const first = w.relay({
      batchSize: 3,
      pollIntervalMs: 50,
      faults: {
        async beforePublish() {
          if (slowed) return
          slowed = true
          await new Promise((r) => setTimeout(r, 500))
        },
      },
    })
    const second = w.relay({ batchSize: 3, pollIntervalMs: 50 })
    await first.start()
    await second.start()
    await expect
      .poll(() => count(w.producerDb.pool, 'SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL'), {
        timeout: 15_000,
      })
      .toBe(0)
    await first.stop()
    await second.stop()
    const order = (await published(w.nc, w.topology, LedgerEntryRecordedV1)).map((b) => b.accountId)
    expect(order.length).toBe(pairs.length * 2)
    // Stream order is outbox order: the pairs, each cause right before its effect.
    expect(order).toEqual(pairs.flatMap((p) => [p.cause, p.effect]))
  })
})

describe('a cause held back holds back its effect', () => {
  it('an earlier event of the cause’s aggregate held elsewhere keeps the effect of another aggregate unsent too', async () => {
    // Found by `pnpm test:faults`: a relay's statement saw an event another relay had just sent as still unsent (its
    // snapshot predates that relay's commit), held back the next event of that aggregate — a task decision — and
    // published the step decision it caused, another aggregate of the same project, ahead of it. Here the earlier
    // event is held by a transaction of the test's own, which the relay skips and sees unsent.
    await using w = await ledgerWorld()
    const project = randomUUID()
    const task = randomUUID()
    const step = randomUUID()
    await recordEntry(w.producer, w.outbox, task, 1, project)
    await recordEntry(w.producer, w.outbox, task, 2, project)
    await recordEntry(w.producer, w.outbox, step, 3, project)
    const holder = await w.producerDb.pool.connect()
    try {
      await holder.query('BEGIN')
      await holder.query(
        `SELECT id FROM outbox_message WHERE position = (SELECT min(position) FROM outbox_message) FOR UPDATE`,
      )
      const relay = w.relay({ pollIntervalMs: 60_000 })
      await relay.flush()
      // Neither the task's second event nor the step's, which follows it in its project, went out.
      expect(await count(w.producerDb.pool, 'SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL')).toBe(3)
      await holder.query('COMMIT')
      await relay.flush()
      expect(await count(w.producerDb.pool, 'SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL')).toBe(0)
    } finally {
      holder.release()
    }
    const order = (await published(w.nc, w.topology, LedgerEntryRecordedV1)).map((b) => [b.accountId, b.amount])
    expect(order).toEqual([
      [task, 1],
      [task, 2],
      [step, 3],
    ])
  })
})
