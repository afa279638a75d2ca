import {
  AcceptanceFilingIssuedV1,
  AcceptancePassedV1,
  AcceptancePassRevokedV1,
  AcceptanceResultRecordedV1,
  AcceptanceStartedV1,
  RegistrationAcceptanceResultsUpdatedV1,
} from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registrationRepository } from '../src/db/registration.js'
import {
  type AcceptanceCase,
  acceptanceCase,
  aProject,
  call,
  caseOf,
  openCase,
  outboxBodies,
  passedCopy,
  publish,
  registrar,
  registrationWorld,
  type World,
} from './helpers.js'

// Monday 2 March 2026, 10:00 in Shanghai.
const START = '2026-03-02T02:00:00Z'

let w: World
beforeAll(async () => {
  w = await registrationWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const PLANNING_RESULT = {
  name: '规划条件核实合格证',
  number: '佛规核〔2026〕12号',
  issuedOn: '2026-03-05',
  recordedBy: 'np-1',
}
const FIRE_RESULT = {
  name: '消防验收备案凭证',
  number: '佛消备〔2026〕7号',
  issuedOn: '2026-03-06',
  recordedBy: 'hc-1',
}
const FILING = { number: 'JGBA-440600-2026-000001', issuedOn: '2026-03-06' }

/** Foshan's passed case (the letter is the filing, 004:2279) with two items, as acceptance tells it after the pass. */
function passedFoshanCase(a: AcceptanceCase): AcceptanceCase {
  const passed = passedCopy(a)
  return {
    ...passed,
    opinionIsFiling: true,
    items: [
      ...passed.items,
      {
        item: 'planning-verification',
        itemName: '规划条件核实',
        department: 'natural-resources',
        departmentName: '佛山市自然资源局',
        status: 'passed',
        round: 1,
      },
    ],
  }
}

/** The acceptance case `c` one change later with the result `result` on `item`. */
const withResult = (c: AcceptanceCase, item: string, result: typeof PLANNING_RESULT): AcceptanceCase => ({
  ...c,
  items: c.items.map((i) => (i.item === item ? { ...i, result } : i)),
  version: c.version + 1,
})

/**
 * Resolves once `consumer` handled the event `eventId`: its inbox row commits with whatever the handler changed. A
 * marker event published after it would not do — a consumer handles several messages at once, so it may commit first.
 */
const handled = (consumer: string, eventId: string) =>
  expect
    .poll(
      async () =>
        (
          await w.db.pool.query('SELECT 1 FROM inbox_message WHERE consumer = $1 AND event_id = $2', [
            consumer,
            eventId,
          ])
        ).rowCount,
    )
    .toBe(1)

const registrationCase = async (caseId: string) => (await call(w, 'GET', `/registrations/${caseId}`)).body.case

describe('在线获取验收结果 (004:2279): the joint acceptance results on the registration case', () => {
  it('keeps each 结果物 and the 竣工验收备案表 as acceptance publishes them, where the registrar reads the case; an older event changes nothing', async () => {
    const projectId = await aProject(w)
    const acceptance = acceptanceCase(projectId, false)
    await publish(w, AcceptanceStartedV1, { case: acceptance }, acceptance.caseId)
    const caseId = await caseOf(w, acceptance.caseId)
    expect((await registrationCase(caseId)).acceptanceResults).toBeUndefined()

    const first = withResult(passedFoshanCase(acceptance), 'planning-verification', PLANNING_RESULT)
    await publish(w, AcceptanceResultRecordedV1, { case: first, item: 'planning-verification' }, acceptance.caseId)
    await expect
      .poll(async () => (await registrationCase(caseId)).acceptanceResults)
      .toEqual({
        results: [
          {
            item: 'planning-verification',
            itemName: '规划条件核实',
            department: 'natural-resources',
            departmentName: '佛山市自然资源局',
            name: '规划条件核实合格证',
            number: '佛规核〔2026〕12号',
            issuedOn: '2026-03-05',
          },
        ],
      })
    // The pass came with the result: the case took it in (its letter), as a pass of its own would have.
    expect(await registrationCase(caseId)).toMatchObject({
      status: 'pre-survey',
      acceptanceOpinion: { number: 'JYS-2026-0001', passedOn: '2026-03-04' },
    })

    // The last result issues the form: acceptance publishes both, the form's event one version later.
    const last = withResult(first, 'fire-acceptance-filing', FIRE_RESULT)
    const filed = { ...last, filingForm: FILING, version: last.version + 1 }
    await publish(w, AcceptanceFilingIssuedV1, { case: filed }, acceptance.caseId)
    await expect.poll(async () => (await registrationCase(caseId)).acceptanceResults?.filingForm).toEqual(FILING)
    const kept = await registrationCase(caseId)
    expect(kept.acceptanceResults.results.map((r: { number: string }) => r.number)).toEqual([
      '佛消备〔2026〕7号',
      '佛规核〔2026〕12号',
    ])

    // The result event of the last item, arriving after the form's (the two consumers run apart), is older.
    const late = await publish(
      w,
      AcceptanceResultRecordedV1,
      { case: last, item: 'fire-acceptance-filing' },
      acceptance.caseId,
    )
    const updates = async () =>
      (await outboxBodies(w, RegistrationAcceptanceResultsUpdatedV1)).filter((b) => b.case.caseId === caseId)
    await handled('registration-acceptance-results', late)
    expect((await updates()).map((b) => b.case.acceptanceResults?.filingForm?.number ?? null)).toEqual([
      null,
      FILING.number,
    ])
    expect(await registrationCase(caseId)).toEqual(kept)

    // The registrar's own answer carries them too.
    const passedPreSurvey = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, {
      action: 'pass-pre-survey',
    })
    expect(passedPreSurvey.body.case).toMatchObject({ status: 'open', acceptanceResults: { filingForm: FILING } })
  })

  it('a result that arrives before the acceptance’s start or pass creates the case with the pass and the result', async () => {
    const projectId = await aProject(w)
    const acceptance = withResult(
      passedFoshanCase(acceptanceCase(projectId, false)),
      'fire-acceptance-filing',
      FIRE_RESULT,
    )
    await publish(
      w,
      AcceptanceResultRecordedV1,
      { case: acceptance, item: 'fire-acceptance-filing' },
      acceptance.caseId,
    )
    const caseId = await caseOf(w, acceptance.caseId)
    await expect.poll(async () => (await registrationCase(caseId)).acceptanceResults?.results).toHaveLength(1)
    expect(await registrationCase(caseId)).toMatchObject({
      status: 'pre-survey',
      acceptanceOpinion: { passedOn: '2026-03-04' },
      acceptanceResults: { results: [{ item: 'fire-acceptance-filing', number: '佛消备〔2026〕7号' }] },
    })
  })
})

describe('撤销: the joint acceptance’s pass revoked after a breached 告知承诺 (004:1860)', () => {
  const revokedCopy = (a: AcceptanceCase): AcceptanceCase => ({
    ...passedFoshanCase(a),
    passRevoked: { item: 'fire-acceptance-filing', department: 'housing-construction', on: '2026-03-20', by: 'hc-1' },
    version: a.version + 6,
  })

  /** The cases the clock-alert pass and a calendar's re-projection go through. */
  const watchedClocks = () =>
    w.app.deps.commands.transaction((tx) => registrationRepository(tx).openCasesWithClock(undefined, 100_000))

  it('an open case keeps the revocation, completes no first registration on it, and its clock is no longer watched', async () => {
    const caseId = await openCase(w)
    const open = await registrationCase(caseId)
    expect(await watchedClocks()).toContain(caseId)
    const acceptance = { ...acceptanceCase(open.projectId, false), caseId: open.acceptanceCaseId }
    await publish(
      w,
      AcceptancePassRevokedV1,
      { case: revokedCopy(acceptance), item: 'fire-acceptance-filing' },
      acceptance.caseId,
    )
    await expect
      .poll(async () => (await registrationCase(caseId)).acceptanceResults?.passRevoked)
      .toEqual({ item: 'fire-acceptance-filing', on: '2026-03-20' })
    const refused = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'complete' })
    expect(refused).toMatchObject({
      status: 409,
      body: { code: 'REGISTRATION_ACCEPTANCE_REVOKED', item: 'fire-acceptance-filing', revokedOn: '2026-03-20' },
    })
    expect(await registrationCase(caseId)).toMatchObject({ status: 'open', version: open.version + 1 })
    expect(await watchedClocks()).not.toContain(caseId)
  })

  it('a revocation that arrives before the pass keeps the case from opening on it, whichever comes last', async () => {
    const projectId = await aProject(w)
    const acceptance = acceptanceCase(projectId, false)
    await publish(w, AcceptanceStartedV1, { case: acceptance }, acceptance.caseId)
    const caseId = await caseOf(w, acceptance.caseId)
    const passedPreSurvey = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, {
      action: 'pass-pre-survey',
    })
    expect(passedPreSurvey.body.case.status).toBe('pre-survey-passed')
    await publish(
      w,
      AcceptancePassRevokedV1,
      { case: revokedCopy(acceptance), item: 'fire-acceptance-filing' },
      acceptance.caseId,
    )
    await expect.poll(async () => (await registrationCase(caseId)).acceptanceResults?.passRevoked).toBeDefined()
    // The pass itself, older, arrives last: it is taken in (the letter), and still opens nothing.
    const pass = await publish(w, AcceptancePassedV1, { case: passedCopy(acceptance) }, acceptance.caseId)
    await handled('registration-acceptance-passed', pass)
    expect(await registrationCase(caseId)).toMatchObject({
      status: 'pre-survey-passed',
      acceptanceOpinion: { number: 'JYS-2026-0001' },
      acceptanceResults: { passRevoked: { item: 'fire-acceptance-filing' } },
    })
  })
})
