import { BaseConfig, CallerConfig } from '@onewindow/service-kit'
import { Type } from 'typebox'

export const RegistrationConfig = Type.Object({
  ...BaseConfig.properties,
  ...CallerConfig.properties,
  PORT: Type.Integer({ default: 3005, minimum: 0, maximum: 65535 }),
  /** PKCS#8 PEM of the Ed25519 key certificates are signed with; generated into the data dir when unset. */
  CERT_SIGNING_KEY: Type.Optional(Type.String({ minLength: 1 })),
  /** PKCS#8 PEM of the SM2 key (`openssl genpkey -algorithm SM2`) for the second signature; generated when unset. */
  CERT_SM2_SIGNING_KEY: Type.Optional(Type.String({ minLength: 1 })),
  /** Where generated signing keys are kept between starts. */
  ONEWINDOW_DATA_DIR: Type.String({ default: '.data' }),
  /** How often open cases' clocks are looked at for their alerts; they fall due by the day. */
  SCAN_EVERY_MS: Type.Integer({ default: 60_000, minimum: 10 }),
  YELLOW_AT: Type.Number({ default: 0.8, exclusiveMinimum: 0, maximum: 1 }),
})
