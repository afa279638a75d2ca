import type { Actor } from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agent, hotlineWorld, owner, unit, type World } from './helpers.js'

// The knowledge base in the hotline service alone, on its own schema and stream: the reminder's "once" under
// concurrent passes and revisions, and refusals that leave nothing written. Monday 2026-11-30, 10:00 in Guangzhou.
describe('知识库 in the hotline service', () => {
  let w: World
  beforeAll(async () => {
    w = await hotlineWorld('2026-11-30T02:00:00Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  const send = async (actor: Actor, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    w.app.inject({ method, url, headers: await asCaller('hotline', actor, w.clock), ...(payload ? { payload } : {}) })
  const reviewer = unit('natural-resources')
  const point = (over: object = {}) => ({
    question: '规划许可多久办结？',
    answer: '承诺时限内办结。',
    kind: 'script',
    source: '工程建设项目审批服务指南',
    validFrom: '2026-11-30',
    validTo: '2026-12-02',
    ...over,
  })
  const events = async (id: string) =>
    (
      await w.db.pool.query<{ subject: string; remind: string | null }>(
        `SELECT subject, payload->>'remindOn' AS remind FROM outbox_message WHERE aggregate_id = $1 ORDER BY position`,
        [id],
      )
    ).rows.map((r) => `${r.subject.split('.')[3]}${r.remind ? `:${r.remind}` : ''}`)
  const written = async () =>
    (
      await w.db.pool.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM ticket)::int + (SELECT count(*) FROM knowledge_point)::int
              + (SELECT count(*) FROM outbox_message)::int AS n`,
      )
    ).rows[0]?.n

  it('raises the expiry reminder once across concurrent passes, and again only for a new validTo', async () => {
    // Valid to Wed 12-02: its two last working days are 12-01 and 12-02, so it is reminded on Mon 11-30, today.
    const res = await send(reviewer, 'POST', '/knowledge', point())
    expect(res.statusCode, res.body).toBe(201)
    const { id } = res.json().point
    const passes = await Promise.all([w.app.knowledgeScanner.runOnce(), w.app.knowledgeScanner.runOnce()])
    expect(passes.reduce((a, b) => a + b, 0)).toBe(1)
    await w.app.knowledgeScanner.runOnce()
    expect(await events(id)).toEqual(['created', 'expiry-reminded:2026-11-30'])

    // Confirmed for a new period (to Fri 2027-05-28: reminded Wed 05-26); nothing until then.
    const revised = await send(reviewer, 'PUT', `/knowledge/${id}`, { ...point({ validTo: '2027-05-28' }), version: 1 })
    expect(revised.statusCode, revised.body).toBe(200)
    expect(revised.json().point).toMatchObject({ version: 2, status: 'valid' })
    expect(revised.json().point.remindedFor).toBeUndefined()
    await w.app.knowledgeScanner.runOnce()
    w.clock.set('2027-05-25T02:00:00Z')
    await w.app.knowledgeScanner.runOnce()
    expect(await events(id)).toEqual(['created', 'expiry-reminded:2026-11-30', 'revised'])
    w.clock.set('2027-05-26T02:00:00Z')
    await w.app.knowledgeScanner.runOnce()
    await w.app.knowledgeScanner.runOnce()
    expect(await events(id)).toEqual(['created', 'expiry-reminded:2026-11-30', 'revised', 'expiry-reminded:2027-05-26'])
    w.clock.set('2026-11-30T02:00:00Z')
  })

  it('refuses, with nothing written: a withdrawn point cited, an owner answering, a stale version, an unknown field', async () => {
    const created = await send(reviewer, 'POST', '/knowledge', point({ validTo: '2026-12-31' }))
    const { id } = created.json().point
    expect((await send(reviewer, 'POST', `/knowledge/${id}/retire`, { version: 1 })).statusCode).toBe(200)
    const before = await written()

    const cited = await send(agent, 'POST', `/knowledge/${id}/consultations`, {
      title: '咨询',
      content: '规划许可多久办结？',
      requester: {},
    })
    expect(cited.statusCode).toBe(422)
    expect(cited.json()).toMatchObject({ code: 'HOTLINE_KNOWLEDGE_NOT_VALID', pointStatus: 'retired' })
    const byOwner = await send(owner, 'POST', `/knowledge/${id}/consultations`, {
      title: '咨询',
      content: '规划许可多久办结？',
      requester: {},
    })
    expect(byOwner.json().code).toBe('HOTLINE_KNOWLEDGE_FORBIDDEN')
    const stale = await send(reviewer, 'PUT', `/knowledge/${id}`, { ...point(), version: 1 })
    expect(stale.json().code).toBe('HOTLINE_KNOWLEDGE_RETIRED')
    const unknown = await send(reviewer, 'POST', '/knowledge', { ...point(), keywords: ['规划'] })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: '/body/keywords' })])
    const reversed = await send(
      reviewer,
      'POST',
      '/knowledge',
      point({ validFrom: '2026-12-05', validTo: '2026-12-04' }),
    )
    expect(reversed.statusCode).toBe(422)
    expect(reversed.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(await written()).toBe(before)
  })

  it('refuses a point not yet valid with a problem carrying its days, nothing registered', async () => {
    const created = await send(
      reviewer,
      'POST',
      '/knowledge',
      point({ validFrom: '2026-12-07', validTo: '2026-12-31' }),
    )
    expect(created.statusCode, created.body).toBe(201)
    const { id } = created.json().point
    const before = await written()
    const cited = await send(agent, 'POST', `/knowledge/${id}/consultations`, {
      title: '咨询',
      content: '规划许可多久办结？',
      requester: {},
    })
    expect(cited.statusCode, cited.body).toBe(422)
    expect(cited.json()).toMatchObject({
      code: 'HOTLINE_KNOWLEDGE_NOT_VALID',
      pointStatus: 'pending',
      validFrom: '2026-12-07',
      validTo: '2026-12-31',
    })
    expect(await written()).toBe(before)
  })
})
