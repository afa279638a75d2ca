// The relay publishes chains — rows linked by an aggregate, a transaction or a project (`orderingChains`) — side by
// side, each one event at a time, and an event that names no project alone (`publishingStages`). These check,
// against the real PostgreSQL and NATS, that a failed publish stops its own chain only, and that whatever publishes
// fail and however the chains' publishes interleave, the stream holds each aggregate's, each transaction's and each
// project's events in outbox order, and a project-less event after everything before it and before everything after.

import { randomUUID } from 'node:crypto'
import type { JetStreamClient, PubAck } from '@nats-io/jetstream'
import { jetstream } from '@nats-io/jetstream'
import { published } from '@onewindow/testing'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LedgerEntryRecordedV1 } from './fixture/ledger.js'
import { count, ledgerWorld } from './helpers.js'

type World = Awaited<ReturnType<typeof ledgerWorld>>
type Entry = LedgerEntryRecordedV1 & { projectId?: string }

/**
 * A JetStream client whose publishes of the given message ids fail once, after `failAfterMs`, without reaching NATS
 * (as one lost with a dying socket); every other publish reaches NATS after `delayMs()` — so publishes in flight
 * together reach the stream in an order of their own, as they may across a reconnect.
 */
const unreliable = (
  js: JetStreamClient,
  lose: Set<string>,
  opts: { failAfterMs: number; delayMs?: () => number },
): JetStreamClient =>
  new Proxy(js, {
    get(target, prop, receiver) {
      if (prop !== 'publish') return Reflect.get(target, prop, receiver)
      return (subject: string, data: unknown, o?: { msgID?: string }): Promise<PubAck> => {
        if (lose.delete(o?.msgID ?? '')) {
          return new Promise((_, reject) =>
            setTimeout(() => reject(new Error('TIMEOUT: publish lost')), opts.failAfterMs),
          )
        }
        const wait = opts.delayMs?.() ?? 0
        return new Promise((resolve) => setTimeout(resolve, wait)).then(() =>
          target.publish(subject, data as string, o),
        )
      }
    },
  })

/** Commits one transaction of the given entries, in order; returns their outbox ids. */
async function commit(w: World, entries: Entry[]): Promise<string[]> {
  return w.producer.$transaction(async (tx) => {
    const ids: string[] = []
    for (const e of entries) {
      const [id] = await w.outbox.add(tx, { event: LedgerEntryRecordedV1, body: e, aggregateId: e.accountId })
      ids.push(id as string)
    }
    return ids
  })
}

const unsent = (w: World) => count(w.producerDb.pool, 'SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL')

describe('the relay publishing chains side by side', () => {
  it('stops the chain whose publish failed, in order, while another aggregate’s events go out', async () => {
    await using w = await ledgerWorld()
    const a = randomUUID()
    const b = randomUUID()
    // Two projects (an event that names none is published alone).
    const projectOf: Record<string, string> = { [a]: randomUUID(), [b]: randomUUID() }
    const ids: Record<string, string> = {}
    // A1 B1 A2 B2 A3 B3, each its own transaction.
    for (const version of [1, 2, 3]) {
      for (const [name, accountId] of [
        ['A', a],
        ['B', b],
      ] as const) {
        const [id] = await commit(w, [{ accountId, version, amount: 1, projectId: projectOf[accountId] as string }])
        ids[`${name}${version}`] = id as string
      }
    }
    const relay = w.relay({ js: unreliable(jetstream(w.nc), new Set([ids['A2'] as string]), { failAfterMs: 100 }) })
    // One pass: A2 is lost, so A stops there; B goes on to its end in the same pass.
    await expect(relay.flush()).rejects.toThrow(/publish lost/)
    const state = await w.producerDb.pool.query<{ aggregate_id: string; version: number; sent: boolean }>(
      `SELECT aggregate_id, (payload->>'version')::int AS version, sent_at IS NOT NULL AS sent
         FROM outbox_message ORDER BY position`,
    )
    expect(
      state.rows.map((r) => `${r.aggregate_id === a ? 'A' : 'B'}${r.version}:${r.sent ? 'sent' : 'unsent'}`),
    ).toEqual(['A1:sent', 'B1:sent', 'A2:unsent', 'B2:sent', 'A3:unsent', 'B3:sent'])
    // The next pass sends A's rest, in order.
    expect(await relay.flush()).toBe(2)
    expect(await unsent(w)).toBe(0)
    const order = (await published(w.nc, w.topology, LedgerEntryRecordedV1)).map(
      (e) => `${e.accountId === a ? 'A' : 'B'}${e.version}`,
    )
    expect(order).toEqual(['A1', 'B1', 'B2', 'B3', 'A2', 'A3'])
  })

  describe('over random interleavings and lost publishes', () => {
    let w: World
    beforeAll(async () => {
      w = await ledgerWorld()
    })
    afterAll(async () => {
      await w?.[Symbol.asyncDispose]()
    })

    it('the stream holds every aggregate’s, transaction’s and project’s events in outbox order, each once', async () => {
      // A run: transactions of one to three entries over four aggregates and three projects (or, one in four, none),
      // some publishes lost once, each other publish delayed at random.
      const runArb = fc.record({
        transactions: fc.array(
          fc.array(
            fc.record({
              aggregate: fc.integer({ min: 0, max: 3 }),
              project: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined, freq: 4 }),
            }),
            { minLength: 1, maxLength: 3 },
          ),
          { minLength: 1, maxLength: 12 },
        ),
        lost: fc.array(fc.nat(), { maxLength: 4 }),
        delays: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 16 }),
      })
      let sequence = 0
      await fc.assert(
        fc.asyncProperty(runArb, async ({ transactions, lost, delays }) => {
          const aggregates = Array.from({ length: 4 }, () => randomUUID())
          const projects = Array.from({ length: 3 }, () => randomUUID())
          // `version` numbers the run's entries in outbox order; `amount` names the transaction.
          const written: Array<Entry & { tx: number }> = []
          const ids: string[] = []
          for (const [t, entries] of transactions.entries()) {
            const bodies = entries.map((e) => {
              sequence += 1
              const body: Entry = { accountId: aggregates[e.aggregate] as string, version: sequence, amount: t }
              if (e.project !== undefined) body.projectId = projects[e.project] as string
              written.push({ ...body, tx: t })
              return body
            })
            ids.push(...(await commit(w, bodies)))
          }
          const lose = new Set(lost.map((i) => ids[i % ids.length] as string))
          let turn = 0
          const relay = w.relay({
            js: unreliable(jetstream(w.nc), lose, {
              failAfterMs: 10,
              delayMs: () => delays[turn++ % delays.length] as number,
            }),
          })
          for (let pass = 0; (await unsent(w)) > 0; pass++) {
            if (pass > 20) throw new Error('the relay did not drain the outbox')
            await relay.flush().catch(() => {})
          }
          const mine = new Set<string>(aggregates)
          const stream = (await published(w.nc, w.topology, LedgerEntryRecordedV1)).filter((e) =>
            mine.has(e.accountId),
          ) as Entry[]
          // Every entry once.
          expect(stream.map((e) => e.version).sort((x, y) => x - y)).toEqual(written.map((e) => e.version))
          const inOrder = (key: (e: Entry) => string | undefined) => {
            const last = new Map<string, number>()
            for (const e of stream) {
              const k = key(e)
              if (k === undefined) continue
              expect(e.version, `${k}: ${e.version} after ${last.get(k)}`).toBeGreaterThan(last.get(k) ?? 0)
              last.set(k, e.version)
            }
          }
          inOrder((e) => `aggregate ${e.accountId}`)
          inOrder((e) => `transaction ${e.amount}`)
          inOrder((e) => (e.projectId === undefined ? undefined : `project ${e.projectId}`))
          // A project-less event: everything before it in the outbox is before it in the stream, and after it, after.
          stream.forEach((e, i) => {
            if (e.projectId !== undefined) return
            for (const before of stream.slice(0, i)) expect(before.version).toBeLessThan(e.version)
            for (const after of stream.slice(i + 1)) expect(after.version).toBeGreaterThan(e.version)
          })
        }),
        { numRuns: 15 },
      )
    }, 120_000)
  })
})
