import { readdirSync } from 'node:fs'

const CONSUMERS = new URL('../src/consumers/', import.meta.url)

/** A consumer as `src/consumers/` declares it: its durable, its event's subject, whether it starts at its creation. */
export type Declared = { durable: string; subject: string; startsAtCreation: boolean }

/**
 * Every consumer `src/consumers/*.ts` exports, read from the sources themselves: a consumer added there is in the
 * list without anyone writing it down (the authorization test and the start-at-creation test walk it).
 */
export async function declaredConsumers(): Promise<Declared[]> {
  const found = new Map<string, Declared>()
  for (const file of readdirSync(CONSUMERS).filter((f) => f.endsWith('.ts'))) {
    const module = (await import(new URL(file, CONSUMERS).href)) as Record<string, unknown>
    for (const value of Object.values(module)) {
      const c = value as { durable?: unknown; event?: { subject?: unknown }; startsAtCreation?: unknown } | null
      if (c && typeof c.durable === 'string' && typeof c.event?.subject === 'string')
        found.set(c.durable, {
          durable: c.durable,
          subject: c.event.subject,
          startsAtCreation: c.startsAtCreation === true,
        })
    }
  }
  return [...found.values()]
}

/**
 * The durables of the clock alerts (预警, 超时, 逾期, 到期, 即将到期, 未到), written out: those that start at their
 * creation (docs/notifications.md#which-durables-start-at-their-creation).
 */
export const CLOCK_ALERTS: readonly string[] = [
  // approval: the task clocks, 告知承诺 unverified by its day, a 督办 unanswered, a bad rating's loop unreplied
  'notification-task-clock-warned',
  'notification-task-clock-overdue',
  'notification-commitment-overdue',
  'notification-supervision-overdue',
  'notification-rating-fix-overdue',
  // 12345: a ticket's clocks, a knowledge-point feedback unanswered, a point about to lapse, an outage notice late
  'notification-ticket-warned',
  'notification-ticket-overdue',
  'notification-knowledge-feedback-overdue',
  'notification-knowledge-point-expiring',
  'notification-outage-overdue',
  // the later stages' clocks
  'notification-acceptance-clock-warned',
  'notification-acceptance-clock-overdue',
  'notification-registration-clock-warned',
  'notification-registration-clock-overdue',
  'notification-issue-clock-warned',
  'notification-issue-clock-overdue',
  'notification-utility-permits-clock-warned',
  'notification-utility-permits-clock-overdue',
  // a booking not attended
  'notification-booking-missed',
  // a 整改 not confirmed by its day (an approval finding's, a joint acceptance item's)
  'notification-rectification-overdue',
  'notification-acceptance-rectification-overdue',
]
