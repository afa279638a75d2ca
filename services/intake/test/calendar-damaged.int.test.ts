import { logLines, schedule2027 } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, committedApplication, type IntakeWorld, intakeWorld } from './world.js'

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
const { stream, lines } = logLines<LogLine>()
let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld({ logger: { stream }, logLevel: 'warn' })
  w.clock.set(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const verifyByOf = async (applicationId: string) =>
  (await w.db.pool.query('SELECT verify_by::text AS v FROM commitment WHERE application_id = $1', [applicationId]))
    .rows[0]?.v

describe('a published calendar beside a commitment no calendar can count', () => {
  it('is stored and published, moves every other day, and names the damaged one in the log', async () => {
    const good = await committedApplication(w, ITEM, BEFORE)
    const damaged = await committedApplication(w, ITEM, BEFORE)
    await w.db.pool.query(`UPDATE application SET accepted_on = '1999-12-31' WHERE id = $1`, [damaged])

    const published = await w.call('POST', '/admin/calendars', actors.admin, schedule2027)
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
