import { migrate } from '@onewindow/db'
import { createTestSchema, migrationsUpTo } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { migrationsDir } from '../src/index.js'

// 20261231000000_stage_figures: cases that ended before the migration count in the roll-up as decided on their day
// (in China) and unmeasured — their working days need the calendar, which SQL does not have; open ones do not count;
// the tasks' rows are kept, as stage `approval`.

const MIGRATION = '20261231000000_stage_figures'
const id = (n: number) => `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`
const PROJECT = id(100)

describe(MIGRATION, () => {
  it('counts the cases that had ended, unmeasured, beside the tasks', async () => {
    using migrations = migrationsUpTo(migrationsDir, MIGRATION)
    await using db = await createTestSchema(inject('databaseUrl'), migrations.before, 'stagefig', { reader: true })

    // Failed at 23:30 on 12 March UTC: 13 March in China.
    await db.pool.query(
      `INSERT INTO acceptance_case (id, project_id, lead, status, version, snapshot, updated_at) VALUES
         ($1, $3, 'housing-construction', 'failed', 2, '{"decidedAt": "2026-03-12T23:30:00Z"}', now()),
         ($2, $3, 'housing-construction', 'open', 1, '{}', now())`,
      [id(1), id(2), PROJECT],
    )
    await db.pool.query(
      `INSERT INTO registration_case (id, project_id, status, version, snapshot, updated_at)
       VALUES ($1, $2, 'completed', 3, '{"completedAt": "2026-03-16T02:00:00Z"}', now())`,
      [id(3), PROJECT],
    )
    await db.pool.query(
      `INSERT INTO utility_request (id, project_id, provider, stage, version, snapshot, updated_at)
       VALUES ($1, $2, 'water', 'connected', 2, '{"connectedAt": "2026-03-10T02:00:00Z"}', now())`,
      [id(4), PROJECT],
    )
    await db.pool.query(
      `INSERT INTO task (id, application_id, project_id, department, item, status, national_code, version, snapshot,
                         updated_at, decided_on, outcome, workdays_used_net, workdays_used_gross)
       VALUES ($1, $2, $3, 'natural-resources', 'planning-permit', 'approved', 12, 2, '{}', now(), '2026-03-04',
               'approved', 2, 2)`,
      [id(5), id(6), PROJECT],
    )

    expect((await migrate(db.url, migrations.through)).applied).toEqual([MIGRATION])
    const { rows } = await db.pool.query(
      `SELECT stage, period::text, department, decided, approved, rejected, net_histogram
         FROM decided_figures_rollup WHERE span = 'day' AND region = '*' ORDER BY stage, period`,
    )
    expect(rows).toEqual([
      {
        stage: 'approval',
        period: '2026-03-04',
        department: 'natural-resources',
        decided: 1,
        approved: 1,
        rejected: 0,
        net_histogram: { 2: 1 },
      },
      {
        stage: 'first-registration',
        period: '2026-03-16',
        department: '',
        decided: 1,
        approved: 1,
        rejected: 0,
        net_histogram: {},
      },
      {
        stage: 'joint-acceptance',
        period: '2026-03-13',
        department: 'housing-construction',
        decided: 1,
        approved: 0,
        rejected: 1,
        net_histogram: {},
      },
      {
        stage: 'utility-connection',
        period: '2026-03-10',
        department: 'water',
        decided: 1,
        approved: 1,
        rejected: 0,
        net_histogram: {},
      },
    ])
    expect(
      (await db.pool.query('SELECT unmeasured FROM acceptance_case ORDER BY id')).rows.map((r) => r.unmeasured),
    ).toEqual(['ended before its figures were kept', null])
  })
})
