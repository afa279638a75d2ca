import type pg from 'pg'
import { DEFAULT_ACK_WAIT_MS, DEFAULT_MAX_DELIVER, defaultBackoff } from './consumer.js'
import { RECONCILE_WINDOW_MS } from './reconcile.js'
import type { Topology } from './streams.js'

/**
 * How long the messaging tables keep what they no longer need for delivery (docs/messaging.md#retention): sent outbox
 * rows and inbox rows for the stream's duplicate window plus `marginMs`, dead letters once replayed and
 * `deadLetterKeepDays` old. Unsent outbox rows and unreplayed dead letters are never pruned.
 */
export type RetentionSettings = {
  /** Kept beyond the stream's duplicate window; at least {@link minimumRetentionMarginMs}. */
  marginMs: number
  /** How often a pass runs; the first pass one period after start (never before a restarted consumer's redeliveries). */
  everyMs: number
  deadLetterKeepDays: number
  /** Rows deleted per statement (default 1000): each batch is its own short transaction, so no long lock. */
  batch?: number
}

export const defaultRetention: RetentionSettings = {
  marginMs: 24 * 3600_000,
  everyMs: 10 * 60_000,
  deadLetterKeepDays: 30,
}

/**
 * The longest a consumer may see a message again after committing its inbox row: the ack is lost, the server
 * redelivers after `ack_wait`, and each later delivery may lose its ack too, up to `max_deliver` deliveries (a failed
 * attempt waits its backoff first). Past that the server delivers it no more.
 */
export function longestRedeliveryMs(
  ackWaitMs = DEFAULT_ACK_WAIT_MS,
  maxDeliver = DEFAULT_MAX_DELIVER,
  backoff: (attempt: number) => number = defaultBackoff,
): number {
  let total = 0
  for (let attempt = 1; attempt <= maxDeliver; attempt++) total += ackWaitMs + backoff(attempt)
  return total
}

/**
 * The smallest margin that is safe: longer than every redelivery after a commit, and long enough that the outbox
 * still holds every row `reconcileOutbox` may need to re-send after broker amnesia (it looks back
 * `RECONCILE_WINDOW_MS`).
 */
export const minimumRetentionMarginMs = (): number => Math.max(longestRedeliveryMs(), RECONCILE_WINDOW_MS)

/** A refused retention setting, with the variable's name in the message (service-kit reports it as a config error). */
export class RetentionSettingError extends Error {}

export function checkRetention(settings: RetentionSettings): RetentionSettings {
  const minimum = minimumRetentionMarginMs()
  if (settings.marginMs < minimum)
    throw new RetentionSettingError(
      `RETENTION_MARGIN_MS must be at least ${minimum} (the longest redelivery after a commit, and the outbox ` +
        `reconciliation window; docs/messaging.md#retention), got ${settings.marginMs}`,
    )
  return settings
}

export type PrunedRows = { outbox: number; inbox: number; deadLetters: number }

/**
 * One retention pass over a service's schema (the pool's `search_path`), as of `now` from the injected clock:
 * deletes in batches of `batch` rows, each batch one statement and its own transaction, until a batch comes back short.
 * The rows' timestamps are the database's own (`sent_at`, `received_at` default `now()` there); the cut-off is taken
 * from the service's clock, so a test moves it with the injected clock.
 */
export async function pruneMessagingTables(
  pool: pg.Pool,
  topology: Pick<Topology, 'duplicateWindowMs'>,
  settings: RetentionSettings,
  now: Date,
): Promise<PrunedRows> {
  const batch = settings.batch ?? 1000
  const keptSince = new Date(now.getTime() - topology.duplicateWindowMs - settings.marginMs)
  const deadLettersSince = new Date(now.getTime() - settings.deadLetterKeepDays * 86_400_000)
  const repeat = async (statement: string, cutOff: Date): Promise<number> => {
    let total = 0
    for (;;) {
      const { rowCount } = await pool.query(statement, [cutOff, batch])
      total += rowCount ?? 0
      if ((rowCount ?? 0) < batch) return total
    }
  }
  // Sent rows only: `sent_at IS NULL` rows are the relay's work, whatever their age. The (sent_at, position) index
  // finds the oldest sent rows first.
  const outbox = await repeat(
    `DELETE FROM outbox_message WHERE id IN (
       SELECT id FROM outbox_message WHERE sent_at IS NOT NULL AND sent_at < $1 ORDER BY sent_at LIMIT $2)`,
    keptSince,
  )
  // An inbox row exists only once its transaction committed; its ack follows at once (docs/messaging.md#retention).
  const inbox = await repeat(
    `DELETE FROM inbox_message WHERE (consumer, event_id) IN (
       SELECT consumer, event_id FROM inbox_message WHERE received_at < $1 ORDER BY received_at LIMIT $2)`,
    keptSince,
  )
  // Only replayed dead letters: an unresolved one is what the admin still has to look at.
  const deadLetters = await repeat(
    `DELETE FROM dead_letter WHERE id IN (
       SELECT id FROM dead_letter WHERE replayed_at IS NOT NULL AND replayed_at < $1 ORDER BY replayed_at LIMIT $2)`,
    deadLettersSince,
  )
  return { outbox, inbox, deadLetters }
}
