import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream'
import type pg from 'pg'
import { publishedMsgId } from './relay.js'

/** How far back `reconcileOutbox` looks by default; the outbox keeps sent rows longer (retention.ts). */
export const RECONCILE_WINDOW_MS = 10 * 60_000

/**
 * Broker amnesia (DESIGN §4): JetStream acknowledges before it writes to disk, so after an unclean broker restart
 * a message the outbox marked sent may be gone. For rows sent in the last `windowMs`, check that the stream still
 * holds a message with that id at that sequence; mark the missing ones unsent so the relay sends them again.
 */
export async function reconcileOutbox(
  deps: { pool: pg.Pool; jsm: JetStreamManager; stream: string },
  windowMs = RECONCILE_WINDOW_MS,
): Promise<string[]> {
  const { rows } = await deps.pool.query<{ id: string; stream_seq: string; resend: string | null }>(
    `SELECT id, stream_seq::text, headers->>'ow-resend' AS resend FROM outbox_message
      WHERE sent_at > now() - ($1::int * interval '1 millisecond') AND stream_seq IS NOT NULL ORDER BY position`,
    [windowMs],
  )
  const missing: string[] = []
  for (const r of rows) {
    // Only "no such message" means lost; any other failure (the broker unreachable) must not trigger re-sends.
    const stored = await deps.jsm.streams.getMessage(deps.stream, { seq: Number(r.stream_seq) }).catch((err) => {
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.NoMessageFound) return null
      throw err
    })
    // A row re-sent once already went out under the relay's re-send id (relay.ts), not its own.
    const msgId = publishedMsgId(r.id, r.resend)
    if (stored?.header.get('Nats-Msg-Id') !== msgId) missing.push(r.id)
  }
  if (missing.length > 0) {
    // A re-send needs a new Nats-Msg-Id, or the duplicate window would drop it as the message the stream lost;
    // its event id (ce-id) stays, so consumers that did see it ignore it.
    await deps.pool.query(
      `UPDATE outbox_message SET sent_at = NULL, stream_seq = NULL,
              headers = headers || jsonb_build_object('ow-resend', gen_random_uuid()::text)
        WHERE id = ANY($1::uuid[])`,
      [missing],
    )
  }
  return missing
}
