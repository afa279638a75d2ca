import { randomUUID } from 'node:crypto'
import { KnowledgeFeedbackOverdueV1, KnowledgePointExpiryRemindedV1, knowledgeTextBounds } from '@onewindow/contracts'
import { logLines } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agent, call, hotlineWorld, type World } from './helpers.js'

// 知识库's `knowledge_point` keeps a point as plain columns (migration 20261205030000: `kind` and `department` are TEXT
// with no CHECK, the texts unbounded), read back checked against the point's schema (db/knowledge.ts). A row damaged
// after it was written (a hand edit, a restore from another release) must not take down what other rows share: the
// list answers with the others and names it in the log, and the reminder scan skips it (logged once) so the pass ends
// and the timers chained behind it (feedback overdue, outage overdue) still run.

// Monday 30 November 2026, 10:00 in Shanghai.
const START = '2026-11-30T02:00:00Z'

type LogLine = { id?: string; scanner?: string; unreadable?: { kind?: string; id?: string; reason?: string } }
const { stream, lines } = logLines<LogLine>()
let w: World
beforeAll(async () => {
  w = await hotlineWorld(START, { logger: { stream }, logLevel: 'error' })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/**
 * A point written straight into the table, as a hand edit or an older release would. Valid from today to Friday
 * 12-04: its last two working days are Thu 12-03 and Fri 12-04, so it is reminded on Wednesday 12-02.
 */
const store = async (over: { kind?: string; department?: string; answer?: string } = {}) => {
  const id = randomUUID()
  await w.db.pool.query(
    `INSERT INTO knowledge_point (id, department, kind, question, answer, source, valid_from, valid_to, retired,
                                  version, created_at, updated_at)
     VALUES ($1::uuid, $2, $3, '规划许可多久办结？', $4, '工程建设项目审批服务指南', '2026-11-30', '2026-12-04', false,
             1, '2026-11-30T01:00:00Z', '2026-11-30T01:00:00Z')`,
    [id, over.department ?? 'natural-resources', over.kind ?? 'script', over.answer ?? '承诺时限内办结。'],
  )
  return id
}

let good: string
let bad: { kind: string; department: string; answer: string }
beforeAll(async () => {
  good = await store()
  bad = {
    kind: await store({ kind: 'faq' }),
    department: await store({ department: '' }),
    answer: await store({ answer: '答'.repeat(knowledgeTextBounds.answer + 1) }),
  }
})

const badIds = () => [bad.kind, bad.department, bad.answer].sort()
/** The ids the log names for lines matching `match`. */
const named = (match: (line: LogLine) => unknown) =>
  lines
    .filter(match)
    .map((l) => l.id)
    .sort()

describe('a knowledge point stored off its schema', () => {
  it('GET /knowledge answers 200 with the good point and names each bad one in the log', async () => {
    const res = await call(w, agent, 'GET', '/knowledge')
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.points.map((p: { id: string }) => p.id)).toEqual([good])
    expect(body.points[0]).toMatchObject({ kind: 'script', department: 'natural-resources', status: 'valid' })
    // The answer is the contract's: the bad rows are named in the log, as /notices and /knowledge/feedback do.
    expect(body).not.toHaveProperty('unreadable')
    const unreadable = lines.map((l) => l.unreadable).filter((u) => u?.kind === 'knowledge point')
    expect(unreadable.map((u) => u?.id).sort()).toEqual(badIds())
    const reasons = Object.fromEntries(unreadable.map((u) => [u?.id, u?.reason]))
    expect(reasons[bad.kind]).toMatch(/^\/kind /)
    expect(reasons[bad.department]).toMatch(/^\/department /)
    expect(reasons[bad.answer]).toMatch(/^\/answer /)
  })

  it('the scan reminds the good point, skips the bad ones (logged once), ends, and the feedback timer still runs', async () => {
    w.clock.set(START)
    // Urgent feedback raised Monday: 1 working day, due Tuesday 12-01; on Wednesday it is overdue.
    const raised = await call(w, agent, 'POST', '/knowledge/feedback', {
      department: 'housing',
      kind: 'new-point',
      urgent: true,
      note: '缺少施工许可的知识点',
    })
    expect(raised.statusCode, raised.body).toBe(201)
    const feedback = raised.json().feedback.id as string

    // Wednesday 12-02: the reminder day of every stored point, and the day after the feedback's due day.
    w.clock.set('2026-12-02T02:00:00Z')
    await expect(w.app.knowledgeScanner.runOnce()).resolves.toBe(2)

    const published = async (subject: string) =>
      (
        await w.db.pool.query<{ id: string }>(
          `SELECT aggregate_id AS id FROM outbox_message WHERE subject = $1 ORDER BY position`,
          [subject],
        )
      ).rows.map((r) => r.id)
    expect(await published(KnowledgePointExpiryRemindedV1.subject)).toEqual([good])
    expect(await published(KnowledgeFeedbackOverdueV1.subject)).toEqual([feedback])
    const reminded = (
      await w.db.pool.query<{ id: string; remindedFor: string | null }>(
        `SELECT id::text, reminded_for::text AS "remindedFor" FROM knowledge_point`,
      )
    ).rows
    expect(Object.fromEntries(reminded.map((r) => [r.id, r.remindedFor]))).toEqual({
      [good]: '2026-12-04',
      [bad.kind]: null,
      [bad.department]: null,
      [bad.answer]: null,
    })
    const skipped = (l: LogLine) => l.scanner === 'hotline-scan-knowledge'
    expect(named(skipped)).toEqual(badIds())

    // The bad rows stay candidates: the next pass skips them again, without a word, and raises nothing twice.
    await expect(w.app.knowledgeScanner.runOnce()).resolves.toBe(0)
    expect(named(skipped)).toEqual(badIds())
  })
})
