// Found by `pnpm test:faults`: approval's stream held a step decision ahead of the task decision written before it in
// the same transaction. The relay published a batch pipelined on one connection and awaited the acknowledgements
// together: when the connection died under the task decision, that publish was lost with the socket, while the step
// decision, still in the client's buffer, went out after the reconnect and was acknowledged — and marked sent, being
// of another aggregate. The task decision followed on the next pass, after its effect. Here the publish of each pair's
// cause is lost once (the broker never sees it, the caller gets an error), as a dying socket loses it.
//
// Since the relay publishes chains side by side (`orderingChains`: rows linked by aggregate, transaction or project),
// the promise is order within a chain, not across the whole outbox: a pair whose cause was lost is held back, its
// effect with it, while the other pairs — other chains — go out in the same pass.

import { randomUUID } from 'node:crypto'
import type { JetStreamClient, PubAck } from '@nats-io/jetstream'
import { jetstream } from '@nats-io/jetstream'
import { published } from '@onewindow/testing'
import { describe, expect, it } from 'vitest'
import { LedgerEntryRecordedV1 } from './fixture/ledger.js'
import { count, ledgerWorld } from './helpers.js'

/** A JetStream client whose publishes of the given message ids are lost once, with a timeout, before reaching NATS. */
const losingOnce = (js: JetStreamClient, lose: Set<string>, lost: string[]): JetStreamClient =>
  new Proxy(js, {
    get(target, prop, receiver) {
      if (prop !== 'publish') return Reflect.get(target, prop, receiver)
      return (subject: string, data: unknown, opts?: { msgID?: string }): Promise<PubAck> => {
        const id = opts?.msgID ?? ''
        if (lose.delete(id)) {
          lost.push(id)
          // Settles after the publishes that follow it were sent and acknowledged, as a timeout does.
          return new Promise((_, reject) => setTimeout(() => reject(new Error('TIMEOUT: publish lost')), 200))
        }
        return target.publish(subject, data as string, opts)
      }
    },
  })

describe('the relay when one publish of a batch is lost', () => {
  it('never lets a later event of its transaction reach the stream before it, nor holds back other transactions', async () => {
    await using w = await ledgerWorld()
    // Each pair of one project, as approval's task and step decisions are (a project-less event is published alone).
    const pairs = Array.from({ length: 6 }, () => ({
      cause: randomUUID(),
      effect: randomUUID(),
      projectId: randomUUID(),
    }))
    const causeIds: string[] = []
    for (const { cause, effect, projectId } of pairs) {
      const entry = (accountId: string, amount: number): LedgerEntryRecordedV1 =>
        Object.assign({ accountId, version: 1, amount }, { projectId })
      await w.producer.$transaction(async (tx) => {
        const [causeId] = await w.outbox.add(tx, {
          event: LedgerEntryRecordedV1,
          body: entry(cause, 1),
          aggregateId: cause,
        })
        causeIds.push(causeId as string)
        await w.outbox.add(tx, {
          event: LedgerEntryRecordedV1,
          body: entry(effect, 2),
          aggregateId: effect,
        })
      })
    }
    // The second and fifth transactions' causes are lost once; the whole outbox is one batch.
    const lose = new Set([causeIds[1] as string, causeIds[4] as string])
    const lost: string[] = []
    const errors: unknown[] = []
    const relay = w.relay({
      js: losingOnce(jetstream(w.nc), lose, lost),
      pollIntervalMs: 50,
      retryMs: 20,
      onError: (err) => errors.push(err),
    })
    await relay.start()
    await expect
      .poll(() => count(w.producerDb.pool, 'SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL'), {
        timeout: 15_000,
      })
      .toBe(0)
    await relay.stop()
    // The losses happened and were reported: the test exercised what it claims to.
    expect(lost).toEqual([causeIds[1], causeIds[4]])
    expect(errors.length).toBeGreaterThanOrEqual(1)
    const order = (await published(w.nc, w.topology, LedgerEntryRecordedV1)).map((b) => b.accountId)
    // Every event once; each cause before its effect; and the pairs untouched by a loss went out in the pass that
    // lost the others' causes (chains side by side, so in no order among themselves), before the two held back.
    expect([...order].sort()).toEqual(pairs.flatMap((p) => [p.cause, p.effect]).sort())
    for (const p of pairs) expect(order.indexOf(p.cause)).toBeLessThan(order.indexOf(p.effect))
    const held = new Set<string | undefined>([1, 4].flatMap((i) => [pairs[i]?.cause, pairs[i]?.effect]))
    expect(order.slice(-4).every((id) => held.has(id))).toBe(true)
  })
})
