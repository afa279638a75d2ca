import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GatewayWorld, gatewayWorld } from './world.js'

// GET /api/v1/admin/exports on the real PostgreSQL and NATS: the batches newest first, a page at a time to the last
// (`nextCursor` passed back as `cursor`), batches made in the same millisecond (the column's precision) ordered
// by id, never a batch twice or left out; a cursor it did not give is a 400 naming the field; admin only.

let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
}, 60_000)
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** A batch as the export records one, at `at`. */
async function batch(at: string, n: number): Promise<string> {
  const id = uuidv7()
  await w.db.pool.query(
    `INSERT INTO spgl_export_batch (id, created_at, created_by, since_seq, through_seq, format, row_count, counts, status)
     VALUES ($1::uuid, $2::timestamptz, 'admin-1', $3::bigint, $4::bigint, 'json', 1, '{"SPGL_XMJBXXB": 1}', 'sent')`,
    [id, at, n, n + 1],
  )
  return id
}

describe('the export batches, a page at a time', () => {
  it('reads every batch once, newest first, to the last page; a cursor it did not give is a 400', async () => {
    const admin = w.token({ role: 'admin' })
    const made = [
      { at: '2026-03-02 01:00:00+00', id: await batch('2026-03-02 01:00:00+00', 1) },
      // Two in the same millisecond (the job and an admin at once): the id orders them.
      { at: '2026-03-02 01:02:00.001+00', id: await batch('2026-03-02 01:02:00.001+00', 2) },
      { at: '2026-03-02 01:02:00.001+00', id: await batch('2026-03-02 01:02:00.001+00', 3) },
      // One millisecond earlier than those two.
      { at: '2026-03-02 01:02:00+00', id: await batch('2026-03-02 01:02:00+00', 4) },
      { at: '2026-03-02 01:04:00+00', id: await batch('2026-03-02 01:04:00+00', 5) },
    ]
    const newestFirst = [made[4], made[2], made[1], made[3], made[0]].map((b) => b?.id)
    // The two in one millisecond: the greater id first (ORDER BY created_at DESC, id DESC).
    if ((made[1]?.id ?? '') > (made[2]?.id ?? '')) newestFirst.splice(1, 2, made[1]?.id, made[2]?.id)

    const seen: string[] = []
    const pages: number[] = []
    let cursor: string | undefined
    do {
      const url = `/api/v1/admin/exports?limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const page = await w.api('GET', url, admin)
      expect(page.status, JSON.stringify(page.body)).toBe(200)
      seen.push(...page.body.batches.map((b: { id: string }) => b.id))
      pages.push(page.body.batches.length)
      expect(page.body.pending).toBe(0)
      cursor = page.body.nextCursor
    } while (cursor !== undefined && pages.length < 10)
    expect(seen).toEqual(newestFirst)
    // 2 + 2 + 1: the last page names no next; a page of exactly the rest would too (below).
    expect(pages).toEqual([2, 2, 1])
    const whole = await w.api('GET', '/api/v1/admin/exports?limit=5', admin)
    expect(whole.body.batches).toHaveLength(5)
    expect(whole.body.nextCursor).toBeUndefined()

    for (const bad of [
      'bm90LWEtY3Vyc29y',
      Buffer.from(JSON.stringify(['2026-03-02 01:00:00', 'x'])).toString('base64url'),
    ]) {
      const refused = await w.api('GET', `/api/v1/admin/exports?cursor=${bad}`, admin)
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect([refused.status, refused.body.code, refused.body.errors?.[0]?.field]).toEqual([
        400,
        'VALIDATION_FAILED',
        '/querystring/cursor',
      ])
    }
    const malformed = await w.api('GET', '/api/v1/admin/exports?cursor=a%20b', admin)
    expect([malformed.status, malformed.body.errors?.[0]?.field]).toEqual([400, '/querystring/cursor'])
    const first = await w.api('GET', '/api/v1/admin/exports?limit=1', admin)
    const asSupervisor = await w.api(
      'GET',
      `/api/v1/admin/exports?cursor=${first.body.nextCursor}`,
      w.token({ role: 'supervisor' }),
    )
    expect(asSupervisor.status).toBe(403)
  }, 60_000)
})
