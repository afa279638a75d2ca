import { type EventBody, type EventDefinition, validationErrors } from '@onewindow/contracts'
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

export interface Outbox {
  /** Adds events in the caller's transaction; they are published after it commits, never inside it. */
  add(tx: SqlTx, events: PendingEvent | PendingEvent[]): Promise<string[]>
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
      const trace = currentTraceHeaders()
      const time = opts.now().toISOString()
      assertPublishable(events)
      const rows = events.map((e) => {
        const id = e.id ?? uuidv7()
        const headers = {
          'ce-specversion': '1.0',
          'ce-id': id,
          'ce-type': e.event.subject,
          'ce-source': opts.source,
          'ce-time': time,
          'ow-aggregate': e.aggregateId,
          ...trace,
        }
        return {
          id,
          subject: e.event.subject,
          aggregateId: e.aggregateId,
          payload: JSON.stringify(e.body),
          headers: JSON.stringify(headers),
        }
      })
      // One round trip: the rows and the relay's wake-up (the notification is sent when the transaction commits).
      await tx.$queryRaw`
        WITH added AS (
          INSERT INTO outbox_message (id, subject, aggregate_id, payload, headers)
          SELECT u.id, u.subject, u.aggregate_id, u.payload, u.headers
            FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.subject)}::text[],
                        ${rows.map((r) => r.aggregateId)}::text[], ${rows.map((r) => r.payload)}::jsonb[],
                        ${rows.map((r) => r.headers)}::jsonb[])
                 WITH ORDINALITY AS u(id, subject, aggregate_id, payload, headers, n)
           ORDER BY u.n
          RETURNING 1)
        SELECT pg_notify('outbox_' || current_schema(), '')::text AS notified FROM (SELECT count(*) FROM added) AS c`
      return rows.map((r) => r.id)
    },
  }
}

/**
 * Throws {@link EventBodyInvalidError} for the first event whose body fails its schema: what `add` checks before it
 * writes, for a caller (a timer's decide) that wants to know before it gets that far.
 */
export function assertPublishable(events: readonly PendingEvent[]): void {
  for (const e of events) {
    if (!e.event.validator.Check(e.body))
      throw new EventBodyInvalidError(e.event.subject, validationErrors(e.event, e.body))
  }
}
