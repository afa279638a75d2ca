import {
  ApplicationReceiptAnsweredV1,
  ApplicationReceiptWithdrawnV1,
  AssistedCaseActedV1,
  AssistedVisitDueV1,
  SupplementNoticeIssuedV1,
} from '@onewindow/contracts'
import { addDays } from '@onewindow/workdays'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  applicationIn,
  expectStatus,
  industrialShanwei,
  landPlanningMaterials,
  lowRiskFactory,
  nthWorkingDayAfter,
  openApplication,
  openWithWholeChecklist,
  owners,
  published,
  registerProject,
  statusWhen,
  taskOf,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Monday 2026-03-02, 09:00 in Shanghai: a plain working month, far from any holiday.
const START = '2026-03-02T01:00:00Z'

let world: World
beforeAll(async () => {
  // The visit and intermediary timers are driven by runOnce and counted; at the world's default 100 ms the running
  // scanner could take a due visit first (CI 2026-12-04: runOnce 0 where 1 was due). An hour keeps it out.
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: START,
    scanEveryMs: 3_600_000,
  })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const HELPER = { sub: 'helper-li', name: '李帮办' }
const post = (url: string, bearer: string, body: object = {}) => world.api('POST', url, bearer, body)
const clerk = () => world.token('clerk')
const helper = () => world.token('helper', { sub: HELPER.sub })

/** A Shanwei first step received at the window, not accepted (`acceptance: "later"`), then told to supplement. */
async function receivedAndNoticed(projectId: string) {
  const application = expectStatus(
    await openApplication(world, projectId, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
      acceptance: 'later',
    }),
    201,
  ).application
  expectStatus(
    await post(`/api/v1/applications/${application.applicationId}/receipt-notice`, clerk(), {
      materials: ['land-transfer-contract'],
      reason: '出让合同缺少附图',
    }),
    200,
  )
  return application.applicationId as string
}

describe('帮办代办 — a helper acts for the owner, every act on behalf of; the follow-up visit falls due', () => {
  it('opens a free case for an eligible project, the helper answers the owner’s notice on its behalf, and a scheduled visit falls due and is recorded', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    const caseBody = {
      eligibility: {
        basis: 'industrial-project-in-need',
        documentRef: 'doc://request.pdf',
        need: '首次在汕尾投资建厂',
      },
      mode: 'whole-process',
      stages: ['land-planning', 'construction-permit'],
      helper: HELPER,
    }

    // Eligibility refused with the field named: a county that is not the project's city's.
    const refused = await post(`/api/v1/projects/${projectId}/assisted-case`, clerk(), {
      ...caseBody,
      eligibility: { basis: 'county-key-project', documentRef: 'doc://county.pdf', county: '440604' },
    })
    expect(refused.status).toBe(422)
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(refused.body).toMatchObject({
      code: 'INTAKE_ASSIST_NOT_ELIGIBLE',
      errors: [{ field: '/body/eligibility/county' }],
    })
    // Nothing half-written: the project still has no case.
    expect((await world.api('GET', `/api/v1/projects/${projectId}/assisted-case`, clerk())).status).toBe(404)
    // The owner cannot open its own case, nor may the helper: the service centre's window does.
    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    expect((await post(`/api/v1/projects/${projectId}/assisted-case`, owner, caseBody)).status).toBe(403)

    const opened = expectStatus(await post(`/api/v1/projects/${projectId}/assisted-case`, clerk(), caseBody), 201).case
    expect(opened).toMatchObject({
      freeOfCharge: true,
      mode: 'whole-process',
      stages: ['land-planning', 'construction-permit'],
      helper: HELPER,
      ownerCreditCode: owners.b.creditCode,
    })
    const caseId: string = opened.caseId
    expect((await post(`/api/v1/projects/${projectId}/assisted-case`, clerk(), caseBody)).status).toBe(409)

    // The helper's desk lists it; the owner reads its own case.
    const desk = expectStatus(await world.api('GET', '/api/v1/assisted-cases', helper()), 200).cases
    expect(desk.map((c: { caseId: string }) => c.caseId)).toContain(caseId)
    expect(
      expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/assisted-case`, owner), 200).case.caseId,
    ).toBe(caseId)

    // The helper acts for the owner on its application: the one answer to the window's notice.
    const applicationId = await receivedAndNoticed(projectId)
    const answered = await post(`/api/v1/applications/${applicationId}/materials`, helper(), {
      materials: [{ code: 'land-transfer-contract', documentRef: 'doc://land-transfer-contract-v2.pdf' }],
    })
    expectStatus(answered, 200)

    // A helper the case does not name, and the helper on another owner's project, are told it does not exist.
    const stranger = world.token('helper', { sub: 'helper-wang' })
    const otherProject = await registerProject(world, lowRiskFactory(owners.c))
    const otherApplication = await receivedAndNoticed(otherProject)
    for (const [bearer, id] of [
      [stranger, applicationId],
      [helper(), otherApplication],
    ] as const) {
      const cure = await post(`/api/v1/applications/${id}/materials`, bearer, {
        materials: [{ code: 'land-transfer-contract', documentRef: 'doc://x.pdf' }],
      })
      expect(cure.status).toBe(404)
      const withdraw = await post(`/api/v1/applications/${id}/withdraw-receipt`, bearer, { reason: '代办撤件' })
      expect(withdraw.status).toBe(404)
    }

    // Every act of the helper says on behalf of whom, under which case: in the act's own event, on the case's, and on
    // the project's timeline.
    const behalf = { caseId, helper: HELPER.sub, helperName: HELPER.name, ownerCreditCode: owners.b.creditCode }
    await until(async () =>
      (await published(world, ApplicationReceiptAnsweredV1)).some((e) => e.applicationId === applicationId),
    )
    const answeredEvent = (await published(world, ApplicationReceiptAnsweredV1)).find(
      (e) => e.applicationId === applicationId,
    )
    expect(answeredEvent?.onBehalfOf).toEqual(behalf)
    const acted = (await published(world, AssistedCaseActedV1)).filter((e) => e.case.caseId === caseId)
    expect(acted.map((e) => e.case.acts.at(-1))).toEqual([
      expect.objectContaining({ act: 'receipt-answered', applicationId, helper: HELPER.sub }),
    ])
    // The other owner's application was never touched.
    expect(
      (await published(world, ApplicationReceiptWithdrawnV1)).some((e) => e.applicationId === otherApplication),
    ).toBe(false)
    const withAct = await statusWhen(world, projectId, (s) => s.timeline.some((e) => e.type === 'assisted-case.acted'))
    const helperEntries = withAct.timeline.filter((e) => e.actor === `helper:${HELPER.sub}`)
    expect(helperEntries.map((e) => e.type)).toEqual(
      expect.arrayContaining(['application.receipt-answered', 'assisted-case.acted']),
    )
    for (const e of helperEntries) expect(e.summary).toContain(`on behalf of ${owners.b.creditCode}`)
    for (const e of helperEntries) expect(e.summary).toContain(caseId)

    // 跟踪回访: scheduled 3 working days ahead; not due the day before, due on its day (the sweep, once), recorded.
    const scheduled = expectStatus(
      await post(`/api/v1/assisted-cases/${caseId}/visits`, helper(), {
        purpose: '了解用地规划许可办理进度',
        channel: 'on-site',
        workingDays: 3,
      }),
      200,
    ).case
    const visit = scheduled.visits[0]
    const dueOn = nthWorkingDayAfter('2026-03-02', 3)
    expect(visit).toMatchObject({ status: 'scheduled', scheduledOn: '2026-03-02', dueOn })
    // Another helper may neither schedule nor record on this case.
    expect(
      (
        await post(`/api/v1/assisted-cases/${caseId}/visits`, stranger, {
          purpose: 'x',
          channel: 'phone',
          workingDays: 1,
        })
      ).status,
    ).toBe(404)

    world.clock.set(`${addDays(dueOn, -1)}T01:00:00Z`)
    expect(await world.intake.assistedScanner.runOnce()).toBe(0)
    world.clock.set(`${dueOn}T01:00:00Z`)
    expect(await world.intake.assistedScanner.runOnce()).toBe(1)
    expect(await world.intake.assistedScanner.runOnce()).toBe(0)
    const due = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/assisted-case`, helper()), 200).case
    expect(due.visits[0]).toMatchObject({ visitId: visit.visitId, status: 'due', fellDueAt: `${dueOn}T01:00:00.000Z` })
    await until(async () => (await published(world, AssistedVisitDueV1)).some((e) => e.case.caseId === caseId))

    const recorded = expectStatus(
      await post(`/api/v1/assisted-cases/${caseId}/visits/${visit.visitId}/record`, helper(), {
        outcome: '已协调自然资源局，出让合同附图补齐',
      }),
      200,
    ).case
    expect(recorded.visits[0]).toMatchObject({ status: 'recorded', recordedOn: dueOn })
    expect(
      (await post(`/api/v1/assisted-cases/${caseId}/visits/${visit.visitId}/record`, helper(), { outcome: '再次' }))
        .status,
    ).toBe(409)
    const s = await statusWhen(world, projectId, (x) =>
      x.timeline.some((e) => e.type === 'assisted-case.visit-recorded'),
    )
    const types = s.timeline.map((e) => e.type)
    expect(types).toEqual(
      expect.arrayContaining([
        'assisted-case.opened',
        'assisted-case.visit-scheduled',
        'assisted-case.visit-due',
        'assisted-case.visit-recorded',
      ]),
    )
    expect(s.timeline.find((e) => e.type === 'assisted-case.visit-due')?.summary).toContain(dueOn)
  }, 240_000)
})

/** A Shanwei first step accepted at the window, its planning department's 补正 notice open: the notice. */
async function supplementAsked(projectId: string) {
  const application = expectStatus(
    await openApplication(world, projectId, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
    }),
    201,
  ).application
  const applicationId = application.applicationId as string
  const task = await taskOf(world, 'natural-resources', applicationId)
  expectStatus(await act(world, task, { action: 'claim' }), 200)
  expectStatus(
    await act(world, task, { action: 'supplement', materials: ['land-transfer-contract'], reason: '出让合同缺少附图' }),
    200,
  )
  const s = await statusWhen(world, projectId, (x) =>
    (applicationIn(x, applicationId)?.notices ?? []).some((n: { status: string }) => n.status === 'open'),
  )
  const notice = applicationIn(s, applicationId).notices?.find((n: { status: string }) => n.status === 'open')
  if (!notice) throw new Error('unreachable: waited for the open notice')
  return { applicationId, noticeId: notice.noticeId }
}

/** A city key project's case over the land-planning stage, naming HELPER. */
async function openCaseFor(projectId: string, mode = 'whole-process') {
  return expectStatus(
    await post(`/api/v1/projects/${projectId}/assisted-case`, clerk(), {
      eligibility: { basis: 'city-key-project', documentRef: 'doc://plan-2026.pdf' },
      mode,
      stages: ['land-planning'],
      helper: HELPER,
    }),
    201,
  ).case.caseId as string
}

describe('帮办代办 — the case’s helper answers a department’s 补正 for the owner (004:1868, Guangxi §2.5)', () => {
  it('lets exactly the assigned helper of an open case answer, on behalf of the owner in the event and on the timeline; no case or another helper is 403', async () => {
    world.clock.set(START)
    const answer = {
      materials: [{ code: 'land-transfer-contract', documentRef: 'doc://land-transfer-contract-v2.pdf' }],
    }

    // No case: the helper is refused, saying why; nothing answered.
    const bare = await registerProject(world, lowRiskFactory(owners.c))
    const bareNotice = await supplementAsked(bare)
    const noCase = await post(`/api/v1/applications/${bareNotice.applicationId}/materials`, helper(), {
      noticeId: bareNotice.noticeId,
      ...answer,
    })
    expect(noCase.status).toBe(403)
    expect(noCase.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(noCase.body).toMatchObject({ code: 'INTAKE_ASSIST_NOT_ASSIGNED', reason: 'no-case' })

    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    const caseId = await openCaseFor(projectId, 'help-at-once')
    const { applicationId, noticeId } = await supplementAsked(projectId)

    // Another helper: 403, naming the case's helper as someone else; the notice stays open.
    const stranger = world.token('helper', { sub: 'helper-zhao' })
    const other = await post(`/api/v1/applications/${applicationId}/materials`, stranger, { noticeId, ...answer })
    expect(other.status).toBe(403)
    expect(other.body).toMatchObject({ code: 'INTAKE_ASSIST_NOT_ASSIGNED', reason: 'another-helper', caseId })

    // The assigned helper answers for the owner: the tasks run again.
    const answered = expectStatus(
      await post(`/api/v1/applications/${applicationId}/materials`, helper(), { noticeId, ...answer }),
      200,
    )
    expect(answered.notice).toMatchObject({ noticeId, status: 'answered' })
    // Answered once: the owner has nothing left to answer.
    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    expect((await post(`/api/v1/applications/${applicationId}/materials`, owner, { noticeId, ...answer })).status).toBe(
      409,
    )

    const behalf = { caseId, helper: HELPER.sub, helperName: HELPER.name, ownerCreditCode: owners.b.creditCode }
    await until(async () =>
      (await published(world, SupplementNoticeIssuedV1)).some(
        (e) => e.noticeId === noticeId && e.status === 'answered',
      ),
    )
    const events = (await published(world, SupplementNoticeIssuedV1)).filter((e) => e.noticeId === noticeId)
    expect(events.find((e) => e.status === 'answered')?.onBehalfOf).toEqual({
      ...behalf,
      grantId: expect.any(String),
      validUntil: '2026-03-02T01:00:30.000Z',
    })
    // The refused attempts wrote nothing: one answer, the helper's; the other project's notice is still open.
    expect(events.filter((e) => e.status === 'answered')).toHaveLength(1)
    expect(
      (await published(world, SupplementNoticeIssuedV1)).some(
        (e) => e.noticeId === bareNotice.noticeId && e.status === 'answered',
      ),
    ).toBe(false)

    // On the timeline as the helper's other acts are: by the helper, on behalf of the owner, under the case; and kept
    // on the case.
    const s = await statusWhen(world, projectId, (x) =>
      x.timeline.some((e) => e.actor === `helper:${HELPER.sub}` && e.summary.includes('补正告知 answered')),
    )
    const entry = s.timeline.find((e) => e.actor === `helper:${HELPER.sub}` && e.summary.includes('补正告知 answered'))
    expect(entry?.summary).toContain(`on behalf of ${owners.b.creditCode}`)
    expect(entry?.summary).toContain(caseId)
    await until(async () =>
      (await published(world, AssistedCaseActedV1)).some(
        (e) => e.case.caseId === caseId && e.case.acts.some((a) => a.act === 'supplement-answered'),
      ),
    )
    const kept = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/assisted-case`, helper()), 200).case
    expect(kept.acts).toEqual([
      expect.objectContaining({
        act: 'supplement-answered',
        applicationId,
        helper: HELPER.sub,
        step: 'land-planning-and-filing',
      }),
    ])
  }, 240_000)
})

/** Holds the application's step row in approval, as a slow answer would: an answer sent now waits for it. */
async function holdStep(applicationId: string) {
  const client = await world.schemas.approval.pool.connect()
  await client.query('BEGIN')
  await client.query('SELECT 1 FROM step WHERE application_id = $1 FOR UPDATE', [applicationId])
  return async () => {
    await client.query('ROLLBACK')
    client.release()
  }
}

/** The grants intake wrote for helpers' answers to this application's notices. */
const grantsOf = async (applicationId: string) =>
  (
    await world.schemas.intake.pool.query<{ used: boolean }>(
      'SELECT used_at IS NOT NULL AS used FROM assisted_answer_grant WHERE application_id = $1',
      [applicationId],
    )
  ).rows

describe('帮办代办 — the service centre closes a case; an answer in flight never lands on a closed case', () => {
  it('closes with a reason (clerk only), ends the visits and the helper’s authority; a close waits for the helper’s answer in flight', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    const caseId = await openCaseFor(projectId)
    const visit = expectStatus(
      await post(`/api/v1/assisted-cases/${caseId}/visits`, helper(), {
        purpose: '回访用地规划许可办理情况',
        channel: 'phone',
        workingDays: 2,
      }),
      200,
    ).case.visits[0]
    const { applicationId, noticeId } = await supplementAsked(projectId)
    const answer = {
      noticeId,
      materials: [{ code: 'land-transfer-contract', documentRef: 'doc://land-transfer-contract-v2.pdf' }],
    }

    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    // The helper reads the open 补正 notices of the applications its case covers, to choose one (authorised by the
    // case, not by ownership): another helper is told there is no such case; an owner, even the project's, is 403.
    const listed = expectStatus(await world.api('GET', `/api/v1/assisted-cases/${caseId}/notices`, helper()), 200)
    expect(listed).toMatchObject({ caseId, projectId })
    expect(listed.notices).toEqual([
      expect.objectContaining({
        noticeId,
        applicationId,
        step: 'land-planning-and-filing',
        status: 'open',
        requests: [expect.objectContaining({ department: 'natural-resources', materials: ['land-transfer-contract'] })],
      }),
    ])
    const strangerHelper = world.token('helper', { sub: 'helper-zhou' })
    expect((await world.api('GET', `/api/v1/assisted-cases/${caseId}/notices`, strangerHelper)).status).toBe(404)
    for (const bearer of [owner, world.token('owner', { creditCode: owners.c.creditCode }), clerk()]) {
      expect((await world.api('GET', `/api/v1/assisted-cases/${caseId}/notices`, bearer)).status).toBe(403)
    }

    // Who may close: the window that opened it, not the helper, the owner or the supervisor; a reason is required.
    for (const bearer of [helper(), owner, world.token('supervisor')]) {
      expect((await post(`/api/v1/assisted-cases/${caseId}/close`, bearer, { reason: '办结' })).status).toBe(403)
    }
    const noReason = await post(`/api/v1/assisted-cases/${caseId}/close`, clerk(), {})
    expect([400, 422]).toContain(noReason.status)
    expect(noReason.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(JSON.stringify(noReason.body)).toContain('reason')
    expect(
      (await post('/api/v1/assisted-cases/0192f000-0000-7000-8000-00000000dead/close', clerk(), { reason: 'x' }))
        .status,
    ).toBe(404)

    // The helper's answer is granted by intake, then held at approval (its step row locked, as by a slow answer).
    const release = await holdStep(applicationId)
    const inFlight = post(`/api/v1/applications/${applicationId}/materials`, helper(), answer)
    await until(async () => (await grantsOf(applicationId)).length === 1)
    const held = await post(`/api/v1/assisted-cases/${caseId}/close`, clerk(), { reason: '项目已取得用地规划许可' })
    expect(held.status).toBe(409)
    expect(held.body).toMatchObject({ code: 'INTAKE_ASSIST_ANSWER_IN_FLIGHT', caseId })
    expect(
      expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/assisted-case`, clerk()), 200).case.status,
    ).toBe('open')
    await release()
    expect(expectStatus(await inFlight, 200).notice).toMatchObject({ noticeId, status: 'answered' })

    // Answered: nothing is left for the helper to choose (once the read model has the answer).
    await until(
      async () =>
        expectStatus(await world.api('GET', `/api/v1/assisted-cases/${caseId}/notices`, helper()), 200).notices
          .length === 0,
    )
    // The answer landed and intake saw it (its grant used): the close goes through, after the answer.
    await until(async () => (await grantsOf(applicationId)).every((g) => g.used))
    const closed = expectStatus(
      await post(`/api/v1/assisted-cases/${caseId}/close`, clerk(), { reason: '项目已取得用地规划许可' }),
      200,
    ).case
    expect(closed).toMatchObject({
      status: 'closed',
      closed: { reason: '项目已取得用地规划许可', on: '2026-03-02', by: expect.stringContaining('clerk') },
    })
    expect(closed.acts).toEqual([
      expect.objectContaining({ act: 'supplement-answered', step: 'land-planning-and-filing' }),
    ])
    expect(closed.visits).toEqual([expect.objectContaining({ visitId: visit.visitId, status: 'ended' })])
    expect((await post(`/api/v1/assisted-cases/${caseId}/close`, clerk(), { reason: '再次' })).body).toMatchObject({
      code: 'INTAKE_ASSIST_CASE_CLOSED',
    })

    // Closed: the visit no longer falls due, and the helper acts for the owner no more.
    world.clock.set(`${nthWorkingDayAfter('2026-03-02', 3)}T01:00:00Z`)
    expect(await world.intake.assistedScanner.runOnce()).toBe(0)
    // The same answer again: intake, asked first, refuses it for the closed case before approval hears of it.
    const refused = await post(`/api/v1/applications/${applicationId}/materials`, helper(), answer)
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ code: 'INTAKE_ASSIST_NOT_ASSIGNED', reason: 'case-closed', caseId })
    const closedList = await world.api('GET', `/api/v1/assisted-cases/${caseId}/notices`, helper())
    expect(closedList.status).toBe(403)
    expect(closedList.body).toMatchObject({ code: 'INTAKE_ASSIST_NOT_ASSIGNED', reason: 'case-closed', caseId })
    expect(
      (
        await post(`/api/v1/assisted-cases/${caseId}/visits`, helper(), {
          purpose: 'x',
          channel: 'phone',
          workingDays: 1,
        })
      ).status,
    ).toBe(404)
    const s = await statusWhen(world, projectId, (x) => x.timeline.some((e) => e.type === 'assisted-case.closed'))
    expect(s.timeline.find((e) => e.type === 'assisted-case.closed')?.summary).toContain('项目已取得用地规划许可')
    expect(s.shared.assistedCase).toMatchObject({ status: 'closed', nextVisit: null })
  }, 240_000)

  it('holds a close for a granted answer, grants no new one meanwhile, closes on the retry after the grant lapsed, and approval then refuses the late answer', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    const caseId = await openCaseFor(projectId)
    const { applicationId, noticeId } = await supplementAsked(projectId)
    const release = await holdStep(applicationId)
    const inFlight = post(`/api/v1/applications/${applicationId}/materials`, helper(), {
      noticeId,
      materials: [{ code: 'land-transfer-contract', documentRef: 'doc://late.pdf' }],
    })
    await until(async () => (await grantsOf(applicationId)).length === 1)
    // The answer has reached approval (its caller's assertion checked) and waits there for the step.
    await until(
      async () =>
        (
          await world.schemas.approval.pool.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = current_user AND datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM step WHERE application_id%'",
          )
        ).rows[0]?.n !== 0,
    )
    // The grant holds the close back; the close is kept on the case all the same, and the helper is granted nothing
    // more under it (each new attempt would hold the close again).
    const held = await post(`/api/v1/assisted-cases/${caseId}/close`, clerk(), { reason: '业主申请终止帮办' })
    expect(held.status).toBe(409)
    expect(held.body).toMatchObject({ code: 'INTAKE_ASSIST_ANSWER_IN_FLIGHT', caseId })
    const requested = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/assisted-case`, clerk()), 200)
    expect(requested.case).toMatchObject({ status: 'open', closeRequested: { reason: '业主申请终止帮办' } })
    const again = await post(`/api/v1/applications/${applicationId}/materials`, helper(), {
      noticeId,
      materials: [{ code: 'land-transfer-contract', documentRef: 'doc://again.pdf' }],
    })
    expect(again.status).toBe(403)
    expect(again.body).toMatchObject({ code: 'INTAKE_ASSIST_NOT_ASSIGNED', reason: 'case-closing', caseId })
    expect(await grantsOf(applicationId)).toHaveLength(1)
    // Each grant asked for is audited, the refused one too.
    const audited = await world.schemas.intake.pool.query<{ outcome: string; code: string | null }>(
      "SELECT outcome, code FROM audit_entry WHERE action = 'intake.assisted-case.grant' AND object = $1 ORDER BY position",
      [`application:${applicationId}`],
    )
    expect(audited.rows).toEqual([
      { outcome: 'done', code: null },
      { outcome: 'refused', code: 'INTAKE_ASSIST_NOT_ASSIGNED' },
    ])
    // Past the grant (30 s) and its margin (30 s): the retry closes, since approval will no longer take the answer.
    world.clock.set('2026-03-02T01:01:01Z')
    expect(Date.parse(held.body.retryAfter)).toBeLessThan(Date.parse('2026-03-02T01:01:01Z'))
    expectStatus(await post(`/api/v1/assisted-cases/${caseId}/close`, clerk(), { reason: '业主申请终止帮办' }), 200)
    await release()
    const late = await inFlight
    expect(late.status).toBe(409)
    expect(late.body).toMatchObject({ code: 'APPROVAL_HELPER_AUTHORITY_LAPSED', caseId })
    // Nothing landed: the notice is still the owner's to answer.
    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    const answered = expectStatus(
      await post(`/api/v1/applications/${applicationId}/materials`, owner, {
        noticeId,
        materials: [{ code: 'land-transfer-contract', documentRef: 'doc://owner.pdf' }],
      }),
      200,
    )
    expect(answered.notice).toMatchObject({ status: 'answered' })
    expect(answered.notice.onBehalfOf).toBeUndefined()
  }, 240_000)
})

describe('中介服务 — the owner chooses from the published list; the intermediary’s clock runs and goes overdue', () => {
  it('shows grades, lets only the owner choose, and raises the clock overdue once the day after its due date', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    const list = expectStatus(await world.api('GET', '/api/v1/intermediary-services', owner), 200).services
    const eia = list.find((s: { code: string }) => s.code === 'environmental-impact-report')
    expect(eia.offers.map((o: { grade: string }) => o.grade)).toEqual(['A', 'B'])
    const chosen = eia.offers[1] as { creditCode: string; limitW: number; feeFen: number }

    // Never forced: no department, clerk or helper may choose for the owner.
    const body = { service: 'environmental-impact-report', intermediary: chosen.creditCode }
    for (const bearer of [
      world.token('reviewer', { department: 'natural-resources' }),
      clerk(),
      helper(),
      world.token('supervisor'),
    ]) {
      expect((await post(`/api/v1/projects/${projectId}/intermediaries`, bearer, body)).status).toBe(403)
    }
    const other = world.token('owner', { creditCode: owners.c.creditCode })
    expect((await post(`/api/v1/projects/${projectId}/intermediaries`, other, body)).status).toBe(404)

    const engagement = expectStatus(
      await post(`/api/v1/projects/${projectId}/intermediaries`, owner, body),
      201,
    ).engagement
    const dueOn = nthWorkingDayAfter('2026-03-02', chosen.limitW)
    expect(engagement).toMatchObject({
      status: 'engaged',
      feeFen: chosen.feeFen,
      intermediary: { creditCode: chosen.creditCode, grade: 'B' },
      clock: { limit: { value: chosen.limitW, unit: 'W' }, start: '2026-03-02' },
      dueOn,
    })
    expect((await post(`/api/v1/projects/${projectId}/intermediaries`, owner, body)).status).toBe(409)

    // The clock moved to its due date: not yet overdue; the day after: overdue, once.
    world.clock.set(`${dueOn}T01:00:00Z`)
    expect(await world.intake.assistedScanner.runOnce()).toBe(0)
    world.clock.set(`${addDays(dueOn, 1)}T01:00:00Z`)
    expect(await world.intake.assistedScanner.runOnce()).toBe(1)
    expect(await world.intake.assistedScanner.runOnce()).toBe(0)
    const mine = expectStatus(
      await world.api('GET', `/api/v1/projects/${projectId}/intermediaries`, owner),
      200,
    ).engagements
    expect(mine).toEqual([
      expect.objectContaining({
        engagementId: engagement.engagementId,
        overdueAt: `${addDays(dueOn, 1)}T01:00:00.000Z`,
      }),
    ])
    const s = await statusWhen(world, projectId, (x) => x.timeline.some((e) => e.type === 'intermediary.overdue'))
    expect(s.timeline.find((e) => e.type === 'intermediary.engaged')?.summary).toContain(`due ${dueOn}`)

    // The intermediary named on it delivers (another is told it does not exist); delivered, the clock stops.
    const firm = world.token('intermediary', { creditCode: chosen.creditCode })
    const strangerFirm = world.token('intermediary', { creditCode: eia.offers[0].creditCode })
    expect(
      (
        await post(`/api/v1/intermediary-engagements/${engagement.engagementId}/result`, strangerFirm, {
          documentRef: 'doc://x',
        })
      ).status,
    ).toBe(404)
    const delivered = expectStatus(
      await post(`/api/v1/intermediary-engagements/${engagement.engagementId}/result`, firm, {
        documentRef: 'doc://eia-report.pdf',
      }),
      200,
    ).engagement
    expect(delivered).toMatchObject({ status: 'delivered', delivered: { documentRef: 'doc://eia-report.pdf' } })
    await statusWhen(world, projectId, (x) => x.timeline.some((e) => e.type === 'intermediary.delivered'))
  }, 180_000)

  it('a department whose item decides on the report reads the engagement on its status, with the report delivered; another does not', async () => {
    world.clock.set(START)
    // A Shanwei 拿地即开工 project: its eight-item bundle holds 环评 (eia-approval), which decides on the EIA report.
    const projectId = await registerProject(world, industrialShanwei(owners.c))
    const owner = world.token('owner', { creditCode: owners.c.creditCode })
    const firmCode = '91441500MA51XK001N'
    const engagement = expectStatus(
      await post(`/api/v1/projects/${projectId}/intermediaries`, owner, {
        service: 'environmental-impact-report',
        intermediary: firmCode,
      }),
      201,
    ).engagement
    expect(engagement.service.decidesOn).toEqual([{ item: 'eia-approval', name: '建设项目环境影响评价文件审批' }])
    expectStatus(
      await post(
        `/api/v1/intermediary-engagements/${engagement.engagementId}/result`,
        world.token('intermediary', { creditCode: firmCode }),
        { documentRef: 'doc://eia/report-final.pdf' },
      ),
      200,
    )
    // The window's checklist no longer asks the owner for the report: it cites the delivered one instead.
    const checklist = expectStatus(
      await world.api('GET', `/api/v1/projects/${projectId}/checklist?step=eight-item-bundle`, world.token('clerk')),
      200,
    )
    expect(checklist.materials.map((m: { code: string }) => m.code)).not.toContain('environmental-impact-report')
    expect(checklist.delivered).toEqual([
      expect.objectContaining({
        material: 'environmental-impact-report',
        engagementId: engagement.engagementId,
        documentRef: 'doc://eia/report-final.pdf',
      }),
    ])
    // An owner's copy handed in anyway is refused, named, and nothing is opened (the window opens it next).
    const materials = [...checklist.materials, { code: 'environmental-impact-report' }].map((m: { code: string }) => ({
      code: m.code,
      documentRef: `doc://${m.code}.pdf`,
    }))
    const copy = await openApplication(world, projectId, { step: 'eight-item-bundle', form: {}, materials })
    expect(copy.status).toBe(422)
    expect(copy.body.errors).toEqual([
      expect.objectContaining({
        field: expect.stringMatching(new RegExp(`/materials/${checklist.materials.length}/code$`)),
        code: 'INTAKE_MATERIAL_DELIVERED_BY_INTERMEDIARY',
      }),
    ])
    // The window opens the bundle with every material its checklist asks for.
    const application = await openWithWholeChecklist(world, projectId, 'eight-item-bundle')
    // The department of 环评 has a task: its status shows the engagement and the delivered report.
    await taskOf(world, 'ecology-environment', application.applicationId)
    await taskOf(world, 'natural-resources', application.applicationId)
    const ecology = world.token('reviewer', { department: 'ecology-environment' })
    await until(async () => {
      const s = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, ecology), 200)
      return s.shared.intermediaries.some((g: { status: string }) => g.status === 'delivered')
    }, 20_000)
    const seen = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, ecology), 200).shared
      .intermediaries
    expect(seen).toEqual([
      expect.objectContaining({
        engagementId: engagement.engagementId,
        documentRef: 'doc://eia/report-final.pdf',
        decidesOn: [{ item: 'eia-approval', name: '建设项目环境影响评价文件审批' }],
      }),
    ])
    // 用地规划许可's department judges from no intermediary's report: it reads none.
    const lands = world.token('reviewer', { department: 'natural-resources' })
    expect(
      expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, lands), 200).shared.intermediaries,
    ).toEqual([])
  }, 180_000)
})
