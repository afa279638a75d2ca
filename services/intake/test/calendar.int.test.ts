import { IntakeDueMovedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, type IntakeWorld, intakeWorld, lowRiskFactory, sixItemMaterials } from './world.js'

// Monday 14 December 2026, 09:00 in Shanghai. A commitment (告知承诺) accepted today is verified within 20 W: 13 working
// days to 12-31, then 2027, not bundled. On weekdays alone: Fri 01-01 is the 14th, 01-04..01-08 the 15th to 19th, Mon
// 01-11 the 20th. With 元旦 01-01..01-03 published: 01-04..01-08 are the 14th to 18th, 01-11 the 19th, Tue 01-12 the 20th.
const START = '2026-12-14T01:00:00Z'
const BEFORE = '2027-01-11'
const AFTER = '2027-01-12'
const ITEM = 'engineering-planning-permit'

const schedule2027 = {
  year: 2027,
  source: { title: '国务院办公厅关于2027年部分节假日安排的通知', number: '国办发明电〔2026〕9号' },
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
  workdays: [],
}

let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld()
  w.clock.set(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

async function committedApplication(verifyBy: string | null = BEFORE): Promise<string> {
  const created = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const projectId: string = created.body.project.projectId
  await w.approveFirstStep(projectId)
  const res = await w.call('POST', `/projects/${projectId}/applications`, actors.clerk, {
    step: 'six-item-bundle',
    form: {},
    materials: sixItemMaterials,
    commitments: [{ item: ITEM }],
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  if (verifyBy !== null) expect(res.body.application.commitments).toEqual([{ item: ITEM, verifyBy }])
  return res.body.application.applicationId
}
const commitmentOf = async (applicationId: string) =>
  (
    await w.db.pool.query(
      `SELECT verify_by::text AS "verifyBy", verify_limit_value AS value, verify_limit_unit AS unit
         FROM commitment WHERE application_id = $1`,
      [applicationId],
    )
  ).rows

describe("intake's 告知承诺 verify-by days on a published calendar", () => {
  it('keeps the limit it counted with, and re-projects the day from it when the year is published', async () => {
    const app = await committedApplication()
    expect(await commitmentOf(app)).toEqual([{ verifyBy: BEFORE, value: 20, unit: 'W' }])
    // A commitment stored before its limit was kept: nothing to count from, so its day stays.
    const old = await committedApplication()
    await w.db.pool.query(
      'UPDATE commitment SET verify_limit_value = NULL, verify_limit_unit = NULL WHERE application_id = $1',
      [old],
    )

    const published = await w.call('POST', '/admin/calendars', actors.admin, schedule2027)
    expect(published.status, JSON.stringify(published.body)).toBe(201)

    expect(await commitmentOf(app)).toEqual([{ verifyBy: AFTER, value: 20, unit: 'W' }])
    expect((await w.call('GET', `/applications/${app}`, actors.clerk)).body.application.commitments).toEqual([
      { item: ITEM, verifyBy: AFTER },
    ])
    expect(await commitmentOf(old)).toEqual([{ verifyBy: BEFORE, value: null, unit: null }])
    // The commitment runs in approval, as the task approved on it: that task's re-projection is the one timeline entry.
    const { rows } = await w.db.pool.query('SELECT 1 FROM outbox_message WHERE subject = $1', [
      IntakeDueMovedV1.subject,
    ])
    expect(rows).toHaveLength(0)
  })

  it('refuses a limit outside 0–3650 days or a unit other than W or N, and half a limit', async () => {
    const app = await committedApplication(null)
    for (const [value, unit] of [
      [3651, 'W'],
      [20, 'D'],
      [20, null],
    ]) {
      await expect(
        w.db.pool.query(
          'UPDATE commitment SET verify_limit_value = $2, verify_limit_unit = $3 WHERE application_id = $1',
          [app, value, unit],
        ),
      ).rejects.toThrow(/commitment_verify_limit_check/)
    }
  })
})
