import { ProjectRegisteredV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { encodeProjectCursor } from '../src/http/project-cursor.js'
import { projectRegistered } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const clerk = () => w.token({ role: 'clerk' })
type Page = {
  projects: Array<{ projectId: string }>
  nextCursor?: string
  unreadable: unknown[]
  code?: string
  errors?: unknown
}

/** `GET /api/v1/projects` as the desk's search asks it. */
type Answer = { status: number; body: Page & Record<string, unknown>; headers: Record<string, unknown> }
async function page(query: Record<string, string>): Promise<Answer> {
  return (await w.api('GET', `/api/v1/projects?${new URLSearchParams(query)}`, clerk())) as Answer
}

/** Every page of `search` at `limit`, following nextCursor to the last. */
async function allPages(search: string, limit: number): Promise<string[]> {
  const seen: string[] = []
  let cursor: string | undefined
  for (let pages = 0; pages < 100; pages++) {
    const res = await page({ search, limit: String(limit), ...(cursor ? { cursor } : {}) })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const rows = [...res.body.projects, ...(res.body.unreadable as Array<{ id: string }>)]
    expect(rows.length).toBeLessThanOrEqual(limit)
    seen.push(...res.body.projects.map((p) => p.projectId))
    cursor = res.body.nextCursor
    if (cursor === undefined) return seen
    // A full page leads on, its unreadable rows counted with it.
    expect(rows).toHaveLength(limit)
  }
  throw new Error('the cursor never ran out')
}

describe('GET /api/v1/projects: the desk’s search, cursor-paged', () => {
  // More matches than a page, several registered in the same millisecond (a tie the id must break), and one that does
  // not match, among projects of other tests' worlds.
  const word = `分页检索${Math.floor(Math.random() * 1e9)}`
  const instants = [
    '2026-03-02T01:00:00.000Z',
    '2026-03-02T01:00:00.000Z',
    '2026-03-02T01:00:00.000Z',
    '2026-03-03T08:30:00.125Z',
    '2026-03-01T00:00:00.000Z',
    '2026-03-03T08:30:00.125Z',
    '2026-02-27T09:00:00.000Z',
  ]
  const matching = instants.map((registeredAt, i) => projectRegistered({ name: `${word}厂房${i}`, registeredAt }))
  // Newest first, the same instant by id: the order the list promises.
  const expected = matching
    .toSorted((a, b) => b.registeredAt.localeCompare(a.registeredAt) || (a.projectId < b.projectId ? -1 : 1))
    .map((p) => p.projectId)

  beforeAll(async () => {
    for (const p of [...matching, projectRegistered({ name: '无关项目' })]) await w.publish(ProjectRegisteredV1, p)
    await vi.waitFor(
      async () => expect((await page({ search: word, limit: '200' })).body.projects).toHaveLength(matching.length),
      { timeout: 15_000, interval: 100 },
    )
  })

  it('pages through every match once, in order, at a page of 1, 2 and 3', async () => {
    const whole = await page({ search: word, limit: '200' })
    expect(whole.body.projects.map((p) => p.projectId)).toEqual(expected)
    expect(whole.body.nextCursor).toBeUndefined()
    for (const limit of [1, 2, 3]) expect(await allPages(word, limit), `limit ${limit}`).toEqual(expected)
  })

  it("pages on past a project stored at 'infinity', naming it where it falls", async () => {
    const marker = `无限分页${Math.floor(Math.random() * 1e9)}`
    const good = projectRegistered({ name: `${marker}甲` })
    const bad = projectRegistered({ name: `${marker}乙` })
    for (const p of [good, bad]) await w.publish(ProjectRegisteredV1, p)
    await vi.waitFor(async () => expect((await page({ search: marker, limit: '200' })).body.projects).toHaveLength(2), {
      timeout: 15_000,
      interval: 100,
    })
    await w.db.pool.query(`UPDATE project SET registered_at = 'infinity' WHERE id = $1`, [bad.projectId])
    // Newest first, 'infinity' newest of all: the first page is the stored row alone, named, and leads on.
    const first = await page({ search: marker, limit: '1' })
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(first.body.projects).toEqual([])
    expect(first.body.unreadable).toEqual([expect.objectContaining({ kind: 'project', id: bad.projectId })])
    expect(first.body.nextCursor).toBeDefined()
    expect(await allPages(marker, 1)).toEqual([good.projectId])
  })

  it('answers a cursor it did not give 400, naming the cursor', async () => {
    const first = await page({ search: word, limit: '2' })
    const given = first.body.nextCursor as string
    expect(given).toMatch(/^[A-Za-z0-9_-]+$/)
    const bad = [
      'not-a-cursor',
      Buffer.from('["2026-03-02T01:00:00.000Z"]').toString('base64url'),
      // A day no calendar has, an ISO spelling PostgreSQL does not write, an id that is none.
      Buffer.from(JSON.stringify(['2026-02-30 01:00:00', expected[0]])).toString('base64url'),
      Buffer.from(JSON.stringify(['2026-03-02T01:00:00.000Z', expected[0]])).toString('base64url'),
      Buffer.from(JSON.stringify(['2026-03-02 01:00:00', 'x'])).toString('base64url'),
      `${given}A`,
    ]
    for (const cursor of bad) {
      const res = await page({ search: word, limit: '2', cursor })
      expect(res.status, cursor).toBe(400)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(res.body.code).toBe('VALIDATION_FAILED')
      expect(JSON.stringify(res.body), cursor).toContain('/querystring/cursor')
    }
    // A well-formed key the route could have written reads on from there.
    const key = { registeredAt: '2026-03-03 08:30:00.125', projectId: '00000000-0000-7000-8000-000000000000' }
    const from = await page({ search: word, limit: '200', cursor: encodeProjectCursor(key) })
    expect(from.status).toBe(200)
    expect(from.body.projects.map((p) => p.projectId)).toEqual(expected)
  })

  it('bounds the cursor’s length and the page size', async () => {
    for (const query of [
      { cursor: 'A'.repeat(201) } as Record<string, string>,
      { cursor: 'a+b/' },
      { limit: '0' },
      { limit: '201' },
      { limit: 'many' },
    ]) {
      const res = await page({ search: word, ...query })
      expect(res.status, JSON.stringify(query)).toBe(400)
      expect(res.body.code, JSON.stringify(query)).toBe('VALIDATION_FAILED')
      expect(JSON.stringify(res.body), JSON.stringify(query)).toContain(`/querystring/${Object.keys(query)[0]}`)
    }
  })
})
