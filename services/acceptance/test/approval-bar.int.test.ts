import { jetstreamManager } from '@nats-io/jetstream'
import { type EventBody, TaskCommitmentBreachedV1 } from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARCHIVE, acceptanceWorld, call, publish, shanweiProject, type World } from './helpers.js'

// 004:1860 禁止选择告知承诺: a commitment of the approval stage found not kept, with `bar-commitment`, bars the owner's
// 告知承诺 in joint acceptance too, through `barredUntil` — the same commitment_bar a breach found here writes.

// Monday 2 March 2026, 10:00 in Shanghai.
const START = '2026-03-02T02:00:00Z'

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const breach = (
  ownerCreditCode: string | undefined,
  barredUntil: string,
): EventBody<typeof TaskCommitmentBreachedV1> => ({
  task: {
    taskId: uuidv7(),
    applicationId: uuidv7(),
    projectId: uuidv7(),
    item: 'construction-permit',
    department: 'housing-construction',
    status: 'approved',
    nationalCode: 12,
    version: 4,
    supplementRoundsUsed: 0,
    clocks: {},
    commitment: {
      verifyBy: '2026-03-30',
      verification: {
        result: 'breached',
        on: '2026-03-02',
        department: 'housing-construction',
        by: 'reviewer-1',
        findings: ['施工现场与承诺不符'],
        measures: ['bar-commitment'],
        barredUntil,
      },
    },
    updatedAt: START,
  },
  ...(ownerCreditCode ? { ownerCreditCode } : {}),
})
const barsOf = async (creditCode: string) =>
  (await w.db.pool.query('SELECT case_id::text, until::text FROM commitment_bar WHERE credit_code = $1', [creditCode]))
    .rows

describe('a bar from the approval stage', () => {
  it('refuses the owner’s commitments in joint acceptance through barredUntil; a breach naming no owner bars no one', async () => {
    const creditCode = '91441500MA51XY321Q'
    const party = { name: '汕尾市承诺未履行示例有限公司', creditCode }
    const actor = { sub: `owner-${creditCode}`, role: 'owner', creditCode }
    const event = breach(creditCode, '2026-06-30')
    await publish(w, TaskCommitmentBreachedV1, event, event.task.taskId)
    const anonymous = breach(undefined, '2026-06-30')
    await publish(w, TaskCommitmentBreachedV1, anonymous, anonymous.task.taskId)
    await expect.poll(() => barsOf(creditCode)).toEqual([{ case_id: event.task.taskId, until: '2026-06-30' }])
    const jsm = await jetstreamManager(w.nc)
    await expect
      .poll(async () => {
        const info = await jsm.consumers.info(w.topology.stream, 'acceptance-commitment-bars')
        return info.num_pending + info.num_ack_pending
      })
      .toBe(0)

    const project = await shanweiProject(w, party)
    const refused = await call(w, 'POST', `/projects/${project}/acceptance`, actor, { commitments: [ARCHIVE] })
    expect(refused.status, JSON.stringify(refused.body)).toBe(422)
    expect(refused.body).toMatchObject({
      code: 'ACCEPTANCE_COMMITMENT_BARRED',
      errors: [{ field: '/body/commitments', message: 'is barred until 2026-06-30' }],
      item: 'construction-permit',
      until: '2026-06-30',
    })
    w.clock.set('2026-07-01T02:00:00Z')
    const later = await call(w, 'POST', `/projects/${project}/acceptance`, actor, { commitments: [ARCHIVE] })
    expect(later.status, JSON.stringify(later.body)).toBe(201)
    const all = await w.db.pool.query('SELECT 1 FROM commitment_bar WHERE case_id = $1::uuid', [anonymous.task.taskId])
    expect(all.rowCount).toBe(0)
  })
})
