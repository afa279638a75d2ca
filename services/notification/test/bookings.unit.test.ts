import type { BookingFact } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { bookingMissed } from '../src/domain/bookings.js'
import type { KnownProject } from '../src/domain/later-stages.js'

// 网上预约 未到 as a message, decided from the booking and the project alone (docs/notifications.md).
const project: KnownProject = {
  name: '汕尾某厂房',
  projectCode: '2026-441500-47-01-000001',
  ownerCreditCode: '91441500MA00000001',
}
const missed = (over: Partial<BookingFact> = {}): BookingFact => ({
  bookingId: '01900000-0000-7000-8000-000000000001',
  projectId: '01900000-0000-7000-8000-000000000002',
  region: '441500',
  step: 'land-planning-and-filing',
  stepName: '立项用地规划许可',
  day: '2026-03-05',
  slot: 'pm',
  state: 'missed',
  at: '2026-03-05T09:30:00.000Z',
  by: 'intake-booking-scan',
  ...over,
})

describe('bookingMissed', () => {
  it('tells the owner the day, slot and step it missed, whoever found it', () => {
    for (const by of ['intake-booking-scan', 'clerk:clerk-1']) {
      expect(bookingMissed(missed({ by }), project)).toEqual({
        kind: 'booking-missed',
        facts: {
          projectName: '汕尾某厂房',
          projectCode: '2026-441500-47-01-000001',
          on: '2026-03-05',
          bookingSlot: 'pm',
          stepName: '立项用地规划许可',
        },
        recipients: [{ kind: 'owner', id: '91441500MA00000001' }],
      })
    }
  })

  it('names no step when the booking carries none', () => {
    const { stepName: _, ...unnamed } = missed()
    expect(bookingMissed(unnamed, project).facts).not.toHaveProperty('stepName')
  })
})
