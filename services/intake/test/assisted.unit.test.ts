import { loadCatalogue } from '@onewindow/catalogue'
import type { Actor, AssessmentSubject, OpenAssistedCaseBody } from '@onewindow/contracts'
import { addDays, defaultCalendar } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import { INTERMEDIARY_SERVICES } from '../src/assisted-catalogue.js'
import {
  ANSWER_GRANT_KEEP_MIN_MS,
  type AssistedCase,
  actingFor,
  answerGrant,
  answeringFor,
  closeCase,
  grantPastKeeping,
  nextVisitDue,
  openCase,
  owedOn,
  recordAct,
  recordVisit,
  scheduleVisit,
  visitsFallingDue,
} from '../src/domain/assisted-case.js'
import { isValidCreditCode } from '../src/domain/credit-code.js'
import { chooseIntermediary, deliver, deliveredReports, overdue } from '../src/domain/intermediary.js'
import { decideAreaPublication } from '../src/domain/land.js'

const calendar = defaultCalendar()
const helper: Actor = { sub: 'helper-li', role: 'helper' }
const otherHelper: Actor = { sub: 'helper-wang', role: 'helper' }
const owner: Actor = { sub: 'o', role: 'owner', creditCode: '91441500MA51XY201H' }
const moment = (today: string) => ({ at: `${today}T01:00:00.000Z`, today, by: 'test' })

/** The n-th working day after `from`, counted day by day: independent of workdays' due-date walk. */
function nthWorkingDay(from: string, n: number): string {
  let d = from
  for (let i = 0; i < n; ) {
    d = addDays(d, 1)
    if (calendar.isWorkingDay(d)) i += 1
  }
  return d
}

const project = (over: Partial<{ projectType: string; facts: Record<string, unknown>; region: string }> = {}) => ({
  projectId: 'p1',
  ownerCreditCode: owner.creditCode as string,
  ownerName: '汕尾市示例实业有限公司',
  region: '441500',
  projectType: 'social-simple-low-risk',
  facts: { use: 'factory' },
  stages: ['land-planning', 'construction-permit', 'completion-acceptance'],
  ...over,
})
const body = (over: Partial<OpenAssistedCaseBody> = {}): OpenAssistedCaseBody => ({
  eligibility: { basis: 'industrial-project-in-need', documentRef: 'doc://request.pdf', need: '首次投资，不熟悉流程' },
  mode: 'whole-process',
  stages: ['land-planning', 'construction-permit'],
  helper: { sub: 'helper-li', name: '李帮办' },
  ...over,
})

const opened = (): AssistedCase => {
  const d = openCase(undefined, { caseId: 'c1', project: project(), body: body() }, moment('2026-03-02'))
  if (!d.ok) throw new Error(d.error.code)
  return d.value
}

describe('帮办代办 decide functions', () => {
  it('opens a free case for an industrial project in need, over the stages named, in flow order', () => {
    const c = opened()
    expect(c).toMatchObject({ freeOfCharge: true, status: 'open', mode: 'whole-process', helper: { sub: 'helper-li' } })
    expect(c.stages).toEqual(['land-planning', 'construction-permit'])
  })

  it('refuses a project that is none of the three eligible kinds, naming the field', () => {
    const d = openCase(
      undefined,
      { caseId: 'c', project: project({ projectType: 'housing', facts: { use: 'residential' } }), body: body() },
      moment('2026-03-02'),
    )
    expect(d.ok).toBe(false)
    if (d.ok) return
    expect(d.error.code).toBe('INTAKE_ASSIST_NOT_ELIGIBLE')
    expect(JSON.stringify(d.error.details)).toContain('/body/eligibility/basis')
    // The same project as a city key project is eligible.
    const key = openCase(
      undefined,
      {
        caseId: 'c',
        project: project({ projectType: 'housing', facts: {} }),
        body: body({ eligibility: { basis: 'city-key-project', documentRef: 'doc://plan-2026.pdf' } }),
      },
      moment('2026-03-02'),
    )
    expect(key.ok).toBe(true)
  })

  it('a county key project names a county of the project’s city', () => {
    const county = (code?: string) =>
      openCase(
        undefined,
        {
          caseId: 'c',
          project: project(),
          body: body({
            eligibility: { basis: 'county-key-project', documentRef: 'doc://x', ...(code ? { county: code } : {}) },
          }),
        },
        moment('2026-03-02'),
      )
    expect(county('441502').ok).toBe(true)
    for (const bad of [undefined, '440604', '441500']) {
      const d = county(bad)
      expect(d.ok ? 'ok' : d.error.code).toBe('INTAKE_ASSIST_NOT_ELIGIBLE')
    }
  })

  it('refuses stages outside the flow, a second case, and lets only the named helper act within its stages', () => {
    const d = openCase(
      undefined,
      { caseId: 'c', project: project(), body: body({ stages: ['engineering-permit'] }) },
      moment('2026-03-02'),
    )
    expect(d.ok ? 'ok' : d.error.code).toBe('INTAKE_ASSIST_STAGE_UNKNOWN')
    const c = opened()
    const again = openCase(c, { caseId: 'c2', project: project(), body: body() }, moment('2026-03-02'))
    expect(again.ok ? 'ok' : again.error.code).toBe('INTAKE_ASSIST_CASE_EXISTS')

    const acting = actingFor(c, helper, { applicationId: 'a1', stage: 'land-planning' })
    expect(acting).toEqual({
      ok: true,
      value: { caseId: 'c1', helper: 'helper-li', helperName: '李帮办', ownerCreditCode: owner.creditCode },
    })
    const stranger = actingFor(c, otherHelper, { applicationId: 'a1', stage: 'land-planning' })
    expect(stranger.ok ? 'ok' : stranger.error.code).toBe('INTAKE_APPLICATION_NOT_FOUND')
    expect(actingFor(undefined, helper, { applicationId: 'a1', stage: 'land-planning' }).ok).toBe(false)
    const uncovered = actingFor(c, helper, { applicationId: 'a1', stage: 'completion-acceptance' })
    expect(uncovered.ok ? 'ok' : uncovered.error.code).toBe('INTAKE_ASSIST_STAGE_NOT_COVERED')
    const acted = recordAct(
      c,
      { act: 'deficiency-cured', applicationId: 'a1', step: 's', helper: 'helper-li' },
      moment('2026-03-03'),
    )
    expect(acted.acts).toHaveLength(1)
    expect(acted.revision).toBe(c.revision + 1)
  })

  it('answers a 补正 for the owner only as the helper of an open case covering the stage; otherwise says why (403)', () => {
    const c = opened()
    const app = { applicationId: 'a1', stage: 'land-planning' }
    expect(answeringFor(c, helper, app)).toEqual({
      ok: true,
      value: { caseId: 'c1', helper: 'helper-li', helperName: '李帮办', ownerCreditCode: owner.creditCode },
    })
    const refused = (d: ReturnType<typeof answeringFor>) =>
      d.ok ? 'ok' : `${d.error.code} ${String((d.error.details as { reason?: string } | undefined)?.reason)}`
    expect(refused(answeringFor(undefined, helper, app))).toBe('INTAKE_ASSIST_NOT_ASSIGNED no-case')
    expect(refused(answeringFor({ ...c, status: 'closed' }, helper, app))).toBe(
      'INTAKE_ASSIST_NOT_ASSIGNED case-closed',
    )
    expect(refused(answeringFor(c, otherHelper, app))).toBe('INTAKE_ASSIST_NOT_ASSIGNED another-helper')
    expect(refused(answeringFor(c, owner, app))).toBe('INTAKE_ASSIST_NOT_ASSIGNED another-helper')
    const uncovered = answeringFor(c, helper, { applicationId: 'a1', stage: 'completion-acceptance' })
    expect(uncovered.ok ? 'ok' : uncovered.error.code).toBe('INTAKE_ASSIST_STAGE_NOT_COVERED')
  })

  it('a follow-up visit is due N working days ahead, falls due once on its day, and is recorded once', () => {
    // Thursday 30 April 2026: the May Day holiday lies inside the 3 working days.
    const c = opened()
    const s = scheduleVisit(
      c,
      helper,
      { visitId: 'v1', body: { purpose: '回访', channel: 'on-site', workingDays: 3 }, region: '441500', calendar },
      moment('2026-04-30'),
    )
    if (!s.ok) throw new Error(s.error.code)
    const due = nthWorkingDay('2026-04-30', 3)
    expect(s.value.visits[0]?.dueOn).toBe(due)
    expect(nextVisitDue(s.value)).toBe(due)
    expect(visitsFallingDue(s.value, addDays(due, -1), 'x')).toBeUndefined()
    const fell = visitsFallingDue(s.value, due, `${due}T01:00:00.000Z`)
    expect(fell?.visits[0]?.status).toBe('due')
    if (!fell) return
    expect(nextVisitDue(fell)).toBeUndefined()
    expect(visitsFallingDue(fell, addDays(due, 5), 'x')).toBeUndefined()
    expect(
      scheduleVisit(
        c,
        otherHelper,
        { visitId: 'v', body: { purpose: 'x', channel: 'phone', workingDays: 1 }, region: '', calendar },
        moment('2026-03-02'),
      ).ok,
    ).toBe(false)
    const recorded = recordVisit(fell, helper, { visitId: 'v1', body: { outcome: '已解决用地问题' } }, moment(due))
    if (!recorded.ok) throw new Error(recorded.error.code)
    expect(recorded.value.visits[0]).toMatchObject({ status: 'recorded', outcome: '已解决用地问题', recordedOn: due })
    const twice = recordVisit(recorded.value, helper, { visitId: 'v1', body: { outcome: 'x' } }, moment(due))
    expect(twice.ok ? 'ok' : twice.error.code).toBe('INTAKE_ASSIST_VISIT_RECORDED')
  })
})

describe('帮办代办 — closing a case', () => {
  const at = (t: string) => ({ at: `2026-03-02T${t}Z`, today: '2026-03-02', by: 'clerk:window-1' })
  const withVisits = (): AssistedCase => {
    const c = opened()
    const a = scheduleVisit(
      c,
      helper,
      { visitId: 'v1', body: { purpose: 'a', channel: 'phone', workingDays: 1 }, region: '441500', calendar },
      moment('2026-03-02'),
    )
    if (!a.ok) throw new Error(a.error.code)
    const b = scheduleVisit(
      a.value,
      helper,
      { visitId: 'v2', body: { purpose: 'b', channel: 'meeting', workingDays: 5 }, region: '441500', calendar },
      moment('2026-03-02'),
    )
    if (!b.ok) throw new Error(b.error.code)
    const r = recordVisit(b.value, helper, { visitId: 'v1', body: { outcome: '已回访' } }, moment('2026-03-02'))
    if (!r.ok) throw new Error(r.error.code)
    return r.value
  }

  it('closes with its reason; the visits not recorded end and no longer fall due; the helper acts no more', () => {
    const closed = closeCase(withVisits(), { body: { reason: '已办结' }, outstanding: [] }, at('02:00:00.000')).decision
    if (!closed.ok) throw new Error(closed.error.code)
    expect(closed.value).toMatchObject({
      status: 'closed',
      closed: { at: '2026-03-02T02:00:00.000Z', on: '2026-03-02', by: 'clerk:window-1', reason: '已办结' },
    })
    expect(closed.value.visits.map((v) => [v.visitId, v.status])).toEqual([
      ['v1', 'recorded'],
      ['v2', 'ended'],
    ])
    expect(nextVisitDue(closed.value)).toBeUndefined()
    expect(visitsFallingDue(closed.value, '2026-12-31', 'x')).toBeUndefined()
    const app = { applicationId: 'a1', stage: 'land-planning' }
    expect(actingFor(closed.value, helper, app).ok).toBe(false)
    const again = closeCase(closed.value, { body: { reason: 'x' }, outstanding: [] }, at('03:00:00.000'))
    expect(again.decision.ok ? '' : again.decision.error.code).toBe('INTAKE_ASSIST_CASE_CLOSED')
    expect(again.requested).toBeUndefined()
  })

  it('waits for a 补正 answer granted to the helper until its grant and the margin have passed', () => {
    const app = { applicationId: 'a1', stage: 'land-planning' }
    const authority = answeringFor(opened(), helper, app)
    if (!authority.ok) throw new Error(authority.error.code)
    const grant = answerGrant(authority.value, 'g1', '2026-03-02T01:00:00.000Z')
    expect(grant).toMatchObject({ grantId: 'g1', validUntil: '2026-03-02T01:00:30.000Z', helper: 'helper-li' })
    const outstanding = [{ grantId: 'g1', validUntil: grant.validUntil }]
    const held = closeCase(opened(), { body: { reason: 'x' }, outstanding }, at('01:00:59.999'))
    expect(held.decision.ok ? undefined : held.decision.error).toMatchObject({
      code: 'INTAKE_ASSIST_ANSWER_IN_FLIGHT',
      details: { retryAfter: '2026-03-02T01:01:00.000Z' },
    })
    expect(closeCase(opened(), { body: { reason: 'x' }, outstanding }, at('01:01:00.001')).decision.ok).toBe(true)
  })

  it('keeps a held close on the case: no new grant under it, so the retry after the last grant lapsed closes', () => {
    const app = { applicationId: 'a1', stage: 'land-planning' }
    const outstanding = [{ grantId: 'g1', validUntil: '2026-03-02T01:00:30.000Z' }]
    const held = closeCase(opened(), { body: { reason: '业主申请终止' }, outstanding }, at('01:00:10.000'))
    expect(held.decision.ok).toBe(false)
    const marked = held.requested
    if (!marked) throw new Error('a held close is kept on the case')
    expect(marked).toMatchObject({
      status: 'open',
      closeRequested: { at: '2026-03-02T01:00:10.000Z', by: 'clerk:window-1', reason: '业主申请终止' },
      revision: opened().revision + 1,
    })
    const refused = answeringFor(marked, helper, app)
    expect(refused.ok ? undefined : refused.error).toMatchObject({
      code: 'INTAKE_ASSIST_NOT_ASSIGNED',
      details: { reason: 'case-closing', caseId: 'c1' },
    })
    // Intake's own acts under the case are one transaction with it, so they hold no close back: still allowed.
    expect(actingFor(marked, helper, app).ok).toBe(true)
    const retried = closeCase(marked, { body: { reason: '业主申请终止' }, outstanding }, at('01:01:00.001'))
    expect(retried.requested).toBeUndefined()
    expect(retried.decision.ok ? retried.decision.value.status : retried.decision.error.code).toBe('closed')
  })

  it('is held back, kept requested, by a grant whose stored lapse is no instant, whatever else has lapsed; named', () => {
    // As the store gives a grant valid until 'infinity': its text, which Date.parse reads as NaN.
    const outstanding = [
      { grantId: 'g1', validUntil: 'infinity' },
      { grantId: 'g2', validUntil: '2026-03-02T01:00:30.000Z' },
    ]
    const held = closeCase(opened(), { body: { reason: '业主申请终止' }, outstanding }, at('02:00:00.000'))
    expect(held.decision.ok ? undefined : held.decision.error).toMatchObject({
      code: 'INTAKE_ASSIST_GRANT_UNREADABLE',
      message: expect.stringContaining('g1 (valid until infinity)'),
      details: { caseId: 'c1', grants: [{ grantId: 'g1', validUntil: 'infinity' }] },
    })
    expect(held.requested).toMatchObject({ status: 'open', closeRequested: { reason: '业主申请终止' } })
    // Ahead of a grant still in flight too: no retryAfter would outlast the damaged one.
    const live = [{ grantId: 'g3', validUntil: '2026-03-02T02:00:10.000Z' }, ...outstanding]
    const both = closeCase(opened(), { body: { reason: 'x' }, outstanding: live }, at('02:00:00.000'))
    expect(both.decision.ok ? '' : both.decision.error.code).toBe('INTAKE_ASSIST_GRANT_UNREADABLE')
  })

  it('deletes a grant only once it lapsed more than the keep ago; the shortest keep is twice the close’s margin', () => {
    const grant = { grantId: 'g1', validUntil: '2026-03-02T01:00:30.000Z' }
    const keep = 86_400_000
    expect(grantPastKeeping(grant, '2026-03-02T01:00:29.000Z', keep)).toBeUndefined() // live
    expect(grantPastKeeping(grant, '2026-03-03T01:00:30.000Z', keep)).toBeUndefined() // lapsed exactly a day ago
    expect(grantPastKeeping(grant, '2026-03-03T01:00:30.001Z', keep)).toBe('g1')
    // At the shortest keep the grant outlives the close's wait for it (the test above: none from 01:01:00.001) by a
    // whole margin more, for intake replicas' clocks that disagree.
    expect(ANSWER_GRANT_KEEP_MIN_MS).toBe(60_000)
    expect(grantPastKeeping(grant, '2026-03-02T01:01:30.000Z', ANSWER_GRANT_KEEP_MIN_MS)).toBeUndefined()
    expect(grantPastKeeping(grant, '2026-03-02T01:01:30.001Z', ANSWER_GRANT_KEEP_MIN_MS)).toBe('g1')
  })

  it("never moves a case's updatedAt backwards when an older act is kept", () => {
    const c = { ...opened(), updatedAt: '2026-03-05T01:00:00.000Z' }
    const act = { act: 'supplement-answered', applicationId: 'a1', step: 's', helper: 'helper-li' }
    expect(recordAct(c, act, moment('2026-03-03')).updatedAt).toBe('2026-03-05T01:00:00.000Z')
    expect(recordAct(c, act, moment('2026-03-06')).updatedAt).toBe('2026-03-06T01:00:00.000Z')
  })
})

describe('中介服务 decide functions', () => {
  const shanwei = loadCatalogue('441500')
  const choose = (actor: Actor, service = 'environmental-impact-report', intermediary = '91441500MA51XK002R') =>
    chooseIntermediary(
      undefined,
      {
        engagementId: 'e1',
        project: { projectId: 'p1', ownerCreditCode: owner.creditCode as string, region: '441500' },
        actor,
        body: { service, intermediary },
        list: INTERMEDIARY_SERVICES,
        catalogueHas: (item) => shanwei.item(item) !== undefined,
        calendar,
      },
      moment('2026-03-02'),
    )

  it('lists valid credit codes and, per service, its basis, fee nature and seed line', () => {
    for (const s of INTERMEDIARY_SERVICES) {
      expect(s.source).toMatch(/004:\d+/)
      expect(s.basis).not.toBe('')
      for (const o of s.offers) expect(isValidCreditCode(o.creditCode)).toBe(true)
    }
  })

  it('names, per service, the items that decide on its report as the catalogues name them', () => {
    const named = INTERMEDIARY_SERVICES.flatMap((s) => s.decidesOn)
    expect(named.map((d) => d.item).sort()).toEqual(['eia-approval', 'soil-water-conservation-plan'])
    const items = ['441500', '440600'].flatMap((r) => {
      const c = loadCatalogue(r)
      return named.flatMap((d) => (c.item(d.item) ? [{ item: d.item, name: c.item(d.item)?.name.zh }] : []))
    })
    expect(items).toEqual(expect.arrayContaining(named.map((d) => ({ item: d.item, name: d.name }))))
  })

  it('an engagement carries the items of the project’s catalogue that decide on its report, and no other region’s', () => {
    const eia = choose(owner)
    if (!eia.ok) throw new Error(eia.error.code)
    expect(eia.value.service.decidesOn).toEqual([{ item: 'eia-approval', name: '建设项目环境影响评价文件审批' }])
    // Foshan's 水土保持方案 item is not on a Shanwei project's flow.
    const soil = choose(owner, 'soil-water-conservation-plan', '91441500MA51XK003W')
    if (!soil.ok) throw new Error(soil.error.code)
    expect(soil.value.service.decidesOn).toEqual([])
  })

  it('only the owner chooses; its clock is the intermediary’s published limit in working days', () => {
    const e = choose(owner)
    if (!e.ok) throw new Error(e.error.code)
    expect(e.value).toMatchObject({
      intermediary: { grade: 'B' },
      clock: { limit: { value: 20, unit: 'W' }, start: '2026-03-02' },
      dueOn: nthWorkingDay('2026-03-02', 20),
    })
    for (const actor of [
      { sub: 'r', role: 'reviewer', department: 'natural-resources' },
      { sub: 'c', role: 'clerk' },
      { sub: 'h', role: 'helper' },
      { sub: 'o2', role: 'owner', creditCode: '91440600MA4UJ2K7X6' },
    ] satisfies Actor[]) {
      const d = choose(actor)
      expect(d.ok ? 'ok' : d.error.code).toBe('INTAKE_NOT_YOUR_PROJECT')
    }
    const unknown = choose(owner, 'environmental-impact-report', '91441500MA51XK0066')
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('INTAKE_INTERMEDIARY_UNKNOWN')
  })

  it('refuses a service the project’s assessed area covers, citing its result; an exception-list subject is chosen', () => {
    const result = (subject: AssessmentSubject) => ({
      subject,
      documentRef: `doc://area/${subject}.pdf`,
      issuedOn: '2026-01-15',
      assessedBy: '汕尾市人民政府',
    })
    const area = decideAreaPublication(
      {
        code: 'park-1',
        name: '汕尾高新区产业园',
        kind: 'park',
        region: '441500',
        results: [result('environmental-impact'), result('lightning')],
        exceptions: ['lightning'],
      },
      { id: '0192f000-0000-7000-8000-0000000000a1', at: '2026-03-02T01:00:00.000Z', today: '2026-03-02', by: 'a' },
    )
    if (!area.ok) throw new Error(area.error.code)
    const inArea = (service: string, intermediary: string) =>
      chooseIntermediary(
        undefined,
        {
          engagementId: 'e1',
          project: { projectId: 'p1', ownerCreditCode: owner.creditCode as string, region: '441500' },
          actor: owner,
          body: { service, intermediary },
          list: INTERMEDIARY_SERVICES,
          catalogueHas: () => false,
          calendar,
          area: area.value,
        },
        moment('2026-03-02'),
      )
    const covered = inArea('environmental-impact-report', '91441500MA51XK002R')
    if (covered.ok) throw new Error('a covered service was engaged')
    expect(covered.error).toMatchObject({
      code: 'INTAKE_INTERMEDIARY_COVERED_BY_AREA',
      details: {
        areaName: '汕尾高新区产业园',
        subject: 'environmental-impact',
        documentRef: 'doc://area/environmental-impact.pdf',
        errors: [{ field: '/body/service', code: 'covered' }],
      },
    })
    // On the exception list (例外清单), the lightning assessment is still the project's own: a firm is chosen for it.
    const lightning = INTERMEDIARY_SERVICES.find((x) => x.assessment === 'lightning')
    const offer = lightning?.offers[0]?.creditCode as string
    expect(inArea('lightning-risk-assessment', offer).ok).toBe(true)
    // The same service outside any area is chosen as before.
    expect(choose(owner).ok).toBe(true)
  })

  it('goes overdue once the day after its due date; delivered, it stops', () => {
    const e = choose(owner)
    if (!e.ok) throw new Error(e.error.code)
    const due = e.value.dueOn
    expect(overdue(e.value, due, 'x')).toBeUndefined()
    const late = overdue(e.value, addDays(due, 1), 'late')
    expect(late?.overdueAt).toBe('late')
    if (!late) return
    expect(overdue(late, addDays(due, 2), 'x')).toBeUndefined()
    const firm: Actor = { sub: 'i', role: 'intermediary', creditCode: '91441500MA51XK002R' }
    const other: Actor = { sub: 'j', role: 'intermediary', creditCode: '91441500MA51XK001N' }
    expect(deliver(e.value, other, { documentRef: 'doc://r' }, moment(due)).ok).toBe(false)
    const done = deliver(e.value, firm, { documentRef: 'doc://r' }, moment(due))
    if (!done.ok) throw new Error(done.error.code)
    expect(overdue(done.value, addDays(due, 3), 'x')).toBeUndefined()
  })

  it('offers the window a report only once delivered, with the assessment its service is the report of', () => {
    const e = choose(owner)
    if (!e.ok) throw new Error(e.error.code)
    expect(deliveredReports([e.value], INTERMEDIARY_SERVICES)).toEqual([])
    const firm: Actor = { sub: 'i', role: 'intermediary', creditCode: '91441500MA51XK002R' }
    const done = deliver(e.value, firm, { documentRef: 'doc://eia.pdf' }, moment('2026-03-09'))
    if (!done.ok) throw new Error(done.error.code)
    expect(deliveredReports([done.value], INTERMEDIARY_SERVICES)).toEqual([
      {
        subject: 'environmental-impact',
        engagementId: 'e1',
        serviceName: '环境影响报告书（表）编制',
        intermediaryName: '广东示例环评咨询有限公司',
        documentRef: 'doc://eia.pdf',
        deliveredOn: '2026-03-09',
      },
    ])
    // A service off today's list (or naming no assessment) stands for no material.
    expect(deliveredReports([done.value], [])).toEqual([])
  })
})

describe('what a case’s helper may hand in for the owner (owedOn)', () => {
  const notice = {
    at: '2026-03-02T01:00:00Z',
    on: '2026-03-02',
    by: 'clerk:clerk-1',
    materials: ['land-transfer-contract'],
    reason: '出让合同缺少附图',
  }
  it('is the 一次性告知’s materials while it is unanswered, else the 容缺 ones, else nothing', () => {
    expect(owedOn({ status: 'open', receipt: { nationalCode: 1, notice }, owedDeficiencies: ['x'] })).toEqual({
      kind: 'receipt-notice',
      materials: ['land-transfer-contract'],
      reason: '出让合同缺少附图',
    })
    const answered = { ...notice, answeredAt: '2026-03-03T01:00:00Z', answeredOn: '2026-03-03' }
    expect(owedOn({ status: 'open', receipt: { nationalCode: 1, notice: answered }, owedDeficiencies: [] })).toEqual({
      kind: 'none',
      materials: [],
    })
    expect(owedOn({ status: 'approved', receipt: { nationalCode: 3 }, owedDeficiencies: ['design-scheme'] })).toEqual({
      kind: 'deficiencies',
      materials: ['design-scheme'],
    })
    expect(owedOn({ status: 'open', receipt: null, owedDeficiencies: [] }).kind).toBe('none')
  })
  it('is nothing on a withdrawn, refused or rejected application, whatever its rows still say', () => {
    for (const status of ['withdrawn', 'refused', 'rejected']) {
      expect(owedOn({ status, receipt: { nationalCode: 2, notice }, owedDeficiencies: ['design-scheme'] })).toEqual({
        kind: 'none',
        materials: [],
      })
    }
  })
})
