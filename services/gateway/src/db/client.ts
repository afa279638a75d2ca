import { dayText, prismaAdapter } from '@onewindow/db'
import type pg from 'pg'
import { PrismaClient } from '../generated/client.js'

export const createPrisma = (pool: pg.Pool, schema: string) =>
  new PrismaClient({ adapter: prismaAdapter(pool, schema) })
export type GatewayDb = ReturnType<typeof createPrisma>
/** The client inside one interactive transaction: the projection and the inbox row share it. */
export type Tx = Parameters<Parameters<GatewayDb['$transaction']>[0]>[0]

/** A legal date (YYYY-MM-DD) as Prisma reads and writes a `DATE` column: midnight UTC of that day. */
export const dateColumn = (d: string) => new Date(`${d}T00:00:00Z`)
/** A `DATE` column's day; a stored 'infinity' as it reads (`dayText`), for the row's own check to refuse. */
export const legalDate = (d: Date | number) => dayText(d)
