import { callerKeysFrom, serviceMain } from '@onewindow/service-kit'
import { NotificationConfig } from './config.js'

await serviceMain('notification', NotificationConfig, async (config, wiring) => {
  // Imported only now, after telemetry started, so its pg and NATS are instrumented (docs/service-kit.md).
  const { createNotification } = await import('./index.js')
  return createNotification({
    ...wiring,
    callers: await callerKeysFrom(config),
    deliverEveryMs: config.DELIVER_EVERY_MS,
    retry: { maxAttempts: config.NOTIFY_MAX_ATTEMPTS, baseMs: config.NOTIFY_RETRY_BASE_MS },
    channels: {
      ...(config.NOTIFY_FILE ? { file: config.NOTIFY_FILE } : {}),
      ...(config.SMS_GATEWAY_URL
        ? {
            sms: {
              url: config.SMS_GATEWAY_URL,
              ...(config.SMS_GATEWAY_TOKEN ? { token: config.SMS_GATEWAY_TOKEN } : {}),
            },
          }
        : {}),
      ...(config.SMTP_URL ? { email: { smtpUrl: config.SMTP_URL, from: config.SMTP_FROM } } : {}),
    },
  })
})
