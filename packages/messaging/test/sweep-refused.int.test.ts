// A timer whose `write` adds an event the outbox refuses — larger than NATS takes, or failing its schema — used to
// fail its whole pass on every run: the outbox threw for the batch's transaction, so no row of the batch (nor any
// batch after it, nor, in approval's scan-clocks, any scanner after it) was ever written. `sweep` now undoes that
// batch, runs it again without the row and names the row to `skipped`, whether or not its `decide` judged the events.
import { randomUUID } from 'node:crypto'
import { NATS_MAX_PAYLOAD } from '@onewindow/contracts'
import { createTestSchema } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { createOutbox, EventBodyInvalidError, EventTooLargeError, pgTransaction, sweep } from '../src/index.js'
import { LedgerEntryRecordedV1, migrationsDir, prismaFor } from './fixture/ledger.js'

async function world() {
  const db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'sweepref')
  const prisma = prismaFor(db.pool, db.schema)
  type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0]
  const transaction = pgTransaction<Tx>(db.pool, prisma)
  const outbox = createOutbox({ source: 'producer', now: () => new Date('2027-01-16T09:00:00.000Z') })
  // Ten accounts, each due once (version 1): the timer raises it to version 2 and tells it with one event.
  const ids = Array.from({ length: 10 }, () => randomUUID()).sort()
  for (const id of ids) await db.pool.query('INSERT INTO account (id, version, total) VALUES ($1, 1, 0)', [id])
  const run = async (
    withOutside: boolean,
    // What a row's body has beyond or instead of its fields: a note filling it past NATS's limit, an amount in words.
    overrides: ReadonlyMap<string, object>,
    batch = 4,
  ): Promise<{ written: number; skipped: Array<[string, unknown]> }> => {
    const skipped: Array<[string, unknown]> = []
    const runner = withOutside ? transaction : Object.assign(<T>(fn: (tx: Tx) => Promise<T>) => transaction(fn), {})
    const written = await sweep({
      transaction: runner,
      batch,
      candidates: async (tx, after, limit) =>
        (
          await tx.$queryRaw<Array<{ id: string }>>`
            SELECT id::text AS id FROM account WHERE version = 1 AND (${after ?? null}::uuid IS NULL OR id > ${after ?? null}::uuid)
             ORDER BY id LIMIT ${limit}`
        ).map((r) => r.id),
      read: async (tx, id, lock) => {
        const rows = lock
          ? await tx.$queryRaw<Array<{ id: string; version: number }>>`
              SELECT id::text AS id, version FROM account WHERE id = ${id}::uuid FOR UPDATE SKIP LOCKED`
          : await tx.$queryRaw<Array<{ id: string; version: number }>>`
              SELECT id::text AS id, version FROM account WHERE id = ${id}::uuid`
        return rows[0]
      },
      decide: (row) => (row.version === 1 ? row : undefined),
      skipped: (id, error) => skipped.push([id, error]),
      // The state first, then the event: what the outbox refuses must take the row's own update back with it.
      write: async (tx, row) => {
        await tx.$executeRaw`UPDATE account SET version = 2, total = total + 1 WHERE id = ${row.id}::uuid`
        await outbox.add(tx, {
          event: LedgerEntryRecordedV1,
          body: { accountId: row.id, version: 2, amount: 1, ...overrides.get(row.id) } as never,
          aggregateId: row.id,
        })
        return 1
      },
    })
    return { written, skipped }
  }
  const state = async () =>
    new Map(
      (await db.pool.query<{ id: string; version: number }>('SELECT id::text AS id, version FROM account')).rows.map(
        (r) => [r.id, r.version],
      ),
    )
  const told = async () =>
    new Set((await db.pool.query<{ a: string }>('SELECT aggregate_id AS a FROM outbox_message')).rows.map((r) => r.a))
  return {
    ids,
    run,
    state,
    told,
    async [Symbol.asyncDispose]() {
      await prisma.$disconnect()
      await db.drop()
    },
  }
}

describe('a sweep whose write the outbox refuses for one row', () => {
  for (const withOutside of [true, false])
    it(`skips that row, names it, and writes the others of its batch and the batches after (${withOutside ? 'looked at outside' : 'all in the transaction'})`, async () => {
      await using w = await world()
      const [, tooLarge, , , , invalid] = w.ids as [string, string, string, string, string, string]
      // `note` is undeclared, which the schema lets through (only NATS's limit stops it); `amount` in words is not.
      const overrides = new Map<string, object>([
        [tooLarge, { note: 'x'.repeat(NATS_MAX_PAYLOAD) }],
        [invalid, { amount: 'one' }],
      ])
      const run = await w.run(withOutside, overrides)
      expect(run.written).toBe(8)
      expect(run.skipped.map(([id]) => id)).toEqual([tooLarge, invalid])
      expect(run.skipped[0]?.[1]).toBeInstanceOf(EventTooLargeError)
      expect(run.skipped[1]?.[1]).toBeInstanceOf(EventBodyInvalidError)
      const after = await w.state()
      // A refused row's own update went back with its event: it stays due; the others (both batches) are done.
      const refused = new Set([tooLarge, invalid])
      for (const id of w.ids) expect([id, after.get(id)]).toEqual([id, refused.has(id) ? 1 : 2])
      expect(await w.told()).toEqual(new Set(w.ids.filter((id) => !refused.has(id))))
      // The next pass meets them again, skips them again and fails nothing.
      const again = await w.run(withOutside, overrides)
      expect(again.written).toBe(0)
      expect(again.skipped.map(([id]) => id)).toEqual([tooLarge, invalid])
    })
})
