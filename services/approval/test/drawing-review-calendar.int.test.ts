import { CalendarPublishedV1, type DrawingReviewSnapshot, ProjectRegisteredV1 } from '@onewindow/contracts'
import { publishAsRelay } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accept, anAcceptance, approvalWorld, call, type World } from './helpers.js'

// 联合审图: the review clock counts on the project's calendar, as its tasks' clocks do. Monday 14 December 2026; the
// review's 5 W (the day of submission not counted): 12-15..12-18 and Mon 12-21 on the national calendar. A regional
// rest day on Wed 12-16 for 450000 (Guangxi) moves a Guangxi project's due day to Tue 12-22; a Shanwei project
// (441500) in the same world keeps 12-21.
const START = '2026-12-14T02:00:00Z'
const TODAY = '2026-12-14'
const NATIONAL_DUE = '2026-12-21'
const REGIONAL_DUE = '2026-12-22'

const overlay = {
  key: 'region-450000',
  kind: 'overlay' as const,
  version: 1,
  notice: '示例：广西壮族自治区地方休息日',
  publishedAt: START,
  publishedBy: 'admin-1',
  entry: {
    region: '450000',
    name: '广西壮族自治区',
    source: { title: '示例：广西壮族自治区地方休息日通知' },
    restDays: [{ name: '示例地方休息日', from: '2026-12-16', to: '2026-12-16' }],
  },
}

let w: World
beforeAll(async () => {
  w = await approvalWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const owner = (creditCode: string) => ({ sub: `owner-${creditCode}`, role: 'owner', creditCode })

/** The owner's drawing set as the gateway forwards it; `forwarded`, what the gateway adds (the project it holds). */
const submit = (projectId: string, creditCode: string, forwarded: object = {}) =>
  call(w, 'POST', `/projects/${projectId}/drawing-review`, owner(creditCode), {
    reviewBody: { name: '审查中心', creditCode: '91441500MA51XY202F' },
    title: '施工图',
    documentRef: 'doc://drawings-v1.zip',
    ...forwarded,
  })

/** A project with an accepted application in `region`, then its drawing set submitted through the route. */
async function submittedIn(region: string, creditCode: string): Promise<DrawingReviewSnapshot> {
  const accepted = anAcceptance(TODAY, ['housing-construction'], { region, ownerCreditCode: creditCode })
  await accept(w, accepted)
  const res = await submit(accepted.projectId, creditCode)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return (res.body as { review: DrawingReviewSnapshot }).review
}

describe('联合审图 clock on the project’s calendar', () => {
  it('takes out the regional rest day of the project’s region, and only of that region', async () => {
    await publishAsRelay(w.nc, w.topology, CalendarPublishedV1, overlay, { aggregate: overlay.key, source: 'intake' })
    await expect
      .poll(async () => (await w.db.pool.query('SELECT key FROM calendar_entry')).rows.map((r) => r.key))
      .toContain('region-450000')
    const guangxi = await submittedIn('450000', '91450000MA5L000016')
    expect(guangxi.versions[0]?.clock.region).toBe('450000')
    expect(guangxi.versions[0]?.dueOn).toBe(REGIONAL_DUE)

    const shanwei = await submittedIn('441500', '91441500MA51XY201H')
    expect(shanwei.versions[0]?.clock.region).toBe('441500')
    expect(shanwei.versions[0]?.dueOn).toBe(NATIONAL_DUE)
  })

  it('counts on the region of a project approval knows only by its registration, and refuses one it has not heard of', async () => {
    await publishAsRelay(w.nc, w.topology, CalendarPublishedV1, overlay, { aggregate: overlay.key, source: 'intake' })
    const creditCode = '91450000MA5L000024'
    const registration: ProjectRegisteredV1 = {
      projectId: uuidv7(),
      projectCode: '2026-450000-47-01-900002',
      name: '广西示例厂房项目',
      projectType: 'industrial-land-with-scheme',
      region: '450000',
      owner: { name: '广西示例实业有限公司', creditCode },
      investmentFen: 100_000_000,
      registeredAt: START,
    }
    // Not heard of yet: no copy and no task — refused, not counted on the national calendar.
    const early = await submit(registration.projectId, creditCode)
    expect(early.status, JSON.stringify(early.body)).toBe(404)
    expect(early.body.code).toBe('APPROVAL_PROJECT_NOT_FOUND')
    expect(
      (await w.db.pool.query('SELECT 1 FROM drawing_review WHERE project_id = $1', [registration.projectId])).rowCount,
    ).toBe(0)

    await publishAsRelay(w.nc, w.topology, ProjectRegisteredV1, registration, {
      aggregate: registration.projectId,
      source: 'intake',
    })
    await expect
      .poll(
        async () =>
          (await w.db.pool.query('SELECT region FROM project WHERE id = $1', [registration.projectId])).rows[0]?.region,
      )
      .toBe('450000')
    // No application yet, so no task: the region is the registration's, with its regional rest day taken out.
    const res = await submit(registration.projectId, creditCode)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const review = (res.body as { review: DrawingReviewSnapshot }).review
    expect(review.versions[0]?.clock.region).toBe('450000')
    expect(review.versions[0]?.dueOn).toBe(REGIONAL_DUE)
  })

  it('keeps the copy the gateway sends of a project whose registration it never heard, and counts on its region', async () => {
    await publishAsRelay(w.nc, w.topology, CalendarPublishedV1, overlay, { aggregate: overlay.key, source: 'intake' })
    // Registered longer ago than the stream keeps events: approval never hears of it, the gateway's read model holds it.
    const projectId = uuidv7()
    const creditCode = '91450000MA5L000032'
    const project = {
      projectCode: '2026-450000-47-01-900003',
      name: '广西示例仓储项目',
      region: '450000',
      location: '钦州港',
    }
    const res = await submit(projectId, creditCode, { project })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const review = (res.body as { review: DrawingReviewSnapshot }).review
    expect(review.versions[0]?.clock.region).toBe('450000')
    expect(review.versions[0]?.dueOn).toBe(REGIONAL_DUE)
    // Its copy, as the registration's would be: the review body's list names the project by it.
    const copy = await w.db.pool.query(
      'SELECT name, project_code AS "projectCode", region, location FROM project WHERE id = $1',
      [projectId],
    )
    expect(copy.rows).toEqual([project])
  })
})
