import { ApplicationWithdrawnV1, nationalStates, TaskClockOverdueV1, TaskRevokedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  applicationIn,
  approveFirstStep,
  approveStep,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  lowRiskFactory,
  ofDepartment,
  one,
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

// Monday 2026-03-02, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

describe('撤回 (14) and 撤销 (15) through the gateway', () => {
  it('the owner withdraws an application in approval: every open task 14, clocks stopped, the step withdrawn, nothing more can be done', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    await approveFirstStep(world, projectId)
    const { applicationId } = expectStatus(
      await openApplication(world, projectId, {
        step: 'six-item-bundle',
        form: { builder: '示例建设工程有限公司' },
        materials: sixItemMaterials,
      }),
      201,
    ).application as { applicationId: string }
    const tasks = await Promise.all(sixItemDepartments.map((d) => taskOf(world, d, applicationId)))
    const housing = ofDepartment(tasks, 'housing-construction')
    expectStatus(await act(world, housing, { action: 'claim' }), 200)
    expectStatus(
      await act(world, housing, { action: 'supplement', materials: ['construction-contract'], reason: '合同未盖章' }),
      200,
    )

    world.clock.set('2026-03-04T02:00:00Z')
    const url = `/api/v1/applications/${applicationId}/withdrawal`
    const reason = '建设单位调整建设方案 (the owner changes the design)'
    // Another owner is told the application does not exist; a reviewer may not; a bad body is named.
    const stranger = await world.api('POST', url, world.token('owner', { creditCode: owners.c.creditCode }), { reason })
    expect(stranger).toMatchObject({ status: 404, body: { code: 'GATEWAY_APPLICATION_NOT_FOUND' } })
    const reviewer = await world.api('POST', url, world.token('reviewer', { department: 'housing-construction' }), {
      reason,
    })
    expect(reviewer).toMatchObject({ status: 403, body: { code: 'GATEWAY_FORBIDDEN' } })
    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    const empty = await world.api('POST', url, owner, { reason: '' })
    expect(empty.status).toBe(400)
    expect(JSON.stringify(empty.body.errors)).toContain('/body/reason')

    const withdrawn = expectStatus(await world.api('POST', url, owner, { reason }), 200)
    expect(withdrawn.tasks.map((t: { status: string; nationalCode: number }) => [t.status, t.nationalCode])).toEqual(
      sixItemDepartments.map(() => ['withdrawn', 14]),
    )

    const s = await statusWhen(
      world,
      projectId,
      (x) =>
        x.timeline.some((e) => e.type === 'application.withdrawn') &&
        applicationIn(x, applicationId).notices[0]?.status === 'withdrawn',
    )
    // Its 补正 notice ended with it: the owner owes nothing, and the timeline says so once.
    expect(applicationIn(s, applicationId).notices).toEqual([
      expect.objectContaining({ status: 'withdrawn', version: 2 }),
    ])
    expect(s.timeline.filter((e) => e.summary.startsWith('补正告知 withdrawn'))).toHaveLength(1)
    const mine = s.tasks.filter((t) => t.applicationId === applicationId)
    expect(mine).toHaveLength(sixItemDepartments.length)
    for (const t of mine) {
      expect([t.status, t.nationalCode, t.nationalName]).toEqual(['withdrawn', 14, nationalStates[14].zh])
      expect(t.decision).toMatchObject({ outcome: 'withdrawn', reason })
    }
    // The 补正 in course ends on the withdrawal day: its clocks stop with it.
    expect(taskIn(s, housing.taskId).clocks.committed?.suspensions).toEqual([
      expect.objectContaining({ kind: 'supplement', from: '2026-03-02', to: '2026-03-04', open: false }),
    ])
    expect(s.flow.find((f) => f.step === 'six-item-bundle')?.state).toBe('withdrawn')
    expect(applicationIn(s, applicationId)).toMatchObject({
      certificate: 'withheld',
      decision: { outcome: 'withdrawn', reason, decidedOn: '2026-03-04' },
    })
    expect(s.timeline.filter((e) => e.type === 'application.withdrawn')).toEqual([
      expect.objectContaining({ summary: expect.stringContaining('withdrawn (撤回) by the owner') }),
    ])
    expect(s.timeline.filter((e) => e.type === 'task.withdrawn')).toHaveLength(sixItemDepartments.length)
    expect((await published(world, ApplicationWithdrawnV1)).filter((e) => e.applicationId === applicationId)).toEqual([
      expect.objectContaining({ actorRole: 'owner', withdrawnOn: '2026-03-04', reason }),
    ])

    // Nothing more: a reviewer's action, the owner's answer to the 补正 notice, a second withdrawal — each 409.
    const late = await act(world, ofDepartment(tasks, 'natural-resources'), { action: 'claim' })
    expect(late).toMatchObject({ status: 409, body: { code: 'APPROVAL_APPLICATION_WITHDRAWN' } })
    expect(late.headers['content-type']).toMatch(/application\/problem\+json/)
    const noticeId = applicationIn(s, applicationId).notices[0]?.noticeId
    const answer = await world.api('POST', `/api/v1/applications/${applicationId}/materials`, owner, {
      noticeId,
      materials: [{ code: 'construction-contract', documentRef: 'doc://construction-contract-v2.pdf' }],
    })
    expect(answer).toMatchObject({ status: 409, body: { code: 'APPROVAL_APPLICATION_WITHDRAWN' } })
    const twice = await world.api('POST', url, world.token('clerk'), { reason })
    expect(twice).toMatchObject({ status: 409, body: { code: 'APPROVAL_APPLICATION_WITHDRAWN' } })

    // Intake records the withdrawal: the step may be applied for again, as a new application.
    let again = await openApplication(world, projectId, {
      step: 'six-item-bundle',
      form: { builder: '示例建设工程有限公司' },
      materials: sixItemMaterials,
    })
    await until(async () => {
      if (again.body?.code !== 'INTAKE_APPLICATION_ALREADY_OPEN') return true
      again = await openApplication(world, projectId, {
        step: 'six-item-bundle',
        form: { builder: '示例建设工程有限公司' },
        materials: sixItemMaterials,
      })
      return false
    })
    const reopened = expectStatus(again, 201).application as { applicationId: string }
    expect(reopened.applicationId).not.toBe(applicationId)

    // The clocks stay stopped: long past every due date, the tasks keep the day they were withdrawn on and no
    // overdue alert is raised for them.
    world.clock.set('2026-04-30T02:00:00Z')
    await new Promise((r) => setTimeout(r, 1500))
    const later = await statusWhen(world, projectId, () => true)
    for (const t of later.tasks.filter((x) => x.applicationId === applicationId)) {
      expect(t.clocks.committed).toMatchObject({ evaluatedOn: '2026-03-04', overdue: false })
    }
    // The withdrawn step's 补正 notice no longer pauses the whole-flow cap's clock (Shanwei's 8 W): its pause closes on
    // the withdrawal day. Left open, it would leave uncounted every later step — the step applied for again above,
    // which has run since, and has taken the clock past its cap by now.
    const flowClock = later.wholeFlow?.clock
    expect(flowClock?.suspensions.filter((p) => p.kind === 'supplement')).toEqual([
      expect.objectContaining({ from: '2026-03-02', to: '2026-03-04', open: false }),
    ])
    expect(flowClock).toMatchObject({ overdue: true })
    expect((await published(world, TaskClockOverdueV1)).filter((a) => a.task.applicationId === applicationId)).toEqual(
      [],
    )
  })

  it('the approving department revokes a granted permit: 15 in the status, the certificate verifies revoked', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, industrialProject(owners.a))
    await approveStep(world, projectId, 'permits', industrialPermitMaterials)
    type Listed = { certificateId: string; kind: string; item?: string }
    const issued = await statusWhen(
      world,
      projectId,
      (x) => (x as unknown as { certificates: Listed[] }).certificates.filter((c) => c.kind === 'permit').length >= 2,
    )
    const permits = (issued as unknown as { certificates: Listed[] }).certificates.filter((c) => c.kind === 'permit')
    const [target, other] = permits
    if (!target?.item || !other) throw new Error(`no permits to revoke: ${JSON.stringify(permits)}`)
    const task = one(issued.tasks, (t) => t.item === target.item, `the task of ${target.item}`)
    const ownerA = world.token('owner', { creditCode: owners.a.creditCode })
    const { qr } = expectStatus(await world.api('GET', `/api/v1/certificates/${target.certificateId}`, ownerA), 200)
    expect(expectStatus(await world.api('GET', verifyPathOf(qr.payload)), 200).status).toBe('valid')

    world.clock.set('2026-03-10T02:00:00Z')
    const revoke = { action: 'revoke', reason: '以欺骗手段取得行政许可', legalBasis: '行政许可法第六十九条第二款' }
    // Another department is told the task does not exist; the reason and legal basis are required.
    const foreign = await world.api(
      'POST',
      `/api/v1/tasks/${task.taskId}/actions`,
      world.token('reviewer', { department: 'market-regulation' }),
      revoke,
    )
    expect(foreign).toMatchObject({ status: 404, body: { code: 'GATEWAY_TASK_NOT_FOUND' } })
    const noBasis = await act(world, task, { action: 'revoke', reason: revoke.reason })
    expect(noBasis.status).toBe(400)
    expect(JSON.stringify(noBasis.body.errors)).toContain('legalBasis')

    const revoked = expectStatus(await act(world, task, revoke), 200).task
    expect(revoked).toMatchObject({
      status: 'revoked',
      nationalCode: 15,
      decision: { outcome: 'approved' },
      revocation: { reason: revoke.reason, legalBasis: revoke.legalBasis, revokedOn: '2026-03-10' },
    })
    const again = await act(world, task, revoke)
    expect(again).toMatchObject({ status: 409, body: { code: 'APPROVAL_ALREADY_REVOKED' } })

    // Registration marks the certificate revoked: the QR verification says so, with the decision's basis.
    await until(async () => (await world.api('GET', verifyPathOf(qr.payload))).body?.status === 'revoked')
    const verified = expectStatus(await world.api('GET', verifyPathOf(qr.payload)), 200)
    expect(verified).toMatchObject({
      status: 'revoked',
      genuine: true,
      revocation: { certificateId: target.certificateId, revokedOn: '2026-03-10' },
    })
    expect(verified.revocation.reason).toContain(revoke.legalBasis)
    const otherQr = expectStatus(await world.api('GET', `/api/v1/certificates/${other.certificateId}`, ownerA), 200).qr
    expect(expectStatus(await world.api('GET', verifyPathOf(otherQr.payload)), 200).status).toBe('valid')
    expect((await published(world, TaskRevokedV1)).filter((e) => e.task.taskId === task.taskId)).toHaveLength(1)

    const after = await statusWhen(world, projectId, (x) => x.timeline.some((e) => e.type === 'certificate.revoked'))
    const shown = taskIn(after, task.taskId)
    expect([shown.status, shown.nationalCode, shown.nationalName]).toEqual(['revoked', 15, nationalStates[15].zh])
    expect(shown.revocation).toMatchObject({ legalBasis: revoke.legalBasis })
    expect(after.timeline.filter((e) => e.type === 'task.revoked')).toEqual([
      expect.objectContaining({ summary: expect.stringContaining('撤销 (15): permit revoked') }),
    ])
    expect(after.timeline.filter((e) => e.type === 'certificate.revoked')).toHaveLength(1)
  })
})
