import {
  type AcceptanceCaseSnapshot,
  AcceptanceClockOverdueV1,
  AcceptanceClockWarnedV1,
  AcceptanceCommitmentBreachedV1,
  AcceptanceCommitmentOverdueV1,
} from '@onewindow/contracts'
import { defaultCalendar, evaluateClock } from '@onewindow/workdays'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  ARCHIVE,
  acceptanceWorld,
  call,
  OWNER,
  outboxBodies,
  owner,
  reviewer,
  shanweiProject,
  type World,
} from './helpers.js'

type Case = Static<typeof AcceptanceCaseSnapshot>

// Monday 2 March 2026, 10:00 in Shanghai; 20 W from that day end on Monday 30 March.
const START = '2026-03-02T02:00:00Z'
const on = (day: string) => `${day}T02:00:00Z`
const archivist = reviewer('urban-construction-archive')

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
beforeEach(() => {
  w.clock.set(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** The owner barred in one test; the other tests' owner stays free to commit. */
const BARRED = { name: '汕尾市示例实业有限公司', creditCode: '91441500MA51XY201H' }
const barredOwner = { sub: 'owner-2', role: 'owner', creditCode: BARRED.creditCode }

const open = (projectId: string, body: object, actor: object = owner) =>
  call(w, 'POST', `/projects/${projectId}/acceptance`, actor, body)
const verify = (caseId: string, body: object, actor: object = archivist) =>
  call(w, 'POST', `/acceptance/${caseId}/commitments`, actor, { item: ARCHIVE, ...body })
const archiveOf = (c: Case) => c.items.find((i) => i.item === ARCHIVE)

async function committedCase(projectOwner = OWNER, actor: object = owner): Promise<Case> {
  const res = await open(await shanweiProject(w, projectOwner), { commitments: [ARCHIVE] }, actor)
  expect(res.status).toBe(201)
  return res.body.case
}

describe('告知承诺 verification and its overdue report', () => {
  it('reports an unverified commitment overdue once, the day after its verify-by day, however many scans race', async () => {
    const c = await committedCase()
    expect(archiveOf(c)).toMatchObject({ status: 'committed', verifyBy: '2026-03-30' })
    const overdueOf = async () =>
      (await outboxBodies(w, AcceptanceCommitmentOverdueV1)).filter((b) => b.case.caseId === c.caseId)

    w.clock.set(on('2026-03-30'))
    await w.app.scanner.runOnce()
    expect(await overdueOf()).toEqual([])

    w.clock.set(on('2026-03-31'))
    const reported = await Promise.all([w.app.scanner.runOnce(), w.app.scanner.runOnce(), w.app.scanner.runOnce()])
    await w.app.scanner.runOnce()
    const events = await overdueOf()
    expect(events).toHaveLength(1)
    // The case's own clock alerts came first (its 5 W ran out on 2026-03-09): each change is a version.
    expect(events[0]).toMatchObject({ item: ARCHIVE, case: { version: c.version + 3 } })
    expect(events[0]).not.toHaveProperty('actor')
    expect(archiveOf(events[0]?.case as Case)?.verificationOverdueOn).toBe('2026-03-31')
    // Other cases' commitments may be reported by the same passes; this one was reported by exactly one.
    expect(reported.some((n) => n >= 1)).toBe(true)

    // A late verification is still recorded.
    const late = await verify(c.caseId, { result: 'kept' })
    expect(late.status).toBe(200)
    expect(archiveOf(late.body.case)).toMatchObject({
      verificationOverdueOn: '2026-03-31',
      verification: { result: 'kept', on: '2026-03-31' },
    })
  })

  it('a breach that bars the owner: commitments refused until the bar ends, plain applications still taken', async () => {
    const c = await committedCase(BARRED, barredOwner)
    w.clock.set(on('2026-03-20'))
    const breached = await verify(c.caseId, {
      result: 'breached',
      findings: ['as-built drawings missing from the archive'],
      measures: ['rectify', 'bar-commitment'],
      rectifyBy: '2026-04-10',
      barredUntil: '2026-06-30',
    })
    expect(breached.status).toBe(200)
    expect(archiveOf(breached.body.case)?.verification).toMatchObject({ result: 'breached', barredUntil: '2026-06-30' })
    const events = (await outboxBodies(w, AcceptanceCommitmentBreachedV1)).filter((b) => b.case.caseId === c.caseId)
    expect(events).toEqual([expect.objectContaining({ item: ARCHIVE, actor: archivist.sub })])
    expect((await verify(c.caseId, { result: 'kept' })).body.code).toBe('ACCEPTANCE_COMMITMENT_VERIFIED')

    const next = await shanweiProject(w, BARRED)
    const refused = await open(next, { commitments: [ARCHIVE] }, barredOwner)
    expect(refused.status).toBe(422)
    expect(refused.body).toMatchObject({
      code: 'ACCEPTANCE_COMMITMENT_BARRED',
      errors: [{ field: '/body/commitments', message: 'is barred until 2026-06-30' }],
    })
    expect((await w.db.pool.query('SELECT 1 FROM acceptance_case WHERE project_id = $1', [next])).rowCount).toBe(0)

    const plain = await shanweiProject(w, BARRED)
    expect((await open(plain, {}, barredOwner)).status).toBe(201)

    w.clock.set(on('2026-07-01'))
    const afterBar = await open(next, { commitments: [ARCHIVE] }, barredOwner)
    expect(afterBar.status).toBe(201)
    expect(archiveOf(afterBar.body.case)?.status).toBe('committed')
  })

  it('bad verifications are 400/403/409/422 naming the field, and change nothing', async () => {
    const c = await committedCase()
    const before = await w.db.pool.query('SELECT version, state FROM acceptance_case WHERE id = $1', [c.caseId])
    const badResult = await verify(c.caseId, { result: 'maybe' })
    expect(badResult.status).toBe(400)
    expect(JSON.stringify(badResult.body.errors)).toContain('/body/result')
    const incomplete = await verify(c.caseId, { result: 'breached', measures: ['bar-commitment'] })
    expect(incomplete.status).toBe(422)
    expect(incomplete.body.errors.map((e: { field: string }) => e.field)).toEqual([
      '/body/findings',
      '/body/barredUntil',
    ])
    const notTheirs = await verify(c.caseId, { result: 'kept' }, reviewer('natural-resources'))
    expect([notTheirs.status, notTheirs.body.code]).toEqual([403, 'ACCEPTANCE_NOT_THE_DEPARTMENT'])
    const inspected = await verify(
      c.caseId,
      { item: 'fire-acceptance-filing', result: 'kept' },
      reviewer('housing-construction'),
    )
    expect([inspected.status, inspected.body]).toEqual([
      409,
      expect.objectContaining({
        status: 409,
        code: 'ACCEPTANCE_NOT_COMMITTED',
        item: 'fire-acceptance-filing',
        itemStatus: 'pending',
      }),
    ])
    const unknown = await call(w, 'POST', `/acceptance/${uuidv7()}/commitments`, archivist, {
      item: ARCHIVE,
      result: 'kept',
    })
    expect(unknown.status).toBe(404)
    const after = await w.db.pool.query('SELECT version, state FROM acceptance_case WHERE id = $1', [c.caseId])
    expect(after.rows).toEqual(before.rows)
  })
})

describe('case clock alerts (预警 / 超时)', () => {
  it('an undecided case raises yellow, then overdue, each once across racing passes; a decided one raises none', async () => {
    const c = await committedCase()
    const passed = await committedCase()
    expect(c.clock).toMatchObject({ limit: { value: 5, unit: 'W' }, start: '2026-03-02' })
    const alertsOf = async (caseId: string) => [
      ...(await outboxBodies(w, AcceptanceClockWarnedV1)).filter((b) => b.case.caseId === caseId).map(() => 'warned'),
      ...(await outboxBodies(w, AcceptanceClockOverdueV1)).filter((b) => b.case.caseId === caseId).map(() => 'overdue'),
    ]
    // Every other item of `passed` passes on 2026-03-05: a decided case's clock stops, and raises nothing.
    const lead = { sub: 'lead-1', role: 'lead', department: 'housing-construction' }
    const departments = [...new Set(passed.items.filter((i) => i.status === 'pending').map((i) => i.department))]
    w.clock.set(on('2026-03-03'))
    expect(
      (
        await call(w, 'POST', `/acceptance/${passed.caseId}/inspection`, lead, {
          date: '2026-03-05',
          place: 'site',
          participants: departments,
        })
      ).status,
    ).toBe(200)
    for (const i of passed.items.filter((x) => x.status === 'pending')) {
      const res = await call(w, 'POST', `/acceptance/${passed.caseId}/opinions`, reviewer(i.department), {
        item: i.item,
        opinion: 'pass',
      })
      expect(res.status).toBe(200)
    }

    // 5 W from Monday 2 March: due Monday 9 March; 4 of 5 used on Friday 6 March is the 0.8 mark.
    w.clock.set(on('2026-03-05'))
    await w.app.scanner.runOnce()
    expect(await alertsOf(c.caseId)).toEqual([])
    w.clock.set(on('2026-03-06'))
    await Promise.all([w.app.scanner.runOnce(), w.app.scanner.runOnce()])
    expect(await alertsOf(c.caseId)).toEqual(['warned'])
    w.clock.set(on('2026-03-10'))
    await Promise.all([w.app.scanner.runOnce(), w.app.scanner.runOnce()])
    await w.app.scanner.runOnce()
    expect(await alertsOf(c.caseId)).toEqual(['warned', 'overdue'])
    const [overdue] = (await outboxBodies(w, AcceptanceClockOverdueV1)).filter((b) => b.case.caseId === c.caseId)
    expect(overdue?.case.clockAlerts).toEqual({ warnedOn: '2026-03-06', overdueOn: '2026-03-10' })
    expect(overdue?.note).toBe('due 2026-03-09, 6 of 5 W used')
    // Each alert carries the clock's due day as a date, the day its clock explains (the `due` entry) that day.
    const [warned] = (await outboxBodies(w, AcceptanceClockWarnedV1)).filter((b) => b.case.caseId === c.caseId)
    const explained = (clock: NonNullable<typeof c.clock>, today: string) =>
      evaluateClock(defaultCalendar(), clock, today).explanation.find((e) => e.kind === 'due')
    expect([warned?.dueOn, overdue?.dueOn]).toEqual(['2026-03-09', '2026-03-09'])
    expect(explained(overdue?.case.clock as NonNullable<typeof c.clock>, '2026-03-10')).toMatchObject({
      date: overdue?.dueOn,
    })
    expect(await alertsOf(passed.caseId)).toEqual([])
  })
})
