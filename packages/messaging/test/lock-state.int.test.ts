import { createTestSchema } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { lockStateIfFree } from '../src/index.js'
import { Prisma } from './fixture/generated/client.js'
import { migrationsDir, prismaFor } from './fixture/ledger.js'

type Thing = { id: string; status: string; items: string[] }
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
    expect(await w.prisma.$transaction((tx) => lockStateIfFree<Thing>(tx, THINGS, id))).toEqual(w.state)
    expect(await w.prisma.$transaction((tx) => lockStateIfFree<Thing>(tx, THINGS, absent))).toBeUndefined()
  })

  it('skips a row another transaction holds, without waiting, and takes it once that one ends', async () => {
    await using w = await world()
    const seenWhileHeld = await w.prisma.$transaction(async (holder) => {
      expect(await lockStateIfFree<Thing>(holder, THINGS, id)).toEqual(w.state)
      // A second transaction (another connection) while the holder still has the row.
      return w.prisma.$transaction((other) => lockStateIfFree<Thing>(other, THINGS, id))
    })
    expect(seenWhileHeld).toBeUndefined()
    expect(await w.prisma.$transaction((tx) => lockStateIfFree<Thing>(tx, THINGS, id))).toEqual(w.state)
  })

  it('holds the row for the rest of its transaction: a plain FOR UPDATE elsewhere waits for it', async () => {
    await using w = await world()
    const order: string[] = []
    let waiter: Promise<void> | undefined
    await w.prisma.$transaction(async (holder) => {
      await lockStateIfFree<Thing>(holder, THINGS, id)
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
