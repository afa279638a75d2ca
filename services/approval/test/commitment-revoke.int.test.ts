import { TaskCommitmentBreachedV1, TaskRevokedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMITMENT_REVOCATION_BASIS } from '../src/domain/task.js'
import { accept, act, anAcceptance, approvalWorld, call, published, reviewerOf, type World } from './helpers.js'

// 告知承诺 verified breached with 依法撤销许可 (004:1860): the permit granted on the commitment is revoked by the same
// command, as a 容缺 finding's `revoke` revokes it — the breach and 撤销 (15) written to the outbox in one transaction
// and published, the task revoked. A permit revoked already is not revoked again: the breach with `revoke` is refused
// naming /body/measures, and nothing of it is written.

const TODAY = '2026-03-02'
const OWNER = '91441500MA51XY302A'

let w: World
beforeAll(async () => {
  w = await approvalWorld(`${TODAY}T01:00:00Z`)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

async function committedTask() {
  const base = anAcceptance(TODAY, ['housing-construction'])
  const [task] = await accept(w, {
    ...base,
    items: base.items.map((i) => ({ ...i, onCommitment: true })),
    commitments: [{ item: 'item-1', verifyBy: '2026-03-30' }],
    ownerCreditCode: OWNER,
  })
  if (!task) throw new Error('no task')
  return task
}

/** The task's outbox rows in order, with the instant their transaction began (the column's CURRENT_TIMESTAMP). */
const rowsOf = async (taskId: string) =>
  (
    await w.db.pool.query<{ subject: string; created_at: Date; payload: Record<string, unknown> }>(
      'SELECT subject, created_at, payload FROM outbox_message WHERE aggregate_id = $1 ORDER BY position',
      [taskId],
    )
  ).rows

const revoking = {
  result: 'breached',
  findings: ['施工现场与承诺不符'],
  measures: ['revoke', 'bar-commitment'],
  barredUntil: '2026-09-30',
}

describe('a 告知承诺 breached with 依法撤销许可', () => {
  it('revokes the permit with the breach: both in one transaction, both published, the task revoked (15)', async () => {
    const task = await committedTask()
    const before = (await rowsOf(task.id)).length
    const res = await call(w, 'POST', `/tasks/${task.id}/commitment`, reviewerOf(task.department), revoking)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.task).toMatchObject({
      status: 'revoked',
      nationalCode: 15,
      commitment: { verification: { result: 'breached', measures: ['revoke', 'bar-commitment'] } },
      revocation: { legalBasis: COMMITMENT_REVOCATION_BASIS, revokedOn: TODAY },
    })

    const written = (await rowsOf(task.id)).slice(before)
    expect(written.map((r) => r.subject)).toEqual([TaskCommitmentBreachedV1.subject, TaskRevokedV1.subject])
    const [breach, revoked] = written
    expect(revoked?.created_at.getTime(), 'one transaction').toBe(breach?.created_at.getTime())
    expect(breach?.payload).toMatchObject({ ownerCreditCode: OWNER })

    const state = await w.db.pool.query('SELECT status, national_code FROM task WHERE id = $1', [task.id])
    expect(state.rows).toEqual([{ status: 'revoked', national_code: 15 }])

    await expect
      .poll(async () => (await published(w.nc, w.topology, TaskRevokedV1)).filter((e) => e.task.taskId === task.id))
      .toEqual([
        expect.objectContaining({
          actor: `reviewer-${task.department}`,
          task: expect.objectContaining({
            status: 'revoked',
            revocation: expect.objectContaining({
              reason: expect.stringContaining('施工现场与承诺不符'),
              legalBasis: COMMITMENT_REVOCATION_BASIS,
            }),
          }),
        }),
      ])
    expect(
      (await published(w.nc, w.topology, TaskCommitmentBreachedV1)).filter((e) => e.task.taskId === task.id),
    ).toHaveLength(1)
  })

  it('is refused on a permit revoked already (422 naming /body/measures), writing nothing; the breach alone is recorded', async () => {
    const task = await committedTask()
    const revoke = { action: 'revoke', reason: '以欺骗手段取得行政许可', legalBasis: '行政许可法第六十九条第二款' }
    expect((await act(w, task, revoke)).status).toBe(200)
    const before = (await rowsOf(task.id)).length

    const res = await call(w, 'POST', `/tasks/${task.id}/commitment`, reviewerOf(task.department), revoking)
    expect(res.status).toBe(422)
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(res.body.code).toBe('APPROVAL_VERIFICATION_INVALID')
    expect(res.body.errors).toEqual([expect.objectContaining({ field: '/body/measures' })])
    expect(await rowsOf(task.id)).toHaveLength(before)

    const barring = { ...revoking, measures: ['bar-commitment'] }
    const recorded = await call(w, 'POST', `/tasks/${task.id}/commitment`, reviewerOf(task.department), barring)
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200)
    expect(recorded.body.task).toMatchObject({ status: 'revoked', revocation: { legalBasis: revoke.legalBasis } })
    expect((await rowsOf(task.id)).slice(before).map((r) => r.subject)).toEqual([TaskCommitmentBreachedV1.subject])
  })
})
