import { type AcceptanceCaseSnapshot, AcceptanceDueMovedV1, CalendarPublishedV1 } from '@onewindow/contracts'
import { published2027 } from '@onewindow/testing'
import type { Static } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ARCHIVE,
  acceptanceWorld,
  call,
  committedCase,
  outboxBodies,
  publish,
  reviewer,
  type World,
} from './helpers.js'

type Case = Static<typeof AcceptanceCaseSnapshot>

// Monday 14 December 2026, 10:00 in Shanghai. A commitment made today is verified within 20 W: 13 working days to
// 12-31, then 2027, whose schedule is not bundled. On weekdays alone: Fri 01-01 is the 14th, 01-04..01-08 the 15th to
// 19th, Mon 01-11 the 20th (provisional). With 元旦 01-01..01-03 published: 01-04..01-08 are the 14th to 18th, 01-11 the
// 19th, Tue 01-12 the 20th.
const START = '2026-12-14T02:00:00Z'
const BEFORE = '2027-01-11'
const AFTER = '2027-01-12'
const archivist = reviewer('urban-construction-archive')

const publication = (version: number) => published2027({ version, publishedAt: START })

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const stored = async (caseId: string) => {
  const { rows } = await w.db.pool.query<{ state: Case }>('SELECT state FROM acceptance_case WHERE id = $1', [caseId])
  const c = rows[0]?.state
  return { version: c?.version, archive: c?.items.find((i) => i.item === ARCHIVE) }
}
const verifyByMoves = async () => (await outboxBodies(w, AcceptanceDueMovedV1)).filter((b) => b.clock === 'verify-by')

describe('告知承诺 verify-by days on a published calendar', () => {
  it('re-projects each open commitment once, keeps the moved day in the case, and leaves a verified one alone', async () => {
    const open = await committedCase(w)
    const archive = open.items.find((i) => i.item === ARCHIVE)
    expect(archive).toMatchObject({
      status: 'committed',
      verifyBy: BEFORE,
      verifyClock: { limit: { value: 20, unit: 'W' }, start: '2026-12-14', region: '441500', suspensions: [] },
    })
    // A commitment passed before its clock was kept: re-projected from the 20 W from the case's opening day.
    const old = await committedCase(w)
    await w.db.pool.query(
      `UPDATE acceptance_case SET state = jsonb_set(state, '{items}', (
         SELECT jsonb_agg(i - 'verifyClock' ORDER BY n) FROM jsonb_array_elements(state -> 'items') WITH ORDINALITY e(i, n)))
       WHERE id = $1`,
      [old.caseId],
    )
    expect((await stored(old.caseId)).archive).not.toHaveProperty('verifyClock')
    // Verified already: nothing to move.
    const verified = await committedCase(w)
    const kept = await call(w, 'POST', `/acceptance/${verified.caseId}/commitments`, archivist, {
      item: ARCHIVE,
      result: 'kept',
    })
    expect(kept.status, JSON.stringify(kept.body)).toBe(200)
    expect(await verifyByMoves()).toEqual([])

    await publish(w, CalendarPublishedV1, publication(1), 'calendar:year-2027')
    await expect.poll(async () => (await verifyByMoves()).length).toBe(2)
    const moves = await verifyByMoves()
    expect(moves.map((m) => m.subject).sort()).toEqual(
      [`acceptance-case:${open.caseId}/${ARCHIVE}`, `acceptance-case:${old.caseId}/${ARCHIVE}`].sort(),
    )
    // Each names the case's version it was computed on: the gateway sets the day on no newer snapshot of the case.
    const versions = new Map([open, old].map((c) => [`acceptance-case:${c.caseId}/${ARCHIVE}`, c.version]))
    for (const m of moves) expect(m.subjectVersion).toBe(versions.get(m.subject))
    for (const m of moves) {
      expect(m).toMatchObject({
        clock: 'verify-by',
        department: 'urban-construction-archive',
        from: BEFORE,
        to: AFTER,
        provisionalBefore: true,
        provisionalAfter: false,
        calendar: { key: 'year-2027', version: 1, notice: publication(1).notice },
      })
      expect(m.changes).toContain('2027-01-01')
    }
    // The day is kept in the case, with no new version (nothing happened to the case).
    for (const c of [open, old]) {
      expect(await stored(c.caseId)).toMatchObject({ version: c.version, archive: { verifyBy: AFTER } })
    }
    expect((await stored(verified.caseId)).archive?.verifyBy).toBe(BEFORE)

    // A correction that changes nothing (version 2 of the same schedule) moves nothing more.
    await publish(w, CalendarPublishedV1, publication(2), 'calendar:year-2027')
    await expect
      .poll(async () => (await w.db.pool.query('SELECT version FROM calendar_entry')).rows[0]?.version)
      .toBe(2)
    expect(await verifyByMoves()).toHaveLength(2)
  })
})
