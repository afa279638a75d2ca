import { KnowledgeFeedbackOverdueV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aComplaint, agent, call, fileChangeNotice, hotlineWorld, unit, type World } from './helpers.js'

// The hotline keeps tickets, 变动通报/故障通报 notices and 知识点反馈 as snapshots in `state` columns, read back checked
// (db/tickets.ts, db/notices.ts, db/feedback.ts). A row damaged after it was written (a hand edit, a restore from
// another release) fails only what needs that row: the lists answer with the other rows, the feedback timer records
// every other overdue feedback, and a command on the damaged row is refused with nothing written.

// Monday 14 December 2026, 10:00 in Shanghai.
const START = '2026-12-14T02:00:00Z'

let w: World
beforeAll(async () => {
  w = await hotlineWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const housing = unit('housing')

describe('a damaged stored row in the hotline', () => {
  it('a change notice: left out of the notices list, and acknowledging it writes nothing', async () => {
    const file = (title: string) => fileChangeNotice(w, title)
    const damaged = await file('施工许可材料调整')
    const intact = await file('竣工验收备案材料调整')
    const listed = async () => {
      const res = await call(w, agent, 'GET', '/notices')
      expect(res.statusCode, res.body).toBe(200)
      return (res.json().changes as Array<{ id: string }>).map((n) => n.id).sort()
    }
    expect(await listed()).toEqual([damaged, intact].sort())

    // Valid JSON, but its measures are no list: the snapshot's schema refuses it.
    await w.db.pool.query(`UPDATE notice SET state = jsonb_set(state, '{measures}', '"lost"') WHERE id = $1`, [damaged])
    expect(await listed()).toEqual([intact])

    const before = await w.writtenTo('notice', damaged)
    const acknowledged = await call(w, agent, 'POST', `/notices/changes/${damaged}/acknowledge`)
    expect(acknowledged.statusCode, acknowledged.body).toBe(500)
    expect(await w.writtenTo('notice', damaged)).toEqual(before)
    expect((await call(w, agent, 'POST', `/notices/changes/${intact}/acknowledge`)).statusCode).toBe(200)
  })

  it('a feedback: left out of the list and skipped by the timer, which records the other one overdue', async () => {
    w.clock.set(START)
    const raise = async (note: string) => {
      const res = await call(w, agent, 'POST', '/knowledge/feedback', {
        department: 'housing',
        kind: 'new-point',
        urgent: true,
        note,
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json().feedback.id as string
    }
    const damaged = await raise('缺少施工许可的知识点')
    const intact = await raise('缺少竣工验收备案的知识点')
    await w.db.pool.query(`UPDATE knowledge_feedback SET state = state - 'dueOn' WHERE id = $1`, [damaged])
    const listed = await call(w, housing, 'GET', '/knowledge/feedback?status=open')
    expect(listed.statusCode, listed.body).toBe(200)
    expect(listed.json().feedback.map((f: { id: string }) => f.id)).toEqual([intact])

    // Urgent: one working day, due Tuesday 12-15; on Wednesday both are past it.
    w.clock.set('2026-12-16T02:00:00Z')
    await expect(w.app.knowledgeScanner.runOnce()).resolves.toBeGreaterThanOrEqual(1)
    const overdue = (
      await w.db.pool.query<{ id: string }>(
        `SELECT payload->'feedback'->>'id' AS id FROM outbox_message WHERE subject = $1`,
        [KnowledgeFeedbackOverdueV1.subject],
      )
    ).rows.map((r) => r.id)
    expect(overdue).toEqual([intact])
  })
  it('a ticket whose requester column does not read: reading or acting on it answers 500 and writes nothing', async () => {
    w.clock.set(START)
    const register = async () => {
      const res = await call(w, agent, 'POST', '/tickets', aComplaint())
      expect(res.statusCode, res.body).toBe(201)
      return res.json().tickets[0].ticket.ticketId as string
    }
    const damaged = await register()
    const intact = await register()
    // A requester's phone is never a number; the registered schema refuses it.
    await w.db.pool.query(
      `UPDATE ticket SET requester = jsonb_set(requester, '{phone}', '13800138000') WHERE id = $1`,
      [damaged],
    )
    expect((await call(w, agent, 'GET', `/tickets/${damaged}`)).statusCode).toBe(500)
    const before = await w.writtenTo('ticket', damaged)
    const dispatched = await call(w, agent, 'POST', `/tickets/${damaged}/actions`, {
      action: 'dispatch',
      department: 'housing',
    })
    expect(dispatched.statusCode, dispatched.body).toBe(500)
    expect(await w.writtenTo('ticket', damaged)).toEqual(before)
    expect((await call(w, agent, 'GET', `/tickets/${intact}`)).statusCode).toBe(200)
  })
})
