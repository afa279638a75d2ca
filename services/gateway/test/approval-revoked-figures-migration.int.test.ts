import { migrate } from '@onewindow/db'
import { createTestSchema, migrationsUpTo } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { migrationsDir } from '../src/index.js'

// 20270101200000_approval_revoked_figures: a task whose permit was revoked (撤销, 15) before the migration, kept as
// approved in the figures, moves out of the grants — still decided and measured on its day, and still in the
// completion forecast's pace; a grant that stands and a refusal are left as they were.

const MIGRATION = '20270101200000_approval_revoked_figures'
const id = (n: number) => `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`
const PROJECT = id(100)
const APPLICATION = id(101)

describe(MIGRATION, () => {
  it('counts a revoked permit as decided, neither approved nor rejected; the rebuild and the forecast agree', async () => {
    using migrations = migrationsUpTo(migrationsDir, MIGRATION)
    await using db = await createTestSchema(inject('databaseUrl'), migrations.before, 'apprevfig', { reader: true })

    await db.pool.query(
      `INSERT INTO task (id, application_id, project_id, department, item, status, national_code, version, snapshot,
                         updated_at, step, decided_on, outcome, on_commitment, supplement_rounds, workdays_used_net,
                         workdays_used_gross)
       VALUES ($1, $4, $5, 'housing-construction', 'construction-permit', 'revoked', 15, 4, '{}', now(),
               'six-item-bundle', '2026-03-11', 'approved', true, 0, 5, 5),
              ($2, $4, $5, 'housing-construction', 'construction-permit', 'approved', 12, 2, '{}', now(),
               'six-item-bundle', '2026-03-11', 'approved', false, 0, 3, 3),
              ($3, $4, $5, 'housing-construction', 'construction-permit', 'rejected', 13, 2, '{}', now(),
               'six-item-bundle', '2026-03-11', 'rejected', false, 1, 4, 4)`,
      [id(1), id(2), id(3), APPLICATION, PROJECT],
    )
    const day = async () =>
      (
        await db.pool.query(
          `SELECT decided, approved, rejected, on_commitment, net_histogram FROM decided_figures_rollup
            WHERE stage = 'approval' AND span = 'day' AND region = '*'`,
        )
      ).rows
    const pace = async () =>
      (await db.pool.query(`SELECT days FROM forecast_history(ARRAY['construction-permit'], 10)`)).rows.map((r) =>
        [...r.days].sort(),
      )
    expect(await day()).toEqual([
      { decided: 3, approved: 2, rejected: 1, on_commitment: 1, net_histogram: { 3: 1, 4: 1, 5: 1 } },
    ])
    expect(await pace()).toEqual([[3, 4, 5]])

    expect((await migrate(db.url, migrations.through)).applied).toEqual([MIGRATION])
    const after = [{ decided: 3, approved: 1, rejected: 1, on_commitment: 1, net_histogram: { 3: 1, 4: 1, 5: 1 } }]
    expect(await day()).toEqual(after)
    expect((await db.pool.query('SELECT outcome FROM task ORDER BY id')).rows.map((r) => r.outcome)).toEqual([
      'revoked',
      'approved',
      'rejected',
    ])
    // The department's pace keeps the revoked decision: it took those days all the same.
    expect(await pace()).toEqual([[3, 4, 5]])
    await db.pool.query('SELECT decided_figures_rollup_rebuild()')
    expect(await day()).toEqual(after)
  })
})
