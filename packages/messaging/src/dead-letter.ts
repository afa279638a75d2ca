import type { JetStreamClient, JsMsg } from '@nats-io/jetstream'
import { type MsgHdrs, headers as natsHeaders, PermissionViolationError } from '@nats-io/nats-core'
import { NATS_MAX_PAYLOAD } from '@onewindow/contracts'
import type pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { deadLetterSubject, type Topology, wireSubject } from './streams.js'

export type DeadLetter = {
  id: string
  consumer: string
  subject: string
  eventId: string | null
  streamSeq: number
  payload: string
  headers: Record<string, string>
  error: string
  deliveries: number
  createdAt: Date
  replayedAt: Date | null
}

export const headersOf = (m: JsMsg): Record<string, string> => {
  const out: Record<string, string> = {}
  if (m.headers) for (const k of m.headers.keys()) out[k] = m.headers.get(k)
  return out
}

/**
 * Records a message the consumer gives up on, then copies it to `dead-letter.<durable>` with its original
 * headers and the error. The row comes first: it is what the admin lists and replays, and it survives a broker
 * outage. The server here (2.9) has no `term(reason)`, so the reason lives in the record.
 */
export async function deadLetter(
  deps: { pool: pg.Pool; js: JetStreamClient; topology: Pick<Topology, 'prefix'> },
  m: JsMsg,
  d: { consumer: string; subject: string; eventId: string | null; error: string },
): Promise<string> {
  const id = uuidv7()
  const original = headersOf(m)
  await deps.pool.query(
    `INSERT INTO dead_letter (id, consumer, subject, event_id, stream_seq, payload, headers, error, deliveries)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, d.consumer, d.subject, d.eventId, m.seq, m.string(), JSON.stringify(original), d.error, m.info.deliveryCount],
  )
  await publishDeadLetter(deps, {
    id,
    consumer: d.consumer,
    subject: d.subject,
    data: m.data,
    headers: original,
    error: d.error,
  })
  return id
}

/**
 * A header JetStream acts on when it stores a message (`Nats-Msg-Id`, and the relay's `Nats-Expected-Last-Msg-Id`
 * guard): a copy of a stored message must not carry it, or the broker de-duplicates the copy or refuses it because
 * the stream's last message is no longer the original's predecessor.
 */
export const isBrokerDirective = (header: string): boolean => header.toLowerCase().startsWith('nats-')

/**
 * Copies a recorded dead letter to `dead-letter.<consumer>`: the original headers (less the broker's directives), the row's
 * id, consumer, subject and error, de-duplicated on the row's id. The consumer and the ordered reader both call it
 * once their row is written.
 */
export async function publishDeadLetter(
  deps: { js: JetStreamClient; topology: Pick<Topology, 'prefix'> },
  d: {
    id: string
    consumer: string
    subject: string
    data: Uint8Array
    headers: Record<string, string>
    error: string
  },
): Promise<void> {
  const msgID = `dead-letter-${d.id}`
  const h = natsHeaders()
  for (const [k, v] of Object.entries(d.headers)) if (!isBrokerDirective(k)) h.set(k, v)
  h.set('ow-dead-letter-id', d.id)
  h.set('ow-dead-letter-consumer', d.consumer)
  h.set('ow-dead-letter-subject', d.subject)
  // The copy is the event and its headers with these added (a kilobyte and more): an event within that margin of
  // NATS's limit would make a copy NATS refuses, on every try. The error is cut to what is left — by bytes, on a
  // character's boundary (a Chinese error is three bytes a character) — and its whole text stays in the row.
  h.set('Nats-Msg-Id', msgID)
  const room = NATS_MAX_PAYLOAD - d.data.length - encodedBytes(h) - Buffer.byteLength(`${ERROR_HEADER}: \r\n`)
  h.delete('Nats-Msg-Id')
  h.set(ERROR_HEADER, cutToBytes(d.error.replace(/[\r\n]+/g, ' '), Math.min(MAX_ERROR_HEADER, Math.max(0, room))))
  await deps.js.publish(deadLetterSubject(deps.topology, d.consumer), d.data, { headers: h, msgID })
}

const ERROR_HEADER = 'ow-dead-letter-error'
/** The most of the error a copy carries, in UTF-8 bytes: the row has all of it. */
export const MAX_ERROR_HEADER = 1000

/** The bytes the client sends for these headers, as it counts them against `max_payload`. */
const encodedBytes = (h: MsgHdrs): number => (h as unknown as { encode(): Uint8Array }).encode().length

/** `text`'s longest start of at most `bytes` UTF-8 bytes, never half a character. */
export function cutToBytes(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text
  let out = ''
  let used = 0
  for (const ch of text) {
    const n = Buffer.byteLength(ch)
    if (used + n > bytes) break
    out += ch
    used += n
  }
  return out
}

export async function listDeadLetters(
  pool: pg.Pool,
  filter: { consumer?: string; limit?: number } = {},
): Promise<DeadLetter[]> {
  const { rows } = await pool.query(
    `SELECT id, consumer, subject, event_id, stream_seq::int, payload, headers, error, deliveries, created_at, replayed_at
       FROM dead_letter WHERE ($1::text IS NULL OR consumer = $1) ORDER BY created_at DESC LIMIT $2`,
    [filter.consumer ?? null, filter.limit ?? 100],
  )
  return rows.map((r) => ({
    id: r.id,
    consumer: r.consumer,
    subject: r.subject,
    eventId: r.event_id,
    streamSeq: r.stream_seq,
    payload: r.payload,
    headers: r.headers,
    error: r.error,
    deliveries: r.deliveries,
    createdAt: r.created_at,
    replayedAt: r.replayed_at,
  }))
}

export class DeadLetterNotFoundError extends Error {
  readonly code = 'MESSAGING_DEAD_LETTER_NOT_FOUND'
  constructor(readonly id: string) {
    super(`no dead letter ${id}`)
  }
}

/**
 * The broker refused the replay: under least privilege (docs/security.md#nats-least-privilege) a service may publish
 * only its own events, and a dead letter is usually another service's. `statusCode` and `code` make it a 403
 * problem+json in the admin routes; the NATS admin replays it with `pnpm onewindow dead-letters replay`.
 */
export class DeadLetterReplayRefusedError extends Error {
  readonly code = 'DEAD_LETTER_REPLAY_REFUSED'
  readonly statusCode = 403
  constructor(
    readonly id: string,
    readonly subject: string,
  ) {
    super(
      `The broker does not let this service publish ${subject}; replay dead letter ${id} as the NATS admin ` +
        '(pnpm onewindow dead-letters replay, docs/operations.md#dead-letters).',
    )
  }
}

/**
 * Publishes a dead letter again on its original subject, with its original headers (so its event id, and thus
 * every consumer's inbox key, is unchanged: consumers that already handled it ignore it) but a fresh
 * `Nats-Msg-Id`, so JetStream's duplicate window does not swallow it.
 */
export async function replayDeadLetter(
  deps: { pool: pg.Pool; js: JetStreamClient; topology: Pick<Topology, 'prefix'> },
  id: string,
): Promise<{ streamSeq: number }> {
  const { rows } = await deps.pool.query<{ subject: string; payload: string; headers: Record<string, string> }>(
    'SELECT subject, payload, headers FROM dead_letter WHERE id = $1',
    [id],
  )
  const row = rows[0]
  if (!row) throw new DeadLetterNotFoundError(id)
  const h = natsHeaders()
  for (const [k, v] of Object.entries(row.headers)) if (!isBrokerDirective(k)) h.set(k, v)
  h.set('ow-replay-of', id)
  const ack = await deps.js
    .publish(wireSubject(deps.topology, row.subject), row.payload, { headers: h, msgID: `replay-${id}-${uuidv7()}` })
    .catch((err) => {
      const violation = err instanceof PermissionViolationError ? err : err?.cause
      if (violation instanceof PermissionViolationError) throw new DeadLetterReplayRefusedError(id, row.subject)
      throw err
    })
  await deps.pool.query('UPDATE dead_letter SET replayed_at = now() WHERE id = $1', [id])
  return { streamSeq: ack.seq }
}
