// Two replicas of a service run two relays over one outbox. Found by `pnpm test:faults`: approval's last task decision
// (aggregate: the task) and the step decision it causes (aggregate: the application) are written in one transaction;
// one relay locked a batch ending with the task decision while the other, skipping the locked rows, published the
// step decision first, and the gateway's read model refused a step decided before its tasks. Order per aggregate was
// kept; the outbox's order across aggregates — cause before effect — was not.

import { randomUUID } from 'node:crypto'
import { published } from '@onewindow/testing'
import { describe, expect, it } from 'vitest'
import { LedgerEntryRecordedV1 } from './fixture/ledger.js'
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
