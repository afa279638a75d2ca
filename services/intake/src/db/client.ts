import { prismaAdapter } from '@onewindow/db'
import type pg from 'pg'
import { PrismaClient } from '../generated/client.js'

export const createPrisma = (pool: pg.Pool, schema: string) =>
  new PrismaClient({ adapter: prismaAdapter(pool, schema) })
export type IntakeDb = ReturnType<typeof createPrisma>
/** The client inside one interactive transaction: state and outbox rows share it. */
export type Tx = Parameters<Parameters<IntakeDb['$transaction']>[0]>[0]

/** A legal date (YYYY-MM-DD) as Prisma reads and writes a `DATE` column: midnight UTC of that day. */
export const dateColumn = (d: string) => new Date(`${d}T00:00:00Z`)
export const legalDateColumn = (d: Date) => d.toISOString().slice(0, 10)
