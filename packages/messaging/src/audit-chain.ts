import { createHash } from 'node:crypto'

/**
 * The audit chain as pure functions over data: hashing, linking and verifying. No clock and no I/O: `at` is given
 * by the caller (the service's clock at its edge), so a chain verifies the same on any machine at any time.
 */

/** The hash the first entry links to. */
export const GENESIS_HASH = '0'.repeat(64)

export type AuditOutcome = 'done' | 'refused' | 'read'

/** What is recorded of one command or one read of personal data. */
export type AuditRecord = {
  /** The caller's `sub`. */
  actor: string
  role: string
  /** e.g. `approval.task.approve`, `gateway.project.status.read`. */
  action: string
  /** The object acted on or read, e.g. `task:0190…`. */
  object: string
  outcome: AuditOutcome
  /** The refusal's code when `outcome` is `refused`. */
  code?: string | null
  traceId?: string | null
}

/** One stored entry: the record, its place and time, and its links. */
export type AuditEntry = {
  position: number
  /** ISO 8601 with milliseconds, as `timestamptz(3)` keeps it. */
  at: string
  actor: string
  role: string
  action: string
  object: string
  outcome: string
  code: string | null
  traceId: string | null
  prevHash: string
  hash: string
}

export type ChainHead = { position: number; hash: string }

/**
 * The canonical content an entry's hash covers: a JSON array in a fixed order (no key-order ambiguity), the position
 * included so that an entry moved to another place no longer matches its own hash.
 */
export const canonicalEntry = (e: Omit<AuditEntry, 'hash' | 'prevHash'>): string =>
  JSON.stringify([e.position, e.at, e.actor, e.role, e.action, e.object, e.outcome, e.code, e.traceId])

/** SM3 (GB/T 32905) over the previous hash and the canonical content, lowercase hex. */
export const entryHash = (prevHash: string, e: Omit<AuditEntry, 'hash' | 'prevHash'>): string =>
  createHash('sm3').update(prevHash).update('\n').update(canonicalEntry(e)).digest('hex')

/** The entries that follow `head`, linked and hashed, all stamped `at`. */
export function linkEntries(head: ChainHead, records: readonly AuditRecord[], at: string): AuditEntry[] {
  let prev = head
  return records.map((r) => {
    const content = {
      position: prev.position + 1,
      at,
      actor: r.actor,
      role: r.role,
      action: r.action,
      object: r.object,
      outcome: r.outcome,
      code: r.code ?? null,
      traceId: r.traceId ?? null,
    }
    const entry = { ...content, prevHash: prev.hash, hash: entryHash(prev.hash, content) }
    prev = entry
    return entry
  })
}

export type Tampering = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated'

/**
 * Why an entry reads as edited, so that an operator can tell damage from tampering: its time is no instant (a
 * PostgreSQL 'infinity', which no hash of the instant it was written at can match), its content does not match its
 * hash, the entry after it recorded another hash for it (rewritten and rehashed), the anchor holds another hash, or
 * its hash matches a time that is no instant — which `append` never stamps, so the entry was rewritten and rehashed.
 */
export type EditedReason = 'no-instant' | 'hash-mismatch' | 'link-mismatch' | 'anchor-mismatch' | 'hashed-no-instant'

export type ChainVerdict =
  | { ok: true; length: number; head: ChainHead }
  | { ok: false; position: number; kind: 'edited'; reason: EditedReason; detail: string }
  | { ok: false; position: number; kind: Exclude<Tampering, 'edited'>; detail: string }

/** An anchor: a head published outside the chain's table (the stream), which the chain must still contain. */
export type Anchor = { position: number; hash: string }

const contentOf = (e: AuditEntry, position: number) => ({ ...e, position })

/**
 * Walks the chain from position 1 and names the first place it stops being the chain that was written: an entry whose
 * position skips one (deleted), whose link or hash shows another entry slipped in before it (inserted), swapped with a
 * neighbour (reordered) or changed (edited). Then the anchor: a chain shorter than an anchored position, or holding
 * another hash there, lost its tail (truncated) or was rewritten up to it (edited). An edited entry carries its
 * {@link EditedReason}. `entries` are in position order.
 */
export function verifyChain(entries: readonly AuditEntry[], anchor?: Anchor): ChainVerdict {
  const byHash = new Map(entries.map((e, i) => [e.hash, i]))
  let expectedPrev = GENESIS_HASH
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as AuditEntry
    const position = i + 1
    const next = entries[i + 1]
    const selfOk = entryHash(e.prevHash, contentOf(e, position)) === e.hash
    if (e.position > position)
      return {
        ok: false,
        position,
        kind: 'deleted',
        detail: `entry ${position} is missing (the next is ${e.position})`,
      }
    if (e.position < position)
      return { ok: false, position: e.position, kind: 'inserted', detail: `position ${e.position} appears twice` }
    if (e.prevHash !== expectedPrev) {
      const later = byHash.get(e.prevHash)
      if (later !== undefined && later > i)
        return { ok: false, position, kind: 'reordered', detail: `entry ${position} links to entry ${later + 1}` }
      const prior = entries[i - 1]
      if (prior && e.prevHash === prior.prevHash && selfOrMoved(e, position))
        return {
          ok: false,
          position: position - 1,
          kind: 'inserted',
          detail: `entry ${position - 1} was not in the chain`,
        }
      if (next && next.prevHash === expectedPrev)
        return { ok: false, position, kind: 'inserted', detail: `entry ${position} was not in the chain` }
      if (entryHash(e.prevHash, contentOf(e, position + 1)) === e.hash)
        return { ok: false, position, kind: 'deleted', detail: `entry ${position} was removed and the rest renumbered` }
      // Not `unmatched`: a time that is no instant would not explain the broken link as well.
      if (!selfOk)
        return {
          ok: false,
          position,
          kind: 'edited',
          reason: 'hash-mismatch',
          detail: `entry ${position} does not match its hash`,
        }
      return {
        ok: false,
        position: position - 1,
        kind: 'edited',
        reason: 'link-mismatch',
        detail: `entry ${position - 1} was rewritten (entry ${position} recorded another hash for it)`,
      }
    }
    if (!selfOk) {
      // The entry after it is the one written at this place, linked to the same predecessor: this one slipped in.
      if (next && next.prevHash === e.prevHash && entryHash(next.prevHash, contentOf(next, position)) === next.hash)
        return { ok: false, position, kind: 'inserted', detail: `entry ${position} was not in the chain` }
      return unmatched(e, position)
    }
    // Damage cannot produce a matching hash over a time that is no instant; only someone who rehashed it can.
    if (!hasInstant(e))
      return {
        ok: false,
        position,
        kind: 'edited',
        reason: 'hashed-no-instant',
        detail: `entry ${position}'s hash was computed over a time that is no instant (stored '${e.at}'), which no append writes`,
      }
    expectedPrev = e.hash
  }
  const last = entries.at(-1)
  const head = { position: last?.position ?? 0, hash: last?.hash ?? GENESIS_HASH }
  if (anchor && anchor.position > 0) {
    if (head.position < anchor.position)
      return {
        ok: false,
        position: head.position + 1,
        kind: 'truncated',
        detail: `the chain ends at ${head.position} but ${anchor.position} was anchored`,
      }
    const atAnchor = entries[anchor.position - 1]
    if (atAnchor?.hash !== anchor.hash)
      return {
        ok: false,
        position: anchor.position,
        kind: 'edited',
        reason: 'anchor-mismatch',
        detail: `entry ${anchor.position} has another hash than the one anchored`,
      }
  }
  return { ok: true, length: entries.length, head }
}

// An entry slipped in with a correct hash of its own pushes the real one a place down: that one then matches its own
// content at its old position, or at the new one if the intruder was renumbered around it.
const selfOrMoved = (e: AuditEntry, position: number) =>
  entryHash(e.prevHash, contentOf(e, position - 1)) === e.hash ||
  entryHash(e.prevHash, contentOf(e, position)) === e.hash

const hasInstant = (e: AuditEntry) => Number.isFinite(Date.parse(e.at))

// An entry linked where it belongs that fails its own hash. The reader turns a `timestamptz` into ISO text, and
// PostgreSQL's 'infinity' into what the driver made of it ('Infinity', '-Infinity', 'Invalid Date'), none of which
// parses: such an entry can match no hash of the instant it was written at, whatever else changed, so its hash tells
// nothing about tampering and the operator is told of the damage instead.
const unmatched = (e: AuditEntry, position: number): ChainVerdict =>
  hasInstant(e)
    ? {
        ok: false,
        position,
        kind: 'edited',
        reason: 'hash-mismatch',
        detail: `entry ${position} does not match its hash`,
      }
    : {
        ok: false,
        position,
        kind: 'edited',
        reason: 'no-instant',
        detail: `entry ${position}'s time is no instant (stored '${e.at}'), so its hash cannot be checked`,
      }
