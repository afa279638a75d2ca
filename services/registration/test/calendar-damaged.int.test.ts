import { RegistrationDueMovedV1 } from '@onewindow/contracts'
import { logLines, publish2027 } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aDecidedStep, aProject, call, LAND, openCase, outboxBodies, registrationWorld, type World } from './helpers.js'

// A publication re-projects every open clock registration holds — the cases' 首次登记 clocks and the steps' issuing
// clocks (行政许可法第四十四条) — in one transaction. One damaged stored row (a hand edit, a restore from another
// release) must not hold it back: the calendar is stored, every other clock moves, and the damaged row is left as it
// was and named in the log. 2027 is not bundled, so its days count on weekdays alone until the fixture publishes 元旦
// 01-01..01-03: a step decided Monday 2026-12-28 runs its 10 W to Mon 2027-01-11, then to Tue 01-12; a case whose
// joint acceptance passes Wednesday 2026-12-30 runs its 3 W to Mon 2027-01-04, then to Tue 01-05.
const START = '2026-12-28T02:00:00Z'
const DECIDED_ON = '2026-12-28'
const PASSED_AT = '2026-12-30T02:00:00Z'

type LogLine = { msg?: string; unreadable?: { kind?: string; id?: string; reason?: string } }
const { stream, lines } = logLines<LogLine>()
let w: World
beforeAll(async () => {
  w = await registrationWorld(START, { scanEveryMs: 3_600_000, logger: { stream }, logLevel: 'warn' })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/**
 * A case whose pre-survey passed and whose joint acceptance (opened on START) passes on PASSED_AT: open, its 3 W clock
 * from that day. Its project's flow is the `land` step alone.
 */
const anOpenCase = () => openCase(w, { flow: [LAND], openedAt: START })

const caseState = async (caseId: string) =>
  (
    await w.db.pool.query<{ state: string }>('SELECT state::text AS state FROM registration_case WHERE id = $1', [
      caseId,
    ])
  ).rows[0]?.state
const issueClockRow = async (applicationId: string) =>
  (await w.db.pool.query('SELECT * FROM issue_clock WHERE application_id = $1', [applicationId])).rows[0]

describe('a published calendar beside damaged stored clocks', () => {
  it('is stored and moves every other clock; each damaged row is left as it was and named once in the log', async () => {
    // The issuing clocks: one decided step, and two copies of its row, each damaged. Their ids come after the intact
    // one's; the clocks are counted together, so one that cannot be counted must not take the others down with it.
    const [good, early, huge] = [uuidv7(), uuidv7(), uuidv7()]
    const projectId = await aProject(w, [LAND])
    await aDecidedStep(w, { applicationId: good, projectId, decidedAt: START, decidedOn: DECIDED_ON })
    // The `clock` column is read back cast, not checked: a start before 2000 (no legal day), and a limit of a billion
    // working days (a whole number, so a clock — but no due date within the supported dates).
    const copies = [
      { id: early, clock: `jsonb_set(clock, '{start}', '"1999-12-31"')` },
      { id: huge, clock: `jsonb_set(clock, '{limit,value}', '1000000000')` },
    ]
    for (const c of copies) {
      await w.db.pool.query(
        `INSERT INTO issue_clock (application_id, project_id, step, decided_on, clock)
         SELECT $1::uuid, project_id, step, decided_on, ${c.clock} FROM issue_clock WHERE application_id = $2::uuid`,
        [c.id, good],
      )
    }

    // The cases: opened on Wednesday; the damaged one first, so the intact one is re-projected after it.
    w.clock.set(PASSED_AT)
    const damagedCase = await anOpenCase()
    const goodCase = await anOpenCase()
    expect((await call(w, 'GET', `/registrations/${goodCase}`)).body.case.clock).toMatchObject({
      start: '2026-12-30',
      limit: { value: 3, unit: 'W' },
    })
    // A required field of the stored snapshot holding the wrong type: the case's state is off its schema.
    await w.db.pool.query(
      `UPDATE registration_case SET state = jsonb_set(state, '{clock,limit,value}', '"3"') WHERE id = $1`,
      [damagedCase],
    )
    const kept = {
      damagedCase: await caseState(damagedCase),
      early: await issueClockRow(early),
      huge: await issueClockRow(huge),
    }
    expect(kept.early?.clock.start).toBe('1999-12-31')
    expect(kept.huge?.clock.limit.value).toBe(1_000_000_000)

    await publish2027(w, { publishedAt: PASSED_AT })

    // Every intact clock moved, each told once; none of the damaged rows' clocks is told.
    const moved = await outboxBodies(w, RegistrationDueMovedV1)
    expect(moved.map((m) => [m.subject, m.clock, m.from, m.to])).toEqual([
      [`registration-case:${goodCase}`, 'case', '2027-01-04', '2027-01-05'],
      [`issue-clock:${good}`, 'issue', '2027-01-11', '2027-01-12'],
    ])
    expect(moved[0]?.calendar).toMatchObject({ key: 'year-2027', version: 1 })
    // The case's move names the case's version it was computed on; an issuing clock has no version to name.
    expect(moved[0]?.subjectVersion).toBe(JSON.parse((await caseState(goodCase)) ?? '{}').version)
    expect(moved[0]?.subjectVersion).toBeGreaterThan(0)
    expect(moved[1]).not.toHaveProperty('subjectVersion')
    // The damaged rows keep what they had: nothing of them was written.
    expect(await caseState(damagedCase)).toBe(kept.damagedCase)
    expect(await issueClockRow(early)).toEqual(kept.early)
    expect(await issueClockRow(huge)).toEqual(kept.huge)
    // Applied once: no dead letter.
    expect((await w.db.pool.query('SELECT count(*)::int AS n FROM dead_letter')).rows[0]?.n).toBe(0)

    // Each damaged row named once, with why: the field off the case's schema, the issuing clocks' bad days.
    const named = lines.filter((l) => l.unreadable)
    expect(named.map((l) => [l.unreadable?.kind, l.unreadable?.id])).toEqual([
      ['registration case', damagedCase],
      ['issue clock', `issue-clock:${early}`],
      ['issue clock', `issue-clock:${huge}`],
    ])
    const [caseLine, earlyLine, hugeLine] = named.map((l) => l.unreadable?.reason ?? '')
    expect(caseLine).toContain('/clock/limit/value')
    expect(earlyLine).toContain('start "1999-12-31"')
    expect(hugeLine).toContain('no due date within')
  })
})
