import { BaseConfig, CallerConfig } from '@onewindow/service-kit'
import { Type } from 'typebox'

export const HotlineConfig = Type.Object({
  ...BaseConfig.properties,
  ...CallerConfig.properties,
  PORT: Type.Integer({ default: 3007, minimum: 0, maximum: 65535 }),
  /** How often the tickets' clocks are looked at for alerts, lapsed ratings and statements; they fall due by the day. */
  SCAN_EVERY_MS: Type.Integer({ default: 60_000, minimum: 10 }),
  /** Share of a clock's limit used that turns it yellow (预警), as approval's task clocks. */
  YELLOW_AT: Type.Number({ default: 0.8, exclusiveMinimum: 0, maximum: 1 }),
})
