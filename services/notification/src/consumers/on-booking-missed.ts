import { BookingMissedV1 } from '@onewindow/contracts'
import { bookingMissed } from '../domain/bookings.js'
import { occurrenceConsumer } from './occurrence.js'

/** 网上预约 未到, told to the owner: {@link bookingMissed}. */
export const onBookingMissed = occurrenceConsumer('notification-booking-missed', BookingMissedV1, {
  about: (e) => e.booking.projectId,
  read: (e, p) => bookingMissed(e.booking, p),
  // First created, it starts then: deployed over a running platform, it tells no booking missed long ago.
  startsAtCreation: true,
})
