import { BookingMissedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { recordOccurrence } from '../commands.js'
import type { Tx } from '../db/notifications.js'
import { projectFacts, projectOf } from './occurrence.js'

/**
 * 网上预约 未到 (docs/intake.md#booking-the-window-网上预约): the owner is told that its booked slot ended without it —
 * whether the window marked it or intake's booking scan did — by the channels of its own preferences. The booking no
 * longer holds a place, so the owner learns it must book again. Booked, cancelled (the owner's own act) and attended
 * tell nothing.
 */
export const onBookingMissed = defineConsumer<typeof BookingMissedV1, Tx>({
  durable: 'notification-booking-missed',
  event: BookingMissedV1,
  async handle({ event, eventId, tx, now }) {
    const b = event.booking
    const project = await projectOf(tx, b.projectId)
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'booking-missed',
        projectId: b.projectId,
        facts: {
          ...projectFacts(project),
          on: b.day,
          bookingSlot: b.slot,
          ...(b.stepName ? { stepName: b.stepName } : {}),
        },
        recipients: [{ kind: 'owner', id: project.ownerCreditCode }],
      },
      now,
    )
  },
})
