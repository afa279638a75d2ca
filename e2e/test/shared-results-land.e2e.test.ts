import { ApplicationAcceptedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  expectStatus,
  industrialShanwei,
  openApplication,
  owners,
  published,
  registerProject,
  status,
  taskOf,
  uniqueCode,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Monday 2026-03-02, 09:00 in Shanghai: a plain working month, far from any holiday.
const START = '2026-03-02T01:00:00Z'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const ALL_SUBJECTS = [
  'overlying-minerals',
  'energy-saving',
  'geological-hazards',
  'seismic-safety',
  'cultural-relics',
  'soil-water-conservation',
  'climate-feasibility',
  'lightning',
  'flood-impact',
  'environmental-impact',
  'water-resources',
]

/** The park's results for every subject, issued before the test's Monday; cultural relics on its exception list. */
const parkBody = (code: string) => ({
  code,
  name: '汕尾高新区产业园',
  kind: 'park',
  region: '441500',
  results: ALL_SUBJECTS.map((subject) => ({
    subject,
    documentRef: `doc://park/${subject}.pdf`,
    issuedOn: '2026-01-15',
    assessedBy: '汕尾市人民政府',
  })),
  exceptions: ['cultural-relics'],
})

type ChecklistMaterial = { code: string; assessment?: string }
const checklistOf = async (projectId: string, bearer = world.token('clerk')) =>
  expectStatus(
    await world.api('GET', `/api/v1/projects/${projectId}/checklist?step=eight-item-bundle`, bearer),
    200,
  ) as {
    materials: ChecklistMaterial[]
    covered: Array<{ subject: string; material: string; areaId: string; documentRef: string; issuedOn: string }>
  }
const submitted = (materials: ChecklistMaterial[]) =>
  materials.map((m) => ({ code: m.code, documentRef: `doc://${m.code}.pdf` }))

describe('区域评估 — a project in an assessed area is not assessed again', () => {
  it('asks the project outside the area for every assessment report; once located in the area, its checklist omits the covered ones citing the area’s result, except the exception list', async () => {
    world.clock.set(START)
    const admin = world.token('admin')
    const clerk = world.token('clerk')
    const area = expectStatus(await world.api('POST', '/api/v1/areas', admin, parkBody(uniqueCode())), 201).area
    expect(area).toMatchObject({ kind: 'park', exceptions: ['cultural-relics'], publishedOn: '2026-03-02' })
    // Only the city publishes an area.
    expect((await world.api('POST', '/api/v1/areas', clerk, parkBody(uniqueCode()))).status).toBe(403)
    expect(
      expectStatus(await world.api('GET', '/api/v1/areas?region=441500', clerk), 200).areas.map(
        (a: { areaId: string }) => a.areaId,
      ),
    ).toContain(area.areaId)

    const projectId = await registerProject(world, industrialShanwei())

    // Outside the area: every assessment report is on the checklist, and the application without them is refused.
    const outside = await checklistOf(projectId)
    expect(outside.covered).toEqual([])
    const outsideReports = outside.materials.filter((m) => m.assessment).map((m) => m.assessment)
    expect(outsideReports.sort()).toEqual([...ALL_SUBJECTS].sort())
    const plain = outside.materials.filter((m) => !m.assessment)
    const refused = await openApplication(world, projectId, {
      step: 'eight-item-bundle',
      form: {},
      materials: submitted(plain),
    })
    expect(refused.status).toBe(422)
    expect(refused.body.code).toBe('INTAKE_APPLICATION_INCOMPLETE')
    const missing = refused.body.errors.map((e: { field: string }) => e.field)
    expect(missing).toContain('/materials/environmental-impact-report')
    expect(missing).toContain('/materials/seismic-safety-evaluation')

    // The window locates the same project in the park.
    const linked = expectStatus(
      await world.api('POST', `/api/v1/projects/${projectId}/area`, clerk, { areaId: area.areaId }),
      200,
    ).land
    expect(linked.area.areaId).toBe(area.areaId)

    // Inside: the covered assessments leave the checklist, each citing the park's result; cultural relics, on the
    // exception list, is still asked.
    const inside = await checklistOf(projectId, world.token('owner', { creditCode: owners.b.creditCode }))
    expect(inside.materials.filter((m) => m.assessment).map((m) => m.assessment)).toEqual(['cultural-relics'])
    expect(inside.covered.map((c) => c.subject).sort()).toEqual(
      ALL_SUBJECTS.filter((s) => s !== 'cultural-relics').sort(),
    )
    expect(inside.covered.find((c) => c.subject === 'environmental-impact')).toMatchObject({
      material: 'environmental-impact-report',
      areaId: area.areaId,
      documentRef: 'doc://park/environmental-impact.pdf',
      issuedOn: '2026-01-15',
    })

    // A covered report handed in anyway is refused, naming the area's result.
    const extra = await openApplication(world, projectId, {
      step: 'eight-item-bundle',
      form: {},
      materials: submitted([...inside.materials, { code: 'environmental-impact-report' }]),
    })
    expect(extra.status).toBe(422)
    expect(extra.body.errors.map((e: { code: string }) => e.code)).toContain('INTAKE_MATERIAL_COVERED_BY_AREA')
    // Without the covered reports it is accepted.
    const accepted = expectStatus(
      await openApplication(world, projectId, {
        step: 'eight-item-bundle',
        form: {},
        materials: submitted(inside.materials),
      }),
      201,
    ).application
    expect(accepted.outcome).toBe('accepted')

    // Another owner sees neither the project's checklist nor its land.
    const stranger = world.token('owner', { creditCode: owners.a.creditCode })
    expect((await world.api('GET', `/api/v1/projects/${projectId}/land`, stranger)).status).toBe(404)
  })
})

describe('用地清单 — departments may not ask beyond the plot’s land-condition list', () => {
  it('attaches the list when the land is linked, refuses a 补正 outside it naming the list, and lets one inside it through', async () => {
    world.clock.set(START)
    const admin = world.token('admin')
    const clerk = world.token('clerk')
    const area = expectStatus(await world.api('POST', '/api/v1/areas', admin, parkBody(uniqueCode())), 201).area
    const plotCode = uniqueCode()
      .slice(-12)
      .replace(/[^A-Za-z0-9-]/g, '-')
    const plot = expectStatus(
      await world.api('POST', '/api/v1/plots', admin, {
        plotCode,
        name: '高新区A-07地块',
        region: '441500',
        areaId: area.areaId,
        soldOn: '2026-02-27',
        entries: [
          {
            kind: 'planning-condition',
            text: '容积率1.2–2.0，建筑限高24米',
            materials: ['planning-conditions-letter'],
          },
          { kind: 'design-point', text: '沿街立面退线10米' },
          { kind: 'indicator', text: '投资强度不低于300万元/亩' },
          { kind: 'greening', text: '绿地率不高于20%' },
        ],
        connectionPoints: [
          { utility: 'water', point: '创业路DN300给水管 J-12', requirement: '接驳管径DN150' },
          { utility: 'power', point: '10kV高新线 #23环网柜', requirement: '双回路供电' },
        ],
      }),
      201,
    ).plot
    expect(plot.connectionPoints).toHaveLength(2)

    const projectId = await registerProject(world, industrialShanwei())
    const land = expectStatus(
      await world.api('POST', `/api/v1/projects/${projectId}/plot`, clerk, { plotId: plot.plotId }),
      200,
    ).land
    // The plot lies in the park: the project is located there too.
    expect(land.plot.plotId).toBe(plot.plotId)
    expect(land.area.areaId).toBe(area.areaId)
    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    const shown = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/land`, owner), 200).land
    expect(shown.plot.entries).toHaveLength(4)

    const list = await checklistOf(projectId)
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'eight-item-bundle',
        form: {},
        materials: submitted(list.materials),
      }),
      201,
    ).application
    const housing = await taskOf(world, 'housing-construction', application.applicationId)
    expectStatus(await act(world, housing, { action: 'claim' }), 200)

    // A material neither on the checklist nor on the list: refused, naming the list; nothing is written.
    const outside = await act(world, housing, {
      action: 'supplement',
      materials: ['construction-contract', 'traffic-impact-study'],
      reason: '请补充交通影响评价',
    })
    expect(outside.status).toBe(422)
    expect(outside.body.code).toBe('APPROVAL_OUTSIDE_LAND_LIST')
    expect(outside.body.message ?? outside.body.detail).toContain(plotCode)
    expect(outside.body.errors).toEqual([
      { field: '/body/materials/1', message: `outside the land-condition list of plot ${plotCode}` },
    ])
    // The lead department may not ask beyond it either.
    const byLead = await world.api(
      'POST',
      `/api/v1/applications/${application.applicationId}/supplement-notice`,
      world.token('lead', { department: 'housing-construction' }),
      { requests: [{ taskId: housing.taskId, materials: ['traffic-impact-study'], reason: '请补充交通影响评价' }] },
    )
    expect(byLead.status).toBe(422)
    expect(byLead.body.code).toBe('APPROVAL_OUTSIDE_LAND_LIST')

    // What the checklist and the list name may be asked for.
    const inside = await act(world, housing, {
      action: 'supplement',
      materials: ['construction-contract', 'planning-conditions-letter'],
      reason: '合同页缺签章；请附规划条件函',
    })
    expect(inside.status).toBe(200)
  })

  it('gives the hookups named in the form the connection points of the plot’s list', async () => {
    world.clock.set(START)
    const admin = world.token('admin')
    const plotCode = `W-${uniqueCode().slice(-10)}`
    const plot = expectStatus(
      await world.api('POST', '/api/v1/plots', admin, {
        plotCode,
        name: '高新区B-02地块',
        region: '441500',
        soldOn: '2026-02-27',
        entries: [{ kind: 'greening', text: '绿地率不高于20%' }],
        connectionPoints: [{ utility: 'water', point: '创业路DN300给水管 J-12', requirement: '接驳管径DN150' }],
      }),
      201,
    ).plot
    const projectId = await registerProject(world, industrialShanwei())
    expectStatus(
      await world.api('POST', `/api/v1/projects/${projectId}/plot`, world.token('clerk'), { plotId: plot.plotId }),
      200,
    )
    const list = await checklistOf(projectId)
    // The form names the water and drainage hookups by their lines only; the list gives water its connection point.
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'eight-item-bundle',
        form: {
          utilities: [
            { provider: 'water', lengthM: 120, diameterMm: 150 },
            { provider: 'drainage', lengthM: 80, diameterMm: 300 },
          ],
        },
        materials: submitted(list.materials),
      }),
      201,
    ).application
    let accepted: { utilities?: unknown } | undefined
    await until(async () => {
      accepted = (await published(world, ApplicationAcceptedV1)).find(
        (a) => a.applicationId === application.applicationId,
      )
      return accepted !== undefined
    }, 60_000)
    expect(accepted?.utilities).toEqual([
      {
        provider: 'water',
        lengthM: 120,
        diameterMm: 150,
        connectionPoint: { plotCode, point: '创业路DN300给水管 J-12', requirement: '接驳管径DN150' },
      },
      { provider: 'drainage', lengthM: 80, diameterMm: 300 },
    ])
    // 水电气网报装: the water request opened from the form works from the list's connection point; drainage, which
    // the list has none for, as the form gave it.
    let withUtilities = await status(world, projectId)
    // Three services' events away (intake → utility → gateway): given a minute on a loaded machine.
    await until(
      async () => {
        withUtilities = await status(world, projectId)
        return withUtilities.utilities.length === 2
      },
      60_000,
      () => JSON.stringify({ utilities: withUtilities.utilities, timeline: withUtilities.timeline.map((e) => e.type) }),
    )
    const water = withUtilities.utilities.find((u) => u.provider === 'water')
    expect(water?.line).toMatchObject({
      lengthM: 120,
      connectionPoint: { plotCode, point: '创业路DN300给水管 J-12', requirement: '接驳管径DN150' },
    })
    const drainage = withUtilities.utilities.find((u) => u.provider === 'drainage')
    expect(drainage?.line).not.toHaveProperty('connectionPoint')
    // The land and its list are on the project's timeline.
    expect(withUtilities.timeline.map((e) => e.type)).toContain('project.plot-linked')
  })
})
