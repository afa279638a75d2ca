import type { AuditAnchoredV1 } from '@onewindow/contracts'
import { instantKey, instantOfKey, instantText } from '@onewindow/db'
import { Prisma } from '../generated/client.js'
import type { Tx } from './client.js'

/** The entries an anchor carries, copied once each (a replayed anchor adds nothing): one statement. */
export async function copyAuditEntries(tx: Tx, anchor: AuditAnchoredV1): Promise<void> {
  const e = anchor.entries
  if (e.length === 0) return
  await tx.$executeRaw`
    INSERT INTO audit_copy (chain, position, at, actor, role, action, object, outcome, code, trace_id, hash)
    SELECT ${anchor.chain}, u.* FROM unnest(
      ${e.map((x) => x.position)}::bigint[], ${e.map((x) => x.at)}::timestamptz[], ${e.map((x) => x.actor)}::text[],
      ${e.map((x) => x.role)}::text[], ${e.map((x) => x.action)}::text[], ${e.map((x) => x.object)}::text[],
      ${e.map((x) => x.outcome)}::text[], ${e.map((x) => x.code)}::text[], ${e.map((x) => x.traceId)}::text[],
      ${e.map((x) => x.hash)}::text[]) AS u
    ON CONFLICT (chain, position) DO NOTHING`
}

/** Where a page of the audit log ends: its last entry's (at, chain, position), `at` as key text (`instantKey`, @onewindow/db). */
export type AuditKey = { at: string; chain: string; position: number }

export type AuditFilter = {
  object?: string | undefined
  actor?: string | undefined
  /** Inclusive lower bound. */
  from?: Date | undefined
  /** Exclusive upper bound. */
  before?: Date | undefined
  /** The last row of the previous page: the page starts strictly after it, newest first. */
  after?: AuditKey | undefined
  limit: number
}

export type AuditRow = {
  chain: string
  position: number
  at: string
  actor: string
  role: string
  action: string
  object: string
  outcome: string
  code: string | null
  traceId: string | null
  hash: string
}

/**
 * One page of the copied entries, newest first, keyset-paged on (at, chain, position) by a row comparison the index
 * on those columns starts at, so a page costs the same however deep it is. Reads `limit + 1` rows to know whether
 * there is a next page, which starts after the last row of this one — whether or not that row reads as an entry.
 */
export async function auditPage(
  tx: Pick<Tx, '$queryRaw'>,
  f: AuditFilter,
): Promise<{ rows: AuditRow[]; next?: AuditKey }> {
  const a = f.after
  const where = [
    ...(f.object === undefined ? [] : [Prisma.sql`object = ${f.object}::text`]),
    ...(f.actor === undefined ? [] : [Prisma.sql`actor = ${f.actor}::text`]),
    ...(f.from ? [Prisma.sql`"at" >= ${f.from.toISOString()}::timestamptz`] : []),
    ...(f.before ? [Prisma.sql`"at" < ${f.before.toISOString()}::timestamptz`] : []),
    ...(a
      ? [Prisma.sql`("at", chain, "position") < (${instantOfKey(a.at)}, ${a.chain}::text, ${a.position}::bigint)`]
      : []),
  ]
  type Row = Omit<AuditRow, 'position' | 'at' | 'traceId'> & {
    position: bigint
    at: Date | number
    key: string
    trace_id: string | null
  }
  const found = await tx.$queryRaw<Row[]>`
    SELECT chain, "position", "at", ${instantKey(Prisma.sql`"at"`)} AS key, actor, role, action, object, outcome, code,
           trace_id, hash
      FROM audit_copy
     WHERE ${where.length === 0 ? Prisma.sql`true` : Prisma.join(where, ' AND ')}
     ORDER BY "at" DESC, chain DESC, "position" DESC
     LIMIT ${f.limit + 1}::int`
  const rows = found.slice(0, f.limit)
  const last = rows.at(-1)
  return {
    rows: rows.map((r) => ({
      chain: r.chain,
      position: Number(r.position),
      at: instantText(r.at),
      actor: r.actor,
      role: r.role,
      action: r.action,
      object: r.object,
      outcome: r.outcome,
      code: r.code,
      traceId: r.trace_id,
      hash: r.hash,
    })),
    ...(found.length > f.limit && last
      ? { next: { at: last.key, chain: last.chain, position: Number(last.position) } }
      : {}),
  }
}
