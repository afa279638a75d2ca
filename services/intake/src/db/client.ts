import { prismaAdapter } from '@onewindow/db'
import type { TransactionRunner } from '@onewindow/messaging'
import type pg from 'pg'
import { PrismaClient } from '../generated/client.js'

export const createPrisma = (pool: pg.Pool, schema: string) =>
  new PrismaClient({ adapter: prismaAdapter(pool, schema) })
export type IntakeDb = ReturnType<typeof createPrisma>
/** The client inside one interactive transaction: state and outbox rows share it. */
export type Tx = Parameters<Parameters<IntakeDb['$transaction']>[0]>[0]

/**
 * One interactive transaction on intake's client: what commands, consumers and the outbox share. It may wait 10 s for
 * a connection, as every other service's: commands queue on the audit chain's head lock, so under a burst (200
 * clerks at once) Prisma's default 2 s answered 503 while the pool was only busy.
 */
export const transactionOf =
  (prisma: IntakeDb): TransactionRunner<Tx> =>
  (fn) =>
    prisma.$transaction(fn, { maxWait: 10_000, timeout: 30_000 })

/** A legal date (YYYY-MM-DD) as Prisma reads and writes a `DATE` column: midnight UTC of that day. */
export const dateColumn = (d: string) => new Date(`${d}T00:00:00Z`)
export const legalDateColumn = (d: Date) => d.toISOString().slice(0, 10)
