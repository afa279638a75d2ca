import { loadCatalogue } from '@onewindow/catalogue'
import { type UtilityActionBody, UtilityRequestSnapshot } from '@onewindow/contracts'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { pushTargetOf } from '../src/catalogue.js'
import { LOW_RISK_TYPE } from '../src/domain/low-risk.js'
import {
  type ActionContext,
  decide,
  openRequests,
  reviewRestoration,
  type UtilityRequest,
} from '../src/domain/request.js'

const AT = '2026-03-02T02:00:00.000Z'
const LATER = '2026-03-03T02:00:00.000Z'
const shanweiCatalogue = loadCatalogue('441500')
const pushTo = pushTargetOf(shanweiCatalogue)
const checkSnapshot = Compile(UtilityRequestSnapshot)

const ctx = (over: Partial<ActionContext> = {}): ActionContext => ({
  at: LATER,
  today: '2026-03-03',
  acceptancePassed: false,
  ...(pushTo ? { pushTo } : {}),
  ...over,
})

/** A Shanwei water line under its thresholds (004:1850): 120 m, DN100, 50 m² of green space. */
const open = (lengthM = 120): UtilityRequest => {
  const lowRisk = shanweiCatalogue.projectType(LOW_RISK_TYPE)
  const [r] = openRequests(
    {
      applicationId: '00000000-0000-4000-8000-000000000001',
      projectId: '00000000-0000-4000-8000-000000000002',
      utilities: [{ provider: 'water', lengthM, diameterMm: 100, greenSpaceM2: 50, onMainRoad: false }],
      ...(lowRisk ? { lowRisk } : {}),
    },
    ['00000000-0000-4000-8000-000000000003'],
    AT,
  )
  if (!r) throw new Error('not opened')
  return r
}

type WorksPlan = NonNullable<Extract<UtilityActionBody, { action: 'plan-done' }>['worksPlan']>
const worksPlan: WorksPlan = {
  commitment: '按不低于原貌标准恢复道路和绿化',
  plans: [
    { kind: 'works-plan', reference: 'SW-施工-001', description: '沿人民路东侧人行道开挖埋管120米' },
    { kind: 'traffic-plan', reference: 'SW-交通-001', description: '半幅通行，设置围挡和导向标志' },
  ],
}

const run = (r: UtilityRequest, actions: UtilityActionBody[], c = ctx()) =>
  actions.reduce((acc, a) => {
    const d = decide(acc, a, c)
    if (!d.ok) throw new Error(`${a.action}: ${d.error.code}`)
    return d.value.request
  }, r)

const FIVE = ['natural-resources', 'public-security', 'transport', 'water', 'housing-construction']

describe('告知承诺免审批: a low-risk line’s plans pushed to the departments that supervise it (Shanwei 004:1852)', () => {
  it('pushTargetOf: Shanwei names the five by their bureaus; Foshan, Qinzhou and no catalogue name none', () => {
    expect(pushTo).toEqual({
      departments: [
        { code: 'natural-resources', name: '汕尾市自然资源局' },
        { code: 'public-security', name: '汕尾市公安局' },
        { code: 'transport', name: '汕尾市交通运输局' },
        { code: 'water', name: '汕尾市水务局' },
        { code: 'housing-construction', name: '汕尾市住房城乡建设局' },
      ],
      source: 'seeds/004_33317a5f04b53a73.txt:1852',
    })
    expect(pushTargetOf(loadCatalogue('440600'))).toBeUndefined()
    expect(pushTargetOf(loadCatalogue('450700'))).toBeUndefined()
    expect(pushTargetOf(undefined)).toBeUndefined()
  })

  it('plan-done files the permits, records the commitment and plans pushed to the five, and says so by its event', () => {
    const planned = run(open(), [{ action: 'survey-done' }])
    const d = decide(planned, { action: 'plan-done', worksPlan }, ctx())
    if (!d.ok) throw new Error(d.error.code)
    expect(d.value.event).toBe('works-plan-pushed')
    expect(d.value.request.stage).toBe('construction')
    expect(d.value.request.permits.every((p) => p.status === 'filed')).toBe(true)
    expect(d.value.request.worksPlanPush).toEqual({
      ...worksPlan,
      plans: worksPlan.plans.map((p) => ({ ...p })),
      departments: pushTo?.departments,
      pushedOn: '2026-03-03',
      pushedAt: LATER,
      source: 'seeds/004_33317a5f04b53a73.txt:1852',
    })
    expect(d.value.request.worksPlanPush?.departments.map((x) => x.code)).toEqual(FIVE)
    expect(checkSnapshot.Check(d.value.request)).toBe(true)
  })

  it('refuses a low-risk plan-done without its plans where the region pushes, naming /worksPlan', () => {
    const planned = run(open(), [{ action: 'survey-done' }])
    const d = decide(planned, { action: 'plan-done' }, ctx())
    expect(d.ok).toBe(false)
    if (d.ok) return
    expect(d.error.code).toBe('UTILITY_WORKS_PLAN_INVALID')
    expect(d.error.details?.['errors']).toEqual([
      expect.objectContaining({ field: '/worksPlan', message: expect.stringContaining('汕尾市交通运输局') }),
    ])
  })

  it('refuses blank texts and a push with no works plan, each by its path', () => {
    const planned = run(open(), [{ action: 'survey-done' }])
    const d = decide(
      planned,
      {
        action: 'plan-done',
        worksPlan: { commitment: '  ', plans: [{ kind: 'traffic-plan', reference: ' ', description: '围挡' }] },
      },
      ctx(),
    )
    expect(d.ok).toBe(false)
    if (d.ok) return
    expect(((d.error.details?.['errors'] ?? []) as Array<{ field: string }>).map((e) => e.field)).toEqual([
      '/worksPlan/commitment',
      '/worksPlan/plans/0/reference',
      '/worksPlan/plans',
    ])
  })

  it('refuses plans for a line sent for its permits, and where the region pushes nowhere; files as before there', () => {
    const long = run(open(600), [{ action: 'survey-done' }])
    expect(long.lowRisk).toBe(false)
    const refused = decide(long, { action: 'plan-done', worksPlan }, ctx())
    expect(!refused.ok && refused.error.code).toBe('UTILITY_WORKS_PLAN_INVALID')
    const elsewhere = ctx({ pushTo: undefined })
    const short = run(open(), [{ action: 'survey-done' }], elsewhere)
    expect(decide(short, { action: 'plan-done', worksPlan }, elsewhere).ok).toBe(false)
    const filed = decide(short, { action: 'plan-done' }, elsewhere)
    expect(filed.ok && [filed.value.request.stage, filed.value.request.worksPlanPush, filed.value.event]).toEqual([
      'construction',
      undefined,
      undefined,
    ])
  })
})

describe('修复完成 and 修复验收 (restoration and its acceptance, after the fact)', () => {
  const built = () =>
    run(open(), [{ action: 'survey-done' }, { action: 'plan-done', worksPlan }, { action: 'construction-done' }])
  const reviewer = (department: string) => ({ sub: `reviewer-${department}`, department, departmentName: department })

  it('the provider declares the restoration after construction; connection never waits on it', () => {
    const r = built()
    expect(r.stage).toBe('awaiting-acceptance')
    const d = decide(r, { action: 'restoration-done', note: '人行道砖和草皮已恢复' }, ctx())
    if (!d.ok) throw new Error(d.error.code)
    expect(d.value.event).toBe('restoration-declared')
    expect(d.value.request.restoration).toEqual({
      status: 'declared',
      declaredAt: LATER,
      note: '人行道砖和草皮已恢复',
      reviews: [],
    })
    // Joint acceptance passed before: construction-done connects at once, and the restoration is declared after.
    const connected = run(
      open(),
      [{ action: 'survey-done' }, { action: 'plan-done', worksPlan }, { action: 'construction-done' }],
      ctx({ acceptancePassed: true }),
    )
    expect(connected.stage).toBe('connected')
    expect(decide(connected, { action: 'restoration-done' }, ctx()).ok).toBe(true)
  })

  it('refuses a declaration before construction is done, twice, or on a request whose plans were not pushed', () => {
    const inConstruction = run(open(), [{ action: 'survey-done' }, { action: 'plan-done', worksPlan }])
    const early = decide(inConstruction, { action: 'restoration-done' }, ctx())
    expect(!early.ok && early.error.code).toBe('UTILITY_REQUEST_STATE_CONFLICT')
    const declared = run(built(), [{ action: 'restoration-done' }])
    const twice = decide(declared, { action: 'restoration-done' }, ctx())
    expect(!twice.ok && twice.error.code).toBe('UTILITY_RESTORATION_STATE_CONFLICT')
    const elsewhere = ctx({ pushTo: undefined })
    const unpushed = run(
      open(),
      [{ action: 'survey-done' }, { action: 'plan-done' }, { action: 'construction-done' }],
      elsewhere,
    )
    const none = decide(unpushed, { action: 'restoration-done' }, elsewhere)
    expect(!none.ok && none.error.code).toBe('UTILITY_RESTORATION_STATE_CONFLICT')
  })

  it('a pushed department accepts; another may still send it back with its reason; the provider declares again', () => {
    const declared = run(built(), [{ action: 'restoration-done' }])
    const accepted = reviewRestoration(declared, { outcome: 'accepted' }, reviewer('housing-construction'), LATER)
    if (!accepted.ok) throw new Error(accepted.error.code)
    expect(accepted.value.restoration?.status).toBe('accepted')
    expect(accepted.value.version).toBe(declared.version + 1)
    const back = reviewRestoration(
      accepted.value,
      { outcome: 'rectify', reason: ' 绿化带草皮未恢复 ' },
      reviewer('natural-resources'),
      LATER,
    )
    if (!back.ok) throw new Error(back.error.code)
    expect(back.value.restoration?.status).toBe('rectify')
    expect(back.value.restoration?.reviews.map((r) => [r.department, r.outcome, r.reason])).toEqual([
      ['housing-construction', 'accepted', undefined],
      ['natural-resources', 'rectify', '绿化带草皮未恢复'],
    ])
    expect(checkSnapshot.Check(back.value)).toBe(true)
    // Sent back: nobody reviews until the provider declares again; its reviews are kept.
    const early = reviewRestoration(back.value, { outcome: 'accepted' }, reviewer('water'), LATER)
    expect(!early.ok && early.error.code).toBe('UTILITY_RESTORATION_STATE_CONFLICT')
    const again = run(back.value, [{ action: 'restoration-done' }])
    expect([again.restoration?.status, again.restoration?.reviews.length]).toEqual(['declared', 2])
  })

  it('refuses a department the plans did not go to, a review before the declaration, and a blank reason', () => {
    const declared = run(built(), [{ action: 'restoration-done' }])
    const stranger = reviewRestoration(declared, { outcome: 'accepted' }, reviewer('development-reform'), LATER)
    expect(!stranger.ok && stranger.error.code).toBe('UTILITY_NOT_YOUR_REQUEST')
    const undeclared = reviewRestoration(built(), { outcome: 'accepted' }, reviewer('water'), LATER)
    expect(!undeclared.ok && undeclared.error.code).toBe('UTILITY_RESTORATION_STATE_CONFLICT')
    const blank = reviewRestoration(declared, { outcome: 'rectify', reason: '  ' }, reviewer('transport'), LATER)
    expect(!blank.ok && blank.error.code).toBe('UTILITY_RESTORATION_REVIEW_INVALID')
  })
})
