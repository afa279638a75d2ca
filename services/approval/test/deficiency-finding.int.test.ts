import {
  DeficiencyOverdueV1,
  TaskCommitmentBreachedV1,
  TaskDeficiencyOverdueV1,
  TaskRevokedV1,
} from '@onewindow/contracts'
import { publishAsRelay } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accept, act, anAcceptance, approvalWorld, call, outboxBodies, reviewerOf, type World } from './helpers.js'

// 容缺后补 not kept (seeds/004:1860): intake's `deficiency.overdue` reaches the tasks whose guide lists the material;
// their department records its finding through the route, the breach told as a commitment's (naming the owner and
// the material) and, with `revoke`, the permit revoked in the same transaction. A material made good by its day was
// never reported overdue: its finding is refused with a stable code.

const OWNER = '91441500MA51XY302A'
let w: World
beforeAll(async () => {
  // Thursday 2026-03-12: the materials below were promised for Tuesday the 10th.
  w = await approvalWorld('2026-03-12T01:00:00Z', { scanEveryMs: 3_600_000 })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** A two-department application accepted 容缺 (`site-plan` owed, listed by the first item's guide), both approved. */
async function approvedOnDeficiency() {
  const base = anAcceptance('2026-03-02', ['natural-resources', 'housing-construction'])
  const body = {
    ...base,
    withDeficiencies: true,
    ownerCreditCode: OWNER,
    items: base.items.map((i, n) => ({ ...i, materials: n === 0 ? ['site-plan', 'land-deed'] : ['fire-plan'] })),
    deficiencies: [{ material: 'site-plan', name: '总平面图', promisedOn: '2026-03-10' }],
  }
  const tasks = await accept(w, body)
  for (const task of tasks) {
    expect((await act(w, task, { action: 'claim' })).status).toBe(200)
    expect((await act(w, task, { action: 'approve' })).status).toBe(200)
  }
  const lead = tasks.find((t) => t.department === 'natural-resources')
  if (!lead) throw new Error('no task')
  return { applicationId: body.applicationId, projectId: body.projectId, tasks, task: lead }
}

const overdue = async (applicationId: string, projectId: string) =>
  publishAsRelay(
    w.nc,
    w.topology,
    DeficiencyOverdueV1,
    { applicationId, projectId, material: 'site-plan', promisedOn: '2026-03-10', detectedAt: '2026-03-11T16:00:05Z' },
    { aggregate: applicationId, source: 'intake' },
  )

const findingOn = (taskId: string, body: object) =>
  call(w, 'POST', `/tasks/${taskId}/deficiency-finding`, reviewerOf('natural-resources'), {
    material: 'site-plan',
    findings: ['总平面图逾期未补交'],
    ...body,
  })

describe('容缺 overdue → the department’s finding', () => {
  it('tells the task whose guide lists the material, once; the finding with revoke and bar revokes the permit and names the owner', async () => {
    const { applicationId, projectId, task, tasks } = await approvedOnDeficiency()
    await overdue(applicationId, projectId)
    await overdue(applicationId, projectId)
    await expect
      .poll(async () =>
        (await outboxBodies(w, TaskDeficiencyOverdueV1)).filter((e) => e.task.applicationId === applicationId),
      )
      .toHaveLength(1)
    const [told] = (await outboxBodies(w, TaskDeficiencyOverdueV1)).filter(
      (e) => e.task.applicationId === applicationId,
    )
    expect(told).toMatchObject({ material: 'site-plan', promisedOn: '2026-03-10', task: { taskId: task.id } })
    expect(told?.task.deficiencies).toEqual([
      { material: 'site-plan', promisedOn: '2026-03-10', overdueOn: '2026-03-12' },
    ])

    // The other department, whose guide does not list it, was not told and has nothing to find.
    const other = tasks.find((t) => t.id !== task.id)
    if (!other) throw new Error('no other task')
    const elsewhere = await call(w, 'POST', `/tasks/${other.id}/deficiency-finding`, reviewerOf(other.department), {
      material: 'site-plan',
      findings: ['x'],
      measures: ['rectify'],
      rectifyBy: '2026-03-20',
    })
    expect(elsewhere.status).toBe(409)
    expect(elsewhere.body.code).toBe('APPROVAL_DEFICIENCY_NOT_OVERDUE')

    const res = await findingOn(task.id, { measures: ['revoke', 'bar-commitment'], barredUntil: '2026-09-30' })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.task).toMatchObject({ status: 'revoked', nationalCode: 15 })

    const [breach] = (await outboxBodies(w, TaskCommitmentBreachedV1)).filter((e) => e.task.taskId === task.id)
    expect(breach).toMatchObject({
      ownerCreditCode: OWNER,
      deficiency: { material: 'site-plan' },
      task: { deficiencies: [{ material: 'site-plan', finding: { measures: ['revoke', 'bar-commitment'] } }] },
    })
    const [revoked] = (await outboxBodies(w, TaskRevokedV1)).filter((e) => e.task.taskId === task.id)
    expect(revoked?.task.revocation?.reason).toBe('容缺材料未于承诺日 2026-03-10 补正：总平面图逾期未补交')

    const twice = await findingOn(task.id, { measures: ['rectify'], rectifyBy: '2026-03-20' })
    expect(twice.status).toBe(409)
    expect(twice.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(twice.body.code).toBe('APPROVAL_DEFICIENCY_FOUND')
  })

  it('refuses a finding on a material made good by its day (never overdue), naming /body/material', async () => {
    const { task } = await approvedOnDeficiency()
    const res = await findingOn(task.id, { measures: ['rectify'], rectifyBy: '2026-03-20' })
    expect(res.status).toBe(409)
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(res.body).toMatchObject({ code: 'APPROVAL_DEFICIENCY_NOT_OVERDUE' })
    expect(res.body.errors).toEqual([expect.objectContaining({ field: '/body/material' })])
  })

  it('refuses a rectify-by day that is not a working day after today (422 naming /body/rectifyBy)', async () => {
    const { applicationId, projectId, task } = await approvedOnDeficiency()
    await overdue(applicationId, projectId)
    await expect
      .poll(async () => (await outboxBodies(w, TaskDeficiencyOverdueV1)).some((e) => e.task.taskId === task.id))
      .toBe(true)
    const saturday = await findingOn(task.id, { measures: ['rectify'], rectifyBy: '2026-03-14' })
    expect(saturday.status).toBe(422)
    expect(saturday.body.code).toBe('APPROVAL_VERIFICATION_INVALID')
    expect(saturday.body.errors).toEqual([expect.objectContaining({ field: '/body/rectifyBy' })])
    const monday = await findingOn(task.id, { measures: ['rectify'], rectifyBy: '2026-03-16' })
    expect(monday.status, JSON.stringify(monday.body)).toBe(200)
    expect(monday.body.task).toMatchObject({ status: 'approved' })
  })
})
