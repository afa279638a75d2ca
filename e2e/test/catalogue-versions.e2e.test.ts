import { bundledDocuments, type CatalogueDocument, checkDocument } from '@onewindow/catalogue'
import { CatalogueActivatedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  applicationIn,
  approveFirstStep,
  expectStatus,
  lowRiskFactory,
  openApplication,
  published,
  registerProject,
  sixItemMaterials,
  statusWhen,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Monday 2 March 2026, 09:00 in Beijing; version 2 starts on Wednesday 4 March.
const START = '2026-03-02T01:00:00Z'
const V2_FROM = '2026-03-04'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

type Step = { code: string; name: { zh: string; en: string }; after?: string[] }
type Type = { code: string; steps?: Step[]; utilityHookup?: { step: string } }

/** Shanwei's bundled document under another version name, its low-risk type's steps changed by `change`. */
function shanwei(version: string, change: (steps: Step[], type: Type) => void): CatalogueDocument {
  const doc = structuredClone(bundledDocuments().find((d) => d.region.code === '441500')) as CatalogueDocument
  const type = (doc.projectTypes as Type[]).find((t) => t.code === 'social-simple-low-risk') as Type
  change(type.steps as Step[], type)
  return { ...doc, version }
}

// Version 1 names the six-item step its own way (visible on the application); version 2 renames the step's code,
// so a project under version 2 has no `six-item-bundle` step at all.
const v1 = shanwei('2026.1', (steps) => {
  const step = steps.find((s) => s.code === 'six-item-bundle') as Step
  step.name = { zh: '六项一并申请（2026.1版）', en: 'six items in one application (2026.1)' }
})
const v2 = shanwei('2026.2', (steps, type) => {
  const step = steps.find((s) => s.code === 'six-item-bundle') as Step
  step.code = 'six-items-2026'
  for (const s of steps) s.after = s.after?.map((a) => (a === 'six-item-bundle' ? 'six-items-2026' : a))
  if (type.utilityHookup) type.utilityHookup.step = 'six-items-2026'
})

const admin = () => world.token('admin')
const upload = (document: unknown) => world.api('POST', '/api/v1/admin/catalogue/versions', admin(), { document })
const activate = (version: string, activeFrom: string) =>
  world.api('POST', `/api/v1/admin/catalogue/versions/441500/${version}/activate`, admin(), { activeFrom })
const versions = async () =>
  expectStatus(await world.api('GET', '/api/v1/admin/catalogue/versions?region=441500', admin()), 200).versions

describe('catalogue versions, through the gateway', () => {
  let v1Pin = ''
  let v2Pin = ''
  let pinnedToV1 = ''

  it('answers every problem of an upload at once, as `catalogue validate` lists them, and stores nothing', async () => {
    type Entry = { code: string; department?: string; stage?: string; comittedLimit?: number; colour?: string }
    const broken = structuredClone(v1) as unknown as { items: Entry[]; projectTypes: Type[] }
    // Three mistakes of three kinds in one document: an unknown department, an unknown stage, an unknown item.
    ;(broken.items[0] as Entry).department = 'nowhere'
    ;(broken.items[1] as Entry).stage = 'no-stage'
    const type = broken.projectTypes.find((t) => t.code === 'social-simple-low-risk') as Type & { steps: Step[] }
    ;(type.steps[0] as Step & { items: string[] }).items.push('not-an-item')

    const res = await upload(broken)
    const problem = expectStatus(res, 422)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(problem.code).toBe('INTAKE_CATALOGUE_INVALID')
    // Exactly the CLI's list (checkDocument is what `onewindow catalogue validate <file>` prints), every one at once.
    expect(problem.problems).toEqual(checkDocument(broken, 'document').problems)
    const errors = problem.problems.filter((p: { severity: string }) => p.severity === 'error')
    expect(errors.map((p: { code: string; path: string }) => [p.code, p.path])).toEqual([
      ['CATALOGUE_UNKNOWN_DEPARTMENT', `items[${broken.items[0]?.code}].department`],
      ['CATALOGUE_UNKNOWN_STAGE', `items[${broken.items[1]?.code}].stage`],
      ['CATALOGUE_UNKNOWN_ITEM', `projectTypes[social-simple-low-risk].steps[${type.steps[0]?.code}].items`],
    ])
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual([
      `/document/items[${broken.items[0]?.code}].department`,
      `/document/items[${broken.items[1]?.code}].stage`,
      `/document/projectTypes[social-simple-low-risk].steps[${type.steps[0]?.code}].items`,
    ])
    // A shape the schema refuses is answered the same way, every field at once.
    const misshapen = structuredClone(broken)
    ;(misshapen.items[0] as Entry).comittedLimit = 3
    ;(misshapen.items[1] as Entry).colour = 'red'
    const shape = expectStatus(await upload(misshapen), 422)
    expect(shape.problems).toEqual(checkDocument(misshapen, 'document').problems)
    expect(shape.problems.map((p: { code: string }) => p.code)).toEqual(['CATALOGUE_SCHEMA', 'CATALOGUE_SCHEMA'])
    expect(await versions()).toEqual([])

    // A bundled version name is refused too, and only an admin may upload.
    expect(expectStatus(await upload({ ...v1, version: '2025.2' }), 409).code).toBe('INTAKE_CATALOGUE_VERSION_TAKEN')
    // So is one a release replaced, whose pins projects still carry (packages/catalogue/data/versions.json).
    expect(expectStatus(await upload({ ...v1, version: '2025.1' }), 409).code).toBe('INTAKE_CATALOGUE_VERSION_TAKEN')
    expect(
      (await world.api('POST', '/api/v1/admin/catalogue/versions', world.token('clerk'), { document: v1 })).status,
    ).toBe(403)
    expect(await versions()).toEqual([])
  })

  it('pins the version active on the day of intake: version 2, activated from a later day, only from that day', async () => {
    v1Pin = expectStatus(await upload(v1), 201).version.pin
    expect(v1Pin).toMatch(/^441500@2026\.1\+sha256:[0-9a-f]{12}$/)
    expect(expectStatus(await activate('2026.1', '2026-03-02'), 200).version.activeFrom).toBe('2026-03-02')
    pinnedToV1 = await registerProject(world, lowRiskFactory())
    const p1 = expectStatus(await world.api('GET', `/api/v1/projects/${pinnedToV1}`, world.token('clerk')), 200)
    expect(p1.project.catalogueVersion).toBe(v1Pin)

    v2Pin = expectStatus(await upload(v2), 201).version.pin
    expect(expectStatus(await activate('2026.2', '2026-03-01'), 422).code).toBe('INTAKE_CATALOGUE_ACTIVE_FROM_PAST')
    expect(expectStatus(await activate('2026.2', V2_FROM), 200).version.activeFrom).toBe(V2_FROM)
    expect(expectStatus(await activate('2026.2', '2026-03-05'), 409).code).toBe('INTAKE_CATALOGUE_ALREADY_ACTIVATED')

    // The day before version 2 starts: still version 1.
    world.clock.set('2026-03-03T15:59:00Z')
    const before = expectStatus(
      await world.api('POST', '/api/v1/projects', world.token('clerk'), lowRiskFactory()),
      201,
    )
    expect(before.project.catalogueVersion).toBe(v1Pin)

    // From its first day (00:00 in Beijing): version 2, whose low-risk type has no `six-item-bundle` step.
    world.clock.set('2026-03-03T16:00:00Z')
    const from = expectStatus(await world.api('POST', '/api/v1/projects', world.token('clerk'), lowRiskFactory()), 201)
    expect(from.project.catalogueVersion).toBe(v2Pin)
    const refused = await openApplication(world, from.project.projectId, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials,
    })
    expect(expectStatus(refused, 404).code).toBe('INTAKE_STEP_NOT_FOUND')

    // Every service that resolves catalogue data was told, with the data (intake publishes it through its outbox).
    await until(async () => (await published(world, CatalogueActivatedV1)).length === 2)
    const events = await published(world, CatalogueActivatedV1)
    expect(events.map((e) => [e.pin, e.activeFrom])).toEqual([
      [v1Pin, '2026-03-02'],
      [v2Pin, V2_FROM],
    ])
    // Each of them stores both versions, and its copy of a project keeps the project's pin.
    for (const service of ['acceptance', 'utility', 'registration'] as const) {
      const pool = world.schemas[service].pool
      await until(
        async () => (await pool.query('SELECT pin FROM catalogue_version')).rowCount === 2,
        15_000,
        () => `${service} stores both versions`,
      )
      const stored = await pool.query<{ pin: string; active_from: string; region: string }>(
        "SELECT pin, to_char(active_from, 'YYYY-MM-DD') AS active_from, data->'region'->>'code' AS region FROM catalogue_version ORDER BY active_from",
      )
      expect(stored.rows).toEqual([
        { pin: v1Pin, active_from: '2026-03-02', region: '441500' },
        { pin: v2Pin, active_from: V2_FROM, region: '441500' },
      ])
      await until(
        async () =>
          (await pool.query('SELECT 1 FROM project WHERE id = $1 AND catalogue_version = $2', [pinnedToV1, v1Pin]))
            .rowCount === 1,
        15_000,
        () => `${service} keeps the project's pin`,
      )
    }
  })

  it('a project pinned to version 1 opens and completes its next step under version 1 after version 2 is active and intake restarted', async () => {
    await world.restartIntake()
    await approveFirstStep(world, pinnedToV1)
    const opened = await openApplication(world, pinnedToV1, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials,
    })
    const { application } = expectStatus(opened, 201)
    expect(application.catalogueVersion).toBe(v1Pin)
    expect(application.stepName).toBe('六项一并申请（2026.1版）')

    const items = application.items as Array<{ item: string }>
    const s = await statusWhen(
      world,
      pinnedToV1,
      (x) => x.tasks.filter((t) => t.applicationId === application.applicationId).length === items.length,
    )
    for (const t of s.tasks.filter((x) => x.applicationId === application.applicationId)) {
      expectStatus(await act(world, t, { action: 'claim' }), 200)
      expectStatus(await act(world, t, { action: 'approve' }), 200)
    }
    const done = await statusWhen(
      world,
      pinnedToV1,
      (x) => applicationIn(x, application.applicationId).decision?.outcome === 'approved',
    )
    expect(applicationIn(done, application.applicationId).decision?.outcome).toBe('approved')

    // Both versions are listed as stored, each with the day it starts.
    expect((await versions()).map((v: { pin: string; activeFrom: string }) => [v.pin, v.activeFrom])).toEqual([
      [v1Pin, '2026-03-02'],
      [v2Pin, V2_FROM],
    ])
  })
})
