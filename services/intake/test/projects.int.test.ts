import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ProjectRegisteredV1 } from '@onewindow/contracts'
import { readAuditEntries, verifyChain } from '@onewindow/messaging'
import { schemaDifferences } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrationsDir, prismaSchemaDir } from '../src/index.js'
import { actors, foshanIndustrial, type IntakeWorld, intakeWorld, lowRiskFactory, problem } from './world.js'

let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('POST /projects (项目登记)', () => {
  it('the migration gives exactly the schema schema.prisma declares', async () => {
    expect(await schemaDifferences(prismaSchemaDir, w.db.pool, w.db.schema)).toEqual([])
    const messaging = fileURLToPath(new URL('../../../packages/messaging/prisma/messaging.sql', import.meta.url))
    const init = readFileSync(join(migrationsDir, '20261123000000_init', 'migration.sql'), 'utf8')
    expect(init.startsWith(readFileSync(messaging, 'utf8'))).toBe(true)
  })

  it('registers a project, answers 201 with its flow and publishes ProjectRegisteredV1', async () => {
    const body = lowRiskFactory()
    const res = await w.call('POST', '/projects', actors.clerk, body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const project = res.body.project
    expect(project).toMatchObject({
      projectCode: body.projectCode,
      projectType: 'social-simple-low-risk',
      region: '441500',
      owner: body.owner,
      investmentFen: 1_200_000_000,
    })
    expect(project.catalogueVersion).toMatch(/^441500@2025\.3\+sha256:[0-9a-f]{12}$/)
    await expect
      .poll(async () => (await w.published(ProjectRegisteredV1)).map((e) => e.projectId))
      .toContain(project.projectId)
    const event = (await w.published(ProjectRegisteredV1)).find((e) => e.projectId === project.projectId)
    expect(event).toMatchObject({
      projectCode: body.projectCode,
      owner: body.owner,
      catalogueVersion: project.catalogueVersion,
      cap: { value: 8, unit: 'W' },
    })
    expect(event?.flow?.map((s) => [s.step, s.limit?.value])).toEqual([
      ['land-planning-and-filing', 3],
      ['six-item-bundle', 4],
      ['joint-acceptance', 5],
      ['first-registration', 1],
    ])
    const bundle = event?.flow?.find((s) => s.step === 'six-item-bundle')
    expect(bundle).toMatchObject({ stage: 'construction-permit', name: expect.stringContaining('施工许可') })
    expect(bundle?.items).toContain('construction-permit')

    const read = await w.call('GET', `/projects/${project.projectId}`)
    expect(read.status).toBe(200)
    expect(read.body.project).toEqual(project)
  })

  it('registers a Foshan industrial plot sold with its scheme, whose steps add up to its 12 W cap', async () => {
    const res = await w.call('POST', '/projects', actors.clerk, foshanIndustrial())
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.project.cap).toEqual({ value: 12, unit: 'W' })
    expect(res.body.project.flow.map((s: { step: string }) => s.step)).toEqual([
      'permits',
      'joint-acceptance',
      'first-registration',
    ])
  })

  it('refuses a credit code whose check character is wrong, naming the field; nothing stored, no event', async () => {
    const before = { projects: await w.rows('project'), outbox: await w.outboxRows() }
    const body = lowRiskFactory({ owner: { name: '某公司', creditCode: '91441500MA51XY2010' } })
    const res = await w.call('POST', '/projects', actors.clerk, body)
    expect(res.status).toBe(422)
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(res.body.code).toBe('INTAKE_CREDIT_CODE_INVALID')
    expect(res.body.errors).toEqual([expect.objectContaining({ field: '/owner/creditCode' })])
    expect(await w.rows('project')).toBe(before.projects)
    expect(await w.outboxRows()).toBe(before.outbox)
    expect((await w.published(ProjectRegisteredV1)).some((e) => e.projectCode === body.projectCode)).toBe(false)
  })

  it('names every failing eligibility rule of an ineligible project', async () => {
    const body = lowRiskFactory({
      heightM: 30,
      facts: {
        publicFunds: true,
        use: 'office',
        singleBuildingAreaM2: 12000,
        simpleStructure: true,
        singleFunction: true,
      },
    })
    const before = await w.outboxRows()
    const res = await w.call('POST', '/projects', actors.clerk, body)
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('INTAKE_PROJECT_NOT_ELIGIBLE')
    expect(res.body.failedRules.sort()).toEqual([
      'height',
      'no-public-funds',
      'single-building-area',
      'warehouse-or-factory',
    ])
    expect(res.body.errors.map((e: { rule: string }) => e.rule).sort()).toEqual(res.body.failedRules.sort())
    expect(res.body.errors.find((e: { rule: string }) => e.rule === 'height').message).toContain('heightM is 30')
    expect(await w.outboxRows()).toBe(before)
  })

  it('treats a stated exclusion as a failing rule', async () => {
    const body = lowRiskFactory({
      facts: { ...lowRiskFactory().facts, exclusions: 'heritage' },
    })
    const res = await w.call('POST', '/projects', actors.clerk, body)
    expect(res.status).toBe(422)
    expect(res.body.failedRules).toEqual(['exclusion:heritage'])
  })

  it('refuses an unknown project type, an exempt one, and a type the region (or the national root it falls back to) lacks', async () => {
    const unknown = await w.call('POST', '/projects', actors.clerk, lowRiskFactory({ projectType: 'space-port' }))
    expect(unknown.status).toBe(422)
    expect(unknown.body.code).toBe('INTAKE_PROJECT_TYPE_UNKNOWN')
    expect(unknown.body.errors[0].field).toBe('/projectType')
    const exempt = await w.call(
      'POST',
      '/projects',
      actors.clerk,
      lowRiskFactory({ projectType: 'utility-outside-line-low-risk' }),
    )
    expect(exempt.status).toBe(422)
    expect(exempt.body.code).toBe('INTAKE_PROJECT_TYPE_EXEMPT')
    const region = await w.call('POST', '/projects', actors.clerk, lowRiskFactory({ region: '990000' }))
    expect(region.status).toBe(422)
    expect(region.body.code).toBe('INTAKE_PROJECT_TYPE_UNKNOWN')
    expect(region.body.errors[0].message).toContain('000000')
  })

  it('answers 409 for a project code already registered', async () => {
    const body = lowRiskFactory()
    expect((await w.call('POST', '/projects', actors.clerk, body)).status).toBe(201)
    const again = await w.call('POST', '/projects', actors.clerk, { ...body, name: '另一个名字' })
    expect(again.status).toBe(409)
    expect(again.body).toEqual(
      problem(409, 'INTAKE_PROJECT_CODE_TAKEN', `Project code ${body.projectCode} is already registered.`, {
        errors: [{ field: '/projectCode', code: 'INTAKE_PROJECT_CODE_TAKEN', message: 'already registered' }],
      }),
    )
  })

  it('audits a registration with the project’s id, and a refused one (a taken code, a type the region lacks) with its code', async () => {
    const before = (await readAuditEntries(w.db.pool, { after: 0, limit: 10_000 })).length
    const body = lowRiskFactory()
    const made = await w.call('POST', '/projects', actors.clerk, body)
    expect(made.status).toBe(201)
    expect((await w.call('POST', '/projects', actors.clerk, body)).status).toBe(409)
    expect((await w.call('POST', '/projects', actors.clerk, { ...lowRiskFactory(), region: '110000' })).status).toBe(
      422,
    )
    const all = await readAuditEntries(w.db.pool, { after: 0, limit: 10_000 })
    expect(verifyChain(all)).toMatchObject({ ok: true })
    const added = all.slice(before)
    expect(added.map((e) => [e.actor, e.role, e.action, e.outcome, e.code])).toEqual([
      ['clerk-1', 'clerk', 'intake.project.register', 'done', null],
      ['clerk-1', 'clerk', 'intake.project.register', 'refused', 'INTAKE_PROJECT_CODE_TAKEN'],
      ['clerk-1', 'clerk', 'intake.project.register', 'refused', 'INTAKE_PROJECT_TYPE_UNKNOWN'],
    ])
    expect(added[0]?.object).toBe(`project:${made.body.project.projectId}`)
  })

  it('answers 404 for an unknown project, 400 naming an unknown field, 401 without an actor, 403 for an owner', async () => {
    const missing = await w.call('GET', '/projects/01890000-0000-7000-8000-000000000000')
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual(
      problem(404, 'INTAKE_PROJECT_NOT_FOUND', 'No project 01890000-0000-7000-8000-000000000000.'),
    )
    const typo = await w.call('POST', '/projects', actors.clerk, { ...lowRiskFactory(), colour: 'red' })
    expect(typo.status).toBe(400)
    expect(JSON.stringify(typo.body.errors)).toContain('/body/colour')
    expect((await w.call('POST', '/projects', undefined, lowRiskFactory())).status).toBe(401)
    const owner = await w.call('POST', '/projects', actors.owner('91441500MA51XY201H'), lowRiskFactory())
    expect(owner.status).toBe(403)
  })
})

describe('GET /catalogue/:region (the window desk reads the catalogue in effect)', () => {
  it('answers the catalogue a project registered today would pin, with its types, rules and materials', async () => {
    const res = await w.call('GET', '/catalogue/441500', actors.clerk)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.pin).toMatch(/^441500@2025\.3\+sha256:[0-9a-f]{12}$/)
    expect(res.body.catalogue.region.code).toBe('441500')
    const type = res.body.catalogue.projectTypes.find((t: { code: string }) => t.code === 'social-simple-low-risk')
    expect(type.eligibility.rules.length).toBeGreaterThan(0)
    expect(type.steps.map((s: { code: string }) => s.code)).toContain('six-item-bundle')
    const materials = res.body.catalogue.items.flatMap((i: { materials: { code: string }[] }) => i.materials)
    expect(materials.map((m: { code: string }) => m.code)).toContain('construction-contract')
    // A project registered now pins the same catalogue the desk was shown.
    const project = (await w.call('POST', '/projects', actors.clerk, lowRiskFactory())).body.project
    expect(project.catalogueVersion).toBe(res.body.pin)
  })

  it('refuses an owner: the desk is the window’s', async () => {
    const owner = await w.call('GET', '/catalogue/441500', actors.owner('91441500MA51XY201H'))
    expect(owner.status).toBe(403)
    expect(owner.body.code).toBe('INTAKE_ROLE_FORBIDDEN')
  })
})
