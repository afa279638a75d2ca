import { BaseConfig, CallerConfig } from '@onewindow/service-kit'
import { Type } from 'typebox'

export const AcceptanceConfig = Type.Object({
  ...BaseConfig.properties,
  ...CallerConfig.properties,
  PORT: Type.Integer({ default: 3003, minimum: 0, maximum: 65535 }),
  /** How often overdue 告知承诺 verifications and case clock alerts are looked for; they fall due by the day. */
  SCAN_EVERY_MS: Type.Integer({ default: 60_000, minimum: 10 }),
  YELLOW_AT: Type.Number({ default: 0.8, exclusiveMinimum: 0, maximum: 1 }),
})
