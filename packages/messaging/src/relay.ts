import type { JetStreamClient } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/nats-core'
import type pg from 'pg'
import { type Topology, wireSubject } from './streams.js'
import type { MessagingWorker } from './worker.js'

type Row = {
  id: string
  position: string
  subject: string
  aggregate_id: string
  payload: unknown
  headers: Record<string, string>
}

export type RelayFaults = {
  /** Called after the rows are locked, before anything is published. */
  beforePublish?: (ids: string[]) => void | Promise<void>
  /** Called after JetStream acknowledged, before the rows are marked sent. */
  afterPublish?: (ids: string[]) => void | Promise<void>
}

export type RelayOptions = {
  pool: pg.Pool
  schema: string
  js: JetStreamClient
  topology: Pick<Topology, 'prefix'>
  batchSize?: number
  /** The safety net under LISTEN/NOTIFY: a notification can be missed while the listener reconnects. */
  pollIntervalMs?: number
  onError?: (err: unknown) => void
  /** Test hooks to kill the relay at the two dangerous points. */
  faults?: RelayFaults
}

export type Relay = MessagingWorker & {
  /** Publishes everything unsent now; returns how many rows were sent. Used at shutdown and by tests. */
  flush(): Promise<number>
}

/**
 * Of a locked batch, the rows that may go now without overtaking an earlier unsent event of the same aggregate
 * (one held by another relay, or left out of this batch). Per aggregate, a prefix of its unsent positions.
 */
export function publishableInOrder<T extends { aggregate_id: string; position: string }>(
  batch: T[],
  unsent: Array<{ aggregate_id: string; position: string }>,
): T[] {
  const inBatch = new Map(batch.map((r) => [`${r.aggregate_id}\u0000${r.position}`, r]))
  const byAggregate = new Map<string, bigint[]>()
  for (const u of unsent) {
    const list = byAggregate.get(u.aggregate_id) ?? []
    list.push(BigInt(u.position))
    byAggregate.set(u.aggregate_id, list)
  }
  const allowed = new Set<T>()
  for (const [aggregate, positions] of byAggregate) {
    positions.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    for (const p of positions) {
      const row = inBatch.get(`${aggregate}\u0000${p}`)
      if (!row) break
      allowed.add(row)
    }
  }
  return batch.filter((r) => allowed.has(r))
}

/**
 * The outbox relay: takes unsent rows with `FOR UPDATE SKIP LOCKED` (never a cursor over a serial id, which skips
 * rows of transactions that commit late), publishes each with `Nats-Msg-Id` = event id so JetStream drops a
 * re-send, then records `sent_at` and the stream sequence. A crash between publish and mark re-sends; the
 * duplicate window and the consumers' inbox absorb it.
 */
export function createRelay(opts: RelayOptions): Relay {
  const batchSize = opts.batchSize ?? 500
  const pollIntervalMs = opts.pollIntervalMs ?? 1000
  const channel = `outbox_${opts.schema}`
  let running = false
  let loop: Promise<void> | undefined
  let listener: pg.PoolClient | undefined
  let wake: (() => void) | undefined
  let lastError: unknown
  let sending: Promise<number> = Promise.resolve(0)

  const relayOnce = async (): Promise<number> => {
    const client = await opts.pool.connect()
    let broken: Error | undefined
    let failure: PromiseRejectedResult | undefined
    const sent: Array<{ id: string; seq: number }> = []
    try {
      await client.query('BEGIN')
      const locked = await client.query<Row>(
        `SELECT id, position::text, subject, aggregate_id, payload, headers FROM outbox_message
          WHERE sent_at IS NULL ORDER BY outbox_message.position LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      )
      if (locked.rowCount === 0) {
        await client.query('COMMIT')
        return 0
      }
      const aggregates = [...new Set(locked.rows.map((r) => r.aggregate_id))]
      const maxPosition = locked.rows.at(-1)?.position
      const unsent = await client.query<{ aggregate_id: string; position: string }>(
        `SELECT aggregate_id, position::text FROM outbox_message
          WHERE sent_at IS NULL AND aggregate_id = ANY($1::text[]) AND position <= $2::bigint`,
        [aggregates, maxPosition],
      )
      const rows = publishableInOrder(locked.rows, unsent.rows)
      const ids = rows.map((r) => r.id)
      await opts.faults?.beforePublish?.(ids)
      // One connection keeps publish order; the acks are awaited together.
      const acks = await Promise.allSettled(
        rows.map((r) => {
          const h = natsHeaders()
          for (const [k, v] of Object.entries(r.headers)) h.set(k, String(v))
          return opts.js.publish(wireSubject(opts.topology, r.subject), JSON.stringify(r.payload), {
            msgID: r.headers['ow-resend'] ? `${r.id}:${r.headers['ow-resend']}` : r.id,
            headers: h,
          })
        }),
      )
      await opts.faults?.afterPublish?.(ids)
      const failedAggregates = new Set<string>()
      acks.forEach((a, i) => {
        const row = rows[i]
        if (!row) return
        if (a.status === 'fulfilled' && !failedAggregates.has(row.aggregate_id))
          sent.push({ id: row.id, seq: a.value.seq })
        else failedAggregates.add(row.aggregate_id)
      })
      if (sent.length > 0) {
        await client.query(
          `UPDATE outbox_message o SET sent_at = now(), stream_seq = u.seq
             FROM unnest($1::uuid[], $2::bigint[]) AS u(id, seq) WHERE o.id = u.id`,
          [sent.map((s) => s.id), sent.map((s) => s.seq)],
        )
      }
      await client.query('COMMIT')
      failure = acks.find((a): a is PromiseRejectedResult => a.status === 'rejected')
    } catch (err) {
      // A connection that cannot even roll back is given back to the pool as broken; the first error is the one told.
      await client.query('ROLLBACK').catch((rollbackErr: Error) => {
        broken = rollbackErr
      })
      throw err
    } finally {
      client.release(broken)
    }
    // What was acknowledged is marked sent; the first refusal is reported so the loop backs off.
    if (failure) throw failure.reason
    return sent.length
  }

  const flushOnce = () => {
    sending = sending.then(
      () => relayOnce(),
      () => relayOnce(),
    )
    return sending
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wake = undefined
        resolve()
      }
      wake = done
    })

  const listen = async () => {
    try {
      listener = await opts.pool.connect()
      listener.on('notification', () => wake?.())
      const client = listener
      // A dropped LISTEN connection: give it back as broken and listen again on the next turn of the loop.
      client.on('error', (err) => {
        lastError = err
        if (listener === client) listener = undefined
        client.release(err)
      })
      await listener.query(`LISTEN "${channel}"`)
    } catch (err) {
      listener?.release(true)
      listener = undefined
      lastError = err
    }
  }

  const run = async () => {
    let backoff = pollIntervalMs
    while (running) {
      if (!listener) await listen()
      try {
        const n = await flushOnce()
        lastError = undefined
        backoff = pollIntervalMs
        if (n === 0) await sleep(pollIntervalMs)
      } catch (err) {
        lastError = err
        opts.onError?.(err)
        await sleep(backoff)
        backoff = Math.min(backoff * 2, 10_000)
      }
    }
  }

  return {
    name: `outbox-relay:${opts.schema}`,
    async start() {
      if (running) return
      running = true
      loop = run()
    },
    async stop() {
      running = false
      wake?.()
      await loop
      if (listener) {
        const failed = await listener.query(`UNLISTEN "${channel}"`).then(
          () => undefined,
          (err: Error) => err,
        )
        listener.release(failed)
        listener = undefined
      }
    },
    healthy: () => running && lastError === undefined,
    async flush() {
      let total = 0
      for (;;) {
        const n = await flushOnce()
        total += n
        if (n === 0) return total
      }
    },
  }
}
