import { UtilityDueMovedV1 } from '@onewindow/contracts'
import { logLines, publish2027, serviceWorld } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUtility, migrationsDir } from '../src/index.js'
import {
  accept,
  act,
  anAcceptance,
  aProject,
  outboxBodies,
  type RequestRow,
  registerProject,
  requestsOf,
  SHANWEI,
  type World,
} from './helpers.js'

// A publication re-projects the permits clock of every request waiting on its outside-line permits, in one
// transaction. One damaged stored request (a hand edit, a restore from another release) must not hold it back: the
// calendar is stored, every other clock moves, and the damaged request or clock is left as it was and named in the log.
//
// Wednesday 30 December 2026, 10:00 in Shanghai; 2027 is not bundled. The permits are asked for today and decided
// within Shanwei's 3 W (004:1774; Foshan sets none): Thu 12-31, Fri 01-01, Mon 01-04 on weekdays alone; with 元旦 01-01..01-03 published, 12-31,
// 01-04, Tue 01-05.
const START = '2026-12-30T02:00:00Z'
const BEFORE = '2027-01-04'
const AFTER = '2027-01-05'

type LogLine = { msg?: string; unreadable?: { kind?: string; id?: string; reason?: string } }
const { stream, lines } = logLines<LogLine>()
const world = () =>
  serviceWorld({
    name: 'utility',
    migrationsDir,
    start: START,
    create: (wiring) => createUtility({ ...wiring, scanEveryMs: 3_600_000, logger: { stream }, logLevel: 'warn' }),
  })
let w: World
beforeAll(async () => {
  w = await world()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** A gas request (over the low-risk thresholds) planned today: waiting on its outside-line permits, its clock running. */
async function awaitingPermits(): Promise<RequestRow> {
  const project = aProject(SHANWEI.region)
  await registerProject(w, project)
  const body = anAcceptance(project, { utilities: [{ provider: 'gas', lengthM: 800, diameterMm: 200 }] })
  await accept(w, body)
  const [gas] = await requestsOf(w, body.applicationId, 1)
  if (!gas) throw new Error('no gas request')
  expect((await act(w, gas, { action: 'survey-done' })).status).toBe(200)
  const planned = await act(w, gas, { action: 'plan-done' })
  expect(planned.status, JSON.stringify(planned.body)).toBe(200)
  expect(planned.body.request).toMatchObject({
    stage: 'outside-line-permits',
    permitsClock: { limit: { value: 3, unit: 'W' }, start: '2026-12-30', suspensions: [] },
  })
  return gas
}

const stateText = async (requestId: string) =>
  (await w.db.pool.query<{ state: string }>('SELECT state::text FROM utility_request WHERE id = $1', [requestId]))
    .rows[0]?.state

describe('a published calendar beside damaged stored requests', () => {
  it('is stored and moves every other permits clock; each damaged request or clock is left as it was and named once', async () => {
    const good = await awaitingPermits()
    // Its state off its schema: the permits clock's limit a string.
    const damaged = await awaitingPermits()
    await w.db.pool.query(
      `UPDATE utility_request SET state = jsonb_set(state, '{permitsClock,limit,value}', '"three"') WHERE id = $1`,
      [damaged.id],
    )
    // A state its schema takes, with a permits clock no calendar can count: its region is not a division code.
    const badClock = await awaitingPermits()
    await w.db.pool.query(
      `UPDATE utility_request SET state = jsonb_set(state, '{permitsClock,region}', '"佛山"') WHERE id = $1`,
      [badClock.id],
    )
    // And one a clock by its schema and workdays' checks that cannot be counted: suspended from today to the last legal
    // date, it has no due date within the 30 years a count may run.
    const endless = await awaitingPermits()
    await w.db.pool.query(
      `UPDATE utility_request SET state = jsonb_set(state, '{permitsClock,suspensions}',
         '[{"kind": "other", "from": "2026-12-30", "to": "2099-12-31"}]') WHERE id = $1`,
      [endless.id],
    )
    const before = new Map<string, string | undefined>()
    for (const r of [good, damaged, badClock, endless]) before.set(r.id, await stateText(r.id))
    expect(await outboxBodies(w, UtilityDueMovedV1)).toEqual([])

    await publish2027(w, { publishedAt: START })

    // Only the good clock's move is told; only the good request keeps its new due day (`permitsDueOn`, the order of
    // a department's 外线审批 list), with no new version: every damaged one is left exactly as it was.
    const moves = await outboxBodies(w, UtilityDueMovedV1)
    expect(moves.map((m) => [m.subject, m.clock, m.from, m.to])).toEqual([
      [`utility-request:${good.id}`, 'permits', BEFORE, AFTER],
    ])
    expect(moves[0]).toMatchObject({
      provisionalBefore: true,
      provisionalAfter: false,
      calendar: { key: 'year-2027', version: 1 },
      // The version the move was computed on: the gateway sets the day on no newer snapshot.
      subjectVersion: JSON.parse(before.get(good.id) ?? '{}').version,
    })
    for (const r of [damaged, badClock, endless]) expect(await stateText(r.id)).toBe(before.get(r.id))
    const goodBefore = JSON.parse(before.get(good.id) ?? '{}')
    expect(goodBefore.permitsDueOn).toBe(BEFORE)
    expect(JSON.parse((await stateText(good.id)) ?? '{}')).toEqual({ ...goodBefore, permitsDueOn: AFTER })

    // Named once each, with why; the publication is applied, once.
    const named = lines.filter((l) => l.unreadable).map((l) => l.unreadable)
    expect(named.map((u) => [u?.kind, u?.id])).toEqual([
      ['utility request', damaged.id],
      ['permits clock', `utility-request:${badClock.id}`],
      ['permits clock', `utility-request:${endless.id}`],
    ])
    expect(named[0]?.reason).toContain('/permitsClock/limit/value')
    expect(named[1]?.reason).toContain('region')
    expect(named[2]?.reason).toContain('no due date within 10980 days of 2026-12-30')
  })
})
