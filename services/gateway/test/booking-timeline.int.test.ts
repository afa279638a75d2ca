import {
  BookingAttendedV1,
  BookingBookedV1,
  BookingCancelledV1,
  type BookingFact,
  BookingMissedV1,
  ProjectRegisteredV1,
  TaskAssignedV1,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { owners, projectRegistered, task } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// 网上预约 on the project's timeline (办理进度): intake's booking events, read over real NATS in stream order, are lines
// of the project's status for the owner, the window and the supervisor; a reviewing department does not read them.
let w: GatewayWorld
const project = projectRegistered()

const fact = (over: Partial<BookingFact> & Pick<BookingFact, 'bookingId' | 'state' | 'at' | 'by'>): BookingFact => ({
  projectId: project.projectId,
  region: '441500',
  step: 'six-item-bundle',
  stepName: '六证合一',
  day: '2026-03-04',
  slot: 'pm',
  ...over,
})
const first = uuidv7()
const second = uuidv7()
const owner = 'owner:owner-1'

beforeAll(async () => {
  w = await gatewayWorld()
  await w.publish(ProjectRegisteredV1, project)
  // The owner books, gives it up, books the next morning again; it is received there; a third is missed.
  await w.publish(BookingBookedV1, {
    booking: fact({ bookingId: first, state: 'booked', at: '2026-03-02T02:00:00Z', by: owner }),
  })
  await w.publish(BookingCancelledV1, {
    booking: fact({ bookingId: first, state: 'cancelled', at: '2026-03-02T03:00:00Z', by: owner }),
  })
  await w.publish(BookingBookedV1, {
    booking: fact({
      bookingId: second,
      day: '2026-03-05',
      slot: 'am',
      state: 'booked',
      at: '2026-03-02T04:00:00Z',
      by: owner,
    }),
  })
  await w.publish(BookingAttendedV1, {
    booking: fact({
      bookingId: second,
      day: '2026-03-05',
      slot: 'am',
      state: 'attended',
      at: '2026-03-05T01:30:00Z',
      by: 'clerk:clerk-1',
      applicationId: uuidv7(),
    }),
  })
  await w.publish(BookingMissedV1, {
    booking: fact({
      bookingId: uuidv7(),
      step: 'joint-acceptance',
      stepName: '联合验收',
      day: '2026-03-05',
      slot: 'pm',
      state: 'missed',
      at: '2026-03-05T09:30:00Z',
      by: 'intake-booking-scan',
    }),
  })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

type Entry = { type: string; occurredAt: string; summary: string; actor?: string; booking?: object }
const timelineOf = async (bearer: string, length: number): Promise<Entry[]> => {
  let entries: Entry[] = []
  await expect
    .poll(
      async () => {
        const res = await w.api('GET', `/api/v1/projects/${project.projectId}/status`, bearer)
        entries = res.status === 200 ? res.body.timeline : []
        return entries.length
      },
      { timeout: 10_000, interval: 100 },
    )
    .toBe(length)
  return entries
}

describe('网上预约 on the timeline', () => {
  it('puts each booking change on the project’s timeline in order, with its day, slot and who moved it', async () => {
    const mine = await timelineOf(w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }), 6)
    expect(mine.map((e) => [e.type, e.occurredAt, e.actor])).toEqual([
      ['project.registered', '2026-03-02T01:00:00.000Z', undefined],
      ['booking.booked', '2026-03-02T02:00:00.000Z', owner],
      ['booking.cancelled', '2026-03-02T03:00:00.000Z', owner],
      ['booking.booked', '2026-03-02T04:00:00.000Z', owner],
      ['booking.attended', '2026-03-05T01:30:00.000Z', 'clerk:clerk-1'],
      ['booking.missed', '2026-03-05T09:30:00.000Z', 'intake-booking-scan'],
    ])
    expect(mine.slice(1).map((e) => e.summary)).toEqual([
      'Booking of the window for 六证合一 on 2026-03-04 pm: booked (网上预约)',
      'Booking of the window for 六证合一 on 2026-03-04 pm: cancelled by the owner (主动放弃)',
      'Booking of the window for 六证合一 on 2026-03-05 am: booked (网上预约)',
      'Booking of the window for 六证合一 on 2026-03-05 am: attended: the application was received for it (到场)',
      'Booking of the window for 联合验收 on 2026-03-05 pm: missed (未到), found by the booking scan',
    ])
    // The day, slot and step in a field of their own, for a screen to say in its language; no other entry has one.
    expect(mine.map((e) => e.booking)).toEqual([
      undefined,
      { day: '2026-03-04', slot: 'pm', step: 'six-item-bundle', stepName: '六证合一' },
      { day: '2026-03-04', slot: 'pm', step: 'six-item-bundle', stepName: '六证合一' },
      { day: '2026-03-05', slot: 'am', step: 'six-item-bundle', stepName: '六证合一' },
      { day: '2026-03-05', slot: 'am', step: 'six-item-bundle', stepName: '六证合一' },
      { day: '2026-03-05', slot: 'pm', step: 'joint-acceptance', stepName: '联合验收' },
    ])
  })

  it('shows them to the window and the supervisor, not to a reviewing department or another owner', async () => {
    // The reviewing department has a task on the project, so it reads the project's status — without the bookings.
    await w.publish(TaskAssignedV1, { task: task(project.projectId, uuidv7(), { department: 'housing-construction' }) })
    for (const role of ['clerk', 'supervisor'] as const) {
      const seen = await timelineOf(w.token({ role }), 7)
      expect(seen.filter((e) => e.type.startsWith('booking.'))).toHaveLength(5)
    }
    const reviewer = await w.api(
      'GET',
      `/api/v1/projects/${project.projectId}/status`,
      w.token({ role: 'reviewer', department: 'housing-construction' }),
    )
    expect(reviewer.status, JSON.stringify(reviewer.body)).toBe(200)
    expect(reviewer.body.timeline.map((e: Entry) => e.type)).toContain('task.assigned')
    expect(
      reviewer.body.timeline.filter((e: Entry) => e.type.startsWith('booking.')),
      JSON.stringify(reviewer.body),
    ).toEqual([])
    const stranger = w.token({ role: 'owner', creditCode: owners.foshan.creditCode })
    expect((await w.api('GET', `/api/v1/projects/${project.projectId}/status`, stranger)).status).toBe(404)
  })
})
