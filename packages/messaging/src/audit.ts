import { jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import {
  AUDIT_ANCHOR_MAX_ENTRIES,
  auditAnchoredEventOf,
  type EventDefinition,
  NATS_MAX_PAYLOAD,
  validationErrors,
} from '@onewindow/contracts'
import { createPool, instantText, isInstant } from '@onewindow/db'
import { periodicWorker } from '@onewindow/service-kit'
import { trace } from '@opentelemetry/api'
import type pg from 'pg'
import { type AuditEntry, type AuditRecord, type ChainHead, linkEntries } from './audit-chain.js'
import { EventTooLargeError, type Outbox } from './outbox.js'
import type { SqlTx, TransactionRunner } from './sql.js'
import type { MessagingWorker } from './worker.js'

/** What an audited command answers: `@onewindow/vocabulary`'s `Result`, read structurally (messaging needs no more). */
type Outcome = { ok: true } | { ok: false; error: { code: string } }

export interface AuditLog {
  /**
   * Appends records to the service's chain in the caller's transaction, so they commit or roll back with its effect.
   * Call it last: it locks the chain's head until the transaction ends (two statements, then the commit).
   */
  append(tx: SqlTx, records: AuditRecord | readonly AuditRecord[]): Promise<AuditEntry[]>
}

/** The trace id of the active span, so an entry leads to the request's logs and spans. */
export const currentTraceId = (): string | null => {
  const id = trace.getActiveSpan()?.spanContext().traceId
  return id && id !== '00000000000000000000000000000000' ? id : null
}

/**
 * The one way to append to the audit chain. The head row is locked (`FOR UPDATE`), the entries are hashed here from
 * it (the pure `linkEntries`), then they and the new head are written in one statement: the head is held for those two
 * round trips and the commit, never across the command's own work, and a rolled-back transaction leaves no gap.
 */
export function createAuditLog(opts: { now: () => Date }): AuditLog {
  return {
    async append(tx, input) {
      const records = Array.isArray(input) ? (input as readonly AuditRecord[]) : [input as AuditRecord]
      if (records.length === 0) return []
      const at = opts.now().toISOString()
      const [head] = await tx.$queryRaw<Array<{ position: bigint; hash: string }>>`
        SELECT position, hash FROM audit_head WHERE id = 1 FOR UPDATE`
      if (!head) throw new Error('audit_head has no row: the audit_chain migration did not run')
      const entries = linkEntries({ position: Number(head.position), hash: head.hash }, records, at)
      const last = entries.at(-1) as AuditEntry
      await tx.$executeRaw`
        WITH added AS (
          INSERT INTO audit_entry (position, at, actor, role, action, object, outcome, code, trace_id, prev_hash, hash)
          SELECT * FROM unnest(${entries.map((e) => e.position)}::bigint[], ${entries.map((e) => e.at)}::timestamptz[],
                               ${entries.map((e) => e.actor)}::text[], ${entries.map((e) => e.role)}::text[],
                               ${entries.map((e) => e.action)}::text[], ${entries.map((e) => e.object)}::text[],
                               ${entries.map((e) => e.outcome)}::text[], ${entries.map((e) => e.code)}::text[],
                               ${entries.map((e) => e.traceId)}::text[], ${entries.map((e) => e.prevHash)}::text[],
                               ${entries.map((e) => e.hash)}::text[])
          RETURNING 1)
        UPDATE audit_head SET position = ${last.position}, hash = ${last.hash}
         WHERE id = 1 AND (SELECT count(*) FROM added) = ${entries.length}`
      return entries
    },
  }
}

/** What an audited command says of itself; the outcome comes from its `Result`. */
export type AuditedCommand = {
  actor: { sub: string; role: string }
  action: string
  object: string
}

/** Runs a command in one transaction and appends its audit entry in that same transaction (see `auditedRunner`). */
export type AuditedRunner<TTx extends SqlTx> = <R extends Outcome>(
  command: AuditedCommand,
  fn: (tx: TTx) => Promise<R>,
) => Promise<R>

/**
 * Where every command of a service opens its transaction: `fn` does the command's work and answers its `Result`; the
 * entry (`done`, or `refused` with the refusal's code) is appended last in the same transaction. A refusal's transaction
 * thus commits the entry alone — the command wrote nothing, so nothing else is kept — and a command that throws rolls
 * its effect and its entry back together (a thrown error is a failure, not a decision: it is not audited).
 */
export function auditedRunner<TTx extends SqlTx>(
  transaction: TransactionRunner<TTx>,
  audit: AuditLog,
): AuditedRunner<TTx> {
  return <R extends Outcome>(command: AuditedCommand, fn: (tx: TTx) => Promise<R>) =>
    transaction(async (tx): Promise<R> => {
      const result = await fn(tx)
      await audit.append(tx, {
        actor: command.actor.sub,
        role: command.actor.role,
        action: command.action,
        object: command.object,
        outcome: result.ok ? 'done' : 'refused',
        code: result.ok ? null : result.error.code,
        traceId: currentTraceId(),
      })
      return result
    })
}

type EntryRow = {
  position: string
  /** A `timestamptz`: a `Date`, or what PostgreSQL's 'infinity' reads as (±Infinity through pg, an Invalid Date). */
  at: Date | number
  actor: string
  role: string
  action: string
  object: string
  outcome: string
  code: string | null
  trace_id: string | null
  prev_hash: string
  hash: string
}

/** Whether an entry's time is an instant: `append` stamps every entry with one, so one that is not is damage. */
const hasInstant = (r: EntryRow) => isInstant(r.at)

/**
 * An entry as stored. A time that is no instant (a hand-edited 'infinity') is kept as it reads (`Infinity`,
 * `Invalid Date`), never thrown on: it matches no hash, so `verifyChain` names the entry by its position as edited,
 * for the reason `no-instant`.
 */
const entryOf = (r: EntryRow): AuditEntry => ({
  position: Number(r.position),
  at: instantText(r.at),
  actor: r.actor,
  role: r.role,
  action: r.action,
  object: r.object,
  outcome: r.outcome,
  code: r.code,
  traceId: r.trace_id,
  prevHash: r.prev_hash,
  hash: r.hash,
})

/**
 * Entries after `after`, in position order, up to `limit`: what `audit verify` walks and an anchor carries. Through the
 * pool with constant text, as the relay reads, because its callers (the CLI, the anchor job) have no Prisma client.
 */
export async function readAuditEntries(
  pool: Pick<pg.Pool, 'query'>,
  range: { after: number; limit: number },
): Promise<AuditEntry[]> {
  const { rows } = await pool.query<EntryRow>(
    `SELECT position::text AS position, at, actor, role, action, object, outcome, code, trace_id, prev_hash, hash
       FROM audit_entry WHERE audit_entry.position > $1 ORDER BY audit_entry.position LIMIT $2`,
    [range.after, range.limit],
  )
  return rows.map(entryOf)
}

export type { ChainHead }

/**
 * One anchoring pass: the entries after the last anchor (up to `AUDIT_ANCHOR_MAX_ENTRIES` per event, until caught up)
 * go into the outbox as `permit.<service>.audit.anchored.v1`, whose position and hash are the head they end at. It
 * reads committed entries without taking the head's lock, so commands never wait for it. Two replicas anchoring at
 * once: the `audit_anchor` key lets one of them write the anchor, the other writes nothing. Answers the entries anchored.
 * A missing entry, or one whose time is no instant (damaged), is never anchored over: the pass fails naming its position
 * (after anchoring the entries before a damaged one), and each pass fails the same way until the chain is repaired.
 * An anchor carries as many of the entries as one NATS message takes (measured as the outbox measures, in the same
 * transaction), the rest going into the next: an entry is bounded where it is written, not by the event's schema, and
 * an anchor refused for good would stop the chain being anchored. One entry alone too large for a message is never
 * anchored over either: the pass fails naming it.
 */
export async function anchorAuditOnce(deps: {
  transaction: TransactionRunner<SqlTx>
  outbox: Outbox
  event: EventDefinition
  chain: string
  now: () => Date
}): Promise<number> {
  let anchored = 0
  for (;;) {
    const pass = await deps.transaction(async (tx) => {
      const [last] = await tx.$queryRaw<Array<{ position: bigint }>>`
        SELECT COALESCE(max(position), 0)::bigint AS position FROM audit_anchor`
      const after = Number(last?.position ?? 0)
      const rows = await tx.$queryRaw<EntryRow[]>`
        SELECT position::text AS position, at, actor, role, action, object, outcome, code, trace_id, prev_hash, hash
          FROM audit_entry WHERE audit_entry.position > ${after} ORDER BY audit_entry.position LIMIT ${AUDIT_ANCHOR_MAX_ENTRIES}`
      // Positions commit in order (each waits for the head's lock), so these are the next ones; a hole would be a
      // deleted entry, left for verify to name rather than anchored over.
      const read: AuditEntry[] = []
      let damaged: number | undefined
      for (const r of rows) {
        if (Number(r.position) !== after + read.length + 1) break
        // Damaged (its time no instant): anchoring it, or past it, would vouch for it. The entries before it are.
        if (!hasInstant(r)) {
          damaged = Number(r.position)
          break
        }
        read.push(entryOf(r))
      }
      // Anchoring stops at the hole, loudly: the worker logs the error and reads unhealthy until `audit verify` is run.
      if (damaged === undefined && read.length < rows.length) {
        throw new Error(`audit chain ${deps.chain}: entry ${after + read.length + 1} is missing; not anchored past it`)
      }
      if (read.length === 0) return { anchored: 0, damaged, full: false }
      const anchoredAt = deps.now().toISOString()
      const anchorOf = (entries: AuditEntry[]) => {
        const end = entries.at(-1) as AuditEntry
        return {
          event: deps.event,
          aggregateId: `audit:${deps.chain}`,
          body: { chain: deps.chain, position: end.position, hash: end.hash, anchoredAt, entries },
        }
      }
      // As many of them as one message NATS takes can carry (measured as the outbox measures), the rest for the next
      // pass: an entry is bounded where it is written, not by the anchor's schema.
      const entries = read.slice(
        0,
        largestThatFits(read.length, (n) => deps.outbox.assertPublishable([anchorOf(read.slice(0, n))])),
      )
      const end = entries.at(-1)
      if (!end) {
        throw new Error(
          `audit chain ${deps.chain}: entry ${after + 1} alone makes an anchor larger than NATS takes (${NATS_MAX_PAYLOAD} bytes); not anchored past it`,
        )
      }
      const won = await tx.$executeRaw`
        INSERT INTO audit_anchor (position, hash, anchored_at) VALUES (${end.position}, ${end.hash}, ${anchoredAt}::timestamptz)
        ON CONFLICT (position) DO NOTHING`
      if (won === 0) return { anchored: 0, damaged, full: false }
      await deps.outbox.add(tx, anchorOf(entries))
      const cut = entries.length < read.length
      // A damaged entry past those it could carry is found again by the next pass, after them.
      return {
        anchored: entries.length,
        damaged: cut ? undefined : damaged,
        full: cut || rows.length === AUDIT_ANCHOR_MAX_ENTRIES,
      }
    })
    anchored += pass.anchored
    // After the entries before it are committed, as loudly as a hole: logged once while it lasts, unhealthy meanwhile.
    if (pass.damaged !== undefined) {
      throw new Error(
        `audit chain ${deps.chain}: entry ${pass.damaged} is damaged (its time is no instant); not anchored past it`,
      )
    }
    // Caught up, or another replica anchored first: the next pass goes on.
    if (!pass.full) return anchored
  }
}

/**
 * The largest `n` ≤ `count` for which `check(n)` throws no {@link EventTooLargeError} (0 when not even one fits),
 * checking `count` first and otherwise bisecting: the size grows with `n`.
 */
function largestThatFits(count: number, check: (n: number) => void): number {
  const fits = (n: number) => {
    try {
      check(n)
      return true
    } catch (err) {
      if (err instanceof EventTooLargeError) return false
      throw err
    }
  }
  if (fits(count)) return count
  let lo = 0
  let hi = count
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (fits(mid)) lo = mid
    else hi = mid
  }
  return lo
}

/** A whole chain, read a page at a time from the schema `databaseUrl` names (what `onewindow audit verify` walks). */
export async function readAuditChain(databaseUrl: string, page = 10_000): Promise<AuditEntry[]> {
  const { pool } = createPool(databaseUrl, 1)
  const entries: AuditEntry[] = []
  try {
    for (;;) {
      const rows = await readAuditEntries(pool, { after: entries.at(-1)?.position ?? 0, limit: page })
      entries.push(...rows)
      if (rows.length < page) return entries
    }
  } finally {
    await pool.end()
  }
}

/**
 * The last anchor a service (`chain`) published: the newest message on its anchor subject in the stream, read by subject so
 * nothing of the service's own database is trusted. Undefined when none was published yet.
 */
export async function readLastAnchor(
  nc: NatsConnection,
  o: { stream: string; subject: string; chain: string },
): Promise<{ position: number; hash: string } | undefined> {
  const event = auditAnchoredEventOf(o.chain)
  if (!event) throw new Error(`"${o.chain}" publishes no audit anchor`)
  const jsm = await jetstreamManager(nc)
  const msg = await jsm.streams.getMessage(o.stream, { last_by_subj: o.subject })
  if (!msg) return undefined
  let body: unknown
  try {
    body = msg.json()
  } catch {
    throw new MalformedAnchor(o.subject, ['/: not JSON'])
  }
  // An anchor is the outside witness of the chain's head: one that is not an anchor (no position, a bad hash) must
  // fail the verification loudly, never read as "nothing to compare" and let a truncated tail pass.
  const problems = validationErrors(event, body)
  if (problems.length > 0) throw new MalformedAnchor(o.subject, problems)
  const anchor = body as { position: number; hash: string }
  return { position: anchor.position, hash: anchor.hash }
}

/** The newest message on an anchor subject is not a valid anchor of that chain. */
export class MalformedAnchor extends Error {
  readonly code = 'AUDIT_ANCHOR_MALFORMED'
  constructor(
    readonly subject: string,
    readonly problems: readonly string[],
  ) {
    super(`the last anchor on ${subject} is not a valid anchor: ${problems.slice(0, 5).join('; ')}`)
  }
}

export type BufferedAudit = MessagingWorker & {
  /** Queues a record; never waits and never touches the database (a read must not be slowed by its audit). */
  record(record: AuditRecord): void
  /** Appends everything queued now, in one transaction; resolves to how many entries were written. */
  flush(): Promise<number>
  /** Records queued and not yet appended. */
  readonly pending: number
}

/**
 * An audit appender for reads: records queue in memory and are appended together, one transaction every `everyMs`
 * (100 ms) or as soon as `maxBatch` (256) are queued, so a read costs a push onto an array. What is at risk is what is
 * queued when the process dies without stopping — at most one period's reads, or `maxBatch`. A failed flush keeps the
 * records and is retried by the next pass (the worker turns unhealthy meanwhile); beyond `maxQueued` (100,000) the
 * oldest are dropped and counted, so an outage cannot exhaust memory. Stopping flushes what is left.
 */
export function bufferedAudit(o: {
  name: string
  transaction: TransactionRunner<SqlTx>
  audit: AuditLog
  everyMs?: number
  maxBatch?: number
  maxQueued?: number
}): BufferedAudit & { readonly dropped: number } {
  const maxBatch = o.maxBatch ?? 256
  const maxQueued = o.maxQueued ?? 100_000
  let queue: AuditRecord[] = []
  let dropped = 0
  let chain: Promise<number> = Promise.resolve(0)
  const flushNow = async (): Promise<number> => {
    let written = 0
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch)
      try {
        await o.transaction((tx) => o.audit.append(tx, batch))
      } catch (err) {
        // Not committed: the batch goes back in front, in order, for the next pass.
        queue = [...batch, ...queue]
        throw err
      }
      written += batch.length
    }
    return written
  }
  // One flush at a time, in order: the timer's pass and a full batch's never interleave.
  const flush = () => {
    chain = chain.then(flushNow, flushNow)
    return chain
  }
  const timer = periodicWorker({ name: o.name, everyMs: o.everyMs ?? 100, runAtStart: false, run: flush })
  return {
    name: timer.name,
    start: (ctx) => timer.start(ctx),
    async stop() {
      await timer.stop()
      await flush()
    },
    healthy: () => timer.healthy(),
    record(record) {
      queue.push(record)
      if (queue.length > maxQueued) {
        dropped += queue.length - maxQueued
        queue = queue.slice(queue.length - maxQueued)
      }
      // A failure of this early flush is the timer's next pass's to retry and report: it takes the same records.
      if (queue.length === maxBatch) void flush().catch(() => undefined)
    },
    flush,
    get pending() {
      return queue.length
    },
    get dropped() {
      return dropped
    },
  }
}
