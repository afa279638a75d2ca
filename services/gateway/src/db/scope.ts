import type { Actor } from '@onewindow/contracts'
import { prepared } from '@onewindow/db'
import { pgTransaction, type TransactionRunner } from '@onewindow/messaging'
import type pg from 'pg'
import type { GatewayDb, Tx } from './client.js'
import type { PlainSql } from './queries.js'

/**
 * The caller as the read model's row-level security policies know it (migration 20261130050000_row_level_security):
 * its role, and the department, provider or owner's credit code (统一社会信用代码) that scope its rows; and its subject
 * (token `sub`), which scopes a window clerk's tickets to the ones she registered (20261225000000_window_clerk_scope).
 */
export type Caller = Pick<Actor, 'role' | 'department' | 'provider' | 'creditCode'> &
  Partial<Pick<Actor, 'sub' | 'region'>>

/**
 * `set_caller`'s first four arguments, in its order (the subject, its fifth, is passed beside them). A department
 * user's region rides in the second as `department@region` (`housing-construction@440600`; a department code has no
 * `@`), which `set_caller` splits (migration 20270102000000_caller_region): every statement's parameters stay where
 * they were, and a kept answer's reader (`readerKey`) differs by region as it does by department.
 */
export const callerParams = (caller: Caller): [string, string | null, string | null, string | null] => [
  caller.role,
  caller.department === undefined
    ? null
    : caller.region === undefined
      ? caller.department
      : `${caller.department}@${caller.region}`,
  caller.provider ?? null,
  caller.creditCode ?? null,
]

// The text every scoped pg statement carries, with the caller in $1…$4 (see queryAs), and, for a statement about one
// project, that project in $5: `set_caller` then asks once whether the caller may read it, and the policies compare
// each row's project with it instead of asking per row (migration 20261201600000_rls_checked_project). A statement
// that reads tickets names the caller's subject in $5 instead (`$5::text`, 20261225000000_window_clerk_scope).
const SET_CALLER = 'set_caller($1, $2, $3, $4)'
const SET_CALLER_CALLS = /set_caller\(\$1, \$2, \$3, \$4(, \$5::(uuid|text))?\)/

/**
 * The one way a hot read (the status, the inbox page) runs on the reader's pool under the caller's scope, in one
 * round trip: the statement's own text calls `set_caller($1, $2, $3, $4)` where it is evaluated before any row is
 * read, and its other parameters follow from `$5`. The settings are transaction-local and a single statement is its
 * own transaction, so they end with it. Two shapes put the call first:
 *
 * - no table in the outer FROM: `SELECT f($5) FROM (SELECT set_caller($1, $2, $3, $4) OFFSET 0) AS caller`;
 * - a scan: `SELECT r.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller,
 *   LATERAL (SELECT … FROM task WHERE caller.scoped AND …) r` — the lateral reference makes the scan the inner side.
 *
 * (`OFFSET 0` keeps PostgreSQL from folding the one-row subquery into the outer query.) A plain
 * `WHERE set_caller(…) AND …` on a scan does not work: PostgreSQL evaluates the policies' conditions
 * before the statement's own (test/row-level-security.int.test.ts shows the reader then sees nothing).
 */
export function queryAs<R extends pg.QueryResultRow>(
  sql: PlainSql,
  caller: Caller,
  text: string,
  params: readonly unknown[],
) {
  // A statement that forgot the call would run unscoped, i.e. see nothing: caught here rather than as empty answers.
  if (!SET_CALLER_CALLS.test(text)) throw new Error(`a scoped statement must call ${SET_CALLER}`)
  // Prepared once per connection, as every statement (`prepared`); the inbox pages' optional filters keep them not.
  return sql.query<R>(prepared(sql, text, [...callerParams(caller), ...params]))
}

/**
 * The reader role's database as the routes read it: its pool (the hot reads' one statements, {@link queryAs}), its
 * Prisma client over that pool (reads by field), and the one transaction runner over both (`pgTransaction`, as every
 * service's commands), read committed and, for a read that must see one snapshot, repeatable read.
 */
export type ReaderDb = {
  pool: pg.Pool
  prisma: GatewayDb
  transaction: TransactionRunner<Tx>
  snapshot: TransactionRunner<Tx>
}

/** `prisma` must be a client over `pool` (db/client.ts `createPrisma`): its calls inside a transaction join it. */
export const readerDb = (pool: pg.Pool, prisma: GatewayDb): ReaderDb => ({
  pool,
  prisma,
  // The runner's limits are every service's: under load a read waits up to 10 s for a pooled connection.
  transaction: pgTransaction<Tx>(pool, prisma),
  snapshot: pgTransaction<Tx>(pool, prisma, { isolationLevel: 'RepeatableRead' }),
})

/**
 * Every other read: one transaction on the reader's pool that names the caller first (`set_caller`, whose settings
 * are `SET LOCAL`) and runs `read` in it, so every statement of `read` is under the caller's scope and the settings end
 * at its commit. The tagged statements go to the connection directly, the typed model calls through Prisma onto the
 * same connection (`pgTransaction`); it was a Prisma interactive transaction (docs/performance.md, "Fifth pass").
 */
export function asCaller<T>(
  db: ReaderDb,
  caller: Caller,
  read: (tx: Tx) => Promise<T>,
  options: { isolationLevel?: 'RepeatableRead' } = {},
): Promise<T> {
  const [role, department, provider, creditCode] = callerParams(caller)
  const subject = caller.sub ?? null
  const run = options.isolationLevel === 'RepeatableRead' ? db.snapshot : db.transaction
  return run(async (tx) => {
    await tx.$queryRaw`SELECT set_caller(${role}, ${department}, ${provider}, ${creditCode}, ${subject}::text)`
    return read(tx)
  })
}
