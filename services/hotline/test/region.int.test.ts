import type { Actor } from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aComplaint, act, agent, call, hotlineWorld, unit, type World } from './helpers.js'

// A department user's authority is regional (docs/security.md "Regional authority"): a reviewer or lead whose token
// carries a region reads and acts on the tickets about a region within it only. Department codes name no region, so
// without this a 佛山 housing reviewer read 汕尾's housing tickets — the requester's name, ID number and phone among them.

const HOUSING = 'housing'
const regional = (region: string): Actor => ({ ...unit(HOUSING), sub: `reviewer-${HOUSING}-${region}`, region })
const FOSHAN = regional('440600')
const SHANWEI = regional('441500')
const GUANGDONG = regional('440000')
const CHANCHENG = regional('440604')
/** The same department's reviewer with no region: every region's tickets, as before regions. */
const WIDE = unit(HOUSING)

describe('hotline tickets within a regional caller’s region', () => {
  let w: World
  /** A 汕尾 ticket and one that names no region, both dispatched to housing. */
  let shanwei: string
  let regionless: string
  /** A 汕尾 ticket of another unit (water). */
  let shanweiWater: string
  beforeAll(async () => {
    // Monday 2026-03-02, 10:00 in Guangzhou.
    w = await hotlineWorld('2026-03-02T02:00:00Z')
    const register = async (over: object, department = HOUSING) => {
      const res = await call(w, agent, 'POST', '/tickets', aComplaint(over))
      expect(res.statusCode, res.body).toBe(201)
      const id = res.json().tickets[0].ticket.ticketId as string
      await act(w, agent, id, { action: 'dispatch', department })
      return id
    }
    shanwei = await register({ region: '441500' })
    regionless = await register({})
    shanweiWater = await register({ region: '441500' }, 'water')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  /** The bytes an unknown ticket answers with, its id swapped for `id`: a hidden one must answer exactly these. */
  const unknownAs = async (
    actor: Actor,
    method: 'GET' | 'POST',
    path: (id: string) => string,
    id: string,
    body?: object,
  ) => {
    const unknown = uuidv7()
    const res = await call(w, actor, method, path(unknown), body)
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json().code).toBe('HOTLINE_TICKET_NOT_FOUND')
    return { status: 404, body: res.body.replaceAll(unknown, id) }
  }
  const answer = async (actor: Actor, method: 'GET' | 'POST', path: string, body?: object) => {
    const res = await call(w, actor, method, path, body)
    return { status: res.statusCode, body: res.body }
  }

  it('a 佛山 reviewer neither reads nor acts on 汕尾’s ticket: each answers as an unknown ticket, and nothing changes', async () => {
    const read = (id: string) => `/tickets/${id}`
    expect(await answer(FOSHAN, 'GET', read(shanwei))).toEqual(await unknownAs(FOSHAN, 'GET', read, shanwei))
    const actions = (id: string) => `/tickets/${id}/actions`
    for (const body of [
      { action: 'accept' },
      { action: 'request-return', kind: 'competence', grounds: '不属于本单位职责' },
      { action: 'add-information', note: '诉求人补充了现场照片', affectsHandling: false },
    ]) {
      expect(await answer(FOSHAN, 'POST', actions(shanwei), body), body.action).toEqual(
        await unknownAs(FOSHAN, 'POST', actions, shanwei, body),
      )
    }
    // The 整改函's answer too: for 佛山 the ticket is unknown before the letter is looked for.
    const letter = uuidv7()
    const reply = (id: string) => `/tickets/${id}/rectification-letters/${letter}/reply`
    expect(await answer(FOSHAN, 'POST', reply(shanwei), { rectification: '已整改' })).toEqual(
      await unknownAs(FOSHAN, 'POST', reply, shanwei, { rectification: '已整改' }),
    )
    // 禅城, a county of 佛山, no more than 佛山.
    expect((await call(w, CHANCHENG, 'GET', read(shanwei))).statusCode).toBe(404)
    const seen = await call(w, agent, 'GET', read(shanwei))
    expect(seen.json().ticket).toMatchObject({ status: 'dispatched', department: HOUSING, returns: [] })
    expect(seen.json().ticket.check?.doneOn).toBeUndefined()
  })

  it('汕尾’s and 广东’s reviewers read it with the requester, and 汕尾’s takes it; one with no region reads it too', async () => {
    for (const actor of [SHANWEI, GUANGDONG, WIDE]) {
      const res = await call(w, actor, 'GET', `/tickets/${shanwei}`)
      expect(res.statusCode, `${actor.region ?? 'no region'}: ${res.body}`).toBe(200)
      expect(res.json().requester).toMatchObject({ name: '张三', idNumber: '440600198001010018' })
    }
    const letter = uuidv7()
    // Past the region, the ticket's own refusals: 汕尾 is told the letter is unknown, not the ticket.
    const reply = await call(w, SHANWEI, 'POST', `/tickets/${shanwei}/rectification-letters/${letter}/reply`, {
      rectification: '已整改',
    })
    expect(reply.json().code).toBe('HOTLINE_RECTIFICATION_LETTER_NOT_FOUND')
    const accepted = await act(w, SHANWEI, shanwei, { action: 'accept' })
    expect(accepted.ticket).toMatchObject({ status: 'handling', department: HOUSING, region: '441500' })
  })

  it('a ticket that names no region is within no region: only a caller without one reads it', async () => {
    for (const actor of [FOSHAN, SHANWEI, GUANGDONG]) {
      const res = await call(w, actor, 'GET', `/tickets/${regionless}`)
      expect(res.statusCode, actor.region).toBe(404)
      expect(res.json().code).toBe('HOTLINE_TICKET_NOT_FOUND')
    }
    expect((await call(w, WIDE, 'GET', `/tickets/${regionless}`)).statusCode).toBe(200)
  })

  it('a repeat’s original outside the caller’s region is no ticket to it: told apart from a ticket not handled to the end', async () => {
    const repeat = {
      action: 'reply',
      mode: 'repeat',
      originalTicketId: regionless,
      basis: '《工程建设项目审批制度改革实施方案》',
      process: '重复诉求，告知原办理结果',
      result: '已告知原办理结果',
      replyMethod: 'phone',
      replySummary: '电话告知',
    }
    // 汕尾 (the ticket replied to is its own, taken above) does not learn that the region-less ticket exists.
    const shanweis = await call(w, SHANWEI, 'POST', `/tickets/${shanwei}/actions`, repeat)
    expect(shanweis.json()).toMatchObject({ code: 'HOTLINE_ORIGINAL_TICKET_INVALID' })
    expect(shanweis.json().detail).toContain('is not a ticket of the hotline')
    // The department's reviewer with no region reads every ticket: it is told why that one does not count.
    const wides = await call(w, WIDE, 'POST', `/tickets/${shanwei}/actions`, repeat)
    expect(wides.json()).toMatchObject({ code: 'HOTLINE_ORIGINAL_TICKET_INVALID' })
    expect(wides.json().detail).toContain('was not handled to the end')
    // Another unit's ticket of the caller's own region is no ticket to it either: its status is not told.
    const others = await call(w, SHANWEI, 'POST', `/tickets/${shanwei}/actions`, {
      ...repeat,
      originalTicketId: shanweiWater,
    })
    expect(others.json()).toMatchObject({ code: 'HOTLINE_ORIGINAL_TICKET_INVALID' })
    expect(others.json().detail).toContain('is not a ticket of the hotline')
  })
})
