import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptanceWorld, aProject, call, owner, type World } from './helpers.js'

// 多测合一 commissions are kept as snapshots in their `state` column, read back checked (db/surveys.ts), as the
// acceptance cases are (db/cases.ts). A row damaged after it was written (a hand edit, a restore from another
// release) fails only what needs that row: the surveying unit's worklist and the project's list answer with the
// other commissions, and a command that needs the damaged one is refused with nothing written.

const START = '2026-03-02T01:00:00Z'
const SURVEYOR = { name: '佛山测绘院', creditCode: '91440600MA4UW8XL3H' }
const unit = { sub: 'surveyor-1', role: 'surveyor', creditCode: SURVEYOR.creditCode }

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const ids = (res: { status: number; body: { commissions: Array<{ commissionId: string }> } }) => {
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.commissions.map((c) => c.commissionId).sort()
}

describe('a damaged stored survey commission', () => {
  it('is left out of the lists other commissions share, and a command needing it writes nothing', async () => {
    const projectId = await aProject(w)
    const commissioned: string[] = []
    for (const stage of ['permits', 'completion']) {
      const res = await call(w, 'POST', `/projects/${projectId}/survey-commissions`, owner, {
        stage,
        surveyor: SURVEYOR,
      })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      commissioned.push(res.body.commission.commissionId)
    }
    const [intact, damaged] = commissioned as [string, string]
    expect(ids(await call(w, 'GET', `/projects/${projectId}/survey-commissions`, owner))).toEqual(
      [...commissioned].sort(),
    )

    // Valid JSON, but its items are no list: the snapshot's schema refuses it.
    const items = (
      await w.db.pool.query(`SELECT state->'items' AS items FROM survey_commission WHERE id = $1`, [damaged])
    ).rows[0].items
    await w.db.pool.query(`UPDATE survey_commission SET state = jsonb_set(state, '{items}', '7') WHERE id = $1`, [
      damaged,
    ])
    expect(ids(await call(w, 'GET', `/projects/${projectId}/survey-commissions`, owner))).toEqual([intact])
    expect(ids(await call(w, 'GET', '/survey-commissions', unit))).toEqual([intact])
    // The unit's list names the project its commissions are on, as ProjectRegisteredV1 carried it (it reads no
    // project otherwise); a project copied before the title was kept (NULL) is left for the client to name by its id.
    const titled = await call(w, 'GET', '/survey-commissions', unit)
    expect(titled.body.projects).toEqual([
      { projectId, name: expect.stringMatching(/^Factory \d+$/), projectCode: expect.any(String), location: null },
    ])
    await w.db.pool.query('UPDATE project SET name = NULL, project_code = NULL WHERE id = $1', [projectId])
    expect((await call(w, 'GET', '/survey-commissions', unit)).body.projects).toEqual([])
    await w.db.pool.query('UPDATE project SET name = $2, project_code = $3 WHERE id = $1', [
      projectId,
      titled.body.projects[0].name,
      titled.body.projects[0].projectCode,
    ])

    // Recording results on it, and opening the joint acceptance that would read the completion survey: both refused.
    const before = await w.writtenTo('survey_commission', damaged)
    const recorded = await call(w, 'POST', `/survey-commissions/${damaged}/results`, unit, {
      results: [{ item: 'as-built-planning-survey', documentRef: 'doc://survey.pdf' }],
    })
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(500)
    expect(recorded.body).toMatchObject({
      code: 'ACCEPTANCE_STORED_ROW_UNREADABLE',
      row: 'survey commission',
      rowId: damaged,
    })
    const opened = await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, {})
    expect(opened.status, JSON.stringify(opened.body)).toBe(500)
    expect(opened.body).toMatchObject({ code: 'ACCEPTANCE_STORED_ROW_UNREADABLE', rowId: damaged })
    expect(await w.writtenTo('survey_commission', damaged)).toEqual(before)
    expect((await w.db.pool.query('SELECT count(*)::int AS n FROM acceptance_case')).rows[0].n).toBe(0)

    // Repaired, the same opening goes through: it was the damaged row that refused it.
    await w.db.pool.query(`UPDATE survey_commission SET state = jsonb_set(state, '{items}', $2::jsonb) WHERE id = $1`, [
      damaged,
      JSON.stringify(items),
    ])
    expect(ids(await call(w, 'GET', '/survey-commissions', unit))).toEqual([...commissioned].sort())
    const reopened = await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, {})
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(201)
  })
})
