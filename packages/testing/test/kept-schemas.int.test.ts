import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestSchema, type TestSchema } from '../src/index.js'
import { dropKept } from '../src/kept-schemas.js'

// A migrated schema is kept for the next file of the worker instead of dropped (kept-schemas.ts). What the next file
// gets must be what a fresh schema would have been: every row a test wrote gone, the rows the migrations seeded back,
// every sequence where the migrations left it, the planner's sizes and statistics a fresh schema's, and nobody of the
// last user still connected.
const gateway = fileURLToPath(new URL('../../../services/gateway/prisma/migrations', import.meta.url))
const run = `run_kept_test_${Date.now()}`
const url = () => inject('databaseUrl')

/** Every table's rows and every sequence's position, as text: what a test could read of a schema. */
async function contents(db: TestSchema): Promise<string> {
  const tables = await db.pool.query<{ name: string; digest: string }>(
    `SELECT c.relname AS name,
            (xpath('/row/d/text()', query_to_xml(format(
              'SELECT md5(coalesce(string_agg(t::text, ''|'' ORDER BY t::text), '''')) AS d FROM %I.%I t',
              $1::text, c.relname), false, true, '')))[1]::text AS digest
       FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r' ORDER BY 1`,
    [db.schema],
  )
  const sequences = await db.pool.query(
    'SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = $1 ORDER BY 1',
    [db.schema],
  )
  // What the planner would go by: each relation's size and the statistics an ANALYZE gathered.
  const planner = await db.pool.query(
    `SELECT c.relname, c.relpages, c.reltuples, c.relallvisible,
            (SELECT count(*) FROM pg_stats s WHERE s.schemaname = $1 AND s.tablename = c.relname) AS stats
       FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'i') ORDER BY 1`,
    [db.schema],
  )
  return JSON.stringify([tables.rows, sequences.rows, planner.rows])
}

describe('kept test schemas', () => {
  let before: string | undefined
  beforeAll(() => {
    before = process.env['ONEWINDOW_TEST_RUN']
    process.env['ONEWINDOW_TEST_RUN'] = run
  })
  afterAll(async () => {
    if (before === undefined) delete process.env['ONEWINDOW_TEST_RUN']
    else process.env['ONEWINDOW_TEST_RUN'] = before
    await dropKept(url(), run)
  })

  it('hands the next caller the same schema, as its migrations left it', async () => {
    const first = await createTestSchema(url(), gateway, 'kept', { reader: true })
    const pristine = await contents(first)
    expect(pristine).toContain('answer_version_seq')
    // Rows in a table with a sequence of its own, a standalone sequence moved, a seeded row changed.
    await first.pool.query(
      `INSERT INTO outbox_message (id, subject, aggregate_id, payload, headers)
       SELECT gen_random_uuid(), 'x', 'a', '{}', '{}' FROM generate_series(1, 1200)`,
    )
    await first.pool.query('ANALYZE outbox_message')
    await first.pool.query("SELECT nextval('answer_version_seq') FROM generate_series(1, 5)")
    const { rowCount } = await first.pool.query('UPDATE _prisma_migrations SET logs = $1', ['touched'])
    expect(rowCount).toBeGreaterThan(0)
    expect(await contents(first)).not.toBe(pristine)
    // A session of the owner the test forgot to close.
    const stray = new pg.Client({ connectionString: first.url.replace(/\?.*$/, '') })
    stray.on('error', () => {})
    await stray.connect()
    await first.drop()

    const second = await createTestSchema(url(), gateway, 'kept', { reader: true })
    try {
      expect(second.schema).toBe(first.schema)
      expect(await contents(second)).toBe(pristine)
      await expect(stray.query('SELECT 1')).rejects.toThrow()
    } finally {
      await second.drop()
      await stray.end().catch(() => {})
    }
  })

  it('drops a schema whose definition a test changed, and makes the next one afresh', async () => {
    const first = await createTestSchema(url(), gateway, 'kept', { reader: true })
    // Whatever was kept before is taken first; change the one this test holds.
    await first.pool.query('CREATE INDEX outbox_subject_test_idx ON outbox_message (subject)')
    await first.drop()
    const gone = await first.pool.query('SELECT 1').catch(() => 'ended')
    expect(gone).toBe('ended')
    const admin = new pg.Pool({ connectionString: url(), max: 1 })
    try {
      const { rows } = await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [first.schema])
      expect(rows).toEqual([])
    } finally {
      await admin.end()
    }
    const next = await createTestSchema(url(), gateway, 'kept', { reader: true })
    try {
      expect(next.schema).not.toBe(first.schema)
    } finally {
      await next.drop()
    }
  })

  it('keeps nothing without a run, nor with TEST_KEEP_SCHEMAS=off, nor in another database than the run’s', async () => {
    const database = process.env['ONEWINDOW_TEST_DATABASE']
    for (const set of [
      () => delete process.env['ONEWINDOW_TEST_RUN'],
      () => (process.env['TEST_KEEP_SCHEMAS'] = 'off'),
      () => (process.env['ONEWINDOW_TEST_DATABASE'] = `${url()}?other`),
    ]) {
      set()
      try {
        const db = await createTestSchema(url(), gateway, 'kept', { reader: true })
        await db.drop()
        const admin = new pg.Pool({ connectionString: url(), max: 1 })
        try {
          const { rows } = await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [db.schema])
          expect(rows).toEqual([])
        } finally {
          await admin.end()
        }
      } finally {
        process.env['ONEWINDOW_TEST_RUN'] = run
        delete process.env['TEST_KEEP_SCHEMAS']
        if (database === undefined) delete process.env['ONEWINDOW_TEST_DATABASE']
        else process.env['ONEWINDOW_TEST_DATABASE'] = database
      }
    }
  })
})
