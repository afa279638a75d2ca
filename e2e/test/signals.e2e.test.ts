import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  applicationIn,
  approveFirstStep,
  expectStatus,
  landPlanningMaterials,
  lowRiskFactory,
  nthWorkingDayAfter,
  ofDepartment,
  one,
  openApplication,
  owners,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  statusWhen,
  taskIn,
  taskOf,
  until,
  workingDaysAfter,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// 风险信号 (issue 15, deliverable 2) through the six real services: each clock-gaming signal raised by a flow built to
// trigger it, with its evidence, and none by a clean flow. Monday 2026-03-02, 09:00 Shanghai; March 2026 has no holiday.
const START = '2026-03-02T01:00:00Z'
let world: World
beforeAll(async () => {
  // Two 补正 rounds allowed, so that the second can be asked for (and flagged).
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: START,
    supplementRounds: 2,
  })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const supervisor = () => world.token('supervisor')
const ownerB = () => world.token('owner', { creditCode: owners.b.creditCode })
// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
type Listed = any

/** Every stored signal, all pages followed (`limit=2` so paging is exercised). */
async function allSignals(query = ''): Promise<Listed[]> {
  const out: Listed[] = []
  let cursor: string | undefined
  do {
    const params = ['limit=2', query, cursor ? `cursor=${cursor}` : ''].filter(Boolean).join('&')
    const page = expectStatus(await world.api('GET', `/api/v1/supervision/signals?${params}`, supervisor()), 200)
    out.push(...page.signals)
    cursor = page.next
  } while (cursor !== undefined)
  return out
}
const signalsOfProject = async (projectId: string) => (await allSignals()).filter((s) => s.projectId === projectId)
async function signalsWhen(projectId: string, check: (s: Listed[]) => boolean): Promise<Listed[]> {
  let last: Listed[] = []
  await until(
    async () => {
      last = await signalsOfProject(projectId)
      return check(last)
    },
    15_000,
    () => JSON.stringify(last.map((s) => [s.kind, s.ordinal])),
  )
  return last
}

/** A Shanwei project whose first step is approved at once and whose six-item bundle is accepted on 2 March. */
async function acceptedBundle() {
  const projectId = await registerProject(world, lowRiskFactory(owners.b))
  await approveFirstStep(world, projectId)
  const applicationId: string = expectStatus(
    await openApplication(world, projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials }),
    201,
  ).application.applicationId
  const tasks = await Promise.all(sixItemDepartments.map((d) => taskOf(world, d, applicationId)))
  return { projectId, applicationId, housing: ofDepartment(tasks, 'housing-construction') }
}

/** The owner answers the application's open 补正 notice with what it asks for. */
async function answerNotice(projectId: string, applicationId: string) {
  const s = await statusWhen(world, projectId, (x) =>
    (applicationIn(x, applicationId).notices ?? []).some((n: Listed) => n.status === 'open'),
  )
  const notice: Listed = one(
    applicationIn(s, applicationId).notices ?? [],
    (n: Listed) => n.status === 'open',
    'open notice',
  )
  const materials = notice.requests.flatMap((r: Listed) =>
    r.materials.map((code: string) => ({ code, documentRef: `doc://${code}-${r.requestedOn}.pdf` })),
  )
  expectStatus(
    await world.api('POST', `/api/v1/applications/${applicationId}/materials`, ownerB(), {
      noticeId: notice.noticeId,
      materials,
    }),
    200,
  )
  await statusWhen(world, projectId, (x) =>
    (applicationIn(x, applicationId).notices ?? []).every((n: Listed) => n.status !== 'open'),
  )
}

describe('风险信号 through the gateway', () => {
  it('a clean flow (accepted at once, decided within its limits) raises none', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    await approveFirstStep(world, projectId)
    // Applied in stream order: the step's certificate release came after its tasks' decisions, so they are in.
    expect(await signalsOfProject(projectId)).toEqual([])
  })

  it('受理 by law after five working days of 接件 raises a late acceptance, with the days', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    const applicationId: string = expectStatus(
      await openApplication(world, projectId, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
        acceptance: 'later',
      }),
      201,
    ).application.applicationId
    const sixth = nthWorkingDayAfter('2026-03-02', 6)
    world.clock.set(`${sixth}T02:00:00Z`)
    const [s, ...more] = await signalsWhen(projectId, (x) => x.length > 0)
    expect(more).toEqual([])
    expect(s).toMatchObject({
      kind: 'late-acceptance',
      ordinal: 1,
      applicationId,
      taskId: null,
      region: '441500',
      raisedOn: sixth,
      evidence: {
        receivedOn: '2026-03-02',
        acceptedOn: sixth,
        workingDays: workingDaysAfter('2026-03-02', sixth),
        acceptedBy: 'law',
        step: 'land-planning-and-filing',
      },
    })
    expect(s.evidence.workingDays).toBeGreaterThan(5)
  })

  it('补正 in the last fifth, a second 补正 round, and a decision past due without extension: each once, with evidence; the department’s median over its limit', async () => {
    world.clock.set(START)
    const { projectId, applicationId, housing } = await acceptedBundle()
    const start = taskIn(await statusWhen(world, projectId, () => true), housing.taskId).clocks.committed
    expect(start).toMatchObject({ start: '2026-03-02', limit: { value: 4, unit: 'W' } })
    expectStatus(await act(world, housing, { action: 'claim' }), 200)
    // Round 1 on Wednesday 03-04, early: one working day used (03-03) of 4. Answered the same day.
    world.clock.set('2026-03-04T02:00:00Z')
    expectStatus(
      await act(world, housing, { action: 'supplement', materials: ['construction-contract'], reason: '合同未盖章' }),
      200,
    )
    await answerNotice(projectId, applicationId)
    // Round 2 on Tuesday 03-10: used before it, the working days after 03-02 through 03-09 less the paused 03-04.
    world.clock.set('2026-03-10T02:00:00Z')
    expectStatus(
      await act(world, housing, {
        action: 'supplement',
        materials: ['construction-drawings-uploaded'],
        reason: '图纸缺签章',
      }),
      200,
    )
    const usedAtRound2 = workingDaysAfter('2026-03-02', '2026-03-09') - 1
    expect(usedAtRound2 / 4).toBeGreaterThanOrEqual(0.8)
    await answerNotice(projectId, applicationId)
    // Decided Wednesday 03-11: the committed 4 W counted 03-03, 03-05, 03-06, 03-09 — due 03-09 — never extended.
    world.clock.set('2026-03-11T02:00:00Z')
    expectStatus(await act(world, housing, { action: 'approve' }), 200)

    const signals = await signalsWhen(projectId, (x) => x.some((s) => s.kind === 'decided-overdue'))
    const byKind = (kind: string) => signals.filter((s) => s.kind === kind)
    expect(signals.map((s) => s.kind).sort()).toEqual(['decided-overdue', 'late-supplement', 'repeated-supplement'])
    for (const s of signals) expect(s).toMatchObject({ taskId: housing.taskId, department: 'housing-construction' })
    expect(byKind('late-supplement')[0]).toMatchObject({
      ordinal: 2,
      raisedOn: '2026-03-10',
      evidence: { clock: 'committed', limit: { value: 4, unit: 'W' }, used: usedAtRound2, on: '2026-03-10', rounds: 2 },
    })
    expect(byKind('repeated-supplement')[0]).toMatchObject({ ordinal: 2, evidence: { rounds: 2 } })
    // Paused 03-04 and 03-10: the fourth counted day is 03-09, and the decision on 03-11 is two days past it.
    const counted = ['2026-03-03', '2026-03-05', '2026-03-06', '2026-03-09', '2026-03-11']
    expect(byKind('decided-overdue')[0]).toMatchObject({
      ordinal: 1,
      raisedOn: '2026-03-11',
      evidence: { dueOn: counted[3], on: '2026-03-11', used: counted.length, overdueBy: 1 },
    })

    // The per-period figure: housing's construction permit, its one decided task at 5 net working days, limit 4.
    const period = expectStatus(
      await world.api(
        'GET',
        '/api/v1/supervision/signals?from=2026-03-01&to=2026-03-31&department=housing-construction',
        supervisor(),
      ),
      200,
    )
    expect(period.departments).toEqual([
      {
        kind: 'department-over-limit',
        department: 'housing-construction',
        item: 'construction-permit',
        itemName: housing.itemName ?? null,
        decided: 1,
        medianNet: counted.length,
        committedLimit: 4,
      },
    ])
    // Filtered by kind, and by a department with none.
    const repeated = await allSignals('kind=repeated-supplement')
    expect(repeated.every((s) => s.kind === 'repeated-supplement')).toBe(true)
    expect(repeated.some((s) => s.projectId === projectId)).toBe(true)
    expect(await allSignals('department=fire-rescue')).toEqual([])
    // A restart of approval re-runs its scanners over the same clocks: nothing is raised twice.
    await world.restartApproval()
    world.clock.set('2026-03-12T02:00:00Z')
    const again = await signalsOfProject(projectId)
    expect(again.map((s) => [s.kind, s.ordinal]).sort()).toEqual(signals.map((s) => [s.kind, s.ordinal]).sort())
  })

  it('特别程序 started in the last fifth, then overrunning its own limit', async () => {
    world.clock.set(START)
    const { projectId, housing } = await acceptedBundle()
    expectStatus(await act(world, housing, { action: 'claim' }), 200)
    // Monday 03-09: the four working days 03-03..03-06 used of 4 before it.
    world.clock.set('2026-03-09T02:00:00Z')
    expectStatus(
      await act(world, housing, {
        action: 'special-procedure-start',
        kind: 'expert-review',
        legalBasis: '行政许可法第四十五条',
        limit: { value: 2, unit: 'W' },
      }),
      200,
    )
    // 2 W from Monday: its last day is Wednesday 03-11; Thursday it has overrun.
    world.clock.set('2026-03-12T02:00:00Z')
    const signals = await signalsWhen(projectId, (x) => x.some((s) => s.kind === 'special-procedure-overrun'))
    expect(signals.map((s) => s.kind).sort()).toEqual(['late-special-procedure', 'special-procedure-overrun'])
    const late = signals.find((s) => s.kind === 'late-special-procedure')
    expect(late).toMatchObject({
      ordinal: 1,
      taskId: housing.taskId,
      evidence: {
        procedure: 'expert-review',
        on: '2026-03-09',
        used: workingDaysAfter('2026-03-02', '2026-03-08'),
        limit: { value: 4, unit: 'W' },
      },
    })
    const overrun = signals.find((s) => s.kind === 'special-procedure-overrun')
    expect(overrun).toMatchObject({
      ordinal: 1,
      evidence: { procedure: 'expert-review', on: '2026-03-09', limit: { value: 2, unit: 'W' } },
    })
    expect(overrun.evidence.used).toBeGreaterThan(2)
  })

  it('answers a hostile query 400 problem+json naming the field', async () => {
    for (const [query, field] of [
      ['kind=gaming', '/querystring/kind'],
      ['from=2026-02-30', '/querystring/from'],
      ['limit=201', '/querystring/limit'],
      ['limit=0', '/querystring/limit'],
      ['cursor=abc', '/querystring/cursor'],
      ['cursor=99999999999999999999', '/querystring/cursor'],
      ['region=44', '/querystring/region'],
      [`department=${'x'.repeat(200)}`, '/querystring/department'],
      ['extra=1', '/querystring'],
      ['from=2026-03-17&to=2026-03-16', '/querystring/to'],
      ['from=2020-01-01&to=2026-03-16', '/querystring/to'],
    ] as const) {
      const res = await world.api('GET', `/api/v1/supervision/signals?${query}`, supervisor())
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(400)
      expect(String(res.headers['content-type'])).toContain('application/problem+json')
      expect(
        res.body.errors.some((e: { field: string }) => e.field.startsWith(field)),
        `${query}: ${JSON.stringify(res.body.errors)}`,
      ).toBe(true)
    }
    // Signals are the supervisor's: a reviewer is refused.
    const reviewer = world.token('reviewer', { department: 'housing-construction' })
    expect((await world.api('GET', '/api/v1/supervision/signals', reviewer)).status).toBe(403)
  })
})
