import { migrate } from '@onewindow/db'
import { createTestSchema, migrationsUpTo } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { migrationsDir } from '../src/index.js'

// 20270101100000_acceptance_revoked_figures: a joint acceptance whose pass was revoked (撤销) before the migration,
// kept as passed in the figures, moves out of the passes — still decided and measured on its day; a pass that stands
// and a failed case are left as they were.

const MIGRATION = '20270101100000_acceptance_revoked_figures'
const id = (n: number) => `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`
const PROJECT = id(100)

describe(MIGRATION, () => {
  it('counts a revoked pass as decided, neither approved nor rejected, and the rebuild agrees', async () => {
    using migrations = migrationsUpTo(migrationsDir, MIGRATION)
    await using db = await createTestSchema(inject('databaseUrl'), migrations.before, 'revfig', { reader: true })

    const revoked = JSON.stringify({ passRevoked: { item: 'fire-acceptance-filing', on: '2026-03-20' } })
    await db.pool.query(
      `INSERT INTO acceptance_case (id, project_id, lead, status, version, snapshot, updated_at, decided_on, outcome,
                                    workdays_used_net, workdays_used_gross)
       VALUES ($1, $4, 'housing-construction', 'passed', 4, $5::jsonb, now(), '2026-03-11', 'approved', 5, 5),
              ($2, $4, 'housing-construction', 'passed', 2, '{}', now(), '2026-03-11', 'approved', 3, 3),
              ($3, $4, 'housing-construction', 'failed', 2, '{}', now(), '2026-03-11', 'rejected', 4, 4)`,
      [id(1), id(2), id(3), PROJECT, revoked],
    )
    const day = async () =>
      (
        await db.pool.query(
          `SELECT decided, approved, rejected, net_histogram FROM decided_figures_rollup
            WHERE stage = 'joint-acceptance' AND span = 'day' AND region = '*'`,
        )
      ).rows
    expect(await day()).toEqual([{ decided: 3, approved: 2, rejected: 1, net_histogram: { 3: 1, 4: 1, 5: 1 } }])

    expect((await migrate(db.url, migrations.through)).applied).toEqual([MIGRATION])
    const after = [{ decided: 3, approved: 1, rejected: 1, net_histogram: { 3: 1, 4: 1, 5: 1 } }]
    expect(await day()).toEqual(after)
    expect((await db.pool.query('SELECT outcome FROM acceptance_case ORDER BY id')).rows.map((r) => r.outcome)).toEqual(
      ['revoked', 'approved', 'rejected'],
    )
    await db.pool.query('SELECT decided_figures_rollup_rebuild()')
    expect(await day()).toEqual(after)
  })
})
