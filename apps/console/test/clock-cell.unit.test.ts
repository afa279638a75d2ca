import { describe, expect, it } from 'vitest'
import { byDueDay } from '../src/components/clock-cell.js'

type Row = { id: string; due?: string; finished: boolean }
const order = (rows: Row[]) =>
  [...rows]
    .sort(
      byDueDay<Row>(
        (r) => r.due,
        (r) => r.finished,
      ),
    )
    .map((r) => r.id)

describe('the order of a list by due day', () => {
  it('puts the running cases soonest due first, then the finished ones by due day, then those with no due day', () => {
    expect(
      order([
        { id: 'none', finished: false },
        { id: 'finished-early', due: '2026-03-01', finished: true },
        { id: 'late', due: '2026-03-20', finished: false },
        { id: 'finished-late', due: '2026-03-25', finished: true },
        { id: 'soon', due: '2026-03-09', finished: false },
      ]),
    ).toEqual(['soon', 'late', 'finished-early', 'finished-late', 'none'])
  })
})
