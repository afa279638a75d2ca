import type { NotificationChannel, NotificationMessageKind } from '@onewindow/contracts'
import { render, type TemplateFacts } from './templates.js'

/**
 * Who may be told: an owner organisation (建设单位, by 统一社会信用代码), a department (by catalogue code), the
 * supervising office (监督, one party: {@link SUPERVISION}), the 12345 hotline centre (one party: {@link CENTRE}) or a
 * utility provider (供水、供电 …, by its code: every staff member of it reads its messages) or the registration office
 * (不动产登记机构, one party: {@link REGISTRATION_OFFICE}).
 */
export type Party = { kind: 'owner' | 'department' | 'supervisor' | 'centre' | 'provider' | 'registrar'; id: string }

/** The supervising office as a party: every `supervisor` reads its messages. */
export const SUPERVISION: Party = { kind: 'supervisor', id: 'supervision' }

/** 热线中心 — the 12345 centre as a party: every `agent` reads its messages. */
export const CENTRE: Party = { kind: 'centre', id: 'hotline-centre' }

/**
 * 不动产登记机构 — the registration office as a party: every `registrar` reads its messages. A registrar's token names
 * no office (its case list is every case), so the office is one party, as the supervising office is.
 */
export const REGISTRATION_OFFICE: Party = { kind: 'registrar', id: 'registration' }

export type Preferences = {
  channels: readonly NotificationChannel[]
  quietHours?: { from: string; to: string }
  phone?: string
  email?: string
}

/** A party that never set preferences is told in the console only (站内): no address of theirs is known. */
export const DEFAULT_PREFERENCES: Preferences = { channels: ['log'] }

/** Something worth telling, as a consumer read it from one event. */
export type Occurrence = {
  eventId: string
  kind: NotificationMessageKind
  projectId?: string
  /** A 12345 ticket's message: the ticket's region (absent: a ticket of none), by which a regional caller lists it. */
  ticket?: { region?: string }
  facts: TemplateFacts
  /** The owner organisation, the departments concerned and the step's lead department; repeats are told once. */
  recipients: readonly Party[]
}

export type PlannedMessage = {
  party: Party
  channel: NotificationChannel
  address?: string
  title: string
  body: string
  dueAt: Date
}

const SHANGHAI_OFFSET_MINUTES = 8 * 60 // China keeps UTC+8 all year: no daylight saving since 1991.
const MINUTES_A_DAY = 24 * 60
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/**
 * The instant a message created at `now` may go out under quiet hours (免打扰, Asia/Shanghai): `now` outside them,
 * else the minute they end. A window whose `to` is earlier than its `from` runs over midnight (22:00–07:00).
 */
export function quietUntil(now: Date, quiet: { from: string; to: string } | undefined): Date {
  if (!quiet) return now
  const from = minutesOf(quiet.from)
  const to = minutesOf(quiet.to)
  if (from === to) return now
  const minute = Math.floor(now.getTime() / 60_000)
  const local = (((minute + SHANGHAI_OFFSET_MINUTES) % MINUTES_A_DAY) + MINUTES_A_DAY) % MINUTES_A_DAY
  const inside = from < to ? local >= from && local < to : local >= from || local < to
  if (!inside) return now
  const wait = (to - local + MINUTES_A_DAY) % MINUTES_A_DAY
  return new Date((minute + wait) * 60_000)
}

const sameParty = (a: Party, b: Party) => a.kind === b.kind && a.id === b.id

/** The recipients once each, in the order given. */
export function distinctParties(parties: readonly Party[]): Party[] {
  const out: Party[] = []
  for (const p of parties) if (p.id && !out.some((q) => sameParty(p, q))) out.push(p)
  return out
}

const partyKey = (p: Party) => `${p.kind}:${p.id}`

/**
 * The messages one occurrence makes: for each recipient, one per channel of their preferences, rendered from the
 * kind's template. Quiet hours hold SMS and e-mail — legal-time alerts (yellow, red, a commitment due) included:
 * the event has already fixed the legal fact (the day the clock crossed is in the event, not in the message), and
 * nobody can act on a red clock at night before the office opens, so waking a reviewer or an owner buys nothing.
 * The console (`log`) disturbs nobody and is never held.
 */
export function planMessages(
  occurrence: Occurrence,
  preferencesOf: ReadonlyMap<string, Preferences>,
  now: Date,
): PlannedMessage[] {
  const { title, body } = render(occurrence.kind, occurrence.facts)
  return distinctParties(occurrence.recipients).flatMap((party) => {
    const prefs = preferencesOf.get(partyKey(party)) ?? DEFAULT_PREFERENCES
    return prefs.channels.map((channel): PlannedMessage => {
      const address = channel === 'sms' ? prefs.phone : channel === 'email' ? prefs.email : undefined
      return {
        party,
        channel,
        ...(address ? { address } : {}),
        title,
        body,
        dueAt: channel === 'log' ? now : quietUntil(now, prefs.quietHours),
      }
    })
  })
}

export { partyKey }

/** How deliveries are retried: `maxAttempts` tries in all, waits doubling from `baseMs`. */
export type RetryPolicy = { maxAttempts: number; baseMs: number }

export type DeliveryOutcome =
  | { kind: 'sent'; at: Date }
  | { kind: 'retry'; attempts: number; at: Date; error: string }
  | { kind: 'dead'; attempts: number; error: string }

/** After one try (`attemptsBefore` earlier ones): sent, tried again after a doubling wait, or given up on. */
export function afterAttempt(
  attemptsBefore: number,
  failure: string | undefined,
  now: Date,
  policy: RetryPolicy,
): DeliveryOutcome {
  if (failure === undefined) return { kind: 'sent', at: now }
  const attempts = attemptsBefore + 1
  if (attempts >= policy.maxAttempts) return { kind: 'dead', attempts, error: failure }
  return { kind: 'retry', attempts, at: new Date(now.getTime() + policy.baseMs * 2 ** (attempts - 1)), error: failure }
}
