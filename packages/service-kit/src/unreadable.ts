import type { FastifyBaseLogger } from 'fastify'

/** A stored row an answer had to leave out: what it is, its id, and why it did not read. */
export type UnreadableRow = { readonly kind: string; readonly id: string; readonly reason: string }

/** A logger of left-out rows ({@link unreadableLog}). */
export type UnreadableLog = {
  (log: FastifyBaseLogger, rows: readonly UnreadableRow[]): void
  /**
   * `value` without its `unreadable`, which is logged: a list read row by row (`StoredRows` of `@onewindow/db`: its
   * `rows` are the answer) or an answer that carried the rows it left out.
   */
  without<V extends { unreadable: readonly UnreadableRow[] }>(log: FastifyBaseLogger, value: V): Omit<V, 'unreadable'>
}

/**
 * Logs each unreadable row once per logger made here — each route plugin makes one, so two lists that share a row may
 * each log it once (a list read every few seconds would repeat it otherwise) — with its kind, id and reason, so an
 * operator can find and repair it. The answer goes on without the row; a logger that forgot `limit` rows starts over.
 */
export function unreadableLog(limit = 10_000): UnreadableLog {
  const seen = new Set<string>()
  const logUnreadable = (log: FastifyBaseLogger, rows: readonly UnreadableRow[]) => {
    for (const row of rows) {
      const key = `${row.kind}\0${row.id}\0${row.reason}`
      if (seen.has(key)) continue
      if (seen.size >= limit) seen.clear()
      seen.add(key)
      log.error({ unreadable: row }, `a stored ${row.kind} row cannot be read; it is left out of the answer`)
    }
  }
  return Object.assign(logUnreadable, {
    without<V extends { unreadable: readonly UnreadableRow[] }>(log: FastifyBaseLogger, value: V) {
      const { unreadable, ...rest } = value
      logUnreadable(log, unreadable)
      return rest
    },
  })
}
