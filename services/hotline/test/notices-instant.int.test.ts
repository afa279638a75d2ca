import { type Actor, NOTICE_LIST_MAX } from '@onewindow/contracts'
import { logLines } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listNotices } from '../src/commands.js'
import { agent, call, fileChangeNotice, hotlineWorld, unit, type World } from './helpers.js'

// GET /notices pages by a keyset of each notice's `created_at`, its cursor carrying the last row's key as PostgreSQL
// writes it (`instantKey`, @onewindow/db). The column also takes 'infinity', '-infinity', BC and five-digit years (a
// hand edit), which are no filing instant: such a row is paged in its place and named on the page where it falls,
// never shown, and a page that ends on it still leads on. Held at every small limit, so a damaged row is somewhere
// the first, the middle and the last row of a page, and across the open/closed boundary of the order.

// Monday 14 December 2026, 10:00 in Shanghai.
const START = '2026-12-14T02:00:00Z'

type LogLine = { unreadable?: { kind?: string; id?: string; reason?: string } }
const { stream, lines } = logLines<LogLine>()
let w: World
beforeAll(async () => {
  w = await hotlineWorld(START, { logger: { stream }, logLevel: 'error' })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const housing = unit('housing')

// In the list's order: open first, then the key text newest first (PostgreSQL orders 'infinity' after every year and
// '-infinity' before); rows of one rank share their key and go by id, newest first. `damaged`: no year 0001–9999 AD.
const FILED = [
  { title: '规划许可材料调整', key: 'infinity', open: true, rank: 0, damaged: true },
  { title: '消防设计审查材料调整', key: '12026-01-01 00:00:00', open: true, rank: 1, damaged: true },
  { title: '施工许可材料调整', key: '2026-12-14 02:00:00', open: true, rank: 2, damaged: false },
  { title: '施工许可收费调整', key: '2026-12-14 02:00:00', open: true, rank: 2, damaged: false },
  { title: '人防审查材料调整', key: '2026-12-13 09:30:00.5', open: true, rank: 3, damaged: false },
  { title: '档案验收材料调整', key: '0044-03-15 12:00:00 BC', open: true, rank: 4, damaged: true },
  { title: '竣工验收备案材料调整', key: '2026-12-10 08:00:00', open: false, rank: 5, damaged: false },
  { title: '消防验收材料调整', key: '2026-12-09 08:00:00.123', open: false, rank: 6, damaged: false },
  { title: '节能验收材料调整', key: '-infinity', open: false, rank: 7, damaged: true },
]
type Filed = (typeof FILED)[number] & { id: string }

let order: Filed[]
beforeAll(async () => {
  const filed: Filed[] = []
  for (const f of FILED) filed.push({ ...f, id: await fileChangeNotice(w, f.title) })
  for (const f of filed) {
    if (!f.open) {
      const res = await call(w, agent, 'POST', `/notices/changes/${f.id}/acknowledge`)
      expect(res.statusCode, res.body).toBe(200)
    }
    // As the list's own SQL reads a key back (`instantOfKey`): the stored value is exactly the one the key names.
    await w.db.pool.query(`UPDATE notice SET created_at = ($2::timestamp AT TIME ZONE 'UTC') WHERE id = $1`, [
      f.id,
      f.key,
    ])
  }
  order = filed.toSorted((a, b) => a.rank - b.rank || (a.id < b.id ? 1 : -1))
})

type Page = { changes: string[]; named: Array<{ id: string; reason: string }>; next: string | undefined }

/** Every page of the changes at `limit` through the route, each with what the command named on it. */
async function walk(actor: Actor, limit: number | undefined): Promise<Page[]> {
  const pages: Page[] = []
  let cursor: string | undefined
  for (let n = 0; n < 2 * FILED.length; n++) {
    const query = { ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { cursor }) }
    const res = await call(w, actor, 'GET', `/notices?${new URLSearchParams(query as Record<string, string>)}`)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body).not.toHaveProperty('unreadable')
    // The route's page is the command's, its `unreadable` logged; the command shows what this page named.
    const listed = await listNotices(w.app.deps.commands, actor, query)
    if (!listed.ok) throw new Error(JSON.stringify(listed))
    const { unreadable, ...answer } = listed.value
    expect(JSON.parse(JSON.stringify(answer))).toEqual(body)
    pages.push({
      changes: body.changes.map((c: { id: string }) => c.id),
      named: unreadable.map((u) => {
        expect(u.kind).toBe('change notice')
        return { id: u.id, reason: u.reason }
      }),
      next: body.next.changes,
    })
    cursor = body.next.changes
    if (cursor === undefined) break
  }
  return pages
}

const namedAs = (f: Filed) => ({ id: f.id, reason: `created_at ${f.key} is no instant` })

describe('notices filed at no instant', () => {
  it('are paged in their place at every limit: each readable notice listed once, in order, each damaged one named once on its page', async () => {
    const logged = () =>
      lines.flatMap((l) =>
        l.unreadable?.kind === 'change notice' ? [{ id: l.unreadable.id, reason: l.unreadable.reason }] : [],
      )
    for (const actor of [agent, housing]) {
      for (const limit of [1, 2, 3, 4, undefined]) {
        const size = limit ?? NOTICE_LIST_MAX
        const before = logged().length
        const pages = await walk(actor, limit)
        const at = `${actor.sub} limit ${limit}`
        expect(pages.length, at).toBe(Math.ceil(FILED.length / size))
        pages.forEach((page, i) => {
          const rows = order.slice(i * size, (i + 1) * size)
          expect(page.changes, `${at} page ${i}`).toEqual(rows.filter((r) => !r.damaged).map((r) => r.id))
          expect(page.named, `${at} page ${i}`).toEqual(rows.filter((r) => r.damaged).map(namedAs))
          // The cursor is the page's last row's key, damaged or not.
          const last = rows.at(-1) as Filed
          expect(page.next, `${at} page ${i}`).toBe(
            i === pages.length - 1 ? undefined : `change~${last.open ? 1 : 0}~${last.key}~${last.id}`,
          )
        })
        expect(pages.flatMap((p) => p.changes)).toEqual(order.filter((r) => !r.damaged).map((r) => r.id))
        expect(pages.flatMap((p) => p.named)).toEqual(order.filter((r) => r.damaged).map(namedAs))
        // The route logs each damaged row once, as it first falls on a page: the first walk, a page of one each.
        if (actor === agent && limit === 1) {
          expect(logged().slice(before)).toEqual(order.filter((r) => r.damaged).map(namedAs))
        }
      }
    }
    expect(logged()).toHaveLength(FILED.filter((f) => f.damaged).length)
  })

  it('answers 400 naming /querystring/cursor for a cursor whose key text PostgreSQL never writes', async () => {
    const [{ id }] = order as [Filed]
    for (const key of [
      // of the schema's shape, no instant the column holds: refused by the service before any cast
      '2026-02-30 00:00:00',
      '2026-13-01 00:00:00',
      '0000-01-01 00:00:00',
      '294277-01-01 00:00:00',
      '4714-11-23 23:59:59 BC',
      // not the shape of a key text at all: refused by the schema
      '2026-12-14T02:00:00Z',
      '2026-12-14T02:00:00.000Z',
      '2026-12-14 02:00:00.50',
      '2026-12-14 02:00:00.123456',
      '2026-12-14 02:00:00+00',
      '2026-12-14',
      'Infinity',
      '+infinity',
      '',
    ]) {
      const cursor = `change~1~${key}~${id}`
      const res = await call(w, agent, 'GET', `/notices?limit=2&cursor=${encodeURIComponent(cursor)}`)
      expect(res.statusCode, cursor).toBe(400)
      const body = res.json()
      expect(body.code, cursor).toBe('VALIDATION_FAILED')
      expect(
        body.errors.map((e: { field: string }) => e.field),
        cursor,
      ).toEqual(['/querystring/cursor'])
    }
    // A key text the route writes is taken whoever composed it: after the notice filed at 'infinity', the rest.
    const res = await call(w, agent, 'GET', `/notices?limit=20&cursor=${encodeURIComponent(`change~1~infinity~${id}`)}`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().changes.map((c: { id: string }) => c.id)).toEqual(
      order.filter((r) => !r.damaged).map((r) => r.id),
    )
  })
})
