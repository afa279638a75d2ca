import type { ProjectStatus } from '@onewindow/gateway'
import { legalDateOf } from '@onewindow/workdays'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  approveStep,
  completionCalls,
  departmentsOf,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  type OpenedAcceptanceCase,
  one,
  owners,
  registerProject,
  statusWhen,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Monday 2026-03-02, 09:00 in Shanghai: a plain working month, far from any holiday.
const START = '2026-03-02T01:00:00Z'
/** 09:00 in Shanghai on a date. */
const at = (date: string) => `${date}T01:00:00Z`

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const owner = owners.a
const ownerToken = () => world.token('owner', { creditCode: owner.creditCode })

/** The industrial project whose property certificate the first test issues; the 验登合一 test checks it. */
let certifiedProjectId = ''

/** The owner asks once; the lead schedules; every participant passes (some after one rectification round). */
async function jointAcceptance(projectId: string, rectify: string[] = []) {
  const calls = completionCalls(world)
  const opened = expectStatus(await calls.applyForAcceptance(projectId, owner), 201)
  const acceptanceCase: OpenedAcceptanceCase = opened.case
  const lead = world.token('lead', { department: acceptanceCase.lead })
  const departments = departmentsOf(acceptanceCase)
  const schedule = (date: string) => calls.scheduleInspection(acceptanceCase, date, departments)
  const opinion = (item: { item: string; department: string }, body: object) =>
    calls.recordOpinion(acceptanceCase, item, body)
  return { acceptanceCase, schedule, opinion, lead, departments, rectify }
}

type CaseView = { status: string; opinionNumber?: string }
type RequestView = { requestId: string; provider: string; lowRisk: boolean; stage: string }
const caseOf = (s: ProjectStatus) => (s as unknown as { acceptance: CaseView[] }).acceptance[0]

describe('whole project-type flows, through the gateway', () => {
  it('industrial-land-with-scheme from land contract to certificate: 1 W + 8 W + 3 W within the 12 W cap', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, industrialProject())

    // Permits (1 W), with the four hookups named once on the combined form.
    const utilities = [
      { provider: 'water', lengthM: 120, diameterMm: 150 },
      { provider: 'power', lengthM: 300, voltageKv: 10, newChannel: false },
      { provider: 'gas', lengthM: 800, diameterMm: 250 },
      { provider: 'telecom', lengthM: 200 },
    ]
    await approveStep(world, projectId, 'permits', industrialPermitMaterials, {
      form: { utilities },
      decideAt: at('2026-03-03'),
    })

    // Permit certificates are issued like the property certificate: signed, verifiable.
    const withPermits = await statusWhen(world, projectId, (x) =>
      (x as unknown as { certificates: Array<{ item?: string }> }).certificates.some(
        (c) => c.item === 'construction-permit',
      ),
    )
    const permits = (withPermits as unknown as { certificates: Array<{ kind: string; item?: string }> }).certificates
    expect(permits.find((c) => c.item === 'construction-permit')?.kind).toBe('permit')

    // Joint acceptance (8 W) opens on Wednesday; registration's pre-survey starts by itself.
    world.clock.set(at('2026-03-04'))
    const { acceptanceCase, schedule, opinion } = await jointAcceptance(projectId)
    expect(acceptanceCase.lead).toBe('housing-construction')
    const calls = completionCalls(world)
    let registrationId: string | undefined
    await until(async () => {
      registrationId = await calls.registrationOf(projectId)
      return registrationId !== undefined
    })
    expectStatus(await calls.passPreSurvey(registrationId as string), 200)

    world.clock.set(at('2026-03-13'))
    expectStatus(await schedule('2026-03-16'), 200)
    world.clock.set(at('2026-03-16'))
    for (const item of acceptanceCase.items) expectStatus(await opinion(item, { opinion: 'pass' }), 200)

    // 验收即发证: the property certificate comes with the pass; no owner action after the acceptance request.
    const done = await statusWhen(world, projectId, (x) =>
      (x as unknown as { certificates: Array<{ kind: string }> }).certificates.some((c) => c.kind === 'property'),
    )
    expect(caseOf(done)?.status).toBe('passed')
    certifiedProjectId = projectId
    expect(done.wholeFlow).not.toBeNull()
    const whole = done.wholeFlow as NonNullable<typeof done.wholeFlow>
    expect(whole.allowed).toMatchObject({ value: 12, unit: 'W' })
    const used = Object.fromEntries(whole.steps.map((s: { step: string; used: number }) => [s.step, s.used]))
    expect(used).toMatchObject({ permits: 1, 'joint-acceptance': 8 })
    expect(used['first-registration']).toBe(0)
    expect(whole.steps.find((s) => s.step === 'first-registration')?.limit).toMatchObject({
      value: 3,
      unit: 'W',
    })
    // The cap as approval's running clock (全流程行政审批时间, 004:2125): the permits step (accepted 03-02, decided 03-03),
    // joint acceptance (opened 03-04, passed 03-16) and first registration (opened and completed with the pass), the
    // days between them not counted: 1 + 8 + 0 = 9 of 12 W, and it stops after the last step.
    const flowDone = await statusWhen(
      world,
      projectId,
      (x) => (x.wholeFlow?.counted ?? []).filter((c) => c.to !== undefined).length === 3,
    )
    const capClock = flowDone.wholeFlow
    const counted = new Map((capClock?.counted ?? []).map((c) => [c.kind, [c.from, c.to]]))
    expect(Object.fromEntries(counted)).toEqual({
      application: ['2026-03-02', '2026-03-03'],
      acceptance: ['2026-03-04', '2026-03-16'],
      registration: ['2026-03-16', '2026-03-16'],
    })
    expect(capClock?.capSource).toBe('seeds/004_33317a5f04b53a73.txt:2125')
    expect(capClock?.clock).toMatchObject({
      limit: { value: 12, unit: 'W' },
      start: '2026-03-02',
      used: 9,
      level: 'green',
    })
    expect(capClock?.clock?.suspensions.map((p) => [p.kind, p.from, p.to])).toEqual([
      ['other', '2026-03-04', '2026-03-04'],
      ['other', '2026-03-17', undefined],
    ])

    // Utilities: four providers, in parallel; the low-risk water line needs no permit, only a filing.
    const requests = (done as unknown as { utilities: RequestView[] }).utilities
    expect(requests.map((r) => r.provider).sort()).toEqual(['gas', 'power', 'telecom', 'water'])
    const water = requests.find((r) => r.provider === 'water')
    expect(water?.lowRisk).toBe(true)
    const gas = requests.find((r) => r.provider === 'gas')
    expect(gas?.lowRisk).toBe(false)
    const step = (r: RequestView, body: object) =>
      world.api(
        'POST',
        `/api/v1/utility-requests/${r.requestId}/actions`,
        world.token('utility', { provider: r.provider }),
        body,
      )
    const pending = new Map<RequestView, Array<{ kind: string }>>()
    const plannedAt = new Map<RequestView, string>()
    for (const r of requests) {
      expectStatus(await step(r, { action: 'survey-done' }), 200)
      const planned = expectStatus(await step(r, { action: 'plan-done' }), 200)
      if (r.lowRisk) {
        expect(planned.request.permits.every((p: { status: string }) => p.status === 'filed')).toBe(true)
        expect(planned.request.stage).toBe('construction')
      } else {
        // Foshan sets its outside-line permits no limit (004:2197): they wait with no clock, so nothing will call
        // them late (services/utility's tests hold that no 预警 or 超时 is raised however long they wait).
        expect(planned.request.stage).toBe('outside-line-permits')
        expect(planned.request).not.toHaveProperty('permitsClock')
        pending.set(r, planned.request.permits)
        plannedAt.set(r, planned.request.updatedAt)
      }
    }
    expect([...pending.keys()].map((r) => r.provider).sort()).toEqual(['gas', 'telecom'])
    // 并联审批 (004:2195): each permit applied to the department Foshan's catalogue names for it, which decides it in
    // its inbox on the day planned; the provider records nothing. A road line's traffic plan is 公安's to review
    // (占道施工交通组织方案审核, listed in Foshan's outside-line permits step, 004:1846).
    const deciding: Record<string, string> = {
      'road-excavation': 'urban-management',
      'green-space': 'urban-management',
      'traffic-organisation': 'public-security',
    }
    for (const [r, permits] of pending) {
      const decidedOn = legalDateOf(plannedAt.get(r) ?? '')
      expect(permits.map((p) => p.kind)).toContain('traffic-organisation')
      for (const p of permits as Array<{ kind: string; department?: string }>) {
        expect(p.department).toBe(deciding[p.kind])
        const reviewer = world.token('reviewer', { department: deciding[p.kind] })
        const granted = expectStatus(
          await world.api('POST', `/api/v1/utility-requests/${r.requestId}/permit-decision`, reviewer, {
            kind: p.kind,
            outcome: 'granted',
            documentNo: '佛城管许〔2026〕12号',
          }),
          200,
        )
        expect(granted.request.permits.find((q: { kind: string }) => q.kind === p.kind)).toMatchObject({
          status: 'granted',
          decidedOn,
        })
      }
    }
    for (const r of requests) expectStatus(await step(r, { action: 'construction-done' }), 200)
    // Acceptance had already passed: each connects as its construction is done.
    await statusWhen(world, projectId, (x) =>
      (x as unknown as { utilities: Array<{ stage: string }> }).utilities.every((u) => u.stage === 'connected'),
    )
  })

  it('old-compound-renovation from joint scheme review to acceptance: 5 + 3 + 2 + 5 = 15 W', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, {
      ...industrialProject(),
      name: '老旧小区改造项目',
      projectType: 'old-compound-renovation',
      facts: { projectKind: 'old-compound-renovation', landUseUnchanged: true },
    })
    // Each step decided on its last allowed day: 5 W (Mon 2 → Mon 9 March), 3 W (→ Thu 12), 2 W (→ Mon 16).
    await approveStep(world, projectId, 'joint-scheme-review', ['renovation-scheme'], { decideAt: at('2026-03-09') })
    await approveStep(
      world,
      projectId,
      'approval-and-land-planning',
      ['land-sale-confirmation', 'land-transfer-contract', 'land-price-commitment'],
      { decideAt: at('2026-03-12') },
    )
    await approveStep(
      world,
      projectId,
      'planning-and-construction-permits',
      ['design-scheme', 'construction-contract', 'construction-drawings'],
      { decideAt: at('2026-03-16') },
    )
    // Joint acceptance, 5 W: Mon 16 → Mon 23 March.
    const { acceptanceCase, schedule, opinion } = await jointAcceptance(projectId)
    world.clock.set(at('2026-03-20'))
    expectStatus(await schedule('2026-03-23'), 200)
    world.clock.set(at('2026-03-23'))
    for (const item of acceptanceCase.items) expectStatus(await opinion(item, { opinion: 'pass' }), 200)
    const done = await statusWhen(world, projectId, (x) => caseOf(x)?.status === 'passed')
    expect(done.wholeFlow).not.toBeNull()
    const whole = done.wholeFlow as NonNullable<typeof done.wholeFlow>
    expect(whole.allowed).toMatchObject({ value: 15, unit: 'W' })
    expect(whole.steps.map((s) => s.limit?.value)).toEqual([5, 3, 2, 5])
    expect(whole.steps.map((s: { used: number }) => s.used)).toEqual([5, 3, 2, 5])
    expect(whole.used).toBe(15)
  })

  it('re-inspects only the item 消防 asked to rectify, and issues the joint opinion once', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, industrialProject())
    await approveStep(world, projectId, 'permits', industrialPermitMaterials)
    const { acceptanceCase, schedule, opinion, departments } = await jointAcceptance(projectId)
    expectStatus(await schedule('2026-03-05'), 200)
    const fire = one(acceptanceCase.items, (i) => i.item === 'fire-acceptance-filing', 'the fire item')
    for (const item of acceptanceCase.items) {
      const body = item === fire ? { opinion: 'rectify', defects: ['疏散指示标志缺失'] } : { opinion: 'pass' }
      expectStatus(await opinion(item, body), 200)
    }
    // A department outside the case gives no opinion.
    const outsider = await world.api(
      'POST',
      `/api/v1/acceptance/${acceptanceCase.caseId}/opinions`,
      world.token('reviewer', { department: 'public-security' }),
      { item: 'fire-acceptance-filing', opinion: 'pass' },
    )
    expect([403, 404]).toContain(outsider.status)
    expectStatus(
      await world.api('POST', `/api/v1/acceptance/${acceptanceCase.caseId}/rectifications`, ownerToken(), {
        items: ['fire-acceptance-filing'],
      }),
      200,
    )
    const second = expectStatus(await schedule('2026-03-09'), 200)
    const pending = second.case.items.filter((i: { status: string }) => i.status === 'pending')
    expect(pending.map((i: { item: string }) => i.item)).toEqual(['fire-acceptance-filing'])
    // An item already passed is not inspected again.
    const again = await opinion(
      one(acceptanceCase.items, (i) => i.item === 'planning-condition-verification', 'the planning item'),
      { opinion: 'pass' },
    )
    expect(again.status).toBe(409)
    expectStatus(await opinion(fire, { opinion: 'pass' }), 200)
    const s = await statusWhen(world, projectId, (x) => caseOf(x)?.status === 'passed')
    const passed = s.timeline.filter((e) => e.type === 'acceptance.passed')
    expect(passed).toHaveLength(1)
    // The letter's number runs per region and year; the timeline names it.
    const opinionNumber = caseOf(s)?.opinionNumber ?? ''
    expect(opinionNumber).toMatch(/^LHYS-440600-2026-\d{6}$/)
    expect(passed[0]?.summary).toContain(opinionNumber)
    expect(departments.length).toBeGreaterThan(1)
  })

  it('验登合一: the certificate verifies, and one altered field does not', async () => {
    expect(certifiedProjectId).not.toBe('')
    const s = await statusWhen(world, certifiedProjectId, (x) =>
      (x as unknown as { certificates: Array<{ kind: string }> }).certificates.some((c) => c.kind === 'property'),
    )
    const listed = (s as unknown as { certificates: Array<{ kind: string; certificateId: string }> }).certificates.find(
      (c) => c.kind === 'property',
    )
    const got = expectStatus(
      await world.api('GET', `/api/v1/certificates/${listed?.certificateId}`, ownerToken()),
      200,
    ).certificate
    const verify = (certificate: unknown) =>
      world.api('POST', '/api/v1/certificates/verify', undefined, { certificate })
    expect(expectStatus(await verify(got), 200).genuine).toBe(true)
    const altered = { ...got, body: { ...got.body, floorAreaM2: got.body.floorAreaM2 + 1 } }
    expect(expectStatus(await verify(altered), 200).genuine).toBe(false)
    const renamed = { ...got, body: { ...got.body, owner: { ...got.body.owner, name: '他人' } } }
    expect(expectStatus(await verify(renamed), 200).genuine).toBe(false)
    // A malformed certificate is bad input, named.
    const bad = await verify({ body: {} })
    expect(bad.status).toBe(400)
  })

  it('refuses bad input on the new routes with problem+json naming the field, and writes nothing', async () => {
    const projectId = await registerProject(world, industrialProject())
    // No construction permit yet: no acceptance. The acceptance service learns of the project from its registration
    // event; the gateway waits until it has (read-your-writes.e2e), so this is never acceptance's 404.
    const early = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken(), {})
    expect(early.status, JSON.stringify(early.body)).toBe(409)
    expect(early.body?.code).toBe('ACCEPTANCE_PERMIT_NOT_GRANTED')
    expect(early.headers['content-type']).toMatch(/application\/problem\+json/)
    const unknownField = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken(), {
      parts: 'A',
    })
    expect(unknownField.status).toBe(400)
    expect(JSON.stringify(unknownField.body)).toMatch(/parts/)
    const s = await statusWhen(world, projectId, () => true)
    expect((s as unknown as { acceptance: unknown[] }).acceptance).toEqual([])
    const wrongRole = await world.api(
      'POST',
      '/api/v1/utility-requests/01890000-0000-7000-8000-000000000000/actions',
      ownerToken(),
      {
        action: 'survey-done',
      },
    )
    expect(wrongRole.status).toBe(403)
  })
})
