import type { BookingFact } from '@onewindow/contracts'
import type { KnownProject, Told } from './later-stages.js'

/**
 * 网上预约 未到 (docs/intake.md#booking-the-window-网上预约): the owner is told that its booked slot ended without it —
 * whether the window marked it or intake's booking scan did — by the channels of its own preferences. The booking no
 * longer holds a place, so the owner learns it must book again. Booked, cancelled (the owner's own act) and attended
 * tell nothing, so only the missed booking is read here.
 */
export function bookingMissed(b: BookingFact, p: KnownProject): Told {
  return {
    kind: 'booking-missed',
    facts: {
      projectName: p.name,
      projectCode: p.projectCode,
      on: b.day,
      bookingSlot: b.slot,
      ...(b.stepName ? { stepName: b.stepName } : {}),
    },
    recipients: [{ kind: 'owner', id: p.ownerCreditCode }],
  }
}
