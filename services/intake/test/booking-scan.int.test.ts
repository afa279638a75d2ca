import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, type IntakeWorld, intakeWorld, landPlanningReceived, lowRiskFactory, owners, START } from './world.js'

let w: IntakeWorld
beforeAll(async () => {
  // The periodic path is proven by the running scanner; an hour between runs keeps it out of the runOnce test.
  w = await intakeWorld({ scanEveryMs: 3_600_000 })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const owner = actors.owner(owners.shanwei.creditCode)
const step = 'land-planning-and-filing'

/** A project of its own (one live booking per step of a project) and its booking of `day` and `slot`. */
async function booked(day: string, slot: 'am' | 'pm'): Promise<{ projectId: string; bookingId: string }> {
  const project = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
  expect(project.status, JSON.stringify(project.body)).toBe(201)
  const projectId = project.body.project.projectId
  const res = await w.call('POST', `/projects/${projectId}/bookings`, owner, { step, day, slot })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return { projectId, bookingId: res.body.booking.bookingId }
}

const bookingOf = async (b: { projectId: string; bookingId: string }) => {
  const res = await w.call('GET', `/projects/${b.projectId}/bookings`, actors.clerk)
  return res.body.bookings.find((x: { bookingId: string }) => x.bookingId === b.bookingId)
}

describe('未到 by itself: the booking scan', () => {
  it('marks a booking missed once its slot ended, once; an attended or cancelled one is left as it is', async () => {
    // START is Monday 2 March 2026, 09:00 in Shanghai.
    w.clock.set(START)
    const missed = await booked('2026-03-03', 'am')
    const cancelled = await booked('2026-03-03', 'am')
    expect((await w.call('POST', `/bookings/${cancelled.bookingId}/cancel`, owner, {})).status).toBe(200)
    // Booked for today and received today: attended, its slot ends before the others'.
    const attended = await booked('2026-03-02', 'am')
    const received = await w.call(
      'POST',
      `/projects/${attended.projectId}/applications`,
      actors.clerk,
      landPlanningReceived,
    )
    expect(received.status, JSON.stringify(received.body)).toBe(201)

    // Tuesday 3 March, 11:59 in Shanghai: the morning slot has not ended, the owner may still come.
    w.clock.set('2026-03-03T03:59:00Z')
    expect(await w.app.bookingScanner.runOnce()).toBe(0)
    expect(await bookingOf(missed)).toMatchObject({ state: 'booked' })
    // 12:00: it has.
    w.clock.set('2026-03-03T04:00:00Z')
    expect(await w.app.bookingScanner.runOnce()).toBe(1)
    expect(await w.app.bookingScanner.runOnce()).toBe(0)
    expect(await bookingOf(missed)).toMatchObject({
      state: 'missed',
      closedAt: '2026-03-03T04:00:00.000Z',
      closedBy: 'intake-booking-scan',
    })
    expect(await bookingOf(cancelled)).toMatchObject({ state: 'cancelled', closedBy: expect.stringMatching(/^owner/) })
    expect(await bookingOf(attended)).toMatchObject({ state: 'attended', applicationId: expect.any(String) })
    expect((await bookingOf(attended)).closedBy).toBeUndefined()

    // The window's route still answers: the booking is closed, by the scan.
    const clerk = await w.call('POST', `/bookings/${missed.bookingId}/missed`, actors.clerk, {})
    expect([clerk.status, clerk.body.code]).toEqual([409, 'INTAKE_BOOKING_CLOSED'])
  })

  it('leaves a booking another transaction holds (a replica, the window) to the next pass, and never waits on it', async () => {
    w.clock.set(START)
    const held = await booked('2026-03-04', 'pm')
    // Wednesday 4 March, 17:30 in Shanghai: the afternoon slot has ended.
    w.clock.set('2026-03-04T09:30:00Z')
    const other = await w.db.pool.connect()
    try {
      await other.query('BEGIN')
      await other.query('SELECT id FROM booking WHERE id = $1 FOR UPDATE', [held.bookingId])
      expect(await w.app.bookingScanner.runOnce()).toBe(0)
      await other.query('ROLLBACK')
    } finally {
      other.release()
    }
    expect(await w.app.bookingScanner.runOnce()).toBe(1)
    expect(await bookingOf(held)).toMatchObject({ state: 'missed', closedBy: 'intake-booking-scan' })
  })
})
