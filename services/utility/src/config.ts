import { BaseConfig } from '@onewindow/service-kit'
import { Type } from 'typebox'

export const UtilityConfig = Type.Object({
  ...BaseConfig.properties,
  PORT: Type.Integer({ default: 3004, minimum: 0, maximum: 65535 }),
})
