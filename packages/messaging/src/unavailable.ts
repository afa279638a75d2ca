/** A dependency a request or a handler could not reach: the database or the broker. */
export type UnavailableDependency = 'database' | 'nats'

// Node's socket errors as pg reports them when it cannot reach or loses the server.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'])
// SQLSTATE: class 08 (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now), 53300 (too many
// connections).
const isServerGoneSqlState = (code: string) => /^08/.test(code) || /^57P0[1-3]$/.test(code) || code === '53300'
// Prisma's own codes for "cannot reach / lost / timed out waiting for" the database.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024'])
// What @prisma/adapter-pg reports in `meta.driverAdapterError.cause.kind`.
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'DatabaseUnavailable',
])
// P2028 is every "Transaction API error"; only "could not start one in time" means no connection came free (the
// database saturated); a transaction that ran past its timeout is ours to fix, not the caller's to retry.
const PRISMA_NO_CONNECTION_IN_TIME = /Unable to start a transaction in the given time/i
const PG_MESSAGES =
  /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Can't reach database server|Server has closed the connection/i
// @nats-io/nats-core's error classes for a connection that is down, closed or not answering.
const NATS_NAMES = new Set([
  'ConnectionError',
  'ClosedConnectionError',
  'DrainingConnectionError',
  'NoResponders',
  'TimeoutError',
])

type Loose = {
  name?: unknown
  code?: unknown
  message?: unknown
  kind?: unknown
  cause?: unknown
  errors?: unknown
  meta?: { driverAdapterError?: { cause?: unknown } }
}

/**
 * Whether `err` means a dependency is down rather than a bug: PostgreSQL refusing, dropping or shutting down
 * connections (from pg, or through Prisma's pg adapter), or NATS not connected. Looks through `cause`, an
 * AggregateError's `errors` and Prisma's driver-adapter error. Only the connection, never the query: a constraint
 * violation or a syntax error is not "unavailable".
 */
export function unavailableDependency(err: unknown, depth = 0): UnavailableDependency | undefined {
  if (err === null || typeof err !== 'object' || depth > 5) return undefined
  const e = err as Loose
  const code = typeof e.code === 'string' ? e.code : ''
  const name = typeof e.name === 'string' ? e.name : ''
  const message = typeof e.message === 'string' ? e.message : ''
  if (NATS_NAMES.has(name) || (name === 'RequestError' && /disconnected/i.test(message))) return 'nats'
  if (SOCKET_CODES.has(code) || isServerGoneSqlState(code) || PRISMA_CODES.has(code)) return 'database'
  // Our runner's own code says it; Prisma's P2028 covers more than a wait for a connection, so its message decides.
  if (code === 'MESSAGING_TRANSACTION_START_TIMEOUT') return 'database'
  if (code === 'P2028' && PRISMA_NO_CONNECTION_IN_TIME.test(message)) return 'database'
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return 'database'
  if (e.kind === 'postgres' && isServerGoneSqlState(code)) return 'database'
  if (PG_MESSAGES.test(message)) return 'database'
  const inner = [e.cause, e.meta?.driverAdapterError?.cause, ...(Array.isArray(e.errors) ? e.errors : [])]
  for (const i of inner) {
    const found = unavailableDependency(i, depth + 1)
    if (found) return found
  }
  return undefined
}

// SQLSTATE: a deadlock PostgreSQL broke by aborting this transaction (40P01), a serialization failure (40001). Prisma's
// typed calls report either as P2034, its adapter's error keeping the SQLSTATE as `originalCode`.
const CONFLICT_SQLSTATES = new Set(['40P01', '40001'])

/**
 * Whether PostgreSQL aborted the transaction for a conflict with another one, which running it again resolves: a
 * deadlock or a serialization failure, from pg or through Prisma's adapter (looked for through `cause` and Prisma's
 * driver-adapter error, as `unavailableDependency` looks).
 */
export const abortedForConflict = (err: unknown): boolean => conflictCode(err) !== undefined

/** The SQLSTATE of such a conflict (`40P01`, `40001`; Prisma's `P2034` when it kept none), or undefined. */
export function conflictCode(err: unknown, depth = 0): string | undefined {
  if (err === null || typeof err !== 'object' || depth > 5) return undefined
  const e = err as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } }
  for (const code of [e.code, e.originalCode]) if (CONFLICT_SQLSTATES.has(code as string)) return code as string
  const adapter = e.meta?.driverAdapterError as { cause?: unknown } | undefined
  return (
    conflictCode(e.cause, depth + 1) ??
    conflictCode(adapter?.cause, depth + 1) ??
    (e.code === 'P2034' ? 'P2034' : undefined)
  )
}
