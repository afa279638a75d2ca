import { RatingFixOverdueV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  expectStatus,
  landPlanningDepartments,
  landPlanningMaterials,
  lowRiskFactory,
  nthWorkingDayAfter,
  openApplication,
  owners,
  published,
  registerProject,
  taskOf,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// 好差评 (issue 17 part 6) through the real services and the gateway, on an injected clock: a bad rating opens a
// fix-and-reply loop whose due date is the 10th working day after the rating (004:1642, 004:1535, 004:1539), which
// the supervisor sees overdue once the clock passes it; a good rating opens nothing; an undecided task, another owner's
// task and a second first rating are refused. Monday 2026-03-02, 09:00 Shanghai.
const START = '2026-03-02T01:00:00Z'
let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const ownerB = () => world.token('owner', { creditCode: owners.b.creditCode })
const ownerA = () => world.token('owner', { creditCode: owners.a.creditCode })
const supervisor = () => world.token('supervisor')
const reviewerOf = (department: string) => world.token('reviewer', { department })
// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
type Loose = any

const rate = (taskId: string, bearer: string, body: object) =>
  world.api('POST', `/api/v1/tasks/${taskId}/rating`, bearer, body)

/** A Shanwei project of owner B with its first step opened: the two departments' tasks, not yet decided. */
async function openedStep() {
  const projectId = await registerProject(world, lowRiskFactory(owners.b))
  const applicationId: string = expectStatus(
    await openApplication(world, projectId, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
    }),
    201,
  ).application.applicationId
  const [natural, reform] = await Promise.all(landPlanningDepartments.map((d) => taskOf(world, d, applicationId)))
  if (!natural || !reform) throw new Error('unreachable: both tasks were waited for')
  return { projectId, applicationId, natural, reform }
}

async function decide(task: { taskId: string; department: string }) {
  expectStatus(await act(world, task, { action: 'claim' }), 200)
  expectStatus(await act(world, task, { action: 'approve' }), 200)
}

/** The project's ratings as the owner reads them, once `check` holds. */
async function projectRatingsWhen(projectId: string, check: (r: Loose[]) => boolean): Promise<Loose[]> {
  let last: Loose[] = []
  await until(
    async () => {
      last = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/ratings`, ownerB()), 200).ratings
      return check(last)
    },
    15_000,
    () => JSON.stringify(last.map((r) => [r.rating.department, r.rating.fix?.status])),
  )
  return last
}

/** The 好差评 part of the project's status answer (GET /projects/:id/status), as `bearer` reads it. */
async function statusRatings(projectId: string, bearer: string): Promise<Loose[]> {
  return expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, bearer), 200).ratings
}

async function supervisionWhen(range: string, check: (a: Loose) => boolean): Promise<Loose> {
  let last: Loose
  await until(
    async () => {
      last = expectStatus(await world.api('GET', `/api/v1/supervision/ratings?${range}`, supervisor()), 200)
      return check(last)
    },
    15_000,
    () => JSON.stringify(last),
  )
  return last
}

describe('好差评 through the gateway', () => {
  it('a bad rating opens a fix-and-reply loop on its working-day clock; the supervisor sees it overdue once the clock runs out, once; a good rating opens nothing', async () => {
    world.clock.set(START)
    const { projectId, natural, reform } = await openedStep()

    // Undecided: refused by approval, nothing written.
    const early = await rate(natural.taskId, ownerB(), { level: 'dissatisfied' })
    expect(early.status).toBe(409)
    expect(early.body.code).toBe('APPROVAL_RATING_NOT_DECIDED')

    await decide(natural)
    await decide(reform)

    // Another owner cannot see the task, so it cannot rate it: the same 404 as an unknown task.
    const stranger = await rate(natural.taskId, ownerA(), { level: 'very-satisfied' })
    expect(stranger.status).toBe(404)
    // A reviewer is not the owner.
    expect((await rate(natural.taskId, reviewerOf(natural.department), { level: 'satisfied' })).status).toBe(403)

    // Wednesday 4 March: the owner rates natural-resources 不满意 and development-reform 满意.
    world.clock.set('2026-03-04T03:00:00Z')
    const bad = expectStatus(
      await rate(natural.taskId, ownerB(), { level: 'dissatisfied', comment: '材料被要求重复提交' }),
      200,
    ).rating
    const due = nthWorkingDayAfter('2026-03-04', 10)
    expect(due).toBe('2026-03-18')
    expect(bad.fix).toMatchObject({ status: 'open', start: '2026-03-04', dueOn: due, limit: { value: 10, unit: 'W' } })
    expect(bad.first).toMatchObject({ level: 'dissatisfied', comment: '材料被要求重复提交', ratedOn: '2026-03-04' })
    const good = expectStatus(await rate(reform.taskId, ownerB(), { level: 'satisfied' }), 200).rating
    expect(good.fix).toBeUndefined()

    // Rated once: a second first rating is refused, the first stands.
    const again = await rate(natural.taskId, ownerB(), { level: 'very-satisfied' })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('APPROVAL_ALREADY_RATED')

    // The owner sees both on its project; the read model has them in stream order.
    const mine = await projectRatingsWhen(projectId, (r) => r.length === 2)
    expect(mine.find((r) => r.rating.department === natural.department).rating.fix.dueOn).toBe(due)
    expect(mine.find((r) => r.rating.department === reform.department).rating.fix).toBeUndefined()
    // The owner's status answer carries each department's rating and the loop's state beside the flow.
    const inStatus = await statusRatings(projectId, ownerB())
    expect(inStatus.find((r) => r.department === natural.department)).toMatchObject({
      ratingId: bad.ratingId,
      taskId: natural.taskId,
      level: 'dissatisfied',
      ratedOn: '2026-03-04',
      fix: { state: 'open', dueOn: due },
    })
    expect(inStatus.find((r) => r.department === reform.department)).toMatchObject({ level: 'satisfied' })
    expect(inStatus.find((r) => r.department === reform.department).fix).toBeUndefined()
    // Read in the status's own statement, in the list's order (an open loop to fix first).
    expect(inStatus.map((r) => r.ratingId)).toEqual(mine.map((r) => r.rating.ratingId))
    expect(inStatus[0]?.ratingId).toBe(bad.ratingId)
    // A reviewer reading the status sees its own department's rating only (row-level security, as for the list).
    const reviewerView = await statusRatings(projectId, reviewerOf(reform.department))
    expect(reviewerView.map((r) => r.department)).toEqual([reform.department])

    // The department sees its own bad rating to reply to; the other department neither sees nor replies to it.
    const theirs = expectStatus(await world.api('GET', '/api/v1/ratings', reviewerOf(natural.department)), 200)
    expect(theirs.ratings.map((r: Loose) => r.rating.ratingId)).toContain(bad.ratingId)
    const others = expectStatus(await world.api('GET', '/api/v1/ratings?loop=all', reviewerOf(reform.department)), 200)
    expect(others.ratings.map((r: Loose) => r.rating.ratingId)).not.toContain(bad.ratingId)
    const wrongDept = await world.api('POST', `/api/v1/ratings/${bad.ratingId}/reply`, reviewerOf(reform.department), {
      fix: 'x',
      reply: 'y',
    })
    expect(wrongDept.status).toBe(404)

    // The supervisor's figure per department: one 不满意 with its loop open, one 满意 with none.
    const range = 'from=2026-03-01&to=2026-03-31'
    const open = await supervisionWhen(range, (a) =>
      a.loops.some((l: Loose) => l.rating.ratingId === bad.ratingId && l.rating.fix.status === 'open'),
    )
    expect(open.departments.find((d: Loose) => d.department === natural.department)).toMatchObject({
      rated: 1,
      dissatisfied: 1,
      loopsOpen: 1,
      loopsOverdue: 0,
    })
    expect(open.departments.find((d: Loose) => d.department === reform.department)).toMatchObject({
      rated: 1,
      satisfied: 1,
      loopsOpen: 0,
      loopsOverdue: 0,
    })
    expect(open.loops.map((l: Loose) => l.rating.ratingId)).not.toContain(good.ratingId)

    // On the due day the loop is not overdue yet: a scan that day records nothing.
    world.clock.set(`${due}T09:00:00Z`)
    await world.approval.scanner.runOnce()
    const overdueOf = async () =>
      (await published(world, RatingFixOverdueV1)).filter((e) => e.rating.ratingId === bad.ratingId)
    expect(await overdueOf()).toEqual([])

    // The working day after: overdue, recorded once however many passes run.
    world.clock.set(`${nthWorkingDayAfter(due, 1)}T01:00:00Z`)
    await until(async () => (await overdueOf()).length === 1)
    await world.approval.scanner.runOnce()
    await world.approval.scanner.runOnce()
    const [overdue, ...more] = await overdueOf()
    expect(more).toEqual([])
    expect(overdue?.rating.fix).toMatchObject({ status: 'open', dueOn: due, overdueOn: '2026-03-19' })
    const seen = await supervisionWhen(range, (a) =>
      a.loops.some((l: Loose) => l.rating.ratingId === bad.ratingId && l.rating.fix.overdueOn === '2026-03-19'),
    )
    expect(seen.departments.find((d: Loose) => d.department === natural.department)).toMatchObject({
      loopsOpen: 0,
      loopsOverdue: 1,
    })
    // Overdue loops come first in the supervisor's list.
    expect(seen.loops[0].rating.fix.overdueOn).toBeDefined()

    // The status answer tells the owner the loop is overdue from the day after its due day.
    expect((await statusRatings(projectId, ownerB())).find((r) => r.ratingId === bad.ratingId).fix).toMatchObject({
      state: 'overdue',
      dueOn: due,
    })

    // The department replies late (recorded, still marked overdue); the owner reads the reply and rates once more.
    const replied = expectStatus(
      await world.api('POST', `/api/v1/ratings/${bad.ratingId}/reply`, reviewerOf(natural.department), {
        fix: '已取消重复提交的要求，材料一次收齐',
        reply: '已整改，向您致歉',
      }),
      200,
    ).rating
    expect(replied.fix).toMatchObject({ status: 'replied', repliedOn: '2026-03-19', overdueOn: '2026-03-19' })
    const twice = await world.api('POST', `/api/v1/ratings/${bad.ratingId}/reply`, reviewerOf(natural.department), {
      fix: 'x',
      reply: 'y',
    })
    expect(twice.body.code).toBe('APPROVAL_RATING_REPLIED')
    const shown = await projectRatingsWhen(projectId, (r) =>
      r.some((x) => x.rating.ratingId === bad.ratingId && x.rating.fix.status === 'replied'),
    )
    expect(shown.find((x) => x.rating.ratingId === bad.ratingId).rating.fix.reply).toBe('已整改，向您致歉')
    expect((await statusRatings(projectId, ownerB())).find((r) => r.ratingId === bad.ratingId).fix).toMatchObject({
      state: 'replied',
      repliedOn: '2026-03-19',
      reply: '已整改，向您致歉',
    })
    const second = expectStatus(await rate(natural.taskId, ownerB(), { level: 'basically-satisfied' }), 200).rating
    expect(second.second).toMatchObject({ level: 'basically-satisfied', ratedOn: '2026-03-19' })
    expect((await rate(natural.taskId, ownerB(), { level: 'satisfied' })).body.code).toBe('APPROVAL_ALREADY_RATED')
    // A replied loop leaves the supervisor's open list.
    await supervisionWhen(range, (a) => !a.loops.some((l: Loose) => l.rating.ratingId === bad.ratingId))
    // Every party reads through the gateway on a loaded machine: a whole loop, its reply and two status reads.
  }, 120_000)

  it('a rating after the 5 natural days of the window is refused; a rating outside the five options is a 400 naming the field', async () => {
    world.clock.set(START)
    const { natural } = await openedStep()
    await decide(natural)
    const bogus = await rate(natural.taskId, ownerB(), { level: 'ok' })
    expect(bogus.status).toBe(400)
    expect(JSON.stringify(bogus.body)).toContain('level')
    const long = await rate(natural.taskId, ownerB(), { level: 'satisfied', comment: 'x'.repeat(501) })
    expect(long.status).toBe(400)
    expect(JSON.stringify(long.body)).toContain('comment')
    // The reads' bounds: a period backwards, an unknown loop state.
    const backwards = await world.api('GET', '/api/v1/supervision/ratings?from=2026-03-31&to=2026-03-01', supervisor())
    expect(backwards.status).toBe(400)
    expect(backwards.body.code).toBe('GATEWAY_RATINGS_RANGE_INVALID')
    expect(backwards.body.errors[0].field).toBe('/querystring/to')
    const unknown = await world.api('GET', '/api/v1/ratings?loop=late', reviewerOf(natural.department))
    expect(unknown.status).toBe(400)
    expect(JSON.stringify(unknown.body)).toContain('loop')
    // Decided on 2 March: the window is 3–7 March (004:1636); on the 8th it has closed.
    world.clock.set('2026-03-08T03:00:00Z')
    const late = await rate(natural.taskId, ownerB(), { level: 'satisfied' })
    expect(late.status).toBe(409)
    expect(late.body.code).toBe('APPROVAL_RATING_WINDOW_CLOSED')
  })

  it("a published calendar moves an open loop's due date, as every other clock's", async () => {
    // Monday 28 December 2026: 2027 is not published, so the 10 W count weekdays alone past 12-31 (the independent
    // count below, on the bundled calendar, agrees: 2027-01-11). With 元旦 01-01..01-03 published, Friday 01-01 is not
    // a working day and the 10th is Tuesday 01-12.
    world.clock.set('2026-12-28T01:00:00Z')
    const { projectId, natural } = await openedStep()
    await decide(natural)
    const bad = expectStatus(await rate(natural.taskId, ownerB(), { level: 'very-dissatisfied' }), 200).rating
    expect(bad.fix.dueOn).toBe(nthWorkingDayAfter('2026-12-28', 10))
    expect(bad.fix.dueOn).toBe('2027-01-11')
    expectStatus(
      await world.api('POST', '/api/v1/admin/calendars', world.token('admin'), {
        year: 2027,
        source: { title: '国务院办公厅关于2027年部分节假日安排的通知', number: '国办发明电〔2026〕9号' },
        holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
        workdays: [],
      }),
      201,
    )
    const moved = await projectRatingsWhen(projectId, (r) =>
      r.some((x) => x.rating.ratingId === bad.ratingId && x.rating.fix.dueOn === '2027-01-12'),
    )
    expect(moved.find((x) => x.rating.ratingId === bad.ratingId).rating.version).toBe(bad.version)
  })
})
