import { MAX_ITEM_MATERIALS } from '@onewindow/catalogue'
import {
  type AssessedAreaSnapshot,
  MAX_GUIDE_MATERIALS,
  type PublishAreaBody,
  type PublishPlotBody,
} from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { ASSESSMENTS } from '../src/assessment-catalogue.js'
import {
  applicationLandList,
  decideAreaPublication,
  decideLink,
  decidePlotPublication,
  MAX_PLOT_MATERIALS,
  stepAssessments,
  withConnectionPoints,
  withPlotAsks,
} from '../src/domain/land.js'

const ctx = {
  id: '0192f000-0000-7000-8000-0000000000a1',
  at: '2026-03-02T01:00:00.000Z',
  today: '2026-03-02',
  by: 'admin:a',
}
const areaBody: PublishAreaBody = {
  code: 'park-1',
  name: '产业园',
  kind: 'park',
  region: '441500',
  results: [
    { subject: 'seismic-safety', documentRef: 'doc://seismic.pdf', issuedOn: '2026-01-15', assessedBy: '市政府' },
    { subject: 'cultural-relics', documentRef: 'doc://relics.pdf', issuedOn: '2026-01-15', assessedBy: '市政府' },
  ],
  exceptions: ['cultural-relics'],
}
const area = (): AssessedAreaSnapshot => {
  const d = decideAreaPublication(areaBody, ctx)
  if (!d.ok) throw new Error(d.error.message)
  return d.value
}

describe('区域评估 — what an area spares a step (004:2265)', () => {
  it('asks a project in no area for every assessment report at an assessed step, and none at another step', () => {
    const outside = stepAssessments('eight-item-bundle', undefined)
    expect(outside.covered).toEqual([])
    expect(outside.asked.map((m) => m.code)).toEqual(ASSESSMENTS.map((a) => a.material.code))
    expect(outside.asked.every((m) => m.required && !m.deficiencyAllowed)).toBe(true)
    expect(stepAssessments('six-item-bundle', undefined)).toEqual({ asked: [], covered: [], delivered: [] })
  })

  it('covers what the area has a result for, citing it; an exception-list subject is still asked though assessed', () => {
    const inside = stepAssessments('eight-item-bundle', area())
    expect(inside.covered).toEqual([
      {
        subject: 'seismic-safety',
        name: '地震安全性评价',
        material: 'seismic-safety-evaluation',
        areaId: ctx.id,
        areaName: '产业园',
        documentRef: 'doc://seismic.pdf',
        issuedOn: '2026-01-15',
        source: 'seeds/004_33317a5f04b53a73.txt:2265',
      },
    ])
    const asked = inside.asked.map((m) => m.code)
    expect(asked).toContain('cultural-relics-assessment')
    expect(asked).not.toContain('seismic-safety-evaluation')
    expect(asked).toHaveLength(ASSESSMENTS.length - 1)
  })

  it("takes a report the project's intermediary delivered instead of asking for it; the area's result comes first", () => {
    const report = (subject: 'environmental-impact' | 'seismic-safety') => ({
      subject,
      engagementId: '0192f000-0000-7000-8000-00000000e001',
      serviceName: '环境影响报告书（表）编制',
      intermediaryName: '汕尾市示例环境科技有限公司',
      documentRef: `doc://${subject}.pdf`,
      deliveredOn: '2026-02-20',
    })
    const outside = stepAssessments('eight-item-bundle', undefined, [report('environmental-impact')])
    expect(outside.delivered).toEqual([
      { ...report('environmental-impact'), material: 'environmental-impact-report', name: '环境影响报告' },
    ])
    expect(outside.asked.map((m) => m.code)).not.toContain('environmental-impact-report')
    expect(outside.asked).toHaveLength(ASSESSMENTS.length - 1)
    // Inside the area, its seismic result stands for the report; a delivered one is not cited beside it.
    const inside = stepAssessments('eight-item-bundle', area(), [report('seismic-safety')])
    expect(inside.covered.map((c) => c.subject)).toEqual(['seismic-safety'])
    expect(inside.delivered).toEqual([])
    // A step that asks for no assessment report takes none either.
    expect(stepAssessments('six-item-bundle', undefined, [report('environmental-impact')]).delivered).toEqual([])
  })

  it('refuses a subject twice and a result issued after today, naming each field', () => {
    const d = decideAreaPublication(
      {
        ...areaBody,
        results: [
          { ...areaBody.results[0], issuedOn: '2026-03-03' } as PublishAreaBody['results'][number],
          areaBody.results[0] as PublishAreaBody['results'][number],
        ],
      },
      ctx,
    )
    expect(d.ok).toBe(false)
    if (d.ok) return
    expect(d.error.code).toBe('INTAKE_AREA_INVALID')
    expect(((d.error.details?.['errors'] ?? []) as Array<{ field: string }>).map((e) => e.field)).toEqual([
      '/results/0/issuedOn',
      '/results/1/subject',
    ])
  })

  it('links only land of the project’s region', () => {
    expect(decideLink({ region: '441500' }, { region: '441500', kind: 'area', code: 'p' }).ok).toBe(true)
    const other = decideLink({ region: '441500' }, { region: '440600', kind: 'plot', code: 'p' })
    expect(other.ok ? undefined : other.error.code).toBe('INTAKE_LAND_REGION_MISMATCH')
  })
})

describe('用地清单 — the list published at the land sale (004:2263)', () => {
  const plotBody: PublishPlotBody = {
    plotCode: 'A-07',
    name: '地块',
    region: '441500',
    areaId: ctx.id,
    soldOn: '2026-02-27',
    entries: [
      { kind: 'planning-condition', text: '容积率≤2.0', materials: ['planning-conditions-letter'] },
      { kind: 'greening', text: '绿地率≤20%' },
    ],
    connectionPoints: [{ utility: 'water', point: 'J-12', requirement: 'DN150' }],
  }

  it('publishes a plot in an area of its region; refuses another region’s area, a later sale day and a utility twice', () => {
    const d = decidePlotPublication(plotBody, area(), { ...ctx, id: '0192f000-0000-7000-8000-0000000000b1' })
    expect(d.ok && d.value.areaId).toBe(ctx.id)
    const bad = decidePlotPublication(
      {
        ...plotBody,
        soldOn: '2026-03-09',
        connectionPoints: [...plotBody.connectionPoints, { utility: 'water', point: 'J-13', requirement: 'DN100' }],
      },
      { ...area(), region: '440600' },
      ctx,
    )
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    expect(((bad.error.details?.['errors'] ?? []) as Array<{ field: string }>).map((e) => e.field)).toEqual([
      '/soldOn',
      '/areaId',
      '/connectionPoints/1/utility',
    ])
  })

  it('refuses a list whose entries name more materials between them than an item’s pinned guide has room for', () => {
    // 20 entries of 5 materials each, the first 80 distinct: a repeat across entries counts once.
    const entries = (distinct: number) =>
      Array.from({ length: 20 }, (_, e) => ({
        kind: 'planning-condition' as const,
        text: `条件${e}`,
        materials: Array.from({ length: 5 }, (_, m) => `material-${(e * 5 + m) % distinct}`),
      }))
    const fits = decidePlotPublication({ ...plotBody, entries: entries(MAX_PLOT_MATERIALS) }, area(), ctx)
    expect(fits.ok).toBe(true)
    const bad = decidePlotPublication({ ...plotBody, entries: entries(MAX_PLOT_MATERIALS + 1) }, area(), ctx)
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    expect(bad.error.code).toBe('INTAKE_PLOT_INVALID')
    expect(((bad.error.details?.['errors'] ?? []) as Array<{ field: string }>).map((e) => e.field)).toEqual([
      '/entries',
    ])
  })

  it('leaves every pinned guide within the task’s bound: the item’s guide, the plot’s list and the assessments', () => {
    expect(MAX_ITEM_MATERIALS + MAX_PLOT_MATERIALS + ASSESSMENTS.length).toBeLessThanOrEqual(MAX_GUIDE_MATERIALS)
  })

  it('allows the step’s checklist and the materials the entries name, nothing else', () => {
    const d = decidePlotPublication(plotBody, area(), { ...ctx, id: '0192f000-0000-7000-8000-0000000000b1' })
    if (!d.ok) throw new Error(d.error.message)
    const list = applicationLandList(d.value, ['design-scheme', 'construction-contract'])
    expect(list).toEqual({
      plotId: '0192f000-0000-7000-8000-0000000000b1',
      plotCode: 'A-07',
      name: '地块',
      publishedOn: '2026-03-02',
      materials: ['design-scheme', 'construction-contract', 'planning-conditions-letter'],
    })
  })

  it('adds the materials the list’s entries name to every item’s pinned guide once (004:2263), and pins none where the item had none', () => {
    const d = decidePlotPublication(plotBody, area(), { ...ctx, id: '0192f000-0000-7000-8000-0000000000b1' })
    if (!d.ok) throw new Error(d.error.message)
    const items = [
      { item: 'construction-permit', materials: ['construction-contract'] },
      { item: 'planning', materials: ['planning-conditions-letter'] },
      { item: 'fire-design-review' },
    ]
    expect(withPlotAsks(items, d.value)).toEqual([
      { item: 'construction-permit', materials: ['construction-contract', 'planning-conditions-letter'] },
      { item: 'planning', materials: ['planning-conditions-letter'] },
      { item: 'fire-design-review' },
    ])
  })
})

describe('用地清单 — the hookups take the list’s connection points (004:2263)', () => {
  it('gives water its point from the list and leaves drainage, which the list has none for, as the form gave it', () => {
    const d = decidePlotPublication(
      {
        plotCode: 'A-07',
        name: '地块',
        region: '441500',
        soldOn: '2026-02-27',
        entries: [{ kind: 'greening', text: '绿地率≤20%' }],
        connectionPoints: [{ utility: 'water', point: 'J-12', requirement: 'DN150' }],
      },
      undefined,
      ctx,
    )
    if (!d.ok) throw new Error(d.error.message)
    const hookups = [
      { provider: 'water' as const, lengthM: 120 },
      { provider: 'drainage' as const, lengthM: 80 },
    ]
    expect(withConnectionPoints(hookups, d.value)).toEqual([
      { provider: 'water', lengthM: 120, connectionPoint: { plotCode: 'A-07', point: 'J-12', requirement: 'DN150' } },
      { provider: 'drainage', lengthM: 80 },
    ])
    expect(withConnectionPoints(hookups, undefined)).toEqual(hookups)
  })
})
