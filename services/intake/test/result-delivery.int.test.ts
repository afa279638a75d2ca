import { ApplicationResultDeliveryV1 } from '@onewindow/contracts'
import { legalDateOf } from '@onewindow/workdays'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { actors, type IntakeWorld, intakeWorld, landPlanningMaterials, lowRiskFactory, START } from './world.js'

let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

const post = { mode: 'post', recipient: '张三', address: '广州市天河区天河路1号', phone: '13800000000' }

/** A new project's first step opened at the window with `delivery`, then decided by "approval". */
async function decidedWith(delivery: object | undefined, outcome: 'approved' | 'rejected' = 'approved') {
  const project = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
  expect(project.status, JSON.stringify(project.body)).toBe(201)
  const projectId: string = project.body.project.projectId
  const res = await w.call('POST', `/projects/${projectId}/applications`, actors.clerk, {
    step: 'land-planning-and-filing',
    form: {},
    materials: landPlanningMaterials,
    ...(delivery ? { delivery } : {}),
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  const applicationId: string = res.body.application.applicationId
  const now = w.clock.now()
  await w.decideStep({
    applicationId,
    projectId,
    step: 'land-planning-and-filing',
    outcome,
    decidedAt: now.toISOString(),
    decidedOn: legalDateOf(now),
    tasks: [],
  })
  await vi.waitFor(
    async () => {
      const d = await w.call('GET', `/applications/${applicationId}/delivery`)
      if (!d.body?.delivery) throw new Error('the delivery is not due yet')
    },
    { timeout: 10_000, interval: 20 },
  )
  return { projectId, applicationId }
}

const record = (applicationId: string, body: object, actor: object = actors.clerk) =>
  w.call('POST', `/applications/${applicationId}/delivery`, actor, body)

describe('结果送达 at the window', () => {
  it('refuses a post choice without its address, writing nothing', async () => {
    const project = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
    const before = await w.outboxRows()
    const res = await w.call('POST', `/projects/${project.body.project.projectId}/applications`, actors.clerk, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
      delivery: { mode: 'post', recipient: '张三' },
    })
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('INTAKE_APPLICATION_INCOMPLETE')
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['/delivery/address', '/delivery/phone'])
    expect(await w.outboxRows()).toBe(before)
  })

  it('takes a posted result from awaiting posting to posted to signed, and refuses the wrong order', async () => {
    const { applicationId } = await decidedWith(post)
    const due = await w.call('GET', `/applications/${applicationId}/delivery`)
    expect(due.body.delivery).toMatchObject({
      mode: 'post',
      chosen: true,
      state: 'awaiting-posting',
      recipient: '张三',
    })

    const early = await record(applicationId, { step: 'signed', on: legalDateOf(w.clock.now()) })
    expect(early.status).toBe(409)
    expect(early.body.code).toBe('INTAKE_DELIVERY_OUT_OF_ORDER')
    const wrongMode = await record(applicationId, { step: 'collected', signer: '张三', on: legalDateOf(w.clock.now()) })
    expect(wrongMode.status).toBe(409)
    expect(wrongMode.body.code).toBe('INTAKE_DELIVERY_WRONG_MODE')
    const byOwner = await record(
      applicationId,
      { step: 'posted', trackingNumber: 'SF1234567890' },
      actors.owner('91441500MA4W000000'),
    )
    expect(byOwner.status).toBe(403)

    const posted = await record(applicationId, { step: 'posted', trackingNumber: 'SF1234567890' })
    expect(posted.status, JSON.stringify(posted.body)).toBe(200)
    expect(posted.body.delivery).toMatchObject({ state: 'posted', trackingNumber: 'SF1234567890', version: 2 })

    w.clock.set('2026-03-04T01:00:00Z')
    const signed = await record(applicationId, { step: 'signed', on: '2026-03-03' })
    expect(signed.status, JSON.stringify(signed.body)).toBe(200)
    expect(signed.body.delivery).toMatchObject({ state: 'signed', signedOn: '2026-03-03', version: 3 })
    const again = await record(applicationId, { step: 'signed', on: '2026-03-03' })
    expect(again.body.code).toBe('INTAKE_DELIVERY_OUT_OF_ORDER')

    await expect
      .poll(async () =>
        (await w.published(ApplicationResultDeliveryV1))
          .filter((e) => e.delivery.applicationId === applicationId)
          .map((e) => e.delivery.state),
      )
      .toEqual(['awaiting-posting', 'posted', 'signed'])
  })

  it("refuses a step without its own fields or with another step's, naming the field, writing nothing", async () => {
    const { applicationId } = await decidedWith(post)
    const today = legalDateOf(w.clock.now())
    const before = await w.outboxRows()
    const fieldsOf = (res: { body: { errors: Array<{ field: string; message: string }> } }) =>
      res.body.errors.map((e) => `${e.field} ${e.message}`)
    const cases: Array<[object, string[]]> = [
      [{ step: 'collected', on: today }, ['/body/signer is required']],
      [{ step: 'collected', signer: '王五' }, ['/body/on is required']],
      [{ step: 'posted' }, ['/body/trackingNumber is required']],
      [
        { step: 'posted', trackingNumber: 'SF1234567890', signer: '王五' },
        ['/body/signer is not allowed (unknown field)'],
      ],
      [
        { step: 'signed', on: today, trackingNumber: 'SF1234567890' },
        ['/body/trackingNumber is not allowed (unknown field)'],
      ],
      [{ step: 'signed' }, ['/body/on is required']],
      [{ step: 'returned', on: today }, ['/body/step must be one of: collected, posted, signed']],
    ]
    for (const [body, expected] of cases) {
      const res = await record(applicationId, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.code).toBe('VALIDATION_FAILED')
      expect(fieldsOf(res), JSON.stringify(body)).toEqual(expected)
    }
    expect(await w.outboxRows()).toBe(before)
    const still = await w.call('GET', `/applications/${applicationId}/delivery`)
    expect(still.body.delivery).toMatchObject({ state: 'awaiting-posting', version: 1 })
  })

  it('delivers a refusal with no choice online at once, saying it was not chosen', async () => {
    const { applicationId } = await decidedWith(undefined, 'rejected')
    const due = await w.call('GET', `/applications/${applicationId}/delivery`)
    expect(due.body.delivery).toMatchObject({
      mode: 'online',
      chosen: false,
      state: 'delivered-online',
      outcome: 'rejected',
    })
    const res = await record(applicationId, { step: 'posted', trackingNumber: 'SF1234567890' })
    expect(res.body.code).toBe('INTAKE_DELIVERY_WRONG_MODE')
  })

  it('records 已领取 of an on-site result with its signer, and refuses a step before the decision', async () => {
    const { applicationId } = await decidedWith({ mode: 'on-site', phone: '13800000000' })
    // The window to collect at is named by the region of the catalogue the application was accepted under (汕尾市's).
    const due = await w.call('GET', `/applications/${applicationId}/delivery`)
    expect(due.body.delivery).toMatchObject({ state: 'awaiting-collection', regionName: '汕尾市' })
    const res = await record(applicationId, { step: 'collected', signer: '李四', on: legalDateOf(w.clock.now()) })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.delivery).toMatchObject({ state: 'collected', signer: '李四', regionName: '汕尾市' })
    await expect
      .poll(async () =>
        (await w.published(ApplicationResultDeliveryV1))
          .filter((e) => e.delivery.applicationId === applicationId)
          .map((e) => [e.delivery.state, e.delivery.regionName]),
      )
      .toEqual([
        ['awaiting-collection', '汕尾市'],
        ['collected', '汕尾市'],
      ])

    const project = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
    const open = await w.call('POST', `/projects/${project.body.project.projectId}/applications`, actors.clerk, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
      delivery: { mode: 'on-site' },
    })
    const undecided = await record(open.body.application.applicationId, {
      step: 'collected',
      signer: '李四',
      on: legalDateOf(w.clock.now()),
    })
    expect(undecided.status).toBe(409)
    expect(undecided.body.code).toBe('INTAKE_DELIVERY_NOT_DUE')
  })
})
