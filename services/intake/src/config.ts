import { BaseConfig, CallerConfig } from '@onewindow/service-kit'
import { Type } from 'typebox'
import {
  ANSWER_GRANT_KEEP_DEFAULT_MS,
  ANSWER_GRANT_KEEP_MAX_MS,
  ANSWER_GRANT_KEEP_MIN_MS,
} from './domain/assisted-case.js'
import { BOOKING_SLOT_CAPACITY_DEFAULT, BOOKING_SLOT_CAPACITY_MAX } from './domain/booking.js'

export const IntakeConfig = Type.Object({
  ...BaseConfig.properties,
  ...CallerConfig.properties,
  PORT: Type.Integer({ default: 3001, minimum: 0, maximum: 65535 }),
  /** How often intake's scanners look: overdue 容缺 deficiencies, deemed acceptance, 帮办代办, bookings gone 未到. */
  SCAN_EVERY_MS: Type.Integer({ default: 1000, minimum: 10 }),
  /**
   * 帮办代办 answer grants are kept this long after they lapse, then deleted by `intake-retention` (every
   * `RETENTION_EVERY_MS`, docs/assisted-service.md#retention-of-answer-grants). Never shorter than twice the close's
   * 30 s margin: a grant lapsed less than the margin ago may still hold a close back (`ANSWER_GRANT_KEEP_MIN_MS`).
   */
  ANSWER_GRANT_KEEP_MS: Type.Integer({
    default: ANSWER_GRANT_KEEP_DEFAULT_MS,
    minimum: ANSWER_GRANT_KEEP_MIN_MS,
    maximum: ANSWER_GRANT_KEEP_MAX_MS,
    description: `must be from ${ANSWER_GRANT_KEEP_MIN_MS} (twice the close's margin after a grant lapses) to 90 days in ms`,
  }),
  /** 网上预约 (004:1044): how many bookings one half-day slot of one region's service centre takes. */
  BOOKING_SLOT_CAPACITY: Type.Integer({
    default: BOOKING_SLOT_CAPACITY_DEFAULT,
    minimum: 1,
    maximum: BOOKING_SLOT_CAPACITY_MAX,
  }),
})
