import type { NotificationPreferencesBody } from '@onewindow/contracts'
import type { Result } from '@onewindow/vocabulary'
import type { Preferences } from './messages.js'

type FieldError = { field: string; message: string }

/**
 * What the schema cannot check: a channel needs its address (短信 a phone, 电子邮件 an e-mail), and quiet hours that
 * start when they end are no window at all. Each refusal names its field, as the schema's do.
 */
export function decidePreferences(body: NotificationPreferencesBody): Result<Preferences> {
  const errors: FieldError[] = []
  if (body.channels.includes('sms') && !body.phone)
    errors.push({ field: '/body/phone', message: 'is required when sms is a channel' })
  if (body.channels.includes('email') && !body.email)
    errors.push({ field: '/body/email', message: 'is required when email is a channel' })
  if (body.quietHours && body.quietHours.from === body.quietHours.to)
    errors.push({ field: '/body/quietHours/to', message: 'must differ from quietHours.from' })
  if (errors.length > 0)
    return {
      ok: false,
      error: {
        code: 'NOTIFICATION_PREFERENCES_INVALID',
        message: `The request body is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
        details: { errors },
      },
    }
  return {
    ok: true,
    value: {
      channels: body.channels,
      ...(body.quietHours ? { quietHours: body.quietHours } : {}),
      ...(body.phone ? { phone: body.phone } : {}),
      ...(body.email ? { email: body.email } : {}),
    },
  }
}
