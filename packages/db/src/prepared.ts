import { createHash } from 'node:crypto'
import type pg from 'pg'

/**
 * Names statements so that each connection prepares one once: PostgreSQL then skips parsing it on every later call
 * and, after five, planning it too when its generic plan costs no more than planning it for the values. On an
 * application's path most statements cost PostgreSQL more to parse and plan than to run (the relay's lock 1.4 ms of
 * 1.5 under statement logging), and PostgreSQL spent more CPU on an application than any service (docs/performance.md,
 * "Statements prepared once"). A name is the text's hash, so one text has one name on every connection. Unnamed, so
 * planned with its values every time: a statement with a filter that may be absent (`$n IS NULL OR …`), whose generic
 * plan cannot leave the filter out (the gateway's inbox page: 329 ms against 0.2), and any text past the first `limit`
 * distinct ones. Each connection keeps what it prepared until it closes (the relay's lock with its generic plan: 130
 * KB), so a text built afresh per call, such as an `IN` list, must not grow that without end; an application's path
 * sends about 35 distinct texts across the six services.
 */
export function statementNames(limit = 500): (text: string) => string | undefined {
  const names = new Map<string, string | undefined>()
  return (text) => {
    if (names.has(text)) return names.get(text)
    if (names.size >= limit) return undefined
    const name = OPTIONAL_FILTER.test(text)
      ? undefined
      : `ow_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`
    names.set(text, name)
    return name
  }
}
const OPTIONAL_FILTER = /\bIS\s+NULL\s+OR\b/i

/**
 * The names of the statements sent on `pool`, whatever sends them — the transaction runner, the relay, the hot reads
 * and Prisma's typed calls (`prismaAdapter`) — so one text has one name on each connection, and the limit bounds
 * what a connection of that pool can come to hold. Per pool, not per process: Prisma's typed calls name their
 * schema, so a process that opens pool after pool on new schemas (a test worker) would otherwise spend the limit on
 * pools long closed.
 */
export function namesOf(pool: object): (text: string) => string | undefined {
  let names = byPool.get(pool)
  if (!names) {
    names = statementNames()
    byPool.set(pool, names)
  }
  return names
}
const byPool = new WeakMap<object, (text: string) => string | undefined>()

/** A statement as pg sends it on a connection of `pool`, under its name there when it has one: the one way to send. */
export function prepared(pool: object, text: string, values: unknown[]): pg.QueryConfig {
  const name = namesOf(pool)(text)
  return name === undefined ? { text, values } : { text, name, values }
}
