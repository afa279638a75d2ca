import { BaseConfig } from '@onewindow/service-kit'
import { Type } from 'typebox'

export const AcceptanceConfig = Type.Object({
  ...BaseConfig.properties,
  PORT: Type.Integer({ default: 3003, minimum: 0, maximum: 65535 }),
})
