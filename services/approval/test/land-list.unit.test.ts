import { describe, expect, it } from 'vitest'
import { refuseSupplementOutsideList } from '../src/domain/land-list.js'

const list = {
  plotId: '0192f000-0000-7000-8000-0000000000b1',
  plotCode: 'A-07',
  name: '高新区A-07地块',
  publishedOn: '2026-03-02',
  materials: ['construction-contract', 'planning-conditions-letter'],
}

describe('用地清单 — no 补正 outside the list (004:2263)', () => {
  it('lets a 补正 within the list through, and any 补正 of an application on no list', () => {
    expect(refuseSupplementOutsideList(list, ['construction-contract', 'planning-conditions-letter']).ok).toBe(true)
    expect(refuseSupplementOutsideList(undefined, ['traffic-impact-study']).ok).toBe(true)
  })

  it('refuses one outside it, naming the list and each material outside it at its field', () => {
    const refused = refuseSupplementOutsideList(
      list,
      ['construction-contract', 'traffic-impact-study'],
      '/body/requests/0/materials',
    )
    expect(refused.ok).toBe(false)
    if (refused.ok) return
    expect(refused.error.code).toBe('APPROVAL_OUTSIDE_LAND_LIST')
    expect(refused.error.message).toContain('A-07')
    expect(refused.error.details).toMatchObject({
      plotCode: 'A-07',
      listPublishedOn: '2026-03-02',
      outside: ['traffic-impact-study'],
      errors: [{ field: '/body/requests/0/materials/1', message: 'outside the land-condition list of plot A-07' }],
    })
  })
})
