import { inject } from 'vitest'
import { createLedgerWorld } from './fixture/ledger.js'

export { migrationsDir, prismaSchemaDir } from './fixture/ledger.js'

/** The ledger world on the run's PostgreSQL and NATS (or on a private nats-server's URL). */
export const ledgerWorld = (natsUrl = inject('natsUrl')) =>
  createLedgerWorld({ natsUrl, databaseUrl: inject('databaseUrl') })

export const count = async (pool: import('pg').Pool, sql: string, params: unknown[] = []) =>
  Number((await pool.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0)
