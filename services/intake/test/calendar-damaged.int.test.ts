import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, type IntakeWorld, intakeWorld, lowRiskFactory, sixItemMaterials } from './world.js'

// An administrator's publication re-projects intake's open 告知承诺 verify-by days in its own transaction. One stored
// commitment no calendar can count (a hand edit: an acceptance day before 2000) must not refuse the publication to
// everyone: the calendar is stored and published, every other day moves, and that one is left as it was and named in
// the log. The days are calendar.int's: accepted Monday 14 December 2026, 20 W runs to Mon 2027-01-11 on weekdays
// alone and to Tue 01-12 with 元旦 published.
const START = '2026-12-14T01:00:00Z'
const BEFORE = '2027-01-11'
const AFTER = '2027-01-12'
const ITEM = 'engineering-planning-permit'

type LogLine = { msg?: string; unreadable?: { kind?: string; id?: string; reason?: string } }
const lines: LogLine[] = []
let w: IntakeWorld
beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line))
      done()
    },
  })
  w = await intakeWorld({ logger: { stream }, logLevel: 'warn' })
  w.clock.set(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

async function committedApplication(): Promise<string> {
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
  return res.body.application.applicationId
}
const verifyByOf = async (applicationId: string) =>
  (await w.db.pool.query('SELECT verify_by::text AS v FROM commitment WHERE application_id = $1', [applicationId]))
    .rows[0]?.v

describe('a published calendar beside a commitment no calendar can count', () => {
  it('is stored and published, moves every other day, and names the damaged one in the log', async () => {
    const good = await committedApplication()
    const damaged = await committedApplication()
    await w.db.pool.query(`UPDATE application SET accepted_on = '1999-12-31' WHERE id = $1`, [damaged])

    const published = await w.call('POST', '/admin/calendars', actors.admin, {
      year: 2027,
      source: { title: '国务院办公厅关于2027年部分节假日安排的通知', number: '国办发明电〔2026〕9号' },
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
      workdays: [],
    })
    expect(published.status, JSON.stringify(published.body)).toBe(201)
    expect(published.body.publication).toMatchObject({ key: 'year-2027', version: 1 })
    expect(await verifyByOf(good)).toBe(AFTER)
    expect(await verifyByOf(damaged)).toBe(BEFORE)
    const named = lines.filter((l) => l.unreadable)
    expect(named.map((l) => [l.unreadable?.kind, l.unreadable?.id])).toEqual([
      ['verify-by clock', `commitment:${damaged}/${ITEM}`],
    ])
    expect(named[0]?.unreadable?.reason).toContain('1999-12-31')
  })
})
