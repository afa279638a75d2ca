import { BaseConfig, CallerConfig } from '@onewindow/service-kit'
import { Type } from 'typebox'

export const NotificationConfig = Type.Object({
  ...BaseConfig.properties,
  ...CallerConfig.properties,
  PORT: Type.Integer({ default: 3006, minimum: 0, maximum: 65535 }),
  /** How often due messages are looked for and sent. */
  DELIVER_EVERY_MS: Type.Integer({ default: 5_000, minimum: 10 }),
  /** Tries per message before it is dead-lettered. */
  NOTIFY_MAX_ATTEMPTS: Type.Integer({ default: 5, minimum: 1, maximum: 50 }),
  /** The first wait before a retry; each later one doubles it. */
  NOTIFY_RETRY_BASE_MS: Type.Integer({ default: 60_000, minimum: 0 }),
  /** 站内/log adapter: append one JSON line per message here (development, tests); unset, a log line. */
  NOTIFY_FILE: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  /** SMS gateway's send endpoint; unset, SMS messages fail and are dead-lettered after their retries. */
  SMS_GATEWAY_URL: Type.Optional(Type.String({ format: 'uri', maxLength: 1000 })),
  SMS_GATEWAY_TOKEN: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  /** `smtp://user:pass@host:port`; unset, e-mail messages fail and are dead-lettered after their retries. */
  SMTP_URL: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  SMTP_FROM: Type.String({ default: 'onewindow@localhost', maxLength: 254 }),
})
