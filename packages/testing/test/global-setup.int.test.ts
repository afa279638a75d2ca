import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { createPool } from '@onewindow/db'
import { expect, inject, it } from 'vitest'
import { createTestSchema, createTestTopology, vacuumDatabase } from '../src/index.js'

// nats-server 2.9 removes the account's store directory with its last stream, under any stream being created then
// (global-setup.ts `keepStreamStore`): the run keeps one stream standing from its first file to its last.
it("keeps a stream of the run's own standing while files create and delete theirs", async () => {
  const nc = await connect({ servers: inject('natsUrl') })
  try {
    const jsm = await jetstreamManager(nc)
    const names = async () => (await jsm.streams.names().next()).filter((n) => n.startsWith('KEEP_'))
    const kept = await names()
    expect(kept.length).toBeGreaterThanOrEqual(1)
    const topology = await createTestTopology(nc)
    await topology.delete()
    expect(await names()).toEqual(expect.arrayContaining(kept))
  } finally {
    await nc.close()
  }
})

// With autovacuum off on these machines, a run's dropped schemas leave dead catalog rows that slow every later run
// (postgres.ts `vacuumDatabase`): the run's set-up vacuums the database, catalogs included.
it('vacuums the catalogs of the run’s database, and leaves a role that may not to PostgreSQL’s warning', async () => {
  const url = inject('databaseUrl')
  const { pool } = createPool(url, 1)
  try {
    const lastVacuum = async () =>
      (
        await pool.query<{ at: Date | null }>(
          "SELECT last_vacuum AS at FROM pg_stat_all_tables WHERE schemaname = 'pg_catalog' AND relname = 'pg_attribute'",
        )
      ).rows[0]?.at ?? null
    // A schema made and dropped: dead rows in pg_attribute, pg_class, pg_type, pg_depend.
    const scratch = await createTestSchema(url, undefined, 'vacuum')
    await scratch.pool.query('CREATE TABLE bloat (a int, b text, c jsonb)')
    const before = await lastVacuum()
    await scratch.drop()
    const { deadCatalogRows } = await vacuumDatabase(url)
    expect(Number.isInteger(deadCatalogRows) && deadCatalogRows >= 0).toBe(true)
    const after = await lastVacuum()
    expect(after).not.toBeNull()
    if (before) expect((after as Date).getTime()).toBeGreaterThan(before.getTime())

    // As a schema's owner, which owns no catalog: warnings, no error.
    await using owned = await createTestSchema(url, undefined, 'vacuum')
    await expect(vacuumDatabase(owned.url)).resolves.toEqual({ deadCatalogRows: expect.any(Number) })
  } finally {
    await pool.end()
  }
})
