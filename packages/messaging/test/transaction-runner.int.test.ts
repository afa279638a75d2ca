import { createPool, namesOf } from '@onewindow/db'
import { createTestSchema } from '@onewindow/testing'
import { describe, expect, inject, it, vi } from 'vitest'
import {
  pgTransaction,
  statementOf,
  TRANSACTION_ATTEMPTS,
  TransactionClosedError,
  TransactionExpiredError,
  TransactionStartTimeoutError,
  unavailableDependency,
} from '../src/index.js'
import { Prisma } from './fixture/generated/client.js'
import { migrationsDir, prismaFor } from './fixture/ledger.js'

const a = '0190a5a0-0000-7000-8000-0000000000a1'
const b = '0190a5a0-0000-7000-8000-0000000000b2'

async function world() {
  const db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'runner')
  const prisma = prismaFor(db.pool, db.schema)
  type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0]
  const transaction = pgTransaction<Tx>(db.pool, prisma)
  const accounts = async () =>
    (await db.pool.query<{ id: string; total: number }>('SELECT id, total FROM account ORDER BY id')).rows
  return {
    db,
    prisma,
    transaction,
    accounts,
    async [Symbol.asyncDispose]() {
      await prisma.$disconnect()
      await db.drop()
    },
  }
}

// One statement over every type a service stores, with parameters of every kind it sends.
const everyType = (at: Date, day: Date) => Prisma.sql`
  SELECT 1::int2 AS small, 2::int4 AS int, 9007199254740993::int8 AS big, 12.50::numeric(10,2) AS money,
         1.5::float8 AS float, true AS yes, 'text' AS text, ${a}::uuid AS uuid,
         '2026-11-30'::date AS date, '2026-11-30 08:01:02.345'::timestamp(3) AS stamp,
         '2026-11-30 08:01:02.345+08'::timestamptz AS stamptz, '08:01:02'::time AS time,
         '{"k": [1, "v", null]}'::json AS json, '{"k": {"n": 2}}'::jsonb AS jsonb, '\\x0102ff'::bytea AS bytes,
         ARRAY[1, 9007199254740993]::int8[] AS bigs, ARRAY['x', NULL, 'y"z']::text[] AS texts,
         ARRAY['2026-01-05'::date, NULL] AS dates, ARRAY[1.5, 2]::numeric[] AS decimals,
         NULL::int8 AS nothing,
         ${at}::timestamp(3) AS param_stamp, ${at}::timestamptz AS param_stamptz, ${day}::date AS param_date,
         ${10n}::int8 AS param_big, ${new Prisma.Decimal('3.25')}::numeric AS param_decimal,
         ${['p', 'q"r', null]}::text[] AS param_texts, ${[at, day]}::timestamptz[] AS param_stamps,
         ${{ nested: { list: [1, 'two'] } }}::jsonb AS param_json, ${null}::text AS param_null, ${7}::int AS param_int`

describe('pgTransaction, the one transaction runner', () => {
  it('answers a tagged statement exactly as Prisma’s raw path does, for every type and parameter kind', async () => {
    await using w = await world()
    const at = new Date('2026-11-30T08:01:02.345Z')
    const day = new Date('2026-11-30T00:00:00.000Z')
    const prismas = await w.prisma.$queryRaw<Record<string, unknown>[]>(everyType(at, day))
    const ours = await w.transaction((tx) => tx.$queryRaw<Record<string, unknown>[]>(everyType(at, day)))
    expect(ours).toStrictEqual(prismas)
    // and what that is, so that a change of both is seen too
    const [row] = ours
    expect(row).toMatchObject({ big: 9007199254740993n, date: day, stamp: at, param_stamp: at, param_big: 10n })
    expect(row?.['json']).toEqual({ k: [1, 'v', null] })
    // a template literal, not only a Sql object, and $executeRaw's count
    const { rows, count } = await w.transaction(async (tx) => ({
      count:
        await tx.$executeRaw`INSERT INTO account (id, version, total) VALUES (${a}::uuid, 1, ${5}), (${b}::uuid, 1, 6)`,
      rows: await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM account WHERE total > ${4}`,
    }))
    expect(count).toBe(2)
    expect(rows).toStrictEqual([{ n: 2n }])
  })

  it('commits what the callback wrote, tagged and typed, on one connection; rolls all of it back when it throws', async () => {
    await using w = await world()
    const { pool: otherPool, schema } = createPool(w.db.url)
    const otherClient = prismaFor(otherPool, schema)
    const seen = await w.transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO account (id, version, total) VALUES (${a}::uuid, 1, 5)`
      // a typed call sees the tagged statement's uncommitted row: it runs in the same transaction
      const typed = await tx.account.findUnique({ where: { id: a } })
      await tx.account.update({ where: { id: a }, data: { total: 7 } })
      // so does a call on the service's client itself while the callback runs; another connection sees nothing yet
      const root = await w.prisma.account.findUnique({ where: { id: a } })
      // a client over another pool (the gateway's reader) does not join it
      const other = await otherClient.account.findUnique({ where: { id: a } })
      return { typed, root, other, otherConnection: await w.accounts() }
    })
    await otherClient.$disconnect()
    await otherPool.end()
    expect(seen).toEqual({
      typed: { id: a, version: 1, total: 5 },
      root: { id: a, version: 1, total: 7 },
      other: null,
      otherConnection: [],
    })
    expect(await w.accounts()).toEqual([{ id: a, total: 7 }])

    const refused = new Error('refused on purpose')
    let runs = 0
    await expect(
      w.transaction(async (tx) => {
        runs++
        await tx.account.create({ data: { id: b, version: 1, total: 1 } })
        await tx.$executeRaw`UPDATE account SET total = 100 WHERE id = ${a}::uuid`
        throw refused
      }),
    ).rejects.toBe(refused)
    expect(await w.accounts()).toEqual([{ id: a, total: 7 }])
    // an error that is not PostgreSQL's conflict is the callback's answer: it is not run again
    expect(runs).toBe(1)
  })

  // Two transactions each lock one account and then want the other's: PostgreSQL breaks the deadlock (after its
  // deadlock_timeout, 1 s) by aborting one of them. Which one is PostgreSQL's choice, so both are counted.
  const deadlocked = async (write: 'tagged' | 'typed') => {
    await using w = await world()
    await w.transaction(
      (tx) => tx.$executeRaw`INSERT INTO account (id, version, total) VALUES (${a}::uuid, 1, 0), (${b}::uuid, 1, 0)`,
    )
    const runs = { first: 0, second: 0 }
    const held = { first: Promise.withResolvers<void>(), second: Promise.withResolvers<void>() }
    const add = (tx: Parameters<Parameters<typeof w.transaction>[0]>[0], id: string, amount: number) =>
      write === 'tagged'
        ? tx.$executeRaw`UPDATE account SET total = total + ${amount}, version = version + 1 WHERE id = ${id}::uuid`
        : tx.account.update({ where: { id }, data: { total: { increment: amount }, version: { increment: 1 } } })
    const each = (me: 'first' | 'second', mine: string, theirs: string, other: 'first' | 'second', amount: number) =>
      w.transaction(async (tx) => {
        runs[me]++
        await add(tx, mine, amount)
        held[me].resolve()
        await held[other].promise
        await add(tx, theirs, amount)
      })
    await Promise.all([each('first', a, b, 'second', 1), each('second', b, a, 'first', 10)])
    // both committed, each exactly once: every account got both amounts, two versions on
    expect((await w.db.pool.query('SELECT id, version, total FROM account ORDER BY id')).rows).toEqual([
      { id: a, version: 3, total: 11 },
      { id: b, version: 3, total: 11 },
    ])
    // and one of them ran twice: the deadlock happened, and its victim ran again from BEGIN
    expect([runs.first, runs.second].sort()).toEqual([1, 2])
  }

  it('runs a transaction PostgreSQL aborted to break a deadlock again, and both commit once', async () => {
    await deadlocked('tagged')
  })

  it('runs it again when the deadlock reaches the callback through a typed call (Prisma’s P2034)', async () => {
    await deadlocked('typed')
  })

  it(`gives up after ${TRANSACTION_ATTEMPTS} runs that conflict, with PostgreSQL's error`, async () => {
    await using w = await world()
    let runs = 0
    const failure = await w
      .transaction(async (tx) => {
        runs++
        await tx.$executeRaw`INSERT INTO account (id, version, total) VALUES (${a}::uuid, 1, 5)`
        // what pg reports for a serialization failure; raised by the server, so it is the server's error
        await tx.$executeRaw`DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$`
      })
      .catch((err: unknown) => err)
    expect(failure).toMatchObject({ code: '40001' })
    expect(runs).toBe(TRANSACTION_ATTEMPTS)
    expect(await w.accounts()).toEqual([])
  })

  it('runs each statement of its outside in no transaction, answered as inside, typed calls too', async () => {
    await using w = await world()
    const outside = w.transaction.outside
    if (!outside) throw new Error('pgTransaction gives an outside')
    const at = new Date('2026-11-30T08:01:02.345Z')
    const day = new Date('2026-11-30T00:00:00.000Z')
    expect(await outside.$queryRaw(everyType(at, day))).toStrictEqual(
      await w.transaction((tx) => tx.$queryRaw(everyType(at, day))),
    )
    // Two statements, two transactions of their own; inside the runner, one.
    const ids = async (tx: { $queryRaw: typeof outside.$queryRaw }) => {
      const [x] = await tx.$queryRaw<Array<{ id: bigint }>>`SELECT txid_current() AS id`
      const [y] = await tx.$queryRaw<Array<{ id: bigint }>>`SELECT txid_current() AS id`
      return [x?.id, y?.id]
    }
    const [first, second] = await ids(outside)
    expect(second).not.toBe(first)
    const [third, fourth] = await w.transaction((tx) => ids(tx))
    expect(fourth).toBe(third)
    // A write through it is committed once it is answered: another connection sees it at once.
    expect(await outside.$executeRaw`INSERT INTO account (id, version, total) VALUES (${a}::uuid, 1, 5)`).toBe(1)
    expect(await w.accounts()).toEqual([{ id: a, total: 5 }])
    expect(await outside.account.findUnique({ where: { id: a } })).toEqual({ id: a, version: 1, total: 5 })
  })

  it('prepares a statement once on its connection, under its text’s name; one with a filter that may be absent never', async () => {
    await using w = await world()
    await w.db.pool.query(`INSERT INTO account (id, version, total) VALUES ('${a}', 1, 5), ('${b}', 1, 8)`)
    const total = (id: string) => Prisma.sql`SELECT total FROM account WHERE id = ${id}::uuid`
    const optional = (id: string | null) =>
      Prisma.sql`SELECT count(*)::int AS n FROM account WHERE (${id}::uuid IS NULL OR id = ${id}::uuid)`
    const prepared = await w.transaction(async (tx) => {
      // Twice, with other values: the second call binds the statement the first prepared.
      expect(await tx.$queryRaw(total(a))).toEqual([{ total: 5 }])
      expect(await tx.$queryRaw(total(b))).toEqual([{ total: 8 }])
      expect(await tx.$queryRaw(optional(null))).toEqual([{ n: 2 }])
      expect(await tx.$queryRaw(optional(b))).toEqual([{ n: 1 }])
      // A typed call goes through Prisma's driver adapter, named by the same namer (`prismaAdapter`).
      expect(await tx.account.findUnique({ where: { id: a }, select: { total: true } })).toEqual({ total: 5 })
      expect(await tx.account.findUnique({ where: { id: b }, select: { total: true } })).toEqual({ total: 8 })
      return tx.$queryRaw<Array<{ name: string; statement: string }>>`
        SELECT name, statement FROM pg_prepared_statements WHERE NOT from_sql ORDER BY name`
    })
    const text = statementOf(total(a), []).text
    expect(prepared).toContainEqual({ name: namesOf(w.db.pool)(text), statement: text })
    expect(prepared.filter((p) => p.statement === text)).toHaveLength(1)
    expect(prepared.some((p) => /IS NULL OR/.test(p.statement))).toBe(false)
    const typed = prepared.filter((p) => /"account"/.test(p.statement) && /"total"/.test(p.statement))
    expect(typed).toHaveLength(1)
    expect(typed[0]?.name).toBe(namesOf(w.db.pool)(typed[0]?.statement ?? ''))
  })

  it('keeps a typed call inside its transaction when Prisma would batch it with one outside', async () => {
    await using w = await world()
    let start = () => {}
    const started = new Promise<void>((resolve) => {
      start = resolve
    })
    // registered outside the transaction, so it runs in no transaction's context
    const outside = started.then(() => w.prisma.account.findUnique({ where: { id: a } }))
    const inside = await w.transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO account (id, version, total) VALUES (${a}::uuid, 1, 5)`
      // Same model, same shape, same tick: Prisma's client gathers findUnique calls into one batch and runs it in the
      // context of whichever came first — on the pool, where the row is not visible yet, or in this transaction.
      start()
      const mine = tx.account.findUnique({ where: { id: a } })
      return { mine: await mine, theirs: await outside }
    })
    expect(inside).toEqual({ mine: { id: a, version: 1, total: 5 }, theirs: null })
  })

  it('makes a transaction Prisma opens inside one of ours a savepoint of ours', async () => {
    await using w = await world()
    await expect(
      w.transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO account (id, version, total) VALUES (${a}::uuid, 1, 5)`
        // an interactive transaction of Prisma's, begun inside: it commits into ours, not on its own
        await w.prisma.$transaction((inner) => inner.account.create({ data: { id: b, version: 1, total: 6 } }))
        expect((await w.accounts()).map((r) => r.id)).toEqual([])
        throw new Error('roll back both')
      }),
    ).rejects.toThrow('roll back both')
    expect(await w.accounts()).toEqual([])
  })

  it('rolls back a transaction that runs past its limit, and refuses a statement sent after the end', async () => {
    await using w = await world()
    const short = pgTransaction<Parameters<Parameters<typeof w.prisma.$transaction>[0]>[0]>(w.db.pool, w.prisma, {
      timeoutMs: 20,
    })
    await expect(
      short(async (tx) => {
        await tx.$executeRaw`INSERT INTO account (id, version, total) VALUES (${a}::uuid, 1, 5)`
        await new Promise((resolve) => setTimeout(resolve, 200))
        await tx.$executeRaw`UPDATE account SET total = 6`
      }),
    ).rejects.toBeInstanceOf(TransactionExpiredError)
    expect(await w.accounts()).toEqual([])

    // A callback that hangs does not hold its locks: the row it inserted is rolled back at the limit, so another
    // transaction inserting the same key goes through while the first is still waiting; then the first is refused.
    const gate = Promise.withResolvers<void>()
    // The other insert starts only once this one holds the key: started together, it could commit first and leave
    // the hanging callback a duplicate key instead of the limit (as happened on a busy machine).
    const keyHeld = Promise.withResolvers<void>()
    const hanging = short(async (tx) => {
      await tx.$executeRaw`INSERT INTO account (id, version, total) VALUES (${a}::uuid, 1, 5)`
      keyHeld.resolve()
      await gate.promise
      await tx.account.findUnique({ where: { id: a } })
    })
    hanging.catch(() => {})
    // (or once the limit has ended it, should a busy machine let 20 ms pass before its insert)
    await Promise.race([keyHeld.promise, hanging.catch(() => {})])
    await w.transaction((tx) => tx.$executeRaw`INSERT INTO account (id, version, total) VALUES (${a}::uuid, 1, 9)`)
    gate.resolve()
    await expect(hanging).rejects.toBeInstanceOf(TransactionExpiredError)
    expect(await w.accounts()).toEqual([{ id: a, total: 9 }])

    let kept: { $executeRaw: typeof w.prisma.$executeRaw } | undefined
    await w.transaction(async (tx) => {
      kept = tx
    })
    if (!kept) throw new Error('the callback did not run')
    await expect(kept.$executeRaw`SELECT 1`).rejects.toBeInstanceOf(TransactionClosedError)
    // No connection free within maxWaitMs: refused as the database being saturated (a 503), and nothing leaks.
    const { pool: one } = createPool(w.db.url, 1)
    type Tx = Parameters<Parameters<typeof w.prisma.$transaction>[0]>[0]
    const holder = pgTransaction<Tx>(one)
    const waitsLittle = pgTransaction<Tx>(one, undefined, { maxWaitMs: 20 })
    let release: (() => void) | undefined
    const holding = holder(
      () =>
        new Promise<void>((resolve) => {
          release = resolve
        }),
    )
    await vi.waitFor(() => {
      if (!release) throw new Error('the holder has no connection yet')
    })
    const refusal = await waitsLittle(async () => 'ran').catch((err: unknown) => err)
    expect(refusal).toBeInstanceOf(TransactionStartTimeoutError)
    expect(unavailableDependency(refusal)).toBe('database')
    release?.()
    await holding
    expect(await holder(async () => 'ran')).toBe('ran')
    await one.end()

    // the pool is whole: every connection came back
    expect(w.db.pool.totalCount).toBe(w.db.pool.idleCount)
  })
})
