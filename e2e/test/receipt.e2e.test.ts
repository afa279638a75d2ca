import { ApplicationAcceptedV1, nationalStates } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  applicationIn,
  expectStatus,
  landPlanningMaterials,
  lowRiskFactory,
  nthWorkingDayAfter,
  openApplication,
  owners,
  published,
  registerProject,
  status,
  statusWhen,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// 行政许可法第三十二条 through the gateway: 接件 (1) apart from 受理 (3), 撤件 (2), 不受理 (4), 不予受理 (5), and a
// receipt left more than five working days accepted by law as of its receipt day. Monday 2026-03-02, 09:00 Shanghai.
const START = '2026-03-02T01:00:00Z'
let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const clerk = () => world.token('clerk')
const ownerB = () => world.token('owner', { creditCode: owners.b.creditCode })

/** A Shanwei project's first step received at the window, not accepted (`acceptance: "later"`). */
async function received(projectId?: string) {
  const project = projectId ?? (await registerProject(world, lowRiskFactory(owners.b)))
  const application = expectStatus(
    await openApplication(world, project, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
      acceptance: 'later',
    }),
    201,
  ).application
  expect(application).toMatchObject({ nationalCode: 1, receivedOn: expect.any(String) })
  expect(application.acceptedOn).toBeUndefined()
  return { projectId: project, applicationId: application.applicationId as string }
}

const codeOf = (s: Awaited<ReturnType<typeof status>>, applicationId: string) =>
  applicationIn(s, applicationId).nationalCode
const shows = (code: 1 | 2 | 3 | 4 | 5) => ({
  nationalCode: code,
  nationalName: nationalStates[code].zh,
  nationalNameEn: nationalStates[code].en,
})
const post = (url: string, bearer: string, body: object = {}) => world.api('POST', url, bearer, body)

describe('接件 apart from 受理 (行政许可法第三十二条), through the gateway', () => {
  it('receipt then acceptance: code 1 in the owner’s status, then 3 with the clocks from the acceptance day; a second accept is 409', async () => {
    world.clock.set(START)
    const { projectId, applicationId } = await received()
    const receivedStatus = await statusWhen(world, projectId, (s) =>
      s.applications.some((a) => a.applicationId === applicationId),
    )
    expect(applicationIn(receivedStatus, applicationId)).toMatchObject({
      ...shows(1),
      acceptedOn: null,
      receipt: { nationalCode: 1, receivedOn: '2026-03-02' },
    })
    expect(receivedStatus.tasks).toEqual([])
    const asOwner = await status(world, projectId, ownerB())
    expect(applicationIn(asOwner, applicationId)).toMatchObject(shows(1))

    world.clock.set('2026-03-04T02:00:00Z')
    const accepted = expectStatus(await post(`/api/v1/applications/${applicationId}/accept`, clerk()), 200)
    expect(accepted.application).toMatchObject({ nationalCode: 3, acceptedOn: '2026-03-04', receivedOn: '2026-03-02' })
    const s = await statusWhen(world, projectId, (x) => x.tasks.length === 2)
    expect(applicationIn(s, applicationId)).toMatchObject({
      ...shows(3),
      acceptedOn: '2026-03-04',
      receipt: { nationalCode: 3, acceptedBy: 'clerk', receivedOn: '2026-03-02' },
    })
    for (const t of s.tasks) expect(t.clocks.committed?.start ?? t.clocks.statutory?.start).toBe('2026-03-04')
    expect(s.timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['application.received', 'application.accepted']),
    )

    const again = await post(`/api/v1/applications/${applicationId}/accept`, clerk())
    expect(again.status).toBe(409)
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(again.body).toMatchObject({ code: 'INTAKE_RECEIPT_ALREADY_DECIDED', nationalCode: 3 })
    const refuseNow = await post(`/api/v1/applications/${applicationId}/refuse`, clerk(), {
      ground: 'outside-competence',
      reason: '太迟了',
    })
    expect(refuseNow.status).toBe(409)
    expect(refuseNow.body.code).toBe('INTAKE_RECEIPT_ALREADY_DECIDED')
  })

  it('an application accepted at once shows 3 with its receipt on the same moment', async () => {
    world.clock.set(START)
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    const app = expectStatus(
      await openApplication(world, projectId, {
        step: 'land-planning-and-filing',
        form: {},
        materials: landPlanningMaterials,
      }),
      201,
    ).application
    expect(app).toMatchObject({ nationalCode: 3, acceptedOn: '2026-03-02', receivedOn: '2026-03-02' })
    expect(app.acceptedAt).toBe(app.receivedAt)
    const s = await statusWhen(world, projectId, (x) => x.applications.some((a) => a.nationalCode === 3))
    expect(applicationIn(s, app.applicationId)).toMatchObject({
      ...shows(3),
      receipt: { nationalCode: 3, acceptedBy: 'clerk', receivedAt: app.receivedAt },
    })
  })

  it('withdrawal of a receipt: only by its owner (or a clerk), code 2; the step may be applied for again', async () => {
    world.clock.set(START)
    const { projectId, applicationId } = await received()
    const url = `/api/v1/applications/${applicationId}/withdraw-receipt`
    const stranger = await post(url, world.token('owner', { creditCode: owners.c.creditCode }), { reason: 'x' })
    expect(stranger.status).toBe(404)
    expect(stranger.body.code).toBe('GATEWAY_APPLICATION_NOT_FOUND')
    expect((await post(url, world.token('reviewer', { department: 'natural-resources' }))).status).toBe(403)
    expect((await post(`/api/v1/applications/${applicationId}/accept`, ownerB())).status).toBe(403)

    const withdrawn = expectStatus(await post(url, ownerB(), { reason: '业主补充材料后再报' }), 200)
    expect(withdrawn.application).toMatchObject({ nationalCode: 2, status: 'withdrawn' })
    const s = await statusWhen(world, projectId, (x) => codeOf(x, applicationId) === 2)
    expect(applicationIn(s, applicationId)).toMatchObject({
      ...shows(2),
      receipt: { reason: '业主补充材料后再报', closedOn: '2026-03-02' },
    })
    expect(s.flow.find((f) => f.step === 'land-planning-and-filing')?.state).toBe('not-started')
    expect(s.timeline.some((e) => e.type === 'application.receipt-withdrawn')).toBe(true)

    const accept = await post(`/api/v1/applications/${applicationId}/accept`, clerk())
    expect(accept.status).toBe(409)
    expect(accept.body).toMatchObject({ code: 'INTAKE_RECEIPT_ALREADY_DECIDED', nationalCode: 2 })
    // A withdrawn receipt holds no place: the same step is received again, and a clerk may withdraw it too.
    const next = await received(projectId)
    expectStatus(await post(`/api/v1/applications/${next.applicationId}/withdraw-receipt`, clerk()), 200)
  })

  it('refusal: 不受理 (4, no licence needed) and 不予受理 (5, outside the agency’s powers) are told apart', async () => {
    world.clock.set(START)
    const first = await received()
    const four = expectStatus(
      await post(`/api/v1/applications/${first.applicationId}/refuse`, clerk(), {
        ground: 'licence-not-required',
        reason: '该事项依法不需要取得行政许可',
      }),
      200,
    )
    expect(four.application).toMatchObject({ nationalCode: 4, status: 'refused' })
    const second = await received(first.projectId)
    expectStatus(
      await post(`/api/v1/applications/${second.applicationId}/refuse`, clerk(), {
        ground: 'outside-competence',
        reason: '不属于本机关职权范围',
        referTo: '汕尾市水务局',
      }),
      200,
    )
    const s = await statusWhen(world, first.projectId, (x) => codeOf(x, second.applicationId) === 5)
    expect(applicationIn(s, first.applicationId)).toMatchObject({
      ...shows(4),
      receipt: { ground: 'licence-not-required', reason: '该事项依法不需要取得行政许可' },
    })
    expect(applicationIn(s, second.applicationId)).toMatchObject({
      ...shows(5),
      receipt: { ground: 'outside-competence', referTo: '汕尾市水务局' },
    })
    expect(s.tasks).toEqual([])
    const again = await post(`/api/v1/applications/${second.applicationId}/refuse`, clerk(), {
      ground: 'licence-not-required',
      reason: '再次',
    })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'INTAKE_RECEIPT_ALREADY_DECIDED', nationalCode: 5 })
  })

  it('bad input is problem+json naming the field', async () => {
    world.clock.set(START)
    const { applicationId } = await received()
    const url = `/api/v1/applications/${applicationId}/refuse`
    const fieldsOf = (res: { body: { errors?: Array<{ field: string }> } }) =>
      (res.body.errors ?? []).map((e) => e.field)
    const badGround = await post(url, clerk(), { ground: 'bored', reason: 'x' })
    expect(badGround.status).toBe(400)
    expect(badGround.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(fieldsOf(badGround)).toContain('/body/ground')
    const noReason = await post(url, clerk(), { ground: 'outside-competence' })
    expect(noReason.status).toBe(400)
    expect(fieldsOf(noReason).join(' ')).toMatch(/\/body.*reason/)
    const referTo = await post(url, clerk(), { ground: 'licence-not-required', reason: 'x', referTo: '某局' })
    expect(referTo.status).toBe(422)
    expect(referTo.body.code).toBe('INTAKE_REFUSAL_INVALID')
    expect(fieldsOf(referTo)).toEqual(['/referTo'])
    const extra = await post(`/api/v1/applications/${applicationId}/accept`, clerk(), { acceptedOn: '2026-03-01' })
    expect(extra.status).toBe(400)
    expect(fieldsOf(extra).join(' ')).toMatch(/\/body.*acceptedOn/)
    const acceptance = await openApplication(world, (await received()).projectId, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
      acceptance: 'tomorrow',
    })
    expect(acceptance.status).toBe(400)
    expect(fieldsOf(acceptance)).toContain('/body/acceptance')
    // Nothing was decided by the bad requests: the receipt is still 1 and can be withdrawn.
    expectStatus(await post(`/api/v1/applications/${applicationId}/withdraw-receipt`, clerk()), 200)
  })

  it('a notice within five working days (一次性告知) keeps the law from accepting it; the owner answers, the clerk accepts', async () => {
    world.clock.set(START)
    const { projectId, applicationId } = await received()
    world.clock.set('2026-03-06T02:00:00Z')
    const noticed = expectStatus(
      await post(`/api/v1/applications/${applicationId}/receipt-notice`, clerk(), {
        materials: ['land-transfer-contract'],
        reason: '出让合同缺少附图',
      }),
      200,
    )
    expect(noticed.application).toMatchObject({ nationalCode: 1, receipt: { notice: { on: '2026-03-06' } } })
    const twice = await post(`/api/v1/applications/${applicationId}/receipt-notice`, clerk(), {
      materials: ['land-sale-confirmation'],
      reason: '再次',
    })
    expect(twice.status).toBe(409)
    expect(twice.body.code).toBe('INTAKE_RECEIPT_ALREADY_NOTIFIED')
    // The sixth working day: told in time, so not accepted by law.
    world.clock.set('2026-03-10T02:00:00Z')
    await world.intake.receiptScanner.runOnce()
    const waiting = await statusWhen(
      world,
      projectId,
      (x) => applicationIn(x, applicationId).receipt?.notice !== undefined,
    )
    expect(applicationIn(waiting, applicationId)).toMatchObject(shows(1))
    expect(waiting.timeline.some((e) => e.type === 'application.receipt-noticed')).toBe(true)

    // What the notice did not ask for is no answer to it: refused by field, and the one answer is still owed.
    const unasked = await post(`/api/v1/applications/${applicationId}/materials`, ownerB(), {
      materials: [
        { code: 'land-transfer-contract', documentRef: 'doc://land-transfer-contract-v2.pdf' },
        { code: 'site-photos', documentRef: 'doc://site.jpg' },
      ],
    })
    expect(unasked.status).toBe(422)
    expect(unasked.body).toMatchObject({
      code: 'INTAKE_MATERIAL_NOT_OWED',
      errors: [{ field: '/materials/1/code', code: 'INTAKE_MATERIAL_NOT_OWED' }],
    })
    const answered = expectStatus(
      await post(`/api/v1/applications/${applicationId}/materials`, ownerB(), {
        materials: [{ code: 'land-transfer-contract', documentRef: 'doc://land-transfer-contract-v2.pdf' }],
      }),
      200,
    )
    expect(answered.application.receipt.notice).toMatchObject({ answeredOn: '2026-03-10' })
    const accepted = expectStatus(await post(`/api/v1/applications/${applicationId}/accept`, clerk()), 200)
    expect(accepted.application).toMatchObject({ nationalCode: 3, acceptedOn: '2026-03-10' })
    const s = await statusWhen(world, projectId, (x) => codeOf(x, applicationId) === 3)
    expect(applicationIn(s, applicationId).receipt).toMatchObject({
      acceptedBy: 'clerk',
      notice: { answeredOn: '2026-03-10' },
    })
  })

  it('a receipt left 6 working days is accepted by law as of its receipt day; the statutory due date counts from it', async () => {
    world.clock.set(START)
    const { projectId, applicationId } = await received()
    await statusWhen(world, projectId, (x) => x.applications.some((a) => a.applicationId === applicationId))
    const lastDay = nthWorkingDayAfter('2026-03-02', 5)
    expect(lastDay).toBe('2026-03-09')
    // The fifth working day: still only received.
    world.clock.set(`${lastDay}T09:00:00Z`)
    await world.intake.receiptScanner.runOnce()
    expect(codeOf(await status(world, projectId), applicationId)).toBe(1)
    expect((await published(world, ApplicationAcceptedV1)).some((e) => e.applicationId === applicationId)).toBe(false)

    // The sixth: accepted by law, as of 2026-03-02.
    world.clock.set(`${nthWorkingDayAfter('2026-03-02', 6)}T02:00:00Z`)
    const s = await statusWhen(world, projectId, (x) => codeOf(x, applicationId) === 3 && x.tasks.length === 2)
    expect(applicationIn(s, applicationId)).toMatchObject({
      ...shows(3),
      acceptedOn: '2026-03-02',
      receipt: { acceptedBy: 'law', receivedOn: '2026-03-02' },
    })
    // 用地规划许可 has the law's 20 W (Art. 42); the 备案 has no statutory limit, only the city's committed one.
    const statutory = s.tasks.flatMap((t) => (t.clocks.statutory ? [t.clocks.statutory] : []))
    expect(statutory.length).toBeGreaterThan(0)
    for (const clock of statutory) {
      expect(clock.start).toBe('2026-03-02')
      expect(clock.limit.unit).toBe('W')
      expect(clock.due).toBe(nthWorkingDayAfter('2026-03-02', clock.limit.value))
    }
    for (const t of s.tasks) expect(t.clocks.committed?.start).toBe('2026-03-02')
    expect(s.timeline.some((e) => e.summary.includes('accepted by law as of its receipt day 2026-03-02'))).toBe(true)
    const accepted = (await published(world, ApplicationAcceptedV1)).filter((e) => e.applicationId === applicationId)
    expect(accepted).toHaveLength(1)
    expect(accepted[0]).toMatchObject({ acceptedOn: '2026-03-02', receipt: { acceptedBy: 'law' } })

    // Once: more passes and a restart accept nothing again, and the clerk is told it is decided.
    await world.intake.receiptScanner.runOnce()
    await world.restartIntake()
    await world.intake.receiptScanner.runOnce()
    const late = await post(`/api/v1/applications/${applicationId}/accept`, clerk())
    expect(late.status).toBe(409)
    expect(late.body.code).toBe('INTAKE_RECEIPT_ALREADY_DECIDED')
    expect(
      (await published(world, ApplicationAcceptedV1)).filter((e) => e.applicationId === applicationId),
    ).toHaveLength(1)
  })

  it('a clerk who accepts it on the sixth working day, before the timer has run, records the law’s acceptance as of the receipt day', async () => {
    world.clock.set(START)
    const { projectId, applicationId } = await received()
    await statusWhen(world, projectId, (x) => x.applications.some((a) => a.applicationId === applicationId))
    // The timer held, so that the clerk is first: the law accepted the receipt at the end of 03-09 all the same.
    await world.intake.receiptScanner.stop()
    try {
      world.clock.set(`${nthWorkingDayAfter('2026-03-02', 6)}T02:00:00Z`)
      const accepted = expectStatus(await post(`/api/v1/applications/${applicationId}/accept`, clerk()), 200)
      expect(accepted.application).toMatchObject({
        nationalCode: 3,
        acceptedOn: '2026-03-02',
        receivedOn: '2026-03-02',
      })
      const s = await statusWhen(world, projectId, (x) => codeOf(x, applicationId) === 3 && x.tasks.length === 2)
      expect(applicationIn(s, applicationId)).toMatchObject({ receipt: { acceptedBy: 'law' } })
      for (const t of s.tasks) expect(t.clocks.committed?.start ?? t.clocks.statutory?.start).toBe('2026-03-02')
    } finally {
      await world.intake.receiptScanner.start()
    }
  })
})
