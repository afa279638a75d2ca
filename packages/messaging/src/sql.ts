import { keepTransactionsUnbatched, prepared, type ScopedTransaction, transactionScope } from '@onewindow/db'
import { trace } from '@opentelemetry/api'
import { Decimal, Sql } from '@prisma/client/runtime/client'
import pg from 'pg'
import { abortedForConflict, conflictCode, unavailableDependency } from './unavailable.js'

/**
 * What the outbox and inbox need from a transaction: tagged raw statements, whose interpolated values are always
 * bound parameters, never SQL text — Prisma's pair, as `pgTransaction`'s client offers it.
 */
export interface SqlTx {
  $executeRaw(query: TemplateStringsArray | Sql, ...values: unknown[]): Promise<number>
  $queryRaw<T = unknown>(query: TemplateStringsArray | Sql, ...values: unknown[]): Promise<T>
}

/**
 * Runs `fn` in one database transaction: `pgTransaction`, the one runner. Its `outside` is the same client with each
 * statement on its own, in no transaction (PostgreSQL's autocommit): for a read that takes no lock and decides
 * nothing by itself, such as a timer's look for rows that may be due (`sweep`), it saves the BEGIN and COMMIT round
 * trips of a transaction that would write nothing. Not for use inside a callback of the runner: a typed call through
 * it there would join that transaction, as any call on the service's client does.
 */
export type TransactionRunner<TTx extends SqlTx> = (<T>(fn: (tx: TTx) => Promise<T>) => Promise<T>) & {
  readonly outside?: TTx
}

export type TransactionOptions = {
  /** How long to wait for a free connection of the pool (default 10 s), then `TransactionStartTimeoutError`, a 503. */
  maxWaitMs?: number
  /** Rolled back, and every later statement of it refused, once it has run this long (default 30 s). */
  timeoutMs?: number
  isolationLevel?: 'ReadCommitted' | 'RepeatableRead' | 'Serializable'
  /** Statements every transaction sends with its BEGIN, and what it does with their answer before `fn` runs. */
  begin?: TransactionBegin
}

/**
 * `statements` (fixed SQL text, no values) go in BEGIN's round trip as one simple query, each statement on its own
 * snapshot; `answered` gets the last one's rows and the transaction's client, before `fn`. The calendar's guard is
 * the one use (`calendarGuard`): a lock taken shared and a stamp read, for no round trip more.
 */
export type TransactionBegin = {
  statements: string
  answered(rows: Record<string, unknown>[], tx: SqlTx): Promise<void>
}

/** A transaction that ran past its time limit: rolled back, its later statements refused. */
export class TransactionExpiredError extends Error {
  override readonly name = 'TransactionExpiredError'
  readonly code = 'MESSAGING_TRANSACTION_EXPIRED'
  constructor(timeoutMs: number) {
    super(`the transaction ran past its ${timeoutMs} ms and was rolled back`)
  }
}

/**
 * No connection of the pool came free in time: the database is saturated, which a caller is told as 503 (the
 * message is the one `unavailableDependency` knows from Prisma's P2028). Commands queue on the audit chain's head
 * lock, so under a burst (200 clerks at once) Prisma's default 2 s answered 503 while the pool was only busy.
 */
export class TransactionStartTimeoutError extends Error {
  override readonly name = 'TransactionStartTimeoutError'
  readonly code = 'MESSAGING_TRANSACTION_START_TIMEOUT'
  constructor(maxWaitMs: number) {
    super(`Unable to start a transaction in the given time (${maxWaitMs} ms): no connection of the pool came free`)
  }
}

/** A statement sent after its transaction ended (work a callback started and did not wait for). */
export class TransactionClosedError extends Error {
  override readonly name = 'TransactionClosedError'
  readonly code = 'MESSAGING_TRANSACTION_CLOSED'
  constructor() {
    super('a statement was sent after its transaction had ended')
  }
}

/** Runs of one callback at most, the first included, when PostgreSQL aborts its transaction for a conflict. */
export const TRANSACTION_ATTEMPTS = 3

/** The span event the runner adds, with the run's number and the conflict's SQLSTATE, before it runs a callback again. */
export const TRANSACTION_RERUN = 'db.transaction.rerun'

const ISOLATION = {
  ReadCommitted: 'BEGIN ISOLATION LEVEL READ COMMITTED',
  RepeatableRead: 'BEGIN ISOLATION LEVEL REPEATABLE READ',
  Serializable: 'BEGIN ISOLATION LEVEL SERIALIZABLE',
} as const

// What Prisma's raw path answers for each PostgreSQL type (its `deserializeRawResult` over @prisma/adapter-pg's
// parsers): int8 a bigint, numeric a Decimal, date and timestamp (without zone) UTC instants, time a Date on
// 1970-01-01 UTC, bytea a Uint8Array (interval and money it refuses); pg's own parsers answer the rest alike (int2/4
// and floats numbers, bool, json/jsonb parsed, timestamptz a Date, text and uuid strings).
const utcTimestamp = (s: string) => new Date(`${s.replace(' ', 'T')}Z`)
const SCALAR: Record<number, (s: string) => unknown> = {
  20: (s) => BigInt(s),
  1700: (s) => new Decimal(s),
  1082: (s) => new Date(s),
  1114: utcTimestamp,
  1083: (s) => new Date(`1970-01-01T${s}Z`),
  17: (s) => new Uint8Array(Buffer.from(s.slice(2), 'hex')),
}
// array type → element type, for the elements parsed above
const ARRAY_OF: Record<number, number> = {
  1016: 20,
  1231: 1700,
  1182: 1082,
  1115: 1114,
  1183: 1083,
  1001: 17,
}

const textArray = pg.types.getTypeParser(1009 as never, 'text') as (s: string) => (string | null)[]
const ARRAYS: Record<number, (s: string) => unknown> = Object.fromEntries(
  Object.entries(ARRAY_OF).map(([array, element]) => {
    const parse = SCALAR[element] as (s: string) => unknown
    return [array, (s: string) => textArray(s).map((v) => (v === null ? null : parse(v)))]
  }),
)
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    (format === undefined || format === 'text' ? (SCALAR[oid] ?? ARRAYS[oid]) : undefined) ??
    pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
}

// What Prisma's raw path sends for each value: a Date as its UTC instant (a `timestamp` column has no zone to shift it
// by), a Decimal as its digits; arrays element by element; the rest as pg sends it (objects as JSON).
function parameter(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString()
  if (Decimal.isDecimal(value)) return (value as Decimal).toString()
  if (Array.isArray(value)) return value.map(parameter)
  return value
}

const isTemplate = (q: TemplateStringsArray | Sql): q is TemplateStringsArray => Array.isArray(q)

/** `text` with `$n` placeholders and the values, from a tagged call or a `Prisma.sql` object. */
export function statementOf(query: TemplateStringsArray | Sql, values: unknown[]): { text: string; values: unknown[] } {
  const sql = isTemplate(query) ? new Sql(query, values) : query
  return { text: sql.text, values: sql.values.map(parameter) }
}

/** A connection of the pool within `maxWaitMs`; one that comes later goes straight back. */
function connectWithin(pool: pg.Pool, maxWaitMs: number): Promise<pg.PoolClient> {
  return new Promise((resolve, reject) => {
    let late = false
    const timer = setTimeout(() => {
      late = true
      reject(new TransactionStartTimeoutError(maxWaitMs))
    }, maxWaitMs)
    pool.connect().then(
      (client) => {
        clearTimeout(timer)
        if (late) client.release()
        else resolve(client)
      },
      (err) => {
        clearTimeout(timer)
        reject(err)
      },
    )
  })
}

/**
 * The one transaction runner: a connection from the service's pool, `BEGIN`, `fn`, `COMMIT` (or `ROLLBACK` when `fn`
 * throws, then the error again; `fn` again from a new `BEGIN` when PostgreSQL aborted the transaction for a conflict
 * with another, up to `TRANSACTION_ATTEMPTS` runs). `fn` gets Prisma's tagged `$queryRaw` / `$executeRaw`, run straight on that
 * connection (the `$n` text and values of Prisma's `Sql`; rows as Prisma's raw path returns them), and, when the
 * service's Prisma client is given, that client's typed model calls, which its adapter (`prismaAdapter`) runs on the
 * same connection while the transaction is open. A Prisma interactive transaction cost each statement Prisma's query
 * pipeline and the transaction its own round trips of bookkeeping: docs/performance.md, "The write path, fourth pass".
 */
export function pgTransaction<TTx extends SqlTx>(
  pool: pg.Pool,
  prisma?: object,
  options: TransactionOptions = {},
): TransactionRunner<TTx> {
  if (prisma) keepTransactionsUnbatched(prisma)
  const timeoutMs = options.timeoutMs ?? 30_000
  const maxWaitMs = options.maxWaitMs ?? 10_000
  const begin = options.isolationLevel ? ISOLATION[options.isolationLevel] : 'BEGIN'
  // A transaction PostgreSQL aborted for a conflict with another (the victim of a deadlock, or a serialization
  // failure) has left nothing behind: it runs again from BEGIN, as PostgreSQL's manual advises, so no caller meets a
  // conflict it could not have avoided. So a callback does SQL on `tx`, and outside it only what may be done twice
  // (docs/messaging.md, "The transaction runner").
  const run = async <T>(fn: (tx: TTx) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(fn)
      } catch (err) {
        if (attempt >= TRANSACTION_ATTEMPTS || !abortedForConflict(err)) throw err
        // A conflict that resolves leaves no error behind: the request's, the event's or the timer's span keeps it,
        // so an operator sees how often transactions collide and where.
        trace.getActiveSpan()?.addEvent(TRANSACTION_RERUN, {
          'db.transaction.attempt': attempt + 1,
          'db.response.status_code': conflictCode(err) ?? 'unknown',
        })
      }
    }
  }
  const once = async <T>(fn: (tx: TTx) => Promise<T>): Promise<T> => {
    const client = await connectWithin(pool, maxWaitMs)
    const scope: ScopedTransaction = { pool, client, open: true, expired: false, savepoints: 0 }
    const usable = () => {
      if (scope.expired) throw new TransactionExpiredError(timeoutMs)
      if (!scope.open) throw new TransactionClosedError()
    }
    const tx = withTagged<TTx>(
      prisma,
      taggedOn(pool, (statement) => {
        usable()
        return client.query(statement)
      }),
    )
    // Ends the transaction once: COMMIT, or ROLLBACK; the connection goes back to the pool (destroyed if it broke).
    let ending: Promise<void> | undefined
    const end = (statement: 'COMMIT' | 'ROLLBACK') =>
      (ending ??= (async () => {
        scope.open = false
        try {
          await client.query(statement)
          client.release()
        } catch (err) {
          // A COMMIT refused by the server (a deferred constraint) leaves a usable connection; a broken one does not.
          if (statement === 'COMMIT' && unavailableDependency(err) !== 'database') {
            client.release()
          } else {
            await client.query('ROLLBACK').catch(() => {})
            client.release(err as Error)
          }
          throw err
        }
      })())
    // Past its limit the transaction is rolled back at once, as Prisma's was, whatever the callback is waiting for:
    // its locks and uncommitted rows (an inbox row another replica waits on) are not held for a callback that hangs.
    const timer = setTimeout(() => {
      scope.expired = true
      end('ROLLBACK').catch(() => {})
    }, timeoutMs)
    try {
      const result = await transactionScope.run(scope, async () => {
        if (options.begin === undefined) await client.query(begin)
        else {
          const answers = (await client.query(`${begin}; ${options.begin.statements}`)) as unknown as pg.QueryResult[]
          await options.begin.answered(answers.at(-1)?.rows ?? [], tx)
        }
        return fn(tx)
      })
      if (scope.expired) throw new TransactionExpiredError(timeoutMs)
      await end('COMMIT')
      return result
    } catch (err) {
      await end('ROLLBACK').catch(() => {})
      throw scope.expired && !(err instanceof TransactionExpiredError) ? new TransactionExpiredError(timeoutMs) : err
    } finally {
      clearTimeout(timer)
    }
  }
  // Each statement on a connection of the pool for itself, answered as inside.
  return Object.assign(run, {
    outside: withTagged<TTx>(
      prisma,
      taggedOn(pool, (statement) => pool.query(statement)),
    ),
  })
}

type Tagged = Record<
  '$queryRaw' | '$executeRaw',
  (query: TemplateStringsArray | Sql, ...values: unknown[]) => Promise<unknown>
>

/**
 * Prisma's tagged pair sent by `send`: the `$n` text and values of Prisma's `Sql`, prepared under its name on `pool`,
 * rows read with its raw path's parsers.
 */
function taggedOn(
  pool: pg.Pool,
  send: (statement: pg.QueryConfig & { types: typeof types }) => Promise<pg.QueryResult>,
): Tagged {
  const statement = (query: TemplateStringsArray | Sql, values: unknown[]) => {
    const { text, values: bound } = statementOf(query, values)
    return { ...prepared(pool, text, bound), types }
  }
  return {
    $queryRaw: async (query, ...values) => (await send(statement(query, values))).rows,
    $executeRaw: async (query, ...values) => (await send(statement(query, values))).rowCount ?? 0,
  }
}

/** The service's Prisma client (its typed model calls) with our tagged pair in place of Prisma's; the pair alone without one. */
function withTagged<TTx extends SqlTx>(prisma: object | undefined, tagged: Tagged): TTx {
  return (
    prisma
      ? new Proxy(prisma, {
          get: (target, property) =>
            property === '$queryRaw' || property === '$executeRaw'
              ? tagged[property]
              : Reflect.get(target, property, target),
        })
      : tagged
  ) as TTx
}
