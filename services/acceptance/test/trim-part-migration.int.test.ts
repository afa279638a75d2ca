import { AcceptanceCaseSnapshot, SurveyCommissionSnapshot, WorksPart } from '@onewindow/contracts'
import { migrate, storedState } from '@onewindow/db'
import { createTestSchema, migrationsUpTo } from '@onewindow/testing'
import { Compile } from 'typebox/compile'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrationsDir } from '../src/index.js'
import { acceptanceWorld, aProject, call, owner, type World } from './helpers.js'

// 20261228000000_trim_part: parts stored before WorksPart refused edge whitespace are trimmed, except where the
// trimmed value is another row's key (a live case, a commission of the same stage), which is left as it was and
// still reads: the snapshots carry WorksPartOnRecord. Rows are copied from ones the service wrote, their parts changed.

const MIGRATION = '20261228000000_trim_part'
const START = '2026-03-02T02:00:00Z'
const SURVEYOR = { name: '佛山测绘院', creditCode: '91440600MA4UW8XL3H' }

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const id = (n: number) => `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`

describe(MIGRATION, () => {
  it('trims stored parts, leaves a row whose trimmed part another row holds, and every row still reads', async () => {
    // A case and a commission as the service writes them, to copy.
    const projectId = await aProject(w)
    const opened = await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, { part: '样板' })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    const commissioned = await call(w, 'POST', `/projects/${projectId}/survey-commissions`, owner, {
      stage: 'completion',
      part: '样板',
      surveyor: SURVEYOR,
    })
    expect(commissioned.status, JSON.stringify(commissioned.body)).toBe(201)
    const [caseRow] = (await w.db.pool.query('SELECT * FROM acceptance_case WHERE project_id = $1', [projectId])).rows
    const [surveyRow] = (await w.db.pool.query('SELECT * FROM survey_commission WHERE project_id = $1', [projectId]))
      .rows

    // A schema migrated up to the migration before this one.
    using migrations = migrationsUpTo(migrationsDir, MIGRATION)
    await using db = await createTestSchema(inject('databaseUrl'), migrations.before, 'trim')

    const commissions: Array<[number, string, string]> = [
      [1, '1号厂房 ', '2026-03-02T02:00:01Z'], // alone: trimmed
      [2, '2号厂房', '2026-03-02T02:00:02Z'],
      [3, '2号厂房 ', '2026-03-02T02:00:03Z'], // '2号厂房' is taken: left
      [4, ' 3号厂房', '2026-03-02T02:00:04Z'], // the first of two that trim alike: trimmed
      [5, '3号厂房\u3000', '2026-03-02T02:00:05Z'], // the second: left
      [6, '\t', '2026-03-02T02:00:06Z'], // trims to nothing: left
    ]
    for (const [n, part, commissionedAt] of commissions)
      await db.pool.query(
        `INSERT INTO survey_commission (id, project_id, stage, part, owner_credit_code, surveyor_credit_code, status,
                                        state, updated_at)
         VALUES ($1, $2, 'completion', $3, $4, $5, $6, $7, $8)`,
        [
          id(n),
          projectId,
          part,
          surveyRow.owner_credit_code,
          surveyRow.surveyor_credit_code,
          surveyRow.status,
          { ...surveyRow.state, commissionId: id(n), part, commissionedAt },
          surveyRow.updated_at,
        ],
      )
    const survey = (n: number, part: string) => ({
      commissionId: id(n),
      part,
      surveyor: SURVEYOR,
      completedAt: START,
      results: [],
    })
    const cases: Array<[number, string, 'open' | 'failed', string, object?]> = [
      [11, '1号厂房 ', 'open', '2026-03-02T03:00:01Z', survey(1, '1号厂房 ')], // trimmed, its survey's copy too
      [12, '2号厂房', 'open', '2026-03-02T03:00:02Z'],
      [13, '2号厂房 ', 'open', '2026-03-02T03:00:03Z', survey(3, '2号厂房 ')], // live '2号厂房' is taken: left
      [14, '2号厂房 ', 'failed', '2026-03-02T03:00:04Z'], // failed cases hold no live key: trimmed
    ]
    for (const [n, part, status, openedAt, used] of cases)
      await db.pool.query(
        `INSERT INTO acceptance_case (id, project_id, part, live_key, status, version, state, opened_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $7)`,
        [
          id(n),
          projectId,
          part,
          status === 'failed' ? null : `${projectId}/${part}`,
          status,
          { ...caseRow.state, caseId: id(n), part, status, openedAt, ...(used ? { survey: used } : {}) },
          openedAt,
        ],
      )

    expect((await migrate(db.url, migrations.through)).applied).toEqual([MIGRATION])

    const surveys = (await db.pool.query(`SELECT id, part, state::text AS state FROM survey_commission ORDER BY id`))
      .rows
    expect(surveys.map((r) => [r.part, JSON.parse(r.state).part])).toEqual([
      ['1号厂房', '1号厂房'],
      ['2号厂房', '2号厂房'],
      ['2号厂房 ', '2号厂房 '],
      ['3号厂房', '3号厂房'],
      ['3号厂房\u3000', '3号厂房\u3000'],
      ['\t', '\t'],
    ])
    const kept = (
      await db.pool.query(`SELECT id, part, live_key, state::text AS state FROM acceptance_case ORDER BY id`)
    ).rows
    expect(
      kept.map((r) => [
        r.part,
        r.live_key?.slice(projectId.length),
        JSON.parse(r.state).part,
        JSON.parse(r.state).survey?.part,
      ]),
    ).toEqual([
      ['1号厂房', '/1号厂房', '1号厂房', '1号厂房'],
      ['2号厂房', '/2号厂房', '2号厂房', undefined],
      ['2号厂房 ', '/2号厂房 ', '2号厂房 ', '2号厂房 '],
      ['2号厂房', undefined, '2号厂房', undefined],
    ])
    expect((await db.pool.query(`SELECT 1 FROM pg_proc WHERE proname = 'part_trimmed'`)).rowCount).toBe(0)

    // The rows left keep a part WorksPart now refuses; read back as the service reads them, none is unreadable.
    expect(Compile(WorksPart).Check('2号厂房 ')).toBe(false)
    const read = (kind: string, schema: typeof SurveyCommissionSnapshot | typeof AcceptanceCaseSnapshot) =>
      storedState(kind, schema)
    const commissionsRead = read('survey commission', SurveyCommissionSnapshot).each(surveys)
    expect([commissionsRead.rows.length, commissionsRead.unreadable]).toEqual([6, []])
    const casesRead = read('acceptance case', AcceptanceCaseSnapshot).each(kept)
    expect([casesRead.rows.length, casesRead.unreadable]).toEqual([4, []])
  })
})
