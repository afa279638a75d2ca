import { nationalStates, TaskCommitmentBreachedV1, TaskDeficiencyOverdueV1, TaskRevokedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  approveFirstStep,
  expectStatus,
  lowRiskFactory,
  openApplication,
  owners,
  published,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  statusWhen,
  taskIn,
  taskOf,
  until,
  verifyPathOf,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// 004:1860: 对检查中发现实际情况与承诺内容不符的，采取整改、依法撤销许可或者禁止选择告知承诺等惩戒措施. A department that
// finds a commitment of the approval stage not kept and bars the owner (`bar-commitment`, `barredUntil`): approval's
// breach names the owner, intake keeps the bar, and the window refuses the owner's 告知承诺 through that day.

// Monday 2026-03-02, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'
const at = (date: string) => `${date}T01:00:00Z`
const LEAD = 'housing-construction'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const owner = { name: '汕尾市承诺未履行示例有限公司', creditCode: '91441500MA51XY305K' }
const onCommitment = {
  step: 'six-item-bundle',
  form: {},
  materials: sixItemMaterials,
  commitments: [{ item: 'construction-permit' }],
}

async function readyForBundle(of: { name: string; creditCode: string } = owner): Promise<string> {
  const projectId = await registerProject(world, lowRiskFactory(of))
  await approveFirstStep(world, projectId)
  return projectId
}

describe('告知承诺 barred by a breached commitment of the approval stage', () => {
  it('the breach names the owner; the window refuses its 告知承诺 through barredUntil and takes it the day after', async () => {
    const first = await readyForBundle()
    const application = expectStatus(await openApplication(world, first, onCommitment), 201).application
    const task = await taskOf(world, LEAD, application.applicationId)
    let decided = false
    await until(async () => {
      const res = await world.api(
        'POST',
        `/api/v1/tasks/${task.taskId}/commitment`,
        world.token('reviewer', { department: LEAD }),
        {
          result: 'breached',
          findings: ['施工图未按承诺上传'],
          measures: ['bar-commitment'],
          barredUntil: '2026-03-31',
        },
      )
      decided = res.status === 200
      return decided || res.body?.code !== 'APPROVAL_NOT_COMMITTED'
    })
    expect(decided).toBe(true)
    await until(async () =>
      (await published(world, TaskCommitmentBreachedV1)).some((e) => e.task.taskId === task.taskId),
    )
    const breach = (await published(world, TaskCommitmentBreachedV1)).find((e) => e.task.taskId === task.taskId)
    expect(breach?.ownerCreditCode).toBe(owner.creditCode)

    // The same owner's next project: its 告知承诺 is refused once intake has heard the breach (its commitment_bar).
    await expect
      .poll(async () =>
        (
          await world.schemas.intake.pool.query('SELECT until::text FROM commitment_bar WHERE credit_code = $1', [
            owner.creditCode,
          ])
        ).rows.map((r) => r.until),
      )
      .toEqual(['2026-03-31'])
    const next = await readyForBundle()
    const refused = await openApplication(world, next, onCommitment)
    expect(refused.status, JSON.stringify(refused.body)).toBe(422)
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(refused.body.code).toBe('INTAKE_APPLICATION_INCOMPLETE')
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: '/commitments', code: 'INTAKE_OWNER_BARRED_FROM_COMMITMENT' }),
    ])

    world.clock.set(at('2026-04-01'))
    expect((await openApplication(world, next, onCommitment)).status).toBe(201)
  })
})

// 依法撤销许可 on the same breach: the permit granted on the commitment, issued at once, is revoked by the verification
// itself (approval's task.revoked after the breach, one transaction) — the task 15, and the certificate registration
// issued verifies revoked, as after a department's own 撤销 (withdrawal-revocation.e2e.test.ts).
describe('告知承诺 breached with 依法撤销许可 in the approval stage', () => {
  it('revokes the permit with the breach: the task 15 on the status and timeline, its certificate verifies revoked', async () => {
    world.clock.set(START)
    const projectId = await readyForBundle(owners.b)
    const application = expectStatus(await openApplication(world, projectId, onCommitment), 201).application
    const task = await taskOf(world, LEAD, application.applicationId)
    type Listed = { certificateId: string; kind: string; item?: string }
    const permitOf = (s: unknown) =>
      (s as { certificates: Listed[] }).certificates.find(
        (c) => c.kind === 'permit' && c.item === 'construction-permit',
      )
    const issued = permitOf(await statusWhen(world, projectId, (x) => permitOf(x) !== undefined))
    if (!issued) throw new Error('no construction permit issued on the commitment')
    const ownerToken = world.token('owner', { creditCode: owners.b.creditCode })
    const { qr } = expectStatus(await world.api('GET', `/api/v1/certificates/${issued.certificateId}`, ownerToken), 200)
    expect(expectStatus(await world.api('GET', verifyPathOf(qr.payload)), 200).status).toBe('valid')

    world.clock.set(at('2026-03-10'))
    const res = await world.api(
      'POST',
      `/api/v1/tasks/${task.taskId}/commitment`,
      world.token('reviewer', { department: LEAD }),
      { result: 'breached', findings: ['施工现场与承诺的安全生产条件不符'], measures: ['revoke'] },
    )
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.task).toMatchObject({ status: 'revoked', nationalCode: 15 })

    await until(async () => (await world.api('GET', verifyPathOf(qr.payload))).body?.status === 'revoked')
    const verified = expectStatus(await world.api('GET', verifyPathOf(qr.payload)), 200)
    expect(verified).toMatchObject({
      status: 'revoked',
      revocation: { certificateId: issued.certificateId, revokedOn: '2026-03-10' },
    })
    expect(verified.revocation.reason).toContain('告知承诺与实际情况不符')
    expect((await published(world, TaskRevokedV1)).filter((e) => e.task.taskId === task.taskId)).toHaveLength(1)

    const after = await statusWhen(world, projectId, (x) => x.timeline.some((e) => e.type === 'certificate.revoked'))
    const shown = taskIn(after, task.taskId)
    expect([shown.status, shown.nationalCode, shown.nationalName]).toEqual(['revoked', 15, nationalStates[15].zh])
    const mine = after.timeline.filter((e) => e.department === LEAD && e.type.startsWith('task.'))
    expect(mine.map((e) => e.type).slice(-2)).toEqual(['task.commitment-breached', 'task.revoked'])
  })
})

// 容缺后补 not kept, the same discipline (004:1860): a material accepted as owed (容缺) and not submitted by its promised
// day is reported overdue by intake, told to the department whose item needs it (approval, task.deficiency-overdue),
// which records its finding — 依法撤销许可 revokes the permit granted on the 容缺, 禁止选择告知承诺 bars the owner as a
// commitment breach does — and the timeline and the supervisor's list of commitments (taskDeficiencies) show it.
describe('容缺 not made good by its promised day', () => {
  const debtor = { name: '汕尾市容缺未补示例有限公司', creditCode: '91441500MA51XY302A' }
  const finding = {
    material: 'construction-contract',
    findings: ['施工合同承诺于2026年3月4日前补交，逾期未交'],
    measures: ['revoke', 'bar-commitment'],
    barredUntil: '2026-06-30',
  }

  it('overdue → the department’s finding → the permit revoked and the owner barred; timeline and list show it', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(debtor))
    await approveFirstStep(world, projectId)
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'six-item-bundle',
        form: { builder: '示例建设工程有限公司' },
        materials: sixItemMaterials.filter((m) => m.code !== 'construction-contract'),
        deficiencies: [{ code: 'construction-contract', promisedOn: '2026-03-04' }],
      }),
      201,
    ).application as { applicationId: string; outcome: string }
    expect(application.outcome).toBe('accepted-with-deficiencies')
    const { applicationId } = application
    const reviewer = world.token('reviewer', { department: LEAD })
    const task = await taskOf(world, LEAD, applicationId)

    // Before its day the material is owed, not overdue: there is no finding to record.
    const early = await world.api('POST', `/api/v1/tasks/${task.taskId}/deficiency-finding`, reviewer, finding)
    expect(early.status, JSON.stringify(early.body)).toBe(409)
    expect(early.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(early.body.code).toBe('APPROVAL_DEFICIENCY_NOT_OVERDUE')

    for (const department of sixItemDepartments) {
      const t = await taskOf(world, department, applicationId)
      expectStatus(await act(world, t, { action: 'claim' }), 200)
      expectStatus(await act(world, t, { action: 'approve' }), 200)
    }

    // Thursday: the promised Wednesday has passed; intake reports it, approval tells the construction permit's task.
    world.clock.set(at('2026-03-05'))
    await until(async () =>
      (await published(world, TaskDeficiencyOverdueV1)).some((e) => e.task.taskId === task.taskId),
    )
    const res = await world.api('POST', `/api/v1/tasks/${task.taskId}/deficiency-finding`, reviewer, finding)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.task).toMatchObject({ status: 'revoked', nationalCode: 15 })

    await until(async () =>
      (await published(world, TaskCommitmentBreachedV1)).some((e) => e.task.taskId === task.taskId),
    )
    const breach = (await published(world, TaskCommitmentBreachedV1)).find((e) => e.task.taskId === task.taskId)
    expect(breach).toMatchObject({
      ownerCreditCode: debtor.creditCode,
      deficiency: { material: 'construction-contract' },
    })

    // 纳入信用监管: the project's timeline, the task revoked, and the supervisor's list of commitments.
    const s = await statusWhen(world, projectId, (x) =>
      x.timeline.some((e) => e.type === 'task.revoked' && e.department === LEAD),
    )
    expect(taskIn(s, task.taskId).status).toBe('revoked')
    const mine = s.timeline.filter((e) => e.department === LEAD)
    expect(mine.filter((e) => e.type === 'task.deficiency-overdue')).toHaveLength(1)
    expect(mine.filter((e) => e.type === 'task.commitment-breached')).toEqual([
      expect.objectContaining({ outcome: 'deficiency' }),
    ])
    const listed = expectStatus(await world.api('GET', '/api/v1/commitments', world.token('supervisor')), 200)
    expect(listed.taskDeficiencies.filter((d: { taskId: string }) => d.taskId === task.taskId)).toEqual([
      expect.objectContaining({
        material: 'construction-contract',
        promisedOn: '2026-03-04',
        state: 'breached',
        taskStatus: 'revoked',
        finding: expect.objectContaining({ measures: ['revoke', 'bar-commitment'], barredUntil: '2026-06-30' }),
      }),
    ])

    // 禁止选择告知承诺: the owner's next 告知承诺 is refused at the window, as a commitment breach's bar refuses it.
    await expect
      .poll(async () =>
        (
          await world.schemas.intake.pool.query('SELECT until::text FROM commitment_bar WHERE credit_code = $1', [
            debtor.creditCode,
          ])
        ).rows.map((r) => r.until),
      )
      .toEqual(['2026-06-30'])
  })
})
