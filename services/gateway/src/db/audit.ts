import type { AuditAnchoredV1 } from '@onewindow/contracts'
import { instantText } from '@onewindow/db'
import type { GatewayDb, Tx } from './client.js'

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

export type AuditFilter = {
  object?: string | undefined
  actor?: string | undefined
  /** Inclusive lower bound. */
  from?: Date | undefined
  /** Exclusive upper bound. */
  before?: Date | undefined
  /** The last row of the previous page: the page starts strictly after it, newest first. */
  after?: { at: Date; chain: string; position: number } | undefined
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
 * One page of the copied entries, newest first, keyset-paged on (at, chain, position) over its index, so a page costs
 * the same however deep it is. Reads `limit + 1` rows to know whether there is a next page.
 */
export async function auditPage(
  db: Pick<GatewayDb, 'auditCopy'>,
  f: AuditFilter,
): Promise<{ rows: AuditRow[]; more: boolean }> {
  const a = f.after
  const found = await db.auditCopy.findMany({
    where: {
      ...(f.object === undefined ? {} : { object: f.object }),
      ...(f.actor === undefined ? {} : { actor: f.actor }),
      ...(f.from || f.before
        ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.before ? { lt: f.before } : {}) } }
        : {}),
      ...(a
        ? {
            OR: [
              { at: { lt: a.at } },
              { at: a.at, chain: { lt: a.chain } },
              { at: a.at, chain: a.chain, position: { lt: BigInt(a.position) } },
            ],
          }
        : {}),
    },
    orderBy: [{ at: 'desc' }, { chain: 'desc' }, { position: 'desc' }],
    take: f.limit + 1,
  })
  return {
    more: found.length > f.limit,
    rows: found.slice(0, f.limit).map((r) => ({
      chain: r.chain,
      position: Number(r.position),
      at: instantText(r.at),
      actor: r.actor,
      role: r.role,
      action: r.action,
      object: r.object,
      outcome: r.outcome,
      code: r.code,
      traceId: r.traceId,
      hash: r.hash,
    })),
  }
}
