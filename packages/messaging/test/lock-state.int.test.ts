import { storedState, UnreadableStoredRow } from '@onewindow/db'
import { createTestSchema } from '@onewindow/testing'
import { type Static, Type } from 'typebox'
import { describe, expect, inject, it } from 'vitest'
import { lockStateIfFree } from '../src/index.js'
import { Prisma } from './fixture/generated/client.js'
import { migrationsDir, prismaFor } from './fixture/ledger.js'

const Thing = Type.Object({ id: Type.String(), status: Type.String(), items: Type.Array(Type.String()) })
type Thing = Static<typeof Thing>
const things = storedState('thing', Thing)
const THINGS = Prisma.sql`thing`
const id = '0190a5a0-0000-7000-8000-000000000001'
const absent = '0190a5a0-0000-7000-8000-000000000002'

async function world() {
  const db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'lock')
  await db.pool.query('CREATE TABLE thing (id uuid PRIMARY KEY, state jsonb NOT NULL)')
  const state: Thing = { id, status: 'open', items: ['a', 'b'] }
  await db.pool.query('INSERT INTO thing (id, state) VALUES ($1, $2)', [id, JSON.stringify(state)])
  const prisma = prismaFor(db.pool, db.schema)
  return {
    state,
    prisma,
    async [Symbol.asyncDispose]() {
      await prisma.$disconnect()
      await db[Symbol.asyncDispose]()
    },
  }
}

describe('lockStateIfFree', () => {
  it('answers the row’s state, parsed, and nothing for an id with no row', async () => {
    await using w = await world()
    expect(await w.prisma.$transaction((tx) => lockStateIfFree(tx, THINGS, id, things))).toEqual(w.state)
    expect(await w.prisma.$transaction((tx) => lockStateIfFree(tx, THINGS, absent, things))).toBeUndefined()
  })

  it('reads the row checked: a damaged state throws UnreadableStoredRow naming the row, and the lock still ends', async () => {
    await using w = await world()
    await w.prisma.$executeRaw`UPDATE thing SET state = jsonb_set(state, '{items}', '"a"')`
    const read = w.prisma.$transaction((tx) => lockStateIfFree(tx, THINGS, id, things))
    await expect(read).rejects.toBeInstanceOf(UnreadableStoredRow)
    await expect(read).rejects.toMatchObject({ kind: 'thing', id, code: 'STORED_ROW_UNREADABLE' })
    // The failed transaction released the row: another takes it at once.
    const again = await w.prisma.$transaction(
      (tx) => tx.$queryRaw<unknown[]>`
      SELECT 1 FROM thing WHERE id = ${id}::uuid FOR UPDATE NOWAIT`,
    )
    expect(again).toHaveLength(1)
  })

  it('skips a row another transaction holds, without waiting, and takes it once that one ends', async () => {
    await using w = await world()
    const seenWhileHeld = await w.prisma.$transaction(async (holder) => {
      expect(await lockStateIfFree(holder, THINGS, id, things)).toEqual(w.state)
      // A second transaction (another connection) while the holder still has the row.
      return w.prisma.$transaction((other) => lockStateIfFree(other, THINGS, id, things))
    })
    expect(seenWhileHeld).toBeUndefined()
    expect(await w.prisma.$transaction((tx) => lockStateIfFree(tx, THINGS, id, things))).toEqual(w.state)
  })

  it('holds the row for the rest of its transaction: a plain FOR UPDATE elsewhere waits for it', async () => {
    await using w = await world()
    const order: string[] = []
    let waiter: Promise<void> | undefined
    await w.prisma.$transaction(async (holder) => {
      await lockStateIfFree(holder, THINGS, id, things)
      waiter = w.prisma.$transaction(async (other) => {
        await other.$queryRaw`SELECT 1 FROM thing WHERE id = ${id}::uuid FOR UPDATE`
        order.push('waiter locked')
      })
      await new Promise((resolve) => setTimeout(resolve, 200))
      order.push('holder ends')
    })
    await waiter
    expect(order).toEqual(['holder ends', 'waiter locked'])
  })
})
