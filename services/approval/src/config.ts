import { BaseConfig, CallerConfig } from '@onewindow/service-kit'
import { Type } from 'typebox'

export const ApprovalConfig = Type.Object({
  ...BaseConfig.properties,
  ...CallerConfig.properties,
  PORT: Type.Integer({ default: 3002, minimum: 0, maximum: 65535 }),
  SCAN_EVERY_MS: Type.Integer({ default: 1000, minimum: 10 }),
  /** 补正 rounds each department may ask per task. */
  SUPPLEMENT_ROUNDS: Type.Integer({ default: 1, minimum: 0 }),
  YELLOW_AT: Type.Number({ default: 0.8, exclusiveMinimum: 0, maximum: 1 }),
})
