import { IssueClockOverdueV1, IssueClockWarnedV1 } from '@onewindow/contracts'
import { calendarSource, EventBodyInvalidError, skipOnce } from '@onewindow/messaging'
import { defaultCalendar, evaluateClock } from '@onewindow/workdays'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scanIssueClocksOnce } from '../src/commands.js'
import { aDecidedStep, aProject, LAND, outboxBodies, registrationWorld, type World } from './helpers.js'

// 行政许可法第四十四条: the issuing clocks' alerts, raised by the registration scanner after the cases' (jobs/scan-cases.ts).
// A stored clock whose alert would fail the event's schema — a day outside 2000–2099, a step name longer than a step
// code — is skipped and named, and the pass still raises the alerts of the clocks after it.

// Monday 2 March 2026, 10:00 in Shanghai.
const START = '2026-03-02T02:00:00Z'

let w: World
beforeAll(async () => {
  w = await registrationWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('the issuing clocks’ scan (发证时限)', () => {
  it('skips a stored clock whose alert fails its schema, names it once, and still alerts the clocks after it', async () => {
    // The damaged clocks' ids come before the intact one's: the scan walks them in id order.
    const [longStep, earlyDecision, lateWarning, good] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()]
    const projectId = await aProject(w, [LAND])
    await aDecidedStep(w, { applicationId: good, projectId, decidedAt: START, decidedOn: '2026-03-02' })
    // Rows stored before their values were checked, each with the intact clock's 10 W from 2 March: a step name of
    // 101 characters, a decision day before 2000, and a yellow alert day after 2099 (its red one still owed).
    const damaged = [
      { id: longStep, step: 's'.repeat(101), decidedOn: '2026-03-02', warnedOn: null },
      { id: earlyDecision, step: 'land', decidedOn: '1999-12-31', warnedOn: null },
      { id: lateWarning, step: 'land', decidedOn: '2026-03-02', warnedOn: '2100-01-04' },
    ]
    for (const d of damaged) {
      await w.db.pool.query(
        `INSERT INTO issue_clock (application_id, project_id, step, decided_on, clock, warned_on)
         SELECT $1::uuid, project_id, $2, $3::date, clock, $4::date FROM issue_clock WHERE application_id = $5::uuid`,
        [d.id, d.step, d.decidedOn, d.warnedOn, good],
      )
    }
    const alerted = async () => [
      ...(await outboxBodies(w, IssueClockWarnedV1)).map((b) => `${b.issueClock.applicationId}/warned`),
      ...(await outboxBodies(w, IssueClockOverdueV1)).map((b) => `${b.issueClock.applicationId}/overdue`),
    ]
    const stored = async (id: string) =>
      (
        await w.db.pool.query<{ warned: string | null; overdue: string | null }>(
          `SELECT to_char(warned_on, 'YYYY-MM-DD') AS warned, to_char(overdue_on, 'YYYY-MM-DD') AS overdue
             FROM issue_clock WHERE application_id = $1`,
          [id],
        )
      ).rows[0]

    // Friday 20 March: 10 W from 2 March were due Monday 16 March, so each clock owes its red alert (and yellow).
    w.clock.set('2026-03-20T03:00:00Z')
    await expect(w.app.scanner.runOnce()).resolves.toBe(2)
    expect(await alerted()).toEqual([`${good}/warned`, `${good}/overdue`])
    const [overdue] = await outboxBodies(w, IssueClockOverdueV1)
    expect(overdue?.issueClock).toMatchObject({
      applicationId: good,
      step: 'land',
      warnedOn: '2026-03-20',
      overdueOn: '2026-03-20',
    })
    expect(await stored(good)).toEqual({ warned: '2026-03-20', overdue: '2026-03-20' })
    // Both alerts carry the clock's due day as a date, the day the clock explains (its `due` entry) that day.
    const [warned] = await outboxBodies(w, IssueClockWarnedV1)
    expect([warned?.dueOn, overdue?.dueOn]).toEqual(['2026-03-16', '2026-03-16'])
    const clock = overdue?.issueClock.clock as NonNullable<NonNullable<typeof overdue>['issueClock']['clock']>
    expect(
      evaluateClock(defaultCalendar(), clock, '2026-03-20').explanation.find((e) => e.kind === 'due'),
    ).toMatchObject({ date: overdue?.dueOn })
    // The damaged rows are left as they were: nothing written, no alert.
    expect(await stored(longStep)).toEqual({ warned: null, overdue: null })
    expect(await stored(earlyDecision)).toEqual({ warned: null, overdue: null })
    expect(await stored(lateWarning)).toEqual({ warned: '2100-01-04', overdue: null })

    // Passes after it still meet the damaged rows: each is named once, with the schema's refusal, and skipped again.
    const named: Array<{ id: string; err: unknown }> = []
    const skipped = skipOnce('registration-scan-issue-clocks', {
      error: (obj) => named.push(obj as { id: string; err: unknown }),
    })
    const clocks = { calendar: calendarSource({ calendar: defaultCalendar(), stamp: 0 }), yellowAt: 0.8 }
    for (let pass = 0; pass < 2; pass += 1) {
      await expect(scanIssueClocksOnce(w.app.deps.commands, clocks, skipped)).resolves.toBe(0)
    }
    expect(named.map((n) => n.id)).toEqual([longStep, earlyDecision, lateWarning])
    for (const n of named) expect(n.err).toBeInstanceOf(EventBodyInvalidError)
    expect(await alerted()).toEqual([`${good}/warned`, `${good}/overdue`])
  })
})
