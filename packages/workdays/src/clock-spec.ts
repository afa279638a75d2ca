import type { Limit } from '@onewindow/vocabulary'
import type { LegalDate } from './legal-date.js'
import type { Suspension } from './suspension.js'

/**
 * A legal clock: a limit counted from a start day, minus suspensions. Several clocks may run for one
 * subject (the statutory and the committed limit of an item, a step, a whole project).
 */
export interface Clock {
  id?: string
  label?: string
  limit: Limit
  /** The day the clock starts (受理日); it is not counted. */
  start: LegalDate
  /** Region whose overlay applies (six-digit code); national calendar when absent. */
  region?: string
  suspensions?: readonly Suspension[]
}
