import { BOOKING_SLOT_HOURS } from './bounds'

export type BookingSlot = keyof typeof BOOKING_SLOT_HOURS

/** An hour as the window says it: 9:00, not 09:00. */
const hour = (hhmm: string) => hhmm.replace(/^0/, '')
const inWords = (half: string, slot: BookingSlot) =>
  `${half}（${hour(BOOKING_SLOT_HOURS[slot].from)}–${hour(BOOKING_SLOT_HOURS[slot].to)}）`

/** A booking's half-day slot in words, as the owner books it and the window lists it: 上午（9:00–12:00）. */
export const SLOT_NAMES: Record<BookingSlot, string> = { am: inWords('上午', 'am'), pm: inWords('下午', 'pm') }
