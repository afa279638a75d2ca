import type { NotificationChannel } from '@onewindow/contracts'
import type { Party } from '../domain/messages.js'

/** One message as a channel sends it. `id` is stable across retries: a gateway may use it to drop a repeat. */
export type Outgoing = { id: string; party: Party; address?: string; title: string; body: string }

/**
 * A way out: resolves when the message was handed over, throws (anything) when it was not — the deliverer then
 * retries it with backoff and finally dead-letters it. The adapters: `sms.ts`, `email.ts`, `log.ts`.
 */
export interface Channel {
  send(message: Outgoing): Promise<void>
}

export type Channels = Partial<Record<NotificationChannel, Channel>>
