import { logLines } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agent, call, fileChangeNotice, hotlineWorld, unit, type World } from './helpers.js'

// GET /notices pages by a keyset of each notice's `created_at` (db/notices.ts). The column also takes 'infinity' and
// '-infinity' (a hand edit), which no cursor can name: such a row is left out of every page and named in the log
// with the first page, as a notice whose state does not read is; the rows around it are listed and paged as before,
// and no page ever answers 500 for it — whether it would sort first ('infinity') or last ('-infinity').

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

const file = (title: string) => fileChangeNotice(w, title)

let intact: string[]
let first: string
let last: string
beforeAll(async () => {
  intact = [await file('施工许可材料调整'), await file('竣工验收备案材料调整')]
  first = await file('规划许可材料调整')
  last = await file('消防验收材料调整')
  await w.db.pool.query(`UPDATE notice SET created_at = 'infinity' WHERE id = $1`, [first])
  await w.db.pool.query(`UPDATE notice SET created_at = '-infinity' WHERE id = $1`, [last])
})

describe('a notice filed at no instant', () => {
  it('GET /notices answers 200 with the other notices, and names each such one in the log', async () => {
    const res = await call(w, agent, 'GET', '/notices')
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.changes.map((n: { id: string }) => n.id).sort()).toEqual([...intact].sort())
    expect(body.next).toEqual({})
    expect(body).not.toHaveProperty('unreadable')
    const named = lines.map((l) => l.unreadable).filter((u) => u?.kind === 'change notice')
    expect(Object.fromEntries(named.map((u) => [u?.id, u?.reason]))).toEqual({
      [first]: 'created_at infinity is no instant',
      [last]: 'created_at -infinity is no instant',
    })
  })

  it('pages of one notice walk every other notice once, each cursor usable, to the end', async () => {
    for (const actor of [agent, housing]) {
      const seen: string[] = []
      let url = '/notices?limit=1'
      for (let page = 0; page < 5; page++) {
        const res = await call(w, actor, 'GET', url)
        expect(res.statusCode, res.body).toBe(200)
        const body = res.json()
        seen.push(...body.changes.map((n: { id: string }) => n.id))
        if (!body.next.changes) break
        url = `/notices?limit=1&cursor=${encodeURIComponent(body.next.changes)}`
      }
      expect(seen.sort()).toEqual([...intact].sort())
    }
  })
})
