import { randomBytes } from 'node:crypto'
import { createPool, migrate } from '@onewindow/db'
import pg from 'pg'

export type TestSchema = {
  /** `DATABASE_URL` for the code under test: the run's database with `?schema=<fresh schema>`. */
  url: string
  schema: string
  pool: pg.Pool
  drop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * A fresh schema with the given migrations applied by the project's migrate step. Creating a schema costs
 * milliseconds; a database per test file would cost far more, and a container per file more still.
 */
export async function createTestSchema(databaseUrl: string, migrationsDir?: string, label = 't'): Promise<TestSchema> {
  const schema = `${label}_${randomBytes(5).toString('hex')}`
  const url = new URL(databaseUrl)
  url.searchParams.set('schema', schema)
  const admin = new pg.Client({ connectionString: databaseUrl })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${pg.escapeIdentifier(schema)}`)
  await admin.end()
  if (migrationsDir) await migrate(url.toString(), migrationsDir)
  const { pool } = createPool(url.toString(), 10)
  const drop = async () => {
    await pool.end()
    const c = new pg.Client({ connectionString: databaseUrl })
    await c.connect()
    await c.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
    await c.end()
  }
  return { url: url.toString(), schema, pool, drop, [Symbol.asyncDispose]: drop }
}
