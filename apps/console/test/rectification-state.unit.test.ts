import { rectificationState as contractsState } from '@onewindow/contracts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rectificationState } from '../src/rectification.js'

// The console reads an ordered 整改 with its own copy of contracts' `rectificationState` (it imports no runtime code
// from contracts): the two must say the same of every finding, 整改 and day.

const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-03-${String(d).padStart(2, '0')}`)
const review = fc.option(
  fc.record({ result: fc.constantFrom('done' as const, 'not-done' as const), on: day, by: fc.constant('r-1') }),
  { nil: undefined },
)
const report = fc.record({
  statement: fc.constant('已整改'),
  reportedOn: day,
  reportedAt: fc.constant('2026-03-02T02:00:00.000Z'),
  reportedBy: fc.constant('owner-1'),
  review,
})

describe('the console’s reading of an ordered 整改', () => {
  it('is contracts’ rectificationState for every finding, 整改 and day', () => {
    fc.assert(
      fc.property(
        fc.option(
          fc.record({
            measures: fc.subarray(['rectify', 'revoke', 'bar-commitment']),
            rectifyBy: fc.option(day, { nil: undefined }),
          }),
          { nil: undefined },
        ),
        fc.option(
          fc.record({ reports: fc.array(report, { maxLength: 3 }), doneOn: fc.option(day, { nil: undefined }) }),
          {
            nil: undefined,
          },
        ),
        day,
        (finding, rectification, today) => {
          const clean = rectification && {
            reports: rectification.reports.map(({ review: r, ...x }) => (r ? { ...x, review: r } : x)),
            ...(rectification.doneOn ? { doneOn: rectification.doneOn } : {}),
          }
          expect(rectificationState(finding, clean, today)).toBe(contractsState(finding, clean, today))
        },
      ),
    )
  })
})
