import {
  UtilityJointSurveyCancelledV1,
  UtilityJointSurveyConfirmedV1,
  UtilityJointSurveyProposedV1,
  UtilityRequestAdvancedV1,
} from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  accept,
  act,
  anAcceptance,
  aProject,
  outboxBodies,
  type RequestRow,
  registerProject,
  requestsOf,
  staffOf,
  utilityWorld,
  type World,
} from './helpers.js'

// 联合踏勘 (004:2303): one provider proposes the project's one joint site survey; every request at survey reads it,
// whichever provider's, and each provider still records its own survey done.

// Monday 2 March 2026, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'
const survey = { day: '2026-03-05', time: '9:00-11:00', place: '项目东门', contact: '王工 13800000000' }

let w: World
beforeAll(async () => {
  w = await utilityWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

/** A Foshan project whose form names water and power: two providers' requests, both at survey. */
async function waterAndPower() {
  const project = aProject()
  await registerProject(w, project)
  const body = anAcceptance(project, {
    utilities: [
      { provider: 'water', lengthM: 100, diameterMm: 100 },
      { provider: 'power', lengthM: 100, voltageKv: 10 },
    ],
  })
  await accept(w, body)
  const [power, water] = (await requestsOf(w, body.applicationId, 2)) as [RequestRow, RequestRow]
  return { project, power, water }
}

/** One joint-survey command through request `r`: the proposal, or its `cancellation` or `confirmation`. */
async function command(r: RequestRow, path: string, payload: object, actor: object = staffOf(r.provider)) {
  const res = await w.app.inject({
    method: 'POST',
    url: `/utility-requests/${r.id}/joint-survey${path}`,
    headers: await asCaller('utility', actor, w.clock),
    payload,
  })
  return { status: res.statusCode, body: res.json() }
}
const propose = (r: RequestRow, payload: object, actor?: object) => command(r, '', payload, actor)
const cancel = (r: RequestRow, payload: object, actor?: object) => command(r, '/cancellation', payload, actor)
const confirm = (r: RequestRow, payload: object, actor?: object) => command(r, '/confirmation', payload, actor)

/** The audit entries of the joint-survey commands on request `r`: action, outcome, code, in order. */
const auditOf = async (r: RequestRow) =>
  (
    await w.db.pool.query(
      `SELECT action, outcome, code FROM audit_entry
        WHERE object = $1 AND action LIKE 'utility.joint-survey.%' ORDER BY position`,
      [`utility-request:${r.id}`],
    )
  ).rows

async function read(r: RequestRow) {
  const res = await w.app.inject({
    method: 'GET',
    url: `/utility-requests/${r.id}`,
    headers: await asCaller('utility', staffOf(r.provider), w.clock),
  })
  return res.json().request
}

const jointSurveyRows = async () => (await w.db.pool.query('SELECT count(*)::int AS n FROM joint_survey')).rows[0].n

describe('联合踏勘: one appointment for every request of the project at survey', () => {
  it("one provider proposes; both providers' requests read it; each records its own survey done", async () => {
    const { project, power, water } = await waterAndPower()
    const proposed = await propose(water, survey)
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(200)
    const jointSurvey = { ...survey, proposedBy: 'water', proposedAt: '2026-03-02T01:00:00.000Z' }
    expect(proposed.body.jointSurvey).toEqual(jointSurvey)

    // Stored once, on the project; each request at survey carries it.
    const stored = await w.db.pool.query('SELECT state FROM joint_survey WHERE project_id = $1', [project.projectId])
    expect(stored.rows.map((r) => r.state)).toEqual([jointSurvey])
    expect((await read(water)).jointSurvey).toEqual(jointSurvey)
    expect((await read(power)).jointSurvey).toEqual(jointSurvey)
    expect((await read(power)).version).toBe(2)

    // One event for the project, carrying both requests as they stand after.
    const events = (await outboxBodies(w, UtilityJointSurveyProposedV1)).filter(
      (e) => e.projectId === project.projectId,
    )
    expect(events).toHaveLength(1)
    expect(events[0]?.requests.map((r) => [r.provider, r.jointSurvey?.day]).sort()).toEqual([
      ['power', '2026-03-05'],
      ['water', '2026-03-05'],
    ])
    expect(events[0]?.actor).toBe('staff-water')

    // Water may not record power's survey; each records its own, saying it surveyed at the joint survey — not before
    // its day.
    expect((await act(w, power, { action: 'survey-done' }, staffOf('water'))).status).toBe(403)
    const early = await act(w, water, { action: 'survey-done', atJointSurvey: true })
    expect([early.status, early.body.code]).toEqual([422, 'UTILITY_JOINT_SURVEY_INVALID'])
    w.clock.set('2026-03-05T03:00:00Z')
    const note = 'surveyed at the joint survey (联合踏勘) of 2026-03-05'
    const waterDone = await act(w, water, { action: 'survey-done', atJointSurvey: true })
    expect(waterDone.status).toBe(200)
    expect(waterDone.body.request.stage).toBe('plan')
    expect((await read(power)).stage).toBe('survey')
    expect((await act(w, power, { action: 'survey-done', atJointSurvey: true })).status).toBe(200)
    const advanced = (await outboxBodies(w, UtilityRequestAdvancedV1)).filter(
      (e) => e.request.projectId === project.projectId,
    )
    expect(advanced.map((e) => [e.request.provider, e.actor, e.note])).toEqual([
      ['water', 'staff-water', note],
      ['power', 'staff-power', note],
    ])
  })

  it('a second proposal by another provider is refused while one is set; its own provider reschedules', async () => {
    const { power, water } = await waterAndPower()
    expect((await propose(water, survey)).status).toBe(200)
    const other = await propose(power, { ...survey, day: '2026-03-06' })
    expect(other.status).toBe(409)
    expect(other.body.code).toBe('UTILITY_JOINT_SURVEY_ALREADY_SET')
    expect((await read(power)).jointSurvey.day).toBe('2026-03-05')

    const moved = await propose(water, { ...survey, day: '2026-03-06', time: '14:00-16:00' })
    expect(moved.status).toBe(200)
    expect((await read(power)).jointSurvey).toMatchObject({ day: '2026-03-06', time: '14:00-16:00' })
  })

  it('a day before today, a blank place or a day that is no day is refused and nothing is written', async () => {
    const { water } = await waterAndPower()
    const before = await jointSurveyRows()
    const past = await propose(water, { ...survey, day: '2026-03-01' })
    expect(past.status).toBe(422)
    expect(past.body.code).toBe('UTILITY_JOINT_SURVEY_INVALID')
    expect(past.body.errors).toEqual([expect.objectContaining({ field: '/day' })])
    const blank = await propose(water, { ...survey, place: '   ' })
    expect(blank.status).toBe(422)
    expect(blank.body.errors).toEqual([expect.objectContaining({ field: '/place' })])
    expect((await propose(water, { ...survey, day: '2026-02-30' })).status).toBe(400)
    expect((await propose(water, { ...survey, place: 'x'.repeat(201) })).status).toBe(400)
    expect(await jointSurveyRows()).toBe(before)
    expect((await read(water)).jointSurvey).toBeUndefined()
  })

  it('a provider proposes only through its own request, and one at survey', async () => {
    const { power, water } = await waterAndPower()
    expect((await propose(power, survey, staffOf('water'))).status).toBe(403)
    expect((await act(w, water, { action: 'survey-done' })).status).toBe(200)
    const late = await propose(water, survey)
    expect(late.status).toBe(409)
    expect(late.body.code).toBe('UTILITY_REQUEST_STATE_CONFLICT')
  })

  it('a request opened at survey later, under another application of the project, reads the appointment', async () => {
    const { project, water } = await waterAndPower()
    expect((await propose(water, survey)).status).toBe(200)
    const body = anAcceptance(project, { utilities: [{ provider: 'telecom', lengthM: 50 }] })
    await accept(w, body)
    const [telecom] = (await requestsOf(w, body.applicationId, 1)) as [RequestRow]
    expect((await read(telecom)).jointSurvey).toMatchObject({ ...survey, proposedBy: 'water' })
  })

  it('its proposer cancels it before its day, with a reason: gone from every request, one event, audited; anyone may propose again', async () => {
    const { project, power, water } = await waterAndPower()
    expect((await propose(water, survey)).status).toBe(200)
    const reason = '现场尚未平整，不具备踏勘条件'

    // Another provider may not cancel it, nor may it be cancelled without a reason; nothing is taken away.
    const other = await cancel(power, { reason })
    expect([other.status, other.body.code]).toEqual([403, 'UTILITY_JOINT_SURVEY_NOT_PROPOSER'])
    const blank = await cancel(water, { reason: '   ' })
    expect([blank.status, blank.body.code]).toEqual([422, 'UTILITY_JOINT_SURVEY_INVALID'])
    expect(blank.body.errors).toEqual([expect.objectContaining({ field: '/reason' })])
    expect((await cancel(water, { reason: 'x'.repeat(501) })).status).toBe(400)
    expect((await read(power)).jointSurvey?.day).toBe('2026-03-05')

    w.clock.set('2026-03-03T02:00:00Z')
    const cancelled = await cancel(water, { reason: ` ${reason} ` })
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200)
    expect(cancelled.body.jointSurvey).toMatchObject({ ...survey, proposedBy: 'water' })
    expect(cancelled.body.requests.map((r: { provider: string }) => r.provider).sort()).toEqual(['power', 'water'])
    expect((await read(water)).jointSurvey).toBeUndefined()
    expect((await read(power)).jointSurvey).toBeUndefined()
    expect((await read(power)).version).toBe(3)
    const stored = await w.db.pool.query('SELECT 1 FROM joint_survey WHERE project_id = $1', [project.projectId])
    expect(stored.rowCount).toBe(0)

    const events = (await outboxBodies(w, UtilityJointSurveyCancelledV1)).filter(
      (e) => e.projectId === project.projectId,
    )
    expect(events.map((e) => [e.reason, e.cancelledAt, e.actor, e.jointSurvey.day])).toEqual([
      [reason, '2026-03-03T02:00:00.000Z', 'staff-water', '2026-03-05'],
    ])
    expect(events[0]?.requests.map((r) => [r.provider, r.jointSurvey]).sort()).toEqual([
      ['power', undefined],
      ['water', undefined],
    ])
    expect(await auditOf(water)).toEqual([
      { action: 'utility.joint-survey.proposed', outcome: 'done', code: null },
      { action: 'utility.joint-survey.cancelled', outcome: 'refused', code: 'UTILITY_JOINT_SURVEY_INVALID' },
      { action: 'utility.joint-survey.cancelled', outcome: 'done', code: null },
    ])

    // Nothing is left to cancel; power, which could not move water's, may now propose its own.
    const again = await cancel(water, { reason })
    expect([again.status, again.body.code]).toEqual([409, 'UTILITY_JOINT_SURVEY_NOT_SET'])
    const next = await propose(power, { ...survey, day: '2026-03-06' })
    expect(next.status).toBe(200)
    expect((await read(water)).jointSurvey).toMatchObject({ day: '2026-03-06', proposedBy: 'power' })
  })

  it('on its day or after, the appointment can no longer be cancelled', async () => {
    const { power, water } = await waterAndPower()
    expect((await propose(water, survey)).status).toBe(200)
    w.clock.set('2026-03-05T01:00:00Z')
    const late = await cancel(water, { reason: '天气' })
    expect([late.status, late.body.code]).toEqual([409, 'UTILITY_JOINT_SURVEY_TOO_LATE'])
    expect((await read(power)).jointSurvey?.day).toBe('2026-03-05')
  })

  it('each other provider confirms it will attend; every request shows who; a reschedule asks them again', async () => {
    const { project, power, water } = await waterAndPower()
    const proposedAt = (await propose(water, survey)).body.jointSurvey.proposedAt
    const own = await confirm(water, { proposedAt })
    expect([own.status, own.body.code]).toEqual([409, 'UTILITY_JOINT_SURVEY_OWN_PROPOSAL'])
    expect((await confirm(power, { proposedAt }, staffOf('water'))).status).toBe(403)

    w.clock.set('2026-03-03T02:00:00Z')
    const confirmed = await confirm(power, { proposedAt })
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200)
    const confirmation = { requestId: power.id, provider: 'power', confirmedAt: '2026-03-03T02:00:00.000Z' }
    // The proposer's request shows it too: water's list is where water learns who is coming.
    expect((await read(water)).jointSurvey.confirmations).toEqual([confirmation])
    expect((await read(power)).jointSurvey.confirmations).toEqual([confirmation])
    const stored = await w.db.pool.query('SELECT state FROM joint_survey WHERE project_id = $1', [project.projectId])
    expect(stored.rows[0].state.confirmations).toEqual([confirmation])
    const events = (await outboxBodies(w, UtilityJointSurveyConfirmedV1)).filter(
      (e) => e.projectId === project.projectId,
    )
    expect(events.map((e) => [e.confirmation, e.actor, e.requests.length])).toEqual([[confirmation, 'staff-power', 2]])

    // Confirming again writes nothing more.
    const version = (await read(power)).version
    expect((await confirm(power, { proposedAt })).status).toBe(200)
    expect((await read(power)).version).toBe(version)
    expect(
      (await outboxBodies(w, UtilityJointSurveyConfirmedV1)).filter((e) => e.projectId === project.projectId),
    ).toHaveLength(1)

    // Water moves it: the confirmation is gone, and one given for the old time is refused.
    expect((await propose(water, { ...survey, day: '2026-03-06' })).status).toBe(200)
    expect((await read(power)).jointSurvey.confirmations).toBeUndefined()
    const stale = await confirm(power, { proposedAt })
    expect([stale.status, stale.body.code]).toEqual([409, 'UTILITY_JOINT_SURVEY_CHANGED'])
    expect(await auditOf(power)).toEqual([
      { action: 'utility.joint-survey.confirmed', outcome: 'refused', code: 'UTILITY_NOT_YOUR_REQUEST' },
      { action: 'utility.joint-survey.confirmed', outcome: 'done', code: null },
      { action: 'utility.joint-survey.confirmed', outcome: 'done', code: null },
      { action: 'utility.joint-survey.confirmed', outcome: 'refused', code: 'UTILITY_JOINT_SURVEY_CHANGED' },
    ])
  })
})
