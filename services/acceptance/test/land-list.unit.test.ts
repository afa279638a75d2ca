import { describe, expect, it } from 'vitest'
import { caseLandList, defectsOf, type ProjectLandList, refuseDefectsOutsideList } from '../src/domain/land-list.js'
import { caseNotFound } from '../src/domain/not-found.js'

const list: ProjectLandList = {
  plotId: '0190a0a0-0000-7000-8000-000000000001',
  plotCode: 'A-07',
  name: '高新区A-07地块',
  publishedOn: '2026-02-27',
  materials: ['green-space-survey-report', 'planning-conditions-letter'],
}

describe('用地清单 at acceptance: a defect’s requirement checked against the plot’s list', () => {
  it('refuses a referenced defect outside the list, naming the list and each field', () => {
    const r = refuseDefectsOutsideList(list, [
      '疏散指示标志缺失',
      { text: '补交交通影响评价', requires: 'traffic-impact-study' },
      { text: '补交绿地测量报告', requires: 'green-space-survey-report' },
      { text: '补交噪声检测', requires: 'noise-report' },
    ])
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('ACCEPTANCE_OUTSIDE_LAND_LIST')
    expect(r.error.message).toContain('A-07')
    expect(r.error.message).toContain('2026-02-27')
    expect(r.error.details).toMatchObject({
      plotCode: 'A-07',
      listPublishedOn: '2026-02-27',
      outside: ['traffic-impact-study', 'noise-report'],
      errors: [
        { field: '/body/defects/1/requires', message: 'outside the land-condition list of plot A-07' },
        { field: '/body/defects/3/requires', message: 'outside the land-condition list of plot A-07' },
      ],
    })
  })

  it('lets through what the list names, free text, and anything on a project with no listed plot', () => {
    expect(refuseDefectsOutsideList(list, [{ text: 'x', requires: 'planning-conditions-letter' }, '自由文本']).ok).toBe(
      true,
    )
    expect(refuseDefectsOutsideList(undefined, [{ text: 'x', requires: 'traffic-impact-study' }]).ok).toBe(true)
  })

  it('keeps the texts and, for each referenced defect, its index, requirement and the list it was checked on', () => {
    expect(defectsOf(['a', { text: 'b', requires: 'green-space-survey-report' }], list)).toEqual({
      texts: ['a', 'b'],
      requirements: [{ defect: 1, requires: 'green-space-survey-report', plotCode: 'A-07' }],
    })
    expect(defectsOf([{ text: 'b', requires: 'm' }], undefined).requirements).toEqual([{ defect: 0, requires: 'm' }])
  })
})

describe('用地清单 for the departments on the case: who reads the list a defect rests on', () => {
  const c = {
    caseId: '0190a0a0-0000-7000-8000-0000000000c1',
    projectId: '0190a0a0-0000-7000-8000-0000000000a1',
    lead: 'housing-construction',
    items: [{ department: 'housing-construction' }, { department: 'fire' }],
  }
  const entries = [{ kind: 'greening' as const, text: '绿地率不低于15%', materials: ['green-space-survey-report'] }]
  const withEntries = { ...list, entries }

  it('gives the lead and each department with an item the list, its entries and the materials they allow', () => {
    for (const actor of [
      { sub: 'l', role: 'lead' as const, department: 'housing-construction' },
      { sub: 'r', role: 'reviewer' as const, department: 'fire' },
    ]) {
      const r = caseLandList(c, actor, withEntries)
      expect(r).toEqual({
        ok: true,
        value: {
          caseId: c.caseId,
          projectId: c.projectId,
          landList: {
            plotId: list.plotId,
            plotCode: 'A-07',
            name: '高新区A-07地块',
            publishedOn: '2026-02-27',
            materials: list.materials,
            entries,
          },
        },
      })
    }
  })

  it('answers without a list when the project stands on no listed plot', () => {
    const r = caseLandList(c, { sub: 'l', role: 'lead', department: 'housing-construction' }, undefined)
    expect(r).toEqual({ ok: true, value: { caseId: c.caseId, projectId: c.projectId } })
  })

  it('answers anyone else as if the case did not exist', () => {
    for (const actor of [
      { sub: 'x', role: 'lead' as const, department: 'market-regulation' },
      { sub: 'x', role: 'reviewer' as const, department: 'water' },
      { sub: 'x', role: 'reviewer' as const },
      { sub: 'o', role: 'owner' as const, creditCode: '91440605MA4W1B2C3D' },
      { sub: 's', role: 'supervisor' as const },
    ]) {
      const r = caseLandList(c, actor, withEntries)
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'ACCEPTANCE_CASE_NOT_FOUND',
          message: `No acceptance case ${c.caseId}.`,
          details: { caseId: c.caseId },
        },
      })
      // The one definition commands.ts answers an unknown case with: the same bytes, not a copy of them.
      expect(r).toEqual(caseNotFound(c.caseId))
    }
  })
})
