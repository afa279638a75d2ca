import { headers as natsHeaders } from '@nats-io/nats-core'
import { type EventBody, type EventDefinition, NATS_MAX_PAYLOAD, validationErrors } from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import type { SqlTx } from './sql.js'
import { currentTraceHeaders } from './trace-headers.js'

export type PendingEvent<E extends EventDefinition = EventDefinition> = {
  event: E
  body: EventBody<E>
  /** Events of one aggregate reach consumers in the order they were added. */
  aggregateId: string
  /** Defaults to a fresh UUIDv7. */
  id?: string
}

export class EventBodyInvalidError extends Error {
  readonly code = 'MESSAGING_EVENT_BODY_INVALID'
  constructor(
    readonly subject: string,
    readonly errors: string[],
  ) {
    super(`${subject} body fails its schema: ${errors.join('; ')}`)
  }
}

/**
 * An event whose message — body and headers as the relay sends them — is larger than the broker takes
 * (`NATS_MAX_PAYLOAD`, infra/nats's `max_payload`). Thrown by `add` before anything is written, so the caller's
 * transaction rolls back; services answer it 422 (service-kit's problem handler). Written, it could never be
 * published, and it would hold back every later event of its aggregate, transaction and project for good.
 */
export class EventTooLargeError extends Error {
  readonly code = 'MESSAGING_EVENT_TOO_LARGE'
  constructor(
    readonly subject: string,
    readonly aggregateId: string,
    /** The message's size in bytes as the relay would send it at most. */
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`${subject} for ${aggregateId} would be a ${bytes}-byte message; NATS takes at most ${limit}`)
  }
}

// The broker's own headers the relay may add to a row's: a reconciled row's re-send mark (`ow-resend`, a UUID), its
// `Nats-Msg-Id` (`<id>:<resend>`) and the window's guard naming its predecessor's (`Nats-Expected-Last-Msg-Id`).
const UUID_TEXT = '00000000-0000-0000-0000-000000000000'
const RESENT_MSG_ID = `${UUID_TEXT}:${UUID_TEXT}`

/**
 * The bytes NATS counts against `max_payload` for a row (the client and the server alike: headers and body
 * together) with the `Nats-` headers the relay adds at their longest (a re-sent id and the window's guard); `add`
 * passes the re-send mark too, which a reconciliation may add to the row later.
 * The body is what the relay sends, `JSON.stringify` of the stored JSON; jsonb keeps the same keys and values, so
 * the same length in whatever order.
 */
export function publishedBytes(payload: string, headers: Record<string, string>): number {
  const h = natsHeaders()
  for (const [k, v] of Object.entries(headers)) h.set(k, String(v))
  h.set('Nats-Msg-Id', RESENT_MSG_ID)
  h.set('Nats-Expected-Last-Msg-Id', RESENT_MSG_ID)
  // The client's own encoding of the headers (`MsgHdrsImpl.encode`, what `publish` counts), not a copy of its format.
  return (h as unknown as { encode(): Uint8Array }).encode().length + Buffer.byteLength(payload)
}

export interface Outbox {
  /** Adds events in the caller's transaction; they are published after it commits, never inside it. */
  add(tx: SqlTx, events: PendingEvent | PendingEvent[]): Promise<string[]>
  /**
   * Throws what `add` would throw for these events now ({@link EventBodyInvalidError}, {@link EventTooLargeError}),
   * measured exactly as `add` measures them (the same headers: this outbox's source, the active trace), writing
   * nothing: for a caller that must leave one aggregate's events out and go on with the others in its transaction
   * (a published calendar's re-projection), where `add`'s throw would end the transaction.
   */
  assertPublishable(events: readonly PendingEvent[]): void
}

/** An outbox row as `add` stores it. */
type Row = { id: string; subject: string; aggregateId: string; payload: string; headers: Record<string, string> }

/** The rows `add` stores for `events`, with the headers it stores: the CloudEvents attributes and the trace. */
function rowsOf(events: readonly PendingEvent[], source: string, time: string, trace: Record<string, string>): Row[] {
  return events.map((e) => {
    const id = e.id ?? uuidv7()
    return {
      id,
      subject: e.event.subject,
      aggregateId: e.aggregateId,
      payload: JSON.stringify(e.body),
      headers: {
        'ce-specversion': '1.0',
        'ce-id': id,
        'ce-type': e.event.subject,
        'ce-source': source,
        'ce-time': time,
        'ow-aggregate': e.aggregateId,
        ...trace,
      },
    }
  })
}

/**
 * The one measure of a row, for `add` and both `assertPublishable`s: its message at the most the relay may send
 * (`publishedBytes`, with the re-send mark a reconciliation may add later); throws {@link EventTooLargeError} when
 * NATS would refuse it.
 */
function assertFits(rows: readonly Row[]): void {
  for (const r of rows) {
    const bytes = publishedBytes(r.payload, { ...r.headers, 'ow-resend': UUID_TEXT })
    if (bytes > NATS_MAX_PAYLOAD) throw new EventTooLargeError(r.subject, r.aggregateId, bytes, NATS_MAX_PAYLOAD)
  }
}

/**
 * The one way to publish. Rows are inserted in one statement (`unnest`), with the CloudEvents attributes and the
 * active trace context as headers, and the same statement's `pg_notify` wakes the relay when the transaction commits.
 */
export function createOutbox(opts: { source: string; now: () => Date }): Outbox {
  return {
    async add(tx, input) {
      const events = Array.isArray(input) ? input : [input]
      if (events.length === 0) return []
      assertValid(events)
      const rows = rowsOf(events, opts.source, opts.now().toISOString(), currentTraceHeaders())
      // No row the broker would refuse: it would never leave, and the relay would hold back all that must follow it.
      assertFits(rows)
      // One round trip: the rows and the relay's wake-up (the notification is sent when the transaction commits).
      await tx.$queryRaw`
        WITH added AS (
          INSERT INTO outbox_message (id, subject, aggregate_id, payload, headers)
          SELECT u.id, u.subject, u.aggregate_id, u.payload, u.headers
            FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.subject)}::text[],
                        ${rows.map((r) => r.aggregateId)}::text[], ${rows.map((r) => r.payload)}::jsonb[],
                        ${rows.map((r) => JSON.stringify(r.headers))}::jsonb[])
                 WITH ORDINALITY AS u(id, subject, aggregate_id, payload, headers, n)
           ORDER BY u.n
          RETURNING 1)
        SELECT pg_notify('outbox_' || current_schema(), '')::text AS notified FROM (SELECT count(*) FROM added) AS c`
      return rows.map((r) => r.id)
    },
    assertPublishable(events) {
      assertValid(events)
      // An id not given is a UUIDv7, as long as any other UUID; the time is ISO 8601, always 24 characters.
      assertFits(rowsOf(events, opts.source, opts.now().toISOString(), currentTraceHeaders()))
    },
  }
}

/**
 * Throws {@link EventBodyInvalidError} for the first event whose body fails its schema, and {@link EventTooLargeError}
 * for one NATS would refuse: for a timer's `decide`, which has no outbox, so a row is skipped before it is locked.
 * Measured as `add` measures (one function), with the headers `add` makes except those it cannot know here — the
 * service's `ce-source` and the active trace — counted empty: it never refuses an event `add` would take (a budget for
 * them did, up to 4 KiB sooner, so a timer's alert on a row a command could still write was skipped for good). What
 * `add` refuses past it in a timer's write, `sweep` skips all the same.
 */
export function assertPublishable(events: readonly PendingEvent[]): void {
  assertValid(events)
  assertFits(rowsOf(events, '', new Date(0).toISOString(), {}))
}

/** Throws {@link EventBodyInvalidError} for the first event whose body fails its schema. */
function assertValid(events: readonly PendingEvent[]): void {
  for (const e of events) {
    if (!e.event.validator.Check(e.body))
      throw new EventBodyInvalidError(e.event.subject, validationErrors(e.event, e.body))
  }
}
