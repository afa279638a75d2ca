import { ProjectRegisteredV1, RatingGivenV1, type RatingSnapshot } from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { owners, projectRegistered } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// 好差评 lists (docs/ratings.md): one stored rating row that no longer matches its view must not take down the list
// other rows share — it is an `unreadable` entry, as in the status answer, and the others answer.

let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const PLANNING = 'natural-resources'

/** A bad first rating given Monday 2 March; the loop's 10 WD end Monday 16 March (March 2026 has no holiday). */
const rating = (projectId: string, department: string): RatingSnapshot => ({
  ratingId: uuidv7(),
  taskId: uuidv7(),
  applicationId: uuidv7(),
  projectId,
  item: 'a',
  department,
  ownerCreditCode: owners.shanwei.creditCode,
  first: { level: 'dissatisfied', ratedAt: '2026-03-02T02:00:00Z', ratedOn: '2026-03-02', ratedBy: 'owner-1' },
  fix: { limit: { value: 10, unit: 'W' }, start: '2026-03-02', dueOn: '2026-03-16', status: 'open' },
  version: 1,
  updatedAt: '2026-03-02T02:00:00Z',
})

describe('a bad stored rating row', () => {
  it('is an unreadable entry of the project’s, the department’s and the supervisor’s lists; the others answer', async () => {
    const project = projectRegistered()
    await w.publish(ProjectRegisteredV1, project)
    const good = rating(project.projectId, PLANNING)
    const bad = rating(project.projectId, PLANNING)
    await w.publish(RatingGivenV1, { rating: good }, { rating: bad })
    const owner = w.token({ role: 'owner', creditCode: owners.shanwei.creditCode })
    const url = `/api/v1/projects/${project.projectId}/ratings`
    await expect.poll(async () => (await w.api('GET', url, owner)).body?.ratings?.length).toBe(2)

    // An option no contract knows, as an older or damaged row might hold.
    await w.db.pool.query(
      `UPDATE "${w.db.schema}".rating SET snapshot = jsonb_set(snapshot, '{first,level}', '"sleeping"') WHERE id = $1`,
      [bad.ratingId],
    )
    const expected = [
      {
        kind: 'rating',
        id: bad.ratingId,
        reason: expect.stringContaining('/rating/first/level'),
        department: PLANNING,
      },
    ]

    const listed = await w.api('GET', url, owner)
    expect(listed.status, JSON.stringify(listed.body)).toBe(200)
    expect(listed.body.ratings.map((r: { rating: RatingSnapshot }) => r.rating.ratingId)).toEqual([good.ratingId])
    expect(listed.body.unreadable).toEqual(expected)
    // The project's status shows its ratings beside the kept answer: the bad one is named there too, sent again.
    for (let i = 0; i < 2; i++) {
      const status = await w.api('GET', `/api/v1/projects/${project.projectId}/status`, owner)
      expect(status.status, JSON.stringify(status.body)).toBe(200)
      expect(status.body.ratings.map((r: { ratingId: string }) => r.ratingId)).toEqual([good.ratingId])
      expect(status.body.unreadable).toEqual([{ ...expected[0], reason: expect.stringContaining('/level') }])
    }

    const department = await w.api('GET', '/api/v1/ratings', w.token({ role: 'reviewer', department: PLANNING }))
    expect(department.status, JSON.stringify(department.body)).toBe(200)
    expect(department.body.ratings.map((r: { rating: RatingSnapshot }) => r.rating.ratingId)).toEqual([good.ratingId])
    expect(department.body.unreadable).toEqual(expected)

    const supervised = await w.api(
      'GET',
      '/api/v1/supervision/ratings?from=2026-03-01&to=2026-03-31',
      w.token({ role: 'supervisor' }),
    )
    expect(supervised.status, JSON.stringify(supervised.body)).toBe(200)
    expect(supervised.body.loops.map((r: { rating: RatingSnapshot }) => r.rating.ratingId)).toContain(good.ratingId)
    expect(supervised.body.unreadable).toEqual(expected)
  })
})

describe('the supervisor’s 好差评 page', () => {
  it('answers each department’s figure over the range and every loop still open, overdue first, both of one read', async () => {
    const project = projectRegistered()
    await w.publish(ProjectRegisteredV1, project)
    const HOUSING = 'housing-construction'
    const inMay = (r: RatingSnapshot, day: string, fix: Partial<NonNullable<RatingSnapshot['fix']>> | undefined) => ({
      ...r,
      first: { ...r.first, ratedAt: `${day}T02:00:00Z`, ratedOn: day, level: fix ? r.first.level : 'satisfied' },
      fix: fix && r.fix ? { ...r.fix, start: day, ...fix } : undefined,
    })
    const dueLater = inMay(rating(project.projectId, PLANNING), '2026-05-04', { dueOn: '2026-05-18' })
    const overdue = inMay(rating(project.projectId, PLANNING), '2026-05-04', {
      dueOn: '2026-05-18',
      overdueOn: '2026-05-19',
    })
    const dueSooner = inMay(rating(project.projectId, HOUSING), '2026-05-01', { dueOn: '2026-05-15' })
    const replied = inMay(rating(project.projectId, HOUSING), '2026-05-06', {
      status: 'replied',
      repliedOn: '2026-05-07',
    })
    const good = inMay(rating(project.projectId, HOUSING), '2026-05-06', undefined)
    const outOfRange = inMay(rating(project.projectId, HOUSING), '2026-06-01', { dueOn: '2026-06-15' })
    const mine = [dueLater, overdue, dueSooner, replied, good, outOfRange]
    await w.publish(RatingGivenV1, ...mine.map((r) => ({ rating: r })))
    const supervisor = w.token({ role: 'supervisor' })
    const page = async () => {
      const res = await w.api('GET', '/api/v1/supervision/ratings?from=2026-05-01&to=2026-05-31', supervisor)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body
    }
    const ids = new Set(mine.map((r) => r.ratingId))
    await expect.poll(async () => (await page()).departments.length).toBe(2)
    await expect
      .poll(
        async () => (await page()).loops.filter((l: { rating: RatingSnapshot }) => ids.has(l.rating.ratingId)).length,
      )
      .toBe(4)

    const body = await page()
    // Only May's first ratings are counted; loops by the state they are in now.
    expect(body.departments).toEqual([
      expect.objectContaining({
        department: HOUSING,
        rated: 3,
        satisfied: 1,
        dissatisfied: 2,
        loopsOpen: 1,
        loopsReplied: 1,
        loopsOverdue: 0,
      }),
      expect.objectContaining({
        department: PLANNING,
        rated: 2,
        dissatisfied: 2,
        loopsOpen: 1,
        loopsOverdue: 1,
        loopsReplied: 0,
      }),
    ])
    // Every loop still to be replied, whatever its month: overdue first, then by due day; with the project named.
    const loops = body.loops.filter((l: { rating: RatingSnapshot }) => ids.has(l.rating.ratingId))
    expect(loops.map((l: { rating: RatingSnapshot }) => l.rating.ratingId)).toEqual([
      overdue.ratingId,
      dueSooner.ratingId,
      dueLater.ratingId,
      outOfRange.ratingId,
    ])
    expect(loops[0]).toMatchObject({ projectCode: project.projectCode, projectName: project.name })
  })
})
