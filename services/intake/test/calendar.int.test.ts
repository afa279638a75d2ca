import { ApplicationAcceptedV1, IntakeDueMovedV1 } from '@onewindow/contracts'
import { lockCalendarAlone, pgTransaction, type SqlTx } from '@onewindow/messaging'
import { schedule2027 } from '@onewindow/testing'
import { describeProblems, validateCalendarEntry } from '@onewindow/workdays'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, committedApplication, type IntakeWorld, intakeWorld, receivedApplication } from './world.js'

// Monday 14 December 2026, 09:00 in Shanghai. A commitment (告知承诺) accepted today is verified within 20 W: 13 working
// days to 12-31, then 2027, not bundled. On weekdays alone: Fri 01-01 is the 14th, 01-04..01-08 the 15th to 19th, Mon
// 01-11 the 20th. With 元旦 01-01..01-03 published: 01-04..01-08 are the 14th to 18th, 01-11 the 19th, Tue 01-12 the 20th.
const START = '2026-12-14T01:00:00Z'
const BEFORE = '2027-01-11'
const AFTER = '2027-01-12'
const ITEM = 'engineering-planning-permit'

let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld()
  w.clock.set(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

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
    const app = await committedApplication(w, ITEM, BEFORE)
    expect(await commitmentOf(app)).toEqual([{ verifyBy: BEFORE, value: 20, unit: 'W' }])
    // A commitment stored before its limit was kept: nothing to count from, so its day stays.
    const old = await committedApplication(w, ITEM, BEFORE)
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
    const app = await committedApplication(w, ITEM)
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

describe('two publications at once', () => {
  // Both requests begin behind a held calendar lock, as behind a publication being stored, so both then hold it
  // shared and each wants it alone (calendarGuard) — a deadlock PostgreSQL breaks by aborting one, which the
  // transaction runner runs again from BEGIN (pgTransaction): it then waits for the other and is stored after it.
  async function publishedTogether(bodies: unknown[]) {
    const released = Promise.withResolvers<void>()
    const held = Promise.withResolvers<void>()
    const release = () => released.resolve()
    const holding = pgTransaction<SqlTx>(w.db.pool)(async (tx) => {
      await lockCalendarAlone(tx)
      held.resolve()
      await released.promise
    })
    await held.promise
    try {
      const answers = bodies.map((body) => w.call('POST', '/admin/calendars', actors.admin, body))
      const waiting = async () =>
        Number(
          (
            await w.db.pool.query(
              "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = hashtext($1)::oid",
              [w.db.schema],
            )
          ).rows[0]?.n,
        )
      await expect.poll(waiting).toBe(bodies.length)
      release()
      await holding
      return await Promise.all(answers)
    } finally {
      release()
      await holding.catch(() => {})
    }
  }
  const yearOf = (year: number, notice = 9) => ({
    ...schedule2027,
    year,
    source: { title: `国务院办公厅关于${year}年部分节假日安排的通知`, number: `国办发明电〔${year - 1}〕${notice}号` },
    holidays: [{ name: '元旦', from: `${year}-01-01`, to: `${year}-01-01` }],
  })
  const stored = async (keys: string[]) =>
    (await w.db.pool.query('SELECT key, version FROM calendar_entry WHERE key = ANY($1) ORDER BY key', [keys])).rows
  const recorded = async (objects: string[]) =>
    (
      await w.db.pool.query(
        "SELECT object, outcome, code FROM audit_entry WHERE action = 'intake.calendar.publish' AND object = ANY($1) ORDER BY position",
        [objects],
      )
    ).rows
  const published = async (aggregates: string[]) =>
    (
      await w.db.pool.query(
        "SELECT payload->>'version' AS version FROM outbox_message WHERE aggregate_id = ANY($1) ORDER BY position",
        [aggregates],
      )
    ).rows

  it('of two years: both stored, recorded and published, each once', async () => {
    const settled = await publishedTogether([yearOf(2028), yearOf(2029)])
    expect(settled.map((r) => r.status)).toEqual([201, 201])
    expect(settled.map((r) => r.body.publication.key)).toEqual(['year-2028', 'year-2029'])
    expect(await stored(['year-2028', 'year-2029'])).toEqual([
      { key: 'year-2028', version: 1 },
      { key: 'year-2029', version: 1 },
    ])
    expect(await published(['calendar:year-2028', 'calendar:year-2029'])).toHaveLength(2)
    expect((await recorded(['calendar:year-2028', 'calendar:year-2029'])).map((r) => [r.outcome, r.code])).toEqual([
      ['done', null],
      ['done', null],
    ])
  })

  it('of one year: the later stored as its next version, nothing refused', async () => {
    const settled = await publishedTogether([yearOf(2030, 1), yearOf(2030, 2)])
    expect(settled.map((r) => r.status)).toEqual([201, 201])
    expect(settled.map((r) => r.body.publication.version).sort()).toEqual([1, 2])
    expect(await stored(['year-2030'])).toEqual([{ key: 'year-2030', version: 2 }])
    expect(await published(['calendar:year-2030'])).toEqual([{ version: '1' }, { version: '2' }])
    expect(await recorded(['calendar:year-2030'])).toEqual([
      { object: 'calendar:year-2030', outcome: 'done', code: null },
      { object: 'calendar:year-2030', outcome: 'done', code: null },
    ])
  })
})

/** What `storeCalendarEntry` keeps in `calendar_entry.entry`: the validated entry's value. */
function storedEntry(body: unknown) {
  const checked = validateCalendarEntry(body)
  if (!checked.ok) throw new Error(describeProblems(checked.problems))
  return checked.value.value
}

describe('the deemed acceptance on a calendar another replica stored', () => {
  it("counts a receipt's five working days with the stored calendar, not the one this replica started with", async () => {
    // Timers by hand only, and no anchor in between: nothing else begins a transaction before the pass does.
    await using r = await intakeWorld({ scanEveryMs: 3_600_000, auditAnchorEveryMs: 3_600_000 })
    // Received Monday 2026-12-28. Five working days on weekdays alone: 12-29, 12-30, 12-31, 01-01, 01-04; with 元旦
    // (01-01 to 01-03) published: 12-29, 12-30, 12-31, 01-04, 01-05 — accepted by law on 01-05 or on 01-06.
    r.clock.set('2026-12-28T01:00:00Z')
    const id = await receivedApplication(r)
    // Stored as another replica stores a publication: this one consumed nothing and holds the bundled years alone.
    await r.db.pool.query(
      `INSERT INTO calendar_entry (key, kind, version, notice, entry, published_at)
       VALUES ('year-2027', 'year', 1, '国务院办公厅关于2027年部分节假日安排的通知', $1::jsonb, now())`,
      [JSON.stringify(storedEntry(schedule2027))],
    )
    const acceptedByLaw = async () => (await r.published(ApplicationAcceptedV1)).filter((e) => e.applicationId === id)

    r.clock.set('2027-01-05T01:00:00Z')
    await r.app.receiptScanner.runOnce()
    expect((await r.call('GET', `/applications/${id}`, actors.clerk)).body.application).toMatchObject({
      nationalCode: 1,
    })
    r.clock.set('2027-01-06T01:00:00Z')
    await r.app.receiptScanner.runOnce()
    await expect.poll(async () => (await acceptedByLaw()).length).toBe(1)
    expect((await acceptedByLaw())[0]).toMatchObject({ acceptedOn: '2026-12-28', receipt: { acceptedBy: 'law' } })
  })
})
