import {
  ApplicationAcceptedV1,
  ApplicationReceivedV1,
  CertificateReleasedV1,
  DeficiencyCuredV1,
  DishonestOwnerDelistedV1,
  DishonestOwnerListedV1,
  ProjectRegisteredV1,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  actors,
  foshanIndustrial,
  type IntakeWorld,
  intakeWorld,
  landPlanningMaterials,
  landPlanningReceived,
  lowRiskFactory,
  owners,
  problem,
  START,
  sixItemMaterials,
} from './world.js'

let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

async function registerOnly(body: object): Promise<string> {
  const res = await w.call('POST', '/projects', actors.clerk, body)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.project.projectId
}

/** Registers the project; a Shanwei low-risk one gets its first step approved, since the bundle is its second. */
async function register(body: { projectType: string } = lowRiskFactory()): Promise<string> {
  const projectId = await registerOnly(body)
  if (body.projectType === 'social-simple-low-risk') await w.approveFirstStep(projectId)
  return projectId
}

const open = (projectId: string, body: object) =>
  w.call('POST', `/projects/${projectId}/applications`, actors.clerk, body)

async function acceptedEvent(applicationId: string) {
  let found: Awaited<ReturnType<typeof w.published<typeof ApplicationAcceptedV1>>>[number] | undefined
  await expect
    .poll(async () => {
      found = (await w.published(ApplicationAcceptedV1)).find((e) => e.applicationId === applicationId)
      return found !== undefined
    })
    .toBe(true)
  return found as NonNullable<typeof found>
}

const approved = (applicationId: string, projectId: string) => ({
  applicationId,
  projectId,
  step: 'six-item-bundle',
  outcome: 'approved' as const,
  decidedAt: '2026-03-05T02:00:00Z',
  decidedOn: '2026-03-05',
  tasks: [],
})

const cure = (applicationId: string, codes: string[], creditCode: string = owners.shanwei.creditCode) =>
  w.call('POST', `/applications/${applicationId}/materials`, actors.owner(creditCode), {
    materials: codes.map((code) => ({ code, documentRef: `doc://${code}.pdf` })),
  })

const application = async (id: string) => (await w.call('GET', `/applications/${id}`)).body.application

describe("step order (the flow's after, skipIf, exemptIf)", () => {
  it('refuses a step whose predecessor is not approved, naming it, and writes nothing', async () => {
    const projectId = await registerOnly(lowRiskFactory())
    const before = await w.outboxRows()
    const early = await open(projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials })
    const message = 'Step "six-item-bundle" waits for step "land-planning-and-filing", which is not approved yet.'
    expect(early.status).toBe(409)
    expect(early.body).toEqual(
      problem(409, 'INTAKE_STEP_OUT_OF_ORDER', message, {
        step: 'six-item-bundle',
        // As the project's catalogue names them, for the console to say.
        stepName: '人防、规划、施工许可、节能审查、供水供电报装一并申请',
        waitingFor: 'land-planning-and-filing',
        waitingForName: '立项用地规划许可阶段',
        errors: [{ field: '/step', code: 'INTAKE_STEP_OUT_OF_ORDER', message }],
      }),
    )
    expect(await w.outboxRows()).toBe(before)

    // Opened but not yet decided is not approved either.
    const first = await open(projectId, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
    })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const stillEarly = await open(projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials })
    expect(stillEarly.status).toBe(409)
    expect(stillEarly.body.code).toBe('INTAKE_STEP_OUT_OF_ORDER')
  })

  it('opens the second step once approval approved the first, and never the approved step again', async () => {
    const projectId = await registerOnly(lowRiskFactory())
    const firstId = await w.approveFirstStep(projectId)
    expect((await application(firstId)).status).toBe('approved')
    const bundle = await open(projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials })
    expect(bundle.status, JSON.stringify(bundle.body)).toBe(201)
    const again = await open(projectId, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
    })
    const message = 'Step "land-planning-and-filing" is already approved.'
    expect(again.status).toBe(409)
    expect(again.body).toEqual(
      problem(409, 'INTAKE_STEP_ALREADY_APPROVED', message, {
        step: 'land-planning-and-filing',
        stepName: '立项用地规划许可阶段',
        errors: [{ field: '/step', code: 'INTAKE_STEP_ALREADY_APPROVED', message }],
      }),
    )
  })

  it('skips a step whose skipIf rule holds: published in the flow, and refused as needing no application', async () => {
    // 电网工程: works of at most 1,000,000 CNY need no construction permit (seeds/004_33317a5f04b53a73.txt:2211).
    const projectId = await registerOnly({
      ...foshanIndustrial(),
      projectType: 'power-grid',
      investmentFen: 80_000_000,
      facts: { projectKind: 'power-grid', realEstateSubstation: false },
    })
    await expect
      .poll(async () => (await w.published(ProjectRegisteredV1)).some((e) => e.projectId === projectId))
      .toBe(true)
    const event = (await w.published(ProjectRegisteredV1)).find((e) => e.projectId === projectId)
    expect(event?.flow?.map((s) => [s.step, s.after, s.skippedBy])).toEqual([
      ['land-preexam-site-selection', [], undefined],
      ['planning-permit', ['land-preexam-site-selection'], undefined],
      ['construction-permit', ['planning-permit'], 'small-works'],
      ['joint-acceptance', ['construction-permit'], undefined],
    ])
    const skipped = await open(projectId, { step: 'construction-permit', form: {}, materials: [] })
    expect(skipped.status).toBe(409)
    expect(skipped.body).toMatchObject({
      code: 'INTAKE_STEP_SKIPPED',
      step: 'construction-permit',
      rule: 'small-works',
    })
  })

  it('refuses the completion-acceptance steps at the window (422 naming /step), the permits approved or not, and writes nothing', async () => {
    // Joint acceptance is applied for to its lead department (004:2299); first registration follows its result (004:1816).
    const projectId = await register()
    const names = {
      'joint-acceptance': '竣工联合验收和市政公用基础设施接入服务',
      'first-registration': '不动产初始登记',
    }
    const refusedAtWindow = async () => {
      const before = await w.outboxRows()
      for (const [step, stepName] of Object.entries(names)) {
        const res = await open(projectId, { step, form: {}, materials: [] })
        const message = `Step "${step}" is of the completion-acceptance stage: joint acceptance is applied for to its lead department, and first registration follows its result; neither is opened at the window.`
        expect(res.status).toBe(422)
        expect(res.body).toEqual(
          problem(422, 'INTAKE_STEP_NOT_AT_WINDOW', message, {
            step,
            stepName,
            errors: [{ field: '/step', code: 'INTAKE_STEP_NOT_AT_WINDOW', message }],
          }),
        )
      }
      expect(await w.outboxRows()).toBe(before)
    }
    // Before the permits: not "wait for the permits", which would say it may be opened here later.
    await refusedAtWindow()
    const bundle = await open(projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials })
    expect(bundle.status, JSON.stringify(bundle.body)).toBe(201)
    await w.decideStep(approved(bundle.body.application.applicationId, projectId))
    await expect.poll(async () => (await application(bundle.body.application.applicationId)).status).toBe('approved')
    // The permits approved, joint acceptance is the project's current step: still not opened here.
    await refusedAtWindow()
    const { rows } = await w.db.pool.query('SELECT step FROM application WHERE project_id = $1 ORDER BY step', [
      projectId,
    ])
    expect(rows.map((r: { step: string }) => r.step)).toEqual(['land-planning-and-filing', 'six-item-bundle'])
  })
})

describe('POST /projects/:id/applications (一窗受理)', () => {
  it('accepts a complete six-item bundle and publishes ApplicationAcceptedV1 with every item, department and limit', async () => {
    const projectId = await register()
    const res = await open(projectId, {
      step: 'six-item-bundle',
      // 004:1814's two facts, stated when applying for the planning permit: the house number follows it.
      form: { builder: '示例建设工程有限公司', entranceOrientationDetermined: true, facingStreetNamed: true },
      materials: sixItemMaterials,
      commitments: [{ item: 'engineering-planning-permit' }],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const app = res.body.application
    expect(app).toMatchObject({
      projectId,
      step: 'six-item-bundle',
      outcome: 'accepted',
      deficiencies: [],
      acceptedOn: '2026-03-02',
    })
    expect(app.receiptNumber).toMatch(/^441500-20260302-\d{6}$/)
    expect(app.catalogueVersion).toMatch(/^441500@2025\.3\+sha256:/)
    // No committed limit of its own: 20 W counted from the day after acceptance (Tue 3 March → Mon 30 March 2026).
    expect(app.commitments).toEqual([{ item: 'engineering-planning-permit', verifyBy: '2026-03-30' }])

    const event = await acceptedEvent(app.applicationId)
    expect(event).toMatchObject({
      projectId,
      stage: 'construction-permit',
      step: 'six-item-bundle',
      stepName: expect.stringContaining('施工许可'),
      stepLimit: { value: 4, unit: 'W' },
      // 牵头部门 of the step and the region's setting for its consolidated notice, pinned (004:1868; the default).
      stepLead: 'housing-construction',
      consolidatedNoticeStops: 'requesting',
      // The type's whole-flow cap, pinned for approval's cap clock (全流程行政审批时间 8 W, 004:1774).
      projectCap: { value: 8, unit: 'W', source: 'seeds/004_33317a5f04b53a73.txt:1774' },
      region: '441500',
      ownerCreditCode: owners.shanwei.creditCode,
      receiptNumber: app.receiptNumber,
      catalogueVersion: app.catalogueVersion,
      acceptedOn: '2026-03-02',
      acceptedAt: '2026-03-02T01:00:00.000Z',
      withDeficiencies: false,
      deficiencies: [],
      // The limit it was counted with travels with it, so approval can re-project the day on a published calendar.
      commitments: [{ item: 'engineering-planning-permit', verifyBy: '2026-03-30', limit: { value: 20, unit: 'W' } }],
    })
    expect(event.items.map((i) => [i.item, i.department]).sort()).toEqual(
      [
        ['civil-air-defence-permit', 'civil-air-defence'],
        ['construction-permit', 'housing-construction'],
        ['energy-conservation-review', 'development-reform'],
        ['engineering-planning-permit', 'natural-resources'],
        ['power-hookup-application', 'power-supply'],
        ['water-hookup-application', 'water-supply'],
      ].sort(),
    )
    for (const item of event.items) {
      expect(item.itemName).toBeTruthy()
      expect(item.departmentName).toBeTruthy()
      // None has a committed limit of its own in Shanwei: the step's 4 W, within which they run in parallel.
      expect(item.committedLimit).toEqual({ value: 4, unit: 'W' })
      expect(item.specialProcedures).toBeDefined()
      expect(item.onCommitment).toBe(item.item === 'engineering-planning-permit')
    }
    // 后续事项 of the type, pinned for approval (which reads no catalogue): the house number for public security after
    // the planning permit (004:1814), the drainage authority told of the construction permit (004:1806); no limits.
    expect(event.followOns).toEqual([
      {
        after: 'engineering-planning-permit',
        afterName: expect.stringContaining('建设工程规划'),
        item: 'house-number-allocation',
        itemName: '门牌号码核准发放',
        department: 'public-security',
        departmentName: '汕尾市公安局',
        source: 'seeds/004_33317a5f04b53a73.txt:1814',
      },
      {
        after: 'construction-permit',
        afterName: expect.stringContaining('施工许可'),
        item: 'drainage-construction-notice',
        itemName: '施工许可信息推送排水主管部门（免于办理临时排水许可）',
        department: 'water',
        departmentName: '汕尾市水务局',
        source: 'seeds/004_33317a5f04b53a73.txt:1806',
        // 信息推送: the drainage authority is told, it refuses nothing (门牌 is decided: no such field).
        forInformation: true,
      },
    ])
    expect(event.withheldFollowOns).toBeUndefined()
    expect(res.body.withheldFollowOns).toBeUndefined()
    const planning = event.items.find((i) => i.item === 'engineering-planning-permit')
    expect(planning?.departmentName).toBe('汕尾市自然资源局')
    // 批前公示 (004:2209), and the hearing and expert review 行政许可法 Art. 45 lets this item pause for.
    expect(planning?.specialProcedures).toEqual([
      { kind: 'public-notice' },
      { kind: 'hearing' },
      { kind: 'expert-review' },
    ])

    const again = await open(projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials })
    expect(again.status).toBe(409)
    expect(again.body).toEqual(
      problem(
        409,
        'INTAKE_APPLICATION_ALREADY_OPEN',
        `Application ${app.receiptNumber} for step six-item-bundle is still open.`,
        {
          applicationId: app.applicationId,
        },
      ),
    )
  })

  it('pins no house number when the facing street is not named, and says why on the acceptance (004:1814)', async () => {
    const projectId = await register()
    const res = await open(projectId, {
      step: 'six-item-bundle',
      form: { entranceOrientationDetermined: true, facingStreetNamed: false },
      materials: sixItemMaterials,
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const event = await acceptedEvent(res.body.application.applicationId)
    // Nothing is shared with public security: approval opens only what is pinned. The drainage notice has no condition.
    expect(event.followOns?.map((f) => f.item)).toEqual(['drainage-construction-notice'])
    expect(event.withheldFollowOns).toEqual([
      {
        after: 'engineering-planning-permit',
        afterName: expect.stringContaining('建设工程规划'),
        item: 'house-number-allocation',
        itemName: '门牌号码核准发放',
        department: 'public-security',
        departmentName: '汕尾市公安局',
        source: 'seeds/004_33317a5f04b53a73.txt:1814',
        unmet: [
          { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: true, required: true },
        ],
        // Every rule, held or not, so the owner's page says what was stated of each and the seed's route whole.
        onlyIf: [
          { rule: 'entrance-orientation-determined', condition: '建筑物门口朝向已确定', required: true },
          { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', required: true },
        ],
      },
    ])
    // The answer says it too, so the desk names it at once: the event's own words.
    expect(res.body.withheldFollowOns).toEqual(event.withheldFollowOns)
  })

  it('refuses a stated fact that is not true or false, naming the field, and stores nothing', async () => {
    const projectId = await register()
    const res = await open(projectId, {
      step: 'six-item-bundle',
      form: { entranceOrientationDetermined: 'yes', facingStreetNamed: true },
      materials: sixItemMaterials,
    })
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('INTAKE_APPLICATION_INCOMPLETE')
    expect(res.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['/form/entranceOrientationDetermined', 'INTAKE_STATED_FACT_INVALID'],
    ])
    const { rows } = await w.db.pool.query(
      "SELECT 1 FROM application WHERE project_id = $1 AND step = 'six-item-bundle'",
      [projectId],
    )
    expect(rows).toEqual([])
  })

  it('uses the items’ own committed limits where the catalogue gives them (Foshan, step permits)', async () => {
    const projectId = await register(foshanIndustrial())
    const res = await open(projectId, {
      step: 'permits',
      form: {},
      materials: [
        'land-sale-confirmation',
        'land-transfer-contract',
        'land-price-commitment',
        'design-scheme',
        'construction-contract',
        'construction-drawings',
      ].map((code) => ({ code, documentRef: `doc://${code}` })),
      commitments: [{ item: 'construction-permit' }],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.application.receiptNumber).toMatch(/^440600-20260302-/)
    // Its own committed limit is 1 W: verified by the next working day.
    expect(res.body.application.commitments).toEqual([{ item: 'construction-permit', verifyBy: '2026-03-03' }])
    const event = await acceptedEvent(res.body.application.applicationId)
    expect(event.items).toHaveLength(5)
    expect(event.items.every((i) => i.committedLimit?.value === 1 && i.committedLimit.unit === 'W')).toBe(true)
    expect(event.items.find((i) => i.item === 'fire-design-review')?.departmentName).toBe('佛山市住房城乡建设局')
  })

  it('refuses an incomplete application with ONE notice listing every problem, and stores and publishes nothing', async () => {
    const projectId = await register()
    const before = {
      applications: await w.rows('application'),
      materials: await w.rows('submitted_material'),
      outbox: await w.outboxRows(),
    }
    const res = await open(projectId, {
      step: 'six-item-bundle',
      form: {},
      materials: [
        { code: 'no-such-material', documentRef: 'doc://x' },
        { code: 'construction-contract', documentRef: 'doc://a' },
        { code: 'construction-contract', documentRef: 'doc://b' },
      ],
      deficiencies: [
        { code: 'design-scheme', promisedOn: '2026-03-20' },
        { code: 'construction-drawings-uploaded', promisedOn: '2026-03-02' },
      ],
      commitments: [{ item: 'water-hookup-application' }, { item: 'eia-approval' }],
    })
    expect(res.status).toBe(422)
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(res.body.code).toBe('INTAKE_APPLICATION_INCOMPLETE')
    const lines = res.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])
    expect(lines).toEqual(
      expect.arrayContaining([
        ['/materials/0/code', 'INTAKE_MATERIAL_UNKNOWN'],
        ['/materials/2/code', 'INTAKE_MATERIAL_DUPLICATE'],
        ['/deficiencies/0', 'INTAKE_DEFICIENCY_NOT_ALLOWED'],
        ['/deficiencies/1', 'INTAKE_DEFICIENCY_NOT_ALLOWED'],
        ['/deficiencies/1/promisedOn', 'INTAKE_PROMISED_DATE_NOT_FUTURE'],
        ['/commitments/0/item', 'INTAKE_COMMITMENT_NOT_ALLOWED'],
        ['/commitments/1/item', 'INTAKE_COMMITMENT_ITEM_NOT_IN_STEP'],
      ]),
    )
    expect(lines).toHaveLength(7)
    expect(await w.rows('application')).toBe(before.applications)
    expect(await w.rows('submitted_material')).toBe(before.materials)
    expect(await w.outboxRows()).toBe(before.outbox)

    const missing = await open(projectId, { step: 'six-item-bundle', form: {}, materials: [] })
    expect(missing.status).toBe(422)
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      '/materials/construction-contract',
      '/materials/construction-drawings-uploaded',
      '/materials/design-scheme',
    ])
    expect(await w.rows('application')).toBe(before.applications)
    expect(await w.outboxRows()).toBe(before.outbox)
  })

  it('opens one application when two clerks open the same step at the same moment', async () => {
    const projectId = await register()
    const body = { step: 'six-item-bundle', form: {}, materials: sixItemMaterials }
    const answers = await Promise.all([open(projectId, body), open(projectId, body), open(projectId, body)])
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409])
    const rows = await w.db.pool.query(
      `SELECT count(*) AS n FROM application WHERE project_id = $1 AND step = 'six-item-bundle'`,
      [projectId],
    )
    expect(Number(rows.rows[0].n)).toBe(1)
  })

  it('answers 404 for an unknown project and for a step not in its flow', async () => {
    const unknown = await open('01890000-0000-7000-8000-000000000000', {
      step: 'six-item-bundle',
      form: {},
      materials: [],
    })
    expect(unknown.status).toBe(404)
    expect(unknown.headers['content-type']).toContain('application/problem+json')
    expect(unknown.body).toEqual(
      problem(404, 'INTAKE_PROJECT_NOT_FOUND', 'No project 01890000-0000-7000-8000-000000000000.'),
    )
    const step = await open(await register(), { step: 'no-such-step', form: {}, materials: [] })
    expect(step.status).toBe(404)
    expect(step.body).toEqual(
      problem(404, 'INTAKE_STEP_NOT_FOUND', 'Step "no-such-step" is not in the flow of this project.', {
        errors: [{ field: '/step', code: 'INTAKE_STEP_NOT_FOUND', message: 'not a step of social-simple-low-risk' }],
      }),
    )
  })

  it('refuses a call without an actor (401 INTAKE_ACTOR_MISSING naming the header) and a role that may not (403)', async () => {
    const before = await w.rows('project')
    const anonymous = await w.call('POST', '/projects', undefined, lowRiskFactory())
    expect(anonymous.status).toBe(401)
    expect(anonymous.body).toMatchObject({
      code: 'INTAKE_ACTOR_MISSING',
      errors: [{ field: '/headers/x-onewindow-assertion', message: 'carries no actor' }],
    })
    const notAnActor = await w.call('POST', '/projects', { sub: 'x', role: 'mayor' }, lowRiskFactory())
    expect([notAnActor.status, notAnActor.body.code]).toEqual([401, 'INTAKE_ACTOR_MISSING'])
    const owner = await w.call('POST', '/projects', actors.owner('91440600MA4UW8XL3K'), lowRiskFactory())
    expect(owner.body).toEqual(
      problem(403, 'INTAKE_ROLE_FORBIDDEN', 'An owner may not do this; it takes a clerk or an admin.', {
        role: 'owner',
        allowedRoles: ['clerk', 'admin'],
      }),
    )
    expect(await w.rows('project')).toBe(before)
  })

  it.each(['2026-13-01', '2026-02-30', '2026-04-31', '0000-00-00', '2027-02-29', '9999-12-31'])(
    'refuses a 容缺 promisedOn of %s with 400 naming the field, and stores and publishes nothing',
    async (bad) => {
      const projectId = await register()
      const before = { applications: await w.rows('application'), outbox: await w.outboxRows() }
      const res = await open(projectId, {
        step: 'six-item-bundle',
        form: {},
        materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
        deficiencies: [{ code: 'construction-contract', promisedOn: bad }],
      })
      expect(res.status).toBe(400)
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('/body/deficiencies/0/promisedOn')
      expect(await w.rows('application')).toBe(before.applications)
      expect(await w.outboxRows()).toBe(before.outbox)
    },
  )

  it('refuses 容缺 for an owner on the dishonesty list, in the same notice, and accepts once delisted', async () => {
    const owner = { name: '失信示例有限公司', creditCode: '91350100M000100Y43' }
    const projectId = await register(lowRiskFactory({ owner }))
    const reason = { reason: '汕信用〔2026〕1号：未履行告知承诺' }
    const listed = await w.call('PUT', `/dishonest-owners/${owner.creditCode}`, actors.admin, reason)
    expect(listed.status, JSON.stringify(listed.body)).toBe(200)
    expect(listed.body.owner).toEqual({
      creditCode: owner.creditCode,
      reason: reason.reason,
      listedAt: '2026-03-02T01:00:00.000Z',
      listedBy: expect.any(String),
    })
    // Listed again: the first listing and its reason stand.
    const again = await w.call('PUT', `/dishonest-owners/${owner.creditCode}`, actors.admin, { reason: '另一理由' })
    expect(again.body.owner).toEqual(listed.body.owner)
    expect((await w.call('PUT', `/dishonest-owners/${owner.creditCode}`, actors.clerk, reason)).status).toBe(403)
    const body = {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
      deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-20' }],
    }
    const refused = await open(projectId, body)
    expect(refused.status).toBe(422)
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: '/deficiencies', code: 'INTAKE_OWNER_ON_DISHONESTY_LIST' }),
    ])
    expect((await w.call('DELETE', `/dishonest-owners/${owner.creditCode}`, actors.admin)).status).toBe(200)
    expect((await open(projectId, body)).status).toBe(201)
  })

  it('refuses 告知承诺 for an owner on the dishonesty list (004:2235), as problem+json naming /commitments, and accepts once delisted', async () => {
    const owner = { name: '失信承诺示例有限公司', creditCode: '91350100M000101Y3M' }
    const projectId = await register(lowRiskFactory({ owner }))
    const reason = { reason: '汕信用〔2026〕2号' }
    expect((await w.call('PUT', `/dishonest-owners/${owner.creditCode}`, actors.admin, reason)).status).toBe(200)
    const before = { applications: await w.rows('application'), outbox: await w.outboxRows() }
    const body = {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials,
      commitments: [{ item: 'construction-permit' }],
    }
    const refused = await open(projectId, body)
    expect(refused.status).toBe(422)
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(refused.body.code).toBe('INTAKE_APPLICATION_INCOMPLETE')
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: '/commitments', code: 'INTAKE_OWNER_ON_DISHONESTY_LIST' }),
    ])
    expect(await w.rows('application')).toBe(before.applications)
    expect(await w.outboxRows()).toBe(before.outbox)
    expect((await w.call('DELETE', `/dishonest-owners/${owner.creditCode}`, actors.admin)).status).toBe(200)
    const accepted = await open(projectId, body)
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201)
    expect(accepted.body.application.commitments).toEqual([
      { item: 'construction-permit', verifyBy: expect.any(String) },
    ])
  })
})

describe('the dishonesty list (失信)', () => {
  const code = '91350100M000102Y3B'
  const listing = (creditCode: string) =>
    w.call('GET', `/dishonest-owners?creditCode=${creditCode}`, { sub: 'sup-1', role: 'supervisor' })

  it('lists an owner with its reason, answers it to an administrator or supervisor, delists it, and audits both', async () => {
    const put = await w.call('PUT', `/dishonest-owners/${code}`, actors.admin, { reason: '列入严重失信主体名单' })
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    const read = await listing(code)
    expect(read.status).toBe(200)
    expect(read.body.owners).toEqual([put.body.owner])
    expect((await w.call('GET', '/dishonest-owners', actors.admin)).body.owners).toContainEqual(put.body.owner)
    expect((await w.call('GET', '/dishonest-owners', actors.clerk)).status).toBe(403)
    const delisted = await w.call('DELETE', `/dishonest-owners/${code}`, actors.admin)
    expect(delisted.status).toBe(200)
    expect(delisted.body).toEqual({ creditCode: code, delisted: true })
    expect((await listing(code)).body.owners).toEqual([])
    expect((await w.call('DELETE', `/dishonest-owners/${code}`, actors.admin)).body).toEqual({
      creditCode: code,
      delisted: false,
    })
    const audit = await w.db.pool.query(
      "SELECT action, outcome FROM audit_entry WHERE object = $1 AND action LIKE 'intake.dishonest-owner.%' ORDER BY position",
      [`owner:${code}`],
    )
    expect(audit.rows).toEqual([
      { action: 'intake.dishonest-owner.list', outcome: 'done' },
      { action: 'intake.dishonest-owner.delist', outcome: 'done' },
      { action: 'intake.dishonest-owner.delist', outcome: 'done' },
    ])
  })

  it('publishes each change of the list, in the transaction that makes it, numbered so a later change outranks an earlier one', async () => {
    const owner = '91350100M000103Y36'
    const bodies = async () =>
      (
        await w.db.pool.query<{ subject: string; payload: Record<string, unknown> }>(
          'SELECT subject, payload FROM outbox_message WHERE aggregate_id = $1 ORDER BY position',
          [`owner:${owner}`],
        )
      ).rows.map((r) => ({ subject: r.subject, ...r.payload }))
    const reason = { reason: '汕信用〔2026〕3号' }
    expect((await w.call('PUT', `/dishonest-owners/${owner}`, actors.admin, reason)).status).toBe(200)
    // Listed again and delisted twice: only the changes are published.
    expect((await w.call('PUT', `/dishonest-owners/${owner}`, actors.admin, { reason: '另一理由' })).status).toBe(200)
    expect((await w.call('DELETE', `/dishonest-owners/${owner}`, actors.admin)).body.delisted).toBe(true)
    expect((await w.call('DELETE', `/dishonest-owners/${owner}`, actors.admin)).body.delisted).toBe(false)
    expect((await w.call('PUT', `/dishonest-owners/${owner}`, actors.admin, reason)).status).toBe(200)
    const by = expect.stringContaining(actors.admin.sub)
    expect(await bodies()).toEqual([
      {
        subject: DishonestOwnerListedV1.subject,
        creditCode: owner,
        version: 1,
        reason: reason.reason,
        listedAt: '2026-03-02T01:00:00.000Z',
        listedBy: by,
      },
      {
        subject: DishonestOwnerDelistedV1.subject,
        creditCode: owner,
        version: 2,
        delistedAt: '2026-03-02T01:00:00.000Z',
        delistedBy: by,
      },
      {
        subject: DishonestOwnerListedV1.subject,
        creditCode: owner,
        version: 3,
        reason: reason.reason,
        listedAt: '2026-03-02T01:00:00.000Z',
        listedBy: by,
      },
    ])
    // And the relay publishes them, in that order.
    await expect
      .poll(async () => (await w.published(DishonestOwnerListedV1)).filter((e) => e.creditCode === owner).length)
      .toBe(2)
    expect((await w.published(DishonestOwnerDelistedV1)).filter((e) => e.creditCode === owner)).toHaveLength(1)
  })

  it('refuses a listing without a reason, with one over 500 characters, or under a malformed credit code', async () => {
    for (const body of [{}, { reason: '' }, { reason: '失'.repeat(501) }, { reason: 'x', extra: 1 }]) {
      const res = await w.call('PUT', `/dishonest-owners/${code}`, actors.admin, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    }
    expect((await w.call('PUT', '/dishonest-owners/not-a-code', actors.admin, { reason: 'x' })).status).toBe(400)
    expect((await listing(code)).body.owners).toEqual([])
  })
})

describe('接件 apart from 受理 (行政许可法第三十二条)', () => {
  const receive = (projectId: string) => open(projectId, landPlanningReceived)
  /** The receipt's event, once the relay has published it. */
  const receiptOf = async (applicationId: string) => {
    const published = async () =>
      (await w.published(ApplicationReceivedV1)).find((e) => e.applicationId === applicationId)
    await expect.poll(published).toBeDefined()
    return (await published()) as NonNullable<Awaited<ReturnType<typeof published>>>
  }

  it('answers a receipt and its acceptance as reads answer them, and publishes the receipt, then the acceptance with both days', async () => {
    const projectId = await registerOnly(lowRiskFactory())
    const res = await receive(projectId)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = res.body.application.applicationId
    expect(res.body.application).toMatchObject({ nationalCode: 1, status: 'open', receivedOn: '2026-03-02' })
    expect(await application(id)).toEqual(res.body.application)
    w.clock.set('2026-03-03T02:00:00Z')
    const accepted = await w.call('POST', `/applications/${id}/accept`, actors.clerk, {})
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200)
    expect(accepted.body.application).toMatchObject({ nationalCode: 3, acceptedOn: '2026-03-03' })
    expect(await application(id)).toEqual(accepted.body.application)
    const receipts = (await w.published(ApplicationReceivedV1)).filter((e) => e.applicationId === id)
    expect(receipts).toMatchObject([{ step: 'land-planning-and-filing', receipt: { nationalCode: 1 } }])
    // 收件清单: what the window received travels with the events, so a paper printed later lists it.
    const handedIn = landPlanningReceived.materials.map((m) => ({ code: m.code, documentRef: m.documentRef }))
    expect(handedIn.length).toBeGreaterThan(0)
    expect(receipts[0]?.materials).toEqual(handedIn)
    const event = await acceptedEvent(id)
    expect(event).toMatchObject({ acceptedOn: '2026-03-03', receipt: { nationalCode: 3, receivedOn: '2026-03-02' } })
    expect(event.materials).toEqual(handedIn)
    expect(event.items.length).toBeGreaterThan(0)
    const again = await w.call('POST', `/applications/${id}/accept`, actors.clerk, {})
    expect(again.body).toMatchObject({ status: 409, code: 'INTAKE_RECEIPT_ALREADY_DECIDED', nationalCode: 3 })
  })

  it('publishes the receipt with its 容缺 materials and their promised days, which its acceptance then owes', async () => {
    const projectId = await register()
    const res = await open(projectId, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
      deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-20' }],
      acceptance: 'later',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = res.body.application.applicationId
    const receipt = await receiptOf(id)
    expect(receipt.owedMaterials).toEqual([{ code: 'construction-contract', promisedOn: '2026-03-20' }])
    expect(receipt.materials?.map((m) => m.code)).not.toContain('construction-contract')
    const accepted = await w.call('POST', `/applications/${id}/accept`, actors.clerk, {})
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200)
    expect((await acceptedEvent(id)).deficiencies).toEqual([
      expect.objectContaining({ material: 'construction-contract', promisedOn: '2026-03-20' }),
    ])
  })

  it('publishes a receipt with nothing owed as owing nothing', async () => {
    const res = await receive(await registerOnly(lowRiskFactory()))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect((await receiptOf(res.body.application.applicationId)).owedMaterials).toEqual([])
  })

  // Every event names who acted as `role:sub`, and a token's `sub` may be 255 characters (OpenID Connect's limit): the
  // receipt's event once held `receivedBy` to 200, so such a clerk's receipt failed on publish with a 500.
  it('takes and accepts a receipt for a clerk whose sub is as long as a token allows', async () => {
    const clerk = { sub: `clerk-${'x'.repeat(249)}`, role: 'clerk' }
    const projectId = await registerOnly(lowRiskFactory())
    const res = await w.call('POST', `/projects/${projectId}/applications`, clerk, landPlanningReceived)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = res.body.application.applicationId
    const accepted = await w.call('POST', `/applications/${id}/accept`, clerk, {})
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200)
    const event = await acceptedEvent(id)
    expect(event.receipt?.receivedBy).toBe(`clerk:${clerk.sub}`)
  })

  it('counts a 告知承诺 verify-by day from the day the receipt is accepted, not from its receipt day', async () => {
    const projectId = await register()
    const res = await open(projectId, {
      step: 'six-item-bundle',
      form: { builder: '示例建设工程有限公司' },
      materials: sixItemMaterials,
      commitments: [{ item: 'engineering-planning-permit' }],
      acceptance: 'later',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = res.body.application.applicationId
    // Received Monday 2 March, accepted Wednesday 4 March: 20 W from then is Wednesday 1 April (from the receipt day
    // it would be Monday 30 March).
    w.clock.set('2026-03-04T02:00:00Z')
    const accepted = await w.call('POST', `/applications/${id}/accept`, actors.clerk, {})
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200)
    expect(accepted.body.application.commitments).toEqual([
      { item: 'engineering-planning-permit', verifyBy: '2026-04-01' },
    ])
    expect((await acceptedEvent(id)).commitments).toEqual([
      { item: 'engineering-planning-permit', verifyBy: '2026-04-01', limit: { value: 20, unit: 'W' } },
    ])
  })

  it('passes over a withdrawn receipt: the step may be received again, and the next step still waits for it', async () => {
    const projectId = await registerOnly(lowRiskFactory())
    const first = (await receive(projectId)).body.application.applicationId
    const owner = actors.owner(owners.shanwei.creditCode)
    const stranger = await w.call(
      'POST',
      `/applications/${first}/withdraw-receipt`,
      actors.owner(owners.foshan.creditCode),
      {},
    )
    expect(stranger.body.code).toBe('INTAKE_NOT_YOUR_PROJECT')
    const withdrawn = await w.call('POST', `/applications/${first}/withdraw-receipt`, owner, { reason: '重新准备' })
    expect(withdrawn.body.application).toMatchObject({ nationalCode: 2, status: 'withdrawn' })
    const next = await open(projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials })
    expect(next.body).toMatchObject({ code: 'INTAKE_STEP_OUT_OF_ORDER', waitingFor: 'land-planning-and-filing' })
    expect((await receive(projectId)).status).toBe(201)
    // Received and not decided holds the step, as an accepted application does.
    expect((await receive(projectId)).body.code).toBe('INTAKE_APPLICATION_ALREADY_OPEN')
  })
})

describe('容缺 → cure → certificate', () => {
  async function acceptedWithDeficiency() {
    const projectId = await register()
    const res = await open(projectId, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
      deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-20' }],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return { projectId, app: res.body.application }
  }

  it('answers an opening with the application as a read of it answers it (the 201 is not read back)', async () => {
    const projectId = await register()
    const res = await open(projectId, {
      step: 'six-item-bundle',
      form: { builder: '示例建设工程有限公司' },
      materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
      deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-20' }],
      commitments: [{ item: 'engineering-planning-permit' }],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.application.deficiencies).toHaveLength(1)
    expect(res.body.application.commitments).toHaveLength(1)
    expect(await application(res.body.application.applicationId)).toEqual(res.body.application)
  })

  it('accepts with a deficiency, and the cure publishes DeficiencyCuredV1', async () => {
    const { app } = await acceptedWithDeficiency()
    expect(app.outcome).toBe('accepted-with-deficiencies')
    expect(app.deficiencies).toEqual([
      expect.objectContaining({
        material: 'construction-contract',
        name: '施工合同',
        promisedOn: '2026-03-20',
        cured: false,
      }),
    ])
    const event = await acceptedEvent(app.applicationId)
    expect(event.withDeficiencies).toBe(true)
    expect(event.deficiencies).toEqual([
      { material: 'construction-contract', name: '施工合同', promisedOn: '2026-03-20' },
    ])

    const notOwed = await cure(app.applicationId, ['design-scheme'])
    expect(notOwed.status).toBe(422)
    expect(notOwed.body.code).toBe('INTAKE_MATERIAL_NOT_OWED')
    expect(notOwed.body.errors[0].field).toBe('/materials/0/code')
    const foreign = await cure(app.applicationId, ['construction-contract'], owners.foshan.creditCode)
    expect(foreign.status).toBe(403)
    expect(foreign.body).toEqual(
      problem(403, 'INTAKE_NOT_YOUR_PROJECT', 'Only the project owner may hand in its materials.'),
    )

    w.clock.advanceDays(2)
    const cured = await cure(app.applicationId, ['construction-contract'])
    expect(cured.status, JSON.stringify(cured.body)).toBe(200)
    expect(cured.body).toMatchObject({ cured: ['construction-contract'], remaining: [] })
    await expect
      .poll(async () => (await w.published(DeficiencyCuredV1)).filter((e) => e.applicationId === app.applicationId))
      .toEqual([expect.objectContaining({ material: 'construction-contract', curedOn: '2026-03-04', remaining: 0 })])
    const again = await cure(app.applicationId, ['construction-contract'])
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('INTAKE_NOTHING_OWED')
    const nobody = uuidv7()
    const unknown = await cure(nobody, ['construction-contract'])
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual(problem(404, 'INTAKE_APPLICATION_NOT_FOUND', `No application ${nobody}.`))
  })

  it('withholds the certificate when the step is approved while a material is owed, and releases it on the cure', async () => {
    const { projectId, app } = await acceptedWithDeficiency()
    await w.decideStep(approved(app.applicationId, projectId))
    await expect.poll(async () => (await application(app.applicationId)).status).toBe('approved')
    expect((await application(app.applicationId)).certificate).toBe('withheld')
    expect((await w.published(CertificateReleasedV1)).some((e) => e.applicationId === app.applicationId)).toBe(false)
    expect(
      Number(
        // This application's: the first step, approved in the setup, released its own certificate.
        (
          await w.db.pool.query(`SELECT count(*) AS n FROM outbox_message WHERE subject = $1 AND aggregate_id = $2`, [
            CertificateReleasedV1.subject,
            app.applicationId,
          ])
        ).rows[0].n,
      ),
    ).toBe(0)

    const cured = await cure(app.applicationId, ['construction-contract'])
    expect(cured.status).toBe(200)
    expect(cured.body.certificate).toBe('released')
    await expect
      .poll(async () => (await w.published(CertificateReleasedV1)).filter((e) => e.applicationId === app.applicationId))
      .toEqual([expect.objectContaining({ projectId, step: 'six-item-bundle' })])
    expect((await application(app.applicationId)).certificate).toBe('released')
  })

  it('releases the certificate at once when the step is approved and nothing is owed; a rejection closes', async () => {
    const projectId = await register()
    const res = await open(projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials })
    const id = res.body.application.applicationId
    await w.decideStep(approved(id, projectId))
    await expect
      .poll(async () => (await w.published(CertificateReleasedV1)).filter((e) => e.applicationId === id).length)
      .toBe(1)
    expect(await application(id)).toMatchObject({
      status: 'approved',
      certificate: 'released',
      decidedOn: '2026-03-05',
    })

    const { projectId: p2, app } = await acceptedWithDeficiency()
    await w.decideStep({ ...approved(app.applicationId, p2), outcome: 'rejected' })
    await expect.poll(async () => (await application(app.applicationId)).status).toBe('rejected')
    const closed = await cure(app.applicationId, ['construction-contract'])
    expect(closed.status).toBe(409)
    expect(closed.body.code).toBe('INTAKE_APPLICATION_CLOSED')
    // Closed, so the step may be applied for again.
    const reopened = await open(p2, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials })
    expect(reopened.status).toBe(201)
  })
})
