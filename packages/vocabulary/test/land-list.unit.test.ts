import { describe, expect, it } from 'vitest'
import { refuseOutsideLandList } from '../src/index.js'

const list = {
  plotId: '0192f000-0000-7000-8000-0000000000b1',
  plotCode: 'A-07',
  name: '高新区A-07地块',
  publishedOn: '2026-03-02',
  materials: ['planning-conditions-letter'],
}

describe('用地清单 — the one check both approval and acceptance run (004:2263)', () => {
  it('refuses each requested material outside the list at its own field, with the caller’s code', () => {
    const r = refuseOutsideLandList(
      'X_OUTSIDE_LAND_LIST',
      list,
      [
        { field: '/body/a', material: 'planning-conditions-letter' },
        { field: '/body/b', material: 'noise-report' },
      ],
      ' at acceptance',
    )
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'X_OUTSIDE_LAND_LIST',
        message:
          '用地清单 of plot A-07 (高新区A-07地块, published 2026-03-02) does not name noise-report: a department may not add requirements outside the list at acceptance.',
        details: {
          plotId: list.plotId,
          plotCode: 'A-07',
          listPublishedOn: '2026-03-02',
          outside: ['noise-report'],
          errors: [{ field: '/body/b', message: 'outside the land-condition list of plot A-07' }],
        },
      },
    })
  })

  it('binds nothing without a list, and lets through what the list names', () => {
    expect(refuseOutsideLandList('X', undefined, [{ field: '/f', material: 'anything' }], '').ok).toBe(true)
    expect(refuseOutsideLandList('X', list, [{ field: '/f', material: 'planning-conditions-letter' }], '').ok).toBe(
      true,
    )
  })
})
