import { describe, expect, it } from 'vitest'
import { refuseOutsideGuide } from '../src/domain/guide.js'

const task = {
  item: 'construction-permit',
  itemName: '建筑工程施工许可证核发',
  guideMaterials: ['construction-contract', 'construction-drawings'],
}

describe('办事指南 — no 补正 outside the item’s service guide (004:1050, 004:2317)', () => {
  it('lets a 补正 the guide asks for through, and any 补正 of a task opened before the guide was pinned', () => {
    expect(refuseOutsideGuide(task, ['construction-drawings', 'construction-contract']).ok).toBe(true)
    expect(refuseOutsideGuide({ item: 'construction-permit' }, ['site-plan']).ok).toBe(true)
  })

  it('refuses one the guide does not ask for, naming the item and each material outside it at its field', () => {
    const refused = refuseOutsideGuide(task, ['construction-contract', 'site-plan', 'design-scheme'])
    expect(refused.ok).toBe(false)
    if (refused.ok) return
    expect(refused.error.code).toBe('APPROVAL_MATERIAL_NOT_IN_GUIDE')
    expect(refused.error.message).toContain('建筑工程施工许可证核发')
    expect(refused.error.details).toEqual({
      item: 'construction-permit',
      guideMaterials: ['construction-contract', 'construction-drawings'],
      outside: ['site-plan', 'design-scheme'],
      errors: [
        { field: '/body/materials/1', message: 'not in the service guide of 建筑工程施工许可证核发' },
        { field: '/body/materials/2', message: 'not in the service guide of 建筑工程施工许可证核发' },
      ],
    })
  })

  it('refuses every material of an item whose guide asks for none, at the lead’s request field', () => {
    const refused = refuseOutsideGuide(
      { item: 'fire-design-review', guideMaterials: [] },
      ['construction-drawings'],
      '/body/requests/2/materials',
    )
    expect(refused.ok).toBe(false)
    if (refused.ok) return
    expect(refused.error.details?.['errors']).toEqual([
      { field: '/body/requests/2/materials/0', message: 'not in the service guide of fire-design-review' },
    ])
  })
})
