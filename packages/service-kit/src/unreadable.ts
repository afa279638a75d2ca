import type { FastifyBaseLogger } from 'fastify'

/** A stored row an answer had to leave out: what it is, its id, and why it did not read. */
export type UnreadableRow = { readonly kind: string; readonly id: string; readonly reason: string }

/**
 * Logs each unreadable row once per logger made here — each route plugin makes one, so two lists that share a row may
 * each log it once (a list read every few seconds would repeat it otherwise) — with its kind, id and reason, so an
 * operator can find and repair it. The answer goes on without the row; a logger that forgot `limit` rows starts over.
 */
export function unreadableLog(limit = 10_000) {
  const seen = new Set<string>()
  return (log: FastifyBaseLogger, rows: readonly UnreadableRow[]) => {
    for (const row of rows) {
      const key = `${row.kind}\0${row.id}\0${row.reason}`
      if (seen.has(key)) continue
      if (seen.size >= limit) seen.clear()
      seen.add(key)
      log.error({ unreadable: row }, `a stored ${row.kind} row cannot be read; it is left out of the answer`)
    }
  }
}
