import type { FollowOnItem, StepDecidedV1 } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { followOnId, followOnsOf, itemOnlyFollowOnId, type PinnedFollowOns } from '../src/domain/follow-on.js'

const APP = '0190a000-0000-7000-8000-000000000001'
const decided = (items: string[]): StepDecidedV1 => ({
  applicationId: APP,
  projectId: '0190a000-0000-7000-8000-000000000002',
  step: 'six-item-bundle',
  outcome: 'approved',
  decidedAt: '2026-03-04T02:00:00.000Z',
  decidedOn: '2026-03-04',
  tasks: items.map((item, i) => ({
    taskId: `0190a000-0000-7000-8000-0000000000a${i}`,
    item,
    department: 'natural-resources',
    outcome: 'approved' as const,
  })),
})
const pinned = (items: FollowOnItem[]): PinnedFollowOns => ({
  items,
  projectCode: '2026-441500-47-01-000001',
  catalogueVersion: 'test',
  stage: 'engineering-permit',
})
const houseNumber: FollowOnItem = {
  after: 'engineering-planning-permit',
  item: 'house-number-allocation',
  department: 'public-security',
}

describe('a follow-on’s id (后续事项)', () => {
  it('is the same for every delivery of the decision', () => {
    const once = followOnsOf(decided(['engineering-planning-permit']), pinned([houseNumber]))
    const again = followOnsOf(decided(['engineering-planning-permit']), pinned([houseNumber]))
    expect(once.map((f) => f.acceptance.applicationId)).toEqual(again.map((f) => f.acceptance.applicationId))
    expect(once[0]?.acceptance.applicationId).toBe(followOnId(APP, houseNumber))
  })

  it('is its own for each department one item follows up with, and for each approved item it follows', () => {
    const civilAffairs = { ...houseNumber, department: 'civil-affairs' }
    const afterLand = { ...houseNumber, after: 'land-planning-permit' }
    const opened = followOnsOf(
      decided(['engineering-planning-permit', 'land-planning-permit']),
      pinned([houseNumber, civilAffairs, afterLand]),
    )
    expect(opened).toHaveLength(3)
    expect(new Set(opened.map((f) => f.acceptance.applicationId)).size).toBe(3)
    expect(opened.map((f) => f.acceptance.items[0]?.department)).toEqual([
      'public-security',
      'civil-affairs',
      'public-security',
    ])
  })

  it('names the id an earlier release opened it on (application and item alone), for a redelivery to find', () => {
    const [f] = followOnsOf(decided(['engineering-planning-permit']), pinned([houseNumber]))
    expect(f?.openedEarlierAs).toBe(itemOnlyFollowOnId(APP, 'house-number-allocation'))
    expect(f?.openedEarlierAs).not.toBe(f?.acceptance.applicationId)
  })
})
