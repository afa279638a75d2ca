import { migrate } from '@onewindow/db'
import { createTestSchema, migrationsUpTo } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { migrationsDir } from '../src/index.js'

// 20261228000000_trim_part: the read model's copies of a building stored before WorksPart refused edge whitespace —
// a timeline entry's, an acceptance or registration case's and the survey each used — are trimmed, and the project's
// kept status answers are outdated by it; a value that trims to nothing is left.

const MIGRATION = '20261228000000_trim_part'
const id = (n: number) => `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`
const PROJECT = id(100)

describe(MIGRATION, () => {
  it('trims the timeline’s and the cases’ parts and moves the project’s answer version', async () => {
    using migrations = migrationsUpTo(migrationsDir, MIGRATION)
    await using db = await createTestSchema(inject('databaseUrl'), migrations.before, 'trim', { reader: true })

    for (const [n, part] of ['1号厂房 ', '\t', null].entries())
      await db.pool.query(
        `INSERT INTO timeline_entry (event_id, project_id, occurred_at, type, subject, summary, part)
         VALUES ($1, $2, now(), 'acceptance.started', 'x', 'x', $3)`,
        [id(n), PROJECT, part],
      )
    await db.pool.query(
      `INSERT INTO acceptance_case (id, project_id, lead, status, version, snapshot, updated_at)
       VALUES ($1, $2, 'housing-construction', 'open', 1, $3, now())`,
      [id(10), PROJECT, { part: ' 1号厂房', survey: { commissionId: id(9), part: '1号厂房 ' } }],
    )
    await db.pool.query(
      `INSERT INTO registration_case (id, project_id, status, version, snapshot, updated_at)
       VALUES ($1, $2, 'open', 1, $3, now())`,
      [id(20), PROJECT, { part: '1号厂房\u3000', preSurveyBy: { commissionId: id(9), part: '1号厂房\n' } }],
    )
    const version = async () =>
      Number(
        (await db.pool.query('SELECT version FROM answer_version WHERE scope = $1', [`project:${PROJECT}`])).rows[0]
          ?.version ?? 0,
      )
    const was = await version()

    expect((await migrate(db.url, migrations.through)).applied).toEqual([MIGRATION])
    expect((await db.pool.query('SELECT part FROM timeline_entry ORDER BY event_id')).rows.map((r) => r.part)).toEqual([
      '1号厂房',
      '\t',
      null,
    ])
    expect((await db.pool.query('SELECT snapshot FROM acceptance_case')).rows[0].snapshot).toEqual({
      part: '1号厂房',
      survey: { commissionId: id(9), part: '1号厂房' },
    })
    expect((await db.pool.query('SELECT snapshot FROM registration_case')).rows[0].snapshot).toEqual({
      part: '1号厂房',
      preSurveyBy: { commissionId: id(9), part: '1号厂房' },
    })
    expect(await version()).toBeGreaterThan(was)
  })
})
