import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { actors, type IntakeWorld, intakeWorld, landPlanningReceived, lowRiskFactory, owners, START } from './world.js'

// 网上预约's events (docs/intake.md#booking-the-window-网上预约): each change of a booking writes its event to intake's
// outbox in the transaction that stores it — booked, cancelled, attended, missed (by the window or by the scan) — and a
// refused command writes none. The booking scan runs an hour apart: the runOnce calls below are its passes.
let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld({ scanEveryMs: 3_600_000 })
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

async function book(projectId: string, day: string, slot: 'am' | 'pm'): Promise<string> {
  const res = await w.call('POST', `/projects/${projectId}/bookings`, owner, { step, day, slot })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.booking.bookingId
}

/** The booking's events in intake's outbox, in order: subject and body. */
const eventsOf = async (bookingId: string) =>
  (
    await w.db.pool.query<{ subject: string; payload: { booking: Record<string, unknown> } }>(
      'SELECT subject, payload FROM outbox_message WHERE aggregate_id = $1 ORDER BY position',
      [bookingId],
    )
  ).rows.map((r) => ({ subject: r.subject, ...r.payload.booking }))

const stateOf = async (bookingId: string) =>
  (await w.db.pool.query<{ state: string }>('SELECT state FROM booking WHERE id = $1', [bookingId])).rows[0]?.state

describe('网上预约 publishes each change of a booking', () => {
  it('booked, then cancelled by the owner: one event each, with the facts and not the owner’s words', async () => {
    const projectId = await project()
    const before = await w.outboxRows()
    // A slot already over is refused, and writes nothing.
    w.clock.set('2026-03-02T05:00:00Z')
    const late = await w.call('POST', `/projects/${projectId}/bookings`, owner, { step, day: '2026-03-02', slot: 'am' })
    expect([late.status, late.body.code]).toEqual([422, 'INTAKE_BOOKING_SLOT_PASSED'])
    expect(await w.outboxRows()).toBe(before)

    const bookingId = await book(projectId, '2026-03-04', 'pm')
    const facts = { bookingId, projectId, region: '441500', step, stepName: expect.any(String), day: '2026-03-04' }
    expect(await eventsOf(bookingId)).toEqual([
      {
        subject: 'permit.intake.booking.booked.v1',
        ...facts,
        slot: 'pm',
        state: 'booked',
        at: '2026-03-02T05:00:00.000Z',
        by: `owner:${owner.sub}`,
      },
    ])
    w.clock.set('2026-03-03T02:00:00Z')
    expect((await w.call('POST', `/bookings/${bookingId}/cancel`, owner, { reason: '改期' })).status).toBe(200)
    const twice = await w.call('POST', `/bookings/${bookingId}/cancel`, owner, {})
    expect([twice.status, twice.body.code]).toEqual([409, 'INTAKE_BOOKING_CLOSED'])
    const events = await eventsOf(bookingId)
    expect(events.map((e) => e.subject)).toEqual([
      'permit.intake.booking.booked.v1',
      'permit.intake.booking.cancelled.v1',
    ])
    expect(events[1]).toEqual({
      subject: 'permit.intake.booking.cancelled.v1',
      ...facts,
      slot: 'pm',
      state: 'cancelled',
      at: '2026-03-03T02:00:00.000Z',
      by: `owner:${owner.sub}`,
    })
    // The owner's credit code and its reason stay with intake (toEqual above holds the fields to these).
    expect(events.some((e) => 'ownerCreditCode' in e || 'reason' in e)).toBe(false)
  })

  it('attended when the window receives the booked step’s application: the event names it and the clerk', async () => {
    const projectId = await project()
    const bookingId = await book(projectId, '2026-03-02', 'am')
    const received = await w.call('POST', `/projects/${projectId}/applications`, actors.clerk, landPlanningReceived)
    expect(received.status, JSON.stringify(received.body)).toBe(201)
    const [, attended] = await eventsOf(bookingId)
    expect(attended).toMatchObject({
      subject: 'permit.intake.booking.attended.v1',
      state: 'attended',
      applicationId: received.body.application.applicationId,
      at: '2026-03-02T01:00:00.000Z',
      by: 'clerk:clerk-1',
    })
  })

  it('missed by the window once the slot ended (nothing before), and by the scan', async () => {
    const byWindow = await book(await project(), '2026-03-05', 'am')
    const byScan = await book(await project(), '2026-03-05', 'pm')
    const early = await w.call('POST', `/bookings/${byWindow}/missed`, actors.clerk, {})
    expect([early.status, early.body.code]).toEqual([409, 'INTAKE_BOOKING_NOT_DUE'])
    expect((await eventsOf(byWindow)).map((e) => e.subject)).toEqual(['permit.intake.booking.booked.v1'])

    // Thursday 5 March, 12:30 in Shanghai: the morning is over.
    w.clock.set('2026-03-05T04:30:00Z')
    expect((await w.call('POST', `/bookings/${byWindow}/missed`, actors.clerk, {})).status).toBe(200)
    expect((await eventsOf(byWindow))[1]).toMatchObject({
      subject: 'permit.intake.booking.missed.v1',
      state: 'missed',
      slot: 'am',
      at: '2026-03-05T04:30:00.000Z',
      by: 'clerk:clerk-1',
    })
    // 17:30: the afternoon too; the scan marks it, once.
    w.clock.set('2026-03-05T09:30:00Z')
    expect(await w.app.bookingScanner.runOnce()).toBe(1)
    expect(await w.app.bookingScanner.runOnce()).toBe(0)
    const scanned = await eventsOf(byScan)
    expect(scanned.map((e) => e.subject)).toEqual([
      'permit.intake.booking.booked.v1',
      'permit.intake.booking.missed.v1',
    ])
    expect(scanned[1]).toMatchObject({ state: 'missed', by: 'intake-booking-scan', at: '2026-03-05T09:30:00.000Z' })
  })

  it('stores no change whose event could not be written: one transaction', async () => {
    const bookingId = await book(await project(), '2026-03-06', 'am')
    // The outbox refuses the cancellation's event; the cancellation goes with it.
    await w.db.pool.query(`
      CREATE FUNCTION refuse_booking_event() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'outbox down'; END $$;
      CREATE TRIGGER refuse_booking_event BEFORE INSERT ON outbox_message FOR EACH ROW
        WHEN (NEW.subject = 'permit.intake.booking.cancelled.v1') EXECUTE FUNCTION refuse_booking_event();`)
    try {
      const failed = await w.call('POST', `/bookings/${bookingId}/cancel`, owner, {})
      expect(failed.status).toBe(500)
      expect(await stateOf(bookingId)).toBe('booked')
    } finally {
      await w.db.pool.query(
        'DROP TRIGGER refuse_booking_event ON outbox_message; DROP FUNCTION refuse_booking_event();',
      )
    }
    expect((await w.call('POST', `/bookings/${bookingId}/cancel`, owner, {})).status).toBe(200)
    expect(await stateOf(bookingId)).toBe('cancelled')
    expect((await eventsOf(bookingId)).map((e) => e.subject)).toEqual([
      'permit.intake.booking.booked.v1',
      'permit.intake.booking.cancelled.v1',
    ])
  })
})
