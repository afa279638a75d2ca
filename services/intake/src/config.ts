import { BaseConfig, CallerConfig } from '@onewindow/service-kit'
import { Type } from 'typebox'

export const IntakeConfig = Type.Object({
  ...BaseConfig.properties,
  ...CallerConfig.properties,
  PORT: Type.Integer({ default: 3001, minimum: 0, maximum: 65535 }),
  /** How often the 容缺 scanner looks for overdue deficiencies. */
  SCAN_EVERY_MS: Type.Integer({ default: 1000, minimum: 10 }),
})
