import { BookingMissedV1 } from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  aProject,
  messagesOfEventOnce,
  notificationWorld,
  OWNER,
  publishEvent,
  registerProject,
  type World,
} from './helpers.js'

// 网上预约 未到 as a message (docs/intake.md#booking-the-window-网上预约, docs/notifications.md): on the real NATS stream
// and PostgreSQL, intake's `booking.missed` as it publishes it tells the project's owner, once.

describe('notifications of a missed booking', () => {
  let w: World
  beforeAll(async () => {
    w = await notificationWorld('2026-03-05T09:30:00.000Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  it('tells the owner which booked day and slot it missed, by the scan or the window alike', async () => {
    const project = aProject()
    await registerProject(w, project)
    // The scan marks a booking whose slot ended; the window marks one as intake labels its clerk (`clerk:<sub>`).
    for (const [by, slot, words] of [
      ['intake-booking-scan', 'pm', '下午（14:00–17:30）'],
      ['clerk:clerk-1', 'am', '上午（9:00–12:00）'],
    ] as const) {
      const missed = await publishEvent(w, BookingMissedV1, {
        booking: {
          bookingId: uuidv7(),
          projectId: project.projectId,
          region: '441500',
          step: 'land-planning-and-filing',
          stepName: '立项用地规划许可',
          day: '2026-03-05',
          slot,
          state: 'missed',
          at: '2026-03-05T09:30:00.000Z',
          by,
        },
      })
      const rows = await messagesOfEventOnce(w, missed.eventId, 1)
      expect(
        rows.map((r) => `${r.party_kind}:${r.party}:${r.channel}`),
        by,
      ).toEqual([`owner:${OWNER.creditCode}:log`])
      expect(rows[0]?.title).toBe('网上预约未到')
      expect(rows[0]?.body).toContain(project.name)
      expect(rows[0]?.body).toContain(`预约于2026年3月5日${words}到窗口办理《立项用地规划许可》`)
    }
  })
})
