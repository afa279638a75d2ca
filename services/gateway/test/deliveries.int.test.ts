import {
  ApplicationResultDeliveryV1,
  DELIVERY_DONE_STATES,
  type DeliveryMode,
  DeliveryState,
  ProjectRegisteredV1,
  type ResultDelivery,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { owners, projectRegistered } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// 结果送达 (GET /api/v1/deliveries, GET /api/v1/projects/:id/deliveries): the deliveries intake publishes, kept in
// the read model's own table, read over real NATS.

let w: GatewayWorld
let clerk: string
const mine = projectRegistered()
const theirs = projectRegistered({ owner: owners.foshan })

const delivery = (
  projectId: string,
  dueAt: string,
  mode: DeliveryMode,
  state: ResultDelivery['state'],
  version = 1,
): ResultDelivery => ({
  applicationId: uuidv7(),
  projectId,
  step: 'six-item-bundle',
  stepName: '六证合一',
  outcome: 'approved',
  mode,
  chosen: true,
  state,
  dueAt,
  dueOn: dueAt.slice(0, 10),
  version,
  updatedAt: dueAt,
  by: 'intake',
  ...(mode === 'post' ? { recipient: '张三', address: '汕尾市城区一号', phone: '13800000000' } : {}),
})

// Three awaiting (two due on the same instant, broken by their id), one done, and one of another owner's project.
const first = delivery(mine.projectId, '2026-03-02T01:00:00.000Z', 'post', 'awaiting-posting')
const tieA = delivery(mine.projectId, '2026-03-03T01:00:00.000Z', 'on-site', 'awaiting-collection')
const tieB = delivery(theirs.projectId, '2026-03-03T01:00:00.000Z', 'post', 'awaiting-posting')
const online = delivery(mine.projectId, '2026-03-01T01:00:00.000Z', 'online', 'delivered-online')
// Posted, then an older snapshot replayed late: the newer stays.
const posted = {
  ...delivery(mine.projectId, '2026-02-27T01:00:00.000Z', 'post', 'posted', 2),
  trackingNumber: 'SF123456',
}
const { trackingNumber: _, ...untracked } = posted
const stale: ResultDelivery = { ...untracked, state: 'awaiting-posting', version: 1 }
const awaitingIds = [first, tieA, tieB].sort((a, b) =>
  a.dueAt === b.dueAt ? a.applicationId.localeCompare(b.applicationId) : a.dueAt.localeCompare(b.dueAt),
)

const ids = (body: { deliveries: Array<{ applicationId: string }> }) => body.deliveries.map((d) => d.applicationId)

beforeAll(async () => {
  w = await gatewayWorld()
  clerk = w.token({ role: 'clerk' })
  await w.publish(ProjectRegisteredV1, mine, theirs)
  await w.publish(
    ApplicationResultDeliveryV1,
    ...[first, tieA, tieB, online, posted, stale].map((d) => ({ delivery: d })),
  )
  await vi.waitFor(
    async () => {
      const r = await w.api('GET', '/api/v1/deliveries?state=done', clerk)
      expect(r.body.deliveries).toHaveLength(1)
      const a = await w.api('GET', '/api/v1/deliveries', clerk)
      expect(a.body.deliveries).toHaveLength(4)
    },
    { timeout: 10_000, interval: 100 },
  )
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('GET /api/v1/deliveries', () => {
  it('lists the awaiting deliveries oldest due first, the newest snapshot of each', async () => {
    const r = await w.api('GET', '/api/v1/deliveries', clerk)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(ids(r.body)).toEqual([posted.applicationId, ...awaitingIds.map((d) => d.applicationId)])
    expect(r.body.deliveries[0]).toMatchObject({ state: 'posted', trackingNumber: 'SF123456', version: 2 })
    expect(r.body.nextCursor).toBeUndefined()
    expect(r.body.unreadable).toEqual([])
    const done = await w.api('GET', '/api/v1/deliveries?state=done', clerk)
    expect(ids(done.body)).toEqual([online.applicationId])
  })

  it('pages with the cursor it gives, each delivery once, across a tie on the instant', async () => {
    const seen: string[] = []
    let cursor: string | undefined
    for (let page = 0; page < 5; page++) {
      const r = await w.api('GET', `/api/v1/deliveries?limit=1${cursor ? `&cursor=${cursor}` : ''}`, clerk)
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      seen.push(...ids(r.body))
      cursor = r.body.nextCursor
      if (!cursor) break
    }
    expect(seen).toEqual([posted.applicationId, ...awaitingIds.map((d) => d.applicationId)])
  })

  it('refuses a cursor it did not give with 400 naming the field', async () => {
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url')
    // The shape of a key with a day no calendar has: refused as a cursor, never handed to PostgreSQL to fail on.
    const impossible = ['2026-13-45 10:00:00', '2026-13-45 10:00:00+00'].map((at) =>
      Buffer.from(JSON.stringify([at, '01890000-0000-7000-8000-000000000000'])).toString('base64url'),
    )
    for (const cursor of [forged, 'bm90LWpzb24', ...impossible]) {
      const r = await w.api('GET', `/api/v1/deliveries?cursor=${cursor}`, clerk)
      expect(r.status).toBe(400)
      expect(JSON.stringify(r.body)).toContain('/querystring/cursor')
    }
    expect((await w.api('GET', '/api/v1/deliveries?state=later', clerk)).status).toBe(400)
  })

  it('is the clerk’s: an owner and a supervisor are refused the list', async () => {
    const owner = w.token({ role: 'owner', creditCode: owners.shanwei.creditCode })
    expect((await w.api('GET', '/api/v1/deliveries', owner)).status).toBe(403)
    expect((await w.api('GET', '/api/v1/deliveries', w.token({ role: 'supervisor' }))).status).toBe(403)
  })
})

describe('GET /api/v1/projects/:id/deliveries', () => {
  it('shows an owner its own project’s deliveries and hides another’s as unknown', async () => {
    const owner = w.token({ role: 'owner', creditCode: owners.shanwei.creditCode })
    const own = await w.api('GET', `/api/v1/projects/${mine.projectId}/deliveries`, owner)
    expect(own.status, JSON.stringify(own.body)).toBe(200)
    expect(ids(own.body).sort()).toEqual([posted, online, first, tieA].map((d) => d.applicationId).sort())
    const other = await w.api('GET', `/api/v1/projects/${theirs.projectId}/deliveries`, owner)
    expect(other.status).toBe(404)
    expect(other.body.code).toBe('GATEWAY_PROJECT_NOT_FOUND')
  })

  it('pages a project’s deliveries with the cursor it gives, each once, and refuses a cursor it did not give', async () => {
    const owner = w.token({ role: 'owner', creditCode: owners.shanwei.creditCode })
    const seen: string[] = []
    let cursor: string | undefined
    for (let page = 0; page < 5; page++) {
      const url = `/api/v1/projects/${mine.projectId}/deliveries?limit=1${cursor ? `&cursor=${cursor}` : ''}`
      const r = await w.api('GET', url, owner)
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(r.body.deliveries).toHaveLength(1)
      seen.push(...ids(r.body))
      cursor = r.body.nextCursor
      if (!cursor) break
    }
    expect(seen).toEqual([posted, online, first, tieA].map((d) => d.applicationId))
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url')
    const r = await w.api('GET', `/api/v1/projects/${mine.projectId}/deliveries?cursor=${forged}`, owner)
    expect(r.status).toBe(400)
    expect(JSON.stringify(r.body)).toContain('/querystring/cursor')
  })

  it('shows a clerk and a supervisor any project’s, and refuses a reviewer', async () => {
    for (const role of ['clerk', 'supervisor'] as const) {
      const r = await w.api('GET', `/api/v1/projects/${theirs.projectId}/deliveries`, w.token({ role }))
      expect(r.status, role).toBe(200)
      expect(ids(r.body)).toEqual([tieB.applicationId])
    }
    const reviewer = w.token({ role: 'reviewer', department: 'housing' })
    expect((await w.api('GET', `/api/v1/projects/${mine.projectId}/deliveries`, reviewer)).status).toBe(403)
  })
})

// Last: it adds a project with more deliveries than one page, all done, so the lists above are as they were.
describe('a project with more deliveries than one read answered', () => {
  it('answers every one of them over its pages, none dropped', async () => {
    const many = projectRegistered()
    await w.publish(ProjectRegisteredV1, many)
    const due = (i: number) => new Date(Date.UTC(2026, 0, 5, 1, 0, i)).toISOString()
    const all = Array.from({ length: 501 }, (_, i) => delivery(many.projectId, due(i), 'online', 'delivered-online'))
    await w.publish(ApplicationResultDeliveryV1, ...all.map((d) => ({ delivery: d })))
    const seen: string[] = []
    await vi.waitFor(
      async () => {
        seen.length = 0
        let cursor: string | undefined
        for (let page = 0; page < 10; page++) {
          const url = `/api/v1/projects/${many.projectId}/deliveries?limit=200${cursor ? `&cursor=${cursor}` : ''}`
          const r = await w.api('GET', url, clerk)
          expect(r.status, JSON.stringify(r.body)).toBe(200)
          seen.push(...ids(r.body))
          cursor = r.body.nextCursor
          if (!cursor) break
        }
        expect(seen).toHaveLength(all.length)
      },
      { timeout: 20_000, interval: 200 },
    )
    expect(seen).toEqual(all.map((d) => d.applicationId))
  })
})

// After the lists above too: its awaiting deliveries would join the clerk's.
describe('done, the tab a delivery is listed under', () => {
  const modeOf = (state: DeliveryState): DeliveryMode =>
    state === 'delivered-online'
      ? 'online'
      : state === 'awaiting-collection' || state === 'collected'
        ? 'on-site'
        : 'post'

  it('is generated from the state, as DELIVERY_DONE_STATES says, for every state; no writer sets it', async () => {
    const project = projectRegistered()
    await w.publish(ProjectRegisteredV1, project)
    const states = DeliveryState.anyOf.map((s) => s.const)
    const each = states.map((state, i) =>
      delivery(project.projectId, `2026-01-06T01:00:0${i}.000Z`, modeOf(state), state),
    )
    await w.publish(ApplicationResultDeliveryV1, ...each.map((d) => ({ delivery: d })))
    const stored = async () =>
      (
        await w.db.pool.query<{ state: DeliveryState; done: boolean }>(
          'SELECT state, done FROM result_delivery WHERE project_id = $1 ORDER BY due_at',
          [project.projectId],
        )
      ).rows
    await vi.waitFor(async () => expect(await stored()).toHaveLength(states.length), { timeout: 10_000 })
    expect(await stored()).toEqual(states.map((state) => ({ state, done: DELIVERY_DONE_STATES.includes(state) })))

    // A state changed behind the projector's back still decides the tab: the flag is no second fact to forget.
    const [awaiting] = each.filter((d) => d.state === 'awaiting-collection')
    await w.db.pool.query(`UPDATE result_delivery SET state = 'collected' WHERE application_id = $1`, [
      awaiting?.applicationId,
    ])
    const row = await w.db.pool.query('SELECT done FROM result_delivery WHERE application_id = $1', [
      awaiting?.applicationId,
    ])
    expect(row.rows).toEqual([{ done: true }])
    await expect(
      w.db.pool.query('UPDATE result_delivery SET done = false WHERE application_id = $1', [awaiting?.applicationId]),
    ).rejects.toThrow(/column "done" can only be updated to DEFAULT/)
  })
})
