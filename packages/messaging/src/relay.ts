import type { JetStreamClient } from '@nats-io/jetstream'
import { type MsgHdrs, type NatsConnection, headers as natsHeaders } from '@nats-io/nats-core'
import { NATS_MAX_PAYLOAD } from '@onewindow/contracts'
import { prepared } from '@onewindow/db'
import type pg from 'pg'
import { type Topology, wireSubject } from './streams.js'
import { failureKey, type MessagingWorker, type WorkerLog } from './worker.js'

type Row = {
  id: string
  position: string
  subject: string
  aggregate_id: string
  /** The writing transaction's id (the row's `xmin`): rows of one transaction share it. */
  tx: string
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
  /**
   * The connection under `js`. With it the relay does not publish while NATS is disconnected (a publish made then
   * waits out its whole timeout, even after the broker is back) and wakes the moment the client reconnects.
   */
  nc?: NatsConnection
  topology: Pick<Topology, 'prefix'>
  batchSize?: number
  /** The safety net under LISTEN/NOTIFY: a notification can be missed while the listener reconnects. */
  pollIntervalMs?: number
  /** After a failed pass the relay tries again after `retryMs` (default 100), doubling up to `maxRetryMs` (1000). */
  retryMs?: number
  maxRetryMs?: number
  /** Called on every failed pass (tests); logging is `log`'s. */
  onError?: (err: unknown) => void
  /** Each failure logged once with its cause, the recovery at info; default the service's logger given at start. */
  log?: WorkerLog
  /** Test hooks to kill the relay at the two dangerous points. */
  faults?: RelayFaults
}

export type Relay = MessagingWorker & {
  /** Publishes everything unsent now; returns how many rows were sent. Used at shutdown and by tests. */
  flush(): Promise<number>
}

/**
 * Of a locked batch, the rows that may go now without overtaking an earlier unsent event they must follow: per
 * aggregate, a prefix of its unsent positions (an earlier one held by another relay, or left out of this batch,
 * stops it); and per ordering chain (`orderingChains`: linked by aggregate, transaction or project), the rows before
 * the first one held back, so that an effect of another aggregate never goes out while its cause waits. Found by
 * `pnpm test:faults`: a task decision held back behind an earlier event of its task that the statement's snapshot
 * still took for unsent, while the step decision it caused — another aggregate — went out first.
 */
export function publishableInOrder<T extends ChainLinks>(
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
  const inAggregateOrder = new Set<T>()
  for (const [aggregate, positions] of byAggregate) {
    positions.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    for (const p of positions) {
      const row = inBatch.get(`${aggregate}\u0000${p}`)
      if (!row) break
      inAggregateOrder.add(row)
    }
  }
  // The chains matter only when a row is held back (one the statement's snapshot took for unsent, rare): when every
  // row is in its aggregate's order, every chain goes whole, and the batch's chains are left to `publishingStages`,
  // which cuts its own from the rows that go.
  if (inAggregateOrder.size === batch.length) return batch
  const allowed = new Set<T>()
  for (const chain of orderingChains(batch)) {
    for (const row of chain) {
      if (!inAggregateOrder.has(row)) break
      allowed.add(row)
    }
  }
  return batch.filter((r) => allowed.has(r))
}

// An outbox position is the text of a positive BIGSERIAL (`position::text`): no leading zeros, so the longer is the
// greater and equal lengths compare as text. No BigInt is made per comparison: the relay sorts every batch.
const comparePositions = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)

/** The rows in outbox order: `rows` itself when already so (the relay's batch is), else a sorted copy. */
function inOutboxOrder<T extends { position: string }>(rows: readonly T[]): readonly T[] {
  for (let i = 1; i < rows.length; i++) {
    if (comparePositions((rows[i - 1] as T).position, (rows[i] as T).position) > 0) {
      return [...rows].sort((a, b) => comparePositions(a.position, b.position))
    }
  }
  return rows
}

/** What ties an outbox row to others it must not overtake: its aggregate, its transaction, and its project. */
export type ChainLinks = { aggregate_id: string; position: string; tx: string; payload: unknown }

/**
 * The project an event is about: `projectId` of its body, or of an object directly in it (`task.projectId`,
 * `case.projectId`), as 81 of the tree's 95 events carry it; undefined for the rest (audit anchors, calendars,
 * catalogue versions, knowledge points, a certificate issued).
 */
export const projectOf = (payload: unknown): string | undefined => {
  if (typeof payload !== 'object' || payload === null) return undefined
  const top = (payload as { projectId?: unknown }).projectId
  if (typeof top === 'string') return top
  for (const value of Object.values(payload)) {
    const nested = (value as { projectId?: unknown } | null)?.projectId
    if (typeof value === 'object' && typeof nested === 'string') return nested
  }
  return undefined
}

/**
 * Rows cut into chains the relay publishes side by side, each in outbox order as guarded windows (`publishChainGuarded`). Two rows are in
 * one chain when they share an aggregate (its consumers handle it in order), a transaction (its cause and effect
 * are often two aggregates: approval's task decision and the step decision it makes), or a project (a step decision
 * follows task decisions of earlier transactions, and the gateway refuses it before them), and so on transitively.
 * Chains share none of these, so one of them failing cannot leave an earlier event of another behind a later one
 * of its own.
 */
export function orderingChains<T extends ChainLinks>(batch: readonly T[]): T[][] {
  const rows = inOutboxOrder(batch)
  return chainsOf(
    rows,
    rows.map((r) => projectOf(r.payload)),
    0,
    rows.length,
  )
}

/**
 * `orderingChains` of `rows[from..to)`, already in outbox order, with `projects[i]` the project of `rows[i]`: found
 * once by the caller, and no copy of the rows made.
 */
function chainsOf<T extends ChainLinks>(
  rows: readonly T[],
  projects: readonly (string | undefined)[],
  from: number,
  to: number,
): T[][] {
  const parent = new Map<string, string>()
  const find = (key: string): string => {
    let root = key
    while (parent.get(root) !== root) root = parent.get(root) as string
    // Path compression: the next find of any key on this path is one step.
    for (let k = key; k !== root; ) {
      const next = parent.get(k) as string
      parent.set(k, root)
      k = next
    }
    return root
  }
  const union = (a: string, b: string) => {
    if (!parent.has(a)) parent.set(a, a)
    if (!parent.has(b)) parent.set(b, b)
    const ra = find(a)
    const rb = find(b)
    if (ra !== rb) parent.set(rb, ra)
  }
  for (let i = from; i < to; i++) {
    const r = rows[i] as T
    const aggregate = `a\u0000${r.aggregate_id}`
    union(aggregate, `t\u0000${r.tx}`)
    const project = projects[i]
    if (project !== undefined) union(aggregate, `p\u0000${project}`)
  }
  const chains = new Map<string, T[]>()
  for (let i = from; i < to; i++) {
    const r = rows[i] as T
    const root = find(`a\u0000${r.aggregate_id}`)
    const chain = chains.get(root)
    if (chain) chain.push(r)
    else chains.set(root, [r])
  }
  return [...chains.values()]
}

/**
 * The order a batch is published in: stages one after another, each a set of chains side by side
 * (`orderingChains`). An event that names no project may be the cause of anything after it, and nothing says which,
 * so it is a stage of its own (with the project-less events right after it, in order), after everything before it
 * and before everything after it; the relay starts no stage after one that failed.
 */
export function publishingStages<T extends ChainLinks>(batch: readonly T[]): T[][][] {
  const rows = inOutboxOrder(batch)
  // Each row's project found once, for the cut and for the chains alike; a stage is a run of rows with one or without.
  const projects = rows.map((r) => projectOf(r.payload))
  const stages: T[][][] = []
  let start = 0
  for (let i = 1; i <= rows.length; i++) {
    if (i < rows.length && (projects[i] === undefined) === (projects[start] === undefined)) continue
    stages.push(projects[start] === undefined ? [rows.slice(start, i)] : chainsOf(rows, projects, start, i))
    start = i
  }
  return stages
}

/**
 * The `Nats-Msg-Id` a row goes out under: its id, or after a reconciliation marked it for re-sending (`ow-resend`) a
 * new one, so that the stream's duplicate window does not drop the re-send as the message it lost.
 */
export const publishedMsgId = (id: string, resend: unknown): string => (resend ? `${id}:${resend}` : id)

/** JetStream's refusal of a publish whose `Nats-Expected-Last-Msg-Id` is not the id of the message stored last. */
export const WRONG_LAST_MSG_ID = 10070

/** How many of a chain's events go out at once before their acknowledgements are awaited. */
const WINDOW = 64
/** A chain whose window was refused this many times (another publisher in between) goes on one event at a time. */
const MAX_RESTARTS = 3

type Publication = {
  subject: string
  data: string
  options: { msgID: string; headers: MsgHdrs; expect?: { lastMsgID: string } }
}

/**
 * Publishes a chain in outbox order without waiting for each acknowledgement before the next publish, and yet never
 * lets an event be stored ahead of its predecessor. Every event of a window but its first carries
 * `Nats-Expected-Last-Msg-Id` = its predecessor's `Nats-Msg-Id`: the server stores it only if the message it stored
 * last is that predecessor (a copy answered as a duplicate counts only while it is the stream's last message). So when a publish is lost
 * (a dying connection, a stream still loading) every later one of its window is refused too, however the client
 * resends its buffer after a reconnect; an acknowledged event always has its predecessors in the stream before it.
 * The window's first event needs no guard: everything before it was acknowledged.
 *
 * A refusal for the guard alone (another publisher's message stored in between, or the predecessor a duplicate the
 * stream dropped) is not a failure: the window starts again at the refused event, unguarded, its predecessors all
 * acknowledged; after `MAX_RESTARTS` such refusals the rest of the chain goes one event at a time, as a window of
 * one (so a busy stream costs at most a few refused windows, never order). The first other failure ends the chain:
 * what was acknowledged before it is returned as sent, in order, and nothing after it.
 */
export async function publishChainGuarded<R>(
  js: Pick<JetStreamClient, 'publish'>,
  chain: readonly R[],
  publication: (row: R, expectAfter: R | undefined) => Publication,
): Promise<{ sent: Array<{ row: R; seq: number }>; failure?: { err: unknown; row: R } }> {
  const sent: Array<{ row: R; seq: number }> = []
  let restarts = 0
  let i = 0
  while (i < chain.length) {
    const size = restarts >= MAX_RESTARTS ? 1 : WINDOW
    const window = chain.slice(i, i + size)
    // Called in order within one turn, so the client writes them to its socket in outbox order.
    const acks = window.map((row, k) => {
      const p = publication(row, k === 0 ? undefined : window[k - 1])
      return js.publish(p.subject, p.data, p.options).then(
        (ack) => ({ ok: true as const, seq: ack.seq }),
        (err: unknown) => ({ ok: false as const, err }),
      )
    })
    const results = await Promise.all(acks)
    let next = i + window.length
    for (const [k, r] of results.entries()) {
      if (r.ok) {
        sent.push({ row: window[k] as R, seq: r.seq })
        continue
      }
      if (k > 0 && (r.err as { code?: unknown })?.code === WRONG_LAST_MSG_ID) {
        restarts += 1
        next = i + k
        break
      }
      return { sent, failure: { err: r.err, row: window[k] as R } }
    }
    i = next
  }
  return { sent }
}

/**
 * Whether NATS refused a publish for its size (`max_payload`): the client's own check against the server's INFO
 * ("'payload' max_payload size exceeded"), or the server's "Maximum Payload Violation". It fails the same way every
 * time, so it is told with the event it is about.
 */
export const isPayloadTooLarge = (err: unknown): boolean => /max_payload|maximum payload/i.test(describeFailure(err))

/**
 * An event the broker refuses for good (larger than `max_payload`: written before the outbox refused such events,
 * or under a server configured below `NATS_MAX_PAYLOAD`). The relay does not skip it — the events after it in its
 * aggregate, transaction or project would overtake it — but names it, once, with what an operator does
 * (docs/operations.md#an-event-too-large-for-nats).
 */
export class EventRefusedError extends Error {
  readonly code = 'MESSAGING_EVENT_REFUSED'
  constructor(
    readonly eventId: string,
    readonly subject: string,
    readonly aggregateId: string,
    cause: unknown,
  ) {
    super(
      `NATS refuses event ${eventId} (${subject}, aggregate ${aggregateId}): ${describeFailure(cause)}; it and every ` +
        'later event of its aggregate, transaction and project wait (docs/operations.md#an-event-too-large-for-nats)',
      { cause },
    )
  }
}

/** The first key of the relay lock (`pg_try_advisory_xact_lock(class, hashtext(schema))`): 'ow' in ASCII. */
export const RELAY_LOCK_CLASS = 0x6f77

/** A pass's batch and its aggregates' earlier unsent rows, under the relay lock (`relayOnce` says why). */
const LOCK_BATCH = `WITH relay_lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(${RELAY_LOCK_CLASS}, hashtext($2)) AS held),
  locked AS MATERIALIZED (
    SELECT id, position, subject, aggregate_id, xmin::text AS tx, payload, headers FROM outbox_message
     WHERE sent_at IS NULL AND (SELECT held FROM relay_lock)
     ORDER BY outbox_message.position LIMIT $1 FOR UPDATE SKIP LOCKED)
  SELECT id, position::text, subject, aggregate_id, tx, payload, headers, true AS mine FROM locked
  UNION ALL
  SELECT o.id, o.position::text, NULL, o.aggregate_id, NULL, NULL, NULL, false FROM outbox_message o
   WHERE o.sent_at IS NULL AND o.aggregate_id IN (SELECT aggregate_id FROM locked)
     AND o.position <= (SELECT max(position) FROM locked)`
const MARK_SENT = `UPDATE outbox_message o SET sent_at = now(), stream_seq = u.seq
  FROM unnest($1::uuid[], $2::bigint[]) AS u(id, seq) WHERE o.id = u.id`

/** The relay's own refusal to publish while the NATS client is reconnecting. */
export class NatsNotConnectedError extends Error {
  override readonly name = 'ConnectionError'
  readonly code = 'NATS_DISCONNECTED'
  constructor() {
    super('NATS is not connected; the client is reconnecting')
  }
}

/** The cause in a few words: pg and Node give codes (`ECONNREFUSED`, `57P01`); a refused dial is an AggregateError. */
export const describeFailure = (err: unknown): string => {
  const e = err as { code?: unknown; message?: unknown; errors?: unknown[] } | undefined
  const inner = e?.errors?.[0] as { code?: unknown; message?: unknown } | undefined
  const code = e?.code ?? inner?.code
  const message = (e?.message || inner?.message || String(err)) as string
  return code ? `${String(code)}: ${message.split('\n')[0]}` : (message.split('\n')[0] ?? '')
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
  const retryMs = opts.retryMs ?? 100
  const maxRetryMs = Math.max(retryMs, opts.maxRetryMs ?? 1000)
  let log = opts.log
  // LISTEN takes an identifier, not a parameter: the channel is spelt into its text, so the schema must be a plain one.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,50}$/.test(opts.schema)) {
    throw new RangeError(`outbox relay: schema ${JSON.stringify(opts.schema)} is not a plain identifier`)
  }
  const channel = `outbox_${opts.schema}`
  let running = false
  let loop: Promise<void> | undefined
  let listener: pg.PoolClient | undefined
  let wake: (() => void) | undefined
  // Set by every NOTIFY (and a NATS reconnect), cleared as a pass begins: a commit heard while a pass runs is taken
  // by another pass at once, never left to the poll, and a pass that heard nothing is not followed by an empty one.
  let woken = false
  // Whether the last pass left rows behind it: a full batch, or rows held back behind an earlier event of their
  // aggregate that another relay had locked (it is likely sent by now).
  let more = false
  let lastError: unknown
  let sending: Promise<number> = Promise.resolve(0)
  let natsConnected = true

  const relayOnce = async (): Promise<number> => {
    if (!natsConnected) throw new NatsNotConnectedError()
    const client = await opts.pool.connect()
    let broken: Error | undefined
    let lost: Error | undefined
    let failure: { err: unknown; row: Row } | undefined
    // The server may end the connection between two queries of the batch: pg then emits 'error' on the client, which
    // would be uncaught, and the next query fails only with "not queryable". The client goes back as broken, and the
    // loss itself (e.g. 57P01, the server shutting down) is what the pass reports, so the log names the cause.
    const onLost = (err: Error) => {
      lost = err
      broken = err
    }
    client.on('error', onLost)
    const sent: Array<{ id: string; seq: number }> = []
    try {
      await client.query('BEGIN')
      // One statement, one round trip: the outbox's relay lock, the batch locked, and beside it every unsent event of
      // its aggregates up to its last position, locked elsewhere or not, so that nothing overtakes an earlier event of
      // its aggregate. The relay lock (a transaction advisory lock per schema) lets one replica's relay publish at a
      // time: two relays each taking a batch would keep order per aggregate but not across aggregates, and one
      // transaction's cause and effect (approval's last task decision and the step decision it makes) are events of
      // two aggregates. The other replicas' passes find nothing to do; every relay hears every NOTIFY, so the one
      // holding the lock takes the next commit, and a replica killed mid-pass releases it with its connection.
      const found = await client.query<Row & { mine: boolean }>(
        prepared(opts.pool, LOCK_BATCH, [batchSize, opts.schema]),
      )
      const locked = found.rows.filter((r) => r.mine).sort((a, b) => comparePositions(a.position, b.position))
      more = locked.length === batchSize
      if (locked.length === 0) {
        await client.query('COMMIT')
        return 0
      }
      const unsent = found.rows.filter((r) => !r.mine)
      const rows = publishableInOrder(locked, unsent)
      if (rows.length > 0 && rows.length < locked.length) more = true
      const ids = rows.map((r) => r.id)
      await opts.faults?.beforePublish?.(ids)
      // Chains side by side; within a chain an event may reach the stream only after its predecessor is stored: a
      // publish lost with a dying connection fails while one still in the client's buffer goes out after the
      // reconnect, so nothing may be stored behind an event it must not overtake (`publishingStages`). A chain is
      // sent in windows of up to `WINDOW` events without waiting between publishes, each event after the window's
      // first guarded by `Nats-Expected-Last-Msg-Id` = its predecessor's id: the stream stores it only if the message
      // stored just before it is that predecessor (`publishChainGuarded`). A chain's first failure ends that chain for
      // this pass — its rows stay unsent and go first, in order, next pass — while the other chains of its stage go
      // on; no later stage starts.
      const publishChain = async (chain: Row[]) => {
        const acked = await publishChainGuarded(opts.js, chain, (r, expectAfter) => {
          const h = natsHeaders()
          for (const [k, v] of Object.entries(r.headers)) h.set(k, String(v))
          return {
            subject: wireSubject(opts.topology, r.subject),
            data: JSON.stringify(r.payload),
            options: {
              msgID: publishedMsgId(r.id, r.headers['ow-resend']),
              headers: h,
              ...(expectAfter === undefined
                ? {}
                : { expect: { lastMsgID: publishedMsgId(expectAfter.id, expectAfter.headers['ow-resend']) } }),
            },
          }
        })
        for (const a of acked.sent) sent.push({ id: a.row.id, seq: a.seq })
        if (acked.failure) {
          failure ??= acked.failure
          more = true
        }
      }
      for (const stage of publishingStages(rows)) {
        await Promise.all(stage.map(publishChain))
        if (failure) break
      }
      await opts.faults?.afterPublish?.(sent.map((s) => s.id))
      if (sent.length > 0) {
        await client.query(prepared(opts.pool, MARK_SENT, [sent.map((s) => s.id), sent.map((s) => s.seq)]))
      }
      await client.query('COMMIT')
    } catch (err) {
      // A connection that cannot even roll back is given back to the pool as broken; the first error is the one told.
      await client.query('ROLLBACK').catch((rollbackErr: Error) => {
        broken ??= rollbackErr
      })
      throw lost ?? err
    } finally {
      client.removeListener('error', onLost)
      client.release(broken)
    }
    // What was acknowledged is marked sent; the first refusal is reported so the loop backs off. A refusal for size
    // recurs on every pass: it is named by its event, so the log tells which row holds the rest back.
    if (failure) {
      const { err, row } = failure
      throw isPayloadTooLarge(err) ? new EventRefusedError(row.id, row.subject, row.aggregate_id, err) : err
    }
    return sent.length
  }

  const flushOnce = () => {
    sending = sending.then(
      () => relayOnce(),
      () => relayOnce(),
    )
    return sending
  }

  // Stopped: no sleep at all. `stop` wakes a sleeping relay, but one stopped during a pass (or while it connects to
  // LISTEN) would otherwise finish the pass and sleep out the poll interval before it saw `running` false: a second
  // for every stop that met a pass (measured: half the e2e worlds' gateway relays).
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (!running) return resolve()
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wake = undefined
        resolve()
      }
      wake = done
    })

  // The LISTEN connection goes back to the pool once. Its error handler stays on it (an error event with no handler
  // would throw) but does nothing after: a connection ended once it was back (a backend terminated, the pool's end)
  // raised the handler again, and a second release throws out of the event — an uncaught exception.
  const released = new WeakSet<pg.PoolClient>()
  const giveBack = (client: pg.PoolClient, err?: Error | boolean) => {
    if (released.has(client)) return
    released.add(client)
    client.release(err)
  }

  const listen = async () => {
    try {
      listener = await opts.pool.connect()
      listener.on('notification', () => {
        woken = true
        wake?.()
      })
      const client = listener
      // A dropped LISTEN connection: give it back as broken and listen again on the next turn of the loop.
      client.on('error', (err) => {
        if (released.has(client)) return
        if (listener === client) listener = undefined
        giveBack(client, err)
        log?.warn?.(
          { err, channel },
          `outbox relay lost its LISTEN connection (${describeFailure(err)}); listening again`,
        )
        wake?.()
      })
      await listener.query(`LISTEN "${channel}"`)
    } catch (err) {
      if (listener) giveBack(listener, true)
      listener = undefined
      lastError = err
    }
  }

  // Each cause is logged once per outage, not on every retry; the recovery once, with the count.
  let failures = 0
  let failingSince = 0
  const logged = new Set<string>()
  const failed = (err: unknown, retryInMs: number) => {
    lastError = err
    failures += 1
    if (failures === 1) failingSince = Date.now()
    opts.onError?.(err)
    const key = failureKey(err)
    if (!logged.has(key)) {
      logged.add(key)
      const event =
        err instanceof EventRefusedError
          ? { event: { id: err.eventId, subject: err.subject, aggregate: err.aggregateId } }
          : {}
      log?.error(
        { err, relay: channel, retryInMs, ...event },
        `outbox relay failed (${describeFailure(err)}); retrying`,
      )
    }
  }
  const recovered = () => {
    if (failures > 0) {
      log?.info?.(
        { relay: channel, failedAttempts: failures, downMs: Date.now() - failingSince },
        'outbox relay recovered',
      )
    }
    failures = 0
    logged.clear()
    lastError = undefined
  }

  const watchNats = async (nc: NatsConnection) => {
    for await (const status of nc.status()) {
      if (!running) break
      if (status.type === 'disconnect') natsConnected = false
      else if (status.type === 'reconnect') {
        natsConnected = true
        woken = true
        wake?.()
      }
    }
  }

  const run = async () => {
    let backoff = retryMs
    while (running) {
      // LISTEN again first after a lost connection, so a commit made as the database returns wakes the relay.
      if (!listener) await listen()
      try {
        woken = false
        more = false
        await flushOnce()
        recovered()
        backoff = retryMs
        if (!woken && !more) await sleep(listener ? pollIntervalMs : Math.min(pollIntervalMs, maxRetryMs))
      } catch (err) {
        failed(err, backoff)
        await sleep(backoff)
        backoff = Math.min(backoff * 2, maxRetryMs)
      }
    }
  }

  return {
    name: `outbox-relay:${opts.schema}`,
    async start(ctx) {
      if (running) return
      log ??= ctx?.log
      running = true
      // The outbox lets through messages up to NATS_MAX_PAYLOAD; a server configured below it would refuse some of
      // them, and the relay would hold each one's chain (infra/nats sets the two equal; this says when they are not).
      const serverMax = opts.nc?.info?.max_payload
      if (serverMax !== undefined && serverMax < NATS_MAX_PAYLOAD) {
        log?.error(
          { relay: channel, serverMaxPayload: serverMax, outboxMaxPayload: NATS_MAX_PAYLOAD },
          `NATS takes messages of at most ${serverMax} bytes, less than the outbox lets through (${NATS_MAX_PAYLOAD}): set max_payload to ${NATS_MAX_PAYLOAD} on every node`,
        )
      }
      if (opts.nc) void watchNats(opts.nc)
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
        giveBack(listener, failed)
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
