import { TaskCommitmentBreachedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accept, anAcceptance, approvalWorld, call, reviewerOf, type World } from './helpers.js'

// 004:1860 禁止选择告知承诺: a breach names the owner its `bar-commitment` bars (`ownerCreditCode`, the step's owner as
// the accepted application carried it), so intake can refuse that owner's 告知承诺 at the window; an application
// accepted before its owner was carried has none to name.

const TODAY = '2026-03-02'
const OWNER = '91441500MA51XY302A'

let w: World
beforeAll(async () => {
  w = await approvalWorld(`${TODAY}T01:00:00Z`)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** One item approved at once on commitment, the owner named or not; answers the task. */
async function committedTask(ownerCreditCode: string | undefined) {
  const base = anAcceptance(TODAY, ['housing-construction'])
  const body = {
    ...base,
    items: base.items.map((i) => ({ ...i, onCommitment: true })),
    commitments: [{ item: 'item-1', verifyBy: '2026-03-30' }],
    ...(ownerCreditCode ? { ownerCreditCode } : {}),
  }
  const [task] = await accept(w, body)
  if (!task) throw new Error('no task')
  return task
}

const breachesOf = async (taskId: string) =>
  (
    await w.db.pool.query<{ payload: Record<string, unknown> }>(
      'SELECT payload FROM outbox_message WHERE subject = $1 AND aggregate_id = $2',
      [TaskCommitmentBreachedV1.subject, taskId],
    )
  ).rows.map((r) => r.payload)

const barring = {
  result: 'breached',
  findings: ['施工现场与承诺不符'],
  measures: ['bar-commitment'],
  barredUntil: '2026-09-30',
}

describe('a breached commitment names its owner', () => {
  it('carries the step’s owner with the verification that bars it', async () => {
    const task = await committedTask(OWNER)
    const res = await call(w, 'POST', `/tasks/${task.id}/commitment`, reviewerOf(task.department), barring)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const [breach] = await breachesOf(task.id)
    expect(breach).toMatchObject({
      ownerCreditCode: OWNER,
      task: { commitment: { verification: { measures: ['bar-commitment'], barredUntil: '2026-09-30' } } },
    })
  })

  it('names none where the accepted application named none', async () => {
    const task = await committedTask(undefined)
    const res = await call(w, 'POST', `/tasks/${task.id}/commitment`, reviewerOf(task.department), barring)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const [breach] = await breachesOf(task.id)
    expect(breach).toBeDefined()
    expect(breach).not.toHaveProperty('ownerCreditCode')
  })
})
