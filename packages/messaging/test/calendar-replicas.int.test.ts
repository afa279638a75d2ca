import { createPool } from '@onewindow/db'
import { createTestSchema } from '@onewindow/testing'
import { type CalendarEntry, dueDate } from '@onewindow/workdays'
import { describe, expect, inject, it } from 'vitest'
import {
  type CalendarSource,
  calendarGuard,
  calendarSource,
  lockCalendarAlone,
  pgTransaction,
  type SqlTx,
  storeCalendarEntry,
  storedCalendar,
} from '../src/index.js'
import { y2027 } from './fixture/calendar-2027.js'
import { migrationsDir } from './fixture/ledger.js'

// Counted from Monday 2026-12-28, 4 W is Friday 01-01 on weekdays alone and Monday 01-04 once 元旦 (`y2027`) is
// published.
const entry: CalendarEntry = y2027
const clock = { start: '2026-12-28', limit: { value: 4, unit: 'W' as const } }
const AT = new Date('2026-12-28T02:00:00Z')
const publication = (version: number) => ({
  key: 'year-2027',
  kind: 'year' as const,
  version,
  notice: '国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕9号',
  publishedAt: AT.toISOString(),
})
const ACCOUNT = '0190a5a0-0000-7000-8000-0000000000c3'

/** Two replicas of one service: each its own pool, calendar in memory and guarded runner, on one schema. */
async function replicas() {
  const db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'calendar')
  const replica = async () => {
    const { pool } = createPool(db.url, 3)
    const source = calendarSource(await pgTransaction<SqlTx>(pool)((tx) => storedCalendar(tx)))
    const transaction = pgTransaction<SqlTx>(pool, undefined, { begin: calendarGuard(source) })
    /** The due date counted in a transaction of this replica, with the calendar it counts with there. */
    const countedInTransaction = () => transaction(async () => dueDate(source.current(), clock))
    return { pool, source, transaction, countedInTransaction }
  }
  const a = await replica()
  const b = await replica()
  /** Waits on the calendar lock, by backends of this schema's replicas: who waits, not for how long. */
  const waitingOnCalendarLock = async () =>
    Number(
      (
        await db.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
            WHERE l.locktype = 'advisory' AND NOT l.granted AND s.datname = current_database()
              AND l.objid = hashtext($1)::oid`,
          [db.schema],
        )
      ).rows[0]?.n,
    )
  return {
    a,
    b,
    waitingOnCalendarLock,
    async [Symbol.asyncDispose]() {
      await a.pool.end()
      await b.pool.end()
      await db.drop()
    },
  }
}

/** A publication stored by `replica`'s transaction, as its calendar consumer stores one; `hold` keeps it open. */
async function publish(
  r: { source: CalendarSource; transaction: ReturnType<typeof pgTransaction<SqlTx>> },
  version: number,
  hold?: Promise<void>,
) {
  return r.transaction(async (tx) => {
    const change = await storeCalendarEntry(tx, publication(version), entry, AT)
    if (change) r.source.replace(change.after, change.stamp)
    await hold
    return change
  })
}

const gate = () => {
  let open = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { opened, open }
}

describe('one calendar across replicas of a service (calendarGuard)', () => {
  it("counts with what another replica's consumer stored, from its next transaction on", async () => {
    await using w = await replicas()
    expect(await w.b.countedInTransaction()).toBe('2027-01-01')
    expect(w.b.source.stamp()).toBe(0)

    await publish(w.a, 1)
    // B's memory is the old calendar until it begins a transaction; in it, B counts with the stored one.
    expect(dueDate(w.b.source.current(), clock)).toBe('2027-01-01')
    const generation = w.b.source.generation()
    expect(await w.b.countedInTransaction()).toBe('2027-01-04')
    expect(w.b.source.stamp()).toBe(1)
    expect(w.b.source.generation()).toBe(generation + 1)
    // Nothing new stored: the next transaction loads nothing again.
    await w.b.countedInTransaction()
    expect(w.b.source.generation()).toBe(generation + 1)
  })

  it('holds a transaction that begins while a publication is being stored, and counts it with the publication', async () => {
    await using w = await replicas()
    const storing = gate()
    const published = publish(w.a, 1, storing.opened)
    await expect.poll(() => w.a.source.stamp()).toBe(1)

    const ran: string[] = []
    const counted = w.b.transaction(async () => {
      ran.push('B')
      return dueDate(w.b.source.current(), clock)
    })
    await expect.poll(w.waitingOnCalendarLock).toBe(1)
    expect(ran).toEqual([])
    storing.open()
    expect(await published).toMatchObject({ stamp: 1 })
    expect(await counted).toBe('2027-01-04')
  })

  it('stores a publication only after the transactions under way commit, so it sees what they counted', async () => {
    await using w = await replicas()
    const writing = gate()
    const written = gate()
    // B opens an account (a clock counted with the old calendar, say) and is still in its transaction.
    const counting = w.b.transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO account (id, version, total) VALUES (${ACCOUNT}::uuid, 1, 1)`
      written.open()
      await writing.opened
    })
    await written.opened
    // A's publication waits for B's commit, and its re-projection (here: a read) then finds B's row.
    const seen = w.a.transaction(async (tx) => {
      const change = await storeCalendarEntry(tx, publication(1), entry, AT)
      const rows = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM account`
      return { change, accounts: Number(rows[0]?.n) }
    })
    await expect.poll(w.waitingOnCalendarLock).toBe(1)
    writing.open()
    await counting
    expect(await seen).toMatchObject({ change: { stamp: 1 }, accounts: 1 })
  })

  it('stores two publications delivered to two replicas at once, one after the other, with no redelivery', async () => {
    await using w = await replicas()
    // Both consumers begin behind a publication being stored, so both then hold the lock shared and each wants it
    // alone: PostgreSQL aborts one, and the runner runs that one again once the other has committed.
    const storing = gate()
    const locked = gate()
    const holding = w.a.transaction(async (tx) => {
      await lockCalendarAlone(tx)
      locked.open()
      await storing.opened
    })
    // Held alone before either consumer begins: a consumer whose BEGIN came first would hold the lock shared beside
    // it, and the three would then deadlock among themselves (seen once in a whole run: four runs instead of three).
    await locked.opened
    const runs = { a: 0, b: 0 }
    const consumer = (r: typeof w.a, name: 'a' | 'b', version: number) =>
      r.transaction(async (tx) => {
        runs[name]++
        const change = await storeCalendarEntry(tx, publication(version), entry, AT)
        if (change) r.source.replace(change.after, change.stamp)
        return change?.publication.version
      })
    const stored = [consumer(w.a, 'a', 1), consumer(w.b, 'b', 2)]
    await expect.poll(w.waitingOnCalendarLock).toBe(2)
    storing.open()
    await holding
    // Neither fails; the one aborted ran twice. Version 2 is stored whichever went first (an older one stores nothing).
    const versions = await Promise.all(stored)
    expect(runs.a + runs.b).toBe(3)
    expect(versions).toContain(2)
    expect((await w.a.pool.query('SELECT version FROM calendar_entry')).rows).toEqual([{ version: 2 }])
    expect(await w.a.countedInTransaction()).toBe('2027-01-04')
    expect(await w.b.countedInTransaction()).toBe('2027-01-04')
    expect([w.a.source.stamp(), w.b.source.stamp()]).toEqual([2, 2])
  })

  it('goes back to the stored calendar when a publication it swapped in before its commit rolls back', async () => {
    await using w = await replicas()
    await publish(w.a, 1)
    const refused = w.a.transaction(async (tx) => {
      const change = await storeCalendarEntry(tx, publication(2), entry, AT)
      if (change) w.a.source.replace(change.after, change.stamp)
      throw new Error('the commit fails')
    })
    await expect(refused).rejects.toThrow('the commit fails')
    expect(w.a.source.stamp()).toBe(2)
    await w.a.countedInTransaction()
    expect(w.a.source.stamp()).toBe(1)
  })
})
