import type { NotificationPreferencesBody } from '@onewindow/contracts'
import type { Refusal, Result } from '@onewindow/vocabulary'
import type { Preferences } from './messages.js'

type FieldError = { field: string; message: string }

/** A PUT of a party's preferences as the command sees it: what is asked, by whom, over what is stored. */
export type PreferencesChange = {
  body: NotificationPreferencesBody
  /**
   * The caller's region (行政区划代码), when its token carries one — a regional reviewer or lead (docs/security.md
   * "Regional authority"); absent for the department-wide scope.
   */
  region?: string | undefined
  /** The party's preferences as they stand (the defaults when it never set any). */
  stored: Preferences
}

/**
 * Replaces a party's preferences whole — unless the caller's authority is regional. A department's preferences are
 * one row for every region of it (a department code names no region): its phone and e-mail receive every region's
 * SMS and e-mail to the department, its channels decide whether they are sent by SMS and e-mail at all, its quiet
 * hours when. No field of them touches one region only — the console list (站内), the one regional thing, is never
 * held or addressed by them — so a regional caller changes none: it would otherwise redirect, start, silence or delay
 * the other regions' messages, which carry their projects and requesters (docs/notifications.md#regional-callers).
 * The refusal names each field the PUT would change (the addresses first); a PUT changing nothing is refused as
 * well, naming the body — a regional caller has no say in them, and the write would still stamp them as set now.
 */
export function decidePreferencesChange(change: PreferencesChange): Result<Preferences> {
  if (change.region !== undefined) return regionalRefusal(change.body, change.stored)
  return decidePreferences(change.body)
}

const sameChannels = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((c) => b.includes(c))
const sameHours = (a: Preferences['quietHours'], b: Preferences['quietHours']) => a?.from === b?.from && a?.to === b?.to

function regionalRefusal(body: NotificationPreferencesBody, stored: Preferences): Refusal {
  const errors: FieldError[] = []
  if (body.phone !== stored.phone)
    errors.push({
      field: '/body/phone',
      message: "is the department's SMS number for every region: only a caller without a region sets it",
    })
  if (body.email !== stored.email)
    errors.push({
      field: '/body/email',
      message: "is the department's e-mail address for every region: only a caller without a region sets it",
    })
  if (!sameChannels(body.channels, stored.channels))
    errors.push({
      field: '/body/channels',
      message:
        "decide how every region's messages to the department are sent: only a caller without a region sets them",
    })
  if (!sameHours(body.quietHours, stored.quietHours))
    errors.push({
      field: '/body/quietHours',
      message: "hold every region's SMS and e-mail to the department: only a caller without a region sets them",
    })
  if (errors.length === 0)
    errors.push({
      field: '/body',
      message:
        "changes nothing; the department's preferences hold for every region: only a caller without a region sets them",
    })
  return {
    ok: false,
    error: {
      code: 'NOTIFICATION_PREFERENCES_REGIONAL_CALLER',
      message: `A regional reviewer or lead may not change its department's notification preferences, which hold for every region of the department: ${errors.map((e) => e.field).join(', ')}`,
      details: { errors },
    },
  }
}

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
