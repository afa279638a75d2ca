import {
  type ApplicationContact,
  MAX_CONTACT_NAME,
  MAX_PHONE_NUMBER,
  PhoneNumber,
  UTILITY_LINE_MAXIMA,
  type UtilityHookupNeed,
} from '@onewindow/contracts'
import type { Static } from 'typebox'
import { Compile } from 'typebox/compile'
import type { NoticeLine } from './problems.js'

type Need = Static<typeof UtilityHookupNeed>
const PROVIDERS: readonly string[] = ['water', 'power', 'gas', 'drainage', 'telecom']
const NUMBERS = ['lengthM', 'diameterMm', 'greenSpaceM2', 'voltageKv', 'newChannelLengthM'] as const
// Both are facts the region's low-risk test reads (a new cable channel; a city main road, Shanwei 004:1848–1850).
const FLAGS = ['newChannel', 'onMainRoad'] as const
const KNOWN: readonly string[] = ['provider', ...NUMBERS, ...FLAGS]

/**
 * `form.utilities` — the hookups the owner names once in the combined form; the utility service opens one request
 * per provider from them. Every bad field becomes a line of the one notice, at `/form/utilities/<i>/<field>`.
 */
export function readUtilities(form: Record<string, unknown>): { utilities: Need[]; lines: NoticeLine[] } {
  const raw = form['utilities']
  const lines: NoticeLine[] = []
  const bad = (field: string, message: string) =>
    lines.push({ field: `/form/utilities${field}`, code: 'INTAKE_UTILITY_INVALID', message })
  if (raw === undefined) return { utilities: [], lines }
  if (!Array.isArray(raw)) {
    bad('', 'must be a list of hookups')
    return { utilities: [], lines }
  }
  const utilities: Need[] = []
  const providers = new Set<string>()
  raw.forEach((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      bad(`/${i}`, 'must be an object')
      return
    }
    const e = entry as Record<string, unknown>
    const before = lines.length
    const provider = e['provider']
    if (typeof provider !== 'string' || !PROVIDERS.includes(provider)) {
      bad(`/${i}/provider`, `must be one of ${PROVIDERS.join(', ')}`)
    } else if (providers.has(provider)) {
      bad(`/${i}/provider`, `${provider} is named more than once`)
    }
    if (typeof provider === 'string') providers.add(provider)
    for (const field of NUMBERS) {
      const v = e[field]
      if (v === undefined && field !== 'lengthM') continue
      const max = UTILITY_LINE_MAXIMA[field]
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max)
        bad(`/${i}/${field}`, `must be a number from 0 to ${max}`)
    }
    for (const field of FLAGS) {
      if (e[field] !== undefined && typeof e[field] !== 'boolean') bad(`/${i}/${field}`, 'must be true or false')
    }
    for (const key of Object.keys(e)) {
      if (!KNOWN.includes(key)) bad(`/${i}/${key}`, 'is not a known field')
    }
    if (lines.length === before) utilities.push(e as Need)
  })
  return { utilities, lines }
}

/** A 联系电话 the desk takes: the result-delivery phone's one definition. */
const phoneNumber = Compile(PhoneNumber)

/**
 * 申请联系人/联系电话 (`form.contact`, `form.phone`) as the desk recorded them, read only where the form names hookups:
 * they go to the providers with them (ApplicationAcceptedV1's `contact`), so each is then checked, a bad one a line of
 * the one notice — the name non-blank text of at most {@link MAX_CONTACT_NAME} characters, the phone a
 * {@link PhoneNumber} as the result-delivery phone is (the providers call on it); elsewhere the form keeps them as
 * given and nothing carries them. The event stays as wide as before (`ApplicationContact`), for the events before it.
 */
export function readContact(form: Record<string, unknown>): { contact?: ApplicationContact; lines: NoticeLine[] } {
  const lines: NoticeLine[] = []
  const contact: ApplicationContact = {}
  const name = readText(
    form,
    'contact',
    (text) => text !== '' && text.length <= MAX_CONTACT_NAME,
    `must be text of 1 to ${MAX_CONTACT_NAME} characters, not blank: the hookups' providers call on it`,
    lines,
  )
  if (name !== undefined) contact.name = name
  const phone = readText(
    form,
    'phone',
    (text) => phoneNumber.Check(text),
    `must be a phone number of at most ${MAX_PHONE_NUMBER} characters (digits, spaces, hyphens, a leading +): the hookups' providers call on it`,
    lines,
  )
  if (phone !== undefined) contact.phone = phone
  return lines.length > 0 || Object.keys(contact).length === 0 ? { lines } : { contact, lines }
}

/** The form's field, trimmed, when `valid` takes it; otherwise a notice line and nothing. Absent: nothing, no line. */
function readText(
  form: Record<string, unknown>,
  field: 'contact' | 'phone',
  valid: (text: string) => boolean,
  message: string,
  lines: NoticeLine[],
): string | undefined {
  const v = form[field]
  if (v === undefined) return undefined
  const text = typeof v === 'string' ? v.trim() : undefined
  if (text !== undefined && valid(text)) return text
  lines.push({ field: `/form/${field}`, code: 'INTAKE_CONTACT_INVALID', message })
  return undefined
}
