import {
  UtilityRequestAdvancedV1,
  UtilityRestorationDeclaredV1,
  UtilityRestorationReviewedV1,
  UtilityWorksPlanPushedV1,
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
  SHANWEI,
  staffOf,
  utilityWorld,
  type World,
} from './helpers.js'

// Shanwei, 004:1852: a low-risk outside line's provider commits (告知承诺), pushes its works and traffic plans to
// 自然资源, 公安, 交通运输, 水务 and 住建, restores roads and green space, and those departments accept the restoration.

// Monday 2 March 2026, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'

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

const worksPlan = {
  commitment: '按不低于原貌标准恢复道路和绿化',
  plans: [
    { kind: 'works-plan', reference: 'SW-施工-001', description: '沿人民路东侧人行道开挖埋管120米' },
    { kind: 'traffic-plan', reference: 'SW-交通-001', description: '半幅通行，设置围挡和导向标志' },
  ],
}

/** A Shanwei water line under its thresholds (004:1850), surveyed: its plan is next. */
async function lowRiskWater(region = SHANWEI.region): Promise<RequestRow> {
  const project = aProject(region as typeof SHANWEI.region)
  await registerProject(w, project)
  const body = anAcceptance(project, {
    utilities: [{ provider: 'water', lengthM: 120, diameterMm: 100, greenSpaceM2: 50, onMainRoad: false }],
  })
  await accept(w, body)
  const [water] = await requestsOf(w, body.applicationId, 1)
  if (!water) throw new Error('no request')
  expect((await act(w, water, { action: 'survey-done' })).status).toBe(200)
  return water
}

const reviewerOf = (department: string) => ({ sub: `reviewer-${department}`, role: 'reviewer', department })

async function review(r: RequestRow, body: object, actor: object) {
  const res = await w.app.inject({
    method: 'POST',
    url: `/utility-requests/${r.id}/restoration-review`,
    headers: await asCaller('utility', actor, w.clock),
    payload: body,
  })
  return { status: res.statusCode, body: res.json() }
}

describe('告知承诺免审批 in Shanwei: the plans pushed, the restoration declared and reviewed', () => {
  it('says from its opening how its plan is filed: pushed in Shanwei, filed alone in Foshan', async () => {
    const pushed = await lowRiskWater()
    const filedAlone = await lowRiskWater('440600')
    const opened = await w.db.pool.query<{ id: string; pushes: boolean | null }>(
      `SELECT id::text AS id, (state ->> 'pushesWorksPlan')::boolean AS pushes FROM utility_request
        WHERE id = ANY($1::uuid[])`,
      [[pushed.id, filedAlone.id]],
    )
    expect(Object.fromEntries(opened.rows.map((r) => [r.id, r.pushes]))).toEqual({
      [pushed.id]: true,
      [filedAlone.id]: false,
    })
  })

  it('refuses plan-done without the commitment and plans, writing nothing', async () => {
    const water = await lowRiskWater()
    const before = await w.writtenTo('utility_request', water.id)
    const res = await act(w, water, { action: 'plan-done' })
    expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([
      422,
      'UTILITY_WORKS_PLAN_INVALID',
      '/worksPlan',
    ])
    expect(await w.writtenTo('utility_request', water.id)).toEqual(before)
  })

  it('files the permits and pushes the plans to the five departments, told by works-plan-pushed', async () => {
    const water = await lowRiskWater()
    const res = await act(w, water, { action: 'plan-done', worksPlan })
    expect(res.status).toBe(200)
    expect(res.body.request).toMatchObject({
      stage: 'construction',
      permits: [
        { kind: 'road-excavation', status: 'filed' },
        { kind: 'green-space', status: 'filed' },
      ],
      worksPlanPush: {
        commitment: worksPlan.commitment,
        plans: worksPlan.plans,
        pushedOn: '2026-03-02',
        source: 'seeds/004_33317a5f04b53a73.txt:1852',
      },
    })
    expect(res.body.request.worksPlanPush.departments).toEqual([
      { code: 'natural-resources', name: '汕尾市自然资源局' },
      { code: 'public-security', name: '汕尾市公安局' },
      { code: 'transport', name: '汕尾市交通运输局' },
      { code: 'water', name: '汕尾市水务局' },
      { code: 'housing-construction', name: '汕尾市住房城乡建设局' },
    ])
    const pushed = (await outboxBodies(w, UtilityWorksPlanPushedV1)).filter((e) => e.request.requestId === water.id)
    expect(pushed.map((e) => [e.request.stage, e.request.worksPlanPush?.departments.length, e.actor])).toEqual([
      ['construction', 5, 'staff-water'],
    ])
    const advanced = (await outboxBodies(w, UtilityRequestAdvancedV1)).filter((e) => e.request.requestId === water.id)
    expect(advanced.map((e) => e.request.stage)).toEqual(['plan'])
  })

  it('a Foshan low-risk line files as before: no department named, plans refused', async () => {
    const water = await lowRiskWater('440600')
    const refused = await act(w, water, { action: 'plan-done', worksPlan })
    expect([refused.status, refused.body.code]).toEqual([422, 'UTILITY_WORKS_PLAN_INVALID'])
    const filed = await act(w, water, { action: 'plan-done' })
    expect([filed.body.request.stage, filed.body.request.worksPlanPush]).toEqual(['construction', undefined])
  })

  it('修复完成 after construction; a pushed department sends it back, the provider declares again, another accepts', async () => {
    const water = await lowRiskWater()
    await act(w, water, { action: 'plan-done', worksPlan })
    const early = await act(w, water, { action: 'restoration-done' })
    expect([early.status, early.body.code]).toEqual([409, 'UTILITY_REQUEST_STATE_CONFLICT'])
    expect((await act(w, water, { action: 'construction-done' })).body.request.stage).toBe('awaiting-acceptance')

    const notYet = await review(water, { outcome: 'accepted' }, reviewerOf('transport'))
    expect([notYet.status, notYet.body.code]).toEqual([409, 'UTILITY_RESTORATION_STATE_CONFLICT'])

    w.clock.set('2026-03-09T02:00:00Z')
    const declared = await act(w, water, { action: 'restoration-done', note: '人行道砖和草皮已恢复' })
    expect(declared.status).toBe(200)
    expect(declared.body.request).toMatchObject({
      stage: 'awaiting-acceptance',
      restoration: { status: 'declared', declaredAt: '2026-03-09T02:00:00.000Z', note: '人行道砖和草皮已恢复' },
    })

    const back = await review(
      water,
      { outcome: 'rectify', reason: '绿化带草皮未恢复' },
      reviewerOf('natural-resources'),
    )
    expect(back.status).toBe(200)
    // The provider's answer names the owner it serves; a department's names no one's personal data, as its list.
    expect(declared.body.request.owner).toBeDefined()
    expect(back.body.request).not.toHaveProperty('owner')
    expect(back.body.request).not.toHaveProperty('applicationContact')
    expect(back.body.request.restoration).toMatchObject({
      status: 'rectify',
      reviews: [
        {
          department: 'natural-resources',
          departmentName: '汕尾市自然资源局',
          outcome: 'rectify',
          reason: '绿化带草皮未恢复',
          reviewedBy: 'reviewer-natural-resources',
        },
      ],
    })
    expect((await act(w, water, { action: 'restoration-done' })).body.request.restoration.status).toBe('declared')
    const accepted = await review(water, { outcome: 'accepted' }, reviewerOf('housing-construction'))
    expect(accepted.body.request.restoration.status).toBe('accepted')
    expect(accepted.body.request.stage).toBe('awaiting-acceptance')

    const declarations = (await outboxBodies(w, UtilityRestorationDeclaredV1)).filter(
      (e) => e.request.requestId === water.id,
    )
    const reviews = (await outboxBodies(w, UtilityRestorationReviewedV1)).filter(
      (e) => e.request.requestId === water.id,
    )
    expect(declarations.map((e) => e.request.restoration?.status)).toEqual(['declared', 'declared'])
    expect(reviews.map((e) => [e.request.restoration?.status, e.actor])).toEqual([
      ['rectify', 'reviewer-natural-resources'],
      ['accepted', 'reviewer-housing-construction'],
    ])
  })

  it('refuses a department the plans did not go to, the provider and a blank reason, writing nothing', async () => {
    const water = await lowRiskWater()
    await act(w, water, { action: 'plan-done', worksPlan })
    await act(w, water, { action: 'construction-done' })
    await act(w, water, { action: 'restoration-done' })
    const before = await w.writtenTo('utility_request', water.id)
    for (const actor of [
      reviewerOf('development-reform'),
      staffOf('water'),
      { sub: 'lead-1', role: 'lead', department: 'water' },
    ]) {
      const res = await review(water, { outcome: 'accepted' }, actor)
      expect([res.status, res.body.code]).toEqual([403, 'UTILITY_NOT_YOUR_REQUEST'])
    }
    const blank = await review(water, { outcome: 'rectify', reason: '   ' }, reviewerOf('transport'))
    expect([blank.status, blank.body.code]).toEqual([422, 'UTILITY_RESTORATION_REVIEW_INVALID'])
    const missing = await review(water, { outcome: 'rectify' }, reviewerOf('transport'))
    expect(missing.status).toBe(400)
    expect(await w.writtenTo('utility_request', water.id)).toEqual(before)
  })
})
