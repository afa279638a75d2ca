import type { RatingSnapshot } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { readableRatings, statusRatings, withRatings } from '../src/domain/status-ratings.js'

const given = (level: RatingSnapshot['first']['level'], ratedOn: string) => ({
  level,
  ratedAt: `${ratedOn}T02:00:00.000Z`,
  ratedOn,
  ratedBy: 'owner',
})
const rating = (over: Partial<RatingSnapshot>): RatingSnapshot => ({
  ratingId: '00000000-0000-4000-8000-000000000001',
  taskId: '00000000-0000-4000-8000-000000000002',
  applicationId: '00000000-0000-4000-8000-000000000003',
  projectId: '00000000-0000-4000-8000-000000000004',
  item: 'planning-permit',
  department: 'natural-resources',
  first: given('dissatisfied', '2026-03-04'),
  version: 1,
  updatedAt: '2026-03-04T02:00:00.000Z',
  ...over,
})
const fix = {
  limit: { value: 10, unit: 'W' as const },
  start: '2026-03-04',
  dueOn: '2026-03-18',
  status: 'open' as const,
}

describe('好差评 in the status answer', () => {
  it('the loop is open to its due day, overdue the day after, replied once answered; a good rating has none', () => {
    const bad = rating({ fix })
    expect(statusRatings([bad], '2026-03-18')[0]?.fix).toEqual({ state: 'open', dueOn: '2026-03-18' })
    expect(statusRatings([bad], '2026-03-19')[0]?.fix).toEqual({ state: 'overdue', dueOn: '2026-03-18' })
    // Recorded overdue by approval's timer: overdue even if the gateway's day lags.
    expect(statusRatings([rating({ fix: { ...fix, overdueOn: '2026-03-19' } })], '2026-03-18')[0]?.fix?.state).toBe(
      'overdue',
    )
    const replied = rating({
      fix: { ...fix, status: 'replied', repliedOn: '2026-03-19', reply: '已整改', overdueOn: '2026-03-19' },
      second: given('satisfied', '2026-03-20'),
    })
    expect(statusRatings([replied], '2026-03-25')[0]).toMatchObject({
      level: 'dissatisfied',
      secondLevel: 'satisfied',
      fix: { state: 'replied', repliedOn: '2026-03-19', reply: '已整改' },
    })
    const good = statusRatings([rating({ first: given('satisfied', '2026-03-04') })], '2026-03-25')[0]
    expect(good).toMatchObject({ level: 'satisfied', department: 'natural-resources' })
    expect(good?.fix).toBeUndefined()
  })

  it('is spliced into the kept answer as its last field, the answer still JSON', () => {
    const text = withRatings('{"project":{"a":1},"pending":[]}', statusRatings([rating({ fix })], '2026-03-05'))
    const parsed = JSON.parse(text)
    expect(parsed.pending).toEqual([])
    expect(parsed.ratings).toHaveLength(1)
    expect(JSON.parse(withRatings('{"pending":[]}', [])).ratings).toEqual([])
  })

  it('shows the readable ratings when one stored row cannot be shown, and names that one', () => {
    const good = rating({ first: given('satisfied', '2026-03-04') })
    const broken = {
      ...rating({ ratingId: '00000000-0000-4000-8000-000000000009' }),
      first: { ...given('satisfied', '2026-03-04'), level: 'meh' },
    } as unknown as RatingSnapshot
    const shown = readableRatings([broken, good], '2026-03-05')
    expect(shown.views.map((v) => v.ratingId)).toEqual([good.ratingId])
    expect(shown.unreadable).toEqual([
      expect.objectContaining({ kind: 'rating', id: '00000000-0000-4000-8000-000000000009' }),
    ])
  })
})
