import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { actors, type IntakeWorld, intakeWorld, landPlanningReceived, lowRiskFactory, owners, START } from './world.js'

// One place per slot, so a second project's booking of the same slot finds it full. The booking scan (未到 by itself)
// runs an hour apart, so the window's own marking is what these tests see (booking-scan.int.test.ts proves the scan).
let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld({ bookingSlotCapacity: 1, scanEveryMs: 3_600_000 })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

const owner = actors.owner(owners.shanwei.creditCode)
const step = 'land-planning-and-filing'

async function project(): Promise<string> {
  const res = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.project.projectId
}

const book = (projectId: string, day: string, slot: 'am' | 'pm', actor: object = owner) =>
  w.call('POST', `/projects/${projectId}/bookings`, actor, { step, day, slot })

describe('网上预约 (004:1044): booking the window online', () => {
  it('books a working day and slot for a step, refuses the bound ones, and the window lists the day', async () => {
    const first = await project()
    // START is Monday 2 March 2026, 09:00 in Shanghai.
    const res = await book(first, '2026-03-02', 'pm')
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.booking).toMatchObject({ step, day: '2026-03-02', slot: 'pm', state: 'booked' })

    // Another owner does not learn the project exists; a clerk does not book for the owner.
    expect((await book(first, '2026-03-03', 'am', actors.owner(owners.foshan.creditCode))).status).toBe(404)
    expect((await book(first, '2026-03-03', 'am', actors.clerk)).status).toBe(403)
    const again = await book(first, '2026-03-03', 'am')
    expect([again.status, again.body.code]).toEqual([409, 'INTAKE_BOOKING_EXISTS'])

    const second = await project()
    const full = await book(second, '2026-03-02', 'pm')
    expect(full.status).toBe(409)
    expect(full.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(full.body).toMatchObject({ code: 'INTAKE_BOOKING_SLOT_FULL', errors: [{ field: '/slot' }] })
    const saturday = await book(second, '2026-03-07', 'am')
    expect([saturday.status, saturday.body.code, saturday.body.errors[0].field]).toEqual([
      422,
      'INTAKE_BOOKING_DAY_NOT_WORKING',
      '/day',
    ])
    const far = await book(second, '2026-04-10', 'am')
    expect([far.status, far.body.code]).toEqual([422, 'INTAKE_BOOKING_DAY_OUT_OF_RANGE'])
    const badDay = await book(second, '2026-02-30', 'am')
    expect(badDay.status).toBe(400)

    const day = await w.call('GET', '/bookings?day=2026-03-02', actors.clerk)
    expect(day.status).toBe(200)
    expect(day.body.bookings.map((b: { projectId: string }) => b.projectId)).toEqual([first])
    expect((await w.call('GET', '/bookings', owner)).status).toBe(403)
    const own = await w.call('GET', `/projects/${first}/bookings`, owner)
    expect(own.body.bookings).toHaveLength(1)
    expect((await w.call('GET', `/projects/${first}/bookings`, actors.owner(owners.foshan.creditCode))).status).toBe(
      404,
    )
  })

  it("pages a day of every region on to its last booking, in the list's order, and refuses a cursor it never gave", async () => {
    const projectId = await project()
    // More than two pages of one day (a slot takes up to 1000 a region), three to each booked instant so pages end
    // inside a tie, over three regions and both slots: the old list stopped at 500 and said nothing.
    await w.db.pool.query(
      `INSERT INTO booking (id, project_id, step, region, owner_credit_code, day, slot, state, booked_at, booked_by)
       SELECT gen_random_uuid(), $1::uuid, $2, (ARRAY['441500', '440600', '440100'])[1 + i % 3], $3, '2026-03-20',
              CASE WHEN i % 2 = 0 THEN 'am' ELSE 'pm' END, 'booked',
              timestamptz '2026-03-19 01:00:00Z' + (i / 3) * interval '1 millisecond', 'owner'
         FROM generate_series(1, 1101) AS i`,
      [projectId, step, owners.shanwei.creditCode],
    )
    const expected = (
      await w.db.pool.query(`SELECT id::text AS id FROM booking WHERE day = '2026-03-20' ORDER BY slot, booked_at, id`)
    ).rows.map((r: { id: string }) => r.id)
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const res = await w.call(
        'GET',
        `/bookings?day=2026-03-20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        actors.clerk,
      )
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body.bookings.length).toBeLessThanOrEqual(500)
      seen.push(...res.body.bookings.map((b: { bookingId: string }) => b.bookingId))
      cursor = res.body.next
      pages += 1
    } while (cursor !== undefined && pages < 10)
    expect(pages).toBe(3)
    expect(seen).toEqual(expected)

    const region = await w.call('GET', '/bookings?day=2026-03-20&region=440600', actors.clerk)
    expect([region.body.bookings.length, region.body.next]).toEqual([367, undefined])

    // A key of the cursor's shape that names no instant (30 February), and a cursor of no shape: a 400 naming it.
    for (const bad of [`am~2026-02-30 01:00:00~${projectId}`, 'page-2']) {
      const res = await w.call('GET', `/bookings?cursor=${encodeURIComponent(bad)}`, actors.clerk)
      expect(res.status).toBe(400)
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
      expect(res.body.errors[0].field).toBe('/querystring/cursor')
    }
  })

  it('frees the slot when the owner gives the booking up, once', async () => {
    const projectId = await project()
    const booked = await book(projectId, '2026-03-04', 'am')
    expect(booked.status, JSON.stringify(booked.body)).toBe(201)
    const id = booked.body.booking.bookingId
    const stranger = await w.call('POST', `/bookings/${id}/cancel`, actors.owner(owners.foshan.creditCode), {})
    expect(stranger.status).toBe(404)
    const cancelled = await w.call('POST', `/bookings/${id}/cancel`, owner, { reason: '改期' })
    expect(cancelled.body.booking).toMatchObject({ state: 'cancelled', reason: '改期' })
    const twice = await w.call('POST', `/bookings/${id}/cancel`, owner, {})
    expect([twice.status, twice.body.code]).toEqual([409, 'INTAKE_BOOKING_CLOSED'])
    expect((await book(await project(), '2026-03-04', 'am')).status).toBe(201)
  })

  it('marks a booking missed only after its slot ended', async () => {
    const projectId = await project()
    const id = (await book(projectId, '2026-03-05', 'am')).body.booking.bookingId
    const early = await w.call('POST', `/bookings/${id}/missed`, actors.clerk, {})
    expect([early.status, early.body.code]).toEqual([409, 'INTAKE_BOOKING_NOT_DUE'])
    // Thursday 5 March, 12:30 in Shanghai.
    w.clock.set('2026-03-05T04:30:00Z')
    const missed = await w.call('POST', `/bookings/${id}/missed`, actors.clerk, {})
    expect(missed.body.booking).toMatchObject({ state: 'missed', closedBy: 'clerk:clerk-1' })
  })

  it('binds the window: the booked application is refused on one of the three exceptions alone', async () => {
    const projectId = await project()
    const bookingId = (await book(projectId, '2026-03-02', 'am')).body.booking.bookingId
    const received = await w.call('POST', `/projects/${projectId}/applications`, actors.clerk, landPlanningReceived)
    expect(received.status, JSON.stringify(received.body)).toBe(201)
    const applicationId = received.body.application.applicationId
    const attended = await w.call('GET', `/projects/${projectId}/bookings`, actors.clerk)
    expect(attended.body.bookings).toEqual([
      expect.objectContaining({ bookingId, state: 'attended', applicationId, stepName: expect.any(String) }),
    ])

    // Two days later the booking still binds the application it was attended by.
    w.clock.set('2026-03-04T02:00:00Z')
    const before = await w.outboxRows()
    const refused = await w.call('POST', `/applications/${applicationId}/refuse`, actors.clerk, {
      ground: 'outside-competence',
      reason: '不属于本中心受理范围',
    })
    expect(refused.status).toBe(422)
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(refused.body).toMatchObject({
      code: 'INTAKE_BOOKED_REFUSAL_REASON_REQUIRED',
      bookingId,
      errors: [{ field: '/bookedReason', code: 'INTAKE_BOOKED_REFUSAL_REASON_REQUIRED' }],
    })
    expect(await w.outboxRows()).toBe(before)
    expect((await w.call('GET', `/applications/${applicationId}`)).body.application.receipt.nationalCode).toBe(1)

    const done = await w.call('POST', `/applications/${applicationId}/refuse`, actors.clerk, {
      ground: 'outside-competence',
      reason: '不属于本中心受理范围',
      referTo: '汕尾市自然资源局',
      bookedReason: 'outside-scope',
    })
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    expect(done.body.application.receipt).toMatchObject({ nationalCode: 5, bookedReason: 'outside-scope' })
  })

  it('refuses an unbooked application as before, and refuses an exception claimed without a booking', async () => {
    const projectId = await project()
    const received = await w.call('POST', `/projects/${projectId}/applications`, actors.clerk, landPlanningReceived)
    const applicationId = received.body.application.applicationId
    const claimed = await w.call('POST', `/applications/${applicationId}/refuse`, actors.clerk, {
      ground: 'licence-not-required',
      reason: '无需许可',
      bookedReason: 'materials-missing',
    })
    expect([claimed.status, claimed.body.code, claimed.body.errors[0].field]).toEqual([
      422,
      'INTAKE_REFUSAL_INVALID',
      '/bookedReason',
    ])
    const plain = await w.call('POST', `/applications/${applicationId}/refuse`, actors.clerk, {
      ground: 'licence-not-required',
      reason: '无需许可',
    })
    expect(plain.status, JSON.stringify(plain.body)).toBe(200)
    expect(plain.body.application.receipt.nationalCode).toBe(4)
  })
})
