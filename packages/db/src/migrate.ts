import { createHash, randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { parseDatabaseUrl } from './connection.js'

export type MigrationResult = { applied: string[]; alreadyApplied: string[] }

export class MigrationError extends Error {
  readonly code = 'DB_MIGRATION_FAILED'
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(`migration ${migration} failed: ${(cause as Error).message}`, { cause })
  }
}

// The DDL `prisma migrate deploy` itself runs, so a database migrated here is one the real engine accepts.
const bookkeepingTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`

/** Prisma's folder layout: `migrations/<timestamp>_<name>/migration.sql`, applied in name order. */
export function listMigrations(dir: string): Array<{ name: string; sql: string; checksum: string }> {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

/**
 * Applies the migrations a schema lacks, each in its own transaction, and records them in `_prisma_migrations`
 * exactly as `prisma migrate deploy` does (DESIGN §10: Prisma's schema engine cannot be downloaded here).
 * A migration whose file changed after it was applied is refused, as Prisma refuses it. An advisory lock keeps
 * two replicas starting at once from applying the same migration twice.
 */
export async function migrate(url: string, migrationsDir: string): Promise<MigrationResult> {
  const { connectionString, schema } = parseDatabaseUrl(url)
  const client = new pg.Client({ connectionString })
  await client.connect()
  const result: MigrationResult = { applied: [], alreadyApplied: [] }
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${schema}`])
    // A schema the setup step made (provisionSchema) is used as it is: `CREATE SCHEMA IF NOT EXISTS` would be refused
    // to a service's role, which may not create schemas, even when the schema exists.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${pg.escapeIdentifier(schema)}`)
    await client.query(`SET search_path TO ${pg.escapeIdentifier(schema)}`)
    await client.query(bookkeepingTable)
    const done = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    )
    const applied = new Map(done.rows.map((r) => [r.migration_name, r]))
    for (const m of listMigrations(migrationsDir)) {
      const prior = applied.get(m.name)
      if (prior) {
        if (!prior.finished_at)
          throw new MigrationError(m.name, new Error('a previous attempt failed; resolve it first'))
        if (prior.checksum !== m.checksum)
          throw new MigrationError(m.name, new Error('was modified after it was applied'))
        result.alreadyApplied.push(m.name)
        continue
      }
      try {
        await client.query('BEGIN')
        const id = randomUUID()
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
          [id, m.checksum, m.name],
        )
        await client.query(m.sql)
        await client.query(
          'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
          [id],
        )
        await client.query('COMMIT')
        result.applied.push(m.name)
      } catch (err) {
        await client.query('ROLLBACK')
        throw new MigrationError(m.name, err)
      }
    }
    return result
  } finally {
    await client.end()
  }
}
