import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/nats-core'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { createTestSchema, createTestTopology, type TestSchema, type TestTopology } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  type AppliedBatch,
  applyInOrder,
  createOrderedReader,
  deadLetterSubject,
  type OrderedReader,
  pgTransaction,
  type ReadModelDefinition,
  ReadModelRefusal,
  wireSubject,
} from '../src/index.js'
import { type Ledger, LedgerEntryRecordedV1, migrationsDir, prismaFor } from './fixture/ledger.js'
import { count } from './helpers.js'

type Tx = Parameters<Parameters<Ledger['$transaction']>[0]>[0]

let nc: NatsConnection
let topo: TestTopology
let db: TestSchema
let prisma: Ledger

beforeAll(async () => {
  nc = await connect({ servers: inject('natsUrl') })
  topo = await createTestTopology(nc)
  db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'readmodel')
  prisma = prismaFor(db.pool, db.schema)
  // The read model's own tables: the cursor as a read model's migration creates it, and what it projects.
  await db.pool.query(
    'CREATE TABLE read_model_cursor (name text PRIMARY KEY, last_sequence bigint NOT NULL, previous_sequence bigint NOT NULL DEFAULT 0)',
  )
  await db.pool.query('CREATE TABLE seen (seq bigint PRIMARY KEY, account text NOT NULL, amount int NOT NULL)')
})
afterAll(async () => {
  await prisma?.$disconnect()
  await db?.drop()
  await topo?.delete()
  await nc?.close()
})

const NAME = 'ledger-read-model'
const definition: ReadModelDefinition<Tx> = {
  name: NAME,
  handlers: [
    {
      event: LedgerEntryRecordedV1,
      async apply({ tx, event, seq }) {
        const e = event as LedgerEntryRecordedV1
        // Written first, so the refusal below has something to roll back.
        await tx.$executeRaw`INSERT INTO seen (seq, account, amount) VALUES (${seq}::bigint, ${e.accountId}, ${e.amount})`
        if (e.amount < 0) throw new ReadModelRefusal(`a negative amount (${e.amount}) cannot be applied`)
      },
    },
  ],
}

const publish = async (subject: string, body: unknown, eventId: string | undefined = uuidv7()) => {
  const h = natsHeaders()
  if (eventId) h.set('ce-id', eventId)
  const ack = await jetstream(nc).publish(wireSubject(topo.topology, subject), JSON.stringify(body), { headers: h })
  return ack.seq
}
const entry = (amount: number) => publish(LedgerEntryRecordedV1.subject, { accountId: 'a', version: 1, amount })

/** A ledger event as the reader hands it on. */
const message = (seq: number, amount: number, accountId = 't') => ({
  seq,
  subject: LedgerEntryRecordedV1.subject,
  data: new TextEncoder().encode(JSON.stringify({ accountId, version: 1, amount })),
  headers: { 'ce-id': uuidv7() },
})

/** `target` with every tagged statement it is sent recorded in `sent` (its first three words), then run. */
const recording = <T extends object>(target: T, sent: string[]): T =>
  new Proxy(target, {
    get(t, key, receiver) {
      const value = Reflect.get(t, key, receiver)
      if (key !== '$executeRaw' && key !== '$queryRaw') return value
      return (query: TemplateStringsArray, ...values: unknown[]) => {
        sent.push(query.join('?').trim().split(/\s+/).slice(0, 3).join(' '))
        return (value as (q: TemplateStringsArray, ...v: unknown[]) => unknown).call(t, query, ...values)
      }
    },
  })

const cursor = async () =>
  Number(
    (await db.pool.query('SELECT last_sequence FROM read_model_cursor WHERE name = $1', [NAME])).rows[0]
      ?.last_sequence ?? 0,
  )
const batches: number[] = []
const reader = (): OrderedReader =>
  createOrderedReader({
    js: jetstream(nc),
    topology: topo.topology,
    name: NAME,
    subjects: 'permit.>',
    lastApplied: cursor,
    applyBatch: async (batch) => {
      batches.push(batch.length)
      return applyInOrder((apply) => prisma.$transaction(apply), definition, batch)
    },
  })
const until = async (check: () => Promise<boolean>) => expect.poll(check, { timeout: 10_000, interval: 20 }).toBe(true)

describe('a read model applied in order', () => {
  it('applies in stream order, refuses and dead-letters what it cannot apply, moves past unknown subjects; replicas and restarts apply nothing twice', async () => {
    const first = [await entry(1), await entry(2)]
    const refused = await entry(-5)
    const unknown = await publish('permit.approval.other.thing.v1', { whatever: true })
    const invalid = await publish(LedgerEntryRecordedV1.subject, { accountId: 'a' })
    const noId = await publish(LedgerEntryRecordedV1.subject, { accountId: 'a', version: 1, amount: 3 }, '')
    const after = await entry(4)

    const one = reader()
    await one.start()
    await until(async () => (await cursor()) === after)
    expect(one.appliedThrough()).toBe(after)
    // In stream order, each once; the refused event's own write was rolled back to its savepoint.
    const seen = (await db.pool.query('SELECT seq::int, amount FROM seen ORDER BY seq')).rows
    expect(seen).toEqual([
      { seq: first[0], amount: 1 },
      { seq: first[1], amount: 2 },
      { seq: after, amount: 4 },
    ])
    const letters = (
      await db.pool.query('SELECT stream_seq::int AS seq, consumer, error FROM dead_letter ORDER BY stream_seq')
    ).rows
    expect(letters).toEqual([
      { seq: refused, consumer: NAME, error: 'a negative amount (-5) cannot be applied' },
      { seq: invalid, consumer: NAME, error: expect.stringMatching(/^schema: /) },
      { seq: noId, consumer: NAME, error: 'no event id (ce-id) header' },
    ])
    expect(unknown).toBeGreaterThan(refused)
    // Copied to the read model's dead-letter subject after the commit; outside `permit.>`, so never read back.
    const jsm = await jetstreamManager(nc)
    await until(async () => {
      const copy = await jsm.streams
        .getMessage(topo.topology.stream, { last_by_subj: deadLetterSubject(topo.topology, NAME) })
        .catch(() => null)
      return copy?.header.get('ow-dead-letter-error') === 'no event id (ce-id) header'
    })

    // A second replica on the same cursor: both read everything, the cursor's row lock lets one apply each batch.
    const two = reader()
    await two.start()
    const more: number[] = []
    for (let i = 0; i < 40; i += 1) more.push(await entry(10 + i))
    const last = more.at(-1) as number
    await until(async () => (await cursor()) === last && two.appliedThrough() === last && one.appliedThrough() === last)
    expect(await count(db.pool, 'SELECT count(*) AS n FROM seen')).toBe(43)
    expect(await count(db.pool, 'SELECT count(DISTINCT seq) AS n FROM seen')).toBe(43)
    expect(await count(db.pool, 'SELECT count(*) AS n FROM dead_letter')).toBe(3)
    // What arrived while a batch committed went in fewer transactions than messages.
    expect(batches.some((n) => n > 1)).toBe(true)

    // Stopped, then started again: it resumes after the cursor.
    await one.stop()
    await two.stop()
    expect(one.healthy()).toBe(false)
    const tail = [await entry(100), await entry(101)]
    const three = reader()
    await three.start()
    await until(async () => (await cursor()) === tail[1])
    await three.stop()
    expect((await db.pool.query('SELECT seq::int FROM seen WHERE amount >= 100 ORDER BY seq')).rows).toEqual([
      { seq: tail[0] },
      { seq: tail[1] },
    ])
    expect(await count(db.pool, 'SELECT count(*) AS n FROM seen')).toBe(45)
  })

  it('is unhealthy while a batch keeps failing, and healthy again once it applies, nothing lost', async () => {
    let down = true
    const flaky = createOrderedReader({
      js: jetstream(nc),
      topology: topo.topology,
      name: NAME,
      subjects: 'permit.>',
      lastApplied: cursor,
      retryMs: 10,
      maxRetryMs: 20,
      applyBatch: async (batch) => {
        if (down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
        return applyInOrder((apply) => prisma.$transaction(apply), definition, batch)
      },
    })
    await flaky.start()
    try {
      const seq = await entry(7)
      await until(async () => !flaky.healthy())
      expect(await cursor()).toBeLessThan(seq)
      down = false
      await until(async () => (await cursor()) === seq)
      await until(async () => flaky.healthy())
      expect((await db.pool.query('SELECT amount FROM seen WHERE seq = $1', [seq])).rows).toEqual([{ amount: 7 }])
    } finally {
      await flaky.stop()
    }
  })

  it('refuses one event of a batch applied together: its write alone is undone, its neighbours kept, the cursor past all', async () => {
    const direct = { ...definition, name: 'ledger-direct' }
    const batch = [7, -1, 8, -2, 9].map((amount, i) => message(9001 + i, amount, 'd'))
    const result = await applyInOrder((apply) => prisma.$transaction(apply), direct, batch)
    expect(result).toMatchObject({ lastSequence: 9005, applied: 3, skipped: 0 })
    expect(result.deadLetters.map((d) => [d.seq, d.error])).toEqual([
      [9002, 'a negative amount (-1) cannot be applied'],
      [9004, 'a negative amount (-2) cannot be applied'],
    ])
    expect((await db.pool.query("SELECT seq::int, amount FROM seen WHERE account = 'd' ORDER BY seq")).rows).toEqual([
      { seq: 9001, amount: 7 },
      { seq: 9003, amount: 8 },
      { seq: 9005, amount: 9 },
    ])
    expect(await count(db.pool, "SELECT count(*) AS n FROM dead_letter WHERE consumer = 'ledger-direct'")).toBe(2)
    // Applied again (a retried batch): everything is at or below the cursor, nothing is written twice.
    const again = await applyInOrder((apply) => prisma.$transaction(apply), direct, batch)
    expect(again).toMatchObject({ lastSequence: 9005, applied: 0, skipped: 5, deadLetters: [] })
    expect(await count(db.pool, "SELECT count(*) AS n FROM seen WHERE account = 'd'")).toBe(3)
  })

  it('never dead-letters an event for a conflict with another transaction: the batch runs again', async () => {
    // The account 'c' event meets a deadlock on its second application — the first with a savepoint per event, after
    // its neighbour's refusal rolled the optimistic transaction back. The runner runs that transaction again.
    let calls = 0
    const conflicted: ReadModelDefinition<Tx> = {
      name: 'ledger-conflict',
      handlers: [
        {
          event: LedgerEntryRecordedV1,
          async apply({ tx, event, seq }) {
            const e = event as LedgerEntryRecordedV1
            if (e.amount >= 0 && ++calls === 2)
              await tx.$executeRaw`DO $$ BEGIN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END $$`
            await tx.$executeRaw`INSERT INTO seen (seq, account, amount) VALUES (${seq}::bigint, ${e.accountId}, ${e.amount})`
            if (e.amount < 0) throw new ReadModelRefusal(`a negative amount (${e.amount}) cannot be applied`)
          },
        },
      ],
    }
    const batch = [message(9301, 4, 'c'), message(9302, -3, 'c')]
    const result = await applyInOrder(pgTransaction<Tx>(db.pool, prisma), conflicted, batch)
    expect(calls).toBe(3)
    expect(result).toMatchObject({ lastSequence: 9302, applied: 1 })
    expect(result.deadLetters.map((d) => [d.seq, d.error])).toEqual([
      [9302, 'a negative amount (-3) cannot be applied'],
    ])
    expect((await db.pool.query("SELECT seq::int, amount FROM seen WHERE account = 'c'")).rows).toEqual([
      { seq: 9301, amount: 4 },
    ])
    expect(await count(db.pool, "SELECT count(*) AS n FROM dead_letter WHERE consumer = 'ledger-conflict'")).toBe(1)
  })

  it('writes a batch together through applyTogether, and falls back to the handlers event by event when it refuses', async () => {
    const calls = { together: 0, handler: 0 }
    const together: ReadModelDefinition<Tx> = {
      name: 'ledger-together',
      handlers: [
        {
          event: LedgerEntryRecordedV1,
          apply: async (ctx) => {
            calls.handler += 1
            await definition.handlers[0]?.apply(ctx)
          },
        },
      ],
      // Every event's row in one statement; refuses the whole batch when one amount is negative, as a combined
      // statement fails as a whole.
      async applyTogether(tx, events) {
        calls.together += 1
        const rows = events.map((e) => ({ seq: e.seq, ...(e.event as LedgerEntryRecordedV1) }))
        await tx.$executeRaw`INSERT INTO seen (seq, account, amount)
          SELECT * FROM unnest(${rows.map((r) => r.seq)}::bigint[], ${rows.map((r) => r.accountId)}::text[],
                               ${rows.map((r) => r.amount)}::int[])`
        const negative = rows.find((r) => r.amount < 0)
        if (negative) throw new ReadModelRefusal(`a negative amount (${negative.amount}) cannot be applied`)
      },
    }
    // Every statement the optimistic transaction sends: the cursor locked and moved, the one insert — no savepoint,
    // which only a refusal needs.
    const sent: string[] = []
    const good = await applyInOrder((apply) => prisma.$transaction((tx) => apply(recording(tx, sent))), together, [
      message(9101, 1),
      message(9102, 2),
      message(9103, 3),
    ])
    expect(good).toMatchObject({ lastSequence: 9103, applied: 3, deadLetters: [] })
    expect(calls).toEqual({ together: 1, handler: 0 })
    // The cursor locked and moved past the batch in one statement, then the batch's one write: nothing after it.
    expect(sent).toEqual(['INSERT INTO read_model_cursor', 'INSERT INTO seen'])

    const mixed = await applyInOrder((apply) => prisma.$transaction(apply), together, [
      message(9104, 4),
      message(9105, -1),
      message(9106, 6),
    ])
    expect(mixed).toMatchObject({ lastSequence: 9106, applied: 2 })
    expect(mixed.deadLetters.map((d) => [d.seq, d.error])).toEqual([[9105, 'a negative amount (-1) cannot be applied']])
    // The combined write was rolled back with its transaction; each event was then applied by its handler in a second
    // transaction, each in its own savepoint.
    expect(calls).toEqual({ together: 2, handler: 3 })
    expect((await db.pool.query("SELECT seq::int, amount FROM seen WHERE account = 't' ORDER BY seq")).rows).toEqual([
      { seq: 9101, amount: 1 },
      { seq: 9102, amount: 2 },
      { seq: 9103, amount: 3 },
      { seq: 9104, amount: 4 },
      { seq: 9106, amount: 6 },
    ])
  })
  it('moves past a batch with nothing it handles in one statement of its own, with no transaction', async () => {
    const name = 'ledger-outside'
    const own: ReadModelDefinition<Tx> = { ...definition, name }
    const other = (seq: number) => ({
      seq,
      subject: 'permit.other.thing.happened.v1',
      data: new TextEncoder().encode('{}'),
      headers: { 'ce-id': uuidv7() },
    })
    let transactions = 0
    const sent: string[] = []
    // A runner with an `outside`, as `pgTransaction` has: here the fixture's Prisma client, its statements recorded.
    const run = Object.assign(
      (apply: (tx: Tx) => Promise<AppliedBatch>) => {
        transactions += 1
        return prisma.$transaction(apply)
      },
      { outside: recording(prisma, sent) },
    )
    const stored = async () =>
      Number(
        (await db.pool.query('SELECT last_sequence FROM read_model_cursor WHERE name = $1', [name])).rows[0]
          ?.last_sequence,
      )

    expect(await applyInOrder(run, own, [other(9201), other(9202)])).toEqual({
      lastSequence: 9202,
      applied: 0,
      skipped: 0,
      deadLetters: [],
    })
    expect([transactions, sent, await stored()]).toEqual([0, ['INSERT INTO read_model_cursor'], 9202])
    // Again, at or behind the cursor: both skipped, the cursor where it was.
    expect(await applyInOrder(run, own, [other(9201), other(9202)])).toMatchObject({
      lastSequence: 9202,
      skipped: 2,
    })
    expect(await stored()).toBe(9202)
    // An event of its own in the batch: a transaction, as every batch had.
    expect(await applyInOrder(run, own, [other(9203), message(9204, 5, 'o')])).toMatchObject({
      lastSequence: 9204,
      applied: 1,
    })
    expect([transactions, sent.length, await stored()]).toEqual([1, 2, 9204])
    expect((await db.pool.query("SELECT seq::int FROM seen WHERE account = 'o'")).rows).toEqual([{ seq: 9204 }])
  })
})
