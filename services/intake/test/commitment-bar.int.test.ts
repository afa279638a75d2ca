import { jetstreamManager } from '@nats-io/jetstream'
import { type EventBody, TaskCommitmentBreachedV1 } from '@onewindow/contracts'
import { publishAsRelay } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, type IntakeWorld, intakeWorld, lowRiskFactory, START, sixItemMaterials } from './world.js'

// 告知承诺 not kept (004:1860: 对检查中发现实际情况与承诺内容不符的，采取……禁止选择告知承诺等惩戒措施): approval's
// commitment-breached with `bar-commitment` names the owner and the bar's last day; intake keeps it and refuses the
// owner's 告知承诺 at the window through that day, in the one notice, at /commitments.

let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** A breach as approval publishes it: the task approved on commitment, verified breached with the measures given. */
const breach = (
  owner: string | undefined,
  measures: Array<'rectify' | 'revoke' | 'bar-commitment'>,
  barredUntil?: string,
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
        measures,
        ...(barredUntil ? { barredUntil } : {}),
        ...(measures.includes('rectify') ? { rectifyBy: '2026-03-20' } : {}),
      },
    },
    updatedAt: START,
  },
  actor: 'reviewer:reviewer-1',
  note: '施工现场与承诺不符',
  ...(owner ? { ownerCreditCode: owner } : {}),
})

const bars = async (creditCode: string) =>
  (await w.db.pool.query('SELECT until::text FROM commitment_bar WHERE credit_code = $1', [creditCode])).rows

async function project(owner: { name: string; creditCode: string }) {
  const res = await w.call('POST', '/projects', actors.clerk, lowRiskFactory({ owner }))
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  await w.approveFirstStep(res.body.project.projectId)
  return res.body.project.projectId as string
}
const withCommitment = {
  step: 'six-item-bundle',
  form: {},
  materials: sixItemMaterials,
  commitments: [{ item: 'construction-permit' }],
}
const open = (projectId: string, body: object) =>
  w.call('POST', `/projects/${projectId}/applications`, actors.clerk, body)

describe('告知承诺 barred by approval’s breached commitment', () => {
  it('逾期未整改: the further measure told as the breach again bars the owner from its own day (commitmentBarOf)', async () => {
    w.clock.set(START)
    const owner = { name: '逾期未整改示例有限公司', creditCode: '91350100M000105X1B' }
    const event = breach(owner.creditCode, ['rectify'])
    // The finding ordered 整改 only: it bars no one.
    await publishAsRelay(w.nc, w.topology, TaskCommitmentBreachedV1, event, { aggregate: event.task.taskId })
    const commitment = event.task.commitment
    if (!commitment) throw new Error('no commitment')
    const escalated: EventBody<typeof TaskCommitmentBreachedV1> = {
      ...event,
      task: {
        ...event.task,
        version: event.task.version + 3,
        commitment: {
          ...commitment,
          rectification: {
            reports: [],
            overdueOn: '2026-03-21',
            escalation: { on: '2026-03-23', by: 'reviewer-1', measures: ['bar-commitment'], barredUntil: '2027-03-23' },
          },
        },
      },
      rectification: { escalated: true },
    }
    await publishAsRelay(w.nc, w.topology, TaskCommitmentBreachedV1, escalated, { aggregate: event.task.taskId })
    await expect
      .poll(
        async () =>
          (
            await w.db.pool.query('SELECT barred_on::text, until::text FROM commitment_bar WHERE credit_code = $1', [
              owner.creditCode,
            ])
          ).rows,
      )
      .toEqual([{ barred_on: '2026-03-23', until: '2027-03-23' }])
  })

  it('refuses the barred owner’s 告知承诺 through the bar’s last day, naming /commitments; takes it the day after', async () => {
    w.clock.set(START)
    const owner = { name: '承诺未履行示例有限公司', creditCode: '91350100M000104Y3N' }
    const event = breach(owner.creditCode, ['rectify', 'bar-commitment'], '2026-03-31')
    await publishAsRelay(w.nc, w.topology, TaskCommitmentBreachedV1, event, { aggregate: event.task.taskId })
    await expect.poll(() => bars(owner.creditCode)).toEqual([{ until: '2026-03-31' }])
    // Redelivered (another message of the same breach): still one bar.
    await publishAsRelay(w.nc, w.topology, TaskCommitmentBreachedV1, event, { aggregate: event.task.taskId })

    const projectId = await project(owner)
    const before = { applications: await w.rows('application'), outbox: await w.outboxRows() }
    const refused = await open(projectId, withCommitment)
    expect(refused.status, JSON.stringify(refused.body)).toBe(422)
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(refused.body.code).toBe('INTAKE_APPLICATION_INCOMPLETE')
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        field: '/commitments',
        code: 'INTAKE_OWNER_BARRED_FROM_COMMITMENT',
        message: expect.stringContaining('until 2026-03-31'),
      }),
    ])
    expect(await w.rows('application')).toBe(before.applications)
    expect(await w.outboxRows()).toBe(before.outbox)
    expect(await bars(owner.creditCode)).toHaveLength(1)

    // The last day of the bar still bars; the day after does not.
    w.clock.set('2026-03-31T01:00:00Z')
    expect((await open(projectId, withCommitment)).status).toBe(422)
    w.clock.set('2026-04-01T01:00:00Z')
    const accepted = await open(projectId, withCommitment)
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201)
    expect(accepted.body.application.commitments).toEqual([
      { item: 'construction-permit', verifyBy: expect.any(String) },
    ])
  })

  // One task may bar its owner more than once (its 告知承诺 and each 容缺 material not made good): the latest day holds.
  it('keeps a task’s bar to the latest day any of its breaches set', async () => {
    const owner = { name: '两次失约示例有限公司', creditCode: '91350100M000105Y3N' }
    const first = breach(owner.creditCode, ['bar-commitment'], '2026-03-31')
    await publishAsRelay(w.nc, w.topology, TaskCommitmentBreachedV1, first, { aggregate: first.task.taskId })
    await expect.poll(() => bars(owner.creditCode)).toEqual([{ until: '2026-03-31' }])
    const later = breach(owner.creditCode, ['bar-commitment'], '2026-04-30')
    later.task = { ...later.task, taskId: first.task.taskId, version: 5 }
    await publishAsRelay(w.nc, w.topology, TaskCommitmentBreachedV1, later, { aggregate: first.task.taskId })
    await expect.poll(() => bars(owner.creditCode)).toEqual([{ until: '2026-04-30' }])
    const earlier = breach(owner.creditCode, ['bar-commitment'], '2026-03-15')
    earlier.task = { ...earlier.task, taskId: first.task.taskId, version: 6 }
    await publishAsRelay(w.nc, w.topology, TaskCommitmentBreachedV1, earlier, { aggregate: first.task.taskId })
    const handled = async () =>
      (await w.db.pool.query("SELECT count(*)::int AS n FROM inbox_message WHERE subject LIKE '%commitment-breached%'"))
        .rows[0].n
    await expect.poll(handled).toBeGreaterThanOrEqual(4)
    expect(await bars(owner.creditCode)).toEqual([{ until: '2026-04-30' }])
  })

  it('bars no one for a breach without the bar, or one that names no owner (written before it was carried)', async () => {
    w.clock.set(START)
    const owner = { name: '整改示例有限公司', creditCode: '91350100M000105Y3C' }
    const rectifyOnly = breach(owner.creditCode, ['rectify'])
    const nobody = breach(undefined, ['bar-commitment'], '2026-12-31')
    for (const e of [rectifyOnly, nobody])
      await publishAsRelay(w.nc, w.topology, TaskCommitmentBreachedV1, e, { aggregate: e.task.taskId })
    // Both handled (acked) before the window is asked.
    const jsm = await jetstreamManager(w.nc)
    await expect
      .poll(async () => {
        const info = await jsm.consumers.info(w.topology.stream, 'intake-commitment-bars')
        return info.num_pending + info.num_ack_pending
      })
      .toBe(0)
    const projectId = await project(owner)
    expect((await open(projectId, withCommitment)).status).toBe(201)
    expect(await bars(owner.creditCode)).toEqual([])
    const kept = await w.db.pool.query('SELECT 1 FROM commitment_bar WHERE task_id = ANY($1::uuid[])', [
      [rectifyOnly.task.taskId, nobody.task.taskId],
    ])
    expect(kept.rowCount).toBe(0)
  })
})
