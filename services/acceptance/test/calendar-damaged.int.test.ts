import { type AcceptanceCaseSnapshot, AcceptanceDueMovedV1 } from '@onewindow/contracts'
import { logLines, publish2027 } from '@onewindow/testing'
import type { Static } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARCHIVE, acceptanceWorld, committedCase, outboxBodies, type World } from './helpers.js'

type Case = Static<typeof AcceptanceCaseSnapshot>

// A publication re-projects every undecided case's 联合验收 clock and every open 告知承诺 verify-by day in one
// transaction. One damaged stored case (a hand edit, a restore from another release) must not hold it back: the
// calendar is stored, every other clock moves, and the damaged case or clock is left as it was and named in the log.
//
// Monday 28 December 2026, 10:00 in Shanghai; 2027 is not bundled. A Shanwei 社会投资简易低风险 case opened today has a
// 5 W case clock: 12-29, 12-30, 12-31, Fri 01-01, Mon 01-04 on weekdays alone; with 元旦 01-01..01-03 published,
// 12-29..12-31, 01-04, Tue 01-05. Its archive item passed on commitment is verified within 20 W: 01-04..01-08 are the
// 5th to 9th (4th to 8th with 元旦), ... Mon 01-25 the 20th on weekdays alone, Tue 01-26 with 元旦.
const START = '2026-12-28T02:00:00Z'
const CASE_BEFORE = '2027-01-04'
const CASE_AFTER = '2027-01-05'
const VERIFY_BEFORE = '2027-01-25'
const VERIFY_AFTER = '2027-01-26'

type LogLine = { msg?: string; unreadable?: { kind?: string; id?: string; reason?: string } }
const { stream, lines } = logLines<LogLine>()
const world = () => acceptanceWorld(START, { scanEveryMs: 3_600_000, logger: { stream }, logLevel: 'warn' })
let w: World
beforeAll(async () => {
  w = await world()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const stateText = async (caseId: string) =>
  (await w.db.pool.query<{ state: string }>('SELECT state::text FROM acceptance_case WHERE id = $1', [caseId])).rows[0]
    ?.state
const stored = async (caseId: string) => JSON.parse((await stateText(caseId)) ?? 'null') as Case
const verifyByOf = async (caseId: string) => (await stored(caseId)).items.find((i) => i.item === ARCHIVE)?.verifyBy

describe('a published calendar beside damaged stored cases', () => {
  it('is stored and moves every other clock; each damaged case or clock is left as it was and named once', async () => {
    const good = await committedCase(w)
    expect(good).toMatchObject({
      status: 'open',
      clock: { limit: { value: 5, unit: 'W' }, start: '2026-12-28', region: '441500', suspensions: [] },
    })
    expect(await verifyByOf(good.caseId)).toBe(VERIFY_BEFORE)
    // Its state off its schema: the case clock's limit a string. Both re-projections read it (an undecided case with
    // a clock, and an open commitment).
    const damaged = await committedCase(w)
    await w.db.pool.query(
      `UPDATE acceptance_case SET state = jsonb_set(state, '{clock,limit,value}', '"five"') WHERE id = $1`,
      [damaged.caseId],
    )
    // A state its schema takes, with a case clock no calendar can count: its region is not a division code.
    const badCaseClock = await committedCase(w)
    await w.db.pool.query(
      `UPDATE acceptance_case SET state = jsonb_set(state, '{clock,region}', '"汕尾"') WHERE id = $1`,
      [badCaseClock.caseId],
    )
    // And one whose commitment's kept clock, a clock by its schema and workdays' checks, cannot be counted: suspended
    // from today to the last legal date, it has no due date within the 30 years a count may run.
    const badVerifyClock = await committedCase(w)
    await w.db.pool.query(
      `UPDATE acceptance_case SET state = jsonb_set(state, '{items}', (
         SELECT jsonb_agg(CASE WHEN i ->> 'item' = $2
                  THEN jsonb_set(i, '{verifyClock,suspensions}',
                                 '[{"kind": "other", "from": "2026-12-28", "to": "2099-12-31"}]')
                  ELSE i END ORDER BY n)
           FROM jsonb_array_elements(state -> 'items') WITH ORDINALITY e(i, n)))
       WHERE id = $1`,
      [badVerifyClock.caseId, ARCHIVE],
    )
    const damagedBefore = await stateText(damaged.caseId)
    const badVerifyBefore = await stored(badVerifyClock.caseId)
    expect(badVerifyBefore.items.find((i) => i.item === ARCHIVE)?.verifyClock?.suspensions).toHaveLength(1)
    expect(await outboxBodies(w, AcceptanceDueMovedV1)).toEqual([])

    await publish2027(w, { publishedAt: START })

    const moves = (await outboxBodies(w, AcceptanceDueMovedV1)).map((m) => [m.subject, m.clock, m.from, m.to])
    expect(moves.sort()).toEqual(
      [
        [`acceptance-case:${good.caseId}`, 'case', CASE_BEFORE, CASE_AFTER],
        [`acceptance-case:${good.caseId}/${ARCHIVE}`, 'verify-by', VERIFY_BEFORE, VERIFY_AFTER],
        // Each case's other clock, which counts, moves.
        [`acceptance-case:${badCaseClock.caseId}/${ARCHIVE}`, 'verify-by', VERIFY_BEFORE, VERIFY_AFTER],
        [`acceptance-case:${badVerifyClock.caseId}`, 'case', CASE_BEFORE, CASE_AFTER],
      ].sort(),
    )
    // Each names its case's version it was computed on (kept: a move gives the case no new one).
    const versionOf = async (subject: string) => (await stored(subject.split(/[:/]/)[1] ?? '')).version
    for (const m of await outboxBodies(w, AcceptanceDueMovedV1)) {
      expect(m.subjectVersion, m.subject).toBe(await versionOf(m.subject))
    }
    expect(await verifyByOf(good.caseId)).toBe(VERIFY_AFTER)
    expect(await verifyByOf(badCaseClock.caseId)).toBe(VERIFY_AFTER)
    // The damaged rows keep what they stored.
    expect(await stateText(damaged.caseId)).toBe(damagedBefore)
    expect(await stored(badVerifyClock.caseId)).toEqual(badVerifyBefore)

    // Named once each, with why; the publication is applied, once.
    const named = lines.filter((l) => l.unreadable).map((l) => l.unreadable)
    expect(named.map((u) => [u?.kind, u?.id])).toEqual([
      ['acceptance case', damaged.caseId],
      ['verify-by clock', `acceptance-case:${badVerifyClock.caseId}/${ARCHIVE}`],
      ['case clock', `acceptance-case:${badCaseClock.caseId}`],
    ])
    expect(named[0]?.reason).toContain('/clock/limit/value')
    expect(named[1]?.reason).toContain('no due date within 10980 days of 2026-12-28')
    expect(named[2]?.reason).toContain('region')
  })
})
