import { randomBytes } from 'node:crypto'
import { createPool, dropProvisioned, migrate, provisionSchema } from '@onewindow/db'
import type pg from 'pg'
import { type Kept, keepingRun, recordPristine, release, takeKept } from './kept-schemas.js'

export type TestSchema = {
  /**
   * `DATABASE_URL` for the code under test: the run's database with `?schema=<fresh schema>`, as the schema's own
   * owner role (`<schema>_owner`), the way a service connects in production.
   */
  url: string
  /** With `{ reader: true }`: the URL of the schema's reader role (`<schema>_reader`), which owns nothing. */
  readerUrl?: string
  schema: string
  /** The roles made for this schema, dropped with it. */
  roles: { owner: string; reader?: string }
  /** A pool as the owner. */
  pool: pg.Pool
  drop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * A fresh schema with the given migrations applied by the project's migrate step, as the schema's own role. Creating
 * a schema costs milliseconds; a database per test file would cost far more, and a container per file more still.
 *
 * Roles are cluster-wide, so theirs are named after the schema (random per call: parallel files and parallel runs
 * never meet) and carry a random password (a server that asks for one, e.g. Testcontainers', gets it; trust ignores
 * it). The setup step runs as the run's own identity (`databaseUrl`, the superuser here and in CI); `drop` removes
 * the schema and both roles.
 */
export async function createTestSchema(
  databaseUrl: string,
  migrationsDir?: string,
  label = 't',
  options: { reader?: boolean } = {},
): Promise<TestSchema> {
  const run = keepingRun(databaseUrl)
  const reader = options.reader ?? false
  const kept = migrationsDir && run ? takeKept(databaseUrl, migrationsDir, reader) : undefined
  if (kept && migrationsDir) return keptSchema(databaseUrl, migrationsDir, reader, kept)
  const schema = `${label}_${randomBytes(5).toString('hex')}`
  const roles = { owner: `${schema}_owner`, ...(options.reader ? { reader: `${schema}_reader` } : {}) }
  const as = (user: string) => {
    const u = new URL(databaseUrl)
    u.username = user
    u.password = randomBytes(12).toString('hex')
    u.searchParams.set('schema', schema)
    return u.toString()
  }
  const url = as(roles.owner)
  const readerUrl = roles.reader ? as(roles.reader) : undefined
  let pool: pg.Pool | undefined
  const drop = async () => {
    await pool?.end()
    await dropProvisioned(databaseUrl, schema, Object.values(roles))
  }
  try {
    await provisionSchema(databaseUrl, { ownerUrl: url, ...(readerUrl ? { readerUrl } : {}) })
    if (migrationsDir) await migrate(url, migrationsDir)
    if (migrationsDir && run) {
      const pristine = await recordPristine(databaseUrl, run, schema, roles)
      return keptSchema(databaseUrl, migrationsDir, reader, {
        schema,
        url,
        ...(readerUrl ? { readerUrl } : {}),
        roles,
        pristine,
      })
    }
    pool = createPool(url, 10).pool
  } catch (error) {
    await drop().catch(() => {})
    throw error
  }
  return {
    url,
    ...(readerUrl ? { readerUrl } : {}),
    schema,
    roles,
    pool,
    drop,
    [Symbol.asyncDispose]: drop,
  }
}

/** A schema kept for reuse (kept-schemas.ts): `drop` empties it for the next file instead. */
function keptSchema(databaseUrl: string, migrationsDir: string, reader: boolean, kept: Kept): TestSchema {
  const { pool } = createPool(kept.url, 10)
  let released: Promise<void> | undefined
  const drop = () => {
    released ??= pool.end().then(() => release(databaseUrl, migrationsDir, reader, kept))
    return released
  }
  return {
    url: kept.url,
    ...(kept.readerUrl ? { readerUrl: kept.readerUrl } : {}),
    schema: kept.schema,
    roles: kept.roles,
    pool,
    drop,
    [Symbol.asyncDispose]: drop,
  }
}

/**
 * Vacuums the run's database, the system catalogs with it, and answers how many dead catalog rows it found. Every
 * test file creates schemas, tables and roles and drops them, and each leaves dead rows in `pg_attribute`,
 * `pg_class`, `pg_depend`…; with autovacuum off, as on these machines (`conf.d/90-ci.conf`), only page pruning
 * reclaims them, and a machine's history of runs had left `pg_attribute` 1.27 million dead rows (264 MB) that every
 * later run planned and created against (docs/operations.md, "The suite's time"). So a run starts from catalogs as
 * clean as a fresh database's, whatever ran before it: 9 s for that history, 0.2 s after one run. A role that may not
 * vacuum a catalog is only warned by PostgreSQL, and its run goes on as before.
 */
export async function vacuumDatabase(databaseUrl: string): Promise<{ deadCatalogRows: number }> {
  const { pool } = createPool(databaseUrl, 1)
  try {
    const { rows } = await pool.query<{ dead: string }>(
      "SELECT coalesce(sum(n_dead_tup), 0)::text AS dead FROM pg_stat_all_tables WHERE schemaname = 'pg_catalog'",
    )
    // Database-wide: every catalog, the shared ones (roles) included, and what tables the run's schemas left.
    await pool.query('VACUUM')
    return { deadCatalogRows: Number(rows[0]?.dead ?? 0) }
  } finally {
    await pool.end()
  }
}
