import { migrate } from '@onewindow/db'
import { createTestSchema, migrationsUpTo } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { migrationsDir } from '../src/index.js'

// 20261228000000_trim_part: a case's building, and the building its pre-survey's survey measured, stored before
// WorksPart refused edge whitespace, are trimmed (no key here holds a part), and so is the building of a kept completion
// survey; a value that trims to nothing is left.

const MIGRATION = '20261228000000_trim_part'
const id = (n: number) => `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`

describe(MIGRATION, () => {
  it('trims the case’s part and its pre-survey’s', async () => {
    using migrations = migrationsUpTo(migrationsDir, MIGRATION)
    await using db = await createTestSchema(inject('databaseUrl'), migrations.before, 'trim')

    const states = [
      { part: '1号厂房 ', preSurveyBy: { commissionId: id(9), part: '1号厂房 ' } },
      { part: '\u30002号厂房' },
      { part: ' ' },
      { preSurveyBy: { commissionId: id(9) } },
    ]
    for (const [n, state] of states.entries())
      await db.pool.query(
        `INSERT INTO registration_case (id, project_id, acceptance_case_id, status, version, state, opened_at, updated_at)
         VALUES ($1, $2, $3, 'open', 1, $4, now(), now())`,
        [id(n), id(100), id(200 + n), state],
      )
    for (const [n, part] of ['3号厂房\t', null].entries())
      await db.pool.query(
        `INSERT INTO completion_survey (commission_id, project_id, part, survey, received_at) VALUES ($1, $2, $3, $4, now())`,
        [id(300 + n), id(100), part, { commissionId: id(300 + n), ...(part ? { part } : {}), results: [] }],
      )

    expect((await migrate(db.url, migrations.through)).applied).toEqual([MIGRATION])
    expect((await db.pool.query('SELECT state FROM registration_case ORDER BY id')).rows.map((r) => r.state)).toEqual([
      { part: '1号厂房', preSurveyBy: { commissionId: id(9), part: '1号厂房' } },
      { part: '2号厂房' },
      { part: ' ' },
      { preSurveyBy: { commissionId: id(9) } },
    ])
    expect((await db.pool.query('SELECT part, survey FROM completion_survey ORDER BY commission_id')).rows).toEqual([
      { part: '3号厂房', survey: { commissionId: id(300), part: '3号厂房', results: [] } },
      { part: null, survey: { commissionId: id(301), results: [] } },
    ])
  })
})
