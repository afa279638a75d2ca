import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { namesOf } from './prepared.js'
import { transactionAwarePool } from './transaction-scope.js'

/**
 * A service's `DATABASE_URL` names its schema the way Prisma does (`?schema=approval`); one database holds every
 * service's schema by default, so splitting databases later is configuration, not code (DESIGN §5).
 */
export function parseDatabaseUrl(url: string): { connectionString: string; schema: string } {
  const parsed = new URL(url)
  const schema = parsed.searchParams.get('schema') ?? 'public'
  parsed.searchParams.delete('schema')
  return { connectionString: parsed.toString(), schema }
}

/**
 * A pool whose connections resolve unqualified names in the service's schema, so raw SQL (outbox, inbox, scans)
 * and Prisma's queries see the same tables.
 */
export function createPool(url: string, max = 10): { pool: pg.Pool; schema: string } {
  const { connectionString, schema } = parseDatabaseUrl(url)
  const pool = new pg.Pool({ connectionString, max, options: `-c search_path=${pg.escapeIdentifier(schema)}` })
  // An idle client losing its connection (a restarted PostgreSQL) must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  // Nor a checked-out one: pg-pool listens for errors only on idle clients, and a client held between two statements
  // (a transaction awaiting its callback, a reader's connection) that loses its server emits 'error' with no listener,
  // which kills the process — seen in `pnpm test:faults` when PostgreSQL stopped. The statement in flight or the next
  // one fails on its own (unavailable, a 503), and the connection goes back to the pool as broken.
  pool.on('connect', (client) => client.on('error', () => {}))
  return { pool, schema }
}

/**
 * The driver adapter a generated `PrismaClient` takes: `new PrismaClient({ adapter: prismaAdapter(pool, schema) })`.
 * Its queries run on the pool, or on the connection of the transaction the caller is in (`transactionAwarePool`),
 * each under its name on that pool (`namesOf`) as every other statement sent there (the adapter's own option for it).
 */
export function prismaAdapter(pool: pg.Pool, schema: string) {
  const names = namesOf(pool)
  return new PrismaPg(transactionAwarePool(pool), {
    schema,
    // '' is the protocol's unnamed statement, which pg sends as it sends one with no name.
    statementNameGenerator: ({ sql }) => names(sql) ?? '',
  })
}

/** A client outside the pool, for LISTEN (which needs a connection of its own). */
export function createClient(url: string): pg.Client {
  const { connectionString, schema } = parseDatabaseUrl(url)
  return new pg.Client({ connectionString, options: `-c search_path=${pg.escapeIdentifier(schema)}` })
}
