import {
  CancelJointSurveyBody,
  ConfirmJointSurveyBody,
  JointSurvey as JointSurveySchema,
  ProposeJointSurveyBody,
  UtilityJointSurveyCancelledV1,
  UtilityJointSurveyConfirmedV1,
  UtilityJointSurveyProposedV1,
} from '@onewindow/contracts'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import {
  cancelJointSurvey,
  confirmJointSurvey,
  decide,
  type JointSurvey,
  openRequests,
  proposeJointSurvey,
  type UtilityRequest,
} from '../src/domain/request.js'

// 联合踏勘 (004:2303): one appointment per project, for every request at survey, whichever provider's.
const projectId = '00000000-0000-4000-8000-00000000000a'
const at = '2026-12-07T02:00:00.000Z'
const ctx = { at, today: '2026-12-07' }
const later = '2026-12-08T02:00:00.000Z'
const body: ProposeJointSurveyBody = {
  day: '2026-12-10',
  time: '9:00-11:00',
  place: '东门',
  contact: '王工 13800000000',
}

const [water, power, gas] = openRequests(
  {
    applicationId: '00000000-0000-4000-8000-0000000000a1',
    projectId,
    utilities: [
      { provider: 'water', lengthM: 100 },
      { provider: 'power', lengthM: 100 },
      { provider: 'gas', lengthM: 100 },
    ],
  },
  [
    '00000000-0000-4000-8000-000000000001',
    '00000000-0000-4000-8000-000000000002',
    '00000000-0000-4000-8000-000000000003',
  ],
  '2026-12-01T02:00:00.000Z',
) as [UtilityRequest, UtilityRequest, UtilityRequest]
// Gas has surveyed already: the joint survey is not its.
const gasAtPlan = { ...gas, stage: 'plan' as const, version: 2 }

const propose = (own = water, current?: JointSurvey, b: ProposeJointSurveyBody = body, c = ctx) =>
  proposeJointSurvey(own, [water, power, gasAtPlan], current, b, c)

describe('proposeJointSurvey', () => {
  it("applies to every request of the project at survey, whichever provider's, each with a version of its own", () => {
    const r = propose()
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.jointSurvey).toEqual({ ...body, proposedBy: 'water', proposedAt: at })
    expect(r.value.requests.map((q) => [q.provider, q.version, q.jointSurvey?.day])).toEqual([
      ['water', 2, '2026-12-10'],
      ['power', 2, '2026-12-10'],
    ])
    expect(Compile(JointSurveySchema).Check(r.value.jointSurvey)).toBe(true)
    expect(
      Compile(UtilityJointSurveyProposedV1.schema).Check({
        projectId,
        jointSurvey: r.value.jointSurvey,
        requests: r.value.requests,
      }),
    ).toBe(true)
  })

  it('today is a day it may be set for; a day before today is refused, naming /day', () => {
    expect(propose(water, undefined, { ...body, day: '2026-12-07' }).ok).toBe(true)
    const r = propose(water, undefined, { ...body, day: '2026-12-06' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('UTILITY_JOINT_SURVEY_INVALID')
    expect(r.error.details).toEqual({ errors: [expect.objectContaining({ field: '/day' })] })
  })

  it('a blank time, place or contact is refused, each named; the text kept is trimmed', () => {
    const r = propose(water, undefined, { ...body, time: ' ', place: '  ', contact: '\t' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    const fields = (r.error.details as { errors: Array<{ field: string }> }).errors.map((e) => e.field)
    expect(fields).toEqual(['/time', '/place', '/contact'])
    const trimmed = propose(water, undefined, { ...body, place: ' 东门 ' })
    expect(trimmed.ok && trimmed.value.jointSurvey.place).toBe('东门')
  })

  it('the body schema bounds each field', () => {
    const check = Compile(ProposeJointSurveyBody)
    expect(check.Check(body)).toBe(true)
    expect(check.Check({ ...body, time: 'x'.repeat(51) })).toBe(false)
    expect(check.Check({ ...body, place: 'x'.repeat(201) })).toBe(false)
    expect(check.Check({ ...body, contact: 'x'.repeat(101) })).toBe(false)
    expect(check.Check({ ...body, day: '2026-02-30' })).toBe(false)
    expect(check.Check({ ...body, extra: 1 })).toBe(false)
  })

  it('a request past survey cannot propose one', () => {
    const r = propose(gasAtPlan)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('UTILITY_REQUEST_STATE_CONFLICT')
  })

  it('while one is set, another provider is refused; its own provider may reschedule; once its day has passed anyone may', () => {
    const set = propose()
    if (!set.ok) throw new Error(set.error.message)
    const other = propose(power, set.value.jointSurvey, { ...body, day: '2026-12-11' })
    expect(other.ok).toBe(false)
    if (!other.ok) {
      expect(other.error.code).toBe('UTILITY_JOINT_SURVEY_ALREADY_SET')
      expect(other.error.details).toEqual({ jointSurvey: set.value.jointSurvey })
    }
    const moved = propose(water, set.value.jointSurvey, { ...body, day: '2026-12-11' })
    expect(moved.ok && moved.value.jointSurvey.day).toBe('2026-12-11')
    const after = propose(power, set.value.jointSurvey, { ...body, day: '2026-12-12' }, { at, today: '2026-12-11' })
    expect(after.ok && after.value.jointSurvey.proposedBy).toBe('power')
  })
})

describe('a request opened at survey later', () => {
  const jointSurvey: JointSurvey = { ...body, proposedBy: 'water', proposedAt: at }
  const open = (openedAt: string) =>
    openRequests(
      {
        applicationId: '00000000-0000-4000-8000-0000000000a2',
        projectId,
        utilities: [{ provider: 'telecom', lengthM: 10 }],
        jointSurvey,
      },
      ['00000000-0000-4000-8000-000000000004'],
      openedAt,
    )[0]

  it('joins the appointment before its day, not after it', () => {
    expect(open('2026-12-09T02:00:00.000Z')?.jointSurvey).toEqual(jointSurvey)
    expect(open('2026-12-11T02:00:00.000Z')?.jointSurvey).toBeUndefined()
  })
})

describe('survey-done stays each provider’s own', () => {
  it('moves only its own request on, keeping the appointment it surveyed at', () => {
    const set = propose()
    if (!set.ok) throw new Error(set.error.message)
    const [w, p] = set.value.requests as [UtilityRequest, UtilityRequest]
    const surveyCtx = { at, today: '2026-12-10', acceptancePassed: false }
    const done = decide(w, { action: 'survey-done', atJointSurvey: true }, surveyCtx)
    expect(done.ok && done.value.request.stage).toBe('plan')
    expect(done.ok && done.value.request.jointSurvey?.day).toBe('2026-12-10')
    expect(done.ok && done.value.note).toBe('surveyed at the joint survey (联合踏勘) of 2026-12-10')
    expect(p.stage).toBe('survey')
  })

  it('says it surveyed at the joint survey only on or after its day, and only with one', () => {
    const set = propose()
    if (!set.ok) throw new Error(set.error.message)
    const [w] = set.value.requests as [UtilityRequest]
    const early = decide(w, { action: 'survey-done', atJointSurvey: true }, { ...ctx, acceptancePassed: false })
    expect(early.ok).toBe(false)
    if (!early.ok)
      expect(early.error.details).toEqual({ errors: [expect.objectContaining({ field: '/atJointSurvey' })] })
    expect(decide(water, { action: 'survey-done', atJointSurvey: true }, { ...ctx, acceptancePassed: false }).ok).toBe(
      false,
    )
    const plain = decide(w, { action: 'survey-done' }, { ...ctx, acceptancePassed: false })
    expect(plain.ok && plain.value.note).toBeUndefined()
  })
})

/** Water's proposal, set: the appointment and the requests at survey carrying it. */
function proposed() {
  const set = propose()
  if (!set.ok) throw new Error(set.error.message)
  const [w, p] = set.value.requests as [UtilityRequest, UtilityRequest]
  return { jointSurvey: set.value.jointSurvey, water: w, power: p, atSurvey: [w, p, gasAtPlan] }
}

describe('cancelJointSurvey', () => {
  const reason = { reason: ' 现场尚未平整 ' }

  it('its proposer cancels it before its day: every request that carried it carries none, each with a new version', () => {
    const set = proposed()
    const r = cancelJointSurvey(set.water, set.atSurvey, set.jointSurvey, reason, ctx)
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.jointSurvey).toEqual(set.jointSurvey)
    expect(r.value.reason).toBe('现场尚未平整')
    expect(r.value.requests.map((q) => [q.provider, q.version, 'jointSurvey' in q])).toEqual([
      ['water', 3, false],
      ['power', 3, false],
    ])
    expect(
      Compile(UtilityJointSurveyCancelledV1.schema).Check({
        projectId,
        jointSurvey: r.value.jointSurvey,
        requests: r.value.requests,
        reason: r.value.reason,
        cancelledAt: at,
        actor: 'staff-water',
      }),
    ).toBe(true)
  })

  it('another provider may not cancel it; nor may anyone on its day or after, or without one set', () => {
    const set = proposed()
    const other = cancelJointSurvey(set.power, set.atSurvey, set.jointSurvey, reason, ctx)
    expect(other.ok || [other.error.code, other.error.details]).toEqual([
      'UTILITY_JOINT_SURVEY_NOT_PROPOSER',
      { jointSurvey: set.jointSurvey },
    ])
    const onTheDay = cancelJointSurvey(set.water, set.atSurvey, set.jointSurvey, reason, { at, today: '2026-12-10' })
    expect(onTheDay.ok || onTheDay.error.code).toBe('UTILITY_JOINT_SURVEY_TOO_LATE')
    const after = cancelJointSurvey(set.water, set.atSurvey, set.jointSurvey, reason, { at, today: '2026-12-11' })
    expect(after.ok || after.error.code).toBe('UTILITY_JOINT_SURVEY_TOO_LATE')
    const none = cancelJointSurvey(water, [water, power], undefined, reason, ctx)
    expect(none.ok || none.error.code).toBe('UTILITY_JOINT_SURVEY_NOT_SET')
  })

  it('a blank reason is refused naming /reason; the body bounds it', () => {
    const set = proposed()
    const blank = cancelJointSurvey(set.water, set.atSurvey, set.jointSurvey, { reason: '  ' }, ctx)
    expect(blank.ok || [blank.error.code, blank.error.details]).toEqual([
      'UTILITY_JOINT_SURVEY_INVALID',
      { errors: [expect.objectContaining({ field: '/reason' })] },
    ])
    const check = Compile(CancelJointSurveyBody)
    expect(check.Check({ reason: 'x'.repeat(500) })).toBe(true)
    expect(check.Check({ reason: 'x'.repeat(501) })).toBe(false)
    expect(check.Check({ reason: '' })).toBe(false)
    expect(check.Check({ reason: 'x', extra: 1 })).toBe(false)
  })

  it('after a cancellation anyone at survey may propose again', () => {
    const set = proposed()
    const r = cancelJointSurvey(set.water, set.atSurvey, set.jointSurvey, reason, ctx)
    if (!r.ok) throw new Error(r.error.message)
    const [w, p] = r.value.requests as [UtilityRequest, UtilityRequest]
    const again = proposeJointSurvey(p, [w, p], undefined, { ...body, day: '2026-12-12' }, ctx)
    expect(again.ok && again.value.jointSurvey.proposedBy).toBe('power')
  })
})

describe('confirmJointSurvey', () => {
  it('another provider confirms through its request: every request carrying the appointment shows who and when', () => {
    const set = proposed()
    const r = confirmJointSurvey(set.power, set.atSurvey, set.jointSurvey, { proposedAt: at }, { ...ctx, at: later })
    if (!r.ok) throw new Error(r.error.message)
    const confirmation = { requestId: power.requestId, provider: 'power', confirmedAt: later }
    expect(r.value.confirmation).toEqual(confirmation)
    expect(r.value.jointSurvey).toEqual({ ...set.jointSurvey, confirmations: [confirmation] })
    expect(r.value.requests.map((q) => [q.provider, q.version, q.jointSurvey?.confirmations])).toEqual([
      ['water', 3, [confirmation]],
      ['power', 3, [confirmation]],
    ])
    expect(Compile(JointSurveySchema).Check(r.value.jointSurvey)).toBe(true)
    expect(
      Compile(UtilityJointSurveyConfirmedV1.schema).Check({
        projectId,
        jointSurvey: r.value.jointSurvey,
        requests: r.value.requests,
        confirmation,
      }),
    ).toBe(true)
  })

  it('a request confirmed already is answered as it stands, with nothing to write', () => {
    const set = proposed()
    const first = confirmJointSurvey(set.power, set.atSurvey, set.jointSurvey, { proposedAt: at }, ctx)
    if (!first.ok) throw new Error(first.error.message)
    const [w, p] = first.value.requests as [UtilityRequest, UtilityRequest]
    const again = confirmJointSurvey(p, [w, p], first.value.jointSurvey, { proposedAt: at }, ctx)
    if (!again.ok) throw new Error(again.error.message)
    expect(again.value.confirmation).toBeUndefined()
    expect(again.value.requests).toEqual([p])
    expect(again.value.jointSurvey.confirmations).toHaveLength(1)
  })

  it('a reschedule clears the confirmations, and a confirmation of the old time is refused', () => {
    const set = proposed()
    const confirmed = confirmJointSurvey(set.power, set.atSurvey, set.jointSurvey, { proposedAt: at }, ctx)
    if (!confirmed.ok) throw new Error(confirmed.error.message)
    const [w, p] = confirmed.value.requests as [UtilityRequest, UtilityRequest]
    const moved = proposeJointSurvey(
      w,
      [w, p],
      confirmed.value.jointSurvey,
      { ...body, day: '2026-12-11' },
      {
        at: later,
        today: ctx.today,
      },
    )
    if (!moved.ok) throw new Error(moved.error.message)
    expect(moved.value.jointSurvey.confirmations).toBeUndefined()
    expect(moved.value.requests.map((q) => q.jointSurvey?.confirmations)).toEqual([undefined, undefined])
    const [w2, p2] = moved.value.requests as [UtilityRequest, UtilityRequest]
    const stale = confirmJointSurvey(p2, [w2, p2], moved.value.jointSurvey, { proposedAt: at }, ctx)
    expect(stale.ok || [stale.error.code, stale.error.details]).toEqual([
      'UTILITY_JOINT_SURVEY_CHANGED',
      { jointSurvey: moved.value.jointSurvey },
    ])
  })

  it('its proposer has nothing to confirm; a request past survey or without it cannot; after its day nobody can', () => {
    const set = proposed()
    const own = confirmJointSurvey(set.water, set.atSurvey, set.jointSurvey, { proposedAt: at }, ctx)
    expect(own.ok || own.error.code).toBe('UTILITY_JOINT_SURVEY_OWN_PROPOSAL')
    const past = confirmJointSurvey(gasAtPlan, set.atSurvey, set.jointSurvey, { proposedAt: at }, ctx)
    expect(past.ok || past.error.code).toBe('UTILITY_REQUEST_STATE_CONFLICT')
    const none = confirmJointSurvey(power, [water, power], undefined, { proposedAt: at }, ctx)
    expect(none.ok || none.error.code).toBe('UTILITY_JOINT_SURVEY_NOT_SET')
    const onTheDay = confirmJointSurvey(
      set.power,
      set.atSurvey,
      set.jointSurvey,
      { proposedAt: at },
      {
        at,
        today: '2026-12-10',
      },
    )
    expect(onTheDay.ok).toBe(true)
    const over = confirmJointSurvey(
      set.power,
      set.atSurvey,
      set.jointSurvey,
      { proposedAt: at },
      {
        at,
        today: '2026-12-11',
      },
    )
    expect(over.ok || over.error.code).toBe('UTILITY_JOINT_SURVEY_TOO_LATE')
  })

  it('the body names the appointment by a real instant, and nothing else', () => {
    const check = Compile(ConfirmJointSurveyBody)
    expect(check.Check({ proposedAt: at })).toBe(true)
    expect(check.Check({ proposedAt: '2026-12-07' })).toBe(false)
    expect(check.Check({})).toBe(false)
    expect(check.Check({ proposedAt: at, provider: 'gas' })).toBe(false)
  })
})
