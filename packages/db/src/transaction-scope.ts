import { AsyncLocalStorage } from 'node:async_hooks'
import type pg from 'pg'

/**
 * The connection of the transaction that the current async context runs in, while it is open: set by the one
 * transaction runner (`pgTransaction` in `@onewindow/messaging`), read by the pool a service's Prisma client is given
 * (`prismaAdapter`), so a typed model call made inside that transaction runs on its connection, after its `BEGIN`.
 */
export type ScopedTransaction = {
  /** The pool the connection came from: only a Prisma client over that pool joins the transaction. */
  readonly pool: pg.Pool
  readonly client: pg.PoolClient
  /** False once the transaction has ended: work the callback started and left running falls back to the pool. */
  open: boolean
  /** Ended by its time limit: a statement the callback still sends is refused rather than run outside it. */
  expired: boolean
  /** Savepoints taken for transactions Prisma opens inside this one (a nested write), to name each uniquely. */
  savepoints: number
}

export const transactionScope = new AsyncLocalStorage<ScopedTransaction>()

/** The open transaction of the current async context, if any (on `pool`, when one is named). */
export function openTransaction(pool?: pg.Pool): ScopedTransaction | undefined {
  const scope = transactionScope.getStore()
  return scope?.open && (pool === undefined || scope.pool === pool) ? scope : undefined
}

type QueryConfig = string | { text?: string }

/**
 * A transaction Prisma opens itself (a nested write) inside one of ours becomes a savepoint of ours: its `BEGIN`,
 * `COMMIT` and `ROLLBACK` (sent by Prisma's transaction manager as statements) are mapped, everything else runs as it is.
 */
function nestedClient(scope: ScopedTransaction): pg.PoolClient {
  let name: string | undefined
  const statement = (text: string) => scope.client.query(text)
  const query = (config: QueryConfig, ...rest: unknown[]) => {
    // The connection goes back to the pool when the transaction ends: a nested write still sending then would write
    // into whatever transaction holds it next.
    if (!scope.open) return scope.expired ? expired() : ended()
    const text = typeof config === 'string' ? config : config.text
    if (text === 'BEGIN') {
      scope.savepoints += 1
      name = `prisma_nested_${scope.savepoints}`
      return statement(`SAVEPOINT ${name}`)
    }
    if (text === 'COMMIT' && name) return statement(`RELEASE SAVEPOINT ${name}`)
    if (text === 'ROLLBACK' && name) return statement(`ROLLBACK TO SAVEPOINT ${name}`)
    // An isolation level belongs to the outer transaction, which has already run statements.
    if (text?.startsWith('SET TRANSACTION ISOLATION LEVEL')) return Promise.resolve({ rows: [], rowCount: 0 })
    return (scope.client.query as (...a: unknown[]) => unknown)(config, ...rest)
  }
  const ignore = () => nested
  const nested = { query, on: ignore, once: ignore, removeListener: ignore, off: ignore, release: () => {} }
  return nested as unknown as pg.PoolClient
}

const expired = () => Promise.reject(new Error('the transaction ran past its time limit and was rolled back'))
const ended = () => Promise.reject(new Error('a nested write sent a statement after its transaction had ended'))

/**
 * The pool as Prisma's driver adapter sees it: `query` and `connect` go to the current async context's open
 * transaction when there is one, to the pool otherwise. Everything else is the pool's own (still `instanceof pg.Pool`,
 * which the adapter checks).
 */
export function transactionAwarePool(pool: pg.Pool): pg.Pool {
  const mine = () => {
    const scope = transactionScope.getStore()
    return scope?.pool === pool ? scope : undefined
  }
  const query = (...args: unknown[]) => {
    if (mine()?.expired) return expired()
    const scope = openTransaction(pool)
    const target = scope ? scope.client : pool
    return (target.query as (...a: unknown[]) => unknown).apply(target, args)
  }
  const connect = (...args: unknown[]) => {
    if (mine()?.expired) return expired()
    const scope = openTransaction(pool)
    if (scope) return Promise.resolve(nestedClient(scope))
    return (pool.connect as (...a: unknown[]) => unknown).apply(pool, args)
  }
  return new Proxy(pool, {
    get(target, property) {
      if (property === 'query') return query
      if (property === 'connect') return connect
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

type BatchingClient = {
  _requestHandler?: { dataloader?: { options?: { batchBy?: (request: unknown) => string | undefined } } }
}
const unbatched = new WeakSet<object>()

/**
 * Prisma's client gathers the `findUnique` calls of one tick into one batch and runs it in the async context of the
 * first of them, so a call made inside a transaction could run outside it, or another's inside it. Inside an open
 * transaction of ours a call is never batched (it runs at once, in its own context); outside, batching is as before.
 * This reaches one private field of Prisma's client: a client without it is refused here, at start, rather than left
 * to run a transaction's reads on another connection (`transaction-runner.int.test.ts` holds the behaviour).
 */
export function keepTransactionsUnbatched(prisma: object): void {
  if (unbatched.has(prisma)) return
  const options = (prisma as BatchingClient)._requestHandler?.dataloader?.options
  const batchBy = options?.batchBy
  if (!options || typeof batchBy !== 'function')
    throw new Error("Prisma's client has no request batching where it was (_requestHandler.dataloader.options.batchBy)")
  options.batchBy = (request) => (openTransaction() ? undefined : batchBy(request))
  unbatched.add(prisma)
}
